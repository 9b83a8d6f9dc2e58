/**
 * The readers against public corpora nobody here wrote (tests/corpora/README.md): CSV cases
 * against their published JSON, workbooks against cells written once by openpyxl and xlrd.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { CsvTokenizer, type CsvProblem, type RawRecord } from '../src/input/csv.js';
import { sniff } from '../src/input/decode.js';
import { openXls } from '../src/input/xls.js';
import { openWorkbook, type Workbook } from '../src/input/xlsx.js';
import { writeFiles } from './helpers.js';

const corpora = new URL('./corpora/', import.meta.url).pathname;

describe('csv-spectrum', () => {
  const folder = join(corpora, 'csv-spectrum');
  const cases = readdirSync(join(folder, 'csvs')).map((f) => f.replace(/\.csv$/, ''));

  it('has its cases', () => expect(cases.length).toBe(12));

  /** Cells and problems of a case, its text fed in small pieces: a quote, a CRLF or a character cut between pieces must not matter. */
  function tokenize(name: string): { objects: Record<string, string>[]; problems: CsvProblem[] } {
    const bytes = readFileSync(join(folder, 'csvs', `${name}.csv`));
    const text = bytes.toString('utf8');
    const records: RawRecord[] = [];
    const problems: CsvProblem[] = [];
    const tokenizer = new CsvTokenizer(
      ',',
      (r) => records.push(r),
      (p) => problems.push(p),
    );
    for (let at = 0; at < text.length; at += 7) tokenizer.write(text.slice(at, at + 7));
    tokenizer.end();
    const [header, ...rows] = records.filter((r) => !r.empty);
    return { objects: rows.map((r) => Object.fromEntries(header!.cells.map((key, i) => [key, r.cells[i] ?? '']))), problems };
  }

  // location_coordinates: its JSON gives another phone number than its CSV (the corpus's own
  // slip), and its unquoted cell holds quotes, which plan-check's strict quoting reports.
  const regular = cases.filter((name) => name !== 'location_coordinates');

  it.each(regular)('%s reads as its JSON says', (name) => {
    const expected = JSON.parse(readFileSync(join(folder, 'json', `${name}.json`), 'utf8')) as Record<string, string>[];
    expect(tokenize(name)).toEqual({ objects: expected, problems: [] });
  });

  it('location_coordinates: the cell kept whole, its two stray quotes reported once', () => {
    const { objects, problems } = tokenize('location_coordinates');
    expect(objects).toEqual([
      {
        'Contact Phone Number': '2095257564',
        'Location Coordinates': `37\ufffd36'37.8"N 121\ufffd2'17.9"W`,
        Cities: 'Modesto',
        Counties: 'Stanislaus',
      },
    ]);
    expect(problems).toEqual([{ code: 'stray-quote', line: 2, column: 2 }]);
  });
});

type Expected = Record<string, Record<string, [number, string[]][]>>;

describe('calamine workbooks, cell for cell with openpyxl and xlrd', () => {
  const folder = join(corpora, 'calamine');
  const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;

  async function open(name: string): Promise<Workbook> {
    const bytes = readFileSync(join(folder, name));
    return sniff(bytes).workbook === 'xls' ? openXls(bytes) : openWorkbook(bytes);
  }

  it('has its workbooks', () => expect(Object.keys(expected).length).toBe(23));

  it.each(Object.keys(expected))('%s', async (name) => {
    const book = await open(name);
    const sheets = expected[name]!;
    expect([...book.names].sort()).toEqual(Object.keys(sheets).sort());
    for (const [sheet, rows] of Object.entries(sheets)) {
      const ours = book.sheet(sheet).records.map((r) => {
        const cells = [...r.cells];
        while (cells.at(-1) === '') cells.pop();
        return [r.line, cells];
      });
      expect(ours, `${name} / ${sheet}`).toEqual(rows);
    }
  });

  it('reads the 1904 date system: the same dates as the 1900 workbook', () => {
    for (const kind of ['xlsx', 'xls']) {
      const [dates, dates1904] = [expected[`date.${kind}`]!, expected[`date_1904.${kind}`]!];
      expect(dates1904.Sheet1![0]![1][0]).toBe('2021-01-01');
      expect(dates1904.Sheet1!.slice(0, 2)).toEqual(dates.Sheet1!.slice(0, 2));
    }
  });

  it('refuses encrypted and broken workbooks, each with its own message', async () => {
    const dir = writeFiles({
      'locked.xlsx': readFileSync(join(folder, 'pass_protected.xlsx')),
      'locked.xls': readFileSync(join(folder, 'issue_385.xls')),
      'broken.xlsx': readFileSync(join(folder, 'issue252.xlsx')),
    });
    const report = await check([dir]);
    expect(report.issues.map((i) => [i.file.split('/').pop(), i.code, i.line])).toEqual([
      ['broken.xlsx', 'workbook-unreadable', undefined],
      ['locked.xls', 'workbook-encrypted', 1],
      ['locked.xlsx', 'workbook-encrypted', 1],
    ]);
    expect(report.issues[0]!.params?.reason).toMatch(/workbook\.xml\.rels/);
  });

  it('reads an .xlsm and an .xls without calling them misnamed', async () => {
    const dir = writeFiles({
      'macro.xlsm': readFileSync(join(folder, 'issue221.xlsm')),
      'old.xls': readFileSync(join(folder, 'date.xls')),
    });
    const report = await check([dir]);
    expect(report.issues.filter((i) => i.code === 'workbook-renamed')).toEqual([]);
    expect(report.issues.filter((i) => i.code === 'sheet-read')).toHaveLength(2);
  });
});
