/**
 * The batch: every usable row of every source, grouped by period and unit. A second row for
 * the same unit and period is a unique error naming both places; the first one counts.
 */
import { issue } from '../catalog.js';
import { comparePeriods } from '../evaluate/schedule.js';
import type { Issue, Row } from '../types.js';

/** Rows by period, then by unit code. */
export class Batch {
  readonly periods = new Map<string, Map<string, Row[]>>();

  /** `roles` names the columns of the unit's code and the period (the plan's columns). */
  constructor(private readonly roles: { code: string; period: string } = { code: 'county_code', period: 'period' }) {}

  /** Adds a validated row; returns an issue when the unit and period were already there. */
  add(row: Row): Issue | undefined {
    const code = row.values[this.roles.code];
    const period = row.values[this.roles.period];
    if (!row.valid || typeof code !== 'string' || typeof period !== 'string') return undefined;
    const earlier = this.periods.get(period)?.get(code);
    if (earlier) {
      const first = earlier[0]!;
      return issue('unique', {
        file: row.file,
        line: row.line,
        column: row.columns[this.roles.code],
        field: this.roles.code,
        params: { unit: code, period, other: `${first.file}:${first.line}` },
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
