/**
 * The batch: every usable row of every source, grouped by period and unit. A second row for
 * the same unit and period is a unique error naming both places, and whether its figures are
 * the first one's (a copied file or sheet) or where they differ; the first one counts.
 */
import { issue } from '../catalog.js';
import { comparePeriods } from '../evaluate/schedule.js';
import { excerpt } from '../input/normalise.js';
import { cellPlace } from './cell.js';
import type { CellValue, Issue, Row } from '../types.js';
import type { ColumnSpec } from './columns.js';

/** The columns a batch places rows by (the plan's columns); `byId` names a column that differs by its header. */
interface BatchColumns {
  code: string;
  period: string;
  byId?: ReadonlyMap<string, ColumnSpec>;
}

/** A cell's value as a message shows it. */
function shown(value: CellValue | undefined, zh: boolean): string {
  if (value === null || value === undefined) return zh ? '空' : 'empty';
  if (typeof value === 'boolean') return value ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
  return excerpt(String(value));
}

/**
 * For a row of a workbook's sheet (`a.xlsx[零陵区]`), how --sheet leaves out a sheet that sums up
 * the others: which of the two is the summary is not known from one row (a workbook puts 汇总 first
 * or last), so the way is told with the usual name.
 */
function sheetFix(file: string): { sheet: string; sheet_zh: string } {
  if (!file.endsWith(']')) return { sheet: '', sheet_zh: '' };
  return {
    sheet: "; leave out a sheet that sums up the others with --sheet '!' and its name (--sheet '!汇总')",
    sheet_zh: "；汇总其他工作表的工作表可用 --sheet '!表名' 略过（如 --sheet '!汇总'）",
  };
}

/**
 * How a second row of a unit and period stands to the first: the same figures (a copy), or the
 * first column, in the second row's order, whose figure differs (role columns, such as the unit's
 * name, are not figures).
 */
function againstFirst(row: Row, first: Row, columns: BatchColumns): { how: string; how_zh: string } {
  const ids = new Set([...Object.keys(row.values), ...Object.keys(first.values)]);
  for (const id of ids) {
    if (columns.byId?.get(id)?.role !== undefined || id === columns.code || id === columns.period) continue;
    const here = row.values[id] ?? null;
    const there = first.values[id] ?? null;
    if (here === there) continue;
    // Named as the messages name a column: by its id in English, by its header in Chinese.
    const label = columns.byId?.get(id)?.label ?? id;
    return {
      how: `, with other figures (${id}: ${shown(here, false)} here, ${shown(there, false)} there)`,
      how_zh: `，数值不同（${label}：本行 ${shown(here, true)}，该处 ${shown(there, true)}）`,
    };
  }
  return { how: ', with the same figures', how_zh: '，数值相同' };
}

/** Rows by period, then by unit code. */
export class Batch {
  readonly periods = new Map<string, Map<string, Row[]>>();

  /** `roles` names the columns of the unit's code and the period (the plan's columns). */
  constructor(private readonly roles: BatchColumns = { code: 'county_code', period: 'period' }) {}

  /** Adds a validated row; returns an issue when the unit and period were already there. */
  add(row: Row): Issue | undefined {
    const code = row.values[this.roles.code];
    const period = row.values[this.roles.period];
    if (!row.valid || typeof code !== 'string' || typeof period !== 'string') return undefined;
    const earlier = this.periods.get(period)?.get(code);
    if (earlier) {
      const first = earlier[0]!;
      return issue('unique', {
        ...cellPlace(row, this.roles.code),
        params: {
          unit: code,
          period,
          other: `${first.file}:${first.line}`,
          ...againstFirst(row, first, this.roles),
          ...sheetFix(row.file),
        },
      });
    }
    this.put(period, code, row);
    return undefined;
  }

  /** Sets a unit's row of a period (a roster's totals, merged with or in place of its summary row). */
  put(period: string, code: string, row: Row): void {
    let units = this.periods.get(period);
    if (!units) this.periods.set(period, (units = new Map()));
    units.set(code, [row]);
  }

  /** Periods in time order (a bare year is its December). */
  sortedPeriods(): string[] {
    return [...this.periods.keys()].sort(comparePeriods);
  }
}
