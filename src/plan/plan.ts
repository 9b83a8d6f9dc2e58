/**
 * A plan as the engine uses it: rules with parsed metrics and targets, checked against the
 * submission columns and the registry.
 */
import type { Roster } from './rosters.js';
import type { Bilingual, Op } from '../types.js';
import type { Expr } from '../evaluate/expression.js';
import type { Trajectory } from '../evaluate/schedule.js';
import type { Registry, UnitSet } from '../registry.js';
import type { Columns } from '../validate/columns.js';

/** A target: a comparison with an amount, or a range. Amounts are expressions (numbers included). */
export type Target =
  { op: Exclude<Op, 'between'>; value: Expr; printed: string } | { op: 'between'; min: Expr; max: Expr; printed: string };

/** Which units a setting covers: all, a named group of the registry, or a list of codes. */
export type { UnitSet } from '../registry.js';

/** One checkable target of the plan. */
export interface Rule {
  readonly id: string;
  readonly title: Bilingual;
  readonly attribute: 'binding' | 'expected';
  readonly levels: ('county' | 'city')[];
  readonly unit: Bilingual;
  readonly metric: Expr;
  readonly metricText: string;
  readonly target: Target;
  readonly targetByUnit: Map<string, Target>;
  readonly appliesTo: UnitSet;
  /** How the city value is made: from the units' rows, or read from the city's own row. */
  readonly city: {
    aggregate: 'pooled' | 'min' | 'max';
    units: UnitSet;
    source: 'units' | 'reported';
    target?: Target;
    /** Pooled with the units, the whole's own row where it is given (figures the whole registers itself, 市本级). */
    ownRow: boolean;
  };
  /** The plan prints no number to check against (a footnote replaced the target): results are no_data, target-not-printed. */
  readonly targetNotPrinted?: Bilingual;
  /** The plan's own 完成情况 (as a completion table prints it), to set beside the computed one. */
  readonly printedCompletion?: string;
  /** Annual growth rates as the plan prints them, e.g. `-20.51%`, checked against the compound rate; `completed` is the value printed beside them. */
  readonly printedGrowth?: { expected?: string; actual?: string; completed?: number };
  /** The total a 专栏 box prints for the allocations of target_by_unit, and the part outside the units. */
  readonly boxTotal?: { value: number; outsideUnits?: number };
  readonly deadline?: string;
  readonly baseline?: { year: number; value?: number | null; printed: string };
  /** How the target is approached from the baseline before the deadline: a straight line (default) or a constant annual rate. */
  readonly trajectory: Trajectory;
  /** The column a miss is counted in (default: the metric's first number column). */
  readonly gapField?: string;
  readonly printedTarget?: string;
  readonly source: { table?: string; row?: number; chapter?: string; section?: string; box?: string; quote?: string };
  readonly note?: Bilingual;
}

/** A statement of the plan listed without a rule, with the reason. */
export interface Listed {
  id: string;
  source: Rule['source'];
  reason: Bilingual;
}

/**
 * A number or a wording of the plan that other statements of it should agree with: a printed
 * number and how the plan's other numbers give it, a percentage that must be a share of a whole
 * count, or wordings compared by reading.
 */
export interface Figure {
  id: string;
  title: Bilingual;
  quotes: { where: string; quote: string }[];
  printed?: number;
  expression?: Expr;
  expressionText?: string;
  shareOf?: number;
  decimals?: number;
  consistent?: boolean;
  note?: Bilingual;
}

/** A loaded plan. */
export interface Plan {
  readonly id: string;
  readonly title: Bilingual;
  readonly issuer: Bilingual;
  readonly document?: string;
  readonly published?: string;
  readonly period: { start: number; end: number };
  readonly baselineYear: number;
  /** Where the submission schema the plan's data follows came from (for messages and listings). */
  readonly submission: string;
  /** The region: the whole, its units and groups, and the words reports use for them. */
  readonly registry: Registry;
  /** The submission's columns, their roles and the compiled row validator. */
  readonly columns: Columns;
  /** Record-level rosters whose rows add up to summary columns (plan/rosters.ts). */
  readonly rosters: readonly Roster[];
  readonly source?: string;
  readonly rules: readonly Rule[];
  /** Targets the plan states without a number: listed, not checked. */
  readonly unquantified: Listed[];
  /** Numbers the plan states that are not targets (investment estimates, projections): listed, with the reason. */
  readonly outOfScope: Listed[];
  /** The plan's own arithmetic and wordings, for plan-check audit. */
  readonly figures: Figure[];
  /** The file it was loaded from. */
  readonly file: string;
}
