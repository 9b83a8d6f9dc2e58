/**
 * Comparing a drop with an earlier one (`--compare`): the latest period of each, result by result:
 * what newly misses, what was fixed, how values moved (towards the target or away from it), and
 * which units sent data before but not now.
 */
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

/** A result's or a change's place in a comparison: its rule, level and unit. */
export const changeKey = (r: Pick<Result, 'rule' | 'level' | 'unit'>) => `${r.rule}|${r.level}|${r.unit}`;

/** The latest period's results of a list, by rule, level and unit. */
function latest(results: readonly Result[]): { period: string | null; byKey: Map<string, Result> } {
  const period = results.map((r) => r.period).sort(comparePeriods).at(-1) ?? null;
  return { period, byKey: new Map(results.filter((r) => r.period === period).map((r) => [changeKey(r), r])) };
}

/** How far a value is from a target or range. */
function distance(value: number, target: Result['target']): number | undefined {
  if (target === null) return undefined;
  return Array.isArray(target) ? Math.max(target[0] - value, 0, value - target[1]) : Math.abs(value - target);
}

/** Which way a value moved for its target: up is good for a rising target, down for a falling one, nearer for = and ranges. */
function direction(before: Result, after: Result): Change['direction'] {
  if (before.value === null || after.value === null || before.value === after.value) return undefined;
  const up = after.value > before.value;
  if (after.op === '>=' || after.op === '>') return up ? 'good' : 'bad';
  if (after.op === '<=' || after.op === '<') return up ? 'bad' : 'good';
  const [from, to] = [distance(before.value, before.target), distance(after.value, after.target)];
  if (from === undefined || to === undefined || from === to) return undefined;
  return to < from ? 'good' : 'bad';
}

const point = (r: Result | undefined) => (r ? { period: r.period, value: r.value, status: r.status } : null);

/** Compares the latest period of `current` with the latest period of `previous`. */
export function compareResults(current: readonly Result[], previous: readonly Result[], source: string, strict: boolean): Comparison {
  const now = latest(current);
  const before = latest(previous);
  const comparison: Comparison = { previous: { source, period: before.period }, period: now.period, newly_failing: [], fixed: [], changes: [], missing_units: [], regressions: [] };
  const keys = new Set([...before.byKey.keys(), ...now.byKey.keys()]);
  for (const k of keys) {
    const [was, is] = [before.byKey.get(k), now.byKey.get(k)];
    const any = (is ?? was)!;
    const change: Change = { rule: any.rule, level: any.level, unit: any.unit, attribute: any.attribute, before: point(was), after: point(is) };
    const moved = was && is ? direction(was, is) : undefined;
    if (moved) change.direction = moved;
    const missed = (s: Status | undefined) => s === 'fail' || s === 'warn';
    if (was?.status === 'pass' && missed(is?.status)) comparison.newly_failing.push(change);
    if (missed(was?.status) && is?.status === 'pass') comparison.fixed.push(change);
    if (was && is && was.value !== is.value && was.value !== null && is.value !== null) comparison.changes.push(change);
    if (was?.status === 'pass' && is?.status !== 'pass' && (any.attribute === 'binding' || strict)) comparison.regressions.push(change);
  }
  const unitsOf = (byKey: Map<string, Result>) => new Set([...byKey.values()].filter((r) => r.level === 'county').map((r) => r.unit));
  const unitsNow = unitsOf(now.byKey);
  comparison.missing_units = [...unitsOf(before.byKey)].filter((u) => !unitsNow.has(u));
  return comparison;
}
