/**
 * Evaluating metric expressions exactly, on the rows of one group (a unit and period, or the
 * city). Missing inputs and zero denominators give NoData, never Infinity or NaN.
 */
import type { CellValue, NoDataReason, Row } from '../types.js';
import type { Expr } from './expression.js';
import { functionSpec, timesPerYear } from './functions.js';
import { Rational } from './rational.js';

/** Why a value could not be computed. */
export class NoData {
  constructor(readonly reason: NoDataReason) {}
}

/** A value of the metric language. */
export type Value = Rational | boolean;

/** A value, or the reason there is none. */
export type Outcome = Value | NoData;

/** What evaluation needs to know about columns: each one's unit of measure. */
export type ColumnUnits = ReadonlyMap<string, { unit?: string }>;

/** An amount added to one row's value of a column, to ask "what if" (gaps), exactly. */
export interface Adjustment {
  row: Row;
  column: string;
  by: Rational;
}

const isNoData = (x: Outcome): x is NoData => x instanceof NoData;

/** Each number of an expression read once: a metric is evaluated for every unit and period, and a gap tries it several times. */
const constants = new WeakMap<Expr, Rational>();

function constant(expr: Extract<Expr, { kind: 'number' }>): Rational {
  let value = constants.get(expr);
  if (!value) constants.set(expr, (value = Rational.fromNumber(Number(expr.value))));
  return value;
}

/** Evaluates an expression over a group of rows (aggregates run across them). */
export function evaluateGroup(expr: Expr, rows: readonly Row[], units: ColumnUnits, adjust?: Adjustment): Outcome {
  if (rows.length === 0) return new NoData('no-rows');
  return withinShown(evaluate(expr, { rows, row: rows.length === 1 ? rows[0] : undefined, units, adjust, known: undefined }));
}

/**
 * Values of 10^200 and more are past what a report shows (a double ends near 1.8 x 10^308, and a
 * value is shown to up to 12 decimal places): cells stop short of 10^15, but a plan's own metric may
 * multiply many of them.
 */
const SHOWN_LIMIT = 10n ** 200n;

/** A value as it is, or no value where it is past what a report shows (out-of-range). */
function withinShown(value: Outcome): Outcome {
  if (!(value instanceof Rational)) return value;
  const size = value.n < 0n ? -value.n : value.n;
  // The numerator alone below the limit (a whole number's denominator is 1): within it, with one comparison.
  return size < SHOWN_LIMIT || size < value.d * SHOWN_LIMIT ? value : new NoData('out-of-range');
}

/** A replacement of one row of a group: the row at `index` is `row` from then on. */
export interface Replacement {
  index: number;
  row: Row;
}

/**
 * An expression's value over a group of rows (of two or more) after each of `replacements` in
 * turn: where evaluateGroup gives a value of the rows as they then stand, the same value; where it
 * gives none, none. Each aggregate (count, share, sum) is kept up to date by the replaced row's
 * part, not evaluated over every row again, so that trying one row after another is linear in the
 * rows, not quadratic. Undefined for what that does not hold for (a group of one row, min or max, an
 * aggregate inside another's argument, a part of a row that is not of its aggregate's kind): the
 * caller then evaluates the group after each replacement.
 */
export function replacedValues(
  expr: Expr,
  rows: readonly Row[],
  units: ColumnUnits,
  replacements: readonly Replacement[],
): Iterable<Outcome> | undefined {
  if (rows.length < 2) return undefined;
  const aggregates = aggregatesOf(expr);
  if (!aggregates) return undefined;
  const scope: Scope = { rows, row: undefined, units, adjust: undefined, known: undefined };
  /** A row's part of an aggregate: its argument's value on the row (undefined for count()). */
  const partOf = (aggregate: Extract<Expr, { kind: 'call' }>, row: Row): Outcome | undefined => {
    const [arg] = aggregate.args;
    if (!arg) return undefined;
    scope.row = row;
    return evaluate(arg, scope);
  };
  const tallies = aggregates.map((aggregate) => ({ aggregate, missing: 0, yes: 0, sum: Rational.ZERO }));
  type Tally = (typeof tallies)[number];
  /** Whether a row's part is of its aggregate's kind (a number summed, a condition counted), or none. */
  const fits = (t: Tally, part: Outcome | undefined): boolean =>
    part === undefined || isNoData(part) || (t.aggregate.name === 'sum' ? part instanceof Rational : typeof part === 'boolean');
  /** Adds a row's part to a tally (`sign` 1), or takes it away (-1). */
  const tally = (t: Tally, part: Outcome | undefined, sign: 1 | -1): void => {
    if (part === undefined) return;
    if (isNoData(part)) t.missing += sign;
    else if (part instanceof Rational) t.sum = sign > 0 ? t.sum.add(part) : t.sum.sub(part);
    else if (part) t.yes += sign;
  };
  // Each row's part of each aggregate, as the rows stand.
  const parts = tallies.map((t) => rows.map((row) => partOf(t.aggregate, row)));
  if (tallies.some((t, k) => !parts[k]!.every((part) => fits(t, part)))) return undefined;
  tallies.forEach((t, k) => parts[k]!.forEach((part) => tally(t, part, 1)));
  // Each replacement's parts, old and new, worked out before any value is given: a part of another kind is known at once.
  const steps = replacements.map(({ index, row }) =>
    tallies.map((t, k) => {
      const old = parts[k]![index];
      const now = partOf(t.aggregate, row);
      parts[k]![index] = now;
      return { old, now };
    }),
  );
  if (steps.some((step) => step.some(({ now }, k) => !fits(tallies[k]!, now)))) return undefined;
  const known = new Map<Expr, Outcome>();
  const top: Scope = { rows, row: undefined, units, adjust: undefined, known };
  return (function* () {
    for (const step of steps) {
      tallies.forEach((t, k) => {
        tally(t, step[k]!.old, -1);
        tally(t, step[k]!.now, 1);
        known.set(t.aggregate, t.missing > 0 ? new NoData('missing-value') : aggregateValue(t.aggregate, t.yes, t.sum, rows.length));
      });
      yield evaluate(expr, top);
    }
  })();
}

/** The aggregates of an expression, when each is a count, share or sum whose argument holds no aggregate; undefined otherwise. */
function aggregatesOf(expr: Expr): Extract<Expr, { kind: 'call' }>[] | undefined {
  const found: Extract<Expr, { kind: 'call' }>[] = [];
  const walk = (node: Expr, inside: boolean): boolean => {
    switch (node.kind) {
      case 'call': {
        const aggregate = functionSpec(node.name)?.aggregate === true;
        if (aggregate && (inside || !['count', 'share', 'sum'].includes(node.name))) return false;
        if (aggregate) found.push(node);
        return node.args.every((arg) => walk(arg, inside || aggregate));
      }
      case 'unary':
        return walk(node.arg, inside);
      case 'binary':
        return walk(node.left, inside) && walk(node.right, inside);
      default:
        return true;
    }
  };
  return walk(expr, false) ? found : undefined;
}

/**
 * An expression without aggregates made into a function of one row, for what is evaluated on
 * every row of a roster: the same values as evaluateGroup on that row alone, without walking the
 * tree each time.
 */
export function compileRowExpression(expr: Expr, units: ColumnUnits): (row: Row) => Outcome {
  switch (expr.kind) {
    case 'number': {
      const value = constant(expr);
      return () => value;
    }
    case 'boolean':
      return () => expr.value;
    case 'column': {
      const name = expr.name;
      return (row) => row.exact?.[name] ?? cell(row.values[name]);
    }
    case 'unary': {
      const arg = compileRowExpression(expr.arg, units);
      return expr.op === '-' ? (row) => negate(arg(row)) : (row) => not(arg(row));
    }
    case 'binary': {
      const [left, right, op] = [compileRowExpression(expr.left, units), compileRowExpression(expr.right, units), expr.op];
      if (op === 'and' || op === 'or') return (row) => logical(op, left(row), right(row));
      return (row) => {
        const value = left(row);
        return isNoData(value) ? value : arithmetic(op, value, right(row));
      };
    }
    case 'call': {
      const spec = functionSpec(expr.name)!;
      if (spec.aggregate) throw new Error(`compileRowExpression: ${expr.name}() is an aggregate`);
      return (row) => evaluate(expr, { rows: [row], row, units, adjust: undefined, known: undefined });
    }
  }
}

const negate = (value: Outcome): Outcome => (isNoData(value) ? value : (value as Rational).neg());
const not = (value: Outcome): Outcome => (isNoData(value) ? value : !value);

/** The exact value of an expression of numbers alone (a figure of a plan's own arithmetic). */
export function evaluateConstant(expr: Expr): Outcome {
  return evaluate(expr, { rows: [], row: undefined, units: new Map(), adjust: undefined, known: undefined });
}

interface Scope {
  rows: readonly Row[];
  /** The current row: inside an aggregate, or the only row of the group. */
  row: Row | undefined;
  units: ColumnUnits;
  adjust: Adjustment | undefined;
  /** Aggregates whose values are known already (replacedValues), taken instead of evaluated. */
  known: ReadonlyMap<Expr, Outcome> | undefined;
}

function cell(value: CellValue | undefined): Outcome {
  if (typeof value === 'number') return Rational.fromNumber(value);
  if (typeof value === 'boolean') return value;
  return new NoData('missing-value');
}

function evaluate(expr: Expr, scope: Scope): Outcome {
  switch (expr.kind) {
    case 'number':
      return constant(expr);
    case 'boolean':
      return expr.value;
    case 'column': {
      // Plan checks make sure a bare column is only read where the group has one row.
      if (!scope.row) return new NoData('missing-value');
      const value = scope.row.exact?.[expr.name] ?? cell(scope.row.values[expr.name]);
      const adjust = scope.adjust;
      return adjust && adjust.row === scope.row && adjust.column === expr.name && value instanceof Rational ? value.add(adjust.by) : value;
    }
    case 'unary': {
      const arg = evaluate(expr.arg, scope);
      if (isNoData(arg)) return arg;
      return expr.op === '-' ? (arg as Rational).neg() : !arg;
    }
    case 'binary': {
      const left = evaluate(expr.left, scope);
      if (expr.op === 'and' || expr.op === 'or') return logical(expr.op, left, evaluate(expr.right, scope));
      // The right side is not evaluated where the left has no value.
      return isNoData(left) ? left : arithmetic(expr.op, left, evaluate(expr.right, scope));
    }
    case 'call':
      return scope.known?.get(expr) ?? call(expr, scope);
  }
}

/** `and` and `or`, three-valued: false and missing is false, true or missing is true. */
function logical(op: 'and' | 'or', left: Outcome, right: Outcome): Outcome {
  const stop = op === 'or';
  if (left === stop || right === stop) return stop;
  return isNoData(left) ? left : isNoData(right) ? right : !stop;
}

/** Any other operator, on a left side that has a value. */
function arithmetic(op: string, left: Value, right: Outcome): Outcome {
  if (isNoData(right)) return right;
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    if (op === '=') return left === right;
    if (op === '!=') return left !== right;
    return new NoData('missing-value');
  }
  switch (op) {
    case '+':
      return left.add(right);
    case '-':
      return left.sub(right);
    case '*':
      return left.mul(right);
    case '/':
      return left.div(right) ?? new NoData('zero-denominator');
    default:
      return compare(op, left.compare(right));
  }
}

/** The truth of `a op b` given the sign of a - b. */
export function compare(op: string, sign: -1 | 0 | 1): boolean {
  switch (op) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
    case '=':
      return sign === 0;
    default:
      return sign !== 0;
  }
}

function call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Outcome {
  const spec = functionSpec(expr.name)!;
  if (!spec.aggregate) {
    const column = expr.args[0] as Extract<Expr, { kind: 'column' }>;
    const value = evaluate(column, scope);
    if (isNoData(value)) return value;
    const times = Rational.fromNumber(timesPerYear(scope.units.get(column.name)?.unit) ?? 1);
    return expr.name === 'annual' ? (value as Rational).mul(times) : (value as Rational).div(times)!;
  }
  const [arg] = expr.args;
  const extreme = expr.name === 'min' || expr.name === 'max';
  const values: Rational[] = [];
  let yes = 0;
  let sum = Rational.ZERO;
  // One scope for the rows in turn: evaluate keeps nothing of it.
  const each: Scope = { rows: scope.rows, row: undefined, units: scope.units, adjust: scope.adjust, known: undefined };
  for (const row of scope.rows) {
    if (!arg) break;
    each.row = row;
    const value = evaluate(arg, each);
    if (isNoData(value)) return value;
    if (extreme) values.push(value as Rational);
    else if (value instanceof Rational) sum = sum.add(value);
    else if (value) yes++;
  }
  if (extreme) return Rational.extreme(values, expr.name as 'min' | 'max') ?? new NoData('no-rows');
  return aggregateValue(expr, yes, sum, scope.rows.length);
}

/**
 * The value of a count, share or sum over `rows` rows, from its tally: how many rows said yes, and
 * the sum of their numbers (what call() and replacedValues keep).
 */
function aggregateValue(aggregate: Extract<Expr, { kind: 'call' }>, yes: number, sum: Rational, rows: number): Outcome {
  switch (aggregate.name) {
    case 'count':
      return Rational.of(BigInt(aggregate.args.length > 0 ? yes : rows))!;
    case 'share':
      return Rational.of(BigInt(yes), BigInt(rows)) ?? new NoData('no-rows');
    default:
      return sum;
  }
}
