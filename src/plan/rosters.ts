/**
 * The rosters a plan reads: record-level files (one row per person or institution and period)
 * whose rows add up to summary columns. A plan names each roster's schema and says, in the
 * metric language, which summary column each count or sum of its rows gives; the rules read
 * those columns as they read a summary row's, so one rule language serves both.
 */
import { ExpressionError, parseExpression, type Expr } from '../evaluate/expression.js';
import { PlanError, problemAt } from '../errors.js';
import type { Bilingual } from '../types.js';
import { isNumeric, planColumns, type Columns, type ColumnSpec } from '../validate/columns.js';
import { checkExpression } from './typecheck.js';

/** One roster: its columns and what its rows give. */
export interface Roster {
  readonly id: string;
  readonly title: Bilingual;
  readonly columns: Columns;
  /** Summary columns given by a count or a sum over a unit's rows of a period, in the plan's order. */
  readonly gives: readonly RosterSum[];
}

/** A summary column as a count (`count(living_eligible and living_paid)`) or a sum of a roster's rows. */
export interface RosterSum {
  column: string;
  kind: 'count' | 'sum';
  /** What is counted (a yes/no) or summed (a number) on each row; none for `count()`, every row. */
  of?: Expr;
  text: string;
}

/** A roster as a plan file writes it. */
export interface RawRoster {
  id: string;
  title: Bilingual;
  schema: string | object;
  gives: Record<string, string>;
}

/** Where a plan file's value stands, for messages. */
type At = (path: (string | number)[], offset?: number) => string;

/** Compiles a plan's rosters; problems are collected with their places in the plan file. */
export function compileRosters(
  raw: readonly RawRoster[] | undefined,
  summary: Columns,
  planFile: string | undefined,
  at: At,
  problems: Bilingual[],
): Roster[] {
  const seen = new Set<string>();
  const given = new Map<string, string>();
  return (raw ?? []).flatMap((roster, index) => {
    const place = (path: (string | number)[], offset?: number) => at([index, ...path], offset);
    /** A problem of this roster at a place of its definition. */
    const problem = (where: string, said: Bilingual) =>
      problems.push(problemAt(where, `roster ${roster.id}: ${said.en}`, `名册 ${roster.id}：${said.zh}`));
    if (seen.has(roster.id))
      problems.push(problemAt(place(['id']), `roster ${roster.id} is defined twice`, `名册 ${roster.id} 定义了两次`));
    seen.add(roster.id);
    let columns: Columns;
    try {
      columns = planColumns(roster.schema, planFile);
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      problem(place(['schema']), error.said);
      return [];
    }
    if (!columns.key) {
      problem(place(['schema']), {
        en: "no column of its schema has x-role record-id (the person's or institution's number, one row each per period)",
        zh: '其表结构中没有 x-role 为 record-id 的列（人员或机构的编号，每期每个一行）',
      });
    }
    const gives = Object.entries(roster.gives).flatMap(([column, text]) => {
      const path = ['gives', column];
      const target = summary.byId.get(column);
      if (!target || !isNumeric(target)) {
        problem(
          place(path),
          target
            ? {
                en: `"${column}" is not a number column: a roster gives summary columns of numbers`,
                zh: `“${column}”不是数值列：名册给出的是数值型的汇总列`,
              }
            : {
                en: `"${column}" is not a column of the submission schema: a roster gives summary columns of numbers`,
                zh: `“${column}”不是报送表结构中的列：名册给出的是数值型的汇总列`,
              },
        );
        return [];
      }
      const other = given.get(column);
      if (other) problem(place(path), { en: `"${column}" is given by roster ${other} already`, zh: `“${column}”已由名册 ${other} 给出` });
      given.set(column, roster.id);
      const sum = compileSum(column, text, columns.byId, (said, offset) => problem(place(path, offset), said));
      return sum ? [sum] : [];
    });
    return [{ id: roster.id, title: roster.title, columns, gives }];
  });
}

/** `count(cond)`, `count()` or `sum(expr)` over the roster's columns; anything else is a problem. */
function compileSum(
  column: string,
  text: string,
  columns: ReadonlyMap<string, ColumnSpec>,
  problem: (said: Bilingual, offset?: number) => void,
): RosterSum | undefined {
  let expr: Expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    problem({ en: error.message, zh: error.zh }, error.at);
    return undefined;
  }
  if (expr.kind !== 'call' || (expr.name !== 'count' && expr.name !== 'sum')) {
    problem(
      {
        en: "give a count(...) or a sum(...) of the roster's rows, which can be added up as the rows are read",
        zh: '请写名册各行的 count(...) 或 sum(...)，边读边累加',
      },
      expr.at,
    );
    return undefined;
  }
  const found = checkExpression(expr, columns, { pooled: true });
  for (const { message, at } of found) problem(message, at);
  if (found.length > 0) return undefined;
  const [of] = expr.args;
  return { column, kind: expr.name, ...(of ? { of } : {}), text };
}
