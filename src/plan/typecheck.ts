/**
 * Static checks of a metric expression against the submission columns: columns and functions
 * exist, argument counts and types fit, aggregates are not nested, and a metric pooled over
 * the whole city reads columns only inside aggregates.
 */
import type { Expr } from '../evaluate/expression.js';
import { FUNCTIONS, functionSpec, timesPerYear } from '../evaluate/functions.js';
import { closest, didYouMean } from '../closest.js';
import { excerpt } from '../input/normalise.js';
import type { Bilingual } from '../types.js';
import type { ColumnSpec } from '../validate/columns.js';

/** A problem at an offset of the expression text, in both languages. */
export interface ExpressionProblem {
  message: Bilingual;
  at: number;
}

type Type = 'number' | 'boolean' | 'text' | 'unknown';

/** The operators that give a number (the others of two operands give a yes or no). */
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/']);

/** The types of values in words. */
const TYPE_WORDS: Record<Type, Bilingual> = {
  number: { en: 'number', zh: '数值' },
  boolean: { en: 'boolean', zh: '是否值' },
  text: { en: 'text', zh: '文本' },
  unknown: { en: 'unknown', zh: '未知值' },
};

/** Checks an expression; returns its problems (none when it is sound). */
export function checkExpression(expr: Expr, columns: ReadonlyMap<string, ColumnSpec>, options: { pooled: boolean }): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const type = infer(expr, { inAggregate: false }, columns, options, problems);
  if (type !== 'number' && type !== 'unknown')
    problems.push({
      message: { en: `the expression gives a ${type}, not a number`, zh: `算式得出的是${TYPE_WORDS[type].zh}，不是数值` },
      at: expr.at,
    });
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
  /** An operand of an operator (`op`), which needs a value of a type. */
  const want = (e: Expr, wanted: Type, op: string) => {
    const got = sub(e);
    if (got !== wanted && got !== 'unknown')
      problems.push({
        message: { en: `"${op}" needs a ${wanted}, not a ${got}`, zh: `"${op}" 需要${TYPE_WORDS[wanted].zh}，不是${TYPE_WORDS[got].zh}` },
        at: e.at,
      });
  };
  switch (expr.kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'column': {
      const column = columns.get(expr.name);
      if (!column) {
        const meant = suggest(expr.name, [...columns.keys()]);
        const near = meant.en ? meant : NO_SUCH_COLUMN;
        problems.push({
          message: { en: `unknown column "${excerpt(expr.name)}"${near.en}`, zh: `没有列“${excerpt(expr.name)}”${near.zh}` },
          at: expr.at,
        });
        return 'unknown';
      }
      if (!scope.inAggregate && options.pooled) {
        problems.push({
          message: {
            en: `column "${expr.name}" must be inside sum(), count(), share(), min() or max() for a city total`,
            zh: `计算全域合计时，列“${expr.name}”须写在 sum()、count()、share()、min() 或 max() 之内`,
          },
          at: expr.at,
        });
      }
      return column.kind === 'boolean'
        ? 'boolean'
        : column.kind === 'text' || column.kind === 'period' || column.kind === 'date' || column.kind === 'id'
          ? 'text'
          : 'number';
    }
    case 'unary':
      want(expr.arg, expr.op === '-' ? 'number' : 'boolean', expr.op);
      return expr.op === '-' ? 'number' : 'boolean';
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        want(expr.left, 'boolean', expr.op);
        want(expr.right, 'boolean', expr.op);
        return 'boolean';
      }
      if (expr.op === '=' || expr.op === '!=') {
        sub(expr.left);
        sub(expr.right);
        return 'boolean';
      }
      want(expr.left, 'number', expr.op);
      want(expr.right, 'number', expr.op);
      return ARITHMETIC.has(expr.op) ? 'number' : 'boolean';
    }
    case 'call': {
      const spec = functionSpec(expr.name);
      if (!spec) {
        const near = suggest(expr.name, Object.keys(FUNCTIONS));
        problems.push({
          message: { en: `unknown function "${excerpt(expr.name)}"${near.en}`, zh: `没有函数“${excerpt(expr.name)}”${near.zh}` },
          at: expr.at,
        });
        return 'unknown';
      }
      if (!spec.arity.includes(expr.args.length)) {
        problems.push({
          message: {
            en: `${expr.name}() takes ${spec.arity.join(' or ')} argument(s), not ${expr.args.length}`,
            zh: `${expr.name}() 接受 ${spec.arity.join(' 或 ')} 个参数，不是 ${expr.args.length} 个`,
          },
          at: expr.at,
        });
        return spec.result;
      }
      if (spec.aggregate && scope.inAggregate)
        problems.push({
          message: { en: `${expr.name}() cannot stand inside another aggregate`, zh: `${expr.name}() 不能写在另一个汇总函数之内` },
          at: expr.at,
        });
      for (const arg of expr.args) {
        if (spec.argType === 'column') {
          const unit = arg.kind === 'column' ? columns.get(arg.name)?.unit : undefined;
          if (arg.kind !== 'column')
            problems.push({ message: { en: `${expr.name}() takes a column name`, zh: `${expr.name}() 的参数须为列名` }, at: arg.at });
          else if (columns.has(arg.name) && timesPerYear(unit) === undefined) {
            problems.push({
              message: {
                en: `${expr.name}() needs a column stated per month or per year; "${arg.name}" is in ${unit ?? 'no unit'}`,
                zh: `${expr.name}() 需要按月或按年计的列；“${arg.name}”的单位是${unit ?? '（无）'}`,
              },
              at: arg.at,
            });
          }
          sub(arg);
        } else {
          const got = sub(arg, spec.aggregate ? { inAggregate: true } : scope);
          if (got !== spec.argType && got !== 'unknown')
            problems.push({
              message: {
                en: `${expr.name}() needs a ${spec.argType}, not a ${got}`,
                zh: `${expr.name}() 需要${TYPE_WORDS[spec.argType as Type].zh}，不是${TYPE_WORDS[got].zh}`,
              },
              at: arg.at,
            });
        }
      }
      return spec.result;
    }
  }
}

/** The way to a column where none is near the name written: the columns' list, and where a new one is declared. */
const NO_SUCH_COLUMN: Bilingual = {
  en: " (plan-check columns --plan PLAN lists the columns; a new one is declared in the properties of the columns' schema)",
  zh: '（plan-check columns --plan 规划 列出各列；新列在列的 schema 的 properties 中声明）',
};

/** " (did you mean …?)" where a known name is the one this one comes closest to. */
function suggest(name: string, known: string[]): Bilingual {
  return didYouMean(closest(name, known));
}
