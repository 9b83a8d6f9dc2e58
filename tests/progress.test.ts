/** Statuses on schedule, progress, per-unit baselines and gaps, through check(). */
import { describe, expect, it } from 'vitest';
import { check, exitCode, type CheckOptions, type Report } from '../src/check.js';
import { messageOf } from '../src/catalog.js';
import { allUnits, csv, row, writeFiles, type RowInput } from './helpers.js';

async function run(rows: RowInput[], options: CheckOptions = {}): Promise<Report> {
  return check([writeFiles({ 'batch.csv': csv(rows) })], options);
}

const result = (report: Report, rule: string, unit: string, period?: string) =>
  report.results.find((r) => r.rule === rule && r.unit === unit && (!period || r.period === period));

describe('statuses on schedule', () => {
  it('passes 54.9 % in 2023-06, ahead of the milestone 53.4, and fails it with --final', async () => {
    const rows = [row('431124', { period: '2023-06', elderly_beds: 1000, care_beds: 549 })];
    expect(result(await run(rows), 'T2-10', '431124')).toMatchObject({
      value: 54.9,
      milestone: 53.4,
      status: 'pass',
      progress: 'on_track',
      judged_against: 'milestone',
      due: false,
    });
    const final = result(await run(rows, { final: true }), 'T2-10', '431124')!;
    expect(final).toMatchObject({ status: 'fail', progress: 'on_track', judged_against: 'target' });
  });

  it('judges a tie on the milestone as met and anything below as behind', async () => {
    // 2023-06: 53.4 % is 534 of 1000 beds.
    const report = await run([
      row('431102', { period: '2023-06', elderly_beds: 1000, care_beds: 534 }),
      row('431103', { period: '2023-06', elderly_beds: 1000, care_beds: 533 }),
    ]);
    expect(result(report, 'T2-10', '431102')).toMatchObject({ status: 'pass', progress: 'on_track' });
    expect(result(report, 'T2-10', '431103')).toMatchObject({
      status: 'fail',
      progress: 'behind',
      gap_to_milestone: { amount: 1, field: 'care_beds' },
      gap: { amount: 17 },
    });
    expect(exitCode(report)).toBe(1);
  });

  it('judges against the target itself from the deadline on, with achieved or behind', async () => {
    const report = await run([
      row('431102', { period: '2025-12', elderly_beds: 1000, care_beds: 549 }),
      row('431103', { period: '2025', elderly_beds: 1000, care_beds: 550 }),
    ]);
    const late = result(report, 'T2-10', '431102')!;
    expect(late).toMatchObject({ status: 'fail', progress: 'behind', judged_against: 'target', due: true });
    expect(late.milestone).toBeUndefined();
    expect(result(report, 'T2-10', '431103')).toMatchObject({ status: 'pass', progress: 'achieved' });
  });

  it('gives progress null without a value and no progress to rules without a baseline', async () => {
    const report = await run([row('431102', { period: '2024', elderly_beds: '', stranded_identified: 100, stranded_returned: 99 })]);
    expect(result(report, 'T2-10', '431102')).toMatchObject({ status: 'no_data', progress: null, milestone: 54.36 });
    // T2-05 has no baseline: judged against 100 % in every period.
    const returned = result(report, 'T2-05', '431102')!;
    expect(returned).toMatchObject({ status: 'fail', gap: { amount: 1, unit: '人次', field: 'stranded_returned' } });
    expect(returned.progress).toBeUndefined();
    expect(returned.milestone).toBeUndefined();
  });

  it('judges the city on its own line: T2-06 in 2024 owes 90 % of the 11 divisions', async () => {
    // 10 of 11 divisions is 90.9 %, on track; 9 of 11 (81.8 %) is behind.
    const ten = await run(allUnits({ '431124': { public_burial_facility: '否' } }, { period: '2024' }));
    expect(result(ten, 'T2-06', '431100')).toMatchObject({
      milestone: 90,
      status: 'pass',
      progress: 'on_track',
      gap: { amount: 1, units: ['431124'] },
    });
    const nine = await run(
      allUnits({ '431124': { public_burial_facility: '否' }, '431125': { public_burial_facility: '否' } }, { period: '2024' }),
    );
    expect(result(nine, 'T2-06', '431100')).toMatchObject({
      status: 'fail',
      progress: 'behind',
      gap: { amount: 2, units: ['431124', '431125'] },
      gap_to_milestone: { amount: 1 },
    });
  });
});

describe('per-unit baselines', () => {
  it("draws each unit's own line from a drop of the baseline year, and says which was used", async () => {
    const baseline = writeFiles({ '2020.csv': csv([row('431102', { period: '2020', elderly_beds: 1000, care_beds: 400 })]) });
    const rows = [
      row('431102', { period: '2023-06', elderly_beds: 1000, care_beds: 480 }),
      row('431103', { period: '2023-06', elderly_beds: 1000, care_beds: 480 }),
    ];
    const report = await run(rows, { baseline: [baseline] });
    // 40 + (55 - 40) x 30/60 = 47.5: 48 % is on track for 零陵区, while 冷水滩区 follows the plan's 53.4.
    expect(result(report, 'T2-10', '431102')).toMatchObject({
      milestone: 47.5,
      status: 'pass',
      baseline: { value: 40, source: 'unit', period: '2020' },
    });
    expect(result(report, 'T2-10', '431103')).toMatchObject({ milestone: 53.4, status: 'fail', baseline: { value: 51.8, source: 'plan' } });
  });

  it('refuses a baseline drop without a row of the baseline year (exit 3)', async () => {
    const baseline = writeFiles({ 'b.csv': csv([row('431102', { period: '2021' })]) });
    await expect(run([row('431102')], { baseline: [baseline] })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('no row of 2020'),
    });
  });

  it('reads a baseline file without a period column as of the baseline year, and says so at its header', async () => {
    const undated = row('431102', { care_beds: 400, elderly_beds: 1000 });
    delete undated.period;
    const baseline = writeFiles({ '2020.csv': csv([undated]) });
    const report = await run([row('431102', { period: '2023-06', elderly_beds: 1000, care_beds: 480 })], { baseline: [baseline] });
    expect(result(report, 'T2-10', '431102')).toMatchObject({ milestone: 47.5, baseline: { value: 40, source: 'unit', period: '2020' } });
    const given = report.issues.find((i) => i.code === 'period-given')!;
    expect(given).toMatchObject({ file: expect.stringMatching(/2020\.csv$/), line: 1 });
    expect(messageOf(given, 'en')).toBe(
      'the header has no "报告期": every row is of 2020, the plan\'s baseline year, as --baseline reads it',
    );
    expect(messageOf(given, 'zh')).toBe('表头中没有“报告期”：各行的报告期取规划基期年 2020');
    // The same header read again in this process (the built-in plan's columns keep what a header's reading gave), its period given by --period.
    const asDrop = await check([baseline], { period: '2020' });
    expect(
      messageOf(
        asDrop.issues.find((i) => i.code === 'period-given')!,
        'en',
      ),
    ).toBe('the header has no "报告期": every row is of 2020, as --period gives it');
  });

  it('names the first problem of a baseline drop that gives no row', async () => {
    const baseline = writeFiles({ 'b.csv': 'foo,bar\n1,2\n' });
    const refused = run([row('431102')], { baseline: [baseline] });
    await expect(refused).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /no row of 2020, the plan's baseline year \(1 problem in its files, the first at \S*b\.csv:1: none of the first 2 lines names/,
      ),
    });
  });

  it('reports rows of other periods in a baseline drop, and uses the baseline year', async () => {
    const baseline = writeFiles({
      'b.csv': csv([row('431102', { period: '2020', care_beds: 800, elderly_beds: 1000 }), row('431102', { period: '2021' })]),
    });
    const report = await run([row('431102', { period: '2022' })], { baseline: [baseline] });
    expect(report.issues.map((i) => i.code)).toContain('baseline-period');
    expect(result(report, 'T2-10', '431102')!.baseline).toMatchObject({ value: 80, source: 'unit' });
  });
});

describe('gaps in real units', () => {
  it('a ratio: 520 of 1000 beds against 55 % needs 30 more care-type beds', async () => {
    const report = await run([row('431102', { elderly_beds: 1000, care_beds: 520 })]);
    expect(result(report, 'T2-10', '431102')!.gap).toMatchObject({
      amount: 30,
      unit: '张',
      field: 'care_beds',
      change: 'increase',
      text: { zh: '护理型床位需增加 30 张' },
    });
  });

  it('rounds up to whole units, and past a strict target: 5 of 10 towns against > 50 % needs 1', async () => {
    const report = await run([row('431102', { elderly_beds: 999, care_beds: 549, towns: 10, towns_with_minor_station: 5 })]);
    // 549.45 beds would be 55 % of 999: a whole bed more, 550.
    expect(result(report, 'T2-10', '431102')!.gap).toMatchObject({ amount: 1 });
    expect(result(report, 'T2-12', '431102')!.gap).toMatchObject({ amount: 1, field: 'towns_with_minor_station' });
  });

  it('a 100 % rule: 97 of 100 returned needs 3', async () => {
    const report = await run([row('431102', { stranded_identified: 100, stranded_returned: 97 })]);
    expect(result(report, 'T2-05', '431102')!.gap).toMatchObject({ amount: 3, field: 'stranded_returned' });
  });

  it('a total: 480 outlets against 500 needs 20', async () => {
    const report = await run(allUnits({}, { lottery_outlets: 0 }).map((r, i) => ({ ...r, lottery_outlets: i === 0 ? 480 : 0 })));
    expect(result(report, 'T2-15', '431100')!.gap).toMatchObject({ amount: 20, unit: '个', field: 'lottery_outlets' });
  });

  it('a standard in yuan: the rural standard per year against 75 % of twelve urban months', async () => {
    const report = await run([row('431102', { urban_dibao_standard: 700, rural_dibao_standard: 6000 })]);
    // 75 % of 700 x 12 = 6300.
    expect(result(report, 'T2-03', '431102')!.gap).toMatchObject({ amount: 300, unit: '元/人·年', field: 'rural_dibao_standard' });
  });

  it('a lowest-county city value: which county sets it and what it needs', async () => {
    const report = await run(
      allUnits({ '431124': { rural_dibao_standard: 6000 }, '431125': { rural_dibao_standard: 6200 } }, { urban_dibao_standard: 700 }),
    );
    expect(result(report, 'T2-03', '431100')!.gap).toMatchObject({ lowest: '431124', amount: 300, units: ['431124', '431125'] });
  });

  it('none for a result that meets its target', async () => {
    expect(result(await run([row('431102')]), 'T2-10', '431102')!.gap).toBeUndefined();
  });
});
