/**
 * The plan's completion table (完成情况), in the form of the plan's own Table 1: for each
 * indicator at a date, its baseline, target and actual value, the planned and actual average
 * annual growth (compound), and whether it is met; before a deadline (a mid-term evaluation,
 * 中期评估), whether it is on schedule. For the city and for each unit.
 */
import type { Report } from '../check.js';
import { UsageError } from '../errors.js';
import type { Rule } from '../plan/plan.js';
import { inUnitSet } from '../registry.js';
import type { Bilingual, Gap, Result, Status } from '../types.js';
import { agreesWithPrinted, annualRate } from './growth.js';
import { comparePeriods, isDue, monthIndex } from './schedule.js';

/** 完成情况: met or not by the deadline; before it, on schedule or behind. */
export type Completion = 'met' | 'not_met' | 'on_track' | 'behind' | 'no_data';

/** One row of the completion table: an indicator at one unit (or the city) at the evaluation date. */
export interface CompletionRow {
  rule: string;
  indicator: Bilingual;
  /** The unit of measure of baseline, target and actual. */
  measure: Bilingual;
  level: Result['level'];
  unit: string;
  attribute: Result['attribute'];
  baseline: { year: number | null; value: number | null; printed: string; source: 'plan' | 'unit' | null };
  target: { value: Result['target']; op: Result['op']; printed: string; deadline: string | null };
  /** The value at the evaluation date, or null. */
  actual: number | null;
  milestone: number | null;
  /** Average annual growth in percent, compound: baseline to target over the plan's years, and baseline to actual. */
  planned_growth: number | null;
  actual_growth: number | null;
  /** Growth rates as the plan prints them, and whether the computed ones round to them. */
  printed_growth: { planned?: string; actual?: string; planned_agrees?: boolean; actual_agrees?: boolean } | null;
  completion: Completion;
  /** The 完成情况 the plan prints, where it prints one. */
  printed_completion: string | null;
  /** Why there is no value or no judgement (target-not-printed: the plan replaced the target without a number). */
  reason: Result['reason'] | null;
  /** For the whole's row without a value: the units that left empty a value it needs (the result's without_value). */
  without_value: string[] | null;
  status: Status | null;
  gap: Gap | null;
}

/** The completion table of a plan at a date. */
export interface CompletionTable {
  plan: string;
  as_of: string;
  /** final (终期评估) from the plan's last month on, mid-term (中期评估) before. */
  stage: 'final' | 'mid-term';
  rows: CompletionRow[];
  summary: Record<Completion, number>;
}

const percent = (rate: number | undefined) => (rate === undefined ? null : Number(rate.toFixed(2)));

/** The completion table of a checked history at `asOf` (default: its latest period). */
export function completionTable(report: Report, asOf?: string): CompletionTable {
  const periods = [...new Set(report.results.map((r) => r.period))].sort(comparePeriods);
  const date = asOf ?? periods.at(-1) ?? `${report.plan.period.end}`;
  if (asOf && periods.length > 0 && !periods.some((p) => monthIndex(p) === monthIndex(asOf))) {
    throw new UsageError(`asOf ${asOf}: the drops hold no period ${asOf} (they hold ${periods.join(', ')})`, {
      option: 'asOf',
      zh: `asOf ${asOf}：报送数据中没有报告期 ${asOf}（只有 ${periods.join('、')}）`,
    });
  }
  const at = new Map(
    report.results.filter((r) => monthIndex(r.period) === monthIndex(date)).map((r) => [`${r.rule}|${r.level}|${r.unit}`, r]),
  );
  const rows: CompletionRow[] = [];
  const { city, units } = report.registry;
  for (const level of ['city', 'county'] as const) {
    const codes = level === 'city' ? [city.code] : units.map((u) => u.code);
    for (const code of codes) {
      for (const rule of report.plan.rules) {
        if (!rule.levels.includes(level) || (level === 'county' && !inUnitSet(rule.appliesTo, code, report.registry))) continue;
        rows.push(completionRow(rule, level, code, at.get(`${rule.id}|${level}|${code}`), date));
      }
    }
  }
  const summary: Record<Completion, number> = { met: 0, not_met: 0, on_track: 0, behind: 0, no_data: 0 };
  for (const row of rows) summary[row.completion]++;
  const stage = monthIndex(date) >= monthIndex(String(report.plan.period.end)) ? 'final' : 'mid-term';
  return { plan: report.plan.id, as_of: date, stage, rows, summary };
}

function completionRow(rule: Rule, level: Result['level'], unit: string, result: Result | undefined, date: string): CompletionRow {
  const planned = rule.baseline;
  const baselineValue = result?.baseline?.value ?? (typeof planned?.value === 'number' ? planned.value : null);
  const targetValue = result?.target ?? null;
  const start = planned ? monthIndex(`${planned.year}-12`) : undefined;
  const years = (month: number) => (start === undefined ? 0 : (month - start) / 12);
  const plannedRate =
    baselineValue !== null && typeof targetValue === 'number' && rule.deadline
      ? annualRate(baselineValue, targetValue, years(monthIndex(rule.deadline)))
      : undefined;
  const actual = result?.value ?? result?.measured ?? null;
  // The actual rate from the exact value, not the rounded one shown.
  const exact = result?.exact?.split('/').map(Number);
  const actualExact = exact ? exact[0]! / (exact[1] ?? 1) : actual;
  const actualRate =
    baselineValue !== null && actualExact !== null ? annualRate(baselineValue, actualExact, years(monthIndex(date))) : undefined;
  const [plannedGrowth, actualGrowth] = [percent(plannedRate), percent(actualRate)];
  const printed = rule.printedGrowth;
  return {
    rule: rule.id,
    indicator: rule.title,
    measure: rule.unit,
    level,
    unit,
    attribute: rule.attribute,
    baseline: {
      year: planned?.year ?? null,
      value: baselineValue,
      printed: planned?.printed ?? '——',
      source: result?.baseline?.source ?? (baselineValue === null ? null : 'plan'),
    },
    target: {
      value: targetValue,
      op: result?.op ?? (rule.target.op as Result['op']),
      printed: rule.printedTarget ?? rule.target.printed,
      deadline: rule.deadline ?? null,
    },
    actual,
    milestone: result?.milestone ?? null,
    planned_growth: plannedGrowth,
    actual_growth: actualGrowth,
    printed_growth: printed
      ? {
          ...(printed.expected
            ? {
                planned: printed.expected,
                ...(plannedRate !== undefined ? { planned_agrees: agreesWithPrinted(printed.expected, plannedRate) } : {}),
              }
            : {}),
          ...(printed.actual
            ? {
                actual: printed.actual,
                ...(actualRate !== undefined ? { actual_agrees: agreesWithPrinted(printed.actual, actualRate) } : {}),
              }
            : {}),
        }
      : null,
    completion: completionOf(rule, result, date),
    printed_completion: rule.printedCompletion ?? null,
    reason: result?.reason ?? null,
    without_value: result?.without_value ?? null,
    status: result?.status ?? null,
    gap: result?.gap ?? null,
  };
}

/** 完成情况 of a result at the evaluation date. */
function completionOf(rule: Rule, result: Result | undefined, date: string): Completion {
  if (!result || result.status === 'no_data') return 'no_data';
  const due = !rule.deadline || isDue(date, rule.deadline);
  if (due || !result.progress) return result.status === 'pass' ? 'met' : 'not_met';
  return result.progress === 'achieved' ? 'met' : result.progress === 'on_track' ? 'on_track' : 'behind';
}
