/**
 * Checks of a drop beyond each cell: a row's period against the plan's years and the period a run
 * expects, rows that report nothing, counts since the plan began that fall, and, when a complete
 * drop is required (`complete`), units that sent nothing and values left empty.
 */
import { issue } from '../catalog.js';
import { digitsOf } from '../input/normalise.js';
import { columnsOf } from '../evaluate/expression.js';
import { monthIndex } from '../evaluate/schedule.js';
import { planOption } from '../plan/load.js';
import { cellPlace } from './cell.js';
import type { Plan } from '../plan/plan.js';
import type { Registry } from '../registry.js';
import type { Issue, Result, Row } from '../types.js';
import type { Batch } from './batch.js';
import type { Columns } from './columns.js';

/** What the row checks need to know of a run. */
export interface RowCheckOptions {
  /** The period every row must have (`--period`). */
  period?: string;
  /** A complete drop is required: rows that report nothing are errors. */
  complete?: boolean;
}

/**
 * The problems of a valid row that keep it out of the batch (a period outside the plan's years,
 * or other than the one expected), or that it reports nothing; `skip` when it is not to be counted.
 * `emptied`: cells of the row were made empty for their problems (it held values, which were told).
 */
export function checkRow(
  row: Row,
  plan: Plan,
  options: RowCheckOptions,
  columns: Columns = plan.columns,
  emptied = false,
): { readonly found: readonly Issue[]; skip: boolean } {
  const period = row.values[columns.period];
  if (!row.valid || typeof period !== 'string') return NOTHING_FOUND;
  const year = yearOf(period);
  if (year < plan.baselineYear || year > plan.period.end) {
    return {
      found: [
        issue('period-outside-plan', {
          ...cellPlace(row, columns.period),
          params: { period, plan: plan.id, first: plan.baselineYear, last: plan.period.end },
        }),
      ],
      skip: true,
    };
  }
  // A record's day belongs to the period asked for when it falls in it (a case of 2025-03-05 in 2025 and in 2025-03).
  const expected = options.period;
  if (expected !== undefined && (columns.dated ? !period.startsWith(expected) : monthIndex(period) !== monthIndex(expected))) {
    return { found: [issue('unexpected-period', { ...cellPlace(row, columns.period), params: { period, expected } })], skip: true };
  }
  // A roster's row lists a record: its empty cells are errors of their own (required).
  const empty = columns.key === undefined && !emptied ? emptyRow(row, columns, options.complete === true) : undefined;
  return empty ? { found: [empty], skip: false } : NOTHING_FOUND;
}

/** A row under the code of the whole (the city's own), told as a row not counted (city-row); undefined for a unit's. */
export function wholeRow(row: Row, columns: Columns, units: Registry): Issue | undefined {
  const { code } = columns;
  if (row.values[code] !== units.city.code) return undefined;
  const { city: whole, county: unit } = units.levels;
  const params = { code: units.city.code, whole: whole.en, whole_zh: whole.zh, unit: unit.en, unit_zh: unit.zh };
  return issue('city-row', { ...cellPlace(row, code), params });
}

/** A period's year as Number(period.slice(0, 4)) reads it, its four digits read where they stand (a case's day is checked a row at a time). */
function yearOf(period: string): number {
  const year = digitsOf(period, 0, 4);
  return year >= 0 ? year : Number(period.slice(0, 4));
}

/** checkRow's answer for most rows, one object for all of them. */
const NOTHING_FOUND = Object.freeze({ found: Object.freeze([] as Issue[]), skip: false });

/** A row whose only cells are its code, name and period: reported (an error when a complete drop is required). */
function emptyRow(row: Row, columns: Columns, complete: boolean): Issue | undefined {
  const roles = new Set([columns.code, columns.name, columns.period]);
  const reported = Object.keys(row.values).some((id) => !roles.has(id) && row.values[id] !== null && row.values[id] !== undefined);
  if (reported) return undefined;
  const found = issue('empty-row', {
    ...cellPlace(row, columns.code),
    params: { unit: String(row.values[columns.code]) },
  });
  return complete ? { ...found, severity: 'error' } : found;
}

/** A warning for every count since the plan began (x-measure: cumulative) that falls from one period of a unit to its next. */
export function cumulativeFalls(batch: Batch, columns: Columns): Issue[] {
  const counts = columns.list.filter((c) => c.measure === 'cumulative');
  const found: Issue[] = [];
  const last = new Map<string, { value: number; row: Row; period: string }>();
  for (const period of batch.sortedPeriods()) {
    for (const [unit, rows] of batch.periods.get(period)!) {
      for (const column of counts) {
        const row = rows[0]!;
        const value = row.values[column.id];
        if (typeof value !== 'number') continue;
        const key = `${unit}|${column.id}`;
        const before = last.get(key);
        if (before && value < before.value) {
          found.push(
            issue('cumulative-decrease', {
              ...cellPlace(row, column.id),
              params: {
                label: column.label,
                period,
                value,
                earlier: before.period,
                before: before.value,
                at: `${before.row.file}:${before.row.line}`,
              },
            }),
          );
        }
        last.set(key, { value, row, period });
      }
    }
  }
  return found;
}

/**
 * What a complete drop lacks, first: each unit (and the whole's own row where rules read it)
 * without a row for a period of the drop, an error naming the drop.
 */
export function missingUnits(batch: Batch, plan: Plan, drop: string): Issue[] {
  const found: Issue[] = [];
  const { registry } = plan;
  const readsOwnRow = plan.rules.some((r) => r.city.source === 'reported');
  for (const period of batch.sortedPeriods()) {
    const groups = batch.periods.get(period)!;
    const wanted = [...registry.units, ...(readsOwnRow ? [registry.city] : [])];
    for (const unit of wanted) {
      if (!groups.has(unit.code))
        found.push(issue('missing-unit', { file: drop, params: { unit: unit.code, name: unit.name_en, name_zh: unit.name, period } }));
    }
  }
  return found;
}

/** The cells and units missingValues has told of, so that results given a period at a time tell each once. */
export class ToldMissing {
  /** Per row, the columns told empty. */
  readonly cells = new WeakMap<Row, Set<string>>();
  /** `unit|period` of the units told to have sent a roster alone. */
  readonly rosterOnly = new Set<string>();
}

/**
 * Each empty cell a result needed, at its line and column, once (`told` holds what was told
 * already, so that results can be given a period at a time).
 */
export function missingValues(results: readonly Result[], batch: Batch, plan: Plan, told: ToldMissing): Issue[] {
  const found: Issue[] = [];
  const { registry, columns } = plan;
  const rules = new Map(plan.rules.map((r) => [r.id, r]));
  // Each rule's columns, and each period's rows, found once: a drop of a nation's counties has thousands of both.
  const needed = new Map<string, readonly string[]>();
  const everyRow = new Map<string, readonly Row[]>();
  for (const result of results) {
    if (result.reason !== 'missing-value') continue;
    const rule = rules.get(result.rule)!;
    const groups = batch.periods.get(result.period);
    let ids = needed.get(rule.id);
    if (!ids) needed.set(rule.id, (ids = [...new Set(columnsOf(rule.metric))]));
    // A county's own row; the whole's own row; or, for a value pooled over the units, every unit's row.
    let rows: readonly Row[];
    if (result.level === 'county') rows = groups?.get(result.unit) ?? [];
    else if (rule.city.source === 'reported') rows = groups?.get(registry.city.code) ?? [];
    else {
      rows = everyRow.get(result.period) ?? [...(groups?.values() ?? [])].flat();
      everyRow.set(result.period, rows);
    }
    for (const row of rows) {
      for (const id of ids) {
        if (row.values[id] !== null && row.values[id] !== undefined) continue;
        const label = columns.byId.get(id)?.label ?? id;
        if (row.rosterOnly) {
          // A unit that sent a roster alone has no summary row to fill in: said once for the unit and period, at its roster.
          const code = String(row.values[columns.code]);
          const key = `${code}|${result.period}`;
          if (told.rosterOnly.has(key)) continue;
          told.rosterOnly.add(key);
          const unit = registry.byCode.get(code);
          const params = {
            name: unit?.name_en ?? code,
            name_zh: unit?.name ?? code,
            unit: code,
            period: result.period,
            label,
            rule: rule.id,
            plan_option: planOption(plan),
          };
          found.push(issue('roster-only', { file: row.file, field: id, params }));
          continue;
        }
        let cells = told.cells.get(row);
        if (!cells) told.cells.set(row, (cells = new Set()));
        if (cells.has(id)) continue;
        cells.add(id);
        found.push(issue('missing-value', { ...cellPlace(row, id), params: { label, rule: rule.id } }));
      }
    }
  }
  return found;
}
