/**
 * Rules named on the command line (`explain T2-10`, `rank T2-10`, `--rules 'T2-*'`): found in a
 * plan as the user typed them, in any case; a name that finds none says which rule was meant.
 */
import { closest, didYouMean } from '../closest.js';
import { UsageError } from '../errors.js';
import { wildcardMatcher } from '../validate/pattern.js';
import { planOption } from './load.js';
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

/**
 * The rules a name that is no rule's id is the stem of, where there are two or more: a row of a
 * plan's table kept in parts (T2-02 for T2-02a and T2-02b), its numbers' zeros as the name writes them or not.
 */
function partsOf(plan: Plan, name: string): Rule[] {
  const stem = spelledOut(name);
  const parts = plan.rules.filter((rule) => {
    const id = spelledOut(rule.id);
    return id.length === stem.length + 1 && id.startsWith(stem) && /[A-Z]$/.test(id);
  });
  return parts.length > 1 ? parts : [];
}

/** The rule of a plan with an id, in any case; a usage error, with the rule meant (or the parts of a row), where there is none. */
export function ruleNamed(plan: Plan, id: string): Rule {
  const rule = plan.rules.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (rule) return rule;
  const parts = partsOf(plan, id).map((part) => part.id);
  if (parts.length)
    throw new UsageError(`${plan.id} has no rule ${id}: it is in parts, ${parts.join(', ')}; name one of them`, {
      zh: `规划 ${plan.id} 没有规则 ${id}：它分为 ${parts.join('、')}，请指定其中之一`,
    });
  const meant = didYouMean(meantId(plan, id));
  const listing = `plan-check rules${planOption(plan)}`;
  throw new UsageError(`${plan.id} has no rule ${id}${meant.en}; ${listing} lists them`, {
    zh: `规划 ${plan.id} 没有规则 ${id}${meant.zh}；${listing} 列出全部规则`,
  });
}

/**
 * The plan with only the rules that match the patterns (a name that is the stem of a row's parts,
 * T2-02, matches them all); a pattern that matches none is a usage error.
 */
export function selectRules(plan: Plan, rules: string | readonly string[] | undefined): Plan {
  const patterns = (typeof rules === 'string' ? rules.split(',') : (rules ?? [])).map((r) => r.trim()).filter(Boolean);
  if (patterns.length === 0) return plan;
  const tests = patterns.map((pattern) => {
    const matches = wildcardMatcher(pattern);
    const parts = new Set(plan.rules.some((rule) => matches(rule.id)) ? [] : partsOf(plan, pattern));
    return { pattern, matches: (rule: Rule) => matches(rule.id) || parts.has(rule) };
  });
  for (const { pattern, matches } of tests) {
    if (plan.rules.some(matches)) continue;
    const meant = didYouMean(pattern.includes('*') ? undefined : meantId(plan, pattern));
    const listing = `plan-check rules${planOption(plan)}`;
    throw new UsageError(`rules ${pattern}: no rule of ${plan.id} matches${meant.en}; ${listing} lists them`, {
      option: 'rules',
      zh: `rules ${pattern}：规划 ${plan.id} 没有与之匹配的规则${meant.zh}；${listing} 列出全部规则`,
    });
  }
  return { ...plan, rules: plan.rules.filter((rule) => tests.some(({ matches }) => matches(rule))) };
}
