/**
 * plan-check as a library: check submissions against a plan from a script.
 *
 *   import { check, exitCode, REPORTERS } from 'plan-check';
 *   const report = await check(['submissions/'], { strict: true });
 *   const table = completionTable(report, '2023-06');   // the mid-term evaluation
 *   const league = rankUnits(report.results, 'T2-10', 'gap');
 */
export { check, exitCode, summarize, type CheckOptions, type Report } from './check.js';
export type { History } from './history.js';
export { loadPlan, loadPlanFile, builtinPlanIds } from './plan/load.js';
export { DEFAULT_PLAN } from './defaults.js';
export type { Plan, Rule, Target } from './plan/plan.js';
export { registry, type Registry, type Unit } from './registry.js';
export { REPORTERS, type Reporter, type ReporterOptions } from './report/index.js';
export { CATALOG, messageOf, hintOf } from './catalog.js';
export { PlanCheckError, PlanError, UsageError } from './errors.js';
export { Rational } from './evaluate/rational.js';
export { parseExpression } from './evaluate/expression.js';
export { completionTable, type CompletionRow, type CompletionTable, type Completion } from './evaluate/completion.js';
export { rankUnits, type Ranking, type RankBy } from './evaluate/rank.js';
export { compareResults, type ComparedResult, type Comparison, type Change } from './evaluate/compare.js';
export { milestone, monthIndex, comparePeriods, type Milestone, type Trajectory } from './evaluate/schedule.js';
export { PRINTABLE_FORMATS, type Printable } from './report/printable.js';
export { completionPrintable } from './report/completion.js';
export { rankPrintable } from './report/rank.js';
export type * from './types.js';
