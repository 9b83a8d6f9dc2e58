/**
 * Reading one source: bytes -> decoded text -> CSV records -> rows of normalised cells, each
 * with its line and column. Everything that goes wrong becomes an Issue; nothing is thrown
 * for bad content.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { issue } from '../catalog.js';
import type { CellValue, Issue, Row } from '../types.js';
import type { ColumnSpec } from '../validate/columns.js';
import { CsvTokenizer, type RawRecord } from './csv.js';
import { decodeStream, detectFileEncoding, detectHeadEncoding, type Encoding, type Sniffed } from './decode.js';
import { HeaderMatcher } from './header.js';
import { readSheet, WorkbookError, type Sheet } from './xlsx.js';
import { cleanText, excerpt, isBlankCell, normaliseCell } from './normalise.js';
import type { Source } from './sources.js';

/** What reading needs besides the source. */
export interface ReadOptions {
  columns: readonly ColumnSpec[];
  /** Overrides encoding detection. */
  encoding?: Encoding;
  /** Standard input, for `-`. */
  stdin?: Readable;
  /** The physical line holding the header; found by looking when not given. */
  headerRow?: number;
  /** The sheet of a workbook to read; the first by default. */
  sheet?: string;
}

/** Largest workbook read, in bytes (a workbook is read whole to be unzipped). */
export const MAX_WORKBOOK_BYTES = 100 * 1024 * 1024;

/** Lines looked at for the header before giving up. */
const HEADER_SEARCH = 10;
const TOTAL_WORDS = /^(?:合计|总计|小计|全市|总数|永州市|total|sum)$/i;

const HEAD_BYTES = 64 * 1024;
const DELIMITERS = [',', '\t', ';', '，'];

/** Reads a source's rows; issues go to `report`. */
export async function* readRows(source: Source, options: ReadOptions, report: (found: Issue) => void): AsyncGenerator<Row> {
  const file = source.name;
  let opened: { sniffed: Sniffed; bytes: AsyncIterable<Buffer> };
  try {
    opened = await openSource(source, options);
  } catch (error) {
    report(issue('source', { file, params: { reason: (error as Error).message } }));
    return;
  }
  const { sniffed, bytes } = opened;
  if (sniffed.workbook === 'xls') {
    report(issue('workbook', { file, line: 1, column: 1 }));
    return;
  }
  if (sniffed.workbook === 'xlsx') {
    if (!/\.xlsx$/i.test(file)) report(issue('workbook-renamed', { file, line: 1, column: 1 }));
    yield* readWorkbook(file, bytes, options, report);
    return;
  }
  const encoding = options.encoding ?? sniffed.encoding ?? 'utf-8';
  if (encoding !== 'utf-8') report(issue('encoding-detected', { file, params: { encoding: encoding.toUpperCase() } }));

  const badLines = new Set<number>();
  const records: RawRecord[] = [];
  let tokenizer: CsvTokenizer | undefined;
  const table = new TableReader(file, options.columns, report, options.headerRow);
  const text = decodeStream(
    bytes,
    encoding,
    sniffed.bomLength,
    ({ line, utf8 }) => {
      badLines.add(line);
      report(issue('encoding', { file, line, column: 1, params: encodingDetail(line, encoding, utf8, sniffed.mixed === true) }));
    },
    sniffed.mixed,
  );
  for await (const piece of text) {
    tokenizer ??= new CsvTokenizer(detectDelimiter(piece), (record) => records.push(record), (problem) =>
      report(issue(problem.code, { file, line: problem.line, column: problem.column, params: problem.params ?? {} })),
    );
    tokenizer.write(piece);
    yield* table.take(records.splice(0), badLines);
  }
  tokenizer?.end();
  yield* table.take(records.splice(0), badLines);
  table.finish();
}

async function* readWorkbook(file: string, bytes: AsyncIterable<Buffer>, options: ReadOptions, report: (found: Issue) => void): AsyncGenerator<Row> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > MAX_WORKBOOK_BYTES) {
      report(issue('workbook-unreadable', { file, params: { reason: `larger than ${MAX_WORKBOOK_BYTES} bytes`, reason_zh: `超过 ${MAX_WORKBOOK_BYTES} 字节` } }));
      return;
    }
    chunks.push(chunk);
  }
  let sheet: Sheet;
  try {
    sheet = readSheet(Buffer.concat(chunks), options.sheet);
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    const sheets = error.sheets.length ? ` (sheets: ${error.sheets.join(', ')})` : '';
    const sheets_zh = error.sheets.length ? `（工作表：${error.sheets.join('、')}）` : '';
    report(issue('workbook-unreadable', { file, params: { reason: `${error.message}${sheets}`, reason_zh: `${error.message}${sheets_zh}` } }));
    return;
  }
  report(issue('sheet-read', { file, params: { sheet: sheet.name } }));
  // A sheet stores no trailing empty cells: a short row there is not a missing cell.
  const table = new TableReader(file, options.columns, report, options.headerRow, true);
  yield* table.take(sheet.records, new Set());
  table.finish();
}

async function openSource(source: Source, options: ReadOptions): Promise<{ sniffed: Sniffed; bytes: AsyncIterable<Buffer> }> {
  if (source.kind === 'file') {
    const handle = await open(source.path, 'r');
    const head = Buffer.alloc(4);
    try {
      await handle.read(head, 0, 4, 0);
    } finally {
      await handle.close();
    }
    const sniffed = options.encoding ? { encoding: options.encoding, bomLength: bomLength(head, options.encoding) } : await detectFileEncoding(source.path, head);
    return { sniffed, bytes: createReadStream(source.path) };
  }
  const stdin = options.stdin ?? process.stdin;
  const iterator = (stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
    head.push(chunk);
    size += chunk.length;
  }
  const first = Buffer.concat(head);
  const sniffed = options.encoding ? { encoding: options.encoding, bomLength: bomLength(first, options.encoding) } : detectHeadEncoding(first);
  async function* all(): AsyncGenerator<Buffer> {
    if (first.length) yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return { sniffed, bytes: all() };
}

function bomLength(head: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return head[0] === 0xfe && head[1] === 0xff ? 2 : 0;
  return 0;
}

function encodingDetail(line: number, encoding: Encoding, utf8: boolean, mixed: boolean): Record<string, string | number> {
  const name = encoding.toUpperCase();
  if (utf8) return { line, detail: 'is UTF-8 while most of the file is GB18030', detail_zh: '是 UTF-8 编码，而文件其余部分是 GB18030' };
  if (mixed) return { line, detail: 'is not UTF-8 (GBK?) while most of the file is UTF-8', detail_zh: '不是 UTF-8（可能是 GBK），而文件其余部分是 UTF-8' };
  return { line, detail: `has bytes that are not valid ${name}`, detail_zh: `含有无法按 ${name} 解码的字节` };
}

/** The delimiter used most in the first line (outside quotes); a comma when there is none. */
export function detectDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const line = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let best = ',';
  let most = 0;
  for (const delimiter of DELIMITERS) {
    const count = line.split(delimiter).length - 1;
    if (count > most) {
      best = delimiter;
      most = count;
    }
  }
  return best;
}

/** Turns records into rows: the first non-empty record is the header. */
class TableReader {
  private header: (ColumnSpec | undefined)[] | undefined;
  private width = 0;
  private headerLine = 1;
  private unusable = false;
  private dataRows = 0;
  private titles = 0;
  private codeIndex = 0;
  /** Column id -> field number, the same for every row of the file. */
  private positions: Record<string, number> = Object.create(null);
  private readonly blankLabels = new Map<number, boolean>();
  private readonly matcher: HeaderMatcher;

  constructor(
    private readonly file: string,
    private readonly columns: readonly ColumnSpec[],
    private readonly report: (found: Issue) => void,
    private readonly headerRow?: number,
    private readonly shortRowsAreFine = false,
  ) {
    this.matcher = new HeaderMatcher(columns);
  }

  *take(records: RawRecord[], badLines: ReadonlySet<number>): Generator<Row> {
    for (const record of records) {
      if (this.unusable) return;
      const blank = record.empty || record.cells.every(isBlankCell);
      if (!this.header) {
        if (!blank) this.findHeader(record, filledCells(record));
        continue;
      }
      if (blank) {
        this.report(issue('blank-row', { file: this.file, line: record.line }));
        continue;
      }
      if (!CODE.test(cleanText(record.cells[this.codeIndex] ?? '')) && this.skipNonData(record, filledCells(record))) continue;
      this.dataRows++;
      // A row with undecodable bytes was reported as such; its cells say nothing more.
      const undecodable = badLines.size > 0 && spansBadLine(record, badLines);
      const row = this.toRow(record, !undecodable);
      if (undecodable) row.valid = false;
      yield row;
    }
  }

  finish(): void {
    if (this.unusable) return;
    if (!this.header && this.titles > 0) this.report(issue('header-not-found', { file: this.file, line: 1, params: { lines: this.titles } }));
    else if (!this.header) this.report(issue('no-data-rows', { file: this.file, params: { what: 'empty', what_zh: '为空' } }));
    else if (this.dataRows === 0) this.report(issue('no-data-rows', { file: this.file, line: this.headerLine, params: { what: 'a header only', what_zh: '只有表头' } }));
  }

  /** The header is the given line, or the first record that names columns; lines above it are titles. */
  private findHeader(record: RawRecord, filled: string[]): void {
    if (this.headerRow !== undefined) {
      if (record.line >= this.headerRow) this.readHeader(record);
      return;
    }
    const named = filled.filter((text) => this.matcher.match(text)).length;
    if (named >= 2 || (named === 1 && filled.length === 1)) {
      this.readHeader(record);
      return;
    }
    this.titles++;
    if (this.titles > HEADER_SEARCH) {
      this.report(issue('header-not-found', { file: this.file, line: 1, params: { lines: HEADER_SEARCH } }));
      this.unusable = true;
      return;
    }
    this.report(issue('title-row', { file: this.file, line: record.line, params: { line: record.line, text: excerpt(filled.join(' ')) } }));
  }

  /** Notes under the table and total rows (rows without a code) are not data: reported and skipped. */
  private skipNonData(record: RawRecord, filled: string[]): boolean {
    const at = { file: this.file, line: record.line };
    if (record.cells.slice(0, 3).some((cell) => TOTAL_WORDS.test(cleanText(cell).replace(/\s+/g, '')))) {
      this.report(issue('total-row', { ...at, params: { line: record.line, text: excerpt(filled.slice(0, 2).join(' ')) } }));
      return true;
    }
    if (filled.length === 1 && !/^\d/.test(filled[0]!)) {
      this.report(issue('notes-row', { ...at, params: { line: record.line, text: excerpt(filled[0]!) } }));
      return true;
    }
    return false;
  }

  private readHeader(record: RawRecord): void {
    const seen = new Map<string, number>();
    this.headerLine = record.line;
    this.header = record.cells.map((label, index) => {
      const column = index + 1;
      if (cleanText(label) === '') {
        this.blankLabels.set(column, false);
        return undefined;
      }
      const found = this.matcher.match(label);
      if (!found) {
        this.report(issue('unknown-label', { file: this.file, line: record.line, column, params: { label: excerpt(cleanText(label)) } }));
        return undefined;
      }
      const spec = this.columns.find((c) => c.id === found.id)!;
      const other = seen.get(found.id);
      if (other !== undefined) {
        this.report(
          issue('duplicate-label', { file: this.file, line: record.line, column, field: found.id, params: { label: cleanText(label), other, field: found.id } }),
        );
        return undefined;
      }
      seen.set(found.id, column);
      if (found.normalised) {
        this.report(issue('label-normalised', { file: this.file, line: record.line, column, field: found.id, params: { label, canonical: spec.label } }));
      }
      return spec;
    });
    this.codeIndex = this.header.findIndex((spec) => spec?.id === 'county_code');
    this.header.forEach((spec, index) => {
      if (spec) this.positions[spec.id] = index + 1;
    });
    // Trailing columns without a header (formatted but empty Excel cells) do not count.
    this.width = this.header.length;
    while (this.width > 0 && this.blankLabels.has(this.width)) this.width--;
    for (const spec of this.columns) {
      if (spec.required && !seen.has(spec.id)) {
        this.report(issue('missing-label', { file: this.file, line: record.line, field: spec.id, params: { label: spec.label, field: spec.id } }));
        this.unusable = true;
      }
    }
  }

  private toRow(record: RawRecord, checkShape: boolean): Row {
    const values: Record<string, CellValue> = Object.create(null);
    const { cells } = record;
    const header = this.header!;
    if (checkShape && !this.shortRowsAreFine && cells.length < this.width) {
      this.report(issue('missing-cell', { file: this.file, line: record.line, column: cells.length + 1, params: { count: cells.length, expected: this.width } }));
    }
    for (let index = 0; index < cells.length; index++) {
      const raw = cells[index]!;
      const spec = header[index];
      if (spec) {
        values[spec.id] = normaliseCell(raw, spec.kind);
      } else if (checkShape && cleanText(raw) !== '') {
        this.reportStrayCell(record, index + 1);
      }
    }
    if (cells.length < header.length) for (const spec of header) if (spec && !(spec.id in values)) values[spec.id] = null;
    return { file: this.file, line: record.line, values, columns: this.positions, valid: true };
  }

  /** A value under a blank header, or beyond the header: reported once per column. */
  private reportStrayCell(record: RawRecord, column: number): void {
    if (column > this.header!.length) {
      this.report(issue('extra-cell', { file: this.file, line: record.line, column, params: { count: record.cells.length, expected: this.width } }));
      return;
    }
    if (this.blankLabels.get(column) === false) {
      this.blankLabels.set(column, true);
      this.report(issue('blank-label', { file: this.file, line: this.headerLine, column, params: { column } }));
    }
  }
}

const CODE = /^\d{6}$/;

function filledCells(record: RawRecord): string[] {
  return record.cells.map(cleanText).filter((text) => text !== '');
}

function spansBadLine(record: RawRecord, badLines: ReadonlySet<number>): boolean {
  let breaks = 0;
  for (const cell of record.cells) breaks += (cell.match(/\r\n|\r|\n/g) ?? []).length;
  for (let line = record.line; line <= record.line + breaks; line++) if (badLines.has(line)) return true;
  return false;
}
