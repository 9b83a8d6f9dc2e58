/**
 * Loading a plan file: safe YAML, the plan JSON Schema, then the checks a schema cannot make
 * (metrics parse, columns and functions exist, ids are unique, unit codes are in the registry).
 * Every problem is reported at file:line:column, all at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { closest } from '../closest.js';
import { inFileOrder, PlanError, planMalformed, planProblems, problemAt, UsageError } from '../errors.js';
import { columnsOf, ExpressionError, parseExpression, type Expr } from '../evaluate/expression.js';
import { compoundProblem } from '../evaluate/schedule.js';
import { packagePath } from '../paths.js';
import { inUnitSet, planRegistry, type Registry, type UnitSet } from '../registry.js';
import type { Bilingual } from '../types.js';
import { planColumns, type ColumnSpec } from '../validate/columns.js';
import { meantClause } from '../input/sources.js';
import { compileRosters, type RawRoster } from './rosters.js';
import { codesRefused } from './schema-place.js';
import { checkExpression } from './typecheck.js';
import type { Figure, Plan, Rule, Target } from './plan.js';
import { FileMade } from './text.js';
import { loadData, objectYaml, schemaProblems, type YamlFile } from './yaml.js';
import { DEFAULT_PLAN, PLAN_FILE, PLANS_DIR } from '../defaults.js';

/** The shipped plans' ids, read once: every command's help names them. */
let shippedIds: readonly string[] | undefined;

/** Ids of the plans shipped in data/plans. */
export function builtinPlanIds(): string[] {
  shippedIds ??= readdirSync(packagePath(PLANS_DIR))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => basename(name, '.yaml'))
    .sort();
  return [...shippedIds];
}

/** What a caller may give besides the plan: its registry and submission schema, as paths or objects. */
export interface PlanParts {
  /** Overrides the plan's `units:`. */
  units?: string | object;
  /** Overrides the plan's `submission:`. */
  submission?: string | object;
}

/**
 * Loads a plan: a built-in id, a plan file, a plan folder (its plan.yaml), or a plan given as an
 * object (as a parsed plan file). Its registry and schema come with it, or from `parts`.
 */
export function loadPlan(plan: string | object = DEFAULT_PLAN, parts: PlanParts = {}): Plan {
  if (typeof plan !== 'string') return buildPlan(objectYaml(plan, 'plan'), undefined, parts);
  const file = planFilePath(plan);
  return loadPlanFile(file.path, file.shown, parts);
}

/** Plans named by id, file or folder (with parts named by files) loaded so far, by what named them, while the files they were read from are unchanged (sharedPlan); a script checks against one or a few. */
const loaded = new FileMade<Plan>(8);

/**
 * A plan as loadPlan loads it, loaded once a process while what it was made from is unchanged: a
 * script that checks drop after drop against it, or the same drop against each unit, does not
 * parse and compile it again each time, and what is kept for its columns (header readings,
 * own-cell checks) is kept from one check to the next. A plan named by its id, file or folder
 * (with a region or columns named by files) is kept with the bytes of every file of one's own it
 * was read from (a built-in plan's are the package's, read from the build's JSON: it is kept for
 * good), and loaded anew when one of them has changed (edited between two checks); a plan, region
 * or columns given as objects, which a script may change in place, are loaded anew each time. A
 * plan is never changed once loaded (its types are read-only).
 */
export function sharedPlan(plan: string | object = DEFAULT_PLAN, parts: PlanParts = {}): Plan {
  if (typeof plan !== 'string' || typeof parts.units === 'object' || typeof parts.submission === 'object') return loadPlan(plan, parts);
  // Paths are read from the working folder, and messages name files from it: the same words in another folder are another plan.
  const key = JSON.stringify([resolve(planFilePath(plan).path), parts.units ?? null, parts.submission ?? null, process.cwd()]);
  return loaded.get(key, () => loadPlan(plan, parts));
}

/** Characters a shell would split a word at or read as its own (a Chinese name needs no quotes). */
const SHELL_SPECIAL = /[\s'"$`\\!*?[\](){}<>|&;#~]/;

/**
 * How a fix names the plan to the commands that list its parts (columns, units, template): nothing
 * for the default plan, else ` --plan` and its id, its folder, or its file (from the working folder,
 * quoted where a shell would split it); nothing for a plan given as an object, which has no file.
 */
export function planOption(plan: Plan): string {
  // A built-in plan is named by its file's name, which is no file of the working folder.
  if (!existsSync(plan.file)) return plan.file !== `${plan.id}.yaml` || plan.id === DEFAULT_PLAN ? '' : ` --plan ${plan.id}`;
  // A plan folder's plan is named by its folder, as the folder is given.
  const named = basename(plan.file) === PLAN_FILE ? dirname(resolve(plan.file)) : resolve(plan.file);
  const path = relative(process.cwd(), named);
  const shown = path.startsWith('..') ? named : path || '.';
  return ` --plan ${SHELL_SPECIAL.test(shown) ? `'${shown.replace(/'/g, `'\\''`)}'` : shown}`;
}

/** The file of a plan named by built-in id, plan file or plan folder, and how messages name it; `option` is the setting that named it (--plan, --from). */
export function planFilePath(plan: string, option = 'plan'): { path: string; shown: string } {
  if (plan === '')
    throw new UsageError(`${option} "" names no plan (an empty name: a variable left unset?): name a built-in plan, a file or a folder`, {
      option,
      zh: `${option} "" 没有给出规划（名字为空：变量未设置？）：请给出内置规划、文件或文件夹`,
    });
  const builtin = packagePath(`${PLANS_DIR}/${plan}.yaml`);
  if (/^[a-z0-9-]+$/.test(plan) && existsSync(builtin)) return { path: builtin, shown: basename(builtin) };
  if (existsSync(plan) && statSync(plan).isDirectory()) {
    const file = join(plan, PLAN_FILE);
    if (!existsSync(file))
      throw new UsageError(`${option} ${plan}: the folder holds no ${PLAN_FILE}`, {
        option,
        zh: `${option} ${plan}：文件夹中没有 ${PLAN_FILE}`,
      });
    return { path: file, shown: file };
  }
  if (existsSync(plan)) return { path: plan, shown: plan };
  const meant = meantClause(plan);
  if (meant)
    throw new UsageError(`${option} ${plan}: no such file or folder${meant.en}`, {
      option,
      zh: `${option} ${plan}：没有这个文件或文件夹${meant.zh}`,
    });
  throw new UsageError(`${option} ${plan}: neither a built-in plan (${builtinPlanIds().join(', ')}) nor an existing file or folder`, {
    option,
    zh: `${option} ${plan}：既不是内置规划（${builtinPlanIds().join('、')}），也不是存在的文件或文件夹`,
  });
}

interface RawTarget {
  op: string;
  value?: number | string;
  min?: number | string;
  max?: number | string;
}

interface RawRule {
  id: string;
  title: Bilingual;
  attribute: Rule['attribute'];
  levels: Rule['levels'];
  unit: Bilingual;
  metric: string;
  target: RawTarget;
  target_by_unit?: Record<string, RawTarget>;
  applies_to?: UnitSet;
  city?: { aggregate?: Rule['city']['aggregate']; units?: UnitSet; source?: Rule['city']['source']; target?: RawTarget; own_row?: boolean };
  target_not_printed?: Bilingual;
  printed_completion?: string;
  printed_growth?: Rule['printedGrowth'];
  box_total?: { value: number; outside_units?: number };
  deadline?: string;
  baseline?: Rule['baseline'];
  trajectory?: Rule['trajectory'];
  gap?: { field: string };
  printed_target?: string;
  source: Rule['source'];
  note?: Bilingual;
}

interface RawPlan {
  id: string;
  title: Bilingual;
  issuer: Bilingual;
  document?: string;
  published?: string;
  period: Plan['period'];
  baseline_year: number;
  source?: string;
  units?: string | object;
  submission?: string | object;
  rosters?: RawRoster[];
  rules: RawRule[];
  unquantified?: Plan['unquantified'];
  out_of_scope?: Plan['outOfScope'];
  figures?: RawFigure[];
}

interface RawFigure {
  id: string;
  title: Bilingual;
  quotes: { where: string; quote: string }[];
  printed?: number;
  expression?: string;
  share_of?: number;
  decimals?: number;
  consistent?: boolean;
  note?: Bilingual;
}

let planSchema: object | undefined;

/** A plan file, as messages name it. */
const PLAN_FILE_WORDS = { en: 'plan file', zh: '规划文件' };

/** A problem of a rule at a place, in both languages. */
function ruleProblem(place: string, id: string, said: Bilingual): Bilingual {
  return problemAt(place, `rule ${id}: ${said.en}`, `规则 ${id}：${said.zh}`);
}

/** Loads and checks one plan file; `shown` is how the file is named in messages. */
export function loadPlanFile(path: string, shown: string, parts: PlanParts = {}): Plan {
  return buildPlan(loadData(path, shown), resolve(path), parts);
}

/** Level keys of plan files: county and city, or unit and aggregate, which say the same for any region. */
const LEVELS: Record<string, 'county' | 'city'> = { county: 'county', unit: 'county', city: 'city', aggregate: 'city' };

function buildPlan(located: YamlFile, planFile: string | undefined, parts: PlanParts): Plan {
  // A shipped plan is checked by the tests: its schema is read only for the others.
  const malformed = located.shipped
    ? undefined
    : schemaProblems(located, (planSchema ??= JSON.parse(readFileSync(packagePath('schemas/plan.schema.json'), 'utf8')) as object));
  const refused = malformed?.said.length ? refusedRules(malformed.paths) : new Set<number>();
  const said = malformed?.said ?? [];
  // Nothing refused but rules, and a rule left to compile: else the schema's problems are all there is to tell.
  if (!refused || (refused.size > 0 && refused.size >= (located.value as RawPlan).rules.length))
    throw planMalformed(PLAN_FILE_WORDS, located.file, said);
  let compiled: { plan: Plan; problems: Bilingual[] };
  try {
    compiled = compilePlan(located, planFile, parts, refused);
  } catch (error) {
    // Where the plan's region or columns cannot be read either, what its schema refuses is told alone.
    if (said.length > 0 && error instanceof PlanError) throw planMalformed(PLAN_FILE_WORDS, located.file, said);
    throw error;
  }
  if (said.length > 0) throw planMalformed(PLAN_FILE_WORDS, located.file, inFileOrder([...said, ...compiled.problems]));
  if (compiled.problems.length > 0) throw planProblems(PLAN_FILE_WORDS, located.file, compiled.problems);
  return compiled.plan;
}

/**
 * The rules whose values alone a plan's schema refuses (JSON pointers /rules/N/…), so that the
 * rest of the plan is compiled and lint tells its problems too; undefined where anything else is
 * refused (a key of the plan, its rules' list), which leaves nothing sound to compile.
 */
function refusedRules(paths: readonly string[]): Set<number> | undefined {
  const refused = new Set<number>();
  for (const path of paths) {
    const rule = /^\/rules\/(\d+)(?:\/|$)/.exec(path);
    if (!rule) return undefined;
    refused.add(Number(rule[1]));
  }
  return refused;
}

/** A plan from its file's values, and the problems of its rules, rosters and figures; the rules `refused` by its schema left out. */
function compilePlan(
  located: YamlFile,
  planFile: string | undefined,
  parts: PlanParts,
  refused: ReadonlySet<number>,
): { plan: Plan; problems: Bilingual[] } {
  const raw = located.value as RawPlan;
  const units = parts.units ?? raw.units;
  const submission = parts.submission ?? raw.submission;
  const region = partOf(() => planRegistry(units, planFile), located, 'units');
  const columns = partOf(() => planColumns(submission, planFile), located, 'submission');
  const problems: Bilingual[] = [];
  const seen = new Map<string, number>();
  const rules = raw.rules.flatMap((rule, index) => {
    if (refused.has(index)) return [];
    const at = (path: (string | number)[], offset?: number) => located.where(['rules', index, ...path], offset);
    // Ids differing only in case are one id to a reader (and to a file system, for exports).
    const first = seen.get(rule.id.toLowerCase());
    const earlier = first === undefined ? undefined : raw.rules[first]!.id;
    if (first !== undefined) {
      const firstAt = located.where(['rules', first, 'id']);
      problems.push(
        problemAt(
          at(['id']),
          `rule id ${rule.id} is used twice (first at ${firstAt}${earlier !== rule.id ? ` as ${earlier}: ids that differ only in case are one id` : ''})`,
          `规则编号 ${rule.id} 用了两次（第一次在 ${firstAt}${earlier !== rule.id ? `，写作 ${earlier}：只有大小写不同的编号是同一个编号` : ''}）`,
        ),
      );
    } else seen.set(rule.id.toLowerCase(), index);
    return [compileRule({ ...rule, levels: [...new Set(rule.levels.map((l) => LEVELS[l]!))] }, columns.byId, region, at, problems)];
  });
  // A unit whose code the schema's pattern refuses could never report: every row of it would be an error of the data.
  if (!located.shipped)
    problems.push(
      ...codesRefused(
        columns,
        region,
        rules.some((rule) => rule.city.source === 'reported'),
      ),
    );
  const rosters = compileRosters(raw.rosters, columns, planFile, (path, offset) => located.where(['rosters', ...path], offset), problems);
  const figures = (raw.figures ?? []).map((figure, index) =>
    compileFigure(figure, (path, offset) => located.where(['figures', index, ...path], offset), problems),
  );
  const plan: Plan = {
    id: raw.id,
    title: raw.title,
    issuer: raw.issuer,
    document: raw.document,
    published: raw.published,
    period: raw.period,
    baselineYear: raw.baseline_year,
    source: raw.source,
    submission: columns.file,
    registry: region,
    columns,
    rosters,
    rules,
    unquantified: raw.unquantified ?? [],
    outOfScope: raw.out_of_scope ?? [],
    figures,
    file: located.file,
  };
  return { plan, problems };
}

/** A plan's registry or schema, its problems placed at the plan's line that names it. */
function partOf<T>(load: () => T, located: YamlFile, key: 'units' | 'submission'): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const named = (located.value as Record<string, unknown>)[key] !== undefined;
    // The plan's line that names the part, then the part's own problems (the message says them all).
    if (!named) throw error;
    const { en, zh } = error.said;
    throw PlanError.of(problemAt(located.where([key]), `${key}: ${en}`, `${key}：${zh}`));
  }
}

/** A figure of the plan's arithmetic: what it compares must be given, its expression numbers only. */
function compileFigure(raw: RawFigure, at: At, problems: Bilingual[]): Figure {
  const kinds = [raw.expression !== undefined, raw.share_of !== undefined, raw.consistent !== undefined].filter(Boolean).length;
  if (kinds !== 1)
    problems.push(
      problemAt(
        at([]),
        `figure ${raw.id}: give one of expression, share_of or consistent`,
        `数字 ${raw.id}：须给出 expression、share_of 或 consistent 之一`,
      ),
    );
  if ((raw.expression !== undefined || raw.share_of !== undefined) && raw.printed === undefined)
    problems.push(
      problemAt(
        at([]),
        `figure ${raw.id}: an expression or share_of needs the printed number`,
        `数字 ${raw.id}：写了 expression 或 share_of，须给出印刷的数字（printed）`,
      ),
    );
  let expression: Expr | undefined;
  if (raw.expression !== undefined) {
    try {
      expression = parseExpression(raw.expression);
      for (const name of columnsOf(expression)) {
        problems.push(
          problemAt(
            at(['expression']),
            `figure ${raw.id}: "${name}" is not a number (a figure's expression holds numbers and + - * / only)`,
            `数字 ${raw.id}：“${name}”不是数字（数字的算式只含数字和 + - * /）`,
          ),
        );
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push(problemAt(at(['expression'], error.at), `figure ${raw.id}: ${error.message}`, `数字 ${raw.id}：${error.zh}`));
    }
  }
  return {
    id: raw.id,
    title: raw.title,
    quotes: raw.quotes,
    printed: raw.printed,
    expression,
    expressionText: raw.expression,
    shareOf: raw.share_of,
    decimals: raw.decimals,
    consistent: raw.consistent,
    note: raw.note,
  };
}

/**
 * Where an expression stops at a column's Chinese header (sum(其中护理型床位)), as a person who
 * knows the form writes it: that columns are named by their ids, and this one's, where a header
 * (or what it counts) is the one the text comes closest to.
 */
function headerWritten(text: string, at: number, columns: ReadonlyMap<string, ColumnSpec>): Bilingual {
  // The header's words, without the unit in brackets after them (护理型床位（张）).
  const unbracketed = (header: string) => header.replace(/（[^（）]*）/g, '');
  const written = unbracketed(/^[\u0080-\uffff]+/.exec(text.slice(at, at + 64))?.[0] ?? '');
  if (!written) return { en: '', zh: '' };
  const column = closest(written, columns.values(), (spec) => [unbracketed(spec.label), spec.noun]);
  return column
    ? { en: `: a column is named by its id: "${written}" is ${column.id}`, zh: `：列用编号书写，“${written}”即 ${column.id}` }
    : { en: ': a column is named by its id (plan-check columns lists them)', zh: '：列用编号书写（plan-check columns 列出全部列）' };
}

/** The longest compound line, in years: judging one exactly raises values to the power of its months. */
const MAX_COMPOUND_YEARS = 50;

type At = (path: (string | number)[], offset?: number) => string;

function compileRule(rule: RawRule, columns: ReadonlyMap<string, ColumnSpec>, units: Registry, at: At, problems: Bilingual[]): Rule {
  const problem = (place: string, en: string, zh: string) => problems.push(ruleProblem(place, rule.id, { en, zh }));
  const city: Rule['city'] = {
    aggregate: rule.city?.aggregate ?? 'pooled',
    units: rule.city?.units ?? 'all',
    source: rule.city?.source ?? 'units',
    ownRow: rule.city?.own_row ?? false,
  };
  if (city.ownRow && (city.aggregate !== 'pooled' || city.source !== 'units')) {
    problem(
      at(['city', 'own_row']),
      "own_row pools the whole's own row with the units: it needs aggregate pooled and source units",
      'own_row 把全域本级的行与各单位合并计算：须同时写 aggregate: pooled 和 source: units',
    );
  }
  const pooledCity = rule.levels.includes('city') && city.aggregate === 'pooled' && city.source === 'units';
  const expression = (text: string | number, path: (string | number)[]): Expr => {
    if (typeof text === 'number') return { kind: 'number', value: String(text), at: 0 };
    try {
      const expr = parseExpression(text);
      for (const found of checkExpression(expr, columns, { pooled: pooledCity }))
        problems.push(ruleProblem(at(path, found.at), rule.id, found.message));
      return expr;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const header = headerWritten(text, error.at, columns);
      problem(at(path, error.at), `${error.message}${header.en}`, `${error.zh}${header.zh}`);
      return { kind: 'number', value: '0', at: 0 };
    }
  };
  const target = (raw: RawTarget, path: (string | number)[]): Target => {
    const printed = raw.op === 'between' ? `${raw.min}–${raw.max}` : `${raw.op} ${raw.value}`;
    if (raw.op === 'between' && typeof raw.min === 'number' && typeof raw.max === 'number' && raw.min > raw.max) {
      problem(
        at([...path, 'min']),
        `the range ${raw.min}–${raw.max} is empty (min above max)`,
        `范围 ${raw.min}–${raw.max} 是空的（min 大于 max）`,
      );
    }
    return raw.op === 'between'
      ? { op: 'between', min: expression(raw.min!, [...path, 'min']), max: expression(raw.max!, [...path, 'max']), printed }
      : { op: raw.op as Exclude<Target['op'], 'between'>, value: expression(raw.value!, [...path, 'value']), printed };
  };
  const checkUnits = (set: UnitSet, path: (string | number)[]) => {
    if (typeof set === 'string') {
      if (set === 'all' || units.groups.has(set)) return;
      const groups = ['all', ...units.groups.keys()];
      problem(at(path), `the registry has no group "${set}" (${groups.join(', ')})`, `名录中没有分组“${set}”（有 ${groups.join('、')}）`);
      return;
    }
    set.forEach(
      (code, i) => units.byCode.has(code) || problem(at([...path, i]), `${code} is not a unit of the registry`, `${code} 不是名录中的单位`),
    );
  };
  if (rule.city?.target) city.target = target(rule.city.target, ['city', 'target']);
  checkUnits(rule.applies_to ?? 'all', ['applies_to']);
  checkUnits(city.units, ['city', 'units']);
  const byUnit = new Map<string, Target>();
  for (const [code, raw] of Object.entries(rule.target_by_unit ?? {})) {
    if (!units.byCode.has(code)) problem(at(['target_by_unit', code]), `${code} is not a unit of the registry`, `${code} 不是名录中的单位`);
    else if (!inUnitSet(rule.applies_to ?? 'all', code, units))
      problem(
        at(['target_by_unit', code]),
        `${code} has a target but the rule does not apply to it (applies_to)`,
        `${code} 有目标，但规则不适用于它（applies_to）`,
      );
    byUnit.set(code, target(raw, ['target_by_unit', code]));
  }
  if (rule.box_total) {
    const allocated = Object.values(rule.target_by_unit ?? {}).reduce((sum, t) => sum + (typeof t.value === 'number' ? t.value : 0), 0);
    const expected = rule.box_total.value - (rule.box_total.outside_units ?? 0);
    const outside = rule.box_total.outside_units ?? 0;
    if (Math.abs(allocated - expected) > 1e-9) {
      problem(
        at(['box_total']),
        `the allocations add up to ${allocated}, not ${expected} (the box's ${rule.box_total.value} less ${outside} outside the units)`,
        `各单位分配之和为 ${allocated}，不是 ${expected}（专栏的 ${rule.box_total.value} 减去单位以外的 ${outside}）`,
      );
    }
  }
  if (rule.gap && !columns.has(rule.gap.field))
    problem(at(['gap', 'field']), `unknown column "${rule.gap.field}"`, `没有列“${rule.gap.field}”`);
  if (rule.trajectory === 'compound') {
    const base = rule.baseline?.value;
    const amounts = [rule.target, ...Object.values(rule.target_by_unit ?? {}), ...(rule.city?.target ? [rule.city.target] : [])].map(
      (t) => t.value,
    );
    const years = rule.deadline && rule.baseline ? Number(rule.deadline.slice(0, 4)) - rule.baseline.year : 0;
    const found: Bilingual | undefined =
      typeof base !== 'number'
        ? { en: 'a compound trajectory needs a numeric baseline', zh: '复合增长的进度线须有数值基期值' }
        : years > MAX_COMPOUND_YEARS
          ? {
              en: `a compound trajectory may span at most ${MAX_COMPOUND_YEARS} years (here ${years})`,
              zh: `复合增长的进度线最多跨 ${MAX_COMPOUND_YEARS} 年（这里是 ${years} 年）`,
            }
          : amounts.map((a) => (typeof a === 'number' ? compoundProblem(base, a) : undefined)).find(Boolean);
    if (found) problem(at(['trajectory']), found.en, found.zh);
  }
  return {
    id: rule.id,
    title: rule.title,
    attribute: rule.attribute,
    levels: rule.levels,
    unit: rule.unit,
    metric: expression(rule.metric, ['metric']),
    metricText: rule.metric,
    target: target(rule.target, ['target']),
    targetByUnit: byUnit,
    appliesTo: rule.applies_to ?? 'all',
    city,
    printedGrowth: rule.printed_growth,
    boxTotal: rule.box_total ? { value: rule.box_total.value, outsideUnits: rule.box_total.outside_units } : undefined,
    deadline: rule.deadline,
    baseline: rule.baseline,
    trajectory: rule.trajectory ?? 'linear',
    targetNotPrinted: rule.target_not_printed,
    printedCompletion: rule.printed_completion,
    gapField: rule.gap?.field,
    printedTarget: rule.printed_target,
    source: rule.source,
    note: rule.note,
  };
}
