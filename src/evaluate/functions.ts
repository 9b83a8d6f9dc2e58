/**
 * The functions a metric may call. Aggregates take an expression evaluated on each row of a
 * unit's period (or of the whole city); the others work on one value.
 */

/** What a function expects and gives. */
export interface FunctionSpec {
  /** Evaluated over the rows of a group, its argument once per row. */
  aggregate: boolean;
  /** Allowed argument counts. */
  arity: readonly number[];
  /** Type each argument must have. */
  argType: 'number' | 'boolean' | 'column';
  result: 'number' | 'boolean';
  description: string;
}

/** The function of the metric language by its name; undefined for any other name (`constructor` included). */
export function functionSpec(name: string): FunctionSpec | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

/** All functions of the metric language. */
export const FUNCTIONS: Record<string, FunctionSpec> = {
  sum: { aggregate: true, arity: [1], argType: 'number', result: 'number', description: 'sum over the rows; no_data if any is missing' },
  min: { aggregate: true, arity: [1], argType: 'number', result: 'number', description: 'lowest value over the rows' },
  max: { aggregate: true, arity: [1], argType: 'number', result: 'number', description: 'highest value over the rows' },
  count: {
    aggregate: true,
    arity: [0, 1],
    argType: 'boolean',
    result: 'number',
    description: 'number of rows (where the condition holds)',
  },
  share: {
    aggregate: true,
    arity: [1],
    argType: 'boolean',
    result: 'number',
    description: 'fraction of rows where the condition holds (0 to 1)',
  },
  annual: {
    aggregate: false,
    arity: [1],
    argType: 'column',
    result: 'number',
    description: 'a per-month or per-year amount column converted to per year',
  },
  monthly: {
    aggregate: false,
    arity: [1],
    argType: 'column',
    result: 'number',
    description: 'a per-month or per-year amount column converted to per month',
  },
};

/** Periods a unit of measure may be stated per, in English or Chinese, and how many of each make a year. */
const PER_YEAR: Record<string, number> = { month: 12, quarter: 4, year: 1, 月: 12, 季: 4, 季度: 4, 年: 1 };

/**
 * How many times a year an amount in `unit` is paid, from its last part: `yuan/person/month` and
 * `元/人·月` give 12, `元/人·年` 1; undefined if the unit is not per period.
 */
export function timesPerYear(unit: string | undefined): number | undefined {
  const last = unit
    ?.split(/[/·・]/)
    .pop()
    ?.trim();
  return last === undefined ? undefined : PER_YEAR[last];
}
