/**
 * Reading one source: bytes -> decoded text -> CSV records -> rows of normalised cells, each
 * with its line and column. Everything that goes wrong becomes an Issue; nothing is thrown
 * for bad content.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { issue } from '../catalog.js';
import type { Bilingual, Issue } from '../types.js';
import type { Registry } from '../registry.js';
import type { Columns } from '../validate/columns.js';
import { CsvTokenizer, type RawRecord } from './csv.js';
import {
  BlockDecoder,
  decodeStream,
  detectFileEncoding,
  detectHeadEncoding,
  notATableParams,
  sniff,
  sniffDecided,
  textBlocks,
  UTF16_SAMPLE,
  type BadLine,
  type Bytes,
  type Encoding,
  type Sniffed,
} from './decode.js';
import { KnownLines, type CleanRows } from './roster-lines.js';
import { folderArchiveKind, memberBytes, memberChunks, memberHead, unreadableArchive } from './archive.js';
import { readFault } from './read-fault.js';
import { gunzipChunks, gunzipHead, gzipBytes } from './gzip.js';
import { brokenLinkTarget, OTHER_WORKBOOKS, readStart, SMALL_FILE_BYTES, takeReadAhead, type FilePath, type Source } from './sources.js';
import { isoDay } from './normalise.js';
import { TableReader, type TableShape } from './table.js';
import { Chunks, LinesInOrder, type Read } from './chunks.js';
import { readWorkbook } from './workbook-rows.js';

/** What reading needs besides the source. */
export interface ReadOptions {
  columns: Columns;
  /** The region: its code format, total-row words and what its whole is called. */
  region: Registry;
  /** The plan's id and a guess at the plan a header of other columns follows (wrong-plan). */
  plan?: TableShape['plan'];
  /** Overrides encoding detection. */
  encoding?: Encoding;
  /** Standard input, for `-`. */
  stdin?: Readable;
  /** The physical line holding the header; found by looking when not given. */
  headerRow?: number;
  /** The sheet of a workbook to read; the first by default. */
  sheet?: string;
  /** The plan's rosters, read where a header is theirs. */
  rosters?: TableShape['rosters'];
  /** The period every row must have (--period), which a file without a period column gives each row. */
  period?: string;
  /** The file's bytes, read already (smallFileBytes); undefined to read it here. */
  bytes?: Buffer;
  /** Told the bytes of a regular file as they are read for its rows: how far a progress bar has come. */
  onBytes?: (count: number) => void;
  /**
   * The checker's word on rows without a problem of their own cells (check.ts): a roster's later
   * lines that repeat one of them but for the ID number are read from their bytes (KnownLines).
   */
  cleanRows?: CleanRows;
}

/**
 * A regular file's bytes when it is small, read at once (a batch of a thousand monthly files reads
 * faster so than through the thread pool, ahead of their turn: measured), or as its folder's scan
 * read them (takeReadAhead); a small file of an archive or a
 * small gzipped one unpacked once, not for its head, its encoding and its rows in turn; undefined
 * when it is large or not a regular file, or cannot be read or unpacked (the usual path then reads
 * it, or says why).
 */
export function smallFileBytes(source: Source): Buffer | undefined {
  if (source.kind === 'member') return memberBytes(source.member, SMALL_FILE_BYTES);
  if (source.kind === 'gzip') return gzipBytes(source.path, SMALL_FILE_BYTES);
  if (source.kind !== 'file') return undefined;
  const readAhead = takeReadAhead(source);
  if (readAhead) return readAhead;
  try {
    // Looked at before it is opened: opening a FIFO would let its writer go on, and what it wrote would be lost when closed.
    const info = statSync(source.path);
    return info.isFile() && info.size <= SMALL_FILE_BYTES ? readStart(source.path, info.size) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first line of the file read last in each encoding, with what reading it gave: the files of
 * a batch begin with one header, whose line is then not decoded and split again. Kept only for a
 * line that quotes nothing, holds no CR but at its end, decoded without fault and ended in the
 * block: its cells and delimiter are then those of its bytes alone.
 */
const firstLines = new (class FirstLines {
  private readonly last = new Map<Encoding, { bytes: Buffer; delimiter: string; cells: readonly string[]; lineBreak: 'LF' | 'CRLF' }>();

  /** The line a block begins with, when it is the one kept for its encoding. */
  replay(block: Buffer, encoding: Encoding) {
    const seen = this.last.get(encoding);
    return seen && block.length >= seen.bytes.length && block.compare(seen.bytes, 0, seen.bytes.length, 0, seen.bytes.length) === 0
      ? seen
      : undefined;
  }

  /** Keeps the first line of a block the tokenizer has read past, with the cells it gave. */
  keep(block: Buffer, encoding: Encoding, tokenizer: CsvTokenizer, cells: readonly string[]): void {
    const lf = block.indexOf(LF_BYTE);
    if (lf < 0 || lf >= FIRST_LINE_BYTES || tokenizer.nextLine < 2) return;
    const crlf = lf > 0 && block[lf - 1] === CR_BYTE;
    const line = block.subarray(0, lf + 1);
    const cr = line.indexOf(CR_BYTE);
    if (line.includes(QUOTE_BYTE) || (cr >= 0 && cr !== lf - 1)) return;
    this.last.set(encoding, {
      bytes: Buffer.from(line),
      delimiter: String.fromCharCode(tokenizer.delimiter),
      cells,
      lineBreak: crlf ? 'CRLF' : 'LF',
    });
  }
})();

/** Off, every first line is decoded and split: the tests hold the two ways to the same report; `replayed` counts the lines taken again. */
export const firstLineReplay = { enabled: true, replayed: 0 };

const LF_BYTE = 0x0a;
const CR_BYTE = 0x0d;
const QUOTE_BYTE = 0x22;
/** First lines longer than this are not kept. */
const FIRST_LINE_BYTES = 64 * 1024;

const HEAD_BYTES = 64 * 1024;
const DELIMITERS = [',', '\t', ';', '，'];

/**
 * Reads a source's rows, in chunks with the problems found among them in place; the problems of
 * the file as a whole (its encoding, a workbook's sheets) go to `tell`.
 */
export async function* readRows(source: Source, options: ReadOptions, tell: (found: Issue) => void): AsyncGenerator<Read[]> {
  const file = source.name;
  if (source.kind === 'rows') {
    yield* readObjects(file, source.rows, options);
    return;
  }
  const format = OTHER_WORKBOOKS[extname(file).toLowerCase()];
  if (format) {
    tell(issue('workbook-format', { file, line: 1, column: 1, params: { format, a: /^[AEIOU]/.test(format) ? 'an' : 'a' } }));
    return;
  }
  let opened: Opened;
  // An archive found damaged part way through a file: what was read of it stands, its end is not told of (a header only, no rows).
  let damaged = false;
  const onDamage = (reason: Bilingual) => {
    damaged = true;
    // Told of a file of an archive (its kind by the archive's name) or of a gzipped table.
    tell(unreadableArchive(file, reason, source.kind === 'member' ? folderArchiveKind(String(source.member.archive)) : 'gzip'));
  };
  try {
    opened = await openSource(source, options, onDamage);
  } catch (error) {
    // A link of a folder that leads nowhere (a share not mounted) is told as such, not as a file missing where it is listed.
    const target = source.kind === 'file' || source.kind === 'gzip' ? brokenLinkTarget(source.path) : undefined;
    tell(issue('source', { file, params: target === undefined ? readFault(error) : { variant: 'broken-link', target } }));
    return;
  }
  const { sniffed, bytes, streamed } = opened;
  if (sniffed.unsupported) {
    tell(issue('encoding-unsupported', { file, line: 1, column: 1, params: { encoding: sniffed.unsupported } }));
    return;
  }
  if (sniffed.workbook) {
    // Standard input or a pipe has no name of its own that could belie what it holds.
    yield* readWorkbook(file, sniffed.workbook, bytes, options, tell, { named: !streamed, markup: sniffed.markup });
    return;
  }
  if (sniffed.document) {
    tell(issue('not-a-table', { file, line: 1, column: 1, params: notATableParams(sniffed.document) }));
    return;
  }
  const encoding = sniffed.encoding ?? 'utf-8';
  if (sniffed.overridden) tell(issue('encoding-bom', { file, params: { encoding: encoding.toUpperCase() } }));
  // An encoding --encoding named is not told back as detected.
  else if (encoding !== 'utf-8' && !options.encoding)
    tell(issue('encoding-detected', { file, params: { encoding: encoding.toUpperCase() } }));

  const badLines = new Set<number>();
  // A part of the file never written (zero-filled) was told: a file of nothing else is not told empty besides.
  let partLost = false;
  const records: RawRecord[] = [];
  let tokenizer: CsvTokenizer | undefined;
  const chunks = new Chunks();
  const table = new TableReader(file, options, chunks.tell, options.headerRow);
  // A line that does not decode is told once the tokenizer reaches it, so that the decoder's and the
  // tokenizer's problems come in line order, whether a block was decoded whole or line by line.
  const undecoded = new LinesInOrder(tell);
  const onBadLine = ({ line, utf8, cut }: BadLine) => {
    badLines.add(line);
    // An archive that ends part way through a character was told to be damaged or cut short.
    if (cut && damaged) return;
    undecoded.add(
      issue('encoding', { file, line, column: 1, params: cut ? CUT_SHORT(line) : encodingDetail(line, encoding, utf8, sniffed) }),
    );
  };
  /** Text into the tokenizer, and the undecodable lines it passed told. */
  const write = (text: string) => {
    tokenizer!.write(text);
    undecoded.tellUpTo(Infinity);
  };
  /** The first record's cells, while the first line may be kept for the files after this one (FirstLines). */
  let firstCells: string[] | undefined;
  const startTokenizer = (delimiter: string) => {
    table.commaSeparated = delimiter === ',';
    return new CsvTokenizer(
      delimiter,
      (record) => {
        // The tokenizer leaves a record's cells as they are once it is handed on: kept, not copied.
        if (record.line === 1 && !record.empty) firstCells = record.cells;
        records.push(record);
      },
      (problem) => {
        if (problem.code === 'zero-filled') partLost = true;
        undecoded.tellUpTo(tokenizer!.nextLine);
        tell(issue(problem.code, { file, line: problem.line, column: problem.column, params: problem.params ?? {} }));
      },
    );
  };
  /** The usual way: text into records, records into rows. */
  const usually = (piece: string) => {
    tokenizer ??= startTokenizer(detectDelimiter(piece));
    write(piece);
    return chunks.of(table.take(records.splice(0), badLines));
  };
  /** The lines that did not decode before the record being read, which nothing asks of again, let go: a file of them all is read in bounded memory. */
  const forgetBadLines = () => {
    if (badLines.size === 0 || !tokenizer) return;
    // In the order they were added, the order of their lines.
    for (const line of badLines) {
      if (line >= tokenizer.recordStart) break;
      badLines.delete(line);
    }
  };
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    for await (const piece of decodeStream(bytes, encoding, sniffed.bomLength, onBadLine)) {
      forgetBadLines();
      yield* usually(piece);
      if (tokenizer!.zeroedOut) break;
    }
  } else {
    // A long roster's lines that repeat a clean row but for the ID number are read from their bytes.
    const decoder = new BlockDecoder(encoding, onBadLine, sniffed.mixed);
    const known = options.cleanRows && !sniffed.mixed ? new KnownLines(file, options.cleanRows) : undefined;
    let first = !sniffed.mixed;
    for await (const block of textBlocks(bytes, sniffed.bomLength)) {
      forgetBadLines();
      const usual = tokenizer && { tokenizer, write, table, decoder, records, badLines };
      if (usual && known?.ready(usual)) yield* chunks.whole((take) => known.rows(block, usual, take));
      else {
        // A batch's files begin with one header: its line, seen before, is not decoded and split again.
        const seen = first && firstLineReplay.enabled ? firstLines.replay(block, encoding) : undefined;
        if (seen) {
          tokenizer = startTokenizer(seen.delimiter);
          tokenizer.replayFirstLine(seen.cells, seen.lineBreak);
          decoder.pass(1);
          firstLineReplay.replayed++;
        }
        yield* usually(decoder.decode(seen ? block.subarray(seen.bytes.length) : block));
        if (first && !seen && firstCells && !badLines.has(1)) firstLines.keep(block, encoding, tokenizer!, firstCells);
      }
      first = false;
      // A run of zeros that goes on and on (a device that never ends): the rest is not read.
      if (tokenizer?.zeroedOut) break;
    }
  }
  tokenizer?.end();
  yield* chunks.of(table.take(records.splice(0), badLines));
  if (!damaged) table.finish(partLost);
  yield* chunks.rest();
}

/**
 * Rows given in memory, read as a table: the keys (column ids or headers) make the header line,
 * each object a line after it, its values written as a cell would hold them.
 */
function* readObjects(file: string, objects: readonly Record<string, unknown>[], options: ReadOptions): Generator<Read[]> {
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const cell = (value: unknown): string =>
    value === null || value === undefined
      ? ''
      : typeof value === 'boolean'
        ? value
          ? '是'
          : '否'
        : typeof value === 'object'
          ? objectCell(value)
          : String(value);
  const records: RawRecord[] = [
    { line: 1, cells: keys, empty: keys.length === 0 },
    ...objects.map((o, i) => ({ line: i + 2, cells: keys.map((k) => cell(o[k])), empty: false })),
  ];
  const chunks = new Chunks();
  const table = new TableReader(file, options, chunks.tell, options.headerRow, true);
  yield* chunks.of(table.take(records, new Set()));
  table.finish();
  yield* chunks.rest();
}

/**
 * A cell given as an object, as a script hands it: a Date (a day as a workbook library reads a
 * date cell) as its day, YYYY-MM-DD, on the clock it was made by (UTC where it is a UTC midnight,
 * else the machine's); anything else as JSON, which its column then refuses (not "[object Object]",
 * nor an array's text, [1] as 1).
 */
function objectCell(value: object): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'Invalid Date';
    const utc = value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0 && value.getUTCMilliseconds() === 0;
    return utc
      ? isoDay(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())
      : isoDay(value.getFullYear(), value.getMonth() + 1, value.getDate());
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A source opened: what its first bytes say, its bytes, and whether it is read as a stream (standard input, a pipe) rather than a file. */
interface Opened {
  sniffed: Sniffed;
  bytes: Bytes;
  streamed?: boolean;
}

async function openSource(
  source: Exclude<Source, { kind: 'rows' }>,
  options: ReadOptions,
  onDamage: (reason: Bilingual) => void,
): Promise<Opened> {
  if (source.kind === 'stdin') return openStream(options.stdin ?? process.stdin, options);
  const whole = options.bytes;
  if (whole) {
    const head = whole.subarray(0, UTF16_SAMPLE);
    const sniffed = override(head, options) ?? (await detectFileEncoding([whole], head));
    if (!sniffed.workbook) options.onBytes?.(whole.length);
    return { sniffed, bytes: [whole] };
  }
  if (source.kind === 'gzip') {
    // Read for its head, its encoding and its rows, all counted against the bound together: a bomb's rows are not read.
    const tally = { unpacked: 0, packed: 0 };
    const head = await gunzipHead(source.path, tally, UTF16_SAMPLE);
    const sniffed =
      override(head, options) ??
      (await detectFileEncoding(
        gunzipChunks(source.path, tally, () => {}),
        head,
      ));
    return { sniffed, bytes: gunzipChunks(source.path, tally, onDamage, sniffed.workbook ? undefined : options.onBytes) };
  }
  if (source.kind === 'member') {
    // Unpacked twice, as a file is read twice: for its encoding (a damaged zip told once, as its rows are read), then for its rows.
    const head = memberHead(source.member, UTF16_SAMPLE);
    const sniffed =
      override(head, options) ??
      (await detectFileEncoding(
        memberChunks(source.member, () => {}),
        head,
      ));
    return { sniffed, bytes: memberChunks(source.member, onDamage, sniffed.workbook ? undefined : options.onBytes) };
  }
  // A pipe, a FIFO or <(...) can be read once only: it is read as standard input is.
  if (!statSync(source.path).isFile()) return openStream(createReadStream(source.path), options);
  const head = readStart(source.path, UTF16_SAMPLE);
  const sniffed = override(head, options) ?? (await detectFileEncoding(fileChunks(source.path, undefined, true), head));
  // A workbook is read whole before its rows: its bytes would fill a bar at once (the bar counts them once it is read).
  return { sniffed, bytes: fileChunks(source.path, sniffed.workbook ? undefined : options.onBytes) };
}

/** A large file is read this many bytes at a time. */
const READ_BYTES = 64 * 1024;

/**
 * A regular file's bytes, a piece at a time, each read at once (for its encoding, then for its
 * rows): the file is on a disk, and a read through the thread pool would keep the run waiting for
 * each piece in turn. With `again`, each piece is read into the memory of the one before, for a
 * reader that keeps none of them (the scan of its encoding): 48 MB read into new pieces took 110-140
 * ms in a loop of their own, into one 8 ms (in a run, which reuses pieces let go, the system's time
 * of a 1M-row roster fell 10-20%).
 */
async function* fileChunks(path: FilePath, onBytes?: (count: number) => void, again = false): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  const memory = again ? Buffer.allocUnsafeSlow(READ_BYTES) : undefined;
  try {
    for (;;) {
      const piece = memory ?? Buffer.allocUnsafe(READ_BYTES);
      const read = readSync(fd, piece, 0, READ_BYTES, null);
      if (read === 0) return;
      onBytes?.(read);
      yield read === READ_BYTES ? piece : piece.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** A stream read once: its encoding is told from its first 64 KiB, which are then read again from memory. */
async function openStream(stream: Readable, options: ReadOptions): Promise<Opened> {
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
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
  const sniffed = override(first, options) ?? detectHeadEncoding(first);
  async function* all(): AsyncGenerator<Buffer> {
    if (first.length) yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return { sniffed, bytes: all(), streamed: true };
}

/**
 * The encoding --encoding names, for a text without a byte-order mark; a BOM (or a workbook's
 * signature) says more than the option, so such files are detected as usual.
 */
function override(head: Uint8Array, options: ReadOptions): Sniffed | undefined {
  if (!options.encoding) return undefined;
  const found = sniff(head);
  if (sniffDecided(found)) return { ...found, overridden: found.encoding !== undefined && found.encoding !== options.encoding };
  const reads = detectHeadEncoding(head).encoding;
  return {
    encoding: options.encoding,
    bomLength: bomLength(head, options.encoding),
    ...(reads !== options.encoding ? { readsAs: reads } : {}),
  };
}

function bomLength(head: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return head[0] === 0xfe && head[1] === 0xff ? 2 : 0;
  return 0;
}

/** The encoding error of a file that ends within a character: cut short, not written in another encoding. */
const CUT_SHORT = (line: number) => ({ line, variant: 'cut-short' });

/** The params of an encoding error at a line (its kind, a variant in the catalog, and what it names). */
function encodingDetail(line: number, encoding: Encoding, utf8: boolean, sniffed: Sniffed): Record<string, string | number> {
  if (utf8) return { line, variant: 'utf8-among-gb18030' };
  if (sniffed.mixed) return { line, variant: 'gbk-among-utf8' };
  // --encoding named another encoding than the file's: the file need not be saved again.
  const reads = sniffed.readsAs;
  const name = encoding.toUpperCase();
  if (reads) return { line, variant: 'reads-as', encoding: name, reads: reads.toUpperCase(), reads_option: reads };
  return { line, variant: 'invalid', encoding: name };
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
