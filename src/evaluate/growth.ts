/**
 * Checking printed annual growth rates: the compound rate from a rule's baseline to its value
 * ((value / baseline) ^ (1 / years) - 1), rounded as the plan rounds, against the printed one.
 */
import type { Plan } from '../plan/plan.js';
import type { Result } from '../types.js';

/** One printed rate set against the compound rate it should be. */
export interface GrowthCheck {
  rule: string;
  period: string;
  /** `expected`: from the baseline to the target; `actual`: from the baseline to the value. */
  kind: 'expected' | 'actual';
  printed: string;
  /** The compound rate in percent, to two decimals. */
  computed: number;
  agrees: boolean;
}

/** Decimals of a printed percentage: `12.95%` -> 2, `10.0%` -> 1, `222%` -> 0. */
function decimals(printed: string): number {
  return /\.(\d+)%$/.exec(printed)?.[1]?.length ?? 0;
}

/** The average annual growth in percent from `from` to `to` over `years` (compound), or undefined where it has none. */
export function annualRate(from: number, to: number, years: number): number | undefined {
  if (from <= 0 || to < 0 || years <= 0) return undefined;
  return ((to / from) ** (1 / years) - 1) * 100;
}

/** True when a rate rounds, to the decimals a printed rate shows, to that printed rate. */
export function agreesWithPrinted(printed: string, rate: number): boolean {
  return Number(rate.toFixed(decimals(printed))) === Number(printed.slice(0, -1));
}

/** A growth check of a rate computed for a rule and period against the rate the plan printed; undefined without a rate. */
function growthCheck(
  rule: string,
  period: string,
  kind: GrowthCheck['kind'],
  printed: string,
  rate: number | undefined,
): GrowthCheck | undefined {
  if (rate === undefined) return undefined;
  return { rule, period, kind, printed, computed: Number(rate.toFixed(2)), agrees: agreesWithPrinted(printed, rate) };
}

/** The growth checks of every rule that prints rates, for its city results with a value. */
export function checkGrowth(plan: Plan, results: readonly Result[]): GrowthCheck[] {
  const checks: GrowthCheck[] = [];
  for (const rule of plan.rules) {
    const base = rule.baseline;
    if (!rule.printedGrowth || typeof base?.value !== 'number') continue;
    for (const result of results.filter((r) => r.rule === rule.id && r.level === 'city')) {
      const years = Number(result.period.slice(0, 4)) - base.year;
      const { expected, actual } = rule.printedGrowth;
      if (expected && typeof result.target === 'number') {
        const check = growthCheck(rule.id, result.period, 'expected', expected, annualRate(base.value, result.target, years));
        if (check) checks.push(check);
      }
      // A target the plan did not print leaves the value measured (no_data): its rate is still checked.
      if (actual && result.exact !== undefined) {
        const [n, d = '1'] = (result.exact ?? String(result.value)).split('/');
        const check = growthCheck(rule.id, result.period, 'actual', actual, annualRate(base.value, Number(n) / Number(d), years));
        if (check) checks.push(check);
      }
    }
  }
  return checks;
}
