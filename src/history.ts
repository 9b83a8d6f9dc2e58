/**
 * What the reports for people draw from a run's results: its periods, the latest period's
 * results, each result's values over the last periods (the tables' trends) and the whole's value
 * in every period (the HTML page's lines). Taken a period at a time as the run goes, it keeps
 * these and not every result, so that a run of many periods drawn for people holds about one
 * period's results.
 */
import type { Report } from './check.js';
import { comparePeriods } from './evaluate/schedule.js';
import type { Result } from './types.js';

/** Periods a trend shows, the latest last. */
export const TREND_PERIODS = 12;

/** A run's results as the reports for people use them. */
export class History {
  /** Every period with results, in time order. */
  readonly periods: string[] = [];
  /** The results of the latest period. */
  latest: readonly Result[] = [];
  /**
   * Each result's value by its series (rule, level, unit), for the periods before the latest, up to
   * TREND_PERIODS with it, oldest first. The latest's are taken from its results when a trend is
   * drawn (a run of one period, which draws none, makes no map of its hundreds of thousands of series).
   */
  private readonly earlier: Map<string, number | null>[] = [];
  /** The whole's values by `rule|period`. */
  private readonly whole = new Map<string, number | null>();

  constructor(private readonly wholeCode: string) {}

  /** The history of results held together, in any order of periods. */
  static of(results: readonly Result[], wholeCode: string): History {
    const byPeriod = new Map<string, Result[]>();
    for (const result of results) {
      const list = byPeriod.get(result.period);
      if (list) list.push(result);
      else byPeriod.set(result.period, [result]);
    }
    const history = new History(wholeCode);
    for (const period of [...byPeriod.keys()].sort(comparePeriods)) history.add(byPeriod.get(period)!);
    return history;
  }

  /** One period's results, after every earlier period's. */
  add(results: readonly Result[]): void {
    if (results.length === 0) return;
    const period = results[0]!.period;
    if (this.periods.length > 0) {
      this.earlier.push(valuesOf(this.latest));
      if (this.earlier.length >= TREND_PERIODS) this.earlier.shift();
    }
    this.periods.push(period);
    this.latest = results;
    for (const result of results) if (result.unit === this.wholeCode) this.whole.set(`${result.rule}|${period}`, result.value);
  }

  /** Each series of the last periods: its values, oldest first, null where a period has none. */
  *trends(): Generator<[key: string, values: (number | null)[]]> {
    if (this.periods.length === 0) return;
    const recent = [...this.earlier, valuesOf(this.latest)];
    const keys = new Set(recent.flatMap((values) => [...values.keys()]));
    for (const key of keys) yield [key, recent.map((values) => values.get(key) ?? null)];
  }

  /** The whole's value of a rule in a period; null where it has none. */
  wholeValue(rule: string, period: string): number | null {
    return this.whole.get(`${rule}|${period}`) ?? null;
  }
}

/** A period's results' values by their series. */
function valuesOf(results: readonly Result[]): Map<string, number | null> {
  return new Map(results.map((result) => [seriesKey(result), result.value]));
}

/** What makes a result's series: its rule, level and unit (a comparison of two drops pairs their results by it). */
export const seriesKey = (r: Pick<Result, 'rule' | 'level' | 'unit'>): string => `${r.rule}|${r.level}|${r.unit}`;

/** The rule of a series, by its key (seriesKey). */
export const seriesRule = (key: string): string => key.slice(0, key.indexOf('|'));

/** Histories made from reports' results, with the results they were made from and how many. */
const made = new WeakMap<Report, { results: readonly Result[]; count: number; history: History }>();

/** The history of a report's results: kept as the run went (the history option), or made from its results (once while they stay the same). */
export function historyOf(report: Report): History {
  if (report.history) return report.history;
  const known = made.get(report);
  if (known && known.results === report.results && known.count === report.results.length) return known.history;
  const history = History.of(report.results, report.registry.city.code);
  made.set(report, { results: report.results, count: report.results.length, history });
  return history;
}
