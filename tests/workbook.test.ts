import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hintOf, messageOf } from '../src/catalog.js';
import { check, type Report } from '../src/check.js';
import { columnSpecs } from '../src/validate/columns.js';
import { row, writeFiles } from './helpers.js';
import { makeXlsx, rawXlsx, type XlsxCell } from './xlsx.js';

/** SheetJS, which writes the .xls workbooks of these tests (plan-check reads .xls with it too). */
const sheetJs = createRequire(import.meta.url)('@e965/xlsx') as typeof import('@e965/xlsx');
const labels = columnSpecs().map((c) => c.label);
const ids = columnSpecs().map((c) => c.id);

/** A sheet with a title row, the Chinese header on row 3 and units from row 4, as offices lay them out. */
function officeSheet(units: Record<string, XlsxCell>[]): Record<number, XlsxCell[]> {
  const sheet: Record<number, XlsxCell[]> = { 1: ['永州市民政统计表（2025年12月）'], 3: labels };
  units.forEach((values, i) => {
    sheet[4 + i] = ids.map((id) => (id in values ? values[id]! : ((row('431102')[id] ?? null) as XlsxCell)));
  });
  return sheet;
}

describe('.xlsx workbooks', () => {
  it('reads the first sheet with Excel row numbers, percent and date formats', async () => {
    const bytes = makeXlsx({
      报表: officeSheet([
        { county_code: 431102, period: { n: 45992, format: 'date' }, consumption_growth_prev: { n: 0.045, format: 'percent' } },
        { county_code: 431103, county_name: '冷水滩区', care_beds: { error: '#DIV/0!' } },
      ]),
      其他: { 1: ['x'] },
    });
    const report = await check([writeFiles({ 'county.xlsx': bytes })]);
    expect(report.issues.map((i) => [i.code, i.line, i.column, i.field])).toEqual([
      ['sheet-read', undefined, undefined, undefined],
      ['title-row', 1, undefined, undefined],
      ['type', 5, 21, 'care_beds'],
    ]);
    const growth = report.results.find((r) => r.rule === 'T2-02a' && r.unit === '431102')!;
    expect(growth).toMatchObject({ period: '2025-12', target: 4.5 });
  });

  it('refuses a formula saved without its value at its cell, and reads one saved with it', async () => {
    // As a program that writes formulas and does not calculate them saves a workbook (Excel and WPS save the values too).
    const bytes = makeXlsx({
      报表: officeSheet([
        { care_beds: { formula: 'SUM(X4:Y4)' }, elderly_beds: { formula: 'SUM(Z4:AA4)', value: 1000 }, towns: { formula: '' } },
      ]),
    });
    const report = await check([writeFiles({ 'county.xlsx': bytes })], { rules: 'T2-10,T2-11' });
    const refused = report.issues.filter((i) => i.code === 'type');
    expect(refused.map((i) => [i.line, i.column, i.field, messageOf(i, 'en')])).toEqual(
      [
        [4, ids.indexOf('towns') + 1, 'towns', '"=..." is not a whole number'],
        [4, ids.indexOf('care_beds') + 1, 'care_beds', '"=SUM(X4:Y4)" is not a whole number'],
      ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
    expect(hintOf(refused[0]!, 'en')).toBe(
      'the cell is a formula without its value: the program that saved the workbook does not calculate; open it in Excel or WPS and save it again',
    );
    expect(report.results.find((r) => r.rule === 'T2-10' && r.unit === '431102')).toMatchObject({ status: 'no_data' });
  });

  it("reads the cells under a merged cell as the value it shows: a unit's code and name merged down over its periods", async () => {
    const header = ['区划代码', '县市区', '报告期', '养老机构床位数（张）', '其中护理型床位（张）'];
    const sheet = {
      1: header,
      2: ['431102', '零陵区', '2024-12', 1000, 540],
      3: [null, null, '2025-12', 1000, 560],
      4: ['431103', '冷水滩区', '2025-12', 800, 400],
      // A row of its own under a merge that ended above it: its empty code stays empty.
      5: [null, null, '2025-12', 10, 5],
    };
    const report = await check([writeFiles({ 'a.xlsx': makeXlsx({ S: sheet }, { S: ['A2:A3', 'B2:B3', 'D1:E1'] }) })], { rules: 'T2-10' });
    expect(report.results.filter((r) => r.level === 'county').map((r) => [r.unit, r.period, r.value])).toEqual([
      ['431102', '2024-12', 54],
      ['431102', '2025-12', 56],
      ['431103', '2025-12', 50],
    ]);
    expect(report.issues.map((i) => [i.code, i.line ?? null])).toEqual([
      ['sheet-read', null],
      ['required', 5],
      ['cells-merged', null],
    ]);
    expect(
      messageOf(
        report.issues.find((i) => i.code === 'cells-merged')!,
        'en',
      ),
    ).toBe('2 cells under merged cells read as the value the merged cell shows (the first: A2:A3)');
    // A workbook's merges are read: its empty code is not said to be one.
    expect(
      hintOf(
        report.issues.find((i) => i.code === 'required')!,
        'en',
      ),
    ).toBe('fill in county_code');
    // The same rows as Excel saves them as CSV: the merged cell's value in its first row alone, each row under it told so.
    const text = Object.values(sheet)
      .map((cells) => cells.map((c) => c ?? '').join(','))
      .join('\n');
    const csvReport = await check([writeFiles({ 'a.csv': text })], { rules: 'T2-10' });
    expect(csvReport.issues.filter((i) => i.code === 'required').map((i) => [i.line, hintOf(i, 'zh')])).toEqual(
      [3, 5].map((line) => [line, '填写区划代码（若在 Excel 中合并了多行单元格，导出的 CSV 只在第一行保留其值：请取消合并并逐行填写）']),
    );
    // Rows a script gives are no export of Excel's: nothing said of merged cells.
    const ids = sheet[1]!.map((label) => String(label ?? ''));
    const rows = Object.entries(sheet)
      .filter(([line]) => line !== '1')
      .map(([, cells]) => Object.fromEntries(ids.map((id, i) => [id, cells[i] ?? null])));
    const given = await check([{ name: 'script', rows }], { rules: 'T2-10' });
    expect(given.issues.filter((i) => i.code === 'required').map((i) => [i.line, hintOf(i, 'en')])).toEqual(
      [3, 5].map((line) => [line, 'fill in county_code']),
    );
  });

  it('reads the cells under a merged cell of an .xls (Excel 97-2003) as an .xlsx', async () => {
    const sheet = sheetJs.utils.aoa_to_sheet([
      ['区划代码', '报告期', '养老机构床位数（张）', '其中护理型床位（张）'],
      ['431102', '2024-12', 1000, 540],
      [null, '2025-12', 1000, 560],
    ]);
    sheet['!merges'] = [{ s: { r: 1, c: 0 }, e: { r: 2, c: 0 } }];
    const book = sheetJs.utils.book_new();
    sheetJs.utils.book_append_sheet(book, sheet, 'S');
    const report = await check([writeFiles({ 'a.xls': sheetJs.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer })], {
      rules: 'T2-10',
    });
    expect(report.results.filter((r) => r.level === 'county').map((r) => [r.unit, r.period, r.value])).toEqual([
      ['431102', '2024-12', 54],
      ['431102', '2025-12', 56],
    ]);
    expect(report.issues.map((i) => i.code)).toEqual(['sheet-read', 'cells-merged']);
  });

  it('reads the sheet an .xls shows before one it hides', async () => {
    const book = sheetJs.utils.book_new();
    for (const [name, beds] of [
      ['旧', 500],
      ['数据', 560],
    ] as const)
      sheetJs.utils.book_append_sheet(
        book,
        sheetJs.utils.aoa_to_sheet([
          ['区划代码', '报告期', '养老机构床位数（张）', '其中护理型床位（张）'],
          ['431102', '2025-12', 1000, beds],
        ]),
        name,
      );
    book.Workbook = { Sheets: [{ Hidden: 1 }, { Hidden: 0 }] };
    const report = await check([writeFiles({ 'a.xls': sheetJs.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer })], {
      rules: 'T2-10',
    });
    expect(report.results.filter((r) => r.level === 'county').map((r) => r.value)).toEqual([56]);
    expect(report.issues.map((i) => [i.code, i.params?.others])).toEqual([
      ['sheet-read', undefined],
      ['sheets-hidden', '"旧"'],
    ]);
    // A sheet --sheet names that the .xls lacks: its sheets listed and one to be named, as of an .xlsx (not an .xls to save again).
    const bytes = sheetJs.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer;
    const wrong = await check([writeFiles({ 'a.xls': bytes })], { sheet: 'Sheet1' });
    expect(wrong.issues.map((i) => [i.code, messageOf(i, 'zh'), hintOf(i, 'en')])).toEqual([
      ['workbook-unreadable', '工作簿中没有名为“Sheet1”的工作表（工作表：旧、数据）', 'name one of its sheets with --sheet'],
    ]);
  });

  it('tells an .xls whose end is zeros, a part never written, as such, not as a workbook of no sheet', async () => {
    const book = sheetJs.utils.book_new();
    sheetJs.utils.book_append_sheet(
      book,
      sheetJs.utils.aoa_to_sheet([['区划代码', '报告期'], ...Array.from({ length: 300 }, () => ['431102', '2025-12'])]),
      '数据',
    );
    const whole = sheetJs.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer;
    const zeroed = Buffer.from(whole).fill(0, whole.length >> 1);
    const report = await check([writeFiles({ 'a.xls': zeroed })]);
    expect(report.issues.map((i) => [i.code, messageOf(i, 'en'), hintOf(i, 'en')])).toEqual([
      [
        'workbook',
        `the file is an Excel 97-2003 workbook (.xls) that cannot be read: its last ${whole.length - (whole.length >> 1)} bytes are zeros, a part never written (a save or a copy cut short)`,
        'copy or export the file again from where it was made, and check that it opens whole',
      ],
    ]);
  });

  it('reads a named sheet and lists the sheets when the name is wrong', async () => {
    const bytes = makeXlsx({ 说明: { 1: ['填表说明'] }, 数据: officeSheet([{ county_code: '431102' }]) });
    const dir = writeFiles({ 'a.xlsx': bytes });
    const named = await check([dir], { sheet: '数据' });
    expect(named.results.filter((r) => r.unit === '431102' && r.rule.startsWith('T2'))).toHaveLength(13);
    const wrong = await check([dir], { sheet: 'Sheet1' });
    expect(wrong.issues.map((i) => [i.code, messageOf(i, 'en')])).toEqual([
      ['workbook-unreadable', 'the workbook has no sheet "Sheet1" (sheets: 说明, 数据)'],
    ]);
    expect(messageOf(wrong.issues[0]!, 'zh')).toBe('工作簿中没有名为“Sheet1”的工作表（工作表：说明、数据）');
    // Its fix is to name one of them, not to save the workbook again.
    expect([hintOf(wrong.issues[0]!, 'en'), hintOf(wrong.issues[0]!, 'zh')]).toEqual([
      'name one of its sheets with --sheet',
      '用 --sheet 指定其中一个工作表',
    ]);
    const broken = await check([writeFiles({ 'b.xlsx': Buffer.from('PK\u0003\u0004garbage', 'latin1') })]);
    // A workbook that cannot be opened at all: no sheet to name.
    expect(
      hintOf(
        broken.issues.find((i) => i.code === 'workbook-unreadable')!,
        'en',
      ),
    ).toBe('open it in Excel or WPS and save it again (if it does not open, ask for the file again), or save the sheet as CSV UTF-8');
    // A sheet that cannot be read, its workbook's sheets known: another may be named.
    const pastXfd = await check([writeFiles({ 'c.xlsx': rawXlsx({ sheets: { S: '<row r="1"><c r="XFE1"><v>1</v></c></row>' } }) })]);
    expect(
      hintOf(
        pastXfd.issues.find((i) => i.code === 'workbook-unreadable')!,
        'zh',
      ),
    ).toBe('用 --sheet 指定工作表，或用 Excel 打开并重新保存');
  });

  it('reads a workbook renamed to .csv, and says so; of a workbook on standard input, which has no name, nothing', async () => {
    const book = makeXlsx({ S: officeSheet([{ county_code: '431102' }]) });
    const report = await check([writeFiles({ 'a.csv': book })]);
    expect(report.issues.map((i) => i.code)).toEqual(['workbook-renamed', 'sheet-read', 'title-row']);
    const piped = await check(['-'], { stdin: Readable.from([Buffer.from(book)]) });
    expect(piped.issues.map((i) => i.code)).toEqual(['sheet-read', 'title-row']);
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('refuses .xls and broken workbooks with a clear error', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const broken = Buffer.from('PK\x03\x04 not really a zip', 'latin1');
    const report = await check([writeFiles({ 'old.xls.csv': xls, 'broken.xlsx': broken })]);
    expect(report.issues.map((i) => [i.file.split('/').pop(), i.code])).toEqual([
      ['broken.xlsx', 'workbook-unreadable'],
      ['old.xls.csv', 'workbook'],
    ]);
    // A Word document, saved as or named .xlsx: what it is, not that a workbook's part is missing.
    const word = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    const wordReport = await check([writeFiles({ 'report.xlsx': word })]);
    expect(wordReport.issues.map((i) => [i.code, messageOf(i, 'en')])).toEqual([
      ['not-a-table', 'the file is a Word document, not a table'],
    ]);
    // Told in Chinese under --lang zh, SheetJS's own words aside, once (not "…cannot be read: the file is not a readable .xls workbook: …").
    expect(messageOf(report.issues[1]!, 'zh')).toMatch(/^文件是 Excel 97-2003 工作簿（\.xls），但无法读取：(?!文件不是)/);
    expect(messageOf(report.issues[1]!, 'en')).toMatch(
      /^the file is an Excel 97-2003 workbook \(\.xls\) that cannot be read: (?!the file)/,
    );
  });

  it('reads a "workbook" a system exports as markup: an HTML table (in GB18030, as its charset says) and Excel 2003 XML, as the same rows in a CSV', async () => {
    // A roster's lines, each cell as the HTML writes it (a non-breaking space after it), with a 序号 column before them.
    const lines = readFileSync('data/samples/rosters/2025-12/shuangpai.csv', 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/)
      .slice(0, 300);
    const rows = lines.map(
      (line, i) =>
        `<tr><td>${i === 0 ? '序号' : i}</td>${line
          .split(',')
          .map((cell) => `<td>${cell}&nbsp;</td>`)
          .join('')}</tr>`,
    );
    const html = iconv.encode(
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table border="1">\n${rows.join('\n')}\n</table></body></html>`,
      'gb18030',
    );
    const dir = writeFiles({ 'roster.xls': html, 'named.csv': html, 'same.csv': `${lines.join('\n')}\n` });
    const [fromHtml, renamed, fromCsv] = (await Promise.all(
      ['roster.xls', 'named.csv', 'same.csv'].map((name) => check([join(dir, name)])),
    )) as [Report, Report, Report];
    // Its ID numbers kept whole (SheetJS alone would read them as numbers), its results those of the CSV.
    expect(fromHtml.results).toEqual(fromCsv.results);
    expect(fromHtml.rows).toEqual(fromCsv.rows);
    expect(fromHtml.issues.filter((i) => i.severity !== 'info').map((i) => i.code)).toEqual(['unknown-label']);
    expect(
      messageOf(
        fromHtml.issues.find((i) => i.code === 'workbook-markup')!,
        'en',
      ),
    ).toBe('the file is an HTML table, as some systems export a workbook: read as one');
    // Named .csv, it is told as what it is, not as a workbook renamed.
    expect(renamed.issues.map((i) => i.code)).toContain('workbook-markup');
    expect(renamed.issues.map((i) => i.code)).not.toContain('workbook-renamed');
    // Excel 2003's XML Spreadsheet: its cells typed as it types them.
    const cell = (value: string | number) =>
      `<Cell><Data ss:Type="${typeof value === 'number' ? 'Number' : 'String'}">${value}</Data></Cell>`;
    const xml = `<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="数据"><Table><Row>${['区划代码', '报告期', '养老机构床位数（张）', '其中护理型床位（张）'].map(cell).join('')}</Row><Row>${['431102', '2025-12', 1000, 560].map(cell).join('')}</Row></Table></Worksheet></Workbook>`;
    const fromXml = await check([writeFiles({ 'a.xls': xml })], { rules: 'T2-10' });
    expect(fromXml.results.find((r) => r.unit === '431102')).toMatchObject({ period: '2025-12', value: 56 });
    expect(fromXml.issues.find((i) => i.code === 'workbook-markup')?.params?.what).toBe("Excel 2003's XML Spreadsheet");
    // Named .xml, as some systems name it, in a folder: read by its namespace; another XML file there is passed over.
    const folder = writeFiles({ 'a.xml': xml, 'config.xml': '<?xml version="1.0"?><config/>' });
    const scanned = await check([folder], { rules: 'T2-10' });
    expect(scanned.results.find((r) => r.unit === '431102')).toMatchObject({ period: '2025-12', value: 56 });
    expect(scanned.issues.filter((i) => i.code === 'file-skipped').map((i) => i.file)).toEqual([join(folder, 'config.xml')]);
    /** The workbook-unreadable problem of a markup workbook of these bytes. */
    const unreadable = async (bytes: string | Buffer) =>
      (await check([writeFiles({ 'b.xls': bytes })])).issues.find((i) => i.code === 'workbook-unreadable')!;
    // A page without a table: a page saved in the data's place (a system's error page), to be downloaded again; its title said.
    const broken = await unreadable('<html><body><p>导出失败</p></body></html>');
    expect([messageOf(broken, 'en'), hintOf(broken, 'en')]).toEqual([
      "the HTML cannot be read as a workbook: the page holds no table, as a page saved in the data's place does (a sign-in or error page?)",
      'download the data again, signed in, and open what is saved to see that it holds the table; or save the sheet as CSV UTF-8',
    ]);
    expect(messageOf(broken, 'zh')).toBe('该 HTML 无法按工作簿读取：页面中没有表格，像是下载时存成了别的网页（登录页或出错页？）');
    const signIn = await unreadable('<!DOCTYPE html><html><head><title> 用户登录 </title></head><body><form></form></body></html>');
    expect(messageOf(signIn, 'zh')).toBe(
      '该 HTML 无法按工作簿读取：页面“用户登录”中没有表格，像是下载时存成了别的网页（登录页或出错页？）',
    );
    // A page whose table is never closed, as one cut short has it: told so, not as a page without a table.
    const cut = await unreadable('<html><body><table><tr><td>区划代码</td><td>报告期</td></tr><tr><td>431102</td>');
    expect([messageOf(cut, 'en'), messageOf(cut, 'zh')]).toEqual([
      'the HTML cannot be read as a workbook: its table is never closed (no </table>): the file may be cut short',
      '该 HTML 无法按工作簿读取：其中的表格没有结束标记（缺少 </table>）：文件可能不完整',
    ]);
    // A page in neither UTF-8 nor GB18030: refused at its line, not read with characters replaced.
    const mixed = await unreadable(
      Buffer.concat([Buffer.from('<table><tr><td>区划代码</td></tr>\n'), Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x0a])]),
    );
    expect(messageOf(mixed, 'en')).toBe('the HTML cannot be read as a workbook: line 2 is not UTF-8 or GB18030 text');
    // A page SheetJS's code fails on (an XML declaration inside its tags): damaged, not a TypeError's words.
    const damaged = await unreadable('<html><<?xmlhead></head><table><tr><td>a</td></tr></table></html>');
    expect([messageOf(damaged, 'en'), messageOf(damaged, 'zh')]).toEqual([
      'the HTML cannot be read as a workbook: it is damaged',
      '该 HTML 无法按工作簿读取：文件已损坏',
    ]);
  });

  it('skips the lock files Excel leaves in a folder', async () => {
    const report = await check([writeFiles({ 'a.xlsx': makeXlsx({ S: officeSheet([{ county_code: '431102' }]) }), '~$a.xlsx': 'lock' })]);
    expect(report.files.map((f) => f.split('/').pop())).toEqual(['a.xlsx']);
  });
});
