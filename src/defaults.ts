/**
 * The defaults and fixed choices of plan-check in one place: the plan used when none is named and
 * where the built-in plans, registry and schema are, how many problems a file lists, the words of a
 * total row every region shares, and how comparison operators are shown.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from './paths.js';

/** The built-in plans' folder. */
export const PLANS_DIR = 'data/plans';

/** The plan used when none is named: the built-in plan data/plans/default.txt names. */
export const DEFAULT_PLAN = readFileSync(packagePath(`${PLANS_DIR}/default.txt`), 'utf8').trim();

/** The file a plan folder holds its plan in. */
export const PLAN_FILE = 'plan.yaml';

/** Where the built-in plans' registry lives. */
export const DEFAULT_REGISTRY = 'data/units.yaml';

/** The schema of the built-in 14th plan, and the name a plan's `submission:` may give alone. */
export const DEFAULT_SUBMISSION = 'submission';

/** Problems listed per file by default (--max-errors). */
export const DEFAULT_MAX_ERRORS = 1000;

/** Words that mark a total row in any region's files, besides its own (a registry's total_words) and the whole's names. */
export const COMMON_TOTAL_WORDS = ['合计', '总计', '小计', '总数', 'total', 'sum'];

/** Comparison operators as people write them. */
export const OP_SIGN: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };
