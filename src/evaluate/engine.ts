/**
 * Evaluating a plan on a batch: every rule per unit and period, then for the city. City values
 * need all units of the registry for the period; a ratio is a ratio of sums over the city's
 * rows; `min`/`max` take the lowest/highest unit value.
 */
import type { Plan, Rule, Target } from '../plan/plan.js';
import { inUnitSet, type Registry } from '../registry.js';
import type { Result, Row, Status } from '../types.js';
import type { Batch } from '../validate/batch.js';
import { evaluateGroup, NoData, compare, type ColumnUnits, type Outcome } from './metric.js';
import { Rational } from './rational.js';

/** Options of evaluation. */
export interface EvaluateOptions {
  /** Expected (预期性) targets missed count as fail, not warn. */
  strict?: boolean;
}

/** Evaluates every rule of the plan on the batch, period by period. */
export function evaluatePlan(plan: Plan, batch: Batch, registry: Registry, units: ColumnUnits, options: EvaluateOptions = {}): Result[] {
  const results: Result[] = [];
  for (const period of batch.sortedPeriods()) {
    const groups = batch.periods.get(period)!;
    const missing = registry.units.filter((unit) => !groups.has(unit.code)).map((unit) => unit.code);
    for (const rule of plan.rules) {
      if (rule.levels.includes('county')) {
        for (const unit of registry.units) {
          const rows = groups.get(unit.code);
          if (!rows || !inUnitSet(rule.appliesTo, unit.code, registry)) continue;
          const target = rule.targetByUnit.get(unit.code) ?? rule.target;
          results.push(judge(rule, 'county', unit.code, period, evaluateGroup(rule.metric, rows, units), target, rows, units, options));
        }
      }
      if (rule.levels.includes('city')) {
        const code = registry.city.code;
        if (rule.city.source === 'reported') {
          const own = groups.get(code) ?? [];
          results.push(judge(rule, 'city', code, period, evaluateGroup(rule.metric, own, units), rule.city.target ?? rule.target, own, units, options));
          continue;
        }
        if (missing.length > 0) {
          results.push({ ...judge(rule, 'city', code, period, new NoData('missing-units'), rule.city.target ?? rule.target, [], units, options), missing });
          continue;
        }
        const cityUnits = registry.units.filter((unit) => inUnitSet(rule.city.units, unit.code, registry));
        const rows = cityUnits.flatMap((unit) => groups.get(unit.code)!);
        const value =
          rule.city.aggregate === 'pooled'
            ? evaluateGroup(rule.metric, rows, units)
            : extreme(cityUnits.map((unit) => evaluateGroup(rule.metric, groups.get(unit.code)!, units)), rule.city.aggregate);
        results.push(judge(rule, 'city', code, period, value, rule.city.target ?? rule.target, rows, units, options));
      }
    }
  }
  return results;
}

/** The lowest or highest of unit values; no value if any unit has none. */
function extreme(values: Outcome[], which: 'min' | 'max'): Outcome {
  for (const value of values) {
    if (value instanceof NoData) return value;
    if (!(value instanceof Rational)) return new NoData('missing-value');
  }
  return Rational.extreme(values as Rational[], which) ?? new NoData('no-rows');
}

function judge(
  rule: Rule,
  level: 'county' | 'city',
  unit: string,
  period: string,
  value: Outcome,
  target: Target,
  rows: readonly Row[],
  units: ColumnUnits,
  options: EvaluateOptions,
): Result {
  const bounds = targetBounds(target, rows, units);
  // Keys in the order of the contract's example, extras after.
  const result = (value: number | null, status: Status, extra: Partial<Result>): Result => ({
    rule: rule.id,
    level,
    unit,
    period,
    value,
    target: bounds.shown,
    op: target.op,
    status,
    attribute: rule.attribute,
    ...(rule.deadline ? { due: isDue(period, rule.deadline) } : {}),
    ...extra,
  });
  if (value instanceof NoData) return result(null, 'no_data', { reason: value.reason });
  if (!(value instanceof Rational)) return result(null, 'no_data', { reason: 'missing-value' });
  if (bounds.values instanceof NoData) return result(null, 'no_data', { reason: bounds.values.reason });
  const [first, second] = bounds.values as [Rational, Rational?];
  const met = target.op === 'between' ? value.compare(first) >= 0 && value.compare(second!) <= 0 : compare(target.op, value.compare(first));
  const status: Status = met ? 'pass' : rule.attribute === 'binding' || options.strict ? 'fail' : 'warn';
  return result(displayValue(value, bounds.values), status, { exact: value.toString() });
}

/** True when a period has reached a deadline: a year's deadline is its December (or the year itself). */
export function isDue(period: string, deadline: string): boolean {
  const end = deadline.length === 4 ? `${deadline}-12` : deadline;
  const at = period.length === 4 ? `${period}-12` : period;
  return at >= end;
}

/** The target's amounts for these rows (a target may be a column), and how to show them. */
function targetBounds(target: Target, rows: readonly Row[], units: ColumnUnits): { values: Rational[] | NoData; shown: Result['target'] } {
  const amounts = target.op === 'between' ? [target.min, target.max] : [target.value];
  const values: Rational[] = [];
  for (const amount of amounts) {
    const value = amount.kind === 'number' ? Rational.fromNumber(Number(amount.value)) : rows.length ? evaluateGroup(amount, rows, units) : new NoData('missing-value');
    if (!(value instanceof Rational)) return { values: value instanceof NoData ? value : new NoData('missing-value'), shown: null };
    values.push(value);
  }
  const shown = values.map((v) => v.round(4));
  return { values, shown: shown.length === 2 ? [shown[0]!, shown[1]!] : shown[0]! };
}

/**
 * A value for people and JSON: two decimals, unless that would look like a tie that is not
 * one (54.999 shown as 55.00 against a target of 55): then as many decimals as tell them apart.
 */
export function displayValue(value: Rational, targets: readonly Rational[]): number {
  for (let digits = 2; digits <= 12; digits++) {
    const shown = value.round(digits);
    const misleading = targets.some((t) => value.compare(t) !== 0 && Rational.fromNumber(shown).compare(t) === 0);
    if (!misleading) return shown;
  }
  return value.toNumber();
}
