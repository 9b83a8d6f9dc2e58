/**
 * Comparing a drop with an earlier one (`--compare`): the latest period of each, result by result:
 * what newly misses, what was fixed, how values moved (towards the target or away from it), and
 * which units sent data before but not now.
 */
import { seriesKey } from '../history.js';
import type { Result, Status } from '../types.js';
import { comparePeriods } from './schedule.js';

/** One result's move between the two drops. */
export interface Change {
  rule: string;
  level: Result['level'];
  unit: string;
  attribute: Result['attribute'];
  before: { period: string; value: number | null; status: Status } | null;
  after: { period: string; value: number | null; status: Status } | null;
  /** For a value that moved: towards the target (good) or away from it (bad). */
  direction?: 'good' | 'bad';
}

/** The comparison of the current drop with an earlier one. */
export interface Comparison {
  /** Where the earlier results came from, their period, and the problems its files had (when read as a drop). */
  previous: { source: string; period: string | null; errors?: number };
  period: string | null;
  /** Results that meet their target (or milestone) no longer: pass before, a miss now. */
  newly_failing: Change[];
  /** Results that missed before and pass now. */
  fixed: Change[];
  /** Every value that moved, with its direction. */
  changes: Change[];
  /** Units with results before and none now. */
  missing_units: string[];
  /**
   * Results that passed before and do not now (a miss, no data, or no result at all), binding
   * ones, or every one under --strict: what --fail-on-regression turns into exit code 1.
   */
  regressions: Change[];
}

/** What a comparison reads of a result (all a saved report's earlier results keep). */
export type ComparedResult = Pick<Result, 'rule' | 'level' | 'unit' | 'period' | 'value' | 'status' | 'attribute' | 'op' | 'target'>;

/** The latest period's results of a list, by their series (rule, level and unit; of periods ranked the same, the last listed). */
function latest(results: readonly ComparedResult[]): { period: string | null; byKey: Map<string, ComparedResult> } {
  let period: string | null = null;
  for (const r of results) if (period === null || comparePeriods(r.period, period) >= 0) period = r.period;
  const byKey = new Map<string, ComparedResult>();
  for (const r of results) if (r.period === period) byKey.set(seriesKey(r), r);
  return { period, byKey };
}

/** How far a value is from a target or range. */
function distance(value: number, target: ComparedResult['target']): number | undefined {
  if (target === null) return undefined;
  return Array.isArray(target) ? Math.max(target[0] - value, 0, value - target[1]) : Math.abs(value - target);
}

/** Which way a value moved for its target: up is good for a rising target, down for a falling one, nearer for = and ranges. */
function direction(before: ComparedResult, after: ComparedResult): Change['direction'] {
  if (before.value === null || after.value === null || before.value === after.value) return undefined;
  const up = after.value > before.value;
  if (after.op === '>=' || after.op === '>') return up ? 'good' : 'bad';
  if (after.op === '<=' || after.op === '<') return up ? 'bad' : 'good';
  const [from, to] = [distance(before.value, before.target), distance(after.value, after.target)];
  if (from === undefined || to === undefined || from === to) return undefined;
  return to < from ? 'good' : 'bad';
}

const point = (r: ComparedResult | undefined) => (r ? { period: r.period, value: r.value, status: r.status } : null);

/** Compares the latest period of `current` with the latest period of `previous`. */
export function compareResults(
  current: readonly ComparedResult[],
  previous: readonly ComparedResult[],
  source: string,
  strict: boolean,
): Comparison {
  const now = latest(current);
  const before = latest(previous);
  const comparison: Comparison = {
    previous: { source, period: before.period },
    period: now.period,
    newly_failing: [],
    fixed: [],
    changes: [],
    missing_units: [],
    regressions: [],
  };
  const missed = (s: Status | undefined) => s === 'fail' || s === 'warn';
  /** A result's move, into the lists it belongs to (its Change made only for a result some list takes). */
  const judge = (was: ComparedResult | undefined, is: ComparedResult | undefined) => {
    const any = (is ?? was)!;
    const newlyFailing = was?.status === 'pass' && missed(is?.status);
    const fixed = missed(was?.status) && is?.status === 'pass';
    const moved = was !== undefined && is !== undefined && was.value !== is.value && was.value !== null && is.value !== null;
    const regressed = was?.status === 'pass' && is?.status !== 'pass' && (any.attribute === 'binding' || strict);
    if (!newlyFailing && !fixed && !moved && !regressed) return;
    const change: Change = {
      rule: any.rule,
      level: any.level,
      unit: any.unit,
      attribute: any.attribute,
      before: point(was),
      after: point(is),
    };
    const way = was && is ? direction(was, is) : undefined;
    if (way) change.direction = way;
    if (newlyFailing) comparison.newly_failing.push(change);
    if (fixed) comparison.fixed.push(change);
    if (moved) comparison.changes.push(change);
    if (regressed) comparison.regressions.push(change);
  };
  // Each result of either, the earlier's first (in their order), then those only now.
  for (const [key, was] of before.byKey) judge(was, now.byKey.get(key));
  for (const [key, is] of now.byKey) if (!before.byKey.has(key)) judge(undefined, is);
  const unitsOf = (byKey: Map<string, ComparedResult>) =>
    new Set([...byKey.values()].filter((r) => r.level === 'county').map((r) => r.unit));
  const unitsNow = unitsOf(now.byKey);
  comparison.missing_units = [...unitsOf(before.byKey)].filter((u) => !unitsNow.has(u));
  return comparison;
}
