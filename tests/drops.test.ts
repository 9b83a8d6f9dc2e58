/**
 * Nothing slips through: incomplete drops, units in headers, Excel's periods, forms' footers,
 * mixed folders, and a clean run in every shell. Exit codes through the CLI, the rest in-process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hintOf, issue, messageOf } from '../src/catalog.js';
import { check, exitCode, type CheckOptions, type Report } from '../src/check.js';
import { UsageError } from '../src/errors.js';
import { smallFileBytes } from '../src/input/read.js';
import { readFault, readFaultWords } from '../src/input/read-fault.js';
import { SMALL_FILE_BYTES } from '../src/input/sources.js';
import { expandSources } from '../src/input/sources.js';
import { allUnits, csv, row, runInProcess, tempDir, writeFiles, type RowInput } from './helpers.js';
import { makeXlsx, storedZip } from './xlsx.js';
import { handZip } from '../scripts/workbook.mjs';
import { validReport } from './report-schema.js';

const BIN = new URL('../bin/plan-check.cjs', import.meta.url).pathname;
function cli(args: string[], cwd?: string) {
  const run = spawnSync('bash', ['-c', args.join(' ')], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'C', BIN } });
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const codes = (report: Report, severity?: string) => report.issues.filter((i) => !severity || i.severity === severity).map((i) => i.code);
const checkFiles = (files: Record<string, string | Uint8Array>, options: CheckOptions = {}) => check([writeFiles(files)], options);
/** A row with its code, name and period and nothing else, as a blank template has it. */
const blank = (code: string): RowInput => ({ county_code: code, county_name: row(code).county_name!, period: '2025-12' });

describe('completeness', () => {
  it('fails a drop of blank templates, a file at a time, as files of a header only are failed (exit 2)', async () => {
    const rows = allUnits().map((r) => blank(String(r.county_code)));
    const dir = writeFiles({ 'blank.csv': csv(rows.slice(0, 12)), 'more.csv': csv(rows.slice(12)) });
    const report = await check([dir]);
    expect(codes(report, 'warning').filter((c) => c === 'empty-row')).toHaveLength(14);
    expect(report.rows).toEqual({ read: 14, empty: 14 });
    // One error a file whose every row is blank, at its first row.
    expect(
      report.issues.filter((i) => i.severity === 'error').map((i) => [i.file.slice(dir.length + 1), i.line, i.column, i.code]),
    ).toEqual([
      ['blank.csv', 2, 1, 'no-data-rows'],
      ['more.csv', 2, 1, 'no-data-rows'],
    ]);
    expect(exitCode(report)).toBe(2);
    const blankOnly = cli(['node "$BIN"', join(dir, 'blank.csv')]);
    expect(blankOnly.code).toBe(2);
    expect(blankOnly.stdout).toContain('the file is of codes and periods only, every figure left empty');
    expect(blankOnly.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^nothing reported: 12 rows hold codes and periods only, and [\d,]+ results are no data · 1 error, 12 warnings$/,
    );
    // A file of one row filled in and one blank: the blank row's warning alone.
    const half = await checkFiles({ 'half.csv': csv([row('431102'), blank('431103')]) });
    expect(half.issues.map((i) => i.code)).toEqual(['empty-row']);
  });

  it('does not call a row whose values are all refused one that reports nothing: its values are told', async () => {
    const report = await check([{ rows: [{ ...blank('431102'), care_beds: 'abc', elderly_beds: '1\u00070' }, blank('431103')] }], {
      rules: 'T2-10',
    });
    expect(report.issues.map((i) => [i.code, i.line])).toEqual([
      ['type', 2],
      ['type', 2],
      ['empty-row', 3],
    ]);
    expect(report.rows).toEqual({ read: 2, empty: 1 });
  });

  it('names each unit that sent nothing, and each value a rule needed, with --complete', async () => {
    const rows = allUnits({ '431102': { care_beds: '' } }).filter((r) => r.county_code === '431102' || r.county_code === '431103');
    const report = await checkFiles({ 'two.csv': csv(rows) }, { complete: true, rules: 'T2-10' });
    const missing = report.issues.filter((i) => i.code === 'missing-unit').map((i) => i.params!.unit);
    expect(missing).toHaveLength(12);
    expect(missing).toContain('431124');
    expect(report.issues.find((i) => i.code === 'missing-value')).toMatchObject({ line: 2, field: 'care_beds', severity: 'error' });
    expect(exitCode(report)).toBe(2);
  });

  it('names the drop of a unit that sent nothing as it was given: the folder, or the first three files of many', async () => {
    const dir = writeFiles(
      Object.fromEntries(['431102', '431103', '431121', '431122', '431123'].map((code) => [`${code}.csv`, csv([row(code)])])),
    );
    const dropOf = async (paths: string[]) =>
      (await check(paths, { complete: true, rules: 'T2-10' })).issues.find((i) => i.code === 'missing-unit')!.file;
    expect(await dropOf([dir])).toBe(dir);
    const files = ['431102', '431103', '431121', '431122', '431123'].map((code) => join(dir, `${code}.csv`));
    expect(await dropOf(files.slice(0, 3))).toBe(files.slice(0, 3).join(' '));
    expect(await dropOf(files)).toBe(`${files.slice(0, 3).join(' ')} +2`);
  });

  it('refuses rows of another period than --period, and of a year outside the plan', async () => {
    const report = await checkFiles(
      { 'a.csv': csv([row('431102', { period: '2025-11' }), row('431103', { period: '2026-01' }), row('431122', { period: '2025' })]) },
      { period: '2025-12' },
    );
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line])).toEqual([
      ['unexpected-period', 2],
      ['period-outside-plan', 3],
    ]);
    expect(report.results.filter((r) => r.level === 'county').every((r) => r.unit === '431122')).toBe(true);
  });

  it("calls a file of another plan's columns a wrong-plan error naming that plan (exit 2)", async () => {
    const run = await runInProcess(['data/samples-13th/yongzhou-13th-2020.csv', '--format', 'json']);
    expect(run.code).toBe(2);
    const report = validReport(run.stdout) as { errors: { code: string; message: string }[]; warnings: unknown[] };
    expect(report.errors).toEqual([
      expect.objectContaining({ code: 'wrong-plan', message: expect.stringContaining('--plan yongzhou-civil-affairs-13th') }),
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('counts the columns of a header of another plan in words that fit the count', async () => {
    const told = async (header: string) =>
      messageOf(
        (await check([writeFiles({ 'a.csv': `${header}\n431102,2025-12,1,2\n` })])).issues.find((i) => i.code === 'wrong-plan')!,
        'en',
      );
    expect(await told('区划代码,报告期,序号')).toBe('the header names 0 data columns of plan yongzhou-civil-affairs-14th and 1 other');
    expect(await told('区划代码,报告期,甲,乙')).toBe('the header names 0 data columns of plan yongzhou-civil-affairs-14th and 2 others');
  });

  it("takes labels close to this plan's columns for mistyped ones, not for another plan's: each told with the column meant, and the columns missing", async () => {
    // A rescue roster whose yes/no labels are mistyped (身分 for 身份, 反 for 返): no data column named as the plan has it.
    const header = '救助单号,县市区,区划代码,受助日期,查明身分信息,接送反回';
    const report = await check([writeFiles({ 'rescue.csv': `${header}\nJZ000001,道县,431124,2025-03-05,是,是\n` })], { rules: 'T2-05' });
    const told = report.issues.map((i) => [i.code, i.column ?? i.field, messageOf(i, 'en'), hintOf(i, 'en')]);
    expect(told.filter(([code]) => code === 'wrong-plan')).toEqual([]);
    expect(told.filter(([code]) => code === 'unknown-label')).toEqual([
      ['unknown-label', 5, expect.any(String), expect.stringContaining('did you mean "查明身份信息（是/否）"?')],
      ['unknown-label', 6, expect.any(String), expect.stringContaining('did you mean "接送返回（是/否）"?')],
    ]);
    expect(told.filter(([code]) => code === 'missing-label').map(([, field]) => field)).toEqual(['identified', 'returned']);
    // Labels like none of this plan's columns still make a header of another plan's.
    const other = await check([
      writeFiles({ 'dibao.csv': '身份证号,姓名,区划代码,报告期,月保障金（元）\n431123194001010008,张三,431123,2025-12,600\n' }),
    ]);
    expect(other.issues.filter((i) => i.severity !== 'info').map((i) => i.code)).toEqual(['wrong-plan']);
  });
});

describe('units in headers', () => {
  it('converts a standard stated per year into the column’s per month, exactly, and notes it', async () => {
    // 8,300 yuan a year is 691 2/3 a month; 6,225 / 8,300 is exactly 75 %.
    const text = '区划代码,县市区,报告期,城市低保标准（元/人·年）,农村低保标准（元/人·年）\n431102,零陵区,2025-12,8300,6225\n';
    const report = await checkFiles({ 'a.csv': text }, { rules: 'T2-03' });
    expect(report.issues.find((i) => i.code === 'unit-converted')).toMatchObject({
      column: 4,
      params: expect.objectContaining({ label: '城市低保标准（元/人·年）', from: '元/人·年', to: '元/人·月', factor: '1/12' }),
    });
    expect(report.results.find((r) => r.level === 'county')).toMatchObject({ value: 75, status: 'pass' });
  });

  it('converts 万人 into 人 and ‰ into %, and refuses a unit of another kind at its header', async () => {
    const text =
      '区划代码,报告期,社会组织专职工作人员数（万人）,居民户数（人）,居民上年度人均消费支出增速（‰）\n431102,2025-12,0.25,100,45\n';
    const report = await checkFiles({ 'a.csv': text });
    expect(report.issues.filter((i) => i.code === 'unit-converted').map((i) => i.column)).toEqual([3, 5]);
    expect(report.issues.find((i) => i.code === 'unit-mismatch')).toMatchObject({
      severity: 'error',
      line: 1,
      column: 4,
      params: expect.objectContaining({ from: '人', to: '户' }),
    });
  });
});

describe('units stated as a form states them', () => {
  const read = [
    ['label-normalised', 3],
    ['label-normalised', 4],
    // Converted, a label is not also told normalised: its unit is what normalising changed.
    ['unit-converted', 5],
  ];
  it.each([
    [
      '单位： before the unit in the brackets',
      '养老机构床位数（单位：张）,其中护理型床位(计量单位:张),社会组织专职工作人员数（单位：万人）',
      '',
      read,
    ],
    // Converted or refused as one in brackets is.
    [
      "a unit after a slash at a label's end (床位数/张)",
      '养老机构床位数/张,其中护理型床位/张,社会组织专职工作人员数/万人,居民户数/人',
      ',100',
      [...read, ['unit-mismatch', 6]],
    ],
  ])('reads %s as the unit', async (_, labels, more, issues) => {
    const report = await checkFiles({ 'a.csv': `区划代码,报告期,${labels}\n431102,2025-12,1000,560,0.25${more}\n` }, { rules: 'T2-10' });
    expect(report.issues.map((i) => [i.code, i.column])).toEqual(issues);
    expect(report.results.find((r) => r.level === 'county')).toMatchObject({ value: 56, status: 'pass' });
  });
});

describe("Excel's periods and percentages", () => {
  it('reads a date serial on the first of a month as that month, and notes it', async () => {
    const report = await checkFiles({ 'a.csv': csv([row('431102', { period: '45992' })]) });
    expect(report.results[0]!.period).toBe('2025-12');
    expect(report.issues.find((i) => i.code === 'period-serial')).toMatchObject({
      severity: 'info',
      params: expect.objectContaining({ value: '45992', period: '2025-12' }),
    });
  });

  it('refuses 99999 and the ambiguous 2025.1, with the fix', async () => {
    const report = await checkFiles({ 'a.csv': csv([row('431102', { period: '99999' }), row('431103', { period: '2025.1' })]) });
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line])).toEqual([
      ['constraint', 2],
      ['period-ambiguous', 3],
    ]);
    expect(report.issues.find((i) => i.code === 'period-ambiguous')!.params).toMatchObject({ value: '2025.1', year: '2025' });
  });

  it('warns when every value of a percent column looks like a fraction', async () => {
    const report = await checkFiles({ 'a.csv': csv([row('431102', { consumption_growth_prev: 0.045 })]) });
    expect(report.issues.find((i) => i.code === 'percent-fraction')).toMatchObject({
      severity: 'warning',
      field: 'consumption_growth_prev',
    });
    const fine = await checkFiles({
      'a.csv': csv([row('431102', { consumption_growth_prev: 0.045 }), row('431103', { consumption_growth_prev: 4.5 })]),
    });
    expect(codes(fine)).not.toContain('percent-fraction');
  });
});

describe('forms as they are', () => {
  it('skips the signature footer, in one cell or several, and a date line', async () => {
    const text = `${csv([row('431102')], { chinese: true })}填表人：张三,审核人：李四,联系电话：0746-1234567\n单位（盖章）\n2026年1月5日\n`;
    const report = await checkFiles({ 'a.csv': text });
    expect(report.issues.filter((i) => i.code === 'footer-row').map((i) => i.line)).toEqual([3, 4, 5]);
    expect(exitCode(report)).toBe(0);
  });

  it('says of a file of one line that names no columns that line 1 does not, not "the first 1 lines"', async () => {
    const report = await checkFiles({ 'a.csv': '民政统计表\n' });
    const missing = report.issues.find((i) => i.code === 'header-not-found')!;
    expect([messageOf(missing, 'en'), messageOf(missing, 'zh')]).toEqual([
      'line 1 names no submission columns (such as county_code, period)',
      '第 1 行不含提交表的列名（如“区划代码”“报告期”）',
    ]);
    const two = (await checkFiles({ 'a.csv': '民政统计表\n2025年\n' })).issues.find((i) => i.code === 'header-not-found')!;
    expect(messageOf(two, 'zh')).toBe('前 2 行中没有一行含有提交表的列名（如“区划代码”“报告期”）');
  });

  it('tells a file whose text was misread in a wrong encoding and saved so (乱码) by one error, not a title row a line; a title of its own is told', async () => {
    const [header, line] = readFileSync('data/samples/2025-12/lingling.csv', 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/);
    const misread = (text: string) => iconv.decode(Buffer.from(text), 'gbk');
    // A title of five characters, fifteen bytes of UTF-8: the last is none of GBK's, saved as ? (a line of even bytes comes back as it was, UTF-8).
    const dir = writeFiles({
      'a.csv': iconv.encode(misread(`民政统计表\n${header}\n${line}\n`), 'gbk'),
      'b.csv': `零陵区民政统计表,,\n${header}\n${line}\n`,
    });
    const told = (await check([dir])).issues
      .filter((i) => i.severity !== 'info')
      .map((i) => `${i.file.slice(dir.length + 1)}:${i.line} ${i.code}`);
    expect(told).toEqual(['a.csv:2 encoding', 'b.csv:1 title-row']);
  });

  it("takes Excel's first line naming the delimiter (sep=;) for what it is, not for a title", async () => {
    const text = csv([row('431102')], { chinese: true }).replace(/,/g, ';');
    const report = await checkFiles({ 'a.csv': `sep=;\n${text}` });
    expect(report.issues.filter((i) => i.severity !== 'info').map((i) => i.code)).toEqual([]);
    expect(report.rows.read).toBe(1);
    // Anywhere else, such a line is a title as any other.
    const below = await checkFiles({ 'a.csv': `民政统计表\nsep=,\n${csv([row('431102')], { chinese: true })}` });
    expect(below.issues.filter((i) => i.code === 'title-row').map((i) => i.line)).toEqual([1, 2]);
  });

  it('reads a workbook from the sheet that holds the header, past a 填表说明 sheet, and names it', async () => {
    const ids = Object.keys(row('431102'));
    const data = { 1: ids, 2: ids.map((id) => (row('431102')[id] ?? null) as string | null) };
    const book = makeXlsx({ 填表说明: { 1: ['请按要求填报'], 2: ['单位：个'] }, 数据: data });
    const report = await checkFiles({ 'a.xlsx': book });
    expect(report.issues.find((i) => i.code === 'sheet-chosen')).toMatchObject({ params: { sheet: '数据', first: '填表说明' } });
    expect(report.results.some((r) => r.unit === '431102' && r.value !== null)).toBe(true);
  });

  it('says which sheets holding the header too were not read (a month or a unit a sheet), unless --sheet names one', async () => {
    const ids = Object.keys(row('431102'));
    const sheet = (code: string) => ({ 1: ids, 2: ids.map((id) => (row(code)[id] ?? null) as string | null) });
    const units = ['431102', '431103', '431121', '431122', '431123', '431124', '431125'];
    // Instructions first, a sheet a unit, and a list of codes (no header) among them.
    const book = makeXlsx({
      填表说明: { 1: ['请按要求填报'] },
      ...Object.fromEntries(units.slice(0, 2).map((code) => [code, sheet(code)])),
      代码表: { 1: ['431102'] },
      ...Object.fromEntries(units.slice(2).map((code) => [code, sheet(code)])),
    });
    const report = await checkFiles({ 'a.xlsx': book });
    const unread = report.issues.find((i) => i.code === 'sheets-unread')!;
    expect([unread.severity, messageOf(unread, 'en')]).toEqual([
      'warning',
      'only sheet "431102" was read; these sheets have the header too and were not: "431103", "431121", "431122", "431123", "431124" and 1 more',
    ]);
    expect(messageOf(unread, 'zh')).toBe(
      '只读取了工作表“431102”；以下工作表也有表头，未读取：“431103”、“431121”、“431122”、“431123”、“431124” 等 6 个',
    );
    // The sheet read may sum up the others (汇总 first), where reading every sheet would give each unit twice: the fix says so.
    expect(hintOf(unread, 'en')).toBe(
      `nothing to do if "431102" sums up the others; else read every sheet that has the header with --sheet '*' (--sheet '!汇总' leaves out one that sums them up), or name the sheet to read with --sheet`,
    );
    expect(new Set(report.results.filter((r) => r.value !== null && r.level !== 'city').map((r) => r.unit))).toEqual(new Set(['431102']));
    // A sheet named is the one meant: nothing said of the others.
    const named = await checkFiles({ 'a.xlsx': book }, { sheet: '431123' });
    expect(named.issues.map((i) => i.code)).not.toContain('sheets-unread');
    expect(new Set(named.results.filter((r) => r.value !== null && r.level !== 'city').map((r) => r.unit))).toEqual(new Set(['431123']));
  });

  it('reads the sheets Excel shows before those it hides (an old copy), says which hidden ones have the header, and reads one --sheet names', async () => {
    const ids = Object.keys(row('431102'));
    const sheet = (code: string) => ({ 1: ids, 2: ids.map((id) => (row(code)[id] ?? null) as string | null) });
    const units = (report: Report) => new Set(report.results.filter((r) => r.value !== null && r.level !== 'city').map((r) => r.unit));
    const dir = writeFiles({
      'a.xlsx': makeXlsx({ 旧: sheet('431102'), 数据: sheet('431103'), 下拉: { 1: ['是', '否'] } }, {}, ['旧', '下拉']),
    });
    for (const options of [{}, { sheet: '*' }]) {
      const report = await check([dir], options);
      expect(units(report)).toEqual(new Set(['431103']));
      // The first sheet shown is the one read: no other chosen, none unread but the hidden copy.
      expect(report.issues.map((i) => i.code)).toEqual(['sheet-read', 'sheets-hidden']);
      const hidden = report.issues.find((i) => i.code === 'sheets-hidden')!;
      expect([hidden.severity, messageOf(hidden, 'en'), messageOf(hidden, 'zh')]).toEqual([
        'info',
        'sheets hidden in Excel have the header too and were not read: "旧"',
        'Excel 中隐藏的工作表也有表头，未读取：“旧”',
      ]);
    }
    const named = await check([dir], { sheet: '旧' });
    expect([units(named), named.issues.map((i) => i.code)]).toEqual([new Set(['431102']), ['sheet-read']]);
    // A hidden sheet read is said to be one: a person looking for it in Excel would not see it.
    expect([messageOf(named.issues[0]!, 'en'), messageOf(named.issues[0]!, 'zh')]).toEqual([
      'read sheet "旧" (hidden in Excel)',
      '读取工作表“旧”（在 Excel 中隐藏）',
    ]);
    expect(messageOf((await check([dir])).issues[0]!, 'en')).toBe('read sheet "数据"');
    // Where Excel shows no sheet with the header, the hidden one is read.
    const onlyHidden = await check([
      writeFiles({ 'b.xlsx': makeXlsx({ 说明: { 1: ['请按要求填报'] }, 旧: sheet('431102') }, {}, ['旧']) }),
    ]);
    expect(units(onlyHidden)).toEqual(new Set(['431102']));
    expect(onlyHidden.issues.find((i) => i.code === 'sheet-chosen')).toMatchObject({ params: { sheet: '旧', first: '说明' } });
    // Read unasked, a hidden sheet may not hold this drop: a warning, which the table for people shows.
    const unasked = onlyHidden.issues.find((i) => i.code === 'hidden-sheet-read')!;
    expect([unasked.severity, messageOf(unasked, 'en'), hintOf(unasked, 'zh')]).toEqual([
      'warning',
      'no sheet Excel shows has the header: read the hidden sheet "旧"',
      '核对其中是否为本次报送的数据，或用 --sheet 指定要读取的工作表',
    ]);
    // Where no sheet has the header, the first one shown is read (and its header not found).
    const none = await check([
      writeFiles({ 'c.xlsx': makeXlsx({ 代码: { 1: ['431102'] }, 说明: { 1: ['请按要求填报'] } }, {}, ['代码']) }),
    ]);
    expect(
      none.issues.filter((i) => i.code === 'sheet-read' || i.code === 'header-not-found').map((i) => [i.code, i.params?.sheet]),
    ).toEqual([
      ['sheet-read', '说明'],
      ['header-not-found', undefined],
    ]);
  });

  it("reads every sheet that has the header with --sheet '*', or those a pattern names, each problem at its file and sheet", async () => {
    const ids = Object.keys(row('431102'));
    const sheet = (code: string, overrides: RowInput = {}) => ({
      1: ids,
      2: ids.map((id) => (row(code, overrides)[id] ?? null) as string | null),
    });
    // Instructions, a sheet a unit, one of them sent again with a fault (a copy Excel names "(2)").
    const book = makeXlsx({
      填表说明: { 1: ['请按要求填报'] },
      零陵区: sheet('431102'),
      冷水滩区: sheet('431103'),
      '零陵区 (2)': sheet('431102', { care_beds: 'abc' }),
    });
    const dir = writeFiles({ 'a.xlsx': book });
    const file = join(dir, 'a.xlsx');
    const all = await check([dir], { sheet: '*' });
    expect(all.issues.filter((i) => i.severity !== 'info').map((i) => [i.code, i.file.slice(dir.length + 1), i.line])).toEqual([
      ['type', 'a.xlsx[零陵区 (2)]', 2],
      ['unique', 'a.xlsx[零陵区 (2)]', 2],
    ]);
    expect(
      messageOf(
        all.issues.find((i) => i.code === 'unique')!,
        'en',
      ),
    ).toContain(`already appears at ${file}[零陵区]:2`);
    expect(all.issues.filter((i) => i.code === 'sheet-read').map((i) => i.params?.sheet)).toEqual(['零陵区', '冷水滩区', '零陵区 (2)']);
    expect(new Set(all.results.filter((r) => r.value !== null && r.level !== 'city').map((r) => r.unit))).toEqual(
      new Set(['431102', '431103']),
    );
    expect(all.files).toEqual([file]);
    // A pattern: the sheets whose names match; none that has the header: the workbook's sheets listed.
    const some = await check([dir], { sheet: '冷水*' });
    expect(new Set(some.results.filter((r) => r.value !== null && r.level !== 'city').map((r) => r.unit))).toEqual(new Set(['431103']));
    // A sheet that sums up the others (汇总, first as a bureau's workbook has it): its rows repeat theirs under '*', and '!汇总' leaves it out.
    const summed = join(
      writeFiles({
        'b.xlsx': makeXlsx({
          汇总: { 1: ids, 2: sheet('431102')[2], 3: sheet('431103')[2] },
          零陵区: sheet('431102'),
          冷水滩区: sheet('431103'),
        }),
      }),
      'b.xlsx',
    );
    const repeated = (await check([summed], { sheet: '*' })).issues.filter((i) => i.code === 'unique');
    expect(repeated.map((i) => `${i.file.slice(summed.length)}:${i.line}`)).toEqual(['[零陵区]:2', '[冷水滩区]:2']);
    expect(hintOf(repeated[0]!, 'en')).toBe(
      "keep one row per unit and period: remove a file or sheet that repeats another, or the row whose figures are wrong; leave out a sheet that sums up the others with --sheet '!' and its name (--sheet '!汇总')",
    );
    const but = await check([summed], { sheet: '!汇总' });
    expect(but.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(but.issues.filter((i) => i.code === 'sheet-read').map((i) => i.params?.sheet)).toEqual(['零陵区', '冷水滩区']);
    // A sheet named with the mark is read as named.
    const marked = join(writeFiles({ 'c.xlsx': makeXlsx({ 说明: { 1: ['请按要求填报'] }, '!数据': sheet('431103') }) }), 'c.xlsx');
    expect(
      new Set((await check([marked], { sheet: '!数据' })).results.filter((r) => r.value !== null && r.level !== 'city').map((r) => r.unit)),
    ).toEqual(new Set(['431103']));
    const none = (await check([dir], { sheet: '*月' })).issues.find((i) => i.code === 'workbook-unreadable')!;
    expect([messageOf(none, 'en'), hintOf(none, 'en')]).toEqual([
      'no sheet matching "*月" holds a header of the submission (sheets: 填表说明, 零陵区, 冷水滩区, 零陵区 (2))',
      'name one of its sheets with --sheet',
    ]);
  });
});

describe('folders', () => {
  it('reads sub-folders, Unicode text and .tsv; gives .ods its advice; lists every file passed over', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.csv'), csv([row('431102')]));
    writeFileSync(
      join(dir, 'b.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv([row('431103')]).replace(/,/g, '\t'), 'utf16le')]),
    );
    writeFileSync(join(dir, 'c.tsv'), csv([row('431122')]).replace(/,/g, '\t'));
    writeFileSync(join(dir, 'd.ods'), 'PK');
    writeFileSync(join(dir, 'notes.txt'), 'read me');
    writeFileSync(join(dir, 'old-report.csv'), readFileSync('tests/golden/samples.csv'));
    writeFileSync(join(dir, '~$a.xlsx'), 'lock');
    writeFileSync(join(dir, 'draft.csv'), csv([row('431123')]));
    const report = await check([dir], { ignore: ['draft.csv'] });
    expect(new Set(report.results.filter((r) => r.level === 'county').map((r) => r.unit))).toEqual(new Set(['431102', '431103', '431122']));
    const skipped = Object.fromEntries(
      report.issues.filter((i) => i.code === 'file-skipped').map((i) => [i.file.slice(dir.length + 1), i.params!.variant]),
    );
    expect(skipped).toEqual({
      'draft.csv': 'ignored',
      'notes.txt': 'text-not-unicode',
      'old-report.csv': 'own-report',
      '~$a.xlsx': 'lock-file',
    });
    const format = report.issues.find((i) => i.code === 'workbook-format')!;
    expect([format.severity, messageOf(format, 'en'), messageOf(format, 'zh')]).toEqual([
      'error',
      'the file is an OpenDocument (.ods) workbook, which plan-check does not read',
      '文件是 OpenDocument (.ods) 工作簿，plan-check 不能直接读取',
    ]);
  });

  it('says of a path of no file which file it meant: a carriage return or spaces at its end, \\ between folders, other capitals, no extension; of a link, where it leads', async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102')]) });
    const refusal = async (path: string) => {
      try {
        await check([path]);
      } catch (error) {
        return [(error as UsageError).message, (error as UsageError).commandLine('zh')];
      }
      return [];
    };
    const a = join(dir, 'a.csv');
    expect(await refusal(`${a}\r`)).toEqual([
      `${a}<U+000D>: no such file or directory, but ${a} is: the path ends with a carriage return (a list of files saved on Windows?): remove it`,
      `${a}<U+000D>：没有这个文件或文件夹，但有 ${a}：路径末尾带有回车符（文件列表是在 Windows 上保存的？），请去掉`,
    ]);
    expect((await refusal(` ${a}`))[0]).toBe(` ${a}: no such file or directory, but ${a} is: the path has spaces at an end: remove them`);
    expect((await refusal(`${a}x\r`))[0]).toBe(`${a}x<U+000D>: no such file or directory`);
    // A path copied from Windows, a name typed in other capitals or without the extension Windows hides: the file meant named.
    mkdirSync(join(dir, '2025-12'));
    const b = join(dir, '2025-12', 'Daoxian.csv');
    writeFileSync(b, csv([row('431124')]));
    expect((await refusal(join(dir, '2025-12\\Daoxian.csv')))[0]).toBe(
      `${join(dir, '2025-12\\Daoxian.csv')}: no such file or directory, but ${b} is: write / between folders (here \\ is a character of a name, not a separator as on Windows)`,
    );
    expect((await refusal(join(dir, '2025-12', 'daoxian.CSV')))[0]).toBe(
      `${join(dir, '2025-12', 'daoxian.CSV')}: no such file or directory, but ${b} is: its name differs in capitals only, which this system tells apart`,
    );
    expect(await refusal(join(dir, '2025-12', 'Daoxian'))).toEqual([
      `${join(dir, '2025-12', 'Daoxian')}: no such file or directory, but ${b} is: give the name with its extension (Windows hides it)`,
      `${join(dir, '2025-12', 'Daoxian')}：没有这个文件或文件夹，但有 ${b}：请写出文件的扩展名（Windows 默认隐藏扩展名）`,
    ]);
    // A month not yet sent is not the month beside it, nor a name merely close to one.
    expect((await refusal(join(dir, '2025-11')))[0]).toBe(`${join(dir, '2025-11')}: no such file or directory`);
    expect((await refusal(join(dir, '2025-12', 'Daoxain.csv')))[0]).toBe(
      `${join(dir, '2025-12', 'Daoxain.csv')}: no such file or directory`,
    );
    // A link that leads nowhere, named: where it leads, not another name of it (it is listed in its folder under its own).
    const link = join(dir, 'dongan.csv');
    symlinkSync(join(dir, 'share', 'dongan.csv'), link);
    expect(await refusal(link)).toEqual([
      `${link}: a link to ${join(dir, 'share', 'dongan.csv')}, where there is no file`,
      `${link}：是指向 ${join(dir, 'share', 'dongan.csv')} 的链接，而那里没有文件`,
    ]);
  });

  it('expands glob patterns', async () => {
    const dir = tempDir();
    for (const period of ['2025-11', '2025-12']) {
      mkdirSync(join(dir, period));
      writeFileSync(join(dir, period, 'a.csv'), csv([row('431102', { period })]));
    }
    const report = await check([join(dir, '*-12', '*.csv')]);
    expect(report.files).toEqual([join(dir, '2025-12', 'a.csv')]);
  });

  it('reads files and folders whose names are GBK bytes (an archive of Chinese Windows unpacked elsewhere), in a folder, a glob, or named as a shell passes them, each named as GB18030 reads it', async () => {
    const dir = tempDir();
    const folder = Buffer.concat([Buffer.from(`${dir}/`), iconv.encode('2025年12月', 'gbk')]);
    mkdirSync(folder);
    const bytes = (name: string) => Buffer.concat([folder, Buffer.from('/'), iconv.encode(name, 'gbk')]);
    writeFileSync(bytes('道县.csv'), csv([row('431124', { care_beds: 'abc' })]));
    writeFileSync(bytes('东安县.csv'), csv([row('431122')]));
    const named = (report: Report) => [
      report.files,
      report.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}:${i.line}:${i.column} ${i.code}`),
      report.rows.read,
    ];
    const shown = join(dir, '2025年12月');
    const expected = [[join(shown, '东安县.csv'), join(shown, '道县.csv')], [`${join(shown, '道县.csv')}:2:21 type`], 2];
    expect(named(await check([dir]))).toEqual(expected);
    expect(named(await check([join(dir, '*', '*.csv')]))).toEqual(expected);
    // A shell passes a name's bytes, which Node reads as UTF-8, each byte that is none as U+FFFD: a folder, or its files.
    expect(named(await check([folder.toString()]))).toEqual(expected);
    expect(named(await check([bytes('东安县.csv').toString(), bytes('道县.csv').toString()]))).toEqual(expected);
  });

  it("reads a drop sent as a zip as the folder it unpacks to: given, in a folder or by a glob, its names as Chinese Windows writes them, a Mac's __MACOSX and ._ files passed over", async () => {
    const daoxian = Buffer.from(csv([row('431124', { care_beds: 'abc' })]));
    const dongan = Buffer.from(csv([row('431122')]));
    const archive = storedZip([
      [iconv.encode('道县.csv', 'gbk'), daoxian],
      [Buffer.from('东安县.csv'), dongan],
      [Buffer.from('__MACOSX/._道县.csv'), Buffer.from([0, 5, 22, 7, 0, 2])],
      [Buffer.from('说明.txt'), Buffer.from('notes')],
      [Buffer.from('old.zip'), storedZip([[Buffer.from('a.csv'), dongan]])],
    ]);
    const dir = writeFiles({ 'drop.zip': archive });
    mkdirSync(join(dir, '2025-11'));
    writeFileSync(join(dir, '2025-11', '道县.csv'), daoxian);
    writeFileSync(join(dir, '2025-11', '东安县.csv'), dongan);
    // What a Mac leaves beside a file on a stick it wrote to.
    writeFileSync(join(dir, '2025-11', '._道县.csv'), Buffer.from([0, 5, 22, 7, 0, 2]));
    const zipped = (report: Report) => [
      report.files,
      report.issues.map((i) => `${i.file}:${i.line ?? ''}:${i.column ?? ''} ${i.code}`),
      report.rows.read,
    ];
    const unpacked = await check([join(dir, '2025-11')]);
    const given = await check([join(dir, 'drop.zip')]);
    const zip = join(dir, 'drop.zip');
    expect(zipped(given)).toEqual([
      [join(zip, '东安县.csv'), join(zip, '道县.csv')],
      [
        `${join(zip, '__MACOSX')}:: file-skipped`,
        `${join(zip, 'old.zip')}:: archive-skipped`,
        `${join(zip, '说明.txt')}:: file-skipped`,
        `${join(zip, '道县.csv')}:2:21 type`,
      ],
      2,
    ]);
    // The same results as the files unpacked give, and the same problem of the same line and column.
    expect(given.results).toEqual(unpacked.results);
    expect(given.issues.find((i) => i.code === 'type')).toEqual({
      ...unpacked.issues.find((i) => i.code === 'type'),
      file: join(zip, '道县.csv'),
    });
    // In a folder, or matched by a glob: its files read with the folder's; a glob reaches no further into it.
    expect((await check([dir])).files).toEqual([
      join(dir, '2025-11', '东安县.csv'),
      join(dir, '2025-11', '道县.csv'),
      join(zip, '东安县.csv'),
      join(zip, '道县.csv'),
    ]);
    expect((await check([join(dir, '*.zip')])).files).toEqual(given.files);
  });

  it('reads a workbook named .zip as a workbook, saying so, not as a zip of its parts', async () => {
    const dir = writeFiles({
      'book.zip': makeXlsx({ Sheet1: { 1: ['区划代码', '报告期', '养老机构床位数（张）'], 2: ['431102', '2025-12', 100] } }),
    });
    const report = await check([join(dir, 'book.zip')]);
    expect([report.files, report.rows.read, report.issues.filter((i) => i.severity !== 'info').map((i) => i.code)]).toEqual([
      [join(dir, 'book.zip')],
      1,
      ['workbook-renamed'],
    ]);
  });

  it("names a file of a zip by its path as the zip writes it: one of ../ (as a zip slip would) stays within the zip's name", async () => {
    const dir = writeFiles({ 'drop.zip': storedZip([[Buffer.from('../../etc/a.csv'), Buffer.from(csv([row('431102')]))]]) });
    const report = await check([dir]);
    expect([report.files, report.rows.read]).toEqual([[`${join(dir, 'drop.zip')}/../../etc/a.csv`], 1]);
  });

  it('passes over a file of a zip whose copy lies unpacked beside it (beside, or in a folder of its name as Windows unpacks it), naming the copy, and reads the others; all where the zip is named', async () => {
    const files = { 'daoxian.csv': csv([row('431124')]), 'dongan.csv': csv([row('431122')]) };
    const archive = storedZip(Object.entries(files).map(([name, text]) => [Buffer.from(name), Buffer.from(text)]));
    for (const unpackedTo of ['', 'drop']) {
      const dir = writeFiles({ 'drop.zip': archive });
      mkdirSync(join(dir, unpackedTo), { recursive: true });
      // One file unpacked (to be mended, say): it is read from there; the zip's other file from the zip.
      writeFileSync(join(dir, unpackedTo, 'daoxian.csv'), files['daoxian.csv']);
      const report = await check([dir]);
      expect(report.files).toEqual([join(dir, unpackedTo, 'daoxian.csv'), join(dir, 'drop.zip', 'dongan.csv')]);
      expect(report.rows.read).toBe(2);
      const passed = report.issues.filter((i) => i.code === 'archive-unpacked');
      expect(passed.map((i) => [i.file, i.severity, messageOf(i, 'en')])).toEqual([
        [
          `${join(dir, 'drop.zip')}/daoxian.csv`,
          'info',
          `the file lies unpacked beside the archive (${join(dir, unpackedTo, 'daoxian.csv')}): it is read there, not again from the archive`,
        ],
      ]);
      expect((await check([dir, join(dir, 'drop.zip')])).files.slice(2)).toEqual([join(dir, 'drop.zip', 'daoxian.csv')]);
    }
  });

  it('reads a gzipped table (roster.csv.gz) as the file it unpacks to, given or in a folder; one cut short, damaged or a bomb is an error of the data', async () => {
    const text = Buffer.from(csv([row('431124', { care_beds: 'abc' })]));
    const header = csv([]);
    const dir = writeFiles({
      'a.csv': text,
      'gz/a.csv.gz': gzipSync(text),
      'gz/old.csv.xz': gzipSync('x'),
      'cut.csv.gz': gzipSync(text).subarray(0, -6),
      // Named so, but unpacked already (a browser's download): read as it is.
      'plain.csv.gz': text,
      // Past 4 MiB, more than 100 times its packed bytes: a line of 5 MiB, packed in 5 KB.
      'bomb.csv.gz': gzipSync(`${header}${'x'.repeat(5 << 20)}`),
    });
    const plain = await check([join(dir, 'a.csv')]);
    const given = await check([join(dir, 'gz', 'a.csv.gz')]);
    expect(given.results).toEqual(plain.results);
    expect(given.issues).toEqual(plain.issues.map((i) => ({ ...i, file: join(dir, 'gz', 'a.csv.gz') })));
    const scanned = await check([join(dir, 'gz')]);
    expect(scanned.results).toEqual(plain.results);
    expect([
      scanned.files,
      scanned.issues.filter((i) => i.severity === 'warning').map((i) => `${i.file.slice(dir.length + 1)} ${i.code}`),
    ]).toEqual([[join(dir, 'gz', 'a.csv.gz')], ['gz/old.csv.xz archive-skipped']]);
    const errors = async (name: string) =>
      (await check([join(dir, name)])).issues.filter((i) => i.severity === 'error').map((i) => messageOf(i, 'en'));
    expect((await check([join(dir, 'plain.csv.gz')])).results).toEqual(plain.results);
    // Cut within its trailer: its rows were read, and stand.
    expect(await errors('cut.csv.gz')).toEqual([
      '"abc" is not a whole number',
      'the gzip file cannot be read: it is cut short (copied or downloaded in part?)',
    ]);
    expect(await errors('bomb.csv.gz')).toContain(
      'the gzip file cannot be read: it unpacks to more than 100 times the bytes it is packed in, as no table does (a zip bomb?)',
    );
  });

  it('unpacks a small file of a zip, or a small gzipped one, once and whole; a large one, or one damaged, is left to stream', async () => {
    const text = Buffer.from(csv([row('431124')]));
    const damaged = Buffer.from(storedZip([[Buffer.from('b.csv'), text]]));
    damaged[damaged.lastIndexOf('b.csv') - 46 + 16]! ^= 1;
    const dir = writeFiles({
      'a.zip': storedZip([[Buffer.from('a.csv'), text]]),
      'a.csv.gz': gzipSync(text),
      'big.csv.gz': gzipSync(Buffer.alloc(SMALL_FILE_BYTES + 1, 'x')),
      'b.zip': damaged,
    });
    const [zipped, gzipped, big, broken] = await expandSources([
      join(dir, 'a.zip'),
      join(dir, 'a.csv.gz'),
      join(dir, 'big.csv.gz'),
      join(dir, 'b.zip'),
    ]);
    expect([zipped!.kind, gzipped!.kind, big!.kind, broken!.kind]).toEqual(['member', 'gzip', 'gzip', 'member']);
    expect(smallFileBytes(zipped!)).toEqual(text);
    expect(smallFileBytes(gzipped!)).toEqual(text);
    expect(smallFileBytes(big!)).toBeUndefined();
    expect(smallFileBytes(broken!)).toBeUndefined();
  });

  it('tells a zip that cannot be read, or a file in it, as an error of the data; archives of other kinds than zip, 7z, RAR and tar are to be unpacked', async () => {
    const text = Buffer.from(csv([row('431124')]));
    const whole = storedZip([[Buffer.from('daoxian.csv'), text]]);
    const damaged = Buffer.from(whole);
    // A figure's digit changed after the zip was made: its checksum no longer matches.
    const figure = damaged.indexOf(',1', damaged.indexOf('431124', damaged.indexOf(text)));
    damaged[figure + 1] = '2'.charCodeAt(0);
    const dir = writeFiles({ 'cut.zip': whole.subarray(0, whole.length - 10), 'damaged.zip': damaged });
    const errors = async (path: string) =>
      (await check([join(dir, path)])).issues
        .filter((i) => i.severity === 'error')
        .map((i) => [i.file.slice(dir.length + 1), messageOf(i, 'en')]);
    expect(await errors('cut.zip')).toEqual([
      [
        'cut.zip',
        'the zip cannot be read: it is not a complete zip (the end of its list of parts is missing): it was cut short, as a copy or a download that did not finish leaves it',
      ],
    ]);
    expect((await check([join(dir, 'cut.zip')])).issues.map((i) => messageOf(i, 'zh'))).toEqual([
      '无法读取 zip 压缩包：不是完整的 zip（缺少文件目录的结尾）：文件不完整，像是复制或下载没有完成',
    ]);
    // Told once its bytes are read through, as its rows are: the rows read stand, the run fails.
    expect(await errors('damaged.zip')).toEqual([
      ['damaged.zip/daoxian.csv', 'the zip cannot be read: daoxian.csv is damaged (its checksum does not match)'],
    ]);
    // Damaged where a character is cut (its last bytes lost): told once, as the zip's damage, not also as a file cut within a character.
    const cutWithin = Buffer.from(storedZip([[Buffer.from('cut.csv'), Buffer.concat([text, Buffer.from('区').subarray(0, 2)])]]));
    cutWithin[cutWithin.lastIndexOf('cut.csv') - 46 + 16]! ^= 1;
    writeFileSync(join(dir, 'within.zip'), cutWithin);
    expect(await errors('within.zip')).toEqual([
      ['within.zip/cut.csv', 'the zip cannot be read: cut.csv is damaged (its checksum does not match)'],
    ]);
    // A bomb: past 4 MiB, a file unpacking to more than 100 times its packed bytes is not read on (here 5 MiB of blank lines, packed in 5 KB).
    const blank = Buffer.concat([text, Buffer.alloc(5 << 20, '\n')]);
    writeFileSync(
      join(dir, 'bomb.zip'),
      handZip([{ name: 'daoxian.csv', data: deflateRawSync(blank), size: blank.length, crc: crc32(blank), method: 8 }]),
    );
    expect(await errors('bomb.zip')).toEqual([
      [
        'bomb.zip/daoxian.csv',
        'the zip cannot be read: it unpacks to more than 100 times the bytes it is packed in, as no table does (a zip bomb?)',
      ],
    ]);
    // Not so a file that packs as text does (here 4.4 MiB of lines that pack in 3.3).
    const lines = Buffer.from(randomBytes(3_300_000).toString('base64').replace(/.{76}/g, '$&\n'));
    writeFileSync(
      join(dir, 'big.zip'),
      handZip([{ name: 'notes.csv', data: deflateRawSync(lines), size: lines.length, crc: crc32(lines), method: 8 }]),
    );
    expect((await check([join(dir, 'big.zip')])).issues.filter((i) => i.code === 'archive-unreadable')).toEqual([]);
    const run = spawnSync(process.execPath, [BIN, join(dir, 'cut.zip')], { encoding: 'utf8' });
    expect([run.status, run.stdout.includes('cut.zip: error archive-unreadable')]).toEqual([2, true]);
    // Piped, a zip has no name to be read by: it is to be named.
    const piped = await check(['-'], { stdin: Readable.from([Buffer.from(whole)]) });
    expect(piped.issues.map((i) => [i.code, hintOf(i, 'en')])).toEqual([
      ['not-a-table', "check it as a file named .zip (plan-check drop.zip), whose files are read as a folder's"],
    ]);
    // A folder of nothing but an archive plan-check does not open: refused, saying why; beside a submission, a warning.
    const tar = writeFiles({ 'drop.csv.xz': Buffer.alloc(1024) });
    await expect(check([tar])).rejects.toThrow(
      `${tar}: no submission to read (.csv, .tsv, .xlsx, .xls, .zip, .7z, .rar, .tar.gz; sub-folders included); it holds drop.csv.xz: unpack it, then check the folder`,
    );
    writeFileSync(join(tar, 'a.csv'), csv([row('431102')]));
    const beside = await check([tar]);
    expect(beside.issues.filter((i) => i.severity !== 'info').map((i) => [i.code, i.severity, i.file])).toEqual([
      ['archive-skipped', 'warning', join(tar, 'drop.csv.xz')],
    ]);
  });

  it('tells an unfinished download (.crdownload, .part, .xltd …) as an error of the data, in a folder or named, and reads it not', async () => {
    const text = csv([row('431102')]);
    const dir = writeFiles({
      'a.csv': text,
      'b.csv.crdownload': csv([row('431103')]).slice(0, 200),
      'c.csv.part': csv([row('431121')]).slice(0, 200),
      '迅雷/d.csv.xltd': csv([row('431122')]).slice(0, 200),
      // Safari's: a folder holding the file so far.
      'e.csv.download/e.csv': csv([row('431123')]).slice(0, 200),
    });
    const report = await check([dir]);
    expect(report.files).toEqual([join(dir, 'a.csv')]);
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.file.slice(dir.length + 1), hintOf(i, 'en')])).toEqual(
      // The folder told as the walk meets it, before the files.
      ['e.csv.download', 'b.csv.crdownload', 'c.csv.part', '迅雷/d.csv.xltd'].map((file) => [
        'download-unfinished',
        file,
        'let the download finish, or download the file again, then check',
      ]),
    );
    expect(exitCode(report)).toBe(2);
    // Named, or a folder of nothing else: the same error, not a usage error and not the cut file read.
    const named = await check([join(dir, 'b.csv.crdownload')]);
    expect([named.rows.read, named.issues.map((i) => messageOf(i, 'en')), exitCode(named)]).toEqual([
      0,
      [
        'an unfinished download (.crdownload, the name a browser or a download tool gives a file while it downloads): it is not all there and was not read',
      ],
      2,
    ]);
    expect(exitCode(await check([join(dir, '迅雷')]))).toBe(2);
  });

  it('reads a file named twice (a folder and a file in it, ./a.csv and a.csv, overlapping globs) once, and says so', async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102')]), 'b.csv': csv([row('431103')]) });
    const a = join(dir, 'a.csv');
    const report = await check([dir, a, `${dir}/./a.csv`, join(dir, '*.csv')], { rules: 'T2-10' });
    expect(report.files).toEqual([a, join(dir, 'b.csv')]);
    expect(report.rows.read).toBe(2);
    expect(report.issues.map((i) => [i.code, i.file.slice(dir.length)])).toEqual([
      ['file-repeated', '/a.csv'],
      ['file-repeated', '/./a.csv'],
      ['file-repeated', '/a.csv'],
      ['file-repeated', '/b.csv'],
    ]);
    expect(messageOf(report.issues[0]!, 'en')).toBe(`the same file as ${a} (named again, or a link to it): read once`);
  });

  it('reads a file a folder holds under two names (a symbolic link, a hard link) once, under its name that is not a symbolic link', async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102')]), 'b.csv': csv([row('431103')]), 'c.csv': csv([row('431122')]) });
    // A link sorted before its file (a folder's latest.csv, pointing at its month's), and a hard link to another file.
    symlinkSync('b.csv', join(dir, '0-latest.csv'));
    linkSync(join(dir, 'c.csv'), join(dir, 'd.csv'));
    const report = await check([dir], { rules: 'T2-10' });
    expect(report.files).toEqual(['a.csv', 'b.csv', 'c.csv'].map((name) => join(dir, name)));
    expect(report.rows.read).toBe(3);
    expect(codes(report, 'error')).toEqual([]);
    expect(report.issues.filter((i) => i.code === 'file-repeated').map((i) => [i.file.slice(dir.length), i.params?.first])).toEqual([
      ['/0-latest.csv', join(dir, 'b.csv')],
      ['/d.csv', join(dir, 'c.csv')],
    ]);
  });

  it("tells a folder's link that leads nowhere as a file that cannot be read, and passes over a link to a folder and what is no file, saying so", async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102')]), 'sub/b.csv': csv([row('431103')]) });
    // A county's file on a share that is not mounted; a link back to the folder itself, followed for ever were links to folders followed.
    symlinkSync(join(dir, 'share', 'dongan.csv'), join(dir, 'dongan.csv'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(dir, 'sub'), join(dir, 'sub-link'));
    // A named pipe, which would be waited on for ever, and a device, which never ends.
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    symlinkSync('/dev/zero', join(dir, 'zero.csv'));
    const report = await check([dir], { rules: 'T2-10' });
    expect(new Set(report.results.filter((r) => r.level === 'county').map((r) => r.unit))).toEqual(new Set(['431102', '431103']));
    const broken = report.issues.find((i) => i.code === 'source')!;
    expect([broken.file, broken.severity, messageOf(broken, 'en'), messageOf(broken, 'zh')]).toEqual([
      join(dir, 'dongan.csv'),
      'error',
      `it is a link to ${join(dir, 'share', 'dongan.csv')}, where there is no file`,
      `它是指向 ${join(dir, 'share', 'dongan.csv')} 的链接，而那里没有文件`,
    ]);
    expect(exitCode(report)).toBe(2);
    const skipped = report.issues.filter((i) => i.code === 'file-skipped').map((i) => [i.file.slice(dir.length + 1), i.params!.variant]);
    expect(skipped).toEqual([
      ['loop', 'folder-link'],
      ['pipe.csv', 'not-a-file'],
      ['sub-link', 'folder-link'],
      ['zero.csv', 'not-a-file'],
    ]);
    expect(
      hintOf(
        report.issues.find((i) => i.params?.variant === 'folder-link')!,
        'en',
      ),
    ).toBe('to read it, name the folder itself');
  });
});

describe('a file the file system will not give', () => {
  it('says why in plain words where the system has a code for it (locked by Excel on Windows, denied, gone, a failing disk), else in its own', () => {
    const fault = (code: string | undefined, message = `${code}: what the system says`) =>
      Object.assign(new Error(message), code === undefined ? {} : { code });
    const told = (error: Error) => {
      const found = issue('source', { file: 'a.xlsx', params: readFault(error) });
      return [messageOf(found, 'en'), hintOf(found, 'en')];
    };
    expect(told(fault('EBUSY', "EBUSY: resource busy or locked, open 'a.xlsx'"))).toEqual([
      'it is locked by another program (open in Excel or WPS?)',
      'close it in that program, then check again',
    ]);
    expect(told(fault('EACCES'))[0]).toBe(told(fault('EPERM'))[0]);
    expect([told(fault('EACCES'))[0], told(fault('ENOENT'))[0], told(fault('EIO'))[0]]).toEqual([
      'plan-check is not allowed to read it (permission denied)',
      'it was moved or deleted while plan-check ran',
      'the disk or share failed to read it (an input/output error)',
    ]);
    expect(told(fault('EMFILE', 'EMFILE: too many open files'))).toEqual([
      'cannot read: EMFILE: too many open files',
      'check that the file exists and is readable',
    ]);
    // An archive's reason in the same words, where it cannot be read for them.
    expect(readFaultWords(fault('EBUSY'))).toEqual({
      en: 'it is locked by another program (open in Excel or WPS?)',
      zh: '文件被另一个程序锁定（在 Excel 或 WPS 中打开着？）',
    });
    expect(readFaultWords(fault('EMFILE'))).toBeUndefined();
  });
});

describe('shells, installs and scripts', () => {
  it('ends quietly when the reader closes the pipe, with the exit code of its results', () => {
    const closed = cli(['set -o pipefail; node "$BIN" data/samples --format json | head -1']);
    expect([closed.stdout, closed.stderr, closed.code]).toEqual(['{\n', '', 1]);
    expect(cli(['node "$BIN" codes | head -1']).stderr).toBe('');
  });

  it('applies --encoding only to files without a byte-order mark', async () => {
    const dir = writeFiles({
      'bom.csv': `\ufeff${csv([row('431102')], { chinese: true })}`,
      'gbk.csv': iconv.encode(csv([row('431103')], { chinese: true }), 'gb18030'),
    });
    const report = await check([dir], { encoding: 'gb18030' });
    expect(codes(report, 'error')).toEqual([]);
    expect(report.issues.find((i) => i.code === 'encoding-bom')).toMatchObject({ file: join(dir, 'bom.csv') });
  });

  it('says what a file reads as where --encoding names another, and that --encoding can be left out', async () => {
    const text = csv([row('431103')], { chinese: true });
    // UTF-8 without a mark (a header past the 1,024 bytes looked at first, cut within a character), and GB18030.
    const dir = writeFiles({ 'u8.csv': text, 'gbk.csv': iconv.encode(text, 'gb18030') });
    expect(Buffer.byteLength(text.split('\n')[0]!)).toBeGreaterThan(1024);
    const told = async (file: string, encoding: 'utf-8' | 'gb18030') =>
      (await check([join(dir, file)], { encoding })).issues
        .filter((i) => i.code === 'encoding')
        .map((i) => [i.line, messageOf(i, 'en'), hintOf(i, 'zh')]);
    expect((await told('u8.csv', 'gb18030'))[0]).toEqual([
      1,
      'line 1 has bytes that are not valid GB18030, and the file reads as UTF-8',
      '去掉 --encoding（每个文件的编码会自动识别），或改用 --encoding utf-8',
    ]);
    expect((await told('gbk.csv', 'utf-8'))[0]).toEqual([
      1,
      'line 1 has bytes that are not valid UTF-8, and the file reads as GB18030',
      '去掉 --encoding（每个文件的编码会自动识别），或改用 --encoding gb18030',
    ]);
    // A file that reads in no encoding is to be saved again.
    const neither = join(writeFiles({ 'x.csv': Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xff, 0x0a])]) }), 'x.csv');
    const bad = (await check([neither], { encoding: 'utf-8' })).issues.find((i) => i.code === 'encoding')!;
    expect([messageOf(bad, 'en'), hintOf(bad, 'en')]).toEqual([
      'line 3 has bytes that are not valid UTF-8',
      'save again from Excel as "CSV UTF-8 (Comma delimited)", or name the encoding with --encoding',
    ]);
  });

  it('tells a file read in a wrong encoding by its encoding errors alone: no title quoted from lines that did not decode, no header said missing', async () => {
    const text = csv([row('431103')], { chinese: true });
    const gbk = join(writeFiles({ 'gbk.csv': iconv.encode(text, 'gb18030') }), 'gbk.csv');
    const told = async (file: string, encoding: 'utf-8' | 'utf-16le') =>
      (await check([file], { encoding })).issues.filter((i) => i.severity !== 'info').map((i) => `${i.line} ${i.code}`);
    expect(await told(gbk, 'utf-8')).toEqual(['1 encoding', '2 encoding']);
    expect(await told(gbk, 'utf-16le')).toEqual(['1 encoding']);
    // A title of bytes that do not decode above a header that does: the header read, the title not quoted.
    const titled = join(
      writeFiles({ 't.csv': Buffer.concat([Buffer.from('报表'), Buffer.from([0xff, 0x0a]), Buffer.from(text)]) }),
      't.csv',
    );
    const report = await check([titled], { encoding: 'utf-8' });
    expect(report.issues.filter((i) => i.severity !== 'info').map((i) => `${i.line} ${i.code}`)).toEqual(['1 encoding']);
    expect(report.results.find((r) => r.level === 'county' && r.value !== null)).toMatchObject({ unit: '431103' });
    // The encoding named is not told back as detected; read without it, it is.
    expect((await check([gbk], { encoding: 'gb18030' })).issues).toEqual([]);
    expect((await check([gbk])).issues.map((i) => i.code)).toEqual(['encoding-detected']);
  });

  it('tells a file cut short within a character as cut short, not as written in another encoding', async () => {
    const text = csv([row('431102'), row('431103')], { chinese: true });
    for (const [encoding, bytes] of [
      ['utf-8', Buffer.from(text)],
      ['gb18030', iconv.encode(text, 'gb18030')],
    ] as const) {
      // Cut within the second row's last character (冷水滩区's 区, or a figure's last line), as a download stopped part way.
      const cut = bytes.subarray(0, bytes.lastIndexOf(encoding === 'utf-8' ? Buffer.from('区') : iconv.encode('区', 'gb18030')) + 1);
      const report = await check([join(writeFiles({ 'a.csv': cut }), 'a.csv')]);
      const told = report.issues.filter((i) => i.severity !== 'info');
      expect(
        told.map((i) => `${i.line} ${i.code}`),
        encoding,
      ).toEqual(['3 encoding']);
      expect([messageOf(told[0]!, 'en'), hintOf(told[0]!, 'zh')]).toEqual([
        'line 3 ends the file within a character: the file was cut short (copied or downloaded in part?)',
        '重新复制或下载完整的文件',
      ]);
    }
    // A last line of a character begun only, without a unit's code: told cut short, not also quoted as a note below the data.
    const begun = await check([
      join(writeFiles({ 'b.csv': Buffer.concat([iconv.encode(text, 'gb18030'), Buffer.from([0xb5])]) }), 'b.csv'),
    ]);
    expect(begun.issues.filter((i) => i.severity !== 'info').map((i) => `${i.line} ${i.code}`)).toEqual([
      `${text.split('\n').length} encoding`,
    ]);
  });

  it('builds dist on install (prepare)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; files: string[] };
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.files).toContain('dist');
  });

  it('takes its settings from .plan-check.yaml, the command line winning', async () => {
    const dir = writeFiles({ 'blank.csv': csv([blank('431102')]), '.plan-check.yaml': 'complete: true\nrules: T2-10\n' });
    expect((await runInProcess(['blank.csv'], { cwd: dir })).code).toBe(2);
    const ruled = validReport((await runInProcess(['blank.csv', '--rules', 'T2-03', '--format', 'json'], { cwd: dir })).stdout) as {
      results: { rule: string }[];
    };
    expect(new Set(ruled.results.map((r) => r.rule))).toEqual(new Set(['T2-03']));
    // --config "" reads none: the drop of one unit is not held to be complete (no missing-unit), and every rule is evaluated.
    const unset = validReport((await runInProcess(['blank.csv', '--config', '', '--format', 'json'], { cwd: dir })).stdout) as {
      results: { rule: string }[];
      errors: { code: string }[];
    };
    expect(unset.errors.map((e) => e.code)).not.toContain('missing-unit');
    expect(new Set(unset.results.map((r) => r.rule)).size).toBeGreaterThan(1);
    writeFileSync(join(dir, '.plan-check.yaml'), 'format: bogus\n');
    expect(await runInProcess(['blank.csv'], { cwd: dir })).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('.plan-check.yaml:1:9: format bogus is not one of table, json'),
    });
    // A report's format is one of the choices too, told at its place with the one it comes closest to (it was an internal error).
    writeFileSync(join(dir, '.plan-check.yaml'), 'reports:\n  - { format: html, output: r.html }\n  - { format: jsn, output: r.json }\n');
    expect(await runInProcess(['blank.csv'], { cwd: dir })).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/\.plan-check\.yaml:3:15: format jsn is not one of .* \(did you mean "json"\?\)\n/),
    });
    // A pattern without quotes, which YAML reads as an alias: at its place, with the quotes it needs, the parser's words said once.
    writeFileSync(join(dir, '.plan-check.yaml'), 'ignore:\n  - *.bak\n');
    const alias = await runInProcess(['blank.csv'], { cwd: dir });
    expect(alias).toMatchObject({
      code: 3,
      stderr: expect.stringContaining(
        ".plan-check.yaml:2:5: Unresolved alias (the anchor must be set before the alias): .bak: put the value in quotes ('*…')",
      ),
    });
    expect(alias.stderr.split('Unresolved alias')).toHaveLength(2);
  });
});

describe('plan-check.config.yaml', () => {
  it('is found from the working folder upwards, its paths read from its folder, its reports written', async () => {
    const dir = writeFiles({
      'plan-check.config.yaml':
        'lang: zh\nonly-failing: true\nverbose: true\nreports:\n  - format: json\n    output: report.json\n  - format: table\n',
    });
    const deeper = join(dir, 'drops', '2025-12');
    mkdirSync(deeper, { recursive: true });
    writeFileSync(join(deeper, 'a.csv'), iconv.encode(csv([row('431102', { care_beds: 500, elderly_beds: 1000 })]), 'gb18030'));
    const run = await runInProcess(['a.csv'], { cwd: deeper });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('养老机构护理型床位占比');
    expect(run.stdout).not.toContain('T2-03');
    // verbose: the notices listed, not counted.
    expect(run.stdout).toMatch(/读取文件的提示\n.*a\.csv: encoding-detected 按 GB18030 解码\n/);
    expect(validReport(readFileSync(join(dir, 'report.json'), 'utf8')).results.length).toBeGreaterThan(0);
    // The command line wins over the file.
    expect((await runInProcess(['a.csv', '--format', 'csv', '--lang', 'en'], { cwd: deeper })).stdout).toMatch(/^\ufeffrule,indicator,/);
    // The run's error is in the file's language too.
    const missing = await runInProcess(['missing.csv'], { cwd: deeper });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^plan-check：.*missing\.csv.*\n用法见 plan-check --help。\n$/);
  });

  it('writes an output it names without a format in the format of its extension, and refuses a kind plan-check does not write', async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102')]), 'plan-check.config.yaml': 'output: 报告.csv\n' });
    expect((await runInProcess(['a.csv'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, '报告.csv'), 'utf8')).toMatch(/^\ufeffrule,indicator,/);
    writeFileSync(join(dir, 'plan-check.config.yaml'), 'output: 报告.pdf\n');
    const refused = await runInProcess(['a.csv', '--lang', 'en'], { cwd: dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      `plan-check.config.yaml:1:9: output ${join(dir, '报告.pdf')}: plan-check writes no PDF; write -o FILE.html`,
    );
    expect(existsSync(join(dir, '报告.pdf'))).toBe(false);
    // A config named in other capitals: the file meant named.
    expect(await runInProcess(['a.csv', '--config', 'Plan-Check.config.yaml', '--lang', 'en'], { cwd: dir })).toMatchObject({
      code: 3,
      stderr: expect.stringContaining(
        '--config Plan-Check.config.yaml: no such file, but plan-check.config.yaml is: its name differs in capitals only',
      ),
    });
  });

  it('--print-config says each setting and where it comes from, and stops', async () => {
    const dir = writeFiles({ '.plan-check.yaml': 'strict: true\nplan: plans/mine.yaml\n' });
    const run = await runInProcess(['nothing.csv', '--print-config', '--lang', 'en'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`# plan-check check: config ${join(dir, '.plan-check.yaml')}`);
    expect(run.stdout).toContain(`strict: true    # ${join(dir, '.plan-check.yaml')}`);
    expect(run.stdout).toContain(`plan: "${join(dir, 'plans', 'mine.yaml')}"`);
    expect(run.stdout).toContain('lang: "en"    # command line');
    // Keys as a config file writes them, so that the lines can be copied into one.
    expect(run.stdout).toContain('max-errors: 1000    # default');
    const copied = writeFiles({
      'plan-check.config.yaml': run.stdout
        .split('\n')
        .filter((line) => /^(max-errors|strict|lang):/.test(line))
        .join('\n')
        .replace('max-errors: 1000', 'max-errors: 7'),
    });
    expect((await runInProcess(['nothing.csv', '--print-config'], { cwd: copied })).stdout).toContain(
      `max-errors: 7    # ${join(copied, 'plan-check.config.yaml')}`,
    );
  });
});

describe('as a library', () => {
  it('takes rows in memory, and rules as a string', async () => {
    const report = await check([{ name: 'memory', rows: [row('431102', { care_beds: 500, elderly_beds: 1000 })] }], {
      rules: 'T2-10, T2-03',
    });
    expect(report.results.filter((r) => r.level === 'county').map((r) => [r.rule, r.status])).toEqual([
      ['T2-03', 'pass'],
      ['T2-10', 'fail'],
    ]);
    expect(report.files).toEqual(['memory']);
  });

  it('reads cells as a script hands them: a Date as its day, an object or a list as what it is, not as a value', async () => {
    const report = await check(
      [
        {
          name: 'memory',
          rows: [
            row('431102', {
              period: new Date('2025-12-01') as never,
              care_beds: [600] as never,
              elderly_beds: 1000,
              towns: { n: 10 } as never,
            }),
          ],
        },
      ],
      { rules: 'T2-10,T2-11' },
    );
    // The first of a month is its month (normalisePeriod), as the day a workbook library reads from a date cell.
    expect(report.issues.map((i) => [i.code, i.field, messageOf(i, 'en')])).toEqual([
      ['type', 'care_beds', '"[600]" is not a whole number'],
      ['type', 'towns', '"{"n":10}" is not a whole number'],
    ]);
    expect(report.results.filter((r) => r.level === 'county').map((r) => [r.rule, r.period, r.status])).toEqual([
      ['T2-10', '2025-12', 'no_data'],
      ['T2-11', '2025-12', 'no_data'],
    ]);
    // On the machine's clock where it is no UTC midnight.
    const local = await check([{ rows: [row('431102', { period: new Date(2025, 11, 1, 8) as never })] }], { rules: 'T2-10' });
    expect(local.results.filter((r) => r.level === 'county').map((r) => r.period)).toEqual(['2025-12']);
  });

  it('refuses rows that are no table, as a usage error naming the row', async () => {
    await expect(check([{ name: 'memory', rows: [row('431102'), null as never] }])).rejects.toThrow(
      /^memory: rows\[1\] is null, not an object of cells by column$/,
    );
    await expect(check([{ name: 'memory', rows: ['x' as never] }])).rejects.toThrow(/^memory: rows\[0\] is string/);
    await expect(check([{ rows: [[1, 2] as never] }])).rejects.toThrow(/^rows: rows\[0\] is a list/);
    await expect(check([{ rows: 'x' as never }])).rejects.toThrow(/^rows: rows must be a list of rows/);
  });

  it("refuses a script's settings of another type as usage errors naming them, where they threw or were misread", async () => {
    const drop = ['data/samples/2025-12'];
    const refused = async (paths: unknown, options: unknown) => {
      try {
        await check(paths as string[], options as CheckOptions);
      } catch (error) {
        return error instanceof UsageError ? error.message : `not a usage error: ${String(error)}`;
      }
      return 'accepted';
    };
    expect(await refused(drop, { period: 202512 })).toBe("period 202512: write YYYY or YYYY-MM, as text ('2025-12')");
    expect(await refused(drop, { ignore: 'old/**' })).toBe('ignore "old/**": must be a list of texts');
    // A string is a list of its characters to a loop: each was a path of one letter ("d: no such file").
    expect(await refused('data/samples/2025-12', {})).toBe(
      'paths "data/samples/2025-12": give a list of files and folders, such as [\'drop/\']',
    );
    expect(await refused(drop, { baseline: 'data/samples/2023-06' })).toBe('baseline "data/samples/2023-06": must be a list of texts');
    expect(await refused(drop, { maxErrors: -1 })).toBe('maxErrors -1: must be a whole number of 1 or more');
    expect(await refused(drop, { headerRow: '3' })).toBe('headerRow "3": must be a whole number of 1 or more');
    expect(await refused(drop, { encoding: 'latin1' })).toMatch(/^encoding "latin1": must be one of utf-8, /);
    expect(await refused(drop, { strict: 'yes' })).toBe('strict "yes": must be true or false');
    // No settings at all is as good as none given; an encoding's other name is taken.
    expect(await refused(drop, null)).toBe('accepted');
    expect(await refused(drop, { encoding: 'GBK', rules: ['T2-10'] })).toBe('accepted');
    // A month of one digit taken as the command line takes it: 2025-6 is 2025-06.
    const given = await check(['data/samples/2025-12/daoxian.csv'], { period: '2025-6', rules: 'T2-10' });
    expect(given.issues.find((i) => i.code === 'unexpected-period')?.params).toMatchObject({ expected: '2025-06' });
  });

  it('speaks of settings, not of command-line flags', async () => {
    await expect(check([writeFiles({ 'a.csv': csv([row('431102')]) })], { rules: 'X-*' })).rejects.toThrow(/^rules X-\*: no rule/);
    await expect(check(['data/samples/2025-12'], { plan: 'no-such-plan' })).rejects.toThrow(/^plan no-such-plan:/);
    expect((await runInProcess(['data/samples/2025-12', '--plan', 'no-such-plan'])).stderr).toContain('--plan no-such-plan:');
  });
});
