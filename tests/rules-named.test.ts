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
      en: 'yongzhou-civil-affairs-14th has no rule t2-3 (did you mean "T2-03"?); plan-check rules --plan yongzhou-civil-affairs-14th lists them',
      zh: '规划 yongzhou-civil-affairs-14th 没有规则 t2-3（是否为“T2-03”？）；plan-check rules --plan yongzhou-civil-affairs-14th 列出全部规则',
    });
    expect(refusal(() => selectRules(plan, 'T2-10,C6-8')).en).toBe('rules C6-8: no rule of yongzhou-civil-affairs-14th matches (did you mean "C6-08"?); plan-check rules lists them');
  });

  it('names no rule where two are as close, or for a pattern', () => {
    // T2-16 is as close to T2-10 … T2-15; T2-02 to T2-02a and T2-02b.
    for (const id of ['T2-16', 'T2-02', 'x']) expect(refusal(() => ruleNamed(plan, id)).en, id).not.toMatch(/did you mean/);
    expect(refusal(() => selectRules(plan, 'T2-3*')).en).not.toMatch(/did you mean/);
  });
});
