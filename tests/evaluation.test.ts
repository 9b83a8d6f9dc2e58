/** The completion table (plan-check evaluate) and the league table (plan-check rank). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { completionTable } from '../src/evaluate/completion.js';
import { rankUnits } from '../src/evaluate/rank.js';
import { completionPrintable } from '../src/report/completion.js';
import { PRINTABLE_FORMATS } from '../src/report/printable.js';
import { allUnits, csv, row, writeFiles } from './helpers.js';

describe('the completion table', () => {
  it("reproduces the 13th plan's Table 1: 完成情况, growth rates, and row 19's printed 222%", async () => {
    const report = await check(['data/samples-13th/yongzhou-13th-2020.csv'], { plan: 'yongzhou-civil-affairs-13th' });
    const table = completionTable(report);
    expect(table).toMatchObject({ as_of: '2020', stage: 'final' });
    expect(table.rows).toHaveLength(21);
    expect(table.rows.filter((r) => r.completion === 'not_met').map((r) => r.rule)).toEqual(['T1-08']);
    // Footnotes 1 and 3 replaced two targets without printing a number: no data, printed 达标 beside it.
    expect(table.rows.filter((r) => r.completion === 'no_data').map((r) => [r.rule, r.reason, r.printed_completion, r.actual])).toEqual([
      ['T1-05', 'target-not-printed', '达标', 3.9],
      ['T1-07', 'target-not-printed', '达标', 136],
    ]);
    const row = (id: string) => table.rows.find((r) => r.rule === id)!;
    expect(row('T1-01')).toMatchObject({ baseline: { value: 12.6 }, actual: 4, planned_growth: -4.9, actual_growth: -20.51 });
    expect(row('T1-13')).toMatchObject({ planned_growth: 14.4, actual_growth: 15.27 });
    expect(table.rows.filter((r) => r.printed_growth?.planned_agrees === false)).toEqual([]);
    expect(table.rows.filter((r) => r.printed_growth?.actual_agrees === false).map((r) => r.rule)).toEqual(['T1-19']);
    expect(row('T1-19')).toMatchObject({ actual_growth: 64.72, printed_growth: { actual: '222%', actual_agrees: false } });
    const text = PRINTABLE_FORMATS.table!.draw(completionPrintable(table, report, 'zh'), { lang: 'zh', color: false });
    expect(text).toContain('64.72%（表印 222%）');
    expect(text).toContain('无数据（表印 达标）');
    expect(text).toContain('终期评估');
    // As HTML, its short cells (a unit of measure, 达标, 预期性, figures) on one line each, the indicators' names free to wrap.
    const html = PRINTABLE_FORMATS.html!.draw(completionPrintable(table, report, 'zh'), { lang: 'zh', color: false });
    expect(html).toMatch(/<td class="short">预期性<\/td>/);
    expect(html).toMatch(/<td class="warn short">未达标<\/td>/);
    const long = /<td(?: class="[^"]*")?>([^<]{9,})<\/td>/.exec(html);
    expect(long?.[0]).not.toMatch(/short/);
  });

  it('is a mid-term evaluation before the plan ends: on schedule or behind, per unit and for the city', async () => {
    const rows = allUnits({ '431124': { care_beds: 1000 } }, { period: '2023-06', elderly_beds: 2000, care_beds: 1080 });
    const report = await check([writeFiles({ 'd.csv': csv(rows) })], { rules: ['T2-10'] });
    const table = completionTable(report);
    expect(table.stage).toBe('mid-term');
    const at = (unit: string) => table.rows.find((r) => r.unit === unit)!;
    // 54 % against the milestone 53.4: on track; 50 % is behind; the city pools 15,120 of 28,000 beds.
    expect(at('431102')).toMatchObject({ completion: 'on_track', milestone: 53.4, actual: 54 });
    expect(at('431124')).toMatchObject({ completion: 'behind', gap: { amount: 100 } });
    expect(at('431100')).toMatchObject({ level: 'city', completion: 'on_track' });
    expect(table.rows).toHaveLength(15);
    // The actual rate over 2.5 years: (54 / 51.8) ^ (1 / 2.5) - 1.
    expect(at('431102').actual_growth).toBe(Number((((54 / 51.8) ** (1 / 2.5) - 1) * 100).toFixed(2)));
  });

  it('takes the values at the evaluation date and shows no data where a unit sent nothing then', async () => {
    const report = await check([writeFiles({ 'a.csv': csv([row('431102', { period: '2024' }), row('431103', { period: '2025-12' })]) })], {
      rules: ['T2-10'],
    });
    const table = completionTable(report, '2025-12');
    expect(table.rows.find((r) => r.unit === '431102')!.completion).toBe('no_data');
    expect(table.rows.find((r) => r.unit === '431103')!.completion).toBe('met');
    expect(() => completionTable(report, '2025-06')).toThrow(/no period 2025-06 \(they hold 2024, 2025-12\)/);
  });

  it("names the units that left a value empty beside the whole's no data", async () => {
    const report = await check([{ name: 'drop', rows: allUnits({ '431124': { social_work_professionals: null } }) }], { rules: ['T2-13'] });
    const table = completionTable(report, '2025-12');
    const city = table.rows.find((r) => r.unit === '431100')!;
    expect([city.completion, city.without_value]).toEqual(['no_data', ['431124']]);
    const text = (lang: 'zh' | 'en') =>
      PRINTABLE_FORMATS.table!.draw(completionPrintable(table, report, lang), { lang, color: false, width: 300 });
    expect(text('zh')).toContain('无数据（道县未填报所需数值）');
    expect(text('en')).toContain('no data (a value it needs left empty by Daoxian)');
  });
});

describe('the league table', () => {
  const ranked = async (rows: Parameters<typeof csv>[0], by: 'value' | 'gap' | 'progress' = 'value') => {
    const report = await check([writeFiles({ 'd.csv': csv(rows) })], { rules: ['T2-10'] });
    return rankUnits(report.results, 'T2-10', by).places.map((p) => [p.rank, p.result.unit]);
  };

  it('orders by value, best first, exact ties sharing a rank, no value last', async () => {
    const rows = [
      row('431102', { elderly_beds: 1000, care_beds: 600 }),
      row('431103', { elderly_beds: 2000, care_beds: 1100 }),
      row('431181', { elderly_beds: 1000, care_beds: 550 }),
      row('431122', { elderly_beds: 3000, care_beds: 1650 }),
      row('431123', { elderly_beds: '' }),
      row('431124', { elderly_beds: 1000, care_beds: 700 }),
    ];
    expect(await ranked(rows)).toEqual([
      [1, '431124'],
      [2, '431102'],
      [3, '431103'],
      [3, '431181'],
      [3, '431122'],
      [6, '431123'],
    ]);
  });

  it('orders by what it takes: those meeting the target first, then the least needed', async () => {
    const rows = [
      row('431102', { elderly_beds: 1000, care_beds: 500 }),
      row('431103', { elderly_beds: 100, care_beds: 50 }),
      row('431181', { elderly_beds: 1000, care_beds: 560 }),
    ];
    expect(await ranked(rows, 'gap')).toEqual([
      [1, '431181'],
      [2, '431103'],
      [3, '431102'],
    ]);
  });

  it('orders by progress: achieved, on track, behind', async () => {
    const rows = [
      row('431102', { period: '2023-06', elderly_beds: 1000, care_beds: 530 }),
      row('431103', { period: '2023-06', elderly_beds: 1000, care_beds: 540 }),
      row('431181', { period: '2023-06', elderly_beds: 1000, care_beds: 560 }),
    ];
    expect(await ranked(rows, 'progress')).toEqual([
      [1, '431181'],
      [2, '431103'],
      [3, '431102'],
    ]);
  });
});

describe('a drop of a nation’s counties', () => {
  it('is checked whole: more problems in one period than a call takes arguments', async () => {
    const registry = JSON.parse(readFileSync('dist/shipped/data/units.yaml.json', 'utf8')) as { units: object[] };
    for (let i = 0; i < 2000; i++)
      registry.units.push({
        code: String(600000 + i),
        name: `单位${i}`,
        name_en: `Unit ${i}`,
        kind: 'county',
        division: false,
        aliases: [],
      });
    const rows = registry.units.map((unit) => ({
      county_code: (unit as { code: string }).code,
      period: '2025-12',
      elderly_beds: 1000,
      care_beds: 600,
    }));
    const report = await check([{ name: 'nation', rows }], { units: registry, complete: true, maxErrors: 1_000_000 });
    expect(report.results.filter((r) => r.rule === 'T2-10' && r.level === 'county')).toHaveLength(2014);
    // Every value a rule needs and the row leaves empty, per unit: well past the ~120,000 arguments of a call.
    expect(report.issues.filter((i) => i.code === 'missing-value').length).toBeGreaterThan(150_000);
  });
});
