import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hintOf, issue, messageOf } from '../src/catalog.js';
import { check } from '../src/check.js';
import type { Issue, Lang } from '../src/types.js';
import { Batch } from '../src/validate/batch.js';
import { typeFixParams } from '../src/validate/row.js';
import type { ColumnKind } from '../src/input/normalise.js';
import { csv, row, writeFiles, type RowInput } from './helpers.js';
import { makeXlsx } from './xlsx.js';

async function issuesOf(files: Record<string, string | Uint8Array>): Promise<Issue[]> {
  return (await check([writeFiles(files)])).issues.map((i) => ({ ...i, file: i.file.split('/').pop()! }));
}

const pick = (i: Issue) => ({ code: i.code, line: i.line, column: i.column, field: i.field });

/** The fix a type error of a value in a column of a kind suggests, in a language. */
const typeFix = (
  value: string,
  kind: ColumnKind,
  code: { digits: number; label: string } | undefined,
  lang: Lang,
  unit?: string,
  label?: string,
) => hintOf(issue('type', { file: 'a.csv', params: { value, ...typeFixParams(value, kind, code, unit, label) } }), lang);

describe('cell validation', () => {
  it('reports a type error at its line and column with a fix, and keeps the rest of the row', async () => {
    const rows: RowInput[] = [row('431102'), row('431103', { care_beds: '#DIV/0!' })];
    const report = await check([writeFiles({ 'a.csv': csv(rows) })]);
    expect(report.issues.map(pick)).toEqual([{ code: 'type', line: 3, column: 21, field: 'care_beds' }]);
    expect(messageOf(report.issues[0]!, 'en')).toBe('"#DIV/0!" is not a whole number');
    expect(hintOf(report.issues[0]!, 'en')).toMatch(/Excel formula error/);
    const t210 = report.results.find((r) => r.rule === 'T2-10' && r.unit === '431103');
    expect(t210).toMatchObject({ status: 'no_data' });
    expect(report.results.find((r) => r.rule === 'T2-09' && r.unit === '431103')!.status).toBe('pass');
  });

  it('names the figure a cell of 万 stands for in the unit its header states, in every file of that header', async () => {
    const area = (code: string) => csv([row(code, { community_facility_area: '5.06万平方米' })], { chinese: true });
    const inTenThousands = (text: string) => text.replace('建筑面积（平方米）', '建筑面积（万平方米）');
    const issues = await issuesOf({
      'a.csv': area('431102'),
      // The same header twice (its reading taken again for the second file), in 万平方米.
      'b.csv': inTenThousands(area('431103')),
      'c.csv': inTenThousands(area('431121')),
    });
    expect(issues.filter((i) => i.code === 'type').map((i) => [i.file, hintOf(i, 'en')])).toEqual([
      ['a.csv', 'write 50600 (5.06万平方米 is 50600): the header gives the unit'],
      ['b.csv', 'write 5.06 without "万平方米": the header gives the unit'],
      ['c.csv', 'write 5.06 without "万平方米": the header gives the unit'],
    ]);
  });

  it('names the cause of a code mangled by Excel', async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('431102', { county_code: '4.31103E+05' })]) });
    expect(issues.map(pick)).toEqual([{ code: 'type', line: 2, column: 1, field: 'county_code' }]);
    expect(hintOf(issues[0]!, 'en')).toMatch(/scientific notation/);
  });

  it('says to write a number without the word after it or a word that qualifies it, and 万 and 亿 written out', () => {
    const fix = (value: string, lang: 'zh' | 'en' = 'en') => typeFix(value, 'integer', undefined, lang);
    expect(fix('12人')).toBe('write 12 without "人": the header gives the unit');
    expect(fix('35 平方米', 'zh')).toBe('只填数字 35，去掉“平方米”：计量单位以表头为准');
    expect(fix('1.2万')).toBe('write 12000 (1.2万 is 12000): the header gives the unit');
    expect(fix('0.5万', 'zh')).toBe('写成 5000（0.5万 即 5000），计量单位以表头为准');
    expect(fix('12.34567万')).toBe('write 123456.7 (12.34567万 is 123456.7): the header gives the unit');
    expect(fix('-3亿')).toBe('write -300000000 (-3亿 is -300000000): the header gives the unit');
    // 万 before the unit's word: the figure it stands for, not the number before it (146000 households, not 14.6).
    expect(fix('14.6万户')).toBe('write 146000 (14.6万户 is 146000): the header gives the unit');
    expect(fix('0.5万元', 'zh')).toBe('写成 5000（0.5万元 即 5000），计量单位以表头为准');
    // The figure in the unit the cells are written in, where the word's unit is another of its kind; the number alone where it is that unit.
    const inUnit = (value: string, unit: string) => typeFix(value, 'number', undefined, 'en', unit);
    expect(inUnit('14.6万户', '户')).toBe('write 146000 (14.6万户 is 146000): the header gives the unit');
    expect(inUnit('14.6万户', '万户')).toBe('write 14.6 without "万户": the header gives the unit');
    expect(inUnit('3亿元', '万元')).toBe('write 30000 (3亿元 is 30000): the header gives the unit');
    expect(inUnit('1.2万', '万人')).toBe('write 1.2 without "万": the header gives the unit');
    expect(inUnit('55‰', '%')).toBe('write 5.5 (55‰ is 5.5): the header gives the unit');
    expect(inUnit('0.8万元/人·年', '元/人·年')).toBe('write 8000 (0.8万元/人·年 is 8000): the header gives the unit');
    expect(inUnit('0.8万元/人·年', '元/人·月')).toBe('write 666.6667 (0.8万元/人·年 is 666.6667): the header gives the unit');
    expect(inUnit('690元', '元/人·月')).toBe('write 690 without "元": the header gives the unit');
    expect(inUnit('2万余', '人')).toBe('write 20000 (2万余 is 20000): the header gives the unit');
    // Not a number with a word: the usual fixes.
    for (const value of ['12%', '1e5', 'abc', '12.5', '人12']) expect(fix(value), value).not.toMatch(/header gives the unit/);
    expect(typeFix('12人', 'text', undefined, 'en')).not.toMatch(/header gives the unit/);
    // A figure qualified, or with a note: the figure alone, the word not taken for a unit.
    for (const [value, number, word] of [
      ['约2650', '2650', '约'],
      ['超过 12.5', '12.5', '超过'],
      ['2650左右', '2650', '左右'],
      ['2650余', '2650', '余'],
      ['2650(含兼职)', '2650', '(含兼职)'],
      ['2650（含兼职）', '2650', '（含兼职）'],
    ])
      expect(fix(value!), value).toBe(`write ${number} without "${word}": a cell holds the figure alone, its notes go elsewhere`);
    expect(fix('约2650', 'zh')).toBe('只填数字 2650，去掉“约”：单元格中只填数值，说明另行注明');
    expect(fix('2650(含兼职')).not.toMatch(/figure alone/);
    // A yes or no with a note: the answer alone.
    expect(typeFix('是(已建成)', 'boolean', undefined, 'en')).toBe(
      'write 是 without "(已建成)": a cell holds the answer alone, its notes go elsewhere',
    );
    expect(typeFix('有（1个）', 'boolean', undefined, 'zh')).toBe('只填 有，去掉“（1个）”：单元格中只填是或否，说明另行注明');
    expect(typeFix('已建', 'boolean', undefined, 'en')).toBe('write 是 or 否 (yes or no)');
    // A yes or no in the words of the column's question: the answer they give.
    const answer = (value: string, label: string, lang: Lang = 'en') => typeFix(value, 'boolean', undefined, lang, undefined, label);
    for (const [value, label, fix] of [
      ['符合', '符合生活补贴条件（是/否）', 'write 是 (yes): the column takes 是 or 否 alone'],
      ['不符合', '符合生活补贴条件（是/否）', 'write 否 (no): the column takes 是 or 否 alone'],
      ['已享受', '享受护理补贴（是/否）', 'write 是 (yes): the column takes 是 or 否 alone'],
      ['未享受', '享受护理补贴（是/否）', 'write 否 (no): the column takes 是 or 否 alone'],
      ['已返回', '接送返回（是/否）', 'write 是 (yes): the column takes 是 or 否 alone'],
      ['未查明', '查明身份信息', 'write 否 (no): the column takes 是 or 否 alone'],
      // Words that are not the question's, or one character of it, are no answer.
      ['已建', '已建立惠民殡葬和节地生态安葬奖补制度（是/否）', 'write 是 or 否 (yes or no)'],
      ['不', '享受护理补贴（是/否）', 'write 是 or 否 (yes or no)'],
      ['享', '享受护理补贴（是/否）', 'write 是 or 否 (yes or no)'],
      ['护理补贴', '享受生活补贴（是/否）', 'write 是 or 否 (yes or no)'],
    ])
      expect(answer(value!, label!), value).toBe(fix);
    expect(answer('不符合', '符合生活补贴条件（是/否）', 'zh')).toBe('写成 否：此列只填是或否');
  });

  it("says which answer a yes or no in its column's words is, in a file", async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('431102', { funeral_subsidy_schemes: '未建立' })], { chinese: true }) });
    expect(issues.filter((i) => i.code === 'type').map((i) => [i.field, hintOf(i, 'zh')])).toEqual([
      ['funeral_subsidy_schemes', '写成 否：此列只填是或否'],
    ]);
  });

  it('says where a cell holds a character that is not shown, at its line and column', async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('431102', { elderly_beds: '10\u0007', care_beds: '5\u00016' })]) });
    expect(issues.map(pick)).toEqual([
      { code: 'type', line: 2, column: 20, field: 'elderly_beds' },
      { code: 'type', line: 2, column: 21, field: 'care_beds' },
    ]);
    expect(messageOf(issues[0]!, 'en')).toBe('"10<U+0007>" is not a whole number');
    expect(hintOf(issues[1]!, 'en')).toBe('the cell holds a character that is not shown, U+0001: delete it, or type the value again');
    expect(hintOf(issues[1]!, 'zh')).toBe('单元格中有不显示的字符 U+0001：删去它，或重新输入该值');
    // Not a unit's word after a number, as 10 and a BEL would otherwise be told.
    expect(typeFix('10\u0007', 'integer', undefined, 'en')).not.toMatch(/header gives the unit/);
  });

  it("says to write a decimal comma as a point, brackets as a minus, and a number of the column's kind", () => {
    expect(typeFix('4,5', 'percent', undefined, 'en')).toBe('write 4.5 with a point before its decimals (or 45 without the comma)');
    expect(typeFix('12,75', 'number', undefined, 'zh')).toBe('小数点用“.”：写成 12.75（或不带逗号的 1275）');
    expect(typeFix('(4.5)', 'percent', undefined, 'en')).toBe('write -4.5: brackets are how Excel shows a negative number');
    expect(typeFix('(1,200)', 'integer', undefined, 'zh')).toBe('写成 -1,200：括号是 Excel 显示负数的格式');
    expect(typeFix('abc', 'integer', undefined, 'en')).toBe('write a whole number (such as 1200), or leave the cell empty if not reported');
    expect(typeFix('abc', 'percent', undefined, 'zh')).toBe('填写百分数（如 6.5 或 6.5%），未填报的留空');
    expect(typeFix('abc', 'number', undefined, 'en')).toBe('write a number (such as 1200 or 6.5), or leave the cell empty if not reported');
    // Not a decimal comma or brackets: the usual fix.
    for (const value of ['4,5,6', '(4.5', '(x)'])
      expect(typeFix(value, 'number', undefined, 'en'), value).toMatch(/^write a number \(such/);
  });

  it('says to write a number whose thousands are set apart by spaces without them', () => {
    expect(typeFix('3 100', 'integer', undefined, 'en')).toBe('write 3100, without spaces in the number');
    expect(typeFix('1 234 567.5', 'number', undefined, 'zh')).toBe('写成 1234567.5：数字中不要有空格');
    // Not thousands: the usual fixes.
    for (const value of ['31 00', '3 1000', '3  100'])
      expect(typeFix(value, 'integer', undefined, 'en'), value).not.toMatch(/without spaces/);
  });

  it('reports covered above eligible as a constraint error on the row', async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('431102', { disabled_living_covered: 3001 })]) });
    expect(issues.map(pick)).toEqual([{ code: 'constraint', line: 2, column: 17, field: 'disabled_living_covered' }]);
    expect(messageOf(issues[0]!, 'en')).toBe('3001 is more than disabled_living_eligible (3000)');
  });

  it('says of a 是 where the answer it depends on is 否 what the cell holds and why, in both languages', async () => {
    const header = '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）';
    const issues = (await issuesOf({ 'cases.csv': `${header}\nJZ1,431102,2024-03-05,否,是\n` })).filter((i) => i.severity === 'error');
    expect(issues.map(pick)).toEqual([{ code: 'constraint', line: 2, column: 5, field: 'returned' }]);
    expect(messageOf(issues[0]!, 'en')).toBe('是 while identified is 否: 是 (yes) only where it is 是');
    // A sentence after the value, not a colon a terminal may wrap to the start of a line.
    expect(messageOf(issues[0]!, 'zh')).toBe('是 在“查明身份信息（是/否）”为“否”时不能为“是”');
  });

  it("tells a day within a month in the period column as a day (Excel's number of one too), with the month to write, and any other text as no period", async () => {
    const county = readFileSync('data/samples/2025-12/dongan.csv', 'utf8');
    const periods = ['2025/12/15', '2025年12月15日', '46000', '2025-02-30', '2025Q5'];
    const issues = (
      await issuesOf(Object.fromEntries(periods.map((period, i) => [`f${i}.csv`, county.replace(',2025-12,', `,${period},`)])))
    ).filter((i) => i.severity === 'error');
    expect(
      issues.map((i) => `${i.file.split('/').pop()}:${i.line}:${i.column} ${i.code} ${messageOf(i, 'zh')} → ${hintOf(i, 'zh')}`),
    ).toEqual([
      'f0.csv:2:3 constraint 2025/12/15 是日期，不是报告期 → 写成报告期的月份（如 2025-12），或月末日期',
      'f1.csv:2:3 constraint 2025年12月15日 是日期，不是报告期 → 写成报告期的月份（如 2025-12），或月末日期',
      'f2.csv:2:3 constraint 46000 是 Excel 的日期序号（2025-12-09），不是报告期 → 写成报告期的月份（如 2025-12），或月末日期',
      'f3.csv:2:3 constraint 2025-02-30 不是 YYYY 或 YYYY-MM 格式的报告期 → 写成 2025-12（月份）或 2025（年度）',
      'f4.csv:2:3 constraint 2025Q5 不是 YYYY 或 YYYY-MM 格式的报告期 → 写成 2025-12（月份）或 2025（年度）',
    ]);
    expect(`${messageOf(issues[0]!, 'en')} → ${hintOf(issues[0]!, 'en')}`).toBe(
      "2025/12/15 is a day, not a period → write the period's month (such as 2025-12), or its last day",
    );
    expect(messageOf(issues[2]!, 'en')).toBe("46000 is Excel's number of the day 2025-12-09, not a period");
  });

  it('says what a record number that does not match its pattern should be, in both languages', async () => {
    const header =
      '乡镇（街道）代码,乡镇（街道）名称,区划代码,报告期,有具备综合功能的养老服务机构（是/否）,设有未成年人保护工作站（是/否）';
    const issues = (await issuesOf({ 'towns.csv': `${header}\n43110210x,镇,431102,2025-12,是,是\n` })).filter(
      (i) => i.severity === 'error',
    );
    expect(issues.map(pick)).toEqual([{ code: 'constraint', line: 2, column: 1, field: 'township_code' }]);
    expect(messageOf(issues[0]!, 'zh')).toBe('43110210x 不是有效的乡镇（街道）代码：应符合格式 ^[0-9]{9}([0-9]{3})?$');
    expect(messageOf(issues[0]!, 'en')).toMatch(/^43110210x does not match the pattern \^\[0-9\]\{9\}\(\[0-9\]\{3\}\)\?\$ \(/);
    // A township's 12 digits as Excel saves a number it shows in scientific notation.
    const spoiled = (await issuesOf({ 'towns.csv': `${header}\n4.31102E+11,镇,431102,2025-12,是,是\n` })).filter(
      (i) => i.severity === 'error',
    );
    expect(messageOf(spoiled[0]!, 'en')).toBe('4.31102E+11 was turned into a number by Excel, which loses its digits');
    expect(hintOf(spoiled[0]!, 'en')).toBe('format the column as Text and type the codes again');
    expect(hintOf(issues[0]!, 'en')).toBe('check the value in this cell');
  });

  it('says in words what a credit code (x-check) should be, whether its pattern or its check character fails', async () => {
    const header = '统一社会信用代码,机构名称,区划代码,报告期,床位数（张）,其中护理型床位（张）';
    const issues = (
      await issuesOf({
        'homes.csv': `${header}\n52431100mj00000099,敬老院,431102,2025-12,100,50\n52431100MJ00000099,敬老院,431102,2025-12,100,50\n1.23502E+17,福利院,431102,2025-12,100,50\n`,
      })
    ).filter((i) => i.severity === 'error');
    expect(issues.map(pick)).toEqual([2, 3, 4].map((line) => ({ code: 'constraint', line, column: 1, field: 'institution_id' })));
    // A public institution's code of 18 digits, which Excel shows as a number.
    expect(`${messageOf(issues[2]!, 'zh')} → ${hintOf(issues[2]!, 'zh')}`).toBe(
      '1.23502E+17 被 Excel 转成了数字，丢失了数位 → 把该列设为“文本”格式后重新输入',
    );
    expect(messageOf(issues[0]!, 'zh')).toBe(
      '52431100mj00000099 不是统一社会信用代码（GB 32100）：应为 18 位数字或大写字母，不用 I、O、S、V、Z，第 3-8 位为数字',
    );
    expect(messageOf(issues[0]!, 'en')).toBe(
      '52431100mj00000099 is no unified social credit code (GB 32100): 18 digits and capitals, no I, O, S, V or Z, characters 3-8 digits',
    );
    expect(`${messageOf(issues[1]!, 'zh')} → ${hintOf(issues[1]!, 'zh')}`).toBe(
      '52431100MJ00000099 校验码不符（GB 32100）：有字符录错 → 按登记证书核对后重新填写',
    );
    expect(hintOf(issues[0]!, 'en')).toBe('copy the code from the registration certificate');
  });

  it('refuses negative counts and a zero standard, each with the value to write', async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('431102', { households: -1, urban_dibao_standard: 0 })]) });
    expect(issues.map((i) => [i.code, i.field, hintOf(i, 'en')])).toEqual([
      ['constraint', 'urban_dibao_standard', 'write a value greater than 0'],
      ['constraint', 'households', 'write 0 or more'],
    ]);
  });

  it('tells a part above its whole once, where the whole is itself refused: at the whole', async () => {
    const issues = await issuesOf({
      'a.csv': csv([row('431102', { elderly_beds: -5, care_beds: 549 }), row('431103', { elderly_beds: 500, care_beds: 549 })]),
    });
    expect(issues.map((i) => [i.line, i.field, messageOf(i, 'en'), hintOf(i, 'en')])).toEqual([
      [2, 'elderly_beds', '-5 is below 0', 'write 0 or more'],
      [3, 'care_beds', '549 is more than elderly_beds (500)', 'check this cell and elderly_beds, which it may not exceed'],
    ]);
  });

  it('checks codes and names against the registry, accepting aliases', async () => {
    const issues = await issuesOf({
      'a.csv': csv([
        row('431199'),
        row('431103', { county_name: '零陵区' }),
        row('431129', { county_name: '江华县' }),
        row('431181', { county_name: '祁阳县' }),
      ]),
    });
    expect(issues.map(pick)).toEqual([
      { code: 'foreign-key', line: 2, column: 1, field: 'county_code' },
      { code: 'foreign-key', line: 3, column: 2, field: 'county_name' },
    ]);
  });

  it("tells a unit's name, or the code of a place within a unit, written for its code, with the code to write", async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('双牌县'), row('431123100'), row('431123100000'), row('43112'), row('431199100')]) });
    const told = (lang: 'en' | 'zh') =>
      issues.filter((i) => i.code === 'constraint').map((i) => `${i.line}: ${messageOf(i, lang)} → ${hintOf(i, lang)}`);
    expect(told('en')).toEqual([
      "2: 双牌县 is a unit's name, not a 6-digit code → write its code, 431123",
      "3: 431123100 is the code of a place within 431123 Shuangpai County, not a 6-digit code → write its unit's code, 431123",
      "4: 431123100000 is the code of a place within 431123 Shuangpai County, not a 6-digit code → write its unit's code, 431123",
      // Neither a unit's name nor within a unit: the code to write is not known.
      "5: 43112 is not a 6-digit code → write the unit's 6-digit code (plan-check units lists them)",
      "6: 431199100 is not a 6-digit code → write the unit's 6-digit code (plan-check units lists them)",
    ]);
    expect(told('zh')[0]).toBe('2: 双牌县 是单位名称，不是 6 位区划代码 → 填写其区划代码 431123');
  });

  it('reports the same unit and period twice, naming both places, and whether the figures are the same or where they differ', async () => {
    const issues = await issuesOf({ 'a.csv': csv([row('431102')]), 'b.csv': csv([row('431103'), row('431102')]) });
    expect(issues.map(pick)).toEqual([{ code: 'unique', line: 3, column: 1, field: 'county_code' }]);
    expect(messageOf(issues[0]!, 'en')).toMatch(
      /^431102 2025-12 already appears at .*a\.csv:2, with the same figures; this row is not counted$/,
    );
    expect(messageOf(issues[0]!, 'zh')).toMatch(/a\.csv:2 出现过，数值相同；本行未计入$/);
    // Rows of files, not of a workbook's sheets: the fix says nothing of sheets to leave out.
    expect(hintOf(issues[0]!, 'en')).toBe(
      'keep one row per unit and period: remove a file or sheet that repeats another, or the row whose figures are wrong',
    );
    // A name written another way is no figure; the first figure that differs is named by its header, yes/no and empty cells in words.
    const differing = async (overrides: RowInput) =>
      messageOf((await issuesOf({ 'a.csv': csv([row('431102'), row('431102', { county_name: '零陵', ...overrides })]) }))[0]!, 'en');
    expect(await differing({})).toContain(', with the same figures;');
    expect(await differing({ care_beds: 700 })).toMatch(
      /a\.csv:2, with other figures \(care_beds: 700 here, \d+ there\); this row is not counted$/,
    );
    expect(await differing({ care_beds: '' })).toContain('with other figures (care_beds: empty here, 1200 there)');
    const zh = (await issuesOf({ 'a.csv': csv([row('431102'), row('431102', { care_beds: 700 })]) }))[0]!;
    expect(messageOf(zh, 'zh')).toContain('a.csv:2 出现过，数值不同（其中护理型床位（张）：本行 700，该处 1200）；本行未计入');
    // The first in the row's order: the yes/no column stands before the beds.
    expect(await differing({ public_burial_facility: '否', care_beds: 700 })).toContain(
      'with other figures (public_burial_facility: no here, yes there)',
    );
    // A text of a plan's own column is quoted cut, its control characters marked, as any cell a message quotes.
    const batch = new Batch();
    const textRow = (note: string, line: number) => ({
      file: 'a.csv',
      line,
      values: { county_code: '431102', period: '2025-12', note },
      columns: { county_code: 1 },
      valid: true,
    });
    expect(batch.add(textRow('x'.repeat(100_000), 2))).toBeUndefined();
    const told = messageOf(batch.add(textRow('\u001b[31m', 3))!, 'en');
    expect(told).toBe(
      `431102 2025-12 already appears at a.csv:2, with other figures (note: <U+001B>[31m here, ${'x'.repeat(39)}… there); this row is not counted`,
    );
  });

  it('refuses a row without a code or period', async () => {
    const report = await check([writeFiles({ 'a.csv': csv([row('431102', { period: '' })]) })]);
    expect(report.issues.map(pick)).toEqual([{ code: 'required', line: 2, column: 3, field: 'period' }]);
    expect(report.results).toEqual([]);
  });
});

describe('headers', () => {
  it('warns about unknown columns and reads the rest', async () => {
    const text = csv([row('431102', { remark: 'x' })]);
    const report = await check([writeFiles({ 'a.csv': text })]);
    expect(report.issues.map((i) => [i.code, i.severity, i.column])).toEqual([['unknown-label', 'warning', 29]]);
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('reports a duplicate column naming both positions', async () => {
    const text = 'county_code,period,care_beds,其中护理型床位（张）\n431102,2025,1,2\n';
    const issues = await issuesOf({ 'a.csv': text });
    expect(issues.map(pick)).toEqual([{ code: 'duplicate-label', line: 1, column: 4, field: 'care_beds' }]);
    expect(issues[0]!.params?.other).toBe(3);
  });

  it('refuses a file without the code column', async () => {
    const issues = await issuesOf({ 'a.csv': 'period,care_beds\n2025,1\n' });
    expect(issues.map(pick)).toEqual([{ code: 'missing-label', line: 1, column: undefined, field: 'county_code' }]);
  });

  it('reads Chinese headers in GB18030 and says which encoding it used', async () => {
    const report = await check([writeFiles({ 'a.csv': iconv.encode(csv([row('431102')], { chinese: true, eol: '\r\n' }), 'gb18030') })]);
    expect(report.issues.map((i) => [i.code, i.params?.encoding])).toEqual([['encoding-detected', 'GB18030']]);
    expect(report.results.filter((r) => r.unit === '431102' && r.rule.startsWith('T2'))).toHaveLength(13);
  });

  it('reads UTF-16LE tab-separated text ("Unicode 文本")', async () => {
    const text = csv([row('431102')], { chinese: true, eol: '\r\n' }).replace(/,/g, '\t');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const report = await check([writeFiles({ 'a.txt.csv': bytes })]);
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(report.results.find((r) => r.rule === 'T2-10')).toMatchObject({ status: 'pass' });
  });
});

describe('files', () => {
  it('says an empty file and a header-only file have no data rows', async () => {
    const issues = await issuesOf({ 'a.csv': '', 'b.csv': 'county_code,period\r\n' });
    expect(issues.map((i) => [i.file, i.code, i.line])).toEqual([
      ['a.csv', 'no-data-rows', undefined],
      ['b.csv', 'no-data-rows', 1],
    ]);
  });

  it('recognises a workbook renamed to .csv, and says it cannot be read when it is broken', async () => {
    const issues = await issuesOf({ 'a.csv': Buffer.from('PK\x03\x04rest-of-zip', 'latin1') });
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['workbook-unreadable', 'error']]);
    expect(messageOf(issues[0]!, 'en')).toMatch(/^the file is not a readable \.xlsx workbook: it is not a complete zip/);
  });

  it('reports undecodable bytes at their line and does not count that row', async () => {
    const good = csv([row('431102'), row('431103')]);
    const [head, first, second] = good.split('\n');
    const bytes = Buffer.concat([
      Buffer.from(`${head}\n${first}\n`),
      Buffer.from(second!.replace('冷水滩区', 'X'), 'utf8'),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    const report = await check([writeFiles({ 'a.csv': bytes })], { encoding: 'utf-8' });
    expect(report.issues.map(pick)).toEqual([{ code: 'encoding', line: 3, column: 1, field: undefined }]);
    expect(report.results.some((r) => r.unit === '431103')).toBe(false);
  });

  it('reads standard input', async () => {
    const stdin = Readable.from([Buffer.from(csv([row('431102')]))]);
    const report = await check(['-'], { stdin });
    expect(report.files).toEqual(['-']);
    expect(report.results.filter((r) => r.unit === '431102' && r.rule.startsWith('T2'))).toHaveLength(13);
  });
});

describe('numbers too large to compute with', () => {
  it('a value of 308 digits is a type error at its cell, and the batch still ends in a report', async () => {
    const report = await check([
      writeFiles({ 'a.csv': csv([row('431102', { care_beds: '9'.repeat(308), elderly_beds: '9'.repeat(308) })]) }),
    ]);
    const found = report.issues.filter((i) => i.code === 'type');
    expect(found.map((i) => i.field).sort()).toEqual(['care_beds', 'elderly_beds']);
    expect(hintOf(found[0]!, 'en')).toMatch(/more than 15 digits/);
  });

  it('a value whose first digit is past the 15th decimal place is a type error at its cell, in a CSV and in a workbook', async () => {
    // A share of it (T2-03: the rural standard over the urban one) would be past what a report shows.
    const tiny = `0.${'0'.repeat(322)}5`;
    const fromCsv = await check([writeFiles({ 'a.csv': csv([row('431102', { urban_dibao_standard: tiny })]) })]);
    const [found, ...more] = fromCsv.issues.filter((i) => i.code === 'type');
    expect([found!.field, more]).toEqual(['urban_dibao_standard', []]);
    expect(hintOf(found!, 'en')).toBe('the number has its first digit past the 15th decimal place, no figure of a form: check the cell');
    // A workbook's number cell of 5E-324, as a workbook can store it.
    const head = ['区划代码', '报告期', '城市低保标准（元/人·月）', '农村低保标准（元/人·年）'];
    const book = makeXlsx({ 道县: { 1: head, 2: ['431124', '2025-12', 5e-324, 8112] } });
    const fromBook = await check([join(writeFiles({ 'a.xlsx': book }), 'a.xlsx')], { rules: 'T2-03' });
    expect(fromBook.issues.filter((i) => i.code === 'type').map((i) => [i.field, i.params?.variant])).toEqual([
      ['urban_dibao_standard', 'too-small'],
    ]);
    expect(fromBook.results.find((r) => r.unit === '431124')).toMatchObject({ status: 'no_data', reason: 'missing-value' });
  });
});
