/** A history of drops: folders read recursively, trends, and comparison with an earlier drop. */
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, exitCode } from '../src/check.js';
import { REPORTERS } from '../src/report/index.js';
import { allUnits, csv, tempDir, writeFiles } from './helpers.js';
import { validReport } from './report-schema.js';

/** A folder per period, each with one file of all units. */
function history(
  drops: Record<string, Record<string, Record<string, string | number>>>,
  common: Record<string, string | number> = {},
): string {
  const root = tempDir();
  for (const [period, overrides] of Object.entries(drops)) {
    mkdirSync(join(root, period, 'nested'), { recursive: true });
    writeFileSync(join(root, period, 'nested', 'all.csv'), csv(allUnits(overrides, { ...common, period })));
  }
  return root;
}

describe('history', () => {
  it('reads a folder tree recursively into one series per unit and rule, in time order', async () => {
    const root = history({ '2025-12': {}, '2024': {}, '2024-06': {} });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'x.csv'), 'not a submission');
    const report = await check([root]);
    expect(report.files).toHaveLength(3);
    const periods = report.results.filter((r) => r.rule === 'T2-10' && r.unit === '431102').map((r) => r.period);
    expect(periods).toEqual(['2024-06', '2024', '2025-12']);
  });

  it('shows the latest period with a trend in the tables, and every period in JSON', async () => {
    const root = history({ '2024': { '431102': { care_beds: 1000 } }, '2025-12': { '431102': { care_beds: 1100 } } });
    const report = await check([join(root, '2024'), join(root, '2025-12')], { rules: ['T2-10'] });
    const table = REPORTERS.table!.render(report, { lang: 'en', color: false });
    expect(table).toContain('2 periods (2024 to 2025-12)');
    expect(table).not.toContain('Period 2024\n');
    expect(table).toMatch(/Trend/);
    const json = validReport(REPORTERS.json!.render(report, { lang: 'en', color: false })) as { results: { period: string }[] };
    expect(new Set(json.results.map((r) => r.period))).toEqual(new Set(['2024', '2025-12']));
    // The page for people shows the latest period too, and says its counts are of both.
    const page = REPORTERS.html!.render(report, { lang: 'zh', color: false }) as string;
    expect(page).toContain('<div class="meta">报告期 2025-12（共 2 期，2024 至 2025-12；计数含各期）');
    const one = await check([join(root, '2025-12')], { rules: ['T2-10'] });
    expect(REPORTERS.html!.render(one, { lang: 'en', color: false })).toContain('<div class="meta">Period 2025-12 · ');
  });
});

describe('counts since 2021', () => {
  it('warns, at the later row, when a count since the plan began falls from one period to the next', async () => {
    const root = history(
      { '2024': { '431122': { rural_cemeteries_built: 9 } }, '2025': { '431122': { rural_cemeteries_built: 7 } } },
      { rural_cemeteries_built: 1 },
    );
    const report = await check([root]);
    const falls = report.issues.filter((i) => i.code === 'cumulative-decrease');
    expect(falls).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 5,
        field: 'rural_cemeteries_built',
        params: expect.objectContaining({ value: 7, before: 9, earlier: '2024' }),
      }),
    ]);
    expect(falls[0]!.file).toContain('2025');
  });

  it('judges a box total on schedule: half the five years owe half the allocation', async () => {
    // 东安县 has 14 rural cemeteries to build by 2025: 7 are due at 2023-06.
    const report = await check([
      history({ '2023-06': { '431122': { rural_cemeteries_built: 7 }, '431102': { rural_cemeteries_built: 4 } } }),
    ]);
    const at = (unit: string) => report.results.find((r) => r.rule === 'C6-24' && r.unit === unit)!;
    expect(at('431122')).toMatchObject({ milestone: 7, status: 'pass', progress: 'on_track', baseline: { value: 0 } });
    expect(at('431102')).toMatchObject({ milestone: 4.5, status: 'warn', progress: 'behind', gap_to_milestone: { amount: 1 } });
  });
});

describe('--compare', () => {
  const before = () =>
    writeFiles({ 'all.csv': csv(allUnits({ '431124': { care_beds: 1200 }, '431125': { care_beds: 1000 } }, { period: '2025-11' })) });
  const now = (rows = allUnits({ '431124': { care_beds: 1000 }, '431125': { care_beds: 1200 } }, { period: '2025-12' })) =>
    writeFiles({ 'all.csv': csv(rows) });

  it('names what newly misses, what was fixed and which way values moved', async () => {
    const report = await check([now()], { compare: [before()], rules: ['T2-10'] });
    const c = report.comparison!;
    expect(c.previous.period).toBe('2025-11');
    expect(c.newly_failing.map((x) => x.unit)).toEqual(['431124']);
    expect(c.fixed.map((x) => x.unit)).toEqual(['431125']);
    expect(c.changes.find((x) => x.unit === '431124')).toMatchObject({ direction: 'bad', before: { value: 60 }, after: { value: 50 } });
    expect(c.changes.find((x) => x.unit === '431125')!.direction).toBe('good');
    expect(c.regressions.map((x) => x.unit)).toEqual(['431124']);
  });

  it('exits 1 with --fail-on-regression when a unit that passed sends nothing now', async () => {
    const partial = now(allUnits({}, { period: '2025-12' }).filter((r) => r.county_code !== '431129'));
    const report = await check([partial], { compare: [before()], rules: ['T2-10'], failOnRegression: true });
    expect(report.comparison!.missing_units).toEqual(['431129']);
    // Without the option the partial drop has no failing result: the city is no_data.
    expect(report.results.some((r) => r.status === 'fail')).toBe(false);
    expect(exitCode(report)).toBe(1);
    expect(exitCode({ ...report, failOnRegression: false })).toBe(0);
  });

  it("says in the reports for people that an earlier drop's invalid rows are not compared, and how to have them", async () => {
    const faulty = writeFiles({ 'all.csv': csv(allUnits({ '431124': { care_beds: 'abc' } }, { period: '2025-11' })) });
    const report = await check([now()], { compare: [faulty], rules: ['T2-10'] });
    expect(report.comparison!.previous.errors).toBe(1);
    const table = REPORTERS.table!.render(report, { lang: 'en', color: false, width: 200 }) as string;
    expect(table).toContain(`the earlier drop has 1 error: its invalid rows are not compared (plan-check check ${faulty} lists them)`);
    // The run's own problems are its own: none here.
    expect(table).not.toContain('Problems in the data');
    expect(REPORTERS.markdown!.render(report, { lang: 'zh', color: false }) as string).toContain('上一次报送数据有 1 个错误');
    // The page for a bureau draws the comparison too, as the table does.
    const page = REPORTERS.html!.render(report, { lang: 'en', color: false }) as string;
    expect(page).toMatch(
      /<section class="beyond"><h2>Compared with 2025-11 \([^<]*\)<\/h2>\n<p class="note-warn">the earlier drop has 1 error/,
    );
    expect(page).toMatch(/<p class="note-\w+">values moved: \d+ towards the target, \d+ away from it<\/p>/);
    // A clean earlier drop: nothing said of it.
    expect(
      REPORTERS.table!.render(await check([now()], { compare: [before()], rules: ['T2-10'] }), { lang: 'en', color: false }) as string,
    ).not.toContain('earlier drop has');
  });

  it('compares with a saved JSON report as well as with a drop', async () => {
    const earlier = await check([before()], { rules: ['T2-10'] });
    const saved = join(tempDir(), 'last.json');
    writeFileSync(saved, REPORTERS.json!.render(earlier, { lang: 'en', color: false }));
    const report = await check([now()], { compare: [saved], rules: ['T2-10'] });
    expect(report.comparison!.newly_failing.map((x) => x.unit)).toEqual(['431124']);
  });

  it('names the first problem of an earlier drop that gives no result, and for files without a period how to compare them', async () => {
    const undated = writeFiles({ 'all.csv': csv(allUnits({}, { period: '2025-11' }).map(({ period: _, ...rest }) => rest)) });
    const refused = check([now()], { compare: [undated], rules: ['T2-10'] });
    await expect(refused).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /gives no result \(1 problem in its files, the first at \S*all\.csv:1: the header has no "报告期" \(period\) column\); check the earlier drop with its own --period/,
      ),
    });
    const junk = writeFiles({ 'junk.csv': 'foo,bar\n1,2\n' });
    await expect(check([now()], { compare: [junk], rules: ['T2-10'] })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/junk\.csv:1: none of the first 2 lines .*; give a folder or files of an earlier drop/),
    });
  });

  it('refuses an earlier drop later than the drop checked (the two named the other way round) before any result is handed on, and compares a drop sent again', async () => {
    const handed: unknown[] = [];
    const swapped = check([before()], { compare: [now()], rules: ['T2-10'], onResults: (results) => void handed.push(...results) });
    await expect(swapped).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /^compare \S+: its latest period, 2025-12, is later than the drop checked \(2025-11\); name the earlier drop with --compare/,
      ),
    });
    expect(handed).toEqual([]);
    // A saved report the same; a drop of the same period (sent again, corrected) is compared.
    const saved = join(tempDir(), 'last.json');
    writeFileSync(saved, REPORTERS.json!.render(await check([now()], { rules: ['T2-10'] }), { lang: 'en', color: false }));
    await expect(check([before()], { compare: [saved], rules: ['T2-10'] })).rejects.toMatchObject({ exitCode: 3 });
    const again = await check([now()], { compare: [saved], rules: ['T2-10'] });
    expect([again.comparison!.previous.period, again.comparison!.newly_failing]).toEqual(['2025-12', []]);
  });

  it('refuses a saved report of another plan, or a JSON file that is not a report (exit 3)', async () => {
    const other = join(tempDir(), 'other.json');
    writeFileSync(other, JSON.stringify({ plan: 'yongzhou-civil-affairs-13th', results: [] }));
    await expect(check([now()], { compare: [other] })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining(
        'not of yongzhou-civil-affairs-14th; compare with a report of yongzhou-civil-affairs-14th, or name the plan of that report with --plan',
      ),
    });
    // Said in Chinese in Chinese, its reason too.
    await expect(check([now()], { compare: [join(tempDir(), 'gone.json')] })).rejects.toMatchObject({
      zh: expect.stringMatching(/gone\.json：没有这个文件；/),
    });
    const junk = join(tempDir(), 'junk.json');
    writeFileSync(junk, '{"results": [{"rule": 1}]}');
    await expect(check([now()], { compare: [junk] })).rejects.toMatchObject({ exitCode: 3 });
    await expect(check([now()], { failOnRegression: true })).rejects.toMatchObject({ exitCode: 3 });
  });

  it('refuses a saved report that is not JSON at its line and column, reading no further (exit 3)', async () => {
    // A file of 257 MiB of no bytes on disk (sparse), its first byte not JSON: refused there.
    const large = join(tempDir(), 'large.json');
    writeFileSync(large, '');
    truncateSync(large, 257 * 1024 * 1024);
    await expect(check([now()], { compare: [large] })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /^compare \S+large\.json:1:1: not valid JSON: "\\u0000" cannot stand there; give a folder or files of an earlier drop/,
      ),
    });
    const cut = join(tempDir(), 'cut.json');
    writeFileSync(cut, '{\n  "plan": "yongzhou-civil-affairs-14th",\n  "results": [\n    {"rule": "T2-10",]\n');
    await expect(check([now()], { compare: [cut] })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/^compare \S+cut\.json:4:22: not valid JSON: "]" cannot stand there;/),
      zh: expect.stringMatching(/cut\.json:4:22：不是有效的 JSON：此处不能是 "]"；/),
    });
  });
});
