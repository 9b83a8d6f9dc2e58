/**
 * The reports for people on a drop that informs a few rules: a roster's, or one without the city
 * bureau's row. Rules no unit gave a value for are left to one line, not rows of dots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { groupBy } from '../src/arrays.js';
import { check } from '../src/check.js';
import { REPORTERS } from '../src/report/index.js';
import { milestoneText, problemLines, rulesWithoutValues, unitList, whatMissed } from '../src/report/layout.js';
import { loadPlan } from '../src/plan/load.js';
import type { Result } from '../src/types.js';
import { checkCharacter } from '../src/validate/id-number.js';
import { loadRegistry, registry } from '../src/registry.js';
import { allUnits, csv, row, writeFiles } from './helpers.js';
import { validReport } from './report-schema.js';

const ROSTER = 'data/samples/rosters/2025-12/shuangpai.csv';

/** CSV lines as rows keyed by their header's labels. */
const rowsOf = (lines: string[]) => {
  const [head, ...body] = lines.filter((line) => line.trim() !== '');
  const labels = head!.split(',');
  return body.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [labels[i]!, cell])));
};

const render = (
  format: 'table' | 'markdown' | 'html',
  report: Awaited<ReturnType<typeof check>>,
  lang: 'zh' | 'en' = 'en',
  onlyFailing = false,
) => REPORTERS[format]!.render(report, { lang, color: false, width: 200, onlyFailing }) as string;

describe('rules without a value in any unit', () => {
  it('are left out of the tables of a roster alone, and named in one line, in every format for people', async () => {
    const report = await check([ROSTER]);
    const ids = report.plan.rules.map((rule) => rule.id);
    // A unit's table names the rules of its own: those the unit has a result of (the city's own rules are not the county's).
    const own = new Set(report.results.filter((r) => r.level === 'county').map((r) => r.rule)).size;
    const table = render('table', report);
    // Only the roster's two rules have rows; the first of the others are named in the line, the rest counted.
    for (const id of ids) expect(table.includes(`│ ${id} `), id).toBe(id === 'T2-08' || id === 'T2-09');
    expect(table).toContain(`No unit gave a value for ${own - 2} rules, left out of the tables: C1-06a, C1-06b,`);
    expect(table).toContain(`and ${own - 2 - 12} more (--format json has every result)`);
    expect(table).not.toContain('C2-09');
    expect(render('table', report, 'zh')).toContain(`${own - 2} 条规则在所有单位均无数值，未列入表中：C1-06a、C1-06b、`);
    expect(render('markdown', report)).not.toMatch(/\| T2-10 \|/);
    expect(render('markdown', report)).toContain(`No unit gave a value for ${own - 2} rules`);
    // The page's matrix has the whole's column: the city's own rules without a value are named there too.
    const html = render('html', report);
    expect(html).not.toContain('<td class="id">T2-10</td>');
    expect(html).toContain('<td class="id">T2-08</td>');
    expect(html).toContain(`No unit gave a value for ${ids.length - 2} rules`);
    // The option it names stays on one line: a browser would break it after its dashes.
    expect(html).toContain('(<span class="nowrap">--format json</span> has every result)');
    // The counts and the JSON report keep every result.
    expect(report.results.filter((r) => r.rule === 'T2-10').length).toBeGreaterThan(0);
    expect(table).toContain(`${report.results.length} results:`);
  });

  it('are not said under --only-failing, which leaves out every rule without a miss (and draws no empty table)', async () => {
    const lines = readFileSync(ROSTER, 'utf8').split('\n');
    // A person eligible for the living allowance, now not paid it: T2-08 fails.
    const at = lines.findIndex((line, i) => i > 0 && /^[^,]*,[^,]*,[^,]*,是,是,/.test(line));
    lines[at] = lines[at]!.replace(/^([^,]*,[^,]*,[^,]*,是,)是,/, '$1否,');
    const failing = await check([{ name: 'roster', rows: rowsOf(lines) }]);
    const table = render('table', failing, 'en', true);
    expect(table).toContain('│ T2-08 ');
    expect(table).not.toContain('│ T2-09 ');
    expect(table).not.toContain('No unit gave a value');
    expect(render('html', failing, 'en', true)).not.toContain('No unit gave a value');
    const clean = render('table', await check([ROSTER]), 'en', true);
    expect(clean).toContain('no rule fails or falls short');
    expect(clean).not.toContain('│ Rule');
  });

  it('keep their trend in the page where earlier periods gave values', async () => {
    const months = ['2025-10', '2025-11'].flatMap((period, i) => allUnits({}, { period, care_beds: 1100 + i * 50 }));
    const latest = allUnits({}, { period: '2025-12', care_beds: null, elderly_beds: null });
    const report = await check([{ name: 'history', rows: [...months, ...latest] }], { rules: 'T2-10,T2-11' });
    expect(
      rulesWithoutValues(
        report.results.filter((r) => r.period === '2025-12'),
        report,
      ),
    ).toEqual(new Set(['T2-10']));
    const html = render('html', report);
    expect(html).not.toContain('<td class="id">T2-10</td>');
    expect(html).toMatch(/<svg class="trend"[^>]*aria-label="T2-10 /);
    // In the terminal its rows stay, with their trends, and the line names no rule.
    const table = render('table', report);
    expect(table).toMatch(/│ T2-10 .*[▁▂▃▄▅▆▇█]/);
    expect(table).not.toContain('No unit gave a value');
  });

  it('keep a rule whose denominator is zero: a unit gave its values', async () => {
    const report = await check([{ name: 'memory', rows: [row('431102', { care_beds: 0, elderly_beds: 0 })] }]);
    const results = report.results.filter((r) => r.rule === 'T2-10');
    expect(results.every((r) => r.status === 'no_data')).toBe(true);
    expect(rulesWithoutValues(report.results, report).has('T2-10')).toBe(false);
    // Its row says what its value lacks.
    expect(render('table', report)).toMatch(/^│ T2-10 .*│ the denominator is zero +│$/m);
  });

  it('keep a rule of the whole some units gave a value for, naming those that left it empty', async () => {
    const partly = await check(
      [
        {
          name: 'memory',
          rows: allUnits({ '431102': { social_work_professionals: null }, '431124': { social_work_professionals: null } }),
        },
      ],
      { rules: ['T2-13', 'T2-10'] },
    );
    const city = partly.results.find((r) => r.rule === 'T2-13')!;
    expect([city.status, city.reason, city.without_value]).toEqual(['no_data', 'missing-value', ['431102', '431124']]);
    expect(rulesWithoutValues(partly.results, partly).has('T2-13')).toBe(false);
    // The JSON report carries it as its schema says.
    expect(
      validReport(REPORTERS.json!.render(partly, { lang: 'en', color: false }) as string).results.find((r: Result) => r.rule === 'T2-13')
        .without_value,
    ).toEqual(['431102', '431124']);
    const table = render('table', partly);
    expect(table).not.toContain('No unit gave a value');
    expect(table).toMatch(/^│ T2-13 .*│ a value it needs left empty by Lingling, Daoxian +│$/m);
    // JUnit skips it with the same words.
    expect(REPORTERS.junit!.render(partly, { lang: 'en', color: false })).toContain(
      '<skipped message="no data: a value it needs left empty by Lingling, Daoxian"/>',
    );
    // In the page, the city's cell says it in its title; another cell without a value, its reason.
    expect(render('html', partly, 'zh')).toContain('title="无数据：零陵、道县未填报所需数值 · ≥ 10,000 人"');
    const zero = await check([{ name: 'memory', rows: allUnits({ '431102': { care_beds: 0, elderly_beds: 0 } }) }], { rules: 'T2-10' });
    expect(render('html', zero)).toMatch(/<td class="no_data" title="no data: [^"·]*zero[^"·]* · ≥ 55 %">/);
    // The city bureau's own row, which the rule counts, may be the one left empty.
    const own = await check([{ name: 'memory', rows: [...allUnits(), row('431100', { social_work_professionals: null })] }], {
      rules: ['T2-13', 'T2-10'],
    });
    expect(own.results.find((r) => r.rule === 'T2-13')!.without_value).toEqual(['431100']);
    expect(render('table', own)).toMatch(/│ a value it needs left empty by Yongzhou City +│$/m);
    // Where every unit left it empty, no unit gave a value: the rule is told in one line.
    const none = await check([{ name: 'memory', rows: allUnits({}, { social_work_professionals: null }) }], { rules: ['T2-13', 'T2-10'] });
    expect(none.results.find((r) => r.rule === 'T2-13')!.without_value).toHaveLength(14);
    expect(rulesWithoutValues(none.results, none)).toEqual(new Set(['T2-13']));
  });

  it('are all kept where no rule has a value: such a drop is told by its tables and its summary', () => {
    const result = (rule: string, reason: Result['reason']): Result => ({
      rule,
      level: 'county',
      unit: '431102',
      period: '2025-12',
      value: null,
      target: 1,
      op: '>=',
      status: 'no_data',
      attribute: 'binding',
      reason,
    });
    const plan = loadPlan();
    const report = { plan, registry: plan.registry };
    expect(rulesWithoutValues([result('A', 'missing-value'), result('B', 'no-rows')], report)).toEqual(new Set());
    expect(
      rulesWithoutValues([result('A', 'missing-value'), result('B', 'zero-denominator'), result('C', 'missing-units')], report),
    ).toEqual(new Set(['A', 'C']));
    // One unit's value keeps its rule, whatever the others lack.
    expect(
      rulesWithoutValues(
        [
          result('A', 'missing-value'),
          { ...result('A', undefined), unit: '431103', value: 1, status: 'pass' },
          result('B', 'target-not-printed'),
        ],
        report,
      ),
    ).toEqual(new Set());
  });

  it('are counted with the rest in the summary, whose numbers are grouped in thousands', async () => {
    const report = await check(['data/samples']);
    const total = report.results.length;
    expect(total).toBeGreaterThan(999);
    const grouped = total.toLocaleString('en');
    expect(render('table', report)).toContain(`${grouped} results: `);
    expect(render('table', report, 'zh')).toContain(`${grouped} 项结果：`);
  });
});

describe('the problems listed for people', () => {
  const header = '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）';
  // A yes/no cell of another word, then 1,200 ID numbers Excel turned into numbers: 999 of them listed (1,000 a file), 201 counted.
  const lines = [
    header,
    '431102194001010006,431102,2025-12,是的,否,否,否',
    ...Array.from({ length: 1200 }, () => '4.31102E+17,431102,2025-12,是,是,否,否'),
  ];

  it('are three of a kind (a file’s of one code and column), the rest of the kind in one line, and the file’s other problems, in every format', async () => {
    const dir = writeFiles({ 'roster.csv': `${lines.join('\n')}\n` });
    const report = await check([dir]);
    const { items, more } = problemLines(report, 'en');
    const file = join(dir, 'roster.csv');
    expect(items.map((item) => `${item.place} ${item.code} ${item.field ?? ''}`)).toEqual([
      `${file}:2:4 type living_eligible`,
      `${file}:3:1 id-number person_id`,
      `${file}:4:1 id-number person_id`,
      `${file}:5:1 id-number person_id`,
      `${file} id-number person_id`,
      `${file} too-many-errors `,
    ]);
    expect(items[4]!.message).toBe('996 more of the same kind (lines 6-1,001)');
    expect(items[4]!.hint).toBe(items[3]!.hint);
    expect(items[5]!.message).toBe('201 more problems in this file are not listed (limit 1,000, see --max-errors)');
    expect(more).toBeUndefined();
    expect(problemLines(report, 'zh').items[4]!.message).toBe('同类问题另有 996 处（第 6-1,001 行）');
    for (const format of ['table', 'markdown', 'html'] as const) {
      const text = render(format, report);
      expect(text).toContain('996 more of the same kind (lines 6-1,001)');
      expect(text).not.toContain(':6:1');
      expect(text).not.toMatch(/see --format json/);
    }
    // GitHub's annotations the same way, the rest of a kind on the file: the failed targets keep their room.
    const annotations = (REPORTERS.github!.render(report, { lang: 'en', color: false }) as string)
      .split('\n')
      .filter((line) => line.includes('plan-check id-number'));
    expect(annotations.map((line) => line.split('::')[1]!.replace(/file=[^,]*/, 'file'))).toEqual([
      'error file,line=3,col=1,title=plan-check id-number',
      'error file,line=4,col=1,title=plan-check id-number',
      'error file,line=5,col=1,title=plan-check id-number',
      'error file,title=plan-check id-number',
    ]);
    expect(annotations[3]).toMatch(/::996 more of the same kind \(lines 6-1,001\) → check the number against the household register/);
  });

  it('tell a header’s labels of no column in one line, with the files of the same header, and give the rest of a kind a fix only where they share one', async () => {
    const person = (i: number) => `43110219400101${String(i).padStart(3, '0')}`;
    // Five labels of no column (a national export's), in one line; five yes/no cells of another word (one fix), two of them past the examples.
    const rows = ['是的', '有的', '是的', '有的', '可以'].map(
      (answer, i) => `${person(i)}${checkCharacter(person(i))},431102,2025-12,${answer},否,否,否,a,b,c,d,e`,
    );
    const exported = `${[`${header},序号,姓名,联系电话,备注,经办人`, ...rows].join('\n')}\n`;
    const roster = problemLines(await check([writeFiles({ 'r.csv': exported })]), 'zh').items;
    // Said of the roster, whose columns are listed by their own command.
    expect(
      roster.filter((item) => item.code === 'unknown-label').map((item) => [item.place.split('/').pop(), item.message, item.hint]),
    ).toEqual([
      [
        'r.csv:1',
        '“序号”、“姓名”、“联系电话”、“备注”、“经办人”不是困难残疾人两项补贴名册中的列，已忽略',
        '若是自有的列，无需处理；列名见 plan-check columns --roster disabled_allowances',
      ],
    ]);
    // A drop of such exports: one line for the files of the same header; another header, and a label near a column (a misspelling, which may lose a column), their own.
    const clean = (i: number, extra: number) => `${person(i)}${checkCharacter(person(i))},431102,2025-12,是,是,否,否${',x'.repeat(extra)}`;
    const exportHeader = `${header},序号,姓名,联系电话,备注,经办人`;
    const drop = writeFiles({
      'a.csv': `${exportHeader}\n${clean(10, 5)}\n`,
      'b.csv': `${exportHeader}\n${clean(11, 5)}\n`,
      'c.csv': `${exportHeader.replace('经办人', '经手人')}\n${clean(12, 5)}\n`,
      'd.csv': `${header.replace('享受护理补贴', '享受护理补助')},备注\n${clean(13, 1)}\n`,
    });
    const told = problemLines(await check([drop]), 'en').items.filter((item) => item.code === 'unknown-label');
    expect(told[0]!.hint).toBe(
      'nothing to do if they are columns of your own; the columns are listed by plan-check columns --roster disabled_allowances',
    );
    expect(told.map((item) => `${item.place.split('/').pop()} ${item.message}`)).toEqual([
      'a.csv:1 "序号", "姓名", "联系电话", "备注", "经办人" are not columns of the roster of the two disability allowances and are ignored; so in 1 more file of the same header (b.csv)',
      'c.csv:1 "序号", "姓名", "联系电话", "备注", "经手人" are not columns of the roster of the two disability allowances and are ignored',
      'd.csv:1:7 "享受护理补助（是/否）" is not a column of the roster of the two disability allowances and is ignored',
      'd.csv:1:8 "备注" is not a column of the roster of the two disability allowances and is ignored',
    ]);
    expect(roster.at(-1)).toMatchObject({ code: 'type', message: '同类问题另有 2 处（第 5-6 行）', hint: roster.at(-2)!.hint });
    // Beds written five ways, each with its own fix: the rest of them are told without one.
    const beds = ['12张', 'abc', '1.2万', '12人', '—张'].map((care_beds, i) => row(registry().units[i]!.code, { care_beds }));
    const summary = problemLines(await check([writeFiles({ 's.csv': csv(beds) })]), 'en').items.filter(
      (item) => item.field === 'care_beds',
    );
    expect(summary.map((item) => item.place.replace(/.*s\.csv/, 's.csv'))).toEqual(['s.csv:2:21', 's.csv:3:21', 's.csv:4:21', 's.csv']);
    expect(summary[3]).toMatchObject({ message: '2 more of the same kind (lines 5-6)', hint: 'the fix of each: see --format json' });
    // One past the examples is shown as itself, not as "1 more", which would take its line and hide what it says.
    const one = problemLines(await check([writeFiles({ 's.csv': csv(beds.slice(0, 4)) })]), 'en').items.filter(
      (item) => item.field === 'care_beds',
    );
    expect(one.map((item) => item.place.replace(/.*s\.csv/, 's.csv'))).toEqual(['s.csv:2:21', 's.csv:3:21', 's.csv:4:21', 's.csv:5:21']);
    expect(one[3]).toMatchObject({ message: '"12人" is not a whole number', hint: expect.stringContaining('12') });
  });

  it('count the problems not told, past the lines a report lists', async () => {
    // 25 files of one problem each: 20 are listed, 5 told as a number.
    const person = (i: number) => `43110219400101${String(i).padStart(3, '0')}`;
    const files = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [
        `f${String(i).padStart(2, '0')}.csv`,
        `${header}\n${person(i)}${checkCharacter(person(i))},431102,2025-12,是的,否,否,否\n`,
      ]),
    );
    const { items, more } = problemLines(await check([writeFiles(files)]), 'en');
    expect(items).toHaveLength(20);
    expect(more).toBe('5 more: see --format json');
    // Told by a command whose own JSON holds no problems (evaluate, rank): a check's JSON report named.
    expect(problemLines(await check([writeFiles(files)]), 'zh', 'plan-check check --format json').more).toBe(
      '另有 5 条，见 plan-check check --format json',
    );
  });
});

describe('the notices of how the files were read', () => {
  // Standards stated per year (converted), 25 GBK files (each decoded as GB18030), and a faulty cell.
  const header = '区划代码,报告期,城市低保标准（元/人·年）,其中护理型床位（张）';
  const files = {
    'a.csv': `${header}\n431102,2025-12,8300,abc\n`,
    ...Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [
        `g${String(i).padStart(2, '0')}.csv`,
        iconv.encode(`${header}\n${registry().units[1 + (i % 13)]!.code},${2021 + Math.floor(i / 13)}-01,8300,10\n`, 'gb18030'),
      ]),
    ),
  };

  it('are counted by kind where the summary is read, and listed under --verbose after the problems, which keep their lines', async () => {
    const report = await check([writeFiles(files)]);
    const table = render('table', report);
    expect(table).toContain(
      '51 notices of how the files were read: unit of a header converted (26), encoding detected (25); --verbose lists them',
    );
    expect(table).not.toContain('encoding-detected');
    // Counted last, after the tables and before the run's summary line.
    expect(table.indexOf('51 notices')).toBeGreaterThan(table.indexOf('Problems in the data'));
    expect(table.slice(table.indexOf('51 notices')).split('\n').filter(Boolean)).toHaveLength(2);
    expect(render('table', report, 'zh')).toContain('51 条读取文件的提示：表头单位已换算（26）、已识别编码（25）；--verbose 逐条列出');
    const verbose = REPORTERS.table!.render(report, { lang: 'en', color: false, width: 200, notices: true }) as string;
    expect(verbose).not.toContain('notices of how');
    const [problems, notices] = verbose.split('How the files were read\n');
    expect(problems).toContain('error type');
    // Twenty lines, by file: a.csv's conversion, then each GBK file's encoding and conversion (a header converted is not also told normalised).
    const places = notices!
      .split('\n')
      .filter((line) => line.startsWith('/'))
      .map((line) => line.replace(/^.*\/(\w+\.csv)(:\d+:\d+)?: (\S+).*$/, '$1 $3'));
    expect(places).toEqual([
      'a.csv unit-converted',
      ...Array.from({ length: 10 }, (_, i) => [`g0${i}.csv encoding-detected`, `g0${i}.csv unit-converted`])
        .flat()
        .slice(0, 19),
    ]);
    expect(notices).toContain(':1:3: unit-converted [urban_dibao_standard] "城市低保标准（元/人·年）" is stated in 元/人·年');
    expect(notices).toContain('31 more: see --format json');
    expect(notices).not.toContain('label-normalised');
    for (const format of ['markdown', 'html'] as const) {
      expect(render(format, report)).toContain('51 notices of how the files were read');
      const listed = REPORTERS[format]!.render(report, { lang: 'en', color: false, notices: true }) as string;
      expect(listed).toContain('How the files were read');
      expect(listed).toContain('encoding-detected');
      expect(listed).not.toContain('notices of how');
    }
    // A run without notices says nothing of them.
    expect(render('table', await check([writeFiles({ 'a.csv': csv([row('431102')]) })]))).not.toMatch(/notice/);
  });
});

describe('a milestone for people', () => {
  const rule = loadPlan().rules.find((r) => r.id === 'T2-10')!;
  const result = (value: number | null, milestone: number): Result => ({
    rule: 'T2-10',
    level: 'county',
    unit: '431102',
    period: '2023-06',
    value,
    target: 55,
    op: '>=',
    status: 'pass',
    attribute: 'binding',
    milestone,
  });

  it('is shown to two decimals as values are, or to as many as keep it on its side of the value shown', () => {
    expect(milestoneText(result(57.39, 55.9167), rule, 'en')).toBe('55.92 %');
    expect(milestoneText(result(null, 1091.6667), rule, 'en')).toBe('1,091.67 %');
    // Beside a value of 55.92, a milestone of 55.9167 is not 55.92: the value lies above it.
    expect(milestoneText(result(55.92, 55.9167), rule, 'en')).toBe('55.917 %');
    expect(milestoneText(result(55.9166, 55.9167), rule, 'en')).toBe('55.92 %');
    expect(milestoneText(result(55.917, 55.9167), rule, 'zh')).toBe('55.9167 %');
    expect(milestoneText({ ...result(56, 0), milestone: undefined }, rule, 'en')).toBe('');
  });
});

describe('results grouped for the reports', () => {
  it('keeps the groups in the order their keys first come, and each group in the order of its items', () => {
    const items = ['b1', 'a1', 'b2', 'c1', 'a2'];
    expect([...groupBy(items, (item) => item[0])]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
    expect(groupBy([], (item: string) => item).size).toBe(0);
  });
});

describe('units named in a sentence', () => {
  // A region of 30 units (of a plan's own), all of which miss one rule.
  const region = loadRegistry({
    aggregate: { code: '990000', name: '示例市', name_en: 'Example City', short: '示例', short_en: 'Example' },
    code_digits: 6,
    levels: { county: { zh: '县', en: 'county' }, city: { zh: '全市', en: 'city' } },
    units: Array.from({ length: 30 }, (_, i) => ({
      code: String(990001 + i),
      name: `单位${i}`,
      name_en: `Unit ${i}`,
      short: `单位${i}`,
      short_en: `Unit ${i}`,
      kind: '县',
    })),
  });
  const codes = region.units.map((unit) => unit.code);

  it('are the first twenty, then how many more', () => {
    expect(unitList(codes.slice(0, 20), { registry: region }, 'en').split(', ')).toHaveLength(20);
    const en = unitList(codes, { registry: region }, 'en');
    expect(en.startsWith('Unit 0, Unit 1, ')).toBe(true);
    expect(en.endsWith('Unit 19 and 10 more')).toBe(true);
    expect(unitList(codes, { registry: region }, 'zh').endsWith('单位19 等 30 个')).toBe(true);
  });

  it('in the summary of what missed, each rule with its units so', async () => {
    const { plan } = await check(['data/samples/2025-12/daoxian.csv']);
    const missed = codes.map((unit): Result => ({
      rule: 'T2-10',
      level: 'county',
      unit,
      period: '2025-12',
      value: 50,
      target: 55,
      op: '>=',
      status: 'fail',
      attribute: 'binding',
    }));
    const [failed] = whatMissed({ plan, registry: region, rosters: [] } as unknown as Parameters<typeof whatMissed>[0], missed, 'en');
    expect(failed).toMatchObject({ kind: 'note', text: expect.stringMatching(/^Failed: T2-10 \(Unit 0, .*, Unit 19 and 10 more\)$/) });
  });
});
