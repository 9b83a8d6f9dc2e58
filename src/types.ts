/**
 * The contract between the pipeline's stages: what is read, what is checked, what is reported.
 */
import type { Rational } from './evaluate/rational.js';

/** Interface languages of messages and reports. */
export type Lang = 'zh' | 'en';

/** A text in both languages the project speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Where a finding or a cell stands: 1-based physical line of the file and 1-based field number. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** How serious a finding is: errors make the exit code 2, the others are shown only. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding about the input: a catalog code, its place and the values its message needs. */
export interface Issue {
  code: string;
  severity: Severity;
  file: string;
  line?: number;
  column?: number;
  field?: string;
  /** Values interpolated into the catalog's message template. */
  params?: Record<string, string | number>;
}

/** A normalised cell value: numbers as parsed, booleans, text, or null for "not reported". */
export type CellValue = number | boolean | string | null;

/** One data row after reading and normalising, with the position of each of its cells. */
export interface Row {
  file: string;
  /** Line where the record starts. */
  line: number;
  /** Column id -> value, every column of its header (null where empty or invalid); nothing inherited, not even from Object.prototype. */
  values: Record<string, CellValue>;
  /** Column id -> 1-based field number in the file (shared by the rows of a file: read only). */
  columns: Readonly<Record<string, number>>;
  /**
   * Column id -> the exact value where a header's unit was converted into the column's and a
   * number cannot hold the result (8,300 元/人·年 is 691⅔ 元/人·月); evaluation reads it first.
   */
  exact?: Readonly<Record<string, Rational>>;
  /**
   * Column id -> the unit its header states, where that is another than the column's and its numbers
   * were converted (万户 against 户; shared by the rows of a file: read only): a fix names figures in it.
   */
  stated?: Readonly<Record<string, string>>;
  /**
   * False when the row cannot be placed or trusted (undecodable bytes, no valid code or period,
   * a name that contradicts its code): it is reported and not evaluated. Cells that break the
   * schema do not make a row invalid: they become null and the rest of the row still counts.
   */
  valid: boolean;
  /** The roster the row was read as (plan/rosters.ts); none for a summary row. */
  roster?: string;
  /** For a summary row: the rosters whose totals it holds (in place of, or beside, what was reported). */
  rosters?: readonly string[];
  /** A summary row made of rosters' totals alone: the unit sent no summary row of the period. */
  rosterOnly?: boolean;
}

/** The result status of one rule at one unit and period (docs/report.md). */
export type Status = 'pass' | 'fail' | 'warn' | 'no_data';

/** Comparison operators a target may use. */
export type Op = '>=' | '>' | '<=' | '<' | '=' | 'between';

/** Where a result stands on the way to its final target (docs/report.md). */
export type Progress = 'achieved' | 'on_track' | 'behind';

/** The least change that closes a miss, in the indicator's own terms (docs/report.md: `gap`). */
export interface Gap {
  /** How much, always positive; `change` says which way. */
  amount: number;
  /** The column's unit in Chinese, as the plan writes it (张, 人, 元/人·年). */
  unit: string;
  unit_en: string;
  /** The column that has to change. */
  field: string;
  change: 'increase' | 'decrease';
  /** For a share of units: the units that lack it; for a lowest-unit city value: the units short of it. */
  units?: string[];
  /** For a lowest-unit city value: the unit that sets it (the amount is what that unit needs). */
  lowest?: string;
  /** The gap as a sentence. */
  text: Bilingual;
}

/** The baseline a result's milestone line starts from: the plan's, or the unit's own. */
export interface BaselineUsed {
  value: number;
  source: 'plan' | 'unit';
  /** For a unit's own baseline: the file and period it was computed from. */
  file?: string;
  period?: string;
}

/** Why a result has no value. */
export type NoDataReason = 'missing-value' | 'zero-denominator' | 'missing-units' | 'no-rows' | 'target-not-printed' | 'out-of-range';

/** One evaluated result, as in the JSON report plus a few fields of its own. */
export interface Result {
  rule: string;
  level: 'county' | 'city';
  unit: string;
  period: string;
  value: number | null;
  target: number | [number, number] | null;
  op: Op;
  status: Status;
  attribute: 'binding' | 'expected';
  /** Before the deadline, for a rule with a baseline: what the period owes on the way to the target. */
  milestone?: number;
  /** For a rule with a baseline: achieved, on_track, behind, or null without a value. */
  progress?: Progress | null;
  /** For a value that misses its final target: what it takes. */
  gap?: Gap;
  /** For a value behind its milestone: what it takes to be on schedule. */
  gap_to_milestone?: Gap;
  /** The exact value as a fraction `n/d`, so that ties can be checked by a script. */
  exact?: string;
  reason?: NoDataReason;
  /** For city results that could not be computed: the units without a row. */
  missing?: string[];
  /** For a city result of reason missing-value: the units whose rows leave empty a value the rule needs. */
  without_value?: string[];
  /** For rules with a deadline: whether the period has reached it (2025 is due from 2025-12 on). */
  due?: boolean;
  /** What the status was judged against: the milestone (on schedule) or the final target. */
  judged_against?: 'milestone' | 'target';
  /** For a rule with a baseline: the one its line starts from. */
  baseline?: BaselineUsed;
  /** For a whole's value that pools its own row (own_row): whether that row was given and counted. */
  own_row?: boolean;
  /** The rosters (plan/rosters.ts) the value was counted from, for some or all of its units. */
  rosters?: string[];
  /** For a target the plan does not print (no_data, target-not-printed): the value that was measured. */
  measured?: number;
}
