/** The 13th plan's Table 1: the printed 2020 figures reproduce the 完成情况 column and the rates. */
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { REPORTERS } from '../src/report/index.js';
import { builtinPlanIds } from '../src/plan/load.js';

// 完成情况 of Table 1, row by row, as printed.
const PRINTED = [
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '未达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
  '达标',
];

describe('yongzhou-civil-affairs-13th', async () => {
  const report = await check(['data/samples-13th/yongzhou-13th-2020.csv'], { plan: 'yongzhou-civil-affairs-13th' });

  it('is a built-in plan', () => {
    expect(builtinPlanIds()).toEqual(['yongzhou-civil-affairs-13th', 'yongzhou-civil-affairs-14th']);
  });

  it('reads the sample without a problem', () => {
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('reproduces the 完成情况 column row for row, except the two targets its footnotes replaced without a number', () => {
    const results = report.plan.rules.map((rule) => report.results.find((r) => r.rule === rule.id)!);
    // Rows 5 (footnote 1) and 7 (footnote 3): nothing printed to check against.
    const unprinted = results.filter((r) => r.status === 'no_data');
    expect(unprinted.map((r) => [r.rule, r.reason, r.value, r.measured])).toEqual([
      ['T1-05', 'target-not-printed', null, 3.9],
      ['T1-07', 'target-not-printed', null, 136],
    ]);
    const judged = results.map((r, i) => (r.status === 'no_data' ? PRINTED[i] : r.status === 'pass' ? '达标' : '未达标'));
    expect(judged).toEqual(PRINTED);
    expect(report.plan.rules.map((r) => r.printedCompletion)).toEqual(PRINTED);
  });

  it('flags exactly the row whose printed rate is not a compound rate, and by how much', () => {
    const wrong = report.growth.filter((g) => !g.agrees);
    expect(wrong).toEqual([{ rule: 'T1-19', period: '2020', kind: 'actual', printed: '222%', computed: 64.72, agrees: false }]);
    expect(report.growth).toHaveLength(42);
    // The page for a bureau says so too, as the table does.
    const page = REPORTERS.html!.render(report, { lang: 'zh', color: false }) as string;
    expect(page).toMatch(
      /<section class="beyond"><h3>年均增长率核对<\/h3>\n<table>\n.*\n<tr><td class="short">T1-19<\/td><td class="short">222%<\/td><td class="fail short">64\.72%<\/td>/,
    );
  });
});
