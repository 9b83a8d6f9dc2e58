/**
 * What a miss takes, in the indicator's own terms: the least change of one column (the
 * numerator of a ratio, the counted column of a total) that meets the target or milestone with
 * everything else fixed, in whole units where the column is a count; for a share of units, which
 * units still lack it.
 */
import { formatAmount, formatNumber } from '../format.js';
import type { Bilingual, Gap, Lang, Row } from '../types.js';
import type { ColumnSpec } from '../validate/columns.js';
import { columnsOf, type Expr } from './expression.js';
import { evaluateGroup, replacedValues, type Outcome, type Replacement } from './metric.js';
import { Rational } from './rational.js';

/** What is asked of a value: the exact test, and the threshold (or a close one) to aim at. */
export interface Need {
  meets(value: Rational): boolean;
  bound: Rational;
}

/** What a gap needs to know besides the rows: the columns, and unit names for sentences. */
export interface GapContext {
  columns: ReadonlyMap<string, ColumnSpec>;
  nameOf(code: string, lang: Lang): string;
  /** The column of the unit's code (default county_code). */
  codeColumn?: string;
  /** What the whole is called, for a lowest-unit value's sentence (default 全部 / whole). */
  whole?: Bilingual;
}

/** The column a rule's gap is counted in: the one named, else the metric's first number column. */
export function gapField(metric: Expr, named: string | undefined, columns: ReadonlyMap<string, ColumnSpec>): string | undefined {
  if (named) return named;
  return columnsOf(metric).find((id) => {
    const kind = columns.get(id)?.kind;
    return kind === 'integer' || kind === 'number' || kind === 'percent' || kind === 'boolean';
  });
}

/** The gap of a group of rows, whose metric has `value`, against a need, or undefined when no single column closes it. */
export function gapOf(
  metric: Expr,
  rows: readonly Row[],
  value: Rational,
  need: Need,
  field: string | undefined,
  context: GapContext,
): Gap | undefined {
  const column = field ? context.columns.get(field) : undefined;
  if (!column || rows.length === 0) return undefined;
  if (column.kind === 'boolean') return shareGap(metric, rows, need, column, context);
  const index = rows.findIndex((row) => typeof row.values[column.id] === 'number');
  if (index < 0) return undefined;
  const at = (x: Rational) => {
    // No change is the value itself.
    if (x.sign() === 0) return value;
    const changed = evaluateGroup(metric, rows, context.columns, { row: rows[index]!, column: column.id, by: x });
    return changed instanceof Rational ? changed : undefined;
  };
  const change = leastChange(at, need, column.kind === 'integer' ? Rational.of(1n)! : Rational.of(1n, 100n)!);
  if (!change) return undefined;
  return amountGap(change, column);
}

/** A gap of `change` in a column, with its sentence. */
function amountGap(change: Rational, column: ColumnSpec): Gap {
  const amount = (change.sign() < 0 ? change.neg() : change).toNumber();
  const increase = change.sign() > 0;
  const percent = column.kind === 'percent';
  const unit = percent ? '个百分点' : (column.unitZh ?? '');
  const unitEn = percent ? 'points' : column.unit === 'm2' ? 'm²' : (column.unit ?? '');
  const shown = formatNumber(amount);
  return {
    amount,
    unit,
    unit_en: unitEn,
    field: column.id,
    change: increase ? 'increase' : 'decrease',
    text: {
      zh: `${column.noun}需${increase ? '增加' : '减少'} ${shown}${unit ? ` ${unit}` : ''}`,
      en: `${increase ? 'raise' : 'lower'} ${column.id} by ${formatAmount(amount, unitEn, 'en')}`,
    },
  };
}

/**
 * The least change x (a multiple of `step`) with need.meets(at(x)), for a metric that is a
 * straight line in x: solved exactly, then settled by testing the neighbours (strict targets,
 * whole units, and thresholds known only closely).
 */
function leastChange(at: (x: Rational) => Rational | undefined, need: Need, step: Rational): Rational | undefined {
  const [v0, v1, v2] = [Rational.ZERO, step, step.add(step)].map(at);
  if (!v0 || !v1 || !v2 || need.meets(v0)) return undefined;
  const slope = v1.sub(v0);
  if (slope.sign() === 0 || v2.sub(v1).compare(slope) !== 0) return undefined;
  // x* = (bound - v0) / slope steps, rounded away from zero to a whole number of steps.
  const steps = need.bound.sub(v0).div(slope)!;
  const direction = steps.sign() < 0 ? -1n : 1n;
  let n = direction > 0n ? steps.ceil() : steps.floor();
  const stepBy = (k: Rational) => step.mul(k);
  const meetsAt = (k: Rational) => {
    const value = at(stepBy(k));
    return value !== undefined && need.meets(value);
  };
  const one = Rational.of(direction)!;
  let meets = meetsAt(n);
  for (let i = 0; i < 4 && !meets; i++) {
    n = n.add(one);
    meets = meetsAt(n);
  }
  if (!meets) return undefined;
  while (n.compare(Rational.ZERO) !== 0 && meetsAt(n.sub(one))) n = n.sub(one);
  return n.sign() === 0 ? undefined : stepBy(n);
}

/** For a share of yes/no answers: how many more units must answer yes, and which lack it. */
function shareGap(metric: Expr, rows: readonly Row[], need: Need, column: ColumnSpec, context: GapContext): Gap | undefined {
  const lacking = rows.map((row, i) => [row, i] as const).filter(([row]) => row.values[column.id] === false);
  // The units that lack it answering yes, one more each turn, in the order of the rows: the metric's value after each.
  const replacements = lacking.map(([row, index]) => {
    const values: Record<string, Row['values'][string]> = Object.assign(Object.create(null) as Record<string, never>, row.values);
    values[column.id] = true;
    return { index, row: { ...row, values } };
  });
  let k = 0;
  for (const value of replacedValues(metric, rows, context.columns, replacements) ??
    eachReplaced(metric, rows, context.columns, replacements)) {
    k++;
    if (!(value instanceof Rational) || !need.meets(value)) continue;
    const units = lacking.map(([r]) => String(r.values[context.codeColumn ?? 'county_code']));
    const names = (lang: Lang) => units.map((code) => context.nameOf(code, lang)).join(lang === 'zh' ? '、' : ', ');
    const single = rows.length === 1;
    return {
      amount: k,
      unit: single ? '' : '个单位',
      unit_en: single ? '' : 'units',
      field: column.id,
      change: 'increase',
      units,
      text: single
        ? { zh: `${column.noun}需为“是”`, en: `${column.id} must be yes` }
        : {
            zh: `还需 ${k} 个单位实现${column.noun}，尚未实现：${names('zh')}`,
            en: `${k} more ${k === 1 ? 'unit needs' : 'units need'} ${column.id}; without it: ${names('en')}`,
          },
    };
  }
  return undefined;
}

/** The value of a group of rows after each replacement in turn, evaluated over all its rows each time. */
function* eachReplaced(
  metric: Expr,
  rows: readonly Row[],
  columns: GapContext['columns'],
  replacements: readonly Replacement[],
): Generator<Outcome, void, undefined> {
  const changed = [...rows];
  for (const { index, row } of replacements) {
    changed[index] = row;
    yield evaluateGroup(metric, changed, columns);
  }
}

/**
 * The gap of a city value that is the lowest (or highest) unit's: the unit that sets it, what it
 * needs, and every unit that falls short.
 */
export function extremeGap(
  byUnit: readonly { unit: string; value: Rational; gap: Gap }[],
  which: 'min' | 'max',
  context: GapContext,
): Gap | undefined {
  if (byUnit.length === 0) return undefined;
  const sign = which === 'min' ? -1 : 1;
  const worst = byUnit.reduce((a, b) => (b.value.compare(a.value) === sign ? b : a));
  const units = byUnit.map((u) => u.unit);
  const name = (lang: Lang) => context.nameOf(worst.unit, lang);
  const whole = context.whole ?? { zh: '全部', en: 'whole' };
  return {
    ...worst.gap,
    units,
    lowest: worst.unit,
    text: {
      zh: `${name('zh')}决定${whole.zh}值：${worst.gap.text.zh}；共 ${units.length} 个单位未达到`,
      en: `${name('en')} sets the ${whole.en} value: ${worst.gap.text.en}; ${units.length} ${units.length === 1 ? 'unit falls' : 'units fall'} short`,
    },
  };
}
