/**
 * `plan-check lint PLAN`: every problem of a plan folder, each at file:line:column. Errors are
 * what loading refuses (the plan, its registry, its schema, units that could never report);
 * warnings are what loads but cannot be meant: columns no rule reads, deadlines outside the
 * plan's period, baselines of another year than the plan's, milestones that cannot be drawn,
 * allocations that leave units out.
 */
import { PlanError } from '../errors.js';
import type { Bilingual, Lang } from '../types.js';
import { columnsOf, type Expr } from '../evaluate/expression.js';
import { inUnitSet } from '../registry.js';
import { jsonKeyPlace } from '../validate/columns.js';
import { loadPlan, planFilePath } from './load.js';
import type { Plan, Rule, Target } from './plan.js';
import { schemaFile } from './schema-place.js';
import { loadYaml, type YamlFile } from './yaml.js';

/** One problem of a plan folder. */
export interface LintFinding {
  place: string;
  severity: 'error' | 'warning';
  message: string;
}

/** Lints a plan: a built-in id, a plan file or a plan folder; its findings in a language (English by default). */
export function lintPlan(target: string, lang: Lang = 'en'): LintFinding[] {
  const file = planFilePath(target);
  let plan: Plan;
  try {
    plan = loadPlan(file.path);
  } catch (error) {
    if (error instanceof PlanError) return findingsOf(error.commandLine(lang), file.shown);
    throw error;
  }
  const located = loadYaml(file.path, plan.file);
  // The plan's problems in the order of its lines, as its author mends them from the top (each rule's were by kind).
  return [...unreadColumns(plan), ...inLineOrder(ruleProblems(plan, located))].map(({ place, severity, said }) => ({
    place,
    severity,
    message: said[lang],
  }));
}

/** A finding with its message in both languages. */
interface Found {
  place: string;
  severity: LintFinding['severity'];
  said: Bilingual;
}

/** Findings of one file sorted by their line and column (`file:12:5`), a stable sort: those without a place stay first, in their order. */
function inLineOrder(found: Found[]): Found[] {
  const at = (place: string) => /:(\d+):(\d+)$/.exec(place)?.slice(1).map(Number) ?? [0, 0];
  return found
    .map((item) => ({ item, at: at(item.place) }))
    .sort((a, b) => a.at[0]! - b.at[0]! || a.at[1]! - b.at[1]!)
    .map(({ item }) => item);
}

/** A load error's lines as findings: `  place: message` lines, or the whole message at the file. */
function findingsOf(message: string, file: string): LintFinding[] {
  const lines = message.split('\n');
  const listed = lines.slice(1).filter((line) => /^\s+\S/.test(line));
  const parse = (line: string): LintFinding => {
    const match = /^\s*(.+?:\d+:\d+|[^\s:]+:\/\S*): (.*)$/.exec(line);
    return match ? { place: match[1]!, severity: 'error', message: match[2]! } : { place: file, severity: 'error', message: line.trim() };
  };
  return listed.length > 0 ? listed.map(parse) : [parse(lines[0]!)];
}

function expressionsOf(rule: Rule): Expr[] {
  const amounts = (t: Target) => (t.op === 'between' ? [t.min, t.max] : [t.value]);
  return [
    rule.metric,
    ...amounts(rule.target),
    ...[...rule.targetByUnit.values()].flatMap(amounts),
    ...(rule.city.target ? amounts(rule.city.target) : []),
  ];
}

/** Columns of the schema that no rule reads (role columns aside). */
function unreadColumns(plan: Plan): Found[] {
  const read = new Set(
    plan.rules.flatMap((rule) => [...expressionsOf(rule).flatMap(columnsOf), ...(rule.gapField ? [rule.gapField] : [])]),
  );
  const schema = schemaFile(plan.columns);
  return plan.columns.list
    .filter(
      (column) => !column.role && !read.has(column.id) && !plan.columns.list.some((other) => other.lte === column.id && read.has(other.id)),
    )
    .map((column) => ({
      place: jsonKeyPlace(schema.name, schema.text, column.id),
      severity: 'warning' as const,
      said: { en: `column ${column.id} (${column.label}) is read by no rule`, zh: `没有规则读取列 ${column.id}（${column.label}）` },
    }));
}

/** Deadlines outside the plan's period, lines that cannot be drawn, allocations that leave units out. */
function ruleProblems(plan: Plan, located: YamlFile): Found[] {
  const findings: Found[] = [];
  const warn = (index: number, path: (string | number)[], en: string, zh: string) =>
    findings.push({ place: located.where(['rules', index, ...path]), severity: 'warning', said: { en, zh } });
  plan.rules.forEach((rule, index) => {
    const deadline = rule.deadline ? Number(rule.deadline.slice(0, 4)) : undefined;
    if (deadline !== undefined && (deadline < plan.period.start || deadline > plan.period.end)) {
      warn(
        index,
        ['deadline'],
        `rule ${rule.id}: the deadline ${rule.deadline} lies outside the plan's period ${plan.period.start}-${plan.period.end}`,
        `规则 ${rule.id}：期限 ${rule.deadline} 在规划期 ${plan.period.start}-${plan.period.end} 之外`,
      );
    }
    // A plan copied to start the next one keeps the last one's baselines until each is written anew.
    if (rule.baseline && rule.baseline.year !== plan.baselineYear) {
      warn(
        index,
        ['baseline', 'year'],
        `rule ${rule.id}: the baseline is of ${rule.baseline.year}, not of the plan's baseline year ${plan.baselineYear}`,
        `规则 ${rule.id}：基期值是 ${rule.baseline.year} 年的，不是规划基期年 ${plan.baselineYear} 年的`,
      );
    }
    if (deadline !== undefined && typeof rule.baseline?.value === 'number' && rule.baseline.year >= deadline) {
      warn(
        index,
        ['baseline', 'year'],
        `rule ${rule.id}: the baseline year ${rule.baseline.year} is not before the deadline ${rule.deadline}: no milestone can be drawn`,
        `规则 ${rule.id}：基期年 ${rule.baseline.year} 不早于期限 ${rule.deadline}：画不出进度线`,
      );
    }
    if (rule.targetByUnit.size > 0 && rule.levels.includes('county')) {
      const left = plan.registry.units
        .filter((u) => inUnitSet(rule.appliesTo, u.code, plan.registry) && !rule.targetByUnit.has(u.code))
        .map((u) => u.code);
      if (left.length > 0) {
        warn(
          index,
          ['target_by_unit'],
          `rule ${rule.id}: ${left.join(', ')} ${left.length === 1 ? 'has' : 'have'} no allocation of their own and take the rule's target (${rule.target.printed})`,
          `规则 ${rule.id}：${left.join('、')} 没有自己的分配，采用规则的目标（${rule.target.printed}）`,
        );
      }
      if (rule.levels.includes('city') && rule.city.source === 'units') {
        const outside = [...rule.targetByUnit.keys()].filter((code) => !inUnitSet(rule.city.units, code, plan.registry));
        if (outside.length > 0) {
          warn(
            index,
            ['target_by_unit'],
            `rule ${rule.id}: ${outside.join(', ')} ${outside.length === 1 ? 'has' : 'have'} an allocation but the whole's value does not count ${outside.length === 1 ? 'it' : 'them'} (city.units)`,
            `规则 ${rule.id}：${outside.join('、')} 有分配，但全域的数值不计入（city.units）`,
          );
        }
      }
    }
    if (rule.boxTotal && rule.targetByUnit.size === 0)
      warn(
        index,
        ['box_total'],
        `rule ${rule.id}: a box_total without target_by_unit checks nothing`,
        `规则 ${rule.id}：有 box_total 而没有 target_by_unit，什么也不检查`,
      );
  });
  return findings;
}
