/**
 * The example plans of other regions (examples/), run as a user would: copied to a folder outside
 * the package and checked through the built CLI with --plan, against values computed by hand.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { hintOf, messageOf } from '../src/catalog.js';
import { loadPlan } from '../src/plan/load.js';
import { runInProcess, tempDir } from './helpers.js';
import { validReport } from './report-schema.js';

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;

interface JsonReport {
  results: {
    rule: string;
    level: string;
    unit: string;
    period: string;
    value: number | null;
    status: string;
    milestone?: number;
    progress?: string | null;
    gap?: { amount: number; units?: string[]; lowest?: string };
  }[];
  warnings: { code: string; message: string }[];
  errors: { code: string; message: string; field: string }[];
}

/** Copies an example to a fresh folder outside the package and runs the CLI there. */
async function runExample(example: string, args: string[]) {
  const dir = tempDir();
  cpSync(join(EXAMPLES, example), join(dir, example), { recursive: true });
  const run = await runInProcess(args, { cwd: dir });
  return { code: run.code, report: args.includes('json') ? (validReport(run.stdout) as JsonReport) : undefined, stdout: run.stdout, dir };
}

const at = (report: JsonReport, rule: string, unit: string, period: string) =>
  report.results.find((r) => r.rule === rule && r.unit === unit && r.period === period);

describe('a province with 14 prefecture-level units (examples/province)', async () => {
  const { code, report } = await runExample('province', ['province/drops', '--plan', 'province', '--format', 'json', '--lang', 'zh']);

  it('reads GBK files with a title row and a 全省合计 row, and names the whole in its own words', () => {
    expect(code).toBe(1);
    expect(report!.errors).toEqual([]);
    const totals = report!.warnings.filter((w) => w.code === 'total-row');
    expect(totals).toHaveLength(2);
    expect(totals[0]!.message).toContain('全省数值由各单位计算');
  });

  it('pools care beds over the province: 47,735 of 86,400 beds is 55.25 %', () => {
    expect(at(report!, 'P-01', '430000', '2025')).toMatchObject({ value: 55.25, status: 'pass', progress: 'achieved' });
    // 2023: 45,791 of 86,400 is 52.9988 %, a hair behind the milestone 50 + 5 x 36/60 = 53.
    const mid = at(report!, 'P-01', '430000', '2023')!;
    expect(mid).toMatchObject({ milestone: 53, status: 'fail', progress: 'behind' });
    expect(mid.value!).toBeLessThan(53);
  });

  it("takes the lowest prefecture's standard as the province's, and says who sets it", () => {
    // 湘西州: 5,300 / (620 x 12) = 71.24 %; 75 % of 7,440 is 5,580: 280 yuan more a year.
    expect(at(report!, 'P-02', '430000', '2025')).toMatchObject({ value: 71.24, status: 'warn', gap: { lowest: '433100', amount: 280 } });
  });

  it('sums a count over the province and judges a group of units only', () => {
    expect(at(report!, 'P-03', '430000', '2025')).toMatchObject({ value: 60200, status: 'pass' });
    // 12 of the 13 prefecture-level cities; 湘西州 is not in the group and gets no result.
    expect(at(report!, 'P-05', '430000', '2025')).toMatchObject({ value: 92.31, gap: { amount: 1, units: ['430800'] } });
    expect(at(report!, 'P-05', '433100', '2025')).toBeUndefined();
    // 1,933 of 1,940 townships: 7 stations short.
    expect(at(report!, 'P-04', '430000', '2025')).toMatchObject({ value: 99.64, gap: { amount: 7 } });
  });
});

describe('a county with 15 townships and 12-digit codes (examples/county)', async () => {
  const { code, report } = await runExample('county', ['county/drops', '--plan', 'county', '--format', 'json', '--lang', 'zh']);

  it('judges the county on schedule at 2024-06 and against its targets at 2025-12', () => {
    expect(code).toBe(1);
    expect(report!.errors).toEqual([]);
    // 42 of 60 months from 70 % to 100 %: the milestone is 91 %.
    expect(at(report!, 'X-01', '439901000000', '2024-06')).toMatchObject({ milestone: 91, status: 'fail', progress: 'behind' });
    expect(at(report!, 'X-01', '439901000000', '2025-12')).toMatchObject({ value: 99.46, status: 'fail', gap: { amount: 1 } });
  });

  it('checks per-township allocations on their own lines and the county total of 20', () => {
    // 白沙镇 owes 2 stations by 2025, 1.4 at 2024-06; it has built 0, then 1.
    expect(at(report!, 'X-03', '439901104000', '2024-06')).toMatchObject({ milestone: 1.4, status: 'warn', gap: { amount: 2 } });
    expect(at(report!, 'X-03', '439901000000', '2025-12')).toMatchObject({ value: 19, status: 'warn', gap: { amount: 1 } });
  });

  it('judges towns and townships only where the rule says so, not the sub-districts', () => {
    expect(at(report!, 'X-02', '439901001000', '2025-12')).toBeUndefined();
    expect(at(report!, 'X-02', '439901104000', '2025-12')).toMatchObject({ value: 40, status: 'pass' });
  });

  it("names a wrong code in the region's words", async () => {
    const dir = tempDir();
    cpSync(join(EXAMPLES, 'county'), join(dir, 'county'), { recursive: true });
    const file = join(dir, 'county', 'drops', '2025-12', '青山县2025年12月.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('439901205000,柳塘乡', '439901999000,柳塘乡'));
    const run = await runInProcess(['county/drops/2025-12', '--plan', 'county', '--format', 'json', '--lang', 'zh'], { cwd: dir });
    expect(run.code).toBe(2);
    const error = (validReport(run.stdout) as JsonReport).errors[0]!;
    expect(error).toMatchObject({
      code: 'foreign-key',
      field: 'town_code',
      message: '统计用区划代码 439901999000 不是青山县的乡镇（街道）',
    });
  });
});

describe('several plans in one install', () => {
  it('checks the province, the county and the built-in plan one after another, each with its own units', async () => {
    const province = await check([join(EXAMPLES, 'province/drops/2025')], { plan: join(EXAMPLES, 'province') });
    const county = await check([join(EXAMPLES, 'county/drops/2025-12')], { plan: join(EXAMPLES, 'county/plan.yaml') });
    const builtin = await check(['data/samples/2025-12']);
    expect(province.registry.city.code).toBe('430000');
    expect(county.registry.codeDigits).toBe(12);
    expect(builtin.registry.units).toHaveLength(14);
    expect(province.results.find((r) => r.rule === 'P-03')).toMatchObject({ value: 60200 });
    expect(builtin.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('names the plan folder a --plan of no folder meant: one copied from Windows, or in other capitals', () => {
    const refused = (plan: string) => {
      try {
        loadPlan(plan);
      } catch (error) {
        return (error as Error).message;
      }
      return 'loaded';
    };
    const county = join(EXAMPLES, 'county');
    expect(refused(`${EXAMPLES}\\county`)).toBe(
      `plan ${EXAMPLES}\\county: no such file or folder, but ${county} is: write / between folders (here \\ is a character of a name, not a separator as on Windows)`,
    );
    expect(refused(join(EXAMPLES, 'County'))).toBe(
      `plan ${join(EXAMPLES, 'County')}: no such file or folder, but ${county} is: its name differs in capitals only, which this system tells apart`,
    );
    expect(refused(join(EXAMPLES, 'countries'))).toMatch(
      /: neither a built-in plan \(yongzhou-civil-affairs-13th, yongzhou-civil-affairs-14th\) nor an existing file or folder$/,
    );
  });

  it('takes plan, units and schema as objects', async () => {
    const read = (name: string) => readFileSync(join(EXAMPLES, 'province', name), 'utf8');
    const { parse } = await import('yaml');
    const plan = parse(read('plan.yaml')) as Record<string, unknown>;
    const report = await check([join(EXAMPLES, 'province/drops/2025')], {
      plan: { ...plan, units: undefined, submission: undefined },
      units: parse(read('units.yaml')) as object,
      submission: JSON.parse(read('submission.schema.json')) as object,
    });
    expect(report.results.find((r) => r.rule === 'P-01' && r.level === 'city')).toMatchObject({ value: 55.25 });
    expect(loadPlan(join(EXAMPLES, 'county')).columns.code).toBe('town_code');
  });

  it('converts amounts stated per month and per year in Chinese units, with 9-digit codes, all given inline', async () => {
    const units = {
      aggregate: { code: '100000000', name: '示例镇', name_en: 'Example Town' },
      levels: { county: { zh: '村', en: 'village' }, city: { zh: '全镇', en: 'town' } },
      units: [
        { code: '100000001', name: '甲村', name_en: 'Village A', kind: '行政村' },
        { code: '100000002', name: '乙村', name_en: 'Village B', kind: '行政村' },
      ],
    };
    const submission = {
      type: 'object',
      required: ['code', 'month'],
      properties: {
        code: { title: '村代码', type: 'string', 'x-role': 'unit-code' },
        month: { title: '月份', type: 'string', 'x-role': 'period' },
        monthly: { title: '月标准（元/人·月）', type: ['number', 'null'], 'x-unit': '元/人·月' },
        yearly: { title: '年标准（元/人·年）', type: ['number', 'null'], 'x-unit': '元/人·年' },
      },
    };
    const plan = {
      id: 'inline-town',
      title: { zh: '示例', en: 'Example' },
      issuer: { zh: '示例', en: 'Example' },
      period: { start: 2026, end: 2030 },
      baseline_year: 2025,
      rules: [
        {
          id: 'R',
          title: { zh: '比例', en: 'Ratio' },
          attribute: 'expected',
          levels: ['unit', 'aggregate'],
          unit: { zh: '%', en: '%' },
          metric: 'yearly / annual(monthly) * 100',
          target: { op: '>=', value: 75 },
          city: { aggregate: 'min' },
          source: { chapter: '一' },
        },
      ],
    };
    const dir = tempDir();
    writeFileSync(
      join(dir, 'd.csv'),
      '村代码,月份,月标准（元/人·月）,年标准（元/人·年）\n100000001,2026-06,700,6300\n100000002,2026-06,700,6299\n全镇合计,2026-06,,\n',
    );
    const report = await check([dir], { plan, units, submission });
    // 6,300 / (700 x 12) is exactly 75 %; 6,299 falls short by a yuan.
    expect(report.results.map((r) => [r.unit, r.status])).toEqual([
      ['100000001', 'pass'],
      ['100000002', 'warn'],
      ['100000000', 'warn'],
    ]);
    expect(report.results[2]!.gap).toMatchObject({ lowest: '100000002', amount: 1, unit: '元/人·年' });
    expect(report.issues.map((i) => i.code)).toEqual(['total-row']);
  });

  it("refuses a plan whose pattern refuses its units' codes as it loads, and tells a code the pattern refuses as no unit's", async () => {
    const units = {
      aggregate: { code: '100000000', name: '示例镇', name_en: 'Example Town' },
      units: [{ code: '100000001', name: '甲村', name_en: 'Village A', kind: '行政村' }],
    };
    const submission = (pattern: string) => ({
      type: 'object',
      required: ['code', 'month'],
      properties: {
        code: { title: '村代码', type: 'string', 'x-role': 'unit-code', pattern },
        month: { title: '月份', type: 'string', 'x-role': 'period' },
        n: { title: '数', type: ['number', 'null'] },
      },
    });
    const plan = {
      id: 'p',
      title: { zh: '示例', en: 'Example' },
      issuer: { zh: '示例', en: 'Example' },
      period: { start: 2026, end: 2030 },
      baseline_year: 2025,
      rules: [
        {
          id: 'R',
          title: { zh: '数', en: 'n' },
          attribute: 'expected',
          levels: ['unit'],
          unit: { zh: '个', en: 'n' },
          metric: 'n',
          target: { op: '>=', value: 1 },
          source: { chapter: '一' },
        },
      ],
    };
    const dir = tempDir();
    writeFileSync(join(dir, 'd.csv'), '村代码,月份,数\n100000001,2026-06,1\n10000001,2026-06,1\n200000001,2026-06,1\n');
    const told = async (pattern: string) =>
      (await check([dir], { plan, units, submission: submission(pattern) })).issues
        .filter((i) => i.code === 'constraint')
        .map((i) => `${i.line}: ${messageOf(i, 'en')} → ${hintOf(i, 'en')}`);
    // A pattern of six digits refuses the region's nine: the plan is refused, not each row of its units (exit 3, not 2).
    await expect(told('^[0-9]{6}$')).rejects.toThrow(
      expect.objectContaining({
        exitCode: 3,
        message: expect.stringContaining('unit 100000001 (甲村) can never report: the pattern ^[0-9]{6}$ of code refuses its code'),
      }),
    );
    expect(await told('^[0-9]{9}$')).toEqual([
      "3: 10000001 is not a 9-digit code → write the unit's 9-digit code (plan-check units lists them)",
    ]);
    // A code of nine digits a narrower pattern refuses is no unit's.
    expect(await told('^1[0-9]{8}$')).toEqual([
      "3: 10000001 is not a 9-digit code → write the unit's 9-digit code (plan-check units lists them)",
      "4: 200000001 is the code of no unit (the plan's columns take the pattern ^1[0-9]{8}$) → write the unit's code (plan-check units lists them)",
    ]);
  });

  it('names the plan of the run in the fixes that send to a command listing its parts, and no plan where it is the default', async () => {
    const file = join(tempDir(), 'd.csv');
    writeFileSync(file, '统计用区划代码,报告期,村（社区）数（个）,序号\n439901999000,2025-12,10,1\n');
    const hints = async (plan?: string, path = file) =>
      (await check([path], plan ? { plan } : {})).issues
        .filter((i) => ['unknown-label', 'foreign-key', 'wrong-plan'].includes(i.code))
        .map((i) => hintOf(i, 'en'));
    // A plan folder, named as the working folder reaches its file.
    expect(await hints(join(EXAMPLES, 'county'))).toEqual([
      'nothing to do if it is a column of your own; the columns are listed by plan-check columns --plan examples/county',
      'the unit codes are listed by plan-check units --plan examples/county',
    ]);
    // Out of the working folder, by its whole path; in quotes where a shell would split it, not for its Chinese.
    for (const name of ['my plan', '湖南规划']) {
      const folder = join(tempDir(), name);
      cpSync(join(EXAMPLES, 'county'), folder, { recursive: true });
      expect((await hints(folder))[1]).toBe(
        `the unit codes are listed by plan-check units --plan ${name === 'my plan' ? `'${folder}'` : folder}`,
      );
    }
    // A built-in plan by its id; the default by nothing.
    expect(await hints('yongzhou-civil-affairs-13th', 'data/samples/2025-12/dongan.csv')).toEqual([
      "choose the plan it follows with --plan, or use this plan's template (plan-check template --plan yongzhou-civil-affairs-13th)",
    ]);
    expect(await hints(undefined, 'data/samples-13th/yongzhou-13th-2020.csv')).toEqual([
      "choose the plan it follows with --plan, or use this plan's template (plan-check template)",
    ]);
  });

  it('refuses a role column that is not text', () => {
    const submission = {
      properties: {
        code: { title: '代码', type: 'integer', 'x-role': 'unit-code' },
        p: { title: '期', type: 'string', 'x-role': 'period' },
      },
    };
    expect(() => loadPlan(join(EXAMPLES, 'county'), { submission })).toThrow(/role column code must be of type string/);
  });
});
