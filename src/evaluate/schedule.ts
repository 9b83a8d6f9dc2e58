/**
 * Judging on schedule (时间过半、任务过半): the milestone a period owes on the way from a baseline
 * (at the end of the baseline year) to a target (at the deadline's month), linear or compound,
 * counted in months and compared exactly.
 */
import type { Bilingual, Op } from '../types.js';
import { Rational } from './rational.js';

/** How a target is approached: a straight line, or a constant annual rate (geometric growth). */
export type Trajectory = 'linear' | 'compound';

/** A period as a month number (year x 12 + month - 1); a bare year `YYYY` is its December. */
export function monthIndex(period: string): number {
  const year = Number(period.slice(0, 4));
  const month = period.length > 4 ? Number(period.slice(5, 7)) : 12;
  return year * 12 + month - 1;
}

/** Orders periods in time: `2024` (its December) after `2024-06`, before `2025-01`. */
export function comparePeriods(a: string, b: string): number {
  return a === b ? 0 : monthIndex(a) - monthIndex(b) || a.localeCompare(b);
}

/** True when a period has reached a deadline: a year's deadline is due from its December on. */
export function isDue(period: string, deadline: string): boolean {
  return monthIndex(period) >= monthIndex(deadline);
}

/** What a period owes: the test a value must pass, and the number to show. */
export interface Milestone {
  /** Rising targets are met at or above the line, falling ones at or below it. */
  direction: 'rising' | 'falling';
  /** The line's value at the period; exact for linear lines. */
  exact?: Rational;
  /** The line's value as a number, for reports (compound lines are irrational in general). */
  approx: number;
  /** True when a value is on or ahead of the line, judged exactly. */
  meets(value: Rational): boolean;
}

/** Which way a target lies from its baseline, by its operator (`=` by where it lies). */
function directionOf(op: Op, baseline: Rational, target: Rational): Milestone['direction'] | undefined {
  if (op === '>=' || op === '>') return 'rising';
  if (op === '<=' || op === '<') return 'falling';
  if (op === '=') {
    const sign = target.compare(baseline);
    return sign > 0 ? 'rising' : sign < 0 ? 'falling' : undefined;
  }
  return undefined;
}

/** Integer power of a rational. */
function power(x: Rational, n: number): Rational {
  let result = Rational.of(1n)!;
  let base = x;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) result = result.mul(base);
    base = base.mul(base);
  }
  return result;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The inputs of a milestone: a line from `baseline` to `target`, `elapsed` of `total` months along it. */
export interface Line {
  baseline: Rational;
  target: Rational;
  op: Op;
  trajectory: Trajectory;
  elapsed: number;
  total: number;
}

/**
 * The milestone of a line at `elapsed` months, or undefined when there is none (a range, a target
 * equal to its baseline, no months to spread over). Before the baseline's end it is the baseline.
 */
export function milestone(line: Line): Milestone | undefined {
  const { baseline, target, op, trajectory, total } = line;
  const direction = directionOf(op, baseline, target);
  if (!direction || total <= 0) return undefined;
  const elapsed = Math.max(0, Math.min(line.elapsed, total));
  const sign = direction === 'rising' ? 1 : -1;
  if (trajectory === 'linear' || elapsed === 0) {
    const exact = baseline.add(target.sub(baseline).mul(Rational.of(BigInt(elapsed), BigInt(total))!));
    return { direction, exact, approx: exact.round(4), meets: (value) => value.compare(exact) * sign >= 0 };
  }
  // Compound: baseline x (target / baseline) ^ (m / M). value >= it  <=>  (value / baseline) ^ M >= (target / baseline) ^ m,
  // raising both sides (positive, as compound lines need) to the whole power M.
  const g = gcd(elapsed, total);
  const m = elapsed / g;
  const M = total / g;
  const ratio = target.div(baseline)!;
  const due = power(ratio, m);
  const approx = Number((baseline.toNumber() * ratio.toNumber() ** (m / M)).toFixed(4));
  const meets = (value: Rational): boolean => {
    const relative = value.div(baseline)!;
    if (relative.compare(Rational.ZERO) <= 0) return direction === 'falling';
    return power(relative, M).compare(due) * sign >= 0;
  };
  return { direction, approx, meets };
}

/** Why a compound line cannot be drawn: it needs a positive baseline and target. */
export function compoundProblem(baseline: number, target: number): Bilingual | undefined {
  if (baseline > 0 && target > 0) return undefined;
  return {
    en: `a compound trajectory needs a positive baseline and target (baseline ${baseline}, target ${target})`,
    zh: `复合增长的进度线须有正的基期值和目标值（基期值 ${baseline}，目标值 ${target}）`,
  };
}
