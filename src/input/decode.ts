/**
 * Encoding detection and strict streaming decoding. Detection follows the order of the
 * contract: a byte-order mark, then strict UTF-8 over the whole file, then strict GB18030.
 * Bytes that do not decode are reported at their line, never replaced silently.
 */
import type { Bilingual } from '../types.js';
import { isAscii, isUtf8 } from 'node:buffer';
import type { TextDecoder as Decoder } from 'node:util';
import { isTar } from './tar.js';
import { excerpt } from './normalise.js';

/** Bytes as they come: a stream's chunks, or a file read whole (an array of one buffer). */
export type Bytes = AsyncIterable<Buffer> | Iterable<Buffer>;

/** Encodings plan-check reads. */
export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** Encodings accepted by --encoding, with the names people type for them. */
export const ENCODING_NAMES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** What the first bytes of a file say about it. */
export interface Sniffed {
  encoding?: Encoding;
  bomLength: number;
  /** Set when the bytes are an Excel workbook rather than text. */
  workbook?: 'xlsx' | 'xls';
  /** Set for a workbook that is markup (read as an .xls is): an HTML table or Excel 2003's XML, as some systems export a "workbook". */
  markup?: Markup;
  /** Set when some lines are UTF-8 and others GB18030: the minority's lines are errors. */
  mixed?: boolean;
  /** Set when a byte-order mark names an encoding plan-check does not read (UTF-32). */
  unsupported?: string;
  /** Set when a byte-order mark decided the encoding against the one --encoding named. */
  overridden?: boolean;
  /** Set when --encoding named one encoding and the first bytes read as another: the fix of a line that does not decode. */
  readsAs?: Encoding;
  /** Set when the bytes are a document of another kind (a PDF, an image, an archive): what it is. */
  document?: Document;
}

/**
 * A file of another kind than a table: what it is, and whether it is an archive of files (to unpack,
 * not to save as a table), and the extension under which plan-check reads it as a folder (.zip, .7z,
 * .rar, .tar); or a system's reply saved in the data's place (JSON), or a report of plan-check's.
 */
export interface Document extends Bilingual {
  archive?: boolean;
  readAs?: '.zip' | '.7z' | '.rar' | '.tar';
  reply?: boolean;
  /** A report plan-check wrote (JSON), given as a submission. */
  report?: boolean;
}

/** The signatures of files sent by mistake for a table: a PDF, images, archives (an empty zip: an .xlsx of nothing). */
const DOCUMENTS: { signature: number[]; is: Document }[] = [
  { signature: [0x25, 0x50, 0x44, 0x46, 0x2d], is: { en: 'a PDF document', zh: '一个 PDF 文档' } },
  { signature: [0x89, 0x50, 0x4e, 0x47], is: { en: 'a PNG image', zh: '一张 PNG 图片' } },
  { signature: [0xff, 0xd8, 0xff], is: { en: 'a JPEG image', zh: '一张 JPEG 图片' } },
  { signature: [0x47, 0x49, 0x46, 0x38], is: { en: 'a GIF image', zh: '一张 GIF 图片' } },
  { signature: [0x1f, 0x8b], is: { en: 'a gzip archive', zh: '一个 gzip 压缩包', archive: true } },
  { signature: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], is: { en: 'a 7z archive', zh: '一个 7z 压缩包', archive: true, readAs: '.7z' } },
  { signature: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], is: { en: 'a RAR archive', zh: '一个 RAR 压缩包', archive: true, readAs: '.rar' } },
  { signature: [0x50, 0x4b, 0x05, 0x06], is: { en: 'an empty zip archive', zh: '一个空的 zip 压缩包' } },
];

/** The params of not-a-table for a document: what it is, and the kind of its fix (a variant in the catalog: an archive is unpacked, or read as one; anything else saved as a table). */
export function notATableParams(is: Document): Record<string, string> {
  const variant = is.readAs ? 'archive-read' : is.archive ? 'archive' : is.reply ? 'reply' : is.report ? 'report' : 'document';
  return { what: is.en, what_zh: is.zh, variant, ...(is.readAs ? { read_as: is.readAs } : {}) };
}

/** Whether sniff found what the file is without reading its text: its encoding by a mark, or that it is no text plan-check reads. */
export const sniffDecided = (found: Sniffed): boolean => Boolean(found.encoding || found.workbook || found.unsupported || found.document);

/** A workbook written as markup: an HTML table, or Excel 2003's XML Spreadsheet. */
export type Markup = 'html' | 'xml';

/** The place of the first byte from `at` on that is not a space, a tab or a line break. */
function pastSpaces(head: Uint8Array, at: number): number {
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x09 || head[at] === 0x0a || head[at] === 0x0d)) at++;
  return at;
}

/**
 * Whether the first bytes are a workbook written as markup, as systems export a "workbook" (.xls):
 * an HTML page or table, or Excel 2003's XML Spreadsheet (its namespace in the first bytes).
 */
function markupOf(head: Uint8Array): Markup | undefined {
  const at = pastSpaces(head, head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
  if (head[at] !== 0x3c) return undefined;
  const text = Buffer.from(head.buffer, head.byteOffset + at, head.length - at)
    .toString('latin1')
    .toLowerCase();
  if (/^<(?:!doctype html|html|head|meta|body|table)[\s>]/.test(text)) return 'html';
  return text.startsWith('<?xml') && text.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'xml' : undefined;
}

/**
 * The start of a JSON object or list the first bytes are (after a byte-order mark and spaces: `{"`,
 * `[{` or `[]`, spaces between or not), as a system replies (`{"code":401,"msg":"未登录"}`), quoted;
 * undefined where they are not. No table's first cell starts so.
 */
function jsonReply(head: Uint8Array): string | undefined {
  const at = pastSpaces(head, head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
  const first = head[at];
  if (first !== 0x7b && first !== 0x5b) return undefined;
  const second = head[pastSpaces(head, at + 1)];
  if (!((first === 0x7b && second === 0x22) || (first === 0x5b && (second === 0x7b || second === 0x5d)))) return undefined;
  const text = new TextDecoder('utf-8').decode(head.subarray(at, at + 240));
  return excerpt(text.replace(/\uFFFD+$/, '').replace(/\s+/g, ' '));
}

/** Reads a byte-order mark or a workbook signature from the first bytes. */
export function sniff(head: Uint8Array): Sniffed {
  const markup = markupOf(head);
  if (markup) return { bomLength: 0, workbook: 'xls', markup };
  const [a, b, c, d] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { bomLength: 4, unsupported: 'UTF-32LE' };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { bomLength: 4, unsupported: 'UTF-32BE' };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) return { bomLength: 0, workbook: 'xlsx' };
  if (a === 0xd0 && b === 0xcf && c === 0x11 && d === 0xe0) return { bomLength: 0, workbook: 'xls' };
  if (isTar(head)) return { bomLength: 0, document: { en: 'a tar archive', zh: '一个 tar 压缩包', archive: true, readAs: '.tar' } };
  const document = DOCUMENTS.find(({ signature }) => signature.every((byte, i) => head[i] === byte));
  return document ? { bomLength: 0, document: document.is } : { bomLength: 0 };
}

/** What a pass over the bytes found: lines with non-ASCII bytes that are UTF-8, and lines that are not. */
export interface EncodingScan {
  utf8Lines: number;
  otherLines: number;
  /** Non-ASCII lines that are valid UTF-8 and, byte for byte, GB2312 text as well. */
  eitherLines: number;
}

/**
 * Whether bytes are ASCII and GB2312 double-byte characters only (lead A1-F7 without the
 * unassigned rows AA-AF, trail A1-FE). A short GB2312 line can also be valid UTF-8; real UTF-8
 * Chinese almost never passes this test, as half its continuation bytes lie below A1.
 */
export function isGb2312(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    const trail = bytes[i + 1] ?? 0;
    if (lead < 0xa1 || lead > 0xf7 || (lead >= 0xaa && lead <= 0xaf) || trail < 0xa1 || trail > 0xfe) return false;
    i++;
  }
  return true;
}

/** Counts UTF-8 and non-UTF-8 lines (lines of ASCII only count for neither). */
export async function scanEncoding(stream: Bytes): Promise<EncodingScan> {
  const scan = { utf8Lines: 0, otherLines: 0, eitherLines: 0 };
  const look = (block: Buffer) => {
    if (isAscii(block)) return;
    if (isUtf8(block) && !isGb2312(block)) {
      scan.utf8Lines += countByte(block, 0x0a) || 1;
      return;
    }
    countLines(block, scan);
  };
  for await (const block of lineBlocks(stream)) look(block);
  return scan;
}

/**
 * Adds a block's lines to a scan, each by what its bytes are (a line of ASCII alone counts for
 * none): UTF-8 (strictly, as isUtf8: no overlong forms, surrogates or values past U+10FFFF), and
 * GB2312 in shape too (isGb2312), or not UTF-8. One pass over the bytes, without a call per line:
 * the per-line calls took a GB18030 roster 0.3 s a million lines. A line includes its break (LF,
 * CRLF or CR): a sequence the break cuts is neither.
 */
export function countLines(block: Uint8Array, scan: EncodingScan): void {
  // Per line: a byte past ASCII seen; still UTF-8; still GB2312. UTF-8: continuation bytes due, and
  // the range of the next one; GB2312: a trail byte due. Plain locals, no closure: this loop is hot.
  let high = false;
  let utf8 = true;
  let gb = true;
  let due = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let trail = false;
  let utf8Lines = 0;
  let otherLines = 0;
  let eitherLines = 0;
  const length = block.length;
  let i = 0;
  for (;;) {
    // Passed over: ASCII that is not a line break, with nothing due (most bytes of a roster).
    if (due === 0 && !trail) {
      while (i < length) {
        const c = block[i]!;
        if (c >= 0x80 || c === 0x0a || c === 0x0d) break;
        i++;
      }
    }
    const b = i < length ? block[i]! : -1;
    if (b < 0x80) {
      if (due > 0) utf8 = false;
      if (trail) gb = false;
      due = 0;
      trail = false;
      // A line ends at its break, or where the block does (the LF of a CRLF ends an empty line, which counts for none).
      if (b === 0x0a || b === 0x0d || b === -1) {
        if (high) {
          if (!utf8) otherLines++;
          else if (gb) eitherLines++;
          else utf8Lines++;
        }
        if (b === -1) break;
        high = false;
        utf8 = true;
        gb = true;
      }
      i++;
      continue;
    }
    high = true;
    if (gb) {
      if (trail) {
        gb = b >= 0xa1 && b <= 0xfe;
        trail = false;
      } else if (b < 0xa1 || b > 0xf7 || (b >= 0xaa && b <= 0xaf)) gb = false;
      else trail = true;
    }
    if (due > 0) {
      if (b < lo || b > hi) utf8 = false;
      due--;
      lo = 0x80;
      hi = 0xbf;
    } else if (b >= 0xc2 && b <= 0xf4) {
      // A lead byte: how many continuation bytes follow, and the range of the first (Unicode table 3-7).
      due = b <= 0xdf ? 1 : b <= 0xef ? 2 : 3;
      lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    } else utf8 = false;
    i++;
    if (!utf8) {
      // Not UTF-8, so not UTF-8 whatever follows: on to the line's break.
      while (i < length) {
        const c = block[i]!;
        if (c === 0x0a || c === 0x0d) break;
        i++;
      }
      due = 0;
      trail = false;
    }
  }
  scan.utf8Lines += utf8Lines;
  scan.otherLines += otherLines;
  scan.eitherLines += eitherLines;
}

function countByte(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let i = bytes.indexOf(byte); i !== -1; i = bytes.indexOf(byte, i + 1)) count++;
  return count;
}

/** Offset just after the last line break of a block, or 0. */
function lastBreak(bytes: Buffer): number {
  return Math.max(bytes.lastIndexOf(0x0a), bytes.lastIndexOf(0x0d)) + 1;
}

/** Where the first line of bytes that hold a line break ends: after its LF, CR or CRLF. */
function firstBreak(bytes: Buffer): number {
  const lf = bytes.indexOf(0x0a);
  const cr = bytes.indexOf(0x0d);
  const at = (lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr)) + 1;
  return bytes[at - 1] === 0x0d && bytes[at] === 0x0a ? at + 1 : at;
}

/** [start, end) of each line of a block, its line break included; LF, CRLF and CR end lines. */
function* lineRanges(block: Uint8Array): Generator<[number, number]> {
  let from = 0;
  while (from < block.length) {
    let to = from;
    while (to < block.length && block[to] !== 0x0a && block[to] !== 0x0d) to++;
    if (to < block.length) to += block[to] === 0x0d && block[to + 1] === 0x0a ? 2 : 1;
    yield [from, to];
    from = to;
  }
}

/**
 * UTF-16 written without a byte-order mark (some exports are), told by its zero bytes: every ASCII
 * character (a delimiter, a digit) is a zero byte and its own, so the first bytes hold zeros, nearly
 * all on one side of their pairs (a CJK character's low byte is seldom zero). UTF-8 and GB18030 text
 * holds none, and zeros that pad a file stand on both sides.
 */
export function unmarkedUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(head.length, UTF16_SAMPLE) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i & 1) odd++;
    else even++;
  }
  // A few zeros (a stray one is a fault of its own), nine of ten on one side.
  if (even + odd < 4) return undefined;
  if (odd >= 9 * even) return 'utf-16le';
  return even >= 9 * odd ? 'utf-16be' : undefined;
}

/** The first bytes unmarkedUtf16 looks at. */
export const UTF16_SAMPLE = 1024;

/**
 * What a submission's first bytes tell alone: a byte-order mark, a workbook's signature, JSON in a
 * table's place, UTF-16 by its zero bytes, binary data of no kind plan-check knows; undefined when
 * the text must be read.
 */
function sniffHead(head: Uint8Array): Sniffed | undefined {
  const found = sniff(head);
  // JSON in a table's place, a byte-order mark before it or not: a system's reply saved as the data (a plan's schema, read
  // as a person's file, is JSON of course).
  const reply = found.workbook || found.document || found.unsupported ? undefined : jsonReply(head);
  if (reply !== undefined && /^\{ ?"plan" ?:/.test(reply))
    return { bomLength: 0, document: { en: "a report of plan-check's (JSON)", zh: ' plan-check 的报告（JSON）', report: true } };
  if (reply !== undefined) return { bomLength: 0, document: { en: `JSON (${reply})`, zh: ` JSON（${reply}）`, reply: true } };
  if (sniffDecided(found)) return found;
  const utf16 = unmarkedUtf16(head);
  const binary = utf16 ? isBinary(utf16Units(head, utf16), true) : isBinary(head.subarray(0, UTF16_SAMPLE), false);
  if (binary) return { bomLength: 0, document: { en: 'binary data (no text)', zh: '二进制数据（不是文本）' } };
  return utf16 ? { encoding: utf16, bomLength: 0 } : undefined;
}

/** The UTF-16 code units of the first bytes (UTF16_SAMPLE of them at most), in their byte order. */
function utf16Units(head: Uint8Array, order: 'utf-16le' | 'utf-16be'): Uint16Array {
  const units = new Uint16Array(Math.min(head.length, UTF16_SAMPLE) >> 1);
  for (let i = 0; i < units.length; i++)
    units[i] = order === 'utf-16le' ? head[2 * i]! | (head[2 * i + 1]! << 8) : (head[2 * i]! << 8) | head[2 * i + 1]!;
  return units;
}

/**
 * Whether the first characters (bytes, or UTF-16's code units where `wide`) are binary data (a program,
 * a database file, a document of a kind with no signature known here: a tenth or more of their bytes
 * are such), which the zero bytes of UTF-16 may look like: control characters no text holds (text has
 * tabs, line breaks, a vertical tab where some exports break a cell's lines, a form feed and DOS's
 * end-of-file mark), and in UTF-16 the C1 controls, non-characters and halves of characters alone;
 * eight or more, one in twenty of the characters but NULs (in UTF-16, one in a hundred; a text cut
 * short by zeros is told as such: zero-filled).
 */
function isBinary(units: ArrayLike<number>, wide: boolean): boolean {
  let control = 0;
  let counted = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit === 0) continue;
    counted++;
    if (unit >= 0xd800 && unit <= 0xdbff && (units[i + 1] ?? 0) >= 0xdc00 && (units[i + 1] ?? 0) <= 0xdfff) {
      i++;
      counted++;
    } else if (
      (unit < 0x20 && (unit < 0x09 || unit > 0x0d) && unit !== 0x1a) ||
      unit === 0x7f ||
      (wide && ((unit >= 0x80 && unit <= 0x9f) || (unit >= 0xd800 && unit <= 0xdfff) || unit >= 0xfffe))
    )
      control++;
  }
  // UTF-16's code units of binary data are seldom controls but often halves of characters alone (3 in 100 of random ones).
  return control >= 8 && control * (wide ? 100 : 20) >= counted;
}

/** Picks the encoding of a file from its bytes: BOM, then UTF-16 by its zero bytes, UTF-8 if every line is, else GB18030, else the majority. */
export async function detectFileEncoding(bytes: Bytes, head: Uint8Array): Promise<Sniffed> {
  const found = sniffHead(head);
  if (found) return found;
  const { utf8Lines, otherLines } = await scanEncoding(bytes);
  if (otherLines === 0) return { encoding: 'utf-8', bomLength: 0 };
  // Lines that read either way go with the GB18030 majority they stand in.
  if (utf8Lines === 0) return { encoding: 'gb18030', bomLength: 0 };
  return { encoding: utf8Lines > otherLines ? 'utf-8' : 'gb18030', bomLength: 0, mixed: true };
}

/** Picks the encoding of a stream from its first bytes only (standard input is read once). */
export function detectHeadEncoding(head: Uint8Array): Sniffed {
  const found = sniffHead(head);
  if (found) return found;
  try {
    // As a stream: a character the sample cuts at its end does not count.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}

/**
 * The text of a small file a person wrote (a plan, its region, a schema), its encoding found as a
 * submission's is: a byte-order mark (left out of the text), else UTF-8, else GB18030, which a
 * Chinese Windows saves as "ANSI". Otherwise the first line neither reads, or what the bytes are: `not`, what the text is not (in Chinese the whole phrase, 不是 …).
 */
export function decodeWritten(bytes: Uint8Array): { text: string } | { line: number; column: number; not: Bilingual } {
  const found = sniff(bytes);
  if (found.unsupported)
    return {
      line: 1,
      column: 1,
      not: { en: `${found.unsupported} text, which plan-check does not read`, zh: `不是 plan-check 能读的文本（${found.unsupported}）` },
    };
  if (found.workbook && !found.markup)
    return { line: 1, column: 1, not: { en: 'text but an Excel workbook', zh: '不是文本，而是 Excel 工作簿' } };
  if (found.document) return { line: 1, column: 1, not: { en: `text but ${found.document.en}`, zh: `不是文本，而是${found.document.zh}` } };
  const body = bytes.subarray(found.bomLength);
  const strictly = (encoding: Encoding, part: Uint8Array): string | undefined => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(part);
    } catch {
      return undefined;
    }
  };
  if (found.encoding) {
    const text = strictly(found.encoding, body);
    return text === undefined
      ? {
          line: 1,
          column: 1,
          not: { en: `${found.encoding} text, as its byte-order mark says`, zh: `不是字节顺序标记所说的 ${found.encoding} 文本` },
        }
      : { text };
  }
  if (isUtf8(body)) return { text: new TextDecoder().decode(body) };
  const text = strictly('gb18030', body);
  if (text !== undefined) return { text };
  // The first line that reads neither way, else the first that is not UTF-8 (lines of both kinds); where in it UTF-8 stops.
  const where = (line: number, part: Uint8Array, not: Bilingual) => ({
    line,
    column: new TextDecoder().decode(part).indexOf('\ufffd') + 1 || 1,
    not,
  });
  let other: ReturnType<typeof where> | undefined;
  for (let start = 0, line = 1; start < body.length; line++) {
    const lf = body.indexOf(0x0a, start);
    const end = lf < 0 ? body.length : lf + 1;
    const part = body.subarray(start, end);
    if (!isUtf8(part)) {
      if (strictly('gb18030', part) === undefined)
        return where(line, part, { en: 'UTF-8 or GB18030 text', zh: '不是 UTF-8 或 GB18030 文本' });
      other ??= where(line, part, {
        en: 'UTF-8 as other lines are (some GB18030, some UTF-8)',
        zh: '不是与其他行一样的 UTF-8（有的行是 GB18030，有的是 UTF-8）',
      });
    }
    start = end;
  }
  return other!;
}

/** A line whose bytes did not decode, or (in a mixed file) are UTF-8 among GB18030 lines. */
export interface BadLine {
  line: number;
  utf8: boolean;
  /** The line ends the file within a character: the file was cut short (copied or downloaded in part), not written in another encoding. */
  cut?: boolean;
}

/**
 * Decodes a byte stream into text pieces that end on line breaks. Lines with bytes invalid in
 * the encoding are decoded with U+FFFD so that the structure holds, and reported through
 * onBadLine so that their rows are refused.
 */
export async function* decodeStream(
  stream: Bytes,
  encoding: Encoding,
  skip: number,
  onBadLine: (bad: BadLine) => void,
  mixed = false,
): AsyncGenerator<string> {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    yield* decodeUtf16(skip > 0 ? skipBytes(stream, skip) : stream, encoding, onBadLine);
    return;
  }
  const decoder = new BlockDecoder(encoding, onBadLine, mixed);
  for await (const block of textBlocks(stream, skip)) yield decoder.decode(block);
}

/**
 * The blocks of whole lines of a UTF-8 or GB18030 stream (lineBlocks), after its first `skip` bytes
 * (a byte-order mark), of about 64 KiB at most: a file read whole comes in several, so that the
 * lines after its header's block may be read from their bytes (input/roster-lines.ts).
 */
export async function* textBlocks(stream: Bytes, skip: number): AsyncGenerator<Buffer> {
  // The first blocks are short: a roster's lines are known from the rows of the blocks before
  // them, which the second block's lines are remembered from (input/roster-lines.ts).
  let blocks = 0;
  const size = () => (blocks < FIRST_BLOCKS ? FIRST_TEXT_BLOCK : TEXT_BLOCK);
  for await (const block of lineBlocks(skip > 0 ? skipBytes(stream, skip) : stream)) {
    let from = 0;
    while (block.length - from > size()) {
      const cut = block.lastIndexOf(0x0a, from + size()) + 1;
      if (cut <= from) break;
      blocks++;
      yield block.subarray(from, cut);
      from = cut;
    }
    blocks++;
    yield from === 0 ? block : block.subarray(from);
  }
}

/** The size textBlocks cuts blocks to, and how many first blocks of a file to a smaller size. */
const TEXT_BLOCK = 64 * 1024;
const FIRST_TEXT_BLOCK = 8 * 1024;
const FIRST_BLOCKS = 2;

const BLOCK_DECODERS = new Map<string, [strict: Decoder, lenient: Decoder]>();

/**
 * The strict and lenient decoders of an encoding, made once: each decode() is a whole call, which
 * keeps nothing from one to the next, so that the files of a batch share them (ICU opens a
 * converter for each decoder made: 10 ms of 840 files, where a third are GB18030).
 */
function blockDecoders(encoding: 'utf-8' | 'gb18030'): [strict: Decoder, lenient: Decoder] {
  let pair = BLOCK_DECODERS.get(encoding);
  // A byte-order mark is passed over by its bytes (skip): a U+FEFF that begins a block, a line on its own, is the file's text.
  if (!pair)
    BLOCK_DECODERS.set(
      encoding,
      (pair = [new TextDecoder(encoding, { fatal: true, ignoreBOM: true }), new TextDecoder(encoding, { ignoreBOM: true })]),
    );
  return pair;
}

/**
 * Decodes blocks of whole lines of UTF-8 or GB18030 (textBlocks) as decodeStream does, telling the
 * lines whose bytes do not decode; lines read elsewhere are passed over with pass(), so that the
 * lines told stay right.
 */
export class BlockDecoder {
  private readonly strict: Decoder;
  private readonly lenient: Decoder;
  private readonly lines = new LineCounter();

  constructor(
    encoding: 'utf-8' | 'gb18030',
    private readonly onBadLine: (bad: BadLine) => void,
    private readonly mixed = false,
  ) {
    [this.strict, this.lenient] = blockDecoders(encoding);
  }

  /** The text of a block of whole lines, or of one line of it. */
  decode(block: Buffer): string {
    return decodeBlock(block, this.strict, this.lenient, this.lines, this.onBadLine, this.mixed);
  }

  /** Whether bytes are text of the encoding as decode() asks of a line on its own (part of one: they are cut at ASCII). */
  isText(bytes: Uint8Array, from = 0, to = bytes.length): boolean {
    // Valid UTF-8 decodes (both are the WHATWG's); a GB18030 shape may still hold a four-byte sequence past the table.
    if (this.strict.encoding === 'utf-8') return isUtf8Range(bytes, from, to);
    const shape = gb18030Shape(bytes, from, to);
    if (shape !== 'four') return shape === 'two';
    try {
      this.strict.decode(bytes.subarray(from, to));
      return true;
    } catch {
      return false;
    }
  }

  /** The text of bytes isText() found to be text, as decode() gives it within a line. */
  text(bytes: Buffer, from: number, to: number): string {
    return this.strict.encoding === 'utf-8' ? bytes.toString('utf8', from, to) : this.strict.decode(bytes.subarray(from, to));
  }

  /**
   * The text of bytes of printable ASCII, CJK ideographs (U+4E00-U+9FFF) and full-width forms of
   * ASCII (U+FF01-U+FF5E: a name's （）), with no space at either end, as cleanText makes it (NFKC
   * turns a full-width form into its ASCII), decoded without a call out of JavaScript: in UTF-8 each
   * of the others three bytes, in GB18030 two. Undefined for any other bytes.
   */
  plainText(bytes: Uint8Array, from: number, to: number): string | undefined {
    return this.strict.encoding === 'utf-8' ? plainOf(bytes, from, to, utf8Plain, 3) : plainOf(bytes, from, to, gb18030Plain, 2);
  }

  /** Passes over whole lines read without decoding them, each ended by LF (or CRLF). */
  pass(lines: number): void {
    this.lines.skip(lines);
  }
}

/** A line longer than this is cut into pieces (at a byte no character spans) to keep memory bounded. */
const LONG_LINE = 4 * 1024 * 1024;

/**
 * The stream in blocks that end on a line break: LF and CR never occur inside a UTF-8 or
 * GB18030 character, so cutting after one is safe. The bytes after the last break wait in a
 * list, not in a buffer copied at each chunk, so a file without breaks reads in linear time; a
 * line past LONG_LINE is cut after a byte below 0x30 (a comma, a quote, a space), which is no
 * part of any multi-byte character in either encoding.
 */
export async function* lineBlocks(stream: Bytes): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const end = lastBreak(chunk);
    if (end > 0) {
      let from = 0;
      if (pending.length) {
        // The line begun in the chunks before, a block of its own: joined to the whole chunk, every byte of
        // a file was copied once more, into memory of its own (68 ms of a 48 MB roster's profile).
        from = firstBreak(chunk);
        yield Buffer.concat([...pending, chunk.subarray(0, from)]);
      }
      if (from < end) yield chunk.subarray(from, end);
      // Copies: the bytes kept wait past the next chunk, which may be read into the same memory (fileChunks).
      pending = end < chunk.length ? [Buffer.from(chunk.subarray(end))] : [];
      size = chunk.length - end;
    } else {
      pending.push(Buffer.from(chunk));
      size += chunk.length;
    }
    if (size > LONG_LINE) {
      const all = Buffer.concat(pending);
      let cut = all.length;
      for (let i = all.length - 1; i >= Math.max(0, all.length - 65_536); i--) {
        if (all[i]! < 0x30) {
          cut = i + 1;
          break;
        }
      }
      yield all.subarray(0, cut);
      pending = cut < all.length ? [all.subarray(cut)] : [];
      size = all.length - cut;
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

function decodeBlock(
  block: Buffer,
  strict: Decoder,
  lenient: Decoder,
  lines: LineCounter,
  onBadLine: (bad: BadLine) => void,
  mixed: boolean,
): string {
  if (!mixed) {
    try {
      const text = strict.decode(block);
      lines.count(block, 0, block.length);
      return text;
    } catch {
      // find the lines at fault below
    }
  }
  let out = '';
  for (const [from, to] of lineRanges(block)) {
    const piece = block.subarray(from, to);
    // In a GB18030 file with UTF-8 lines, a non-ASCII line that is valid UTF-8 is one of them.
    const utf8 = mixed && strict.encoding === 'gb18030' && !isAscii(piece) && isUtf8(piece) && !isGb2312(piece);
    // A structural check first: a file of many bad lines must not cost an exception each.
    const valid = !utf8 && (strict.encoding === 'utf-8' ? isUtf8(piece) : gb18030Shape(piece) !== false);
    let text: string | undefined;
    if (valid) {
      try {
        text = strict.decode(piece);
      } catch {
        // a four-byte sequence past the table: reported below
      }
    }
    if (text === undefined) {
      // The bytes after the last line break end the file (lineBlocks cuts a long line only after ASCII).
      const last = to === block.length && block[to - 1] !== 0x0a && block[to - 1] !== 0x0d;
      onBadLine({ line: lines.line, utf8, ...(last && endsWithinCharacter(piece, strict.encoding) ? { cut: true } : {}) });
      text = lenient.decode(piece);
    }
    out += text;
    lines.count(block, from, to);
  }
  return out;
}

/**
 * Whether bytes that do not decode would but for a character begun at their end and not finished:
 * text cut short within a character (a lead byte and fewer of its bytes than it needs).
 */
export function endsWithinCharacter(bytes: Uint8Array, encoding: string): boolean {
  for (let begun = 1; begun <= Math.min(3, bytes.length); begun++) {
    const lead = bytes[bytes.length - begun]!;
    const before = bytes.subarray(0, bytes.length - begun);
    if (encoding === 'utf-8') {
      if (lead >= 0x80 && lead < 0xc0) continue;
      const needs = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
      return needs > begun && isUtf8(before);
    }
    // GB18030: a two-byte character's first byte, or the first two or three of a four-byte one (its second a digit).
    const second = bytes[bytes.length - begun + 1];
    if (lead >= 0x81 && lead <= 0xfe && (begun === 1 || (second! >= 0x30 && second! <= 0x39)) && gb18030Shape(before) !== false)
      return true;
  }
  return false;
}

/** The longest plainUtf8 decodes, in bytes; its code units, as they are read. */
const PLAIN_BYTES = 192;
const plainUnits = new Uint16Array(PLAIN_BYTES);

/**
 * BlockDecoder.plainText: ASCII as it is, each other character of `width` bytes read by `plain`
 * (its code unit as cleanText leaves it, or -1 for one not plain).
 */
function plainOf(
  bytes: Uint8Array,
  from: number,
  to: number,
  plain: (bytes: Uint8Array, at: number, to: number) => number,
  width: number,
): string | undefined {
  if (to - from > PLAIN_BYTES || to <= from) return undefined;
  const units = plainUnits;
  let n = 0;
  for (let i = from; i < to;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      if (lead < 0x20 || lead === 0x7f) return undefined;
      units[n++] = lead;
      i++;
      continue;
    }
    const unit = plain(bytes, i, to);
    if (unit < 0) return undefined;
    units[n++] = unit;
    i += width;
  }
  if (units[0] === 0x20 || units[n - 1] === 0x20) return undefined;
  return unitsText(units, n);
}

/** A character's code unit as cleanText leaves it: a CJK ideograph as it is, a full-width form of ASCII as that ASCII; -1 for any other. */
function plainUnit(unit: number): number {
  if (unit >= 0x4e00 && unit <= 0x9fff) return unit;
  return unit >= 0xff01 && unit <= 0xff5e ? unit - 0xfee0 : -1;
}

/** plainOf's character of UTF-8 at a byte past ASCII: three bytes, E4 B8 80 to E9 BF BF or EF BC 81 to EF BD 9E (no other lead, so no overlong form). */
function utf8Plain(bytes: Uint8Array, at: number, to: number): number {
  const lead = bytes[at]!;
  if (at + 3 > to || !((lead >= 0xe4 && lead <= 0xe9) || lead === 0xef)) return -1;
  const second = bytes[at + 1]!;
  const third = bytes[at + 2]!;
  if ((second & 0xc0) !== 0x80 || (third & 0xc0) !== 0x80) return -1;
  return plainUnit(((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f));
}

/**
 * plainOf's character of GB18030 at a byte past ASCII: two bytes, lead 81-FE and trail 40-7E or
 * 80-FE; any other two (a four-byte sequence's, a lone 80) have no code unit in the table.
 */
function gb18030Plain(bytes: Uint8Array, at: number, to: number): number {
  return at + 2 > to ? -1 : plainUnit(gb18030Pairs()[(bytes[at]! << 8) | bytes[at + 1]!]!);
}

let gbUnits: Uint16Array | undefined;

/** GB18030's two-byte characters as code units, by lead and trail byte (0 for two bytes that are none): made once, by the decoder itself, when first asked for. */
export function gb18030Pairs(): Uint16Array {
  return (gbUnits ??= gb18030Units());
}

function gb18030Units(): Uint16Array {
  const units = new Uint16Array(0x10000);
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
  const text = new TextDecoder('gb18030').decode(Uint8Array.from(pairs));
  // Each two bytes one code unit (the Basic Plane); were it otherwise, no character is taken as plain.
  if (text.length !== pairs.length / 2) return units;
  for (let k = 0; k < text.length; k++) units[(pairs[2 * k]! << 8) | pairs[2 * k + 1]!] = text.charCodeAt(k);
  return units;
}

/**
 * The text of code units: String.fromCharCode of up to eight arguments at a time stays in
 * JavaScript, where a call of its own per character, or one spread over all, costs a call out.
 */
function unitsText(u: Uint16Array, n: number): string {
  const char = String.fromCharCode;
  let text = '';
  let at = 0;
  for (; n - at >= 8; at += 8) text += char(u[at]!, u[at + 1]!, u[at + 2]!, u[at + 3]!, u[at + 4]!, u[at + 5]!, u[at + 6]!, u[at + 7]!);
  switch (n - at) {
    case 1:
      return text + char(u[at]!);
    case 2:
      return text + char(u[at]!, u[at + 1]!);
    case 3:
      return text + char(u[at]!, u[at + 1]!, u[at + 2]!);
    case 4:
      return text + char(u[at]!, u[at + 1]!, u[at + 2]!, u[at + 3]!);
    case 5:
      return text + char(u[at]!, u[at + 1]!, u[at + 2]!, u[at + 3]!, u[at + 4]!);
    case 6:
      return text + char(u[at]!, u[at + 1]!, u[at + 2]!, u[at + 3]!, u[at + 4]!, u[at + 5]!);
    case 7:
      return text + char(u[at]!, u[at + 1]!, u[at + 2]!, u[at + 3]!, u[at + 4]!, u[at + 5]!, u[at + 6]!);
    default:
      return text;
  }
}

/**
 * Whether bytes[from, to) are UTF-8 as isUtf8 has it (no overlong forms, surrogates or values
 * past U+10FFFF), read where they stand: a field of a line is checked without a Buffer made for it.
 */
export function isUtf8Range(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The continuation bytes a lead byte asks for, and the range its first one must fall in.
    let more: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) more = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      more = 3;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return false;
    if (i + more >= to) return false;
    const first = bytes[i + 1]!;
    if (first < low || first > high) return false;
    for (let k = 2; k <= more; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return false;
    }
    i += more + 1;
  }
  return true;
}

/**
 * The shape of GB18030 bytes: none (false); ASCII and two-byte sequences only, which always decode
 * ('two': every lead 81-FE with a trail 40-7E or 80-FE is in the table); or with four-byte
 * sequences, which may lie past the table ('four').
 */
function gb18030Shape(bytes: Uint8Array, from = 0, to = bytes.length): false | 'two' | 'four' {
  let shape: 'two' | 'four' = 'two';
  const at = (i: number) => (i < to ? bytes[i]! : 0);
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) return false;
    const second = at(i + 1);
    if (second >= 0x30 && second <= 0x39) {
      const third = at(i + 2);
      const fourth = at(i + 3);
      if (third < 0x81 || third > 0xfe || fourth < 0x30 || fourth > 0x39) return false;
      shape = 'four';
      i += 3;
    } else {
      if (second < 0x40 || second === 0x7f || second > 0xfe) return false;
      i++;
    }
  }
  return shape;
}

/** Counts physical lines (LF, CRLF and CR each end one) across blocks. */
class LineCounter {
  line = 1;
  private lastWasCR = false;

  /** Lines ended by LF (or CRLF), counted without looking at them. */
  skip(lines: number): void {
    this.line += lines;
    this.lastWasCR = false;
  }

  count(bytes: Buffer, from: number, to: number): void {
    // Fast path: no CR in the block, so every LF ends a line.
    if (!this.lastWasCR && bytes.indexOf(0x0d, from) === -1) {
      for (let i = bytes.indexOf(0x0a, from); i !== -1 && i < to; i = bytes.indexOf(0x0a, i + 1)) this.line++;
      return;
    }
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      if (b === 0x0a) {
        if (!this.lastWasCR) this.line++;
        this.lastWasCR = false;
      } else if (b === 0x0d) {
        this.line++;
        this.lastWasCR = true;
      } else {
        this.lastWasCR = false;
      }
    }
  }
}

/** The stream without its first `count` bytes (a byte-order mark). */
async function* skipBytes(stream: Bytes, count: number): AsyncGenerator<Buffer> {
  let left = count;
  for await (const chunk of stream) {
    const cut = Math.min(left, chunk.length);
    left -= cut;
    if (cut < chunk.length) yield cut > 0 ? chunk.subarray(cut) : chunk;
  }
}

/** A UTF-16 code unit without its other half: a lone surrogate. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * UTF-16 decoded by code units, so that a lone surrogate costs only its line: that line is
 * reported (and read with U+FFFD), the rest of the file is read.
 */
async function* decodeUtf16(stream: Bytes, encoding: 'utf-16le' | 'utf-16be', onBadLine: (bad: BadLine) => void): AsyncGenerator<string> {
  let line = 1;
  let odd: Buffer = Buffer.alloc(0);
  let carry = '';
  const lines = (text: string): string => {
    const pieces = text.split('\n');
    pieces.forEach((piece, i) => {
      if (LONE_SURROGATE.test(piece)) {
        onBadLine({ line: line + i, utf8: false });
        pieces[i] = piece.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
      }
    });
    line += pieces.length - 1;
    return pieces.join('\n');
  };
  for await (const chunk of stream) {
    const bytes = odd.length ? Buffer.concat([odd, chunk]) : chunk;
    const even = bytes.length - (bytes.length % 2);
    odd = bytes.subarray(even);
    const units = Buffer.from(bytes.subarray(0, even));
    if (encoding === 'utf-16be') units.swap16();
    const text = carry + units.toString('utf16le');
    // Keep the last line for the next chunk: its surrogate pair, or its lone half, may be cut.
    let cut = text.lastIndexOf('\n') + 1;
    if (text.length - cut > 65_536) cut = /[\uD800-\uDBFF]$/.test(text) ? text.length - 1 : text.length;
    carry = text.slice(cut);
    if (cut > 0) yield lines(text.slice(0, cut));
  }
  if (odd.length) carry += '\uD800';
  if (carry) yield lines(carry);
}
