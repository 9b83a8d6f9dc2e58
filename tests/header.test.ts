import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hintOf, messageOf } from '../src/catalog.js';
import { check } from '../src/check.js';
import { HeaderMatcher } from '../src/input/header.js';
import { columnSpecs } from '../src/validate/columns.js';
import { writeFiles } from './helpers.js';

const matcher = new HeaderMatcher(columnSpecs());
/** Each label names its column, after normalising. */
const namesAll = (pairs: [label: string, id: string][]) => {
  for (const [label, id] of pairs) expect(matcher.match(label), label).toEqual({ id, normalised: true });
};

describe('HeaderMatcher', () => {
  it('matches column ids and Chinese labels exactly', () => {
    expect(matcher.match('care_beds')).toEqual({ id: 'care_beds', normalised: false });
    expect(matcher.match('其中护理型床位（张）')).toEqual({ id: 'care_beds', normalised: false });
  });

  it('matches variants after normalising, and says so', () => {
    expect(matcher.match('其中护理型床位(张)')).toEqual({ id: 'care_beds', normalised: true });
    expect(matcher.match(' 其中护理型床位　（张） ')).toEqual({ id: 'care_beds', normalised: true });
    expect(matcher.match('CARE_BEDS')).toEqual({ id: 'care_beds', normalised: true });
    expect(matcher.match('养老机构床位数')).toEqual({ id: 'elderly_beds', normalised: true });
  });

  it("matches the other names forms give the unit's code and name and the period", () => {
    namesAll([
      ['行政区划代码', 'county_code'],
      ['地区代码', 'county_code'],
      ['地区', 'county_name'],
      ['单位名称', 'county_name'],
      ['统计时间', 'period'],
      ['填报期间', 'period'],
    ]);
  });

  it('matches a label written without 其中 before it or with 数 after it, where that names one column only', () => {
    namesAll([
      ['护理型床位数（张）', 'care_beds'],
      ['其中：护理型床位', 'care_beds'],
      ['护理型床位/张', 'care_beds'],
      ['社会组织专职工作人员（人）', 'social_org_staff'],
    ]);
    // Two columns of one loose form: neither.
    const two = new HeaderMatcher([
      { ...columnSpecs().find((c) => c.id === 'care_beds')!, id: 'a', label: '其中护理型床位（张）' },
      { ...columnSpecs().find((c) => c.id === 'care_beds')!, id: 'b', label: '护理型床位数（个）' },
    ]);
    expect(two.match('护理型床位')).toBeUndefined();
    expect(two.match('护理型床位数（个）')).toEqual({ id: 'b', normalised: false });
  });

  it('matches a yes/no column asked as a question (是否…), with or without its （是/否）', () => {
    namesAll([
      ['是否已建立惠民殡葬和节地生态安葬奖补制度', 'funeral_subsidy_schemes'],
      ['是否县级火化殡仪馆（是/否）', 'cremation_funeral_home'],
      ['是否政府购买儿童福利服务', 'child_welfare_services_purchased'],
    ]);
    // 是否 is a question's, not any text's: within a label it names nothing.
    expect(matcher.match('已建立是否惠民殡葬和节地生态安葬奖补制度')).toBeUndefined();
  });

  it("reads off a form's marks: a required field's star before a label, a footnote's number or sign after it", () => {
    namesAll([
      ['*区划代码', 'county_code'],
      ['※报告期', 'period'],
      ['其中护理型床位（张）①', 'care_beds'],
      ['养老机构床位数（张）^②', 'elderly_beds'],
      ['乡镇（街道）数（个）*', 'towns'],
      ['乡镇（街道）数（个）[1]', 'towns'],
      ['乡镇（街道）数（个）¹', 'towns'],
      ['其中护理型床位（张）①②', 'care_beds'],
      // A column's number before its label.
      ['1.养老机构床位数（张）', 'elderly_beds'],
      ['2、其中护理型床位（张）', 'care_beds'],
      ['（3）乡镇（街道）数（个）', 'towns'],
      ['十二、养老机构床位数', 'elderly_beds'],
      ['*1、区划代码', 'county_code'],
      ['1、*区划代码', 'county_code'],
    ]);
    // A number that is the label's own is no column's number.
    for (const label of ['1.5养老机构床位数', '2025养老机构床位数']) expect(matcher.match(label), label).toBeUndefined();
    // Marks alone, or within a label, name nothing.
    for (const label of ['①', '*', '※', '其中①护理型床位（张）', '护理型*床位']) expect(matcher.match(label), label).toBeUndefined();
  });

  it('matches the other headers the code and the period go by in official forms (行政区划代码, 统计期)', () => {
    namesAll([
      ['行政区划代码', 'county_code'],
      ['区划编码', 'county_code'],
      ['县市区代码', 'county_code'],
      ['统计期', 'period'],
      ['报告时间', 'period'],
      ['统计年月', 'period'],
      ['年月', 'period'],
      ['县（市、区）', 'county_name'],
      ['单位名称', 'county_name'],
      ['区县', 'county_name'],
      ['所属区县', 'county_name'],
    ]);
  });

  it('does not match unknown labels or what could be two columns', () => {
    expect(matcher.match('__proto__')).toBeUndefined();
    expect(matcher.match('constructor')).toBeUndefined();
    expect(matcher.match('床位')).toBeUndefined();
  });
});

describe('the column an unknown label comes closest to', () => {
  const none = new Map<string, number>();

  it('is the one that shares most of its characters in order, by its Chinese label or its id', () => {
    expect(matcher.closest('护理型床位数', none)).toBe('其中护理型床位（张）');
    expect(matcher.closest('care_bed', none)).toBe('其中护理型床位（张）');
    expect(matcher.closest('社会组织专职人员（人）', none)).toBe('社会组织专职工作人员数（人）');
  });

  it('is none of those the header names already, of two alike, or of a label that shares too little', () => {
    expect(matcher.closest('护理型床位数', new Map([['care_beds', 3]]))).toBeUndefined();
    // 床位 is too little of any bed column's label.
    expect(matcher.closest('床位', none)).toBeUndefined();
    for (const label of ['备注', 'abc', '联系电话', '护'.repeat(100)]) expect(matcher.closest(label, none), label).toBeUndefined();
  });

  it('is told with the warning of an unknown label, in both languages', async () => {
    const [header, row] = readFileSync('data/samples/2025-12/lingling.csv', 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/);
    const dir = writeFiles({ 'a.csv': `${header!.replace('其中护理型床位（张）', ' 其中护理形床位（张）')}\n${row}\n` });
    const found = (await check([dir])).issues.find((i) => i.code === 'unknown-label')!;
    // Quoted as the file writes it (its full-width brackets), but for the spaces around it.
    expect(messageOf(found, 'en')).toBe('"其中护理形床位（张）" is not a submission column and is ignored');
    expect(hintOf(found, 'zh')).toBe('核对表头拼写（是否为“其中护理型床位（张）”？）；列名见 plan-check columns');
    expect(hintOf(found, 'en')).toBe(
      'check the spelling (did you mean "其中护理型床位（张）"?); the columns are listed by plan-check columns',
    );
  });
});

describe("a statistical form's rows under its header", () => {
  const head = '区划代码,县市区,报告期,养老机构床位数（张）,其中护理型床位（张）,乡镇（街道）数（个）';
  const issuesOf = async (lines: string[]) =>
    (await check([writeFiles({ 'a.csv': `${[head, ...lines].join('\n')}\n` })], { rules: 'T2-10' })).issues.map((i) => [i.code, i.line]);

  it('are skipped where they stand right under it: its column numbers (栏次) and units', async () => {
    expect(await issuesOf(['甲,乙,丙,1,2,3', ',,,张,张,个', '431102,零陵区,2025-12,1000,560,10'])).toEqual([
      ['form-row', 2],
      ['form-row', 3],
    ]);
    expect(await issuesOf(['栏次,,,1,2,3', '431102,零陵区,2025-12,1000,560,10'])).toEqual([['form-row', 2]]);
    expect(await issuesOf(['计量单位,,,（张）,单位：张,个', '431102,零陵区,2025-12,1000,560,10'])).toEqual([['form-row', 2]]);
    expect(await issuesOf([',,,（单位：张）,（计量单位：张）,个', '431102,零陵区,2025-12,1000,560,10'])).toEqual([['form-row', 2]]);
  });

  it('are data where they are not: numbers that do not count 1, 2, 3, words that are no units, a row below the data', async () => {
    const codes = async (lines: string[]) => (await issuesOf(lines)).map(([code]) => code);
    // A row without its code is a row all the same: told, not skipped.
    expect(await codes([',,,1000,560,10', '431102,零陵区,2025-12,1000,560,10'])).not.toContain('form-row');
    expect(await codes([',,,5,7,9', '431102,零陵区,2025-12,1000,560,10'])).not.toContain('form-row');
    expect(await codes([',,,张三,李四,', '431102,零陵区,2025-12,1000,560,10'])).not.toContain('form-row');
    expect(await codes(['431102,零陵区,2025-12,1000,560,10', ',,,张,张,个'])).not.toContain('form-row');
    expect(await codes(['431102,零陵区,2025-12,1000,560,10', '甲,乙,丙,1,2,3'])).not.toContain('form-row');
  });
});

describe('a header of two lines, as a form with merged cells exports it', () => {
  const upper = '区划代码,县市区,报告期,养老机构,,乡镇（街道）,';
  const lower = ',,,床位数（张）,其中护理型床位（张）,数（个）,设立未成年人保护工作站的';
  const data = '431102,零陵区,2025-12,1000,560,20,11';
  const run = async (lines: string[]) => {
    const report = await check([writeFiles({ 'a.csv': `${lines.join('\r\n')}\r\n` })], { rules: 'T2-10,T2-12' });
    return {
      issues: report.issues.map((i) => [i.code, i.line, i.column ?? null]),
      values: report.results.filter((r) => r.level === 'county').map((r) => [r.rule, r.value]),
    };
  };

  it('is read as one: a group above its columns, a column merged down, a lower label that names a column alone', async () => {
    expect(await run([upper, lower, data])).toEqual({
      // The last column names no column either way: told as the group and the label together.
      issues: [
        ['unknown-label', 2, 7],
        ['header-merged', 2, null],
      ],
      values: [
        ['T2-10', 56],
        ['T2-12', null],
      ],
    });
    // Under a title, with a form's column numbers under it.
    const titled = await run(['零陵区民政统计表,,,,,,', upper, lower, '甲,乙,丙,1,2,3,4', data]);
    // A title that names a unit (零陵区) is told once the header is read (the header has the code), before the header's problems: in the order of their lines.
    expect(titled.issues.map(([code, line]) => [code, line])).toEqual([
      ['title-row', 1],
      ['unknown-label', 3],
      ['header-merged', 3],
      ['form-row', 4],
    ]);
    expect(titled.values).toEqual([
      ['T2-10', 56],
      ['T2-12', null],
    ]);
  });

  it('is not made of a header and its first data line, nor of a header and a form row', async () => {
    const one = '区划代码,县市区,报告期,养老机构床位数（张）,其中护理型床位（张）';
    expect(await run([one, '431102,零陵区,2025-12,1000,560'])).toEqual({
      issues: [],
      values: [
        ['T2-10', 56],
        ['T2-12', null],
      ],
    });
    // A data line without its code is told as one, under the header of one line.
    expect((await run([one, ',零陵区,2025-12,1000,560'])).issues[0]).toEqual(['required', 2, 1]);
    expect((await run([one, '甲,乙,丙,1,2', '431102,零陵区,2025-12,1000,560'])).issues).toEqual([['form-row', 2, null]]);
  });

  it('is read as one after a file whose header is its upper line alone, and told as a file read first is', async () => {
    // The first file's header is the upper line alone (another plan's, read once and kept for the files after it); the
    // second's is the same line with its lower line under it: read as the two lines, not as the first file's header.
    const report = await check(
      [writeFiles({ 'a.csv': `${upper}\r\n${data}\r\n`, 'b.csv': `${upper}\r\n${lower}\r\n${data.replace('2025-12', '2025-11')}\r\n` })],
      { rules: 'T2-10' },
    );
    const told = (file: string) => report.issues.filter((i) => i.file.endsWith(file)).map((i) => [i.code, i.line]);
    expect(told('b.csv')).toEqual([
      ['unknown-label', 2],
      ['header-merged', 2],
    ]);
    expect(report.results.find((r) => r.period === '2025-11' && r.unit === '431102')).toMatchObject({ value: 56 });
    // A file's problems in the same order whether its header is read anew or taken again: a stray quote in the line after it, then
    // the header's (told once that line is read, which may be its second line).
    const quoted = `区划代码,报告期,养老机构床位数（张）,其中护理型床位（张）,未知列\n431102,2025-"12,1000,560,1\n`;
    const twice = await check([writeFiles({ 'a.csv': quoted, 'b.csv': quoted })], { rules: 'T2-10' });
    const order = (file: string) =>
      twice.issues.filter((i) => i.file.endsWith(file) && i.severity !== 'info').map((i) => `${i.line}:${i.column} ${i.code}`);
    expect(order('a.csv')).toContain('1:5 unknown-label');
    expect(order('b.csv')).toEqual(order('a.csv'));
  });
});

describe('a label written on two lines of its cell (Alt+Enter)', () => {
  it('is read as one, and quoted on one line where its reading is told', async () => {
    const report = await check(
      [writeFiles({ 'a.csv': '区划代码,报告期,"养老机构\r\n床位数（张）",其中护理型床位（张）\r\n431102,2025-12,1000,560\r\n' })],
      { rules: 'T2-10' },
    );
    expect(report.results.find((r) => r.unit === '431102')?.value).toBe(56);
    expect(report.issues.map((i) => messageOf(i, 'en'))).toEqual(['"养老机构 床位数（张）" read as "养老机构床位数（张）"']);
  });
});

describe('a form laid out with its columns as rows', () => {
  it('is told as labels running down a column, where they stand, not as a title a line', async () => {
    const lines = [
      '道县2025年民政统计表,,',
      '指标名称,计量单位,本期',
      '区划代码,,431124',
      '报告期,,2025-12',
      '养老机构床位数（张）,张,1000',
      '其中护理型床位（张）,张,560',
    ];
    const report = await check([writeFiles({ 'a.csv': `${lines.join('\r\n')}\r\n` })], { rules: 'T2-10' });
    // The lines above the labels are titles; those among them are not.
    expect(report.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['title-row', 1, undefined],
      ['title-row', 2, undefined],
      ['header-not-found', 3, 1],
    ]);
    expect(messageOf(report.issues[2]!, 'en')).toBe(
      'the column labels run down column 1 ("区划代码", "报告期", "养老机构床位数（张）" and 1 more): the file lays out the submission\'s columns as rows',
    );
    expect(hintOf(report.issues[2]!, 'zh')).toMatch(/^把表格转置/);
    // Two lines of labels are no layout: the usual header-not-found, its lines told as titles.
    const two = await check([writeFiles({ 'b.csv': `${lines.slice(0, 4).join('\r\n')}\r\n` })], { rules: 'T2-10' });
    expect(two.issues.map((i) => i.code)).toEqual(['title-row', 'title-row', 'title-row', 'title-row', 'header-not-found']);
  });
});

describe('the period of a form without a period column, named by its title', () => {
  const header = '区划代码,养老机构床位数（张）,其中护理型床位（张）';
  const data = '431103,1000,560';
  const read = async (title: string, options: { period?: string } = {}) => {
    const report = await check([writeFiles({ 'a.csv': `${title},,\n${header}\n${data}\n` })], { rules: 'T2-10', ...options });
    return {
      issues: report.issues.map((i) => [i.code, i.line]),
      periods: report.results.filter((r) => r.level === 'county').map((r) => r.period),
      told: report.issues.find((i) => i.code === 'period-given'),
    };
  };

  it("is every row's, its title not told as one to delete", async () => {
    const month = await read('冷水滩区2025年12月民政统计表');
    expect(month.periods).toEqual(['2025-12']);
    expect(month.issues).toEqual([['period-given', 2]]);
    expect(messageOf(month.told!, 'en')).toBe(
      'the header has no "报告期": every row is of 2025-12, as the title on line 1 writes it ("冷水滩区2025年12月民政统计表")',
    );
    expect((await read('2025年第四季度养老服务统计表')).periods).toEqual(['2025-12']);
    expect((await read('永州市2025年度民政统计表')).periods).toEqual(['2025']);
  });

  it('is none where the title names a day or a span of years, and --period comes first', async () => {
    for (const title of ['制表日期：2026年1月5日', '“十四五”（2021-2025年）民政统计表', '民政统计表']) {
      const none = await read(title);
      expect(none.periods, title).toEqual([]);
      expect(none.issues, title).toEqual([
        ['title-row', 1],
        ['missing-label', 2],
      ]);
    }
    const given = await read('冷水滩区2025年12月民政统计表', { period: '2025-06' });
    expect(given.periods).toEqual(['2025-06']);
    expect(given.issues).toEqual([
      ['title-row', 1],
      ['period-given', 2],
    ]);
  });
});

describe('the unit of a form without a code column, named by its title', () => {
  const header = '报告期,养老机构床位数（张）,其中护理型床位（张）';
  const data = '2025-12,1000,560';
  const checked = async (files: Record<string, string>) => {
    const report = await check([writeFiles(files)], { rules: 'T2-10' });
    return {
      issues: report.issues.map((i) => [i.code, i.file.replace(/.*[\\/]/, ''), i.line]),
      units: report.results.filter((r) => r.level === 'county' && r.value !== null).map((r) => r.unit),
    };
  };

  it('is the unit 填报单位： names, its bureau read off, or the one unit the title holds the name of', async () => {
    const named = await checked({
      'a.csv': `填报单位：零陵区民政局,,\n${header}\n${data}\n`,
      'b.csv': `冷水滩区2025年12月民政统计表,,\n${header}\n${data}\n`,
      // The form's name, then its bureau: two titles that name one unit.
      'c.csv': `双牌县2025年12月民政统计表,,\n填报单位：双牌县民政局,,\n${header}\n${data}\n`,
    });
    expect(named.units).toEqual(['431102', '431103', '431123']);
    // Their titles are not told as titles to delete.
    expect(named.issues).toEqual([
      ['unit-given', 'a.csv', 2],
      ['unit-given', 'b.csv', 2],
      ['unit-given', 'c.csv', 3],
    ]);
  });

  it('is none where the title names no unit or two, and the missing column says how to name it', async () => {
    const none = await check([writeFiles({ 'a.csv': `零陵区、冷水滩区民政统计表,,\n${header}\n${data}\n` })], { rules: 'T2-10' });
    const missing = none.issues.find((i) => i.code === 'missing-label')!;
    expect(hintOf(missing, 'en')).toMatch(/or, for a form of one unit, name it in a title line above the header \(填报单位：零陵区\)$/);
    expect(none.results.every((r) => r.value === null)).toBe(true);
  });

  it('gives way to a code column', async () => {
    const coded = await checked({ 'a.csv': `填报单位：零陵区,,,\n区划代码,${header}\n431103,${data}\n` });
    expect(coded.units).toEqual(['431103']);
    // Its title is one to delete, and told so.
    expect(coded.issues).toEqual([['title-row', 'a.csv', 1]]);
    // Told in the order of the lines, with the titles below it (a row of groups above the header).
    const grouped = await checked({
      'a.csv': `零陵区2025年12月民政统计表,,,
基本情况,,,
区划代码,${header}
431102,${data}
`,
    });
    expect(grouped.issues).toEqual([
      ['title-row', 'a.csv', 1],
      ['title-row', 'a.csv', 2],
    ]);
    // Each title that names the unit, where the header has its code, quoted as the form writes it (its full-width colon).
    const told = await check([writeFiles({ 'a.csv': `填报单位：零陵区民政局,,,\n区划代码,${header}\n431102,${data}\n` })], {
      rules: 'T2-10',
    });
    expect(
      messageOf(
        told.issues.find((i) => i.code === 'title-row')!,
        'en',
      ),
    ).toBe('line 1 is not the header ("填报单位：零陵区民政局") and was skipped');
    const twice = await checked({
      'a.csv': `零陵区2025年12月民政统计表,,,\n填报单位：零陵区民政局,,,\n区划代码,${header}\n431102,${data}\n`,
    });
    expect(twice.issues).toEqual([
      ['title-row', 'a.csv', 1],
      ['title-row', 'a.csv', 2],
    ]);
  });

  it('is told as a title in the order of the lines in every file of one header, its reading taken again or not', async () => {
    // The second file's header is the first's (the files of a batch repeat one): its reading is taken again.
    const form = (period: string) => `零陵区民政统计表,,,,\n区划代码,${header},未知列\n431102,${data.replace('2025-12', period)},1\n`;
    const told = await checked({ 'a.csv': form('2025-12'), 'b.csv': form('2025-11') });
    expect(told.issues).toEqual([
      ['title-row', 'a.csv', 1],
      ['unknown-label', 'a.csv', 2],
      ['title-row', 'b.csv', 1],
      ['unknown-label', 'b.csv', 2],
    ]);
  });
});

describe('an official form exported as it is printed', () => {
  it('is read whole: a title naming its unit, a header of two lines whose upper names one column, 栏次 and units rows, a total and a footer', async () => {
    const lines = [
      '冷水滩区2025年12月养老服务统计表,,,,,,',
      '填报单位：冷水滩区民政局,,,,,,',
      '*报告期,养老机构,,乡镇（街道）,,,',
      ',床位数（张）①,其中护理型床位（张）,数（个）,具备综合功能养老服务机构的乡镇（街道）数,设立未成年人保护工作站的乡镇（街道）数,',
      '甲,1,2,3,4,5,',
      ',张,张,个,个,个,',
      '2025年1-12月,"1,000",560,20,13,11,',
      '合计,"1,000",560,20,13,11,',
      '填表人：李四   联系电话：0746-1234567,,,,,,',
    ];
    const report = await check([writeFiles({ 'form.csv': iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030') })], {
      rules: 'T2-10,T2-11,T2-12',
    });
    expect(report.results.filter((r) => r.level === 'county').map((r) => [r.rule, r.unit, r.period, r.value])).toEqual([
      ['T2-10', '431103', '2025-12', 56],
      ['T2-11', '431103', '2025-12', 65],
      ['T2-12', '431103', '2025-12', 55],
    ]);
    // The titles that name the unit (the form's name, its bureau under it) are not ones to delete: they are not told as titles.
    expect(report.issues.filter((i) => i.severity !== 'info').map((i) => [i.code, i.line])).toEqual([['total-row', 8]]);
    // Lines are quoted as the form writes them (its full-width colon), so that a search of the file finds them.
    const quoted = (code: string) =>
      messageOf(
        report.issues.find((i) => i.code === code)!,
        'en',
      );
    expect(quoted('footer-row')).toBe(`line 9 is the form's footer ("填表人：李四   联系电话：0746-1234567") and was skipped`);
  });

  it('keeps a line above the header that names one column among other words a title, where the two lines name no more than the header', async () => {
    const report = await check(
      [writeFiles({ 'a.csv': '报告期,2025-12\n区划代码,报告期,养老机构床位数（张）,其中护理型床位（张）\n431102,2025-12,1000,560\n' })],
      { rules: 'T2-10' },
    );
    expect(report.issues.map((i) => [i.code, i.line])).toEqual([['title-row', 1]]);
    expect(report.results.find((r) => r.unit === '431102')?.value).toBe(56);
  });
});
