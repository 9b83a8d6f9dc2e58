/**
 * Rules named on the command line (`explain T2-10`, `rank T2-10`, `--rules 'T2-*'`): found in a
 * plan as the user typed them, in any case; a name that finds none says which rule was meant.
 */
import { closest, didYouMean } from '../closest.js';
import { UsageError } from '../errors.js';
import { wildcardMatcher } from '../validate/pattern.js';
import type { Plan, Rule } from './plan.js';

/** A rule id as typed without its numbers' leading zeros, in capitals: `t2-3` and `T2-03` are both `T2-3`. */
const spelledOut = (id: string) => id.toUpperCase().replace(/\d+/g, (digits) => String(Number(digits)));

/** The id of the rule a name that is none was meant to be: the one it is with its numbers' zeros (T2-3 for T2-03), else the closest. */
function meantId(plan: Plan, name: string): string | undefined {
  const written = spelledOut(name);
  const same = plan.rules.filter((rule) => spelledOut(rule.id) === written);
  if (same.length === 1) return same[0]!.id;
  return closest(name.toUpperCase(), plan.rules, (rule) => [rule.id.toUpperCase()])?.id;
}

/** The rule of a plan with an id, in any case; a usage error, with the rule meant, where there is none. */
export function ruleNamed(plan: Plan, id: string): Rule {
  const rule = plan.rules.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (rule) return rule;
  const meant = didYouMean(meantId(plan, id));
  throw new UsageError(`${plan.id} has no rule ${id}${meant.en}; plan-check rules --plan ${plan.id} lists them`, { zh: `规划 ${plan.id} 没有规则 ${id}${meant.zh}；plan-check rules --plan ${plan.id} 列出全部规则` });
}

/** The plan with only the rules that match the patterns; a pattern that matches none is a usage error. */
export function selectRules(plan: Plan, rules: string | readonly string[] | undefined): Plan {
  const patterns = (typeof rules === 'string' ? rules.split(',') : (rules ?? [])).map((r) => r.trim()).filter(Boolean);
  if (patterns.length === 0) return plan;
  const tests = patterns.map((pattern) => ({ pattern, matches: wildcardMatcher(pattern) }));
  for (const { pattern, matches } of tests) {
    if (plan.rules.some((rule) => matches(rule.id))) continue;
    const meant = didYouMean(pattern.includes('*') ? undefined : meantId(plan, pattern));
    throw new UsageError(`rules ${pattern}: no rule of ${plan.id} matches${meant.en}; plan-check rules lists them`, { option: 'rules', zh: `rules ${pattern}：规划 ${plan.id} 没有与之匹配的规则${meant.zh}；plan-check rules 列出全部规则` });
  }
  return { ...plan, rules: plan.rules.filter((rule) => tests.some(({ matches }) => matches(rule.id))) };
}
