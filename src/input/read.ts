/**
 * Reading one source: bytes -> decoded text -> CSV records -> rows of normalised cells, each
 * with its line and column. Everything that goes wrong becomes an Issue; nothing is thrown
 * for bad content.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { issue } from '../catalog.js';
import type { Issue, Row } from '../types.js';
import type { Registry } from '../registry.js';
import type { Columns } from '../validate/columns.js';
import { CsvTokenizer, type RawRecord } from './csv.js';
import { decodeStream, detectFileEncoding, detectHeadEncoding, sniff, type Encoding, type Sniffed } from './decode.js';
import { readSheet, WorkbookError, type Sheet } from './xlsx.js';
import type { Source } from './sources.js';
import { TableReader } from './table.js';

/** What reading needs besides the source. */
export interface ReadOptions {
  columns: Columns;
  /** The region: its code format, total-row words and what its whole is called. */
  region: Registry;
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
  const table = new TableReader(file, options, report, options.headerRow);
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
  const table = new TableReader(file, options, report, options.headerRow, true);
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
    const sniffed = options.encoding && !sniff(head).workbook ? { encoding: options.encoding, bomLength: bomLength(head, options.encoding) } : await detectFileEncoding(source.path, head);
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
