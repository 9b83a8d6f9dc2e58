/**
 * Evaluating a plan on a batch: every rule per unit and period, then for the city. City values
 * need all units of the registry for the period; a ratio is a ratio of sums over the city's
 * rows; `min`/`max` take the lowest/highest unit value. Before a deadline a rule with a baseline
 * is judged on schedule against its milestone (docs/report.md); a miss says what it takes.
 */
import type { Plan, Rule, Target } from '../plan/plan.js';
import { inUnitSet, unitName, type Registry, type UnitSet } from '../registry.js';
import type { BaselineUsed, Progress, Result, Row, Status } from '../types.js';
import type { Batch } from '../validate/batch.js';
import type { ColumnSpec } from '../validate/columns.js';
import { extremeGap, gapField, gapOf, type GapContext, type Need } from './gap.js';
import { columnsOf } from './expression.js';
import { evaluateGroup, NoData, compare, type Outcome } from './metric.js';
import { Rational } from './rational.js';
import { isDue, milestone, monthIndex, type Milestone } from './schedule.js';

/** Each unit's own baseline, by rule id and unit code, from a drop of the baseline year. */
export type UnitBaselines = ReadonlyMap<string, ReadonlyMap<string, { value: Rational; file: string; period: string }>>;

/** Options of evaluation. */
export interface EvaluateOptions {
  /** Expected (预期性) targets missed count as fail, not warn. */
  strict?: boolean;
  /** Judge every period against the final targets, not the milestones ("is the target already met?"). */
  final?: boolean;
  /** Units' own baselines (`--baseline`); the plan's baseline serves the others. */
  baselines?: UnitBaselines;
}

/** What judging needs besides the result's own inputs. */
interface Context {
  registry: Registry;
  columns: ReadonlyMap<string, ColumnSpec>;
  gaps: GapContext;
  options: EvaluateOptions;
  /** Per rule: the rosters that give a column its metric reads. */
  rosterReads: Map<Rule, Set<string>>;
}

/** One thing to judge: a rule's value at a unit (or the city) and period, from these rows. */
interface Subject {
  rule: Rule;
  level: 'county' | 'city';
  unit: string;
  period: string;
  value: Outcome;
  target: Target;
  rows: readonly Row[];
  /** For a city value that is the lowest or highest unit's: each unit's rows. */
  extreme?: { which: 'min' | 'max'; groups: { unit: string; rows: readonly Row[] }[] };
}

/** Evaluates every rule of the plan on the batch, period by period. */
export function evaluatePlan(
  plan: Plan,
  batch: Batch,
  registry: Registry,
  columns: ReadonlyMap<string, ColumnSpec>,
  options: EvaluateOptions = {},
): Result[] {
  return [...evaluatePeriods(plan, batch, registry, columns, options)].flat();
}

/** The results of every rule, one period at a time in time order: a run of many periods need not hold them all. */
export function* evaluatePeriods(
  plan: Plan,
  batch: Batch,
  registry: Registry,
  columns: ReadonlyMap<string, ColumnSpec>,
  options: EvaluateOptions = {},
): Generator<Result[]> {
  const gaps: GapContext = {
    columns,
    nameOf: (code, lang) => nameOf(registry, code, lang),
    codeColumn: plan.columns.code,
    whole: registry.levels.city,
  };
  const givenBy = new Map(plan.rosters.flatMap((roster) => roster.gives.map((sum) => [sum.column, roster.id] as const)));
  const rosterReads = new Map(plan.rules.map((rule) => [rule, new Set(columnsOf(rule.metric).flatMap((c) => givenBy.get(c) ?? []))]));
  const context: Context = { registry, columns, options, gaps, rosterReads };
  for (const period of batch.sortedPeriods()) {
    const results: Result[] = [];
    const groups = batch.periods.get(period)!;
    const missing = registry.units.filter((unit) => !groups.has(unit.code)).map((unit) => unit.code);
    // The units a city value counts, each with its rows, and all their rows: the same for every rule of a unit set (most count them all).
    const cities = new Map<UnitSet, { groups: { unit: string; rows: readonly Row[] }[]; rows: readonly Row[] }>();
    const cityOf = (set: UnitSet) => {
      let city = cities.get(set);
      if (!city) {
        const unitGroups = registry.units
          .filter((unit) => inUnitSet(set, unit.code, registry))
          .map((unit) => ({ unit: unit.code, rows: groups.get(unit.code)! }));
        cities.set(set, (city = { groups: unitGroups, rows: unitGroups.flatMap((group) => group.rows) }));
      }
      return city;
    };
    for (const rule of plan.rules) {
      // Each subject made whole, in one shape, so that judging it reads the same fields of every one.
      const judgeHere = (
        level: Subject['level'],
        unit: string,
        value: Outcome,
        target: Target,
        rows: readonly Row[],
        extreme?: Subject['extreme'],
      ) => judge({ rule, level, unit, period, value, target, rows, extreme }, context);
      if (rule.levels.includes('county')) {
        for (const unit of registry.units) {
          const rows = groups.get(unit.code);
          if (!rows || !inUnitSet(rule.appliesTo, unit.code, registry)) continue;
          const target = rule.targetByUnit.get(unit.code) ?? rule.target;
          results.push(judgeHere('county', unit.code, evaluateGroup(rule.metric, rows, columns), target, rows));
        }
      }
      if (!rule.levels.includes('city')) continue;
      const code = registry.city.code;
      const target = rule.city.target ?? rule.target;
      if (rule.city.source === 'reported') {
        const own = groups.get(code) ?? [];
        results.push(judgeHere('city', code, evaluateGroup(rule.metric, own, columns), target, own));
        continue;
      }
      if (missing.length > 0) {
        results.push({ ...judgeHere('city', code, new NoData('missing-units'), target, []), missing });
        continue;
      }
      const { groups: unitGroups, rows } = cityOf(rule.city.units);
      const aggregate = rule.city.aggregate;
      if (aggregate === 'pooled') {
        // Figures that include what the whole registers itself count its own row, where it is given.
        const own = rule.city.ownRow ? (groups.get(code) ?? []) : [];
        const pooled = own.length > 0 ? [...rows, ...own] : rows;
        // The whole's own row, where counted, may be the one that leaves the value empty.
        const counted = own.length > 0 ? [...unitGroups, { unit: code, rows: own }] : unitGroups;
        const result = withoutValue(judgeHere('city', code, evaluateGroup(rule.metric, pooled, columns), target, pooled), counted, () =>
          counted.map((g) => evaluateGroup(rule.metric, g.rows, columns)),
        );
        results.push(rule.city.ownRow ? { ...result, own_row: own.length > 0 } : result);
        continue;
      }
      const outcomes = unitGroups.map((g) => evaluateGroup(rule.metric, g.rows, columns));
      results.push(
        withoutValue(
          judgeHere('city', code, extreme(outcomes, aggregate), target, rows, { which: aggregate, groups: unitGroups }),
          unitGroups,
          () => outcomes,
        ),
      );
    }
    yield results;
  }
}

/**
 * A city result that has no value for want of one a rule needs, with the units whose rows leave it
 * empty: those to ask. `outcomes`, each group's own value, is asked for only then.
 */
function withoutValue(result: Result, groups: readonly { unit: string }[], outcomes: () => readonly Outcome[]): Result {
  if (result.reason !== 'missing-value') return result;
  const each = outcomes();
  const empty = groups.filter((_, i) => {
    const own = each[i];
    return own instanceof NoData && own.reason === 'missing-value';
  });
  return empty.length ? { ...result, without_value: empty.map((group) => group.unit) } : result;
}

function nameOf(registry: Registry, code: string, lang: 'zh' | 'en'): string {
  const unit = registry.byCode.get(code) ?? (code === registry.city.code ? registry.city : undefined);
  return unit ? unitName(unit, lang, true) : code;
}

/** The lowest or highest of unit values; no value if any unit has none. */
function extreme(values: Outcome[], which: 'min' | 'max'): Outcome {
  for (const value of values) {
    if (value instanceof NoData) return value;
    if (!(value instanceof Rational)) return new NoData('missing-value');
  }
  return Rational.extreme(values as Rational[], which) ?? new NoData('no-rows');
}

function judge(subject: Subject, context: Context): Result {
  const { rule, level, unit, period, value, target, rows } = subject;
  const bounds = targetBounds(target, rows, context.columns);
  const schedule = bounds.values instanceof NoData ? undefined : scheduleOf(subject, bounds.values, context);
  const due = rule.deadline ? isDue(period, rule.deadline) : undefined;
  const judgedAgainst = schedule?.milestone && !context.options.final ? 'milestone' : 'target';
  // Keys in the order of the contract's example, extras after (a key of `extra` made already keeps its place).
  const result = (shown: number | null, status: Status, extra: Partial<Result>): Result => {
    const made: Result = {
      rule: rule.id,
      level,
      unit,
      period,
      value: shown,
      target: Array.isArray(bounds.shown) ? [bounds.shown[0]!, bounds.shown[1]!] : bounds.shown,
      op: target.op,
      status,
      attribute: rule.attribute,
    };
    if (schedule?.milestone) made.milestone = schedule.milestone.approx;
    if (schedule) made.progress = null;
    Object.assign(made, extra);
    if (due !== undefined) made.due = due;
    if (schedule) {
      made.judged_against = judgedAgainst;
      made.baseline = schedule.baseline;
    }
    const rosters = rostersOf(rule, rows, context);
    if (rosters) made.rosters = rosters;
    return made;
  };
  if (value instanceof NoData) return result(null, 'no_data', { reason: value.reason });
  if (!(value instanceof Rational)) return result(null, 'no_data', { reason: 'missing-value' });
  // A target the plan replaced without printing a number cannot be judged: the value is only measured.
  if (rule.targetNotPrinted)
    return result(null, 'no_data', { reason: 'target-not-printed', measured: displayValue(value, []), exact: value.toString() });
  if (bounds.values instanceof NoData) return result(null, 'no_data', { reason: bounds.values.reason });
  const need = targetNeed(target.op, bounds.values, value);
  const achieved = need.meets(value);
  const onTrack = schedule?.milestone ? schedule.milestone.meets(value) : undefined;
  const met = achieved || (judgedAgainst === 'milestone' && onTrack === true);
  const status: Status = met ? 'pass' : rule.attribute === 'binding' || context.options.strict ? 'fail' : 'warn';
  const progress: Progress | undefined = schedule ? (achieved ? 'achieved' : onTrack ? 'on_track' : 'behind') : undefined;
  const extra: Partial<Result> = progress ? { progress } : {};
  if (!achieved) {
    const gap = gapFor(subject, value, need, context);
    if (gap) extra.gap = gap;
    const line = schedule?.milestone;
    if (line && !onTrack) {
      const behind = gapFor(subject, value, milestoneNeed(line), context);
      if (behind) extra.gap_to_milestone = behind;
    }
  }
  const shownTargets = schedule?.milestone
    ? [...bounds.values, schedule.milestone.exact ?? Rational.fromNumber(schedule.milestone.approx)]
    : bounds.values;
  extra.exact = value.toString();
  return result(displayValue(value, shownTargets), status, extra);
}

/** The rosters a result's value was counted from, for some or all of its units; undefined for none. */
function rostersOf(rule: Rule, rows: readonly Row[], context: Context): string[] | undefined {
  const reads = context.rosterReads.get(rule);
  if (!reads?.size) return undefined;
  const used = new Set(rows.flatMap((row) => row.rosters?.filter((id) => reads.has(id)) ?? []));
  return used.size ? [...used] : undefined;
}

/** What meeting a target asks of a value; `=` aims at the target from the side the value is on. */
function targetNeed(op: Target['op'], bounds: readonly Rational[], value: Rational): Need {
  const [first, second] = bounds as [Rational, Rational?];
  if (op === 'between') {
    const below = value.compare(first) < 0;
    return { meets: (v) => v.compare(first) >= 0 && v.compare(second!) <= 0, bound: below ? first : second! };
  }
  return { meets: (v) => compare(op, v.compare(first)), bound: first };
}

/** What being on schedule asks of a value. */
function milestoneNeed(line: Milestone): Need {
  return { meets: (v) => line.meets(v), bound: line.exact ?? Rational.fromNumber(line.approx) };
}

/** The gap of a subject of this value against a need: its rows', or for a lowest-unit city value, each short unit's. */
function gapFor(subject: Subject, value: Rational, need: Need, context: Context) {
  const field = gapField(subject.rule.metric, subject.rule.gapField, context.columns);
  if (!subject.extreme) return gapOf(subject.rule.metric, subject.rows, value, need, field, context.gaps);
  const short = [];
  for (const group of subject.extreme.groups) {
    const value = evaluateGroup(subject.rule.metric, group.rows, context.columns);
    if (!(value instanceof Rational) || need.meets(value)) continue;
    const gap = gapOf(subject.rule.metric, group.rows, value, need, field, context.gaps);
    if (gap) short.push({ unit: group.unit, value, gap });
  }
  return extremeGap(short, subject.extreme.which, context.gaps);
}

/**
 * The line a subject is judged along: its baseline (the unit's own where given, else the plan's)
 * and, before the deadline, its milestone. None for a rule without a numeric baseline or deadline.
 */
function scheduleOf(
  subject: Subject,
  bounds: readonly Rational[],
  context: Context,
): { baseline: BaselineUsed; milestone?: Milestone } | undefined {
  const { rule, level, unit, period } = subject;
  const planned = rule.baseline;
  if (typeof planned?.value !== 'number' || !rule.deadline) return undefined;
  const own = level === 'county' ? context.options.baselines?.get(rule.id)?.get(unit) : undefined;
  const baseline: BaselineUsed = own
    ? { value: own.value.round(4), source: 'unit', file: own.file, period: own.period }
    : { value: planned.value, source: 'plan' };
  const start = monthIndex(`${planned.year}-12`);
  const total = monthIndex(rule.deadline) - start;
  if (isDue(period, rule.deadline) || subject.target.op === 'between' || subject.target.value.kind !== 'number') return { baseline };
  const line = milestone({
    baseline: own?.value ?? Rational.fromNumber(planned.value),
    target: bounds[0]!,
    op: subject.target.op,
    trajectory: rule.trajectory,
    elapsed: monthIndex(period) - start,
    total,
  });
  return line ? { baseline, milestone: line } : { baseline };
}

/** A target's amounts and how to show them, worked out once for a target of numbers alone. */
type Bounds = { values: Rational[] | NoData; shown: Result['target'] };
const numberBounds = new WeakMap<Target, Bounds>();

/** The target's amounts for these rows (a target may be a column), and how to show them. */
function targetBounds(target: Target, rows: readonly Row[], columns: ReadonlyMap<string, ColumnSpec>): Bounds {
  const known = numberBounds.get(target);
  if (known) return known;
  const amounts = target.op === 'between' ? [target.min, target.max] : [target.value];
  const values: Rational[] = [];
  for (const amount of amounts) {
    const value =
      amount.kind === 'number'
        ? Rational.fromNumber(Number(amount.value))
        : rows.length
          ? evaluateGroup(amount, rows, columns)
          : new NoData('missing-value');
    if (!(value instanceof Rational)) return { values: value instanceof NoData ? value : new NoData('missing-value'), shown: null };
    values.push(value);
  }
  const shown = values.map((v) => v.round(4));
  const bounds = { values, shown: shown.length === 2 ? [shown[0]!, shown[1]!] : shown[0]! } satisfies Bounds;
  if (amounts.every((amount) => amount.kind === 'number')) numberBounds.set(target, bounds);
  return bounds;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A value for people and JSON: two decimals, unless that would put it on another side of a
 * number it is read against than it lies on, or on it (54.999 shown as 55.00 against a target of
 * 55; a milestone of 55.9167 shown as 55.92 beside a value of 55.917): then as many decimals as
 * keep it on its side.
 */
export function displayValue(value: Rational, targets: readonly Rational[]): number {
  // A whole number a double holds is shown as it is, and so can look like no value it is not.
  if (value.d === 1n && value.n <= SAFE && value.n >= -SAFE) return Number(value.n);
  for (let digits = 2; digits <= 12; digits++) {
    const shown = value.round(digits);
    const misleading = targets.some((t) => {
      const side = value.compare(t);
      return side !== 0 && Rational.fromNumber(shown).compare(t) !== side;
    });
    if (!misleading) return shown;
  }
  return value.toNumber();
}
