/**
 * Static checks of a metric expression against the submission columns: columns and functions
 * exist, argument counts and types fit, aggregates are not nested, and a metric pooled over
 * the whole city reads columns only inside aggregates.
 */
import type { Expr } from '../evaluate/expression.js';
import { FUNCTIONS, functionSpec, timesPerYear } from '../evaluate/functions.js';
import { closest } from '../closest.js';
import { excerpt } from '../input/normalise.js';
import type { ColumnSpec } from '../validate/columns.js';

/** A problem at an offset of the expression text. */
export interface ExpressionProblem {
  message: string;
  at: number;
}

type Type = 'number' | 'boolean' | 'text' | 'unknown';

/** Checks an expression; returns its problems (none when it is sound). */
export function checkExpression(expr: Expr, columns: ReadonlyMap<string, ColumnSpec>, options: { pooled: boolean }): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const type = infer(expr, { inAggregate: false }, columns, options, problems);
  if (type !== 'number' && type !== 'unknown') problems.push({ message: `the expression gives a ${type}, not a number`, at: expr.at });
  return problems;
}

function infer(
  expr: Expr,
  scope: { inAggregate: boolean },
  columns: ReadonlyMap<string, ColumnSpec>,
  options: { pooled: boolean },
  problems: ExpressionProblem[],
): Type {
  const sub = (e: Expr, s = scope) => infer(e, s, columns, options, problems);
  const want = (e: Expr, wanted: Type, what: string) => {
    const got = sub(e);
    if (got !== wanted && got !== 'unknown') problems.push({ message: `${what} needs a ${wanted}, not a ${got}`, at: e.at });
  };
  switch (expr.kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'column': {
      const column = columns.get(expr.name);
      if (!column) {
        problems.push({ message: `unknown column "${excerpt(expr.name)}"${suggest(expr.name, [...columns.keys()])}`, at: expr.at });
        return 'unknown';
      }
      if (!scope.inAggregate && options.pooled) {
        problems.push({ message: `column "${expr.name}" must be inside sum(), count(), share(), min() or max() for a city total`, at: expr.at });
      }
      return column.kind === 'boolean' ? 'boolean' : column.kind === 'text' || column.kind === 'period' || column.kind === 'date' || column.kind === 'id' ? 'text' : 'number';
    }
    case 'unary':
      want(expr.arg, expr.op === '-' ? 'number' : 'boolean', `"${expr.op}"`);
      return expr.op === '-' ? 'number' : 'boolean';
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        want(expr.left, 'boolean', `"${expr.op}"`);
        want(expr.right, 'boolean', `"${expr.op}"`);
        return 'boolean';
      }
      if (expr.op === '=' || expr.op === '!=') {
        sub(expr.left);
        sub(expr.right);
        return 'boolean';
      }
      want(expr.left, 'number', `"${expr.op}"`);
      want(expr.right, 'number', `"${expr.op}"`);
      return ['+', '-', '*', '/'].includes(expr.op) ? 'number' : 'boolean';
    }
    case 'call': {
      const spec = functionSpec(expr.name);
      if (!spec) {
        problems.push({ message: `unknown function "${excerpt(expr.name)}"${suggest(expr.name, Object.keys(FUNCTIONS))}`, at: expr.at });
        return 'unknown';
      }
      if (!spec.arity.includes(expr.args.length)) {
        problems.push({ message: `${expr.name}() takes ${spec.arity.join(' or ')} argument(s), not ${expr.args.length}`, at: expr.at });
        return spec.result;
      }
      if (spec.aggregate && scope.inAggregate) problems.push({ message: `${expr.name}() cannot stand inside another aggregate`, at: expr.at });
      for (const arg of expr.args) {
        if (spec.argType === 'column') {
          const unit = arg.kind === 'column' ? columns.get(arg.name)?.unit : undefined;
          if (arg.kind !== 'column') problems.push({ message: `${expr.name}() takes a column name`, at: arg.at });
          else if (columns.has(arg.name) && timesPerYear(unit) === undefined) {
            problems.push({ message: `${expr.name}() needs a column stated per month or per year; "${arg.name}" is in ${unit ?? 'no unit'}`, at: arg.at });
          }
          sub(arg);
        } else {
          const got = sub(arg, spec.aggregate ? { inAggregate: true } : scope);
          if (got !== spec.argType && got !== 'unknown') problems.push({ message: `${expr.name}() needs a ${spec.argType}, not a ${got}`, at: arg.at });
        }
      }
      return spec.result;
    }
  }
}

/** " (did you mean …?)" where a known name is the one this one comes closest to. */
function suggest(name: string, known: string[]): string {
  const best = closest(name, known, (candidate) => [candidate]);
  return best ? ` (did you mean "${best}"?)` : '';
}
