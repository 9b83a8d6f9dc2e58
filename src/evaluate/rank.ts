/**
 * The league table of one rule for a period (the bureau's monthly meeting): units ordered by
 * value (best first for the target's direction), by what they still lack, or by progress. Ties
 * are judged on the exact values and share a rank (1, 2, 2, 4).
 */
import type { Result } from '../types.js';
import { Rational } from './rational.js';
import { comparePeriods } from './schedule.js';

/** What the units are ordered by. */
export type RankBy = 'value' | 'gap' | 'progress';

/** One place of the league table. */
export interface Place {
  rank: number;
  result: Result;
}

/** The league table of a rule. */
export interface Ranking {
  rule: string;
  period: string | null;
  by: RankBy;
  places: Place[];
  /** The city's result for the same period, for reference. */
  city: Result | null;
}

const exactOf = (r: Result): Rational | undefined => {
  if (r.value === null || !r.exact) return undefined;
  const [n, d = '1'] = r.exact.split('/');
  return Rational.of(BigInt(n!), BigInt(d));
};

/** +1 when a higher value is better for the result's target, -1 when lower is. */
function better(r: Result): 1 | -1 {
  return r.op === '<=' || r.op === '<' ? -1 : 1;
}

const PROGRESS_ORDER: Record<string, number> = { achieved: 0, on_track: 1, behind: 2 };

/**
 * Orders two results, best first; 0 for a tie. Units without a value come last. By value: in the
 * target's direction (a range: nearest to it). By gap: those that meet their target first, then
 * the smallest amount still needed. By progress: achieved, on track, behind, then by value.
 */
function order(by: RankBy, a: Result, b: Result): number {
  const [x, y] = [exactOf(a), exactOf(b)];
  if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1);
  const byValue = () => {
    if (Array.isArray(a.target) && Array.isArray(b.target)) {
      // A range: nearest to it first, exactly.
      const off = (v: Rational, [low, high]: [number, number]) =>
        Rational.extreme([Rational.fromNumber(low).sub(v), Rational.ZERO, v.sub(Rational.fromNumber(high))], 'max')!;
      return off(x, a.target).compare(off(y, b.target));
    }
    return y.compare(x) * better(a);
  };
  if (by === 'gap') {
    const need = (r: Result) => (r.gap ? r.gap.amount : 0);
    return need(a) - need(b) || byValue();
  }
  if (by === 'progress') {
    const place = (r: Result) => (r.progress ? PROGRESS_ORDER[r.progress]! : r.status === 'pass' ? 0 : 2);
    return place(a) - place(b) || byValue();
  }
  return byValue();
}

/** The league table of a rule's county results at a period (default: the latest with results). */
export function rankUnits(results: readonly Result[], rule: string, by: RankBy, period?: string): Ranking {
  const ofRule = results.filter((r) => r.rule === rule);
  const at =
    period ??
    ofRule
      .map((r) => r.period)
      .sort(comparePeriods)
      .at(-1) ??
    null;
  const units = ofRule.filter((r) => r.level === 'county' && r.period === at);
  const sorted = [...units].sort((a, b) => order(by, a, b));
  const places: Place[] = [];
  sorted.forEach((result, i) => {
    const tied = i > 0 && order(by, sorted[i - 1]!, result) === 0;
    places.push({ rank: tied ? places[i - 1]!.rank : i + 1, result });
  });
  return { rule, period: at, by, places, city: ofRule.find((r) => r.level === 'city' && r.period === at) ?? null };
}
