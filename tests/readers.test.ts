/**
 * The traps the public corpora showed in our readers, each rebuilt as Excel (or another
 * writer) lays it out: numbers, dates and times as Excel shows them, parts found however they
 * are named, one sheet inflated within one budget, UTF-16 and GB2312 edge cases, and quotes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../src/catalog.js';
import { check } from '../src/check.js';
import { CsvTokenizer, type CsvProblem, type RawRecord } from '../src/input/csv.js';
import { decodeStream, isGb2312, scanEncoding, type BadLine } from '../src/input/decode.js';
import { decimalText, numberKind, showNumber } from '../src/input/excel-number.js';
import { firstLineReplay, smallFileBytes } from '../src/input/read.js';
import { MAX_XLS_BYTES } from '../src/input/workbook-rows.js';
import { REPORTERS } from '../src/report/index.js';
import { join } from 'node:path';
import { openWorkbook, WorkbookError } from '../src/input/xlsx.js';
import { openZip, ZipBudgetError, ZipError } from '../src/input/zip.js';
import { expandPaths, SMALL_FILE_BYTES } from '../src/input/sources.js';
import { zipSync } from 'fflate';
import { writeFiles } from './helpers.js';
import { TableReader } from '../src/input/table.js';
import { normaliseCell } from '../src/input/normalise.js';
import { registry } from '../src/registry.js';
import { loadColumns } from '../src/validate/columns.js';
import { rawXlsx } from './xlsx.js';
import { csvWorkbook, patchDirectory } from '../scripts/workbook.mjs';
import { checkCharacter } from '../src/validate/id-number.js';

const cells = (bytes: Uint8Array, sheet?: string) =>
  openWorkbook(bytes)
    .sheet(sheet)
    .records.map((r) => [r.line, r.cells]);

describe('numbers, dates and times as Excel shows them', () => {
  it('reads numbers Excel stores in exponent form, to its 15 significant digits', () => {
    const book = rawXlsx({
      sheets: {
        S: '<row r="1"><c r="A1"><v>6.9000000000000003E-2</v></c><c r="B1"><v>0.51800000000000002</v></c><c r="C1"><v>1E-3</v></c><c r="D1"><v>1.2345E+5</v></c></row>',
      },
    });
    expect(cells(book)).toEqual([[1, ['0.069', '0.518', '0.001', '123450']]]);
    expect(decimalText(0.1 + 0.2)).toBe('0.3');
    expect(decimalText(-1.5e-7)).toBe('-0.00000015');
  });

  it('truncates a date-time to its day: 2025-12-31 18:00 stays in December', () => {
    const book = rawXlsx({
      sheets: { S: '<row r="1"><c r="A1" s="1"><v>46022.75</v></c><c r="B1" s="2"><v>46022.75</v></c></row>' },
      formats: [14, 22],
    });
    expect(cells(book)).toEqual([[1, ['2025-12-31', '2025-12-31 18:00']]]);
  });

  it('keeps the 1904 date system', () => {
    const book = rawXlsx({ sheets: { S: '<row r="1"><c r="A1" s="1"><v>44530</v></c></row>' }, formats: [14], date1904: true });
    expect(cells(book)).toEqual([[1, ['2025-12-01']]]);
  });

  it('shows times and elapsed times as times, built-in and custom', () => {
    const kinds = [18, 19, 20, 21, 45, 46, 47].map((id) => numberKind(id, undefined));
    expect(kinds).toEqual(['time', 'time', 'time', 'time', 'time', 'elapsed', 'time']);
    expect(numberKind(164, '[h]:mm')).toBe('elapsed');
    expect(numberKind(164, 'mm:ss')).toBe('time');
    expect(numberKind(164, 'yyyy"年"m"月"')).toBe('date');
    expect(numberKind(164, '0.00E+00')).toBe('plain');
    expect(numberKind(164, '0.0%;[Red]-0.0%')).toBe('percent');
    expect(showNumber('1.5', 'elapsed', false)).toBe('36:00');
    expect(showNumber('0.75', 'time', false)).toBe('18:00');
    expect(showNumber('0.0006944444444444445', 'time', false)).toBe('00:01');
  });

  it('counts serials below 61 in Excel 1900 calendar, with its 29 February', () => {
    expect(['1', '59', '60', '61'].map((s) => showNumber(s, 'date', false))).toEqual([
      '1900-01-01',
      '1900-02-28',
      '1900-02-29',
      '1900-03-01',
    ]);
    expect(showNumber('-1', 'date', false)).toBe('-1');
  });

  it('reads t="d" ISO cells as dates and times', () => {
    const book = rawXlsx({
      sheets: { S: '<row r="1"><c r="A1" t="d"><v>2025-12-01T00:00:00</v></c><c r="B1" t="d" s="1"><v>2025-12-31T18:00:00</v></c></row>' },
      formats: [22],
    });
    expect(cells(book)).toEqual([[1, ['2025-12-01', '2025-12-31 18:00']]]);
  });

  it('refuses a period cell with a time of day instead of rounding it into the next month', async () => {
    const header = ['county_code', 'county_name', 'period']
      .map((h, i) => `<c r="${'ABC'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`)
      .join('');
    const book = rawXlsx({
      sheets: {
        S: `<row r="1">${header}</row><row r="2"><c r="A2" t="inlineStr"><is><t>431102</t></is></c><c r="B2" t="inlineStr"><is><t>零陵区</t></is></c><c r="C2" s="1"><v>46022.75</v></c></row>`,
      },
      formats: [22],
    });
    const report = await check([writeFiles({ 'a.xlsx': book })], { final: true });
    const period = report.issues.find((i) => i.field === 'period');
    expect(period).toMatchObject({ line: 2, column: 3, severity: 'error' });
    expect(report.results.filter((r) => r.period === '2026-01')).toEqual([]);
  });
});

describe('workbook parts', () => {
  it('finds parts through the relationships, whatever their case and folder', () => {
    const sheets = { S: '<row r="1"><c r="A1"><v>1</v></c></row>' };
    const renamed = rawXlsx({ sheets, folder: 'Book', rename: (path) => path.replace('styles.xml', 'Styles.XML') });
    expect(cells(renamed)).toEqual([[1, ['1']]]);
  });

  it('reads namespace-prefixed elements', () => {
    const book = rawXlsx({ sheets: { S: '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>零陵区</x:t></x:is></x:c></x:row>' } });
    expect(cells(book)).toEqual([[1, ['零陵区']]]);
  });

  it('drops the phonetic runs of inline strings, and reads CDATA', () => {
    const book = rawXlsx({
      sheets: {
        S: '<row r="1"><c r="A1" t="inlineStr"><v>9</v><is><r><t>道县</t></r><rPh sb="0" eb="2"><t>ドウケン</t></rPh></is></c><c r="B1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c><c r="C1" t="s"><v/></c></row>',
      },
    });
    expect(cells(book)).toEqual([[1, ['道县', 'a<b']]]);
  });

  it('leaves chart sheets out, and says so when one is named', () => {
    const book = rawXlsx({ sheets: { 图表: 'chart', 数据: '<row r="1"><c r="A1"><v>1</v></c></row>' } });
    const workbook = openWorkbook(book);
    expect(workbook.names).toEqual(['数据']);
    expect(workbook.sheet().name).toBe('数据');
    expect(() => workbook.sheet('图表')).toThrow(/"图表" is a chart sheet/);
  });

  it('inflates only the sheet read, against one budget for the whole workbook', () => {
    const big = Array.from({ length: 10_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`).join('');
    const book = rawXlsx({ sheets: { a: big, b: big, c: big }, level: 9 });
    expect(book.length).toBeLessThan(200_000);
    const workbook = openWorkbook(book, 1_000_000);
    expect(workbook.sheet('a').records).toHaveLength(10_000);
    expect(workbook.sheet('b').records).toHaveLength(10_000);
    const past = (() => {
      try {
        workbook.sheet('c');
      } catch (error) {
        return error;
      }
    })();
    expect(past).toBeInstanceOf(WorkbookError);
    expect((past as Error).message).toMatch(/unpacks to more than 1000000 bytes; save the sheet as CSV UTF-8/);
    expect(() => openWorkbook(book, 1_000_000).sheet('c', 1)).not.toThrow();
  });

  it('hands on a sheet in batches as it unpacks: a fault far into it keeps the rows before, one at its start is told alone', async () => {
    const text = (value: string) => `<c t="inlineStr"><is><t>${value}</t></is></c>`;
    const header = `<row r="1">${['身份证号', '区划代码', '报告期', '符合生活补贴条件（是/否）', '享受生活补贴（是/否）', '符合护理补贴条件（是/否）', '享受护理补贴（是/否）'].map(text).join('')}</row>`;
    // A roster of persons, each with an ID number of their own (born 1950-01-01 on, a sequence number each).
    const id = (n: number) => {
      const body = `431102${new Date(Date.UTC(1950, 0, 1 + Math.floor(n / 1000))).toISOString().slice(0, 10).replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
      return body + checkCharacter(body);
    };
    const rows = (from: number, count: number) =>
      Array.from(
        { length: count },
        (_, i) => `<row r="${from + i + 2}">${[id(from + i), '431102', '2025-12', '是', '是', '否', '否'].map(text).join('')}</row>`,
      ).join('');
    const fault = '<row r="0"/>';
    const dir = writeFiles({});
    const book = (name: string, sheet: string) => {
      writeFileSync(join(dir, name), rawXlsx({ sheets: { S: header + sheet } }));
      return join(dir, name);
    };
    const batches: RawRecord[][] = [];
    for await (const batch of openWorkbook(rawXlsx({ sheets: { S: header + rows(0, 1200) } })).stream().batches) batches.push(batch);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.flat().map((r) => r.line)).toEqual(Array.from({ length: 1201 }, (_, i) => i + 1));
    const far = await check([book('far.xlsx', rows(0, 1200) + fault + rows(1200, 5))], { rules: 'T2-08' });
    expect(far.rows.read).toBe(1200);
    expect(far.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['workbook-unreadable']);
    // The header is row 1: the 1,200 rows read end at row 1201, which the problem names.
    const told = far.issues.find((i) => i.code === 'workbook-unreadable')!;
    expect(messageOf(told, 'en')).toMatch(/; the rows up to row 1201 were read and are counted$/);
    expect(messageOf(told, 'zh')).toMatch(/；第 1201 行及以前的行已读取并计入$/);
    const near = await check([book('near.xlsx', rows(0, 100) + fault + rows(100, 1200))], { rules: 'T2-08' });
    expect(near.rows.read).toBe(0);
    expect(near.issues.filter((i) => i.code !== 'encoding-detected').map((i) => i.code)).toEqual(['workbook-unreadable']);
  });

  it('reads back the workbooks the bench makes of CSV lines, however wide', () => {
    // 60 columns: past Z, the bench's county workbook has 94.
    const header = Array.from({ length: 60 }, (_, i) => `列${i}`);
    const values = Array.from({ length: 60 }, (_, i) => String(i * 7));
    expect(
      openWorkbook(csvWorkbook([header.join(','), values.join(',')]))
        .sheet()
        .records.map((r) => r.cells),
    ).toEqual([header, values]);
  });

  it('places a cell by its reference in any case, with or without its row number', () => {
    const cells = (refs: string[]) =>
      openWorkbook(
        rawXlsx({ sheets: { a: `<row r="1">${refs.map((r) => `<c r="${r}" t="str"><v>${r}</v></c>`).join('')}</row>` } }),
      ).sheet().records[0]!.cells;
    expect(cells(['c1', 'E'])).toEqual(['', '', 'c1', '', 'E']);
    expect(cells(['AB1']).length).toBe(28);
    expect(cells(['ab7']).length).toBe(28);
  });

  it("refuses a cell far past Excel's 32,767 characters instead of holding it", () => {
    const book = rawXlsx({ sheets: { a: `<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(300_000)}</t></is></c></row>` } });
    expect(() => openWorkbook(book).sheet()).toThrow(/row 1 of xl\/worksheets\/sheet1\.xml holds far more than 32767 characters/);
    // A value written plainly, taken whole (xml.ts PlainElement), the same.
    const plain = rawXlsx({ sheets: { a: `<row r="1"><c r="A1" t="str"><v>${'x'.repeat(300_000)}</v></c></row>` } });
    expect(() => openWorkbook(plain).sheet()).toThrow(/row 1 of xl\/worksheets\/sheet1\.xml holds far more than 32767 characters/);
  });

  it("refuses sheets past Excel's rows, tags past their limit and a DOCTYPE, as WorkbookErrors naming the part", () => {
    const sheet = (xml: string) => () => openWorkbook(rawXlsx({ sheets: { a: xml } })).sheet();
    expect(sheet('<row r="1048577"><c r="A1"><v>1</v></c></row>')).toThrow(/sheet1\.xml has a row numbered outside 1 to 1048576/);
    expect(sheet('<row/>'.repeat(1_048_577))).toThrow(/row numbered outside/);
    expect(sheet('<row r="0"/>')).toThrow(
      expect.objectContaining({ zh: expect.stringMatching(/sheet1\.xml 有行号不在 Excel 的行 1 至 1048576 之内$/) }),
    );
    expect(sheet('<row r="1"><c r="A1"><v>1 & 2</v></c></row>')).toThrow(
      expect.objectContaining({ zh: expect.stringMatching(/sheet1\.xml 不是格式正确的 XML：/) }),
    );
    expect(sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t a="${'x'.repeat(1 << 20)}">1</t></is></c></row>`)).toThrow(
      /not well-formed XML: a tag.* is longer than/,
    );
    expect(sheet('<row r="1"><c r="A1"><v>1 & 2</v></c></row>')).toThrow(/not well-formed XML: "& 2<\/v" is not an entity|bare &/);
  });

  it('refuses an .xls past its own limit, pointing to .xlsx', async () => {
    const cfb = Buffer.alloc(MAX_XLS_BYTES + 1);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    const report = await check([writeFiles({ 'a.xls': cfb })]);
    expect(report.issues.map((i) => [i.code, messageOf(i, 'en'), messageOf(i, 'zh')])).toEqual([
      [
        'workbook-unreadable',
        `larger than ${MAX_XLS_BYTES} bytes for an .xls or .et file: save it as .xlsx or CSV`,
        `超过 ${MAX_XLS_BYTES} 字节（.xls 或 .et 文件）：请另存为 .xlsx 或 CSV`,
      ],
    ]);
  });

  it('says a workbook is encrypted, not that it is an .xls', async () => {
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    const report = await check([writeFiles({ 'a.xlsx': cfb })]);
    expect(report.issues.map((i) => i.code)).toEqual(['workbook-encrypted']);
  });
});

describe('text encodings', () => {
  async function decode(bytes: Buffer, encoding: 'utf-16le' | 'gb18030', pieces = 5): Promise<{ text: string; bad: BadLine[] }> {
    const bad: BadLine[] = [];
    const chunks = Array.from({ length: Math.ceil(bytes.length / pieces) }, (_, i) => bytes.subarray(i * pieces, (i + 1) * pieces));
    let text = '';
    for await (const piece of decodeStream(Readable.from(chunks), encoding, 0, (b) => bad.push(b))) text += piece;
    return { text, bad };
  }

  it('UTF-16: a lone surrogate costs its line only', async () => {
    const text = 'a\tb\n\uD800x\tz\n零陵\t😀\n';
    const { text: read, bad } = await decode(Buffer.from(text, 'utf16le'), 'utf-16le');
    expect(bad).toEqual([{ line: 2, utf8: false }]);
    expect(read).toBe('a\tb\n\uFFFDx\tz\n零陵\t😀\n');
  });

  it('a UTF-32 byte-order mark gets its own message', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0')]);
    const report = await check([writeFiles({ 'a.csv': bytes })]);
    expect(report.issues.map((i) => [i.code, i.params?.encoding])).toEqual([['encoding-unsupported', 'UTF-32LE']]);
  });

  it('a GB2312 line that is also valid UTF-8 goes with the GB18030 file', async () => {
    const gb = iconv.encode('县代码,名称\n431102,小\n', 'gb18030');
    expect(isGb2312(iconv.encode('小', 'gb18030'))).toBe(true);
    expect(isGb2312(Buffer.from('小', 'utf8'))).toBe(false);
    expect(await scanEncoding(Readable.from([gb]))).toEqual({ utf8Lines: 0, otherLines: 1, eitherLines: 1 });
    const { text, bad } = await decode(gb, 'gb18030');
    expect([text, bad]).toEqual(['县代码,名称\n431102,小\n', []]);
  });

  it("tells a line that does not decode in line order with the tokenizer's problems", async () => {
    const lines = [
      '区划代码,报告期,养老机构床位数(张)',
      '431102,2025-12,100',
      '431103,2025-"12",100',
      '431181,2025-12,100',
      '431122,2025-12,\u0000',
    ];
    const bytes = iconv.encode(lines.join('\n') + '\n', 'gb18030').map((byte) => (byte === 0 ? 0xff : byte));
    const report = await check([writeFiles({ 'a.csv': bytes })], { rules: 'C*' });
    const told = report.issues.filter((i) => i.code === 'stray-quote' || i.code === 'encoding').map((i) => `${i.line} ${i.code}`);
    expect(told).toEqual(['3 stray-quote', '5 encoding']);
  });
});

describe('CSV quotes', () => {
  function problems(text: string): CsvProblem[] {
    const found: CsvProblem[] = [];
    const tokenizer = new CsvTokenizer(
      ',',
      () => undefined,
      (p) => found.push(p),
    );
    tokenizer.write(text);
    tokenizer.end();
    return found;
  }

  it('a quote left open is reported where it opened, with the lines it swallowed', () => {
    expect(problems('a,b\n1,"x\n2,y\n3,z"w\n4,v\n')).toEqual([
      { code: 'quote-spans-lines', line: 2, column: 2, params: { line: 2, through: 4 } },
    ]);
  });

  it('a quote never closed is reported at the cell it opened', () => {
    expect(problems('a,b,c\n1,2,"x\n')).toEqual([{ code: 'unclosed-quote', line: 2, column: 3, params: { line: 2 } }]);
  });

  it('the stray quotes of one cell are reported once', () => {
    expect(problems('a,b\n1,5"6"7"\n2,"q"r"s\n')).toEqual([
      { code: 'stray-quote', line: 2, column: 2 },
      { code: 'stray-quote', line: 3, column: 2 },
    ]);
  });
});

describe('sheet size', () => {
  it('stores no empty cells, and refuses a sheet spread past the cell limit or column XFD', () => {
    const styled = rawXlsx({
      sheets: { S: '<row r="1"><c r="A1"><v>1</v></c><c r="XFC1" s="1"/></row><row r="2"><c r="C2" s="1"/></row>' },
      formats: [10],
    });
    expect(cells(styled)).toEqual([[1, ['1']]]);
    const far = (rows: number) =>
      rawXlsx({
        sheets: { S: Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}"><v>1</v></c></row>`).join('') },
        level: 9,
      });
    expect(openWorkbook(far(600)).sheet().records[0]!.cells).toHaveLength(16_384);
    // One refusal, read once (its ten million cells take half a second), in both languages.
    const wide = far(700);
    expect(() => openWorkbook(wide).sheet()).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/spans more than 10000000 cells/),
        zh: expect.stringMatching(/^工作表“S”：工作表超过 10000000 个单元格/),
      }),
    );
    expect(() => openWorkbook(Buffer.from('PK\u0003\u0004garbage', 'latin1'))).toThrow(
      expect.objectContaining({ zh: expect.stringMatching(/^文件不是可读的 \.xlsx 工作簿：/) }),
    );
    const past = rawXlsx({ sheets: { S: '<row r="1"><c r="XFE1"><v>1</v></c></row>' } });
    expect(() => openWorkbook(past).sheet()).toThrow(/past column XFD/);
    expect(() => openWorkbook(past).sheet()).toThrow(
      expect.objectContaining({ zh: '工作表“S”：xl/worksheets/sheet1.xml 第 1 行有单元格超出 Excel 的最后一列 XFD' }),
    );
  });
});

/** Bytes of a xorshift generator: what no packing makes smaller. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = 2463534242;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

describe('the zip of a workbook', () => {
  /**
   * Every part's unpacked bytes, or the error unpacking it gives: by inflate() as a head is read, by
   * inflate() as a part read to its end is (shared strings: at once by zlib, up to what it says it
   * unpacks to), and by stream() as a sheet is.
   */
  const unpacked = async (bytes: Uint8Array, budget?: number) => {
    const ways = await Promise.all(
      (['head', 'to its end', 'streamed'] as const).map(async (way) => {
        const zip = openZip(bytes, budget);
        const out: unknown[] = [];
        for (const entry of zip.entries.values()) {
          const chunks: Uint8Array[] = [];
          try {
            if (way === 'streamed') for await (const chunk of zip.stream(entry)) chunks.push(Buffer.from(chunk));
            else {
              const steps = zip.inflate(entry, (chunk) => chunks.push(Buffer.from(chunk)), way === 'to its end' ? Infinity : undefined);
              while (!steps.next().done);
            }
            out.push(Buffer.concat(chunks));
          } catch (error) {
            out.push(error);
          }
        }
        return out;
      }),
    );
    // The three ways give the same bytes, or errors of the same kind (their words are each inflater's own).
    const [inflated, ...others] = ways as [unknown[], unknown[], unknown[]];
    for (const other of others)
      expect(
        other.map((x, i) =>
          Buffer.isBuffer(x) ? x.equals(inflated[i] as Buffer) : (x as object).constructor === (inflated[i] as object).constructor,
        ),
      ).toEqual(inflated.map(() => true));
    return others[1]!;
  };
  // Small parts are unpacked at once by zlib; large ones, and small ones that unpack to much, as they stream.
  const parts: Record<string, Uint8Array> = {
    'small.xml': Buffer.from('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(500)),
    // Bytes that do not pack: more than a small part, packed.
    'noise.bin': noise(100_000),
    'empty.xml': new Uint8Array(0),
  };
  const same = (out: unknown[], expected: Uint8Array[]) => out.map((bytes, i) => Buffer.isBuffer(bytes) && bytes.equals(expected[i]!));

  it('gives every part its bytes, small or large, every way', async () => {
    for (const level of [0, 1, 9] as const)
      expect(same(await unpacked(zipSync(parts, { level })), Object.values(parts)), `level ${level}`).toEqual([true, true, true]);
    // Packed small, unpacking to more than is taken at once.
    const zeros = new Uint8Array(4.5 * 1024 * 1024);
    expect(same(await unpacked(zipSync({ 'zeros.bin': zeros }, { level: 9 })), [zeros])).toEqual([true]);
  });

  it('refuses a damaged part, small or large, and one past the budget, every way', async () => {
    // Letters pack by half, in coded blocks, where damage breaks the code (noise is stored as it is, where only the checksum tells).
    const letters = Uint8Array.from(noise(200_000), (byte) => 0x61 + (byte & 0x0f));
    const book = Buffer.from(
      zipSync({ 'small.xml': parts['small.xml']!, 'noise.bin': parts['noise.bin']!, 'letters.txt': letters }, { level: 9 }),
    );
    const zip = openZip(book);
    for (const entry of zip.entries.values()) {
      const damaged = Buffer.from(book);
      // Bytes in the middle of the part's packed data.
      const start = book.indexOf(entry.name) + entry.name.length;
      const middle = start + Math.floor(entry.compressedSize / 2);
      for (let k = middle; k < middle + 8; k++) damaged[k] = damaged[k]! ^ 0x5a;
      const outcome = (await unpacked(damaged))[[...zip.entries.keys()].indexOf(entry.name)];
      expect(outcome, entry.name).toBeInstanceOf(ZipError);
      expect((outcome as Error).message).toMatch(new RegExp(`^${entry.name} is damaged`));
    }
    expect(((await unpacked(book, 1000)) as Error[]).map((error) => error.constructor)).toEqual([
      ZipBudgetError,
      ZipBudgetError,
      ZipBudgetError,
    ]);
    // A checksum the bytes do not match, in the list of parts: refused too.
    const listed = Buffer.from(book);
    for (const name of ['small.xml', 'noise.bin']) {
      const crc = listed.lastIndexOf(name) - 46 + 16;
      listed[crc] = listed[crc]! ^ 1;
    }
    expect((await unpacked(listed)).slice(0, 2).map((error) => (error as Error).message)).toEqual([
      'small.xml is damaged (its checksum does not match)',
      'noise.bin is damaged (its checksum does not match)',
    ]);
  });

  it('refuses a zip that lists more than 100,000 files and folders, before reading its list', () => {
    /** The zip with its end record in ZIP64's form, which may claim any count of files. */
    const claiming = (zip: Buffer, count: number) => {
      const end = Buffer.from(zip.subarray(zip.length - 22));
      const body = zip.subarray(0, zip.length - 22);
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(end.readUInt32LE(12)), 40);
      record.writeBigUInt64LE(BigInt(end.readUInt32LE(16)), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(body.length), 8);
      locator.writeUInt32LE(1, 16);
      end.writeUInt16LE(0xffff, 8);
      end.writeUInt16LE(0xffff, 10);
      return Buffer.concat([body, record, locator, end]);
    };
    const zip = Buffer.from(zipSync({ 'a.csv': Buffer.from('区划代码,报告期\n') }));
    expect([...openZip(claiming(zip, 1)).entries.keys()]).toEqual(['a.csv']);
    expect(() => openZip(claiming(zip, 100_001))).toThrow('it holds more than 100000 files and folders');
  });

  it('counts a small part whole against the budget, however little of it is read: parts read for their first bytes are bounded too', () => {
    // Two parts packed in a few KB, each unpacking to 3 MiB at once; a budget of 5 MiB: the second one's first bytes are past it.
    const zeros = new Uint8Array(3 * 1024 * 1024);
    const zip = openZip(zipSync({ 'a.xml': zeros, 'b.xml': zeros }, { level: 9 }), 5 * 1024 * 1024);
    const head = (name: string) => {
      const steps = zip.inflate(zip.entries.get(name)!, () => {});
      steps.next();
    };
    head('a.xml');
    expect(() => head('b.xml')).toThrow(ZipBudgetError);
  });
});

describe('damaged and hostile workbooks', () => {
  it('checks each part against its checksum: a changed digit in a stored entry is refused', () => {
    const book = Buffer.from(rawXlsx({ sheets: { S: '<row r="1"><c r="A1"><v>123</v></c></row>' }, level: 0 }));
    expect(cells(book)).toEqual([[1, ['123']]]);
    const at = book.indexOf('<v>123</v>');
    book[at + 3] = '9'.charCodeAt(0);
    expect(() => cells(book)).toThrow(/sheet1\.xml is damaged \(its checksum does not match\)/);
  });

  it('reads shared strings of up to a quarter of the budget in characters, and refuses more before they fill memory', () => {
    // A budget of 1 MiB: 262,144 characters of shared strings at the most; each string here is 64.
    const book = (count: number) =>
      rawXlsx({
        sheets: { S: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' },
        strings: Array.from({ length: count }, (_, i) => `<si><t>${String(i).padStart(64, 'x')}</t></si>`).join(''),
      });
    const first = (bytes: Uint8Array) => openWorkbook(bytes, 1024 * 1024).sheet().records[0]!.cells;
    expect(first(book(4096))).toEqual([`${'x'.repeat(63)}0`]);
    expect(() => first(book(4097))).toThrow(
      'xl/strings.xml holds shared strings of more than 262144 characters in all: save the data as CSV',
    );
  });

  it('refuses a part that describes the workbook (its styles, sheets, relationships) past a 32nd of the budget, before reading on', () => {
    // A budget of 1 MiB: 32 KiB for such a part; each cell format here is 17 bytes of styles.
    const book = (formats: number) =>
      rawXlsx({ sheets: { S: '<row r="1"><c r="A1"><v>7</v></c></row>' }, formats: Array.from({ length: formats }, () => 0), level: 9 });
    const first = (bytes: Uint8Array) => openWorkbook(bytes, 1024 * 1024).sheet().records[0]!.cells;
    expect(first(book(1500))).toEqual(['7']);
    expect(() => first(book(2000))).toThrow(
      'xl/styles.xml unpacks to more than 32768 bytes, more than a part that describes a workbook holds',
    );
    // Formats of their own that do not pack (a part packed in more than 64 KB, unpacked a piece at a time), and the same
    // part saying it is small (a zip written to mislead: unpacked at once up to the bound, then a piece at a time): refused.
    const codes = Array.from({ length: 6000 }, (_, i) => `0.${createHash('sha1').update(String(i)).digest('hex')}`);
    const large = Buffer.from(rawXlsx({ sheets: { S: '<row r="1"><c r="A1"><v>7</v></c></row>' }, formats: codes, level: 9 }));
    const liar = patchDirectory(Buffer.from(large), { target: 'xl/styles.xml', lie: 100 });
    for (const bytes of [large, liar]) expect(() => first(bytes)).toThrow('xl/styles.xml unpacks to more than 32768 bytes');
    expect(openZip(large).entries.get('xl/styles.xml')!.compressedSize).toBeGreaterThan(64 * 1024);
  });

  it('shows dates past 9999-12-31, text and huge exponents in date and percent cells as stored', () => {
    expect(showNumber('1e20', 'date', false)).toBe('100000000000000000000');
    expect(showNumber('abc', 'date', false)).toBe('abc');
    expect(showNumber('1e300000000', 'percent', false)).toBe('1e300000000');
    expect(showNumber('2958465', 'date', false)).toBe('9999-12-31');
  });
});

describe('reading the small files of a batch', () => {
  it('reads small regular files whole and leaves large, missing and piped ones to the usual path', () => {
    const dir = writeFiles({ 'a.csv': 'a', 'b.csv': 'b', 'big.csv': 'x'.repeat(SMALL_FILE_BYTES + 1) });
    const sources = [
      { kind: 'file' as const, name: 'a', path: join(dir, 'a.csv') },
      { kind: 'file' as const, name: 'big', path: join(dir, 'big.csv') },
      { kind: 'file' as const, name: 'gone', path: join(dir, 'gone.csv') },
      { kind: 'stdin' as const, name: '-' },
      { kind: 'file' as const, name: 'dir', path: dir },
      { kind: 'file' as const, name: 'b', path: join(dir, 'b.csv') },
    ];
    expect(sources.map((source) => smallFileBytes(source)?.toString())).toEqual(['a', undefined, undefined, undefined, undefined, 'b']);
  });

  it('reads an empty file and one of the limit whole, and leaves a FIFO to the usual path without opening it', () => {
    const dir = writeFiles({ 'empty.csv': '', 'limit.csv': 'y'.repeat(SMALL_FILE_BYTES) });
    execFileSync('mkfifo', [join(dir, 'in.fifo')]);
    const read = (name: string) => smallFileBytes({ kind: 'file', name, path: join(dir, name) });
    expect(read('empty.csv')?.length).toBe(0);
    expect(read('limit.csv')?.length).toBe(SMALL_FILE_BYTES);
    // Opened, it would wait for a writer and never return (and with one, lose what it wrote: the CLI's FIFO test).
    expect(read('in.fifo')).toBeUndefined();
  });

  it("opens a folder's small files once: read whole as the scan looks at their heads, their bytes given to their reading once", async () => {
    const dir = writeFiles({ 'a.csv': 'a', 'b.csv': 'b', 'big.csv': 'x'.repeat(SMALL_FILE_BYTES + 1), 'c.tsv': 'c' });
    const { sources } = await expandPaths([dir]);
    // Gone from the disk after the scan: what is given is what the scan read.
    for (const name of ['a.csv', 'b.csv', 'big.csv', 'c.tsv']) rmSync(join(dir, name));
    expect(sources.map((source) => source.name.slice(dir.length + 1))).toEqual(['a.csv', 'b.csv', 'big.csv', 'c.tsv']);
    // A large file is left to the usual path, as is one whose head the scan does not look at (a TSV).
    expect(sources.map((source) => smallFileBytes(source)?.toString())).toEqual(['a', 'b', undefined, undefined]);
    // Given once: read again, a file is asked of the disk.
    expect(smallFileBytes(sources[0]!)).toBeUndefined();
  });

  it('gives the same report as reading each file in turn', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `f${String(i).padStart(2, '0')}.csv`,
        `区划代码,报告期,养老机构床位数（张）\n431102,${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${i === 7 ? 'abc' : 100 + i}\n`,
      ]),
    );
    const dir = writeFiles(files);
    const together = await check([dir], { rules: 'C*' });
    const oneByOne = [];
    for (const name of Object.keys(files).sort()) oneByOne.push(...(await check([join(dir, name)], { rules: 'C*' })).issues);
    expect(together.issues.map((i) => `${i.file}:${i.line}:${i.code}`)).toEqual(oneByOne.map((i) => `${i.file}:${i.line}:${i.code}`));
  });
});

describe("a row's values", () => {
  it('hold every column of the header as their own, inherit nothing, and take columns named like Object.prototype members', () => {
    // Parsed from JSON: an object literal would take `__proto__` as its prototype, not as a key.
    const schema: unknown = JSON.parse(
      JSON.stringify({
        type: 'object',
        properties: {
          county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code' },
          period: { title: '报告期', type: 'string', 'x-role': 'period' },
          constructor: { title: '构造', type: ['integer', 'null'] },
          PROTO: { title: '原型', type: ['integer', 'null'] },
          toString: { title: '文本', type: ['integer', 'null'] },
        },
      }).replace('PROTO', '__proto__'),
    );
    const columns = loadColumns(schema as object, 'inline');
    const table = new TableReader('f.csv', { columns, region: registry() }, () => {}, undefined, true);
    const [row] = [
      ...table.take(
        [
          { line: 1, cells: ['区划代码', '报告期', '构造', '原型', '文本'], empty: false },
          { line: 2, cells: ['431102', '2025-12', '7'], empty: false },
        ],
        new Set(),
      ),
    ].filter((r) => r !== undefined);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(row!.values))).toBeNull();
    expect(Object.keys(row!.values)).toEqual(['county_code', 'period', 'constructor', '__proto__', 'toString']);
    expect({ ...row!.values }).toEqual({ county_code: '431102', period: '2025-12', constructor: 7, ['__proto__']: null, toString: null });
    expect(row!.values.valueOf).toBeUndefined();
  });

  it("are each cell's own normalised value, in columns whose texts repeat and in columns whose texts seldom do (the remembered values let go)", () => {
    const columns = loadColumns(
      {
        type: 'object',
        properties: {
          county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code' },
          period: { title: '报告期', type: 'string', 'x-role': 'period' },
          name: { title: '名称', type: 'string' },
          beds: { title: '床位', type: ['number', 'null'] },
        },
      },
      'inline',
    );
    // Texts as counties type them: padded, full-width, a placeholder; names from a pool larger than what is remembered.
    const forms = (text: string) =>
      fc.constantFrom(
        text,
        ` ${text}`,
        `${text}\u3000`,
        text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
      );
    const cell = (pool: number) =>
      fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: pool }).chain((n) => forms(String(n))) },
        { weight: 1, arbitrary: fc.constantFrom('', '—', '/') },
      );
    fc.assert(
      fc.property(fc.array(fc.tuple(cell(3000), cell(600)), { minLength: 1500, maxLength: 2500 }), (cells) => {
        const table = new TableReader('f.csv', { columns, region: registry() }, () => {}, undefined, true);
        const records = [
          { line: 1, cells: ['区划代码', '报告期', '名称', '床位'], empty: false },
          ...cells.map(([name, beds], i) => ({ line: i + 2, cells: ['431102', '2025-12', `院${name}`, beds], empty: false })),
        ];
        const rows = [...table.take(records, new Set())].filter((r) => r !== undefined);
        expect(rows.map((r) => [r.values.name, r.values.beds])).toEqual(
          cells.map(([name, beds]) => [normaliseCell(`院${name}`, 'text'), normaliseCell(beds, 'number')]),
        );
      }),
      { numRuns: 8 },
    );
  });
});

describe('a header read once for many files', () => {
  it('tells each file its own problems, and leaves each unusable or usable as reading it alone would', async () => {
    const good = '区划代码,报告期,备注,养老机构床位数(张)\n431102,2025-12,x,100\n';
    const bad = '区划代码,备注,养老机构床位数（张）\n431102,x,100\n';
    const files = { 'a.csv': good, 'b.csv': good.replace('431102', '431103'), 'c.csv': bad, 'd.csv': bad };
    const dir = writeFiles(files);
    const together = await check([dir], { rules: 'C*' });
    const alone = (await Promise.all(Object.keys(files).map((name) => check([join(dir, name)], { rules: 'C*' })))).flatMap((r) => r.issues);
    const shown = (issues: typeof alone) =>
      issues
        .filter((i) => i.code !== 'encoding-detected')
        .map((i) => `${i.file.split('/').pop()}:${i.line ?? ''}:${i.column ?? ''} ${i.code}`);
    expect(shown(together.issues)).toEqual(shown(alone));
    expect(shown(together.issues)).toEqual(
      expect.arrayContaining(['b.csv:1:3 unknown-label', 'b.csv:1:4 label-normalised', 'd.csv:1: missing-label']),
    );
    expect(together.rows.read).toBe(2);
  });

  it('takes a line given as the header (--header-row) for a header only where the header line is given', async () => {
    const file = join(writeFiles({ 'a.csv': '民政统计表,区划代码\n区划代码,报告期,养老机构床位数(张)\n431102,2025-12,100\n' }), 'a.csv');
    const codes = (issues: { code: string; line?: number }[]) =>
      issues.filter((i) => i.code !== 'encoding-detected').map((i) => `${i.line ?? ''} ${i.code}`);
    const given = await check([file], { rules: 'C*', headerRow: 1 });
    expect(given.rows.read).toBe(0);
    const looked = await check([file], { rules: 'C*' });
    expect(codes(looked.issues)).toContain('1 title-row');
    expect(looked.rows.read).toBe(1);
  });

  it('reads a header of two lines (a form of merged cells) whichever of its lines --header-row names', async () => {
    // 区划代码 and 报告期 merged down over both lines; the group 养老机构 above its columns; a title above all.
    const file = join(
      writeFiles({ 'a.csv': '民政统计表,,,\n区划代码,报告期,养老机构,\n,,床位数（张）,其中护理型床位（张）\n431102,2025-12,100,60\n' }),
      'a.csv',
    );
    const alone = await check([file], { rules: 'T2-10' });
    for (const headerRow of [2, 3]) {
      const given = await check([file], { rules: 'T2-10', headerRow });
      expect(
        given.issues.filter((i) => i.severity !== 'info').map((i) => i.code),
        `line ${headerRow}`,
      ).toEqual([]);
      expect(given.issues.find((i) => i.code === 'header-merged')).toMatchObject({ line: 3, params: { upper: 2, lower: 3 } });
      expect(given.results.find((r) => r.unit === '431102')?.value).toBe(60);
      expect(given.results).toEqual(alone.results);
    }
  });

  it('says a line --header-row names past the end of the file, or naming no column, is not the header: not that the file is empty or of another plan', async () => {
    const file = join(writeFiles({ 'a.csv': '区划代码,报告期,养老机构床位数(张)\n431102,2025-12,100\n' }), 'a.csv');
    const report = await check([file], { rules: 'C*', headerRow: 9 });
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line, messageOf(i, 'en')])).toEqual([
      ['header-row', 2, '--header-row names line 9, but the file ends at line 2'],
    ]);
    // A data line named as the header: said so, not taken for another plan's header.
    const data = await check([file], { rules: 'C*', headerRow: 2 });
    expect(data.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line, messageOf(i, 'en')])).toEqual([
      ['header-row', 2, 'line 2, which --header-row names, names no column of the submission (it reads 431102, 2025-12, 100)'],
    ]);
  });
});

describe('a file of many lines that give no row', () => {
  it('tells each run of blank lines as one problem, in place, and keeps the rows after them, however many there are', async () => {
    const text = `区划代码,报告期,养老机构床位数（张）\n${',,\n'.repeat(300_000)}431102,2025-12,100\n${'\n'.repeat(200_000)}注：本表由县民政局填报\n\n`;
    const report = await check([writeFiles({ 'blank.csv': text })], { rules: 'C*' });
    const told = report.issues.map((i) => [i.code, i.line, i.params]);
    expect(told).toEqual([
      ['blank-row', 2, { count: 300_000, through: 300_001 }],
      ['blank-row', 300_003, { count: 200_000, through: 500_002 }],
      ['notes-row', 500_003, expect.anything()],
      ['blank-row', 500_004, { count: 1, through: 500_004 }],
    ]);
    expect(report.unlisted.warnings).toBe(0);
    expect(report.rows.read).toBe(1);
    expect(messageOf(report.issues[0]!, 'en')).toBe('300000 blank rows skipped, from this line to line 300001');
    expect(messageOf(report.issues[0]!, 'zh')).toBe('自本行至第 300001 行的 300000 个空行已跳过');
    expect(messageOf(report.issues[3]!, 'en')).toBe('blank row skipped');
  });
});

describe('the first line of the files of a batch, taken again', () => {
  // dongan.csv: UTF-8 with a BOM, CRLF, a header and one row of 2025-12.
  const [header, row] = readFileSync('data/samples/2025-12/dongan.csv', 'utf8')
    .replace(/^\ufeff/, '')
    .split('\r\n');
  const PERIODS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11'];
  const file = fc.record({
    encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'gb18030'),
    eol: fc.constantFrom('\r\n', '\n'),
    head: fc.constantFrom('plain', 'plain', 'plain', 'quoted', 'title', 'bad-byte', 'cr-inside'),
    body: fc.constantFrom('plain', 'plain', 'other-break', 'bad-byte', 'none'),
  });

  /** A file of the sample's header and row, of a period, as the draw writes it. */
  const written = (f: { encoding: string; eol: string; head: string; body: string }, period: string): Buffer => {
    const first =
      f.head === 'quoted'
        ? `"${header!.split(',')[0]}",${header!.split(',').slice(1).join(',')}`
        : f.head === 'cr-inside'
          ? header!.replace(',', ',\r')
          : header!;
    const lines = [...(f.head === 'title' ? [`道县民政统计（${period}）`] : []), first];
    const data = row!.replace('2025-12', period);
    const text =
      lines.join(f.eol) + f.eol + (f.body === 'none' ? '' : data + (f.body === 'other-break' ? (f.eol === '\n' ? '\r\n' : '\n') : f.eol));
    let bytes = f.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(f.encoding === 'utf-8-bom' ? `\ufeff${text}` : text);
    if (f.head === 'bad-byte' || f.body === 'bad-byte') {
      const at = f.head === 'bad-byte' ? 30 : bytes.lastIndexOf(0x2c) - 2;
      bytes = Buffer.from(bytes);
      bytes[at] = 0xff;
    }
    return bytes;
  };

  it('gives the report of reading each first line anew, whatever the encodings, breaks and faults of the files', async () => {
    const before = firstLineReplay.replayed;
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 2, maxLength: 11 }), async (files) => {
        const folder = writeFiles(Object.fromEntries(files.map((f, i) => [`f${String(i).padStart(2, '0')}.csv`, written(f, PERIODS[i]!)])));
        const report = async (enabled: boolean) => {
          firstLineReplay.enabled = enabled;
          try {
            return REPORTERS.json!.render(await check([folder], { rules: 'T2-10,T2-05' }), { lang: 'en', color: false });
          } finally {
            firstLineReplay.enabled = true;
          }
        };
        const anew = await report(false);
        expect(await report(true)).toBe(anew);
      }),
      { numRuns: 40 },
    );
    // Files of one header and encoding followed each other: their first lines were taken again.
    expect(firstLineReplay.replayed - before).toBeGreaterThan(20);
  }, 60_000);
});
