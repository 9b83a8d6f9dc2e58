import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, exitCode, type Report } from '../src/check.js';
import { parseExpression } from '../src/evaluate/expression.js';
import { loadPlan } from '../src/plan/load.js';
import { REPORTERS } from '../src/report/index.js';
import { allUnits, csv, row, writeFiles, type RowInput } from './helpers.js';

async function run(rows: RowInput[], options: { strict?: boolean } = {}): Promise<Report> {
  return check([writeFiles({ 'batch.csv': csv(rows) })], options);
}

const result = (report: Report, rule: string, unit: string) => report.results.find((r) => r.rule === rule && r.unit === unit);

describe('evaluation per unit', () => {
  it('judges ties exactly: 6 of 10 meets >= 60, 5 of 10 fails > 50, 549 of 1000 fails >= 55', async () => {
    const report = await run([
      row('431102', { towns: 10, towns_with_elderly_center: 6, towns_with_minor_station: 5, elderly_beds: 1000, care_beds: 549 }),
    ]);
    expect(result(report, 'T2-11', '431102')).toMatchObject({ value: 60, target: 60, status: 'pass', exact: '60' });
    expect(result(report, 'T2-12', '431102')).toMatchObject({ value: 50, status: 'warn' });
    expect(result(report, 'T2-10', '431102')).toMatchObject({ value: 54.9, status: 'fail', attribute: 'binding' });
  });

  it('does not show a miss as a tie: 54.999 % is not rounded to 55', async () => {
    const report = await run([row('431102', { elderly_beds: 100000, care_beds: 54999 })]);
    expect(result(report, 'T2-10', '431102')).toMatchObject({ value: 54.999, status: 'fail' });
  });

  it('converts the urban standard per month to per year for T2-03', async () => {
    // 6120 / (680 x 12) is exactly 75 %.
    const report = await run([
      row('431102', { urban_dibao_standard: 680, rural_dibao_standard: 6120 }),
      row('431103', { urban_dibao_standard: 680, rural_dibao_standard: 6119 }),
    ]);
    expect(result(report, 'T2-03', '431102')).toMatchObject({ value: 75, status: 'pass' });
    expect(result(report, 'T2-03', '431103')).toMatchObject({ value: 74.99, status: 'warn' });
  });

  it('compares a growth rate with a column of the same row (T2-02a)', async () => {
    const report = await run([
      row('431102', { urban_dibao_standard: 630, urban_dibao_standard_prev: 600, consumption_growth_prev: 5 }),
      row('431103', { urban_dibao_standard: 629, urban_dibao_standard_prev: 600, consumption_growth_prev: 5 }),
    ]);
    expect(result(report, 'T2-02a', '431102')).toMatchObject({ value: 5, target: 5, status: 'pass' });
    expect(result(report, 'T2-02a', '431103')).toMatchObject({ status: 'warn', target: 5 });
  });

  it('gives no_data for a zero denominator and for a missing value, never a pass', async () => {
    const report = await run([row('431102', { stranded_identified: 0, stranded_returned: 0, households: '' })]);
    expect(result(report, 'T2-05', '431102')).toMatchObject({ value: null, status: 'no_data', reason: 'zero-denominator' });
    expect(result(report, 'T2-04', '431102')).toMatchObject({ value: null, status: 'no_data', reason: 'missing-value' });
  });

  it("gives no_data, out-of-range, for a value of 10^200 or more (a plan's own metric of many products), never an internal error", async () => {
    const plan = loadPlan('yongzhou-civil-affairs-14th');
    const rule = plan.rules.find((r) => r.id === 'C4-11')!;
    // A county's figure just short of 10^15 (the most a cell holds), raised to the 13th power (about 10^195) and the 14th (10^210).
    const power = (times: number) => {
      const text = Array.from({ length: times }, () => 'sum(child_care_social_orgs)').join(' * ');
      return { ...rule, id: `P${times}`, metric: parseExpression(text), metricText: text, targetByUnit: new Map() };
    };
    const rows = [row('431102', { child_care_social_orgs: 999_999_999_999_999 })];
    const report = await check([writeFiles({ 'batch.csv': csv(rows) })], { plan: { ...plan, rules: [power(13), power(14)] } });
    expect(result(report, 'P13', '431102')).toMatchObject({ status: 'pass' });
    expect(result(report, 'P13', '431102')!.value).toBeGreaterThan(1e194);
    expect(result(report, 'P14', '431102')).toMatchObject({ value: null, status: 'no_data', reason: 'out-of-range' });
    for (const format of ['table', 'json', 'html'] as const)
      expect(REPORTERS[format]!.render(report, { lang: 'zh', color: false })).toContain('P14');
  });

  it('turns warn into fail with strict', async () => {
    const rows = [row('431102', { towns_with_minor_station: 5 })];
    expect(result(await run(rows, { strict: true }), 'T2-12', '431102')!.status).toBe('fail');
  });
});

describe('rule features beyond Table 2', () => {
  it('per-unit targets and exceptions: two mental-rehab institutions per county, one for 零陵区 and 冷水滩区', async () => {
    const report = await run([
      row('431102', { mental_rehab_institutions: 1 }),
      row('431123', { mental_rehab_institutions: 1 }),
      row('431171', { mental_rehab_institutions: 0 }),
    ]);
    expect(result(report, 'C6-08', '431102')).toMatchObject({ target: 1, status: 'pass' });
    expect(result(report, 'C6-08', '431123')).toMatchObject({ target: 2, status: 'warn' });
    // The development zone is not a county-level division: the rule does not apply to it.
    expect(result(report, 'C6-08', '431171')).toBeUndefined();
  });

  it('力争3-5家 reads as at least 3: six organisations are not a miss (C4-11)', async () => {
    const counts: [string, number][] = [
      ['431102', 2],
      ['431103', 3],
      ['431181', 5],
      ['431122', 6],
    ];
    const report = await run(counts.map(([code, n]) => row(code, { child_care_social_orgs: n })));
    expect(counts.map(([code]) => result(report, 'C4-11', code)!.status)).toEqual(['warn', 'pass', 'pass', 'pass']);
    expect(result(report, 'C4-11', '431103')).toMatchObject({ op: '>=', target: 3 });
  });

  it('ranges: 3 to 5, both ends included', async () => {
    const plan = loadPlan('yongzhou-civil-affairs-14th');
    const rule = plan.rules.find((r) => r.id === 'C4-11')!;
    const range = {
      ...rule,
      target: {
        op: 'between' as const,
        min: { kind: 'number' as const, value: '3', at: 0 },
        max: { kind: 'number' as const, value: '5', at: 0 },
        printed: '3–5',
      },
    };
    const counts: [string, number][] = [
      ['431102', 2],
      ['431103', 3],
      ['431181', 5],
      ['431122', 6],
    ];
    const rows = counts.map(([code, n]) => row(code, { child_care_social_orgs: n }));
    const report = await check([writeFiles({ 'batch.csv': csv(rows) })], { plan: { ...plan, rules: [range] } });
    expect(counts.map(([code]) => result(report, 'C4-11', code)!.status)).toEqual(['warn', 'pass', 'pass', 'warn']);
    expect(result(report, 'C4-11', '431103')).toMatchObject({ op: 'between', target: [3, 5] });
    expect(result(report, 'C4-11', '431122')!.gap).toMatchObject({ amount: 1, change: 'decrease' });
  });

  it('multipliers: the 特困 standard at least 1.3 times the dibao standard, exactly', async () => {
    const report = await run([
      row('431102', { urban_dibao_standard: 700, tekun_urban_standard: 910 }),
      row('431103', { urban_dibao_standard: 700, tekun_urban_standard: 909.99 }),
    ]);
    expect(result(report, 'C1-06a', '431102')).toMatchObject({ target: 910, status: 'pass' });
    expect(result(report, 'C1-06a', '431103')!.status).toBe('warn');
  });

  it('allocations: completed against planned per unit, and the box total for the city', async () => {
    const planned: Record<string, number> = {
      '431102': 9,
      '431103': 8,
      '431181': 18,
      '431122': 14,
      '431123': 10,
      '431124': 14,
      '431125': 9,
      '431126': 15,
      '431127': 13,
      '431128': 11,
      '431129': 15,
      '431172': 4,
    };
    const rows = allUnits(
      Object.fromEntries(Object.entries(planned).map(([code, n]) => [code, { rural_cemeteries_built: code === '431128' ? n - 2 : n }])),
    );
    const report = await run(rows);
    expect(result(report, 'C6-24', '431181')).toMatchObject({ value: 18, target: 18, status: 'pass' });
    expect(result(report, 'C6-24', '431128')).toMatchObject({ value: 9, target: 11, status: 'warn' });
    expect(result(report, 'C6-24', '431173')).toBeUndefined();
    expect(result(report, 'C6-24', '431100')).toMatchObject({ value: 138, target: 140, status: 'warn' });
  });

  it('a city share over the divisions: 80 % or more of them provide mental-rehab services', async () => {
    const without = ['431124', '431125'];
    const rows = allUnits(Object.fromEntries(without.map((code) => [code, { mental_rehab_service: '否' }])), {
      mental_rehab_service: '是',
    });
    expect(result(await run(rows), 'C6-10', '431100')).toMatchObject({ value: 81.82, status: 'pass' });
    const three = allUnits(Object.fromEntries([...without, '431126'].map((code) => [code, { mental_rehab_service: '否' }])), {
      mental_rehab_service: '是',
    });
    expect(result(await run(three), 'C6-10', '431100')).toMatchObject({ value: 72.73, status: 'warn' });
  });
});

describe('evaluation for the city', () => {
  it('takes a ratio of sums, not a mean of ratios', async () => {
    // 1 of 1 bed (100 %) and 500 of 1000 (50 %): the mean would be 75 %, the city has 501/1001.
    const report = await run(
      allUnits(
        { '431102': { elderly_beds: 1, care_beds: 1 }, '431103': { elderly_beds: 1000, care_beds: 500 } },
        { elderly_beds: 0, care_beds: 0 },
      ),
    );
    const city = result(report, 'T2-10', '431100')!;
    expect(city.exact).toBe('50100/1001');
    expect(city.status).toBe('fail');
  });

  it('takes the lowest county for T2-03', async () => {
    const report = await run(allUnits({ '431124': { urban_dibao_standard: 700, rural_dibao_standard: 6000 } }));
    expect(result(report, 'T2-03', '431100')).toMatchObject({ value: 71.43, status: 'warn' });
  });

  it('counts only the 11 administrative divisions for T2-06 and T2-07', async () => {
    const zonesWithout = await run(allUnits({ '431172': { public_burial_facility: '否' }, '431173': { marriage_cross_province: '否' } }));
    // The 3 zones are not 县级行政区域: no result for them at all (contract version 2).
    for (const zone of ['431171', '431172', '431173']) {
      expect(result(zonesWithout, 'T2-06', zone)).toBeUndefined();
      expect(result(zonesWithout, 'T2-07', zone)).toBeUndefined();
    }
    expect(result(zonesWithout, 'T2-06', '431100')).toMatchObject({ value: 100, status: 'pass' });
    expect(result(zonesWithout, 'T2-07', '431100')).toMatchObject({ value: 100, status: 'pass' });
    const divisionWithout = await run(allUnits({ '431124': { public_burial_facility: '否' } }));
    expect(result(divisionWithout, 'T2-06', '431100')).toMatchObject({ value: 90.91, status: 'fail' });
  });

  it('needs all 14 units, and names the missing ones', async () => {
    const rows = allUnits().filter((r) => r.county_code !== '431125' && r.county_code !== '431173');
    const report = await run(rows);
    const city = report.results.filter((r) => r.level === 'city' && r.rule.startsWith('T2'));
    expect(city).toHaveLength(14);
    for (const r of city) expect(r).toMatchObject({ status: 'no_data', value: null, missing: ['431125', '431173'] });
  });

  it('sums city-only counts (T2-01, T2-13, T2-15) and judges them once', async () => {
    const report = await run(allUnits({}, { lottery_outlets: 36 }));
    expect(result(report, 'T2-15', '431100')).toMatchObject({ value: 504, status: 'pass' });
    expect(report.results.filter((r) => r.rule === 'T2-15')).toHaveLength(1);
  });

  it('evaluates each period on its own', async () => {
    const rows = [...allUnits({}, { period: '2024' }), ...allUnits({}, { period: '2025' }).filter((r) => r.county_code !== '431102')];
    const report = await run(rows);
    expect(result(report, 'T2-01', '431100')).toBeDefined();
    const cityByPeriod = report.results.filter((r) => r.rule === 'T2-01').map((r) => [r.period, r.status]);
    expect(cityByPeriod).toEqual([
      ['2024', 'pass'],
      ['2025', 'no_data'],
    ]);
  });
});

describe('exit codes', () => {
  it('is 0 when all is valid and nothing fails, 1 when a binding target fails, 2 for invalid data', async () => {
    expect(exitCode(await run(allUnits()))).toBe(0);
    expect(exitCode(await run(allUnits({ '431102': { disabled_care_covered: 1999 } })))).toBe(1);
    expect(exitCode(await run(allUnits({ '431102': { care_beds: 'x' } })))).toBe(2);
  });

  it('checks the other files when one is invalid', async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102', { care_beds: 'abc' })]), 'b.csv': csv([row('431103')]) });
    writeFileSync(join(dir, 'c.csv'), '');
    const report = await check([dir]);
    expect(report.results.some((r) => r.unit === '431103')).toBe(true);
    expect(report.issues.map((i) => [i.file.split('/').pop(), i.code])).toEqual([
      ['a.csv', 'type'],
      ['c.csv', 'no-data-rows'],
    ]);
  });
});

describe('deadlines', () => {
  it('marks whether a period has reached the rule deadline', async () => {
    const { isDue } = await import('../src/evaluate/schedule.js');
    expect([
      isDue('2025-11', '2025'),
      isDue('2025-12', '2025'),
      isDue('2025', '2025'),
      isDue('2026-01', '2025'),
      isDue('2022-06', '2022-06'),
    ]).toEqual([false, true, true, true, true]);
    const report = await run([row('431102', { period: '2021', new_residential_areas: 10, new_residential_compliant: 9 })]);
    expect(result(report, 'C3-02', '431102')).toMatchObject({ status: 'warn', due: false });
    expect(result(report, 'C2-04', '431102')!.due).toBeUndefined();
  });
});
