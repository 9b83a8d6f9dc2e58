/** Rules named on the command line (src/plan/rules-named.ts): in any case, and the rule meant where a name finds none. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { loadPlan } from '../src/plan/load.js';
import { ruleNamed, selectRules } from '../src/plan/rules-named.js';

const plan = loadPlan('yongzhou-civil-affairs-14th');

/** The English and Chinese messages of the usage error a call throws. */
function refusal(call: () => unknown): { en: string; zh: string } {
  try {
    call();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { en: error.message, zh: error.commandLine('zh') };
  }
  throw new Error('no usage error');
}

describe('a rule named by its id', () => {
  it('is found in any case', () => {
    expect(ruleNamed(plan, 't2-10').id).toBe('T2-10');
    expect(selectRules(plan, 'c6-0*,T2-10').rules.map((r) => r.id)).toContain('T2-10');
  });

  it('is told as the rule meant where its numbers lack their zeros, in both languages', () => {
    expect(refusal(() => ruleNamed(plan, 't2-3'))).toEqual({
      en: 'yongzhou-civil-affairs-14th has no rule t2-3 (did you mean "T2-03"?); plan-check rules lists them',
      zh: '规划 yongzhou-civil-affairs-14th 没有规则 t2-3（是否为“T2-03”？）；plan-check rules 列出全部规则',
    });
    expect(refusal(() => selectRules(plan, 'T2-10,C6-8')).en).toBe(
      'rules C6-8: no rule of yongzhou-civil-affairs-14th matches (did you mean "C6-08"?); plan-check rules lists them',
    );
    // Another plan's rules are listed with it named.
    expect(refusal(() => ruleNamed(loadPlan('examples/county'), 'X-99')).en).toMatch(
      /; plan-check rules --plan examples\/county lists them$/,
    );
    expect(refusal(() => selectRules(loadPlan('yongzhou-civil-affairs-13th'), 'Q*')).zh).toMatch(
      /；plan-check rules --plan yongzhou-civil-affairs-13th 列出全部规则$/,
    );
    expect(refusal(() => selectRules(loadPlan('data/plans/yongzhou-civil-affairs-13th.yaml'), 'Q*')).en).toMatch(
      /; plan-check rules --plan data\/plans\/yongzhou-civil-affairs-13th\.yaml lists them$/,
    );
  });

  it('names no rule where two are as close, or for a pattern', () => {
    // T2-16 is as close to T2-10 … T2-15; T2-0 to T2-01 … T2-09.
    for (const id of ['T2-16', 'T2-0', 'x']) expect(refusal(() => ruleNamed(plan, id)).en, id).not.toMatch(/did you mean|parts/);
    expect(refusal(() => selectRules(plan, 'T2-3*')).en).not.toMatch(/did you mean/);
  });

  it('as a row of the plan kept in parts (T2-02: T2-02a, T2-02b) is those parts to --rules, and named one by one where one rule is asked for', () => {
    const ids = (rules: string) => selectRules(plan, rules).rules.map((r) => r.id);
    expect(ids('T2-02,T2-10')).toEqual(['T2-02a', 'T2-02b', 'T2-10']);
    expect(ids('c1-6')).toEqual(['C1-06a', 'C1-06b']);
    // A rule of the stem's own id is that rule alone (C6-06 beside C6-06b); a part's id its part.
    expect(ids('C6-06')).toEqual(['C6-06']);
    expect(ids('T2-02b')).toEqual(['T2-02b']);
    expect(refusal(() => ruleNamed(plan, 't2-2'))).toEqual({
      en: 'yongzhou-civil-affairs-14th has no rule t2-2: it is in parts, T2-02a, T2-02b; name one of them',
      zh: '规划 yongzhou-civil-affairs-14th 没有规则 t2-2：它分为 T2-02a、T2-02b，请指定其中之一',
    });
  });
});
