/**
 * plan-check as a library: check submissions against a plan from a script.
 *
 *   import { check, exitCode, REPORTERS } from 'plan-check';
 *   const report = await check(['submissions/'], { strict: true });
 */
export { check, exitCode, summarize, type CheckOptions, type Report } from './check.js';
export { loadPlan, loadPlanFile, builtinPlanIds, DEFAULT_PLAN } from './plan/load.js';
export type { Plan, Rule, Target } from './plan/plan.js';
export { registry, type Registry, type Unit } from './registry.js';
export { REPORTERS, type Reporter, type ReporterOptions } from './report/index.js';
export { CATALOG, messageOf, hintOf } from './catalog.js';
export { PlanCheckError, PlanError, UsageError } from './errors.js';
export { Rational } from './evaluate/rational.js';
export { parseExpression } from './evaluate/expression.js';
export type * from './types.js';
