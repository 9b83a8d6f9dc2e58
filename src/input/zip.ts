/**
 * The zip container of a workbook, or of a drop sent as a zip (archive.ts), read part by part: the
 * central directory lists the parts, and a part is inflated only when it is read, in small pieces,
 * against one budget of unpacked bytes for the whole zip (and, where asked, a bound on how much
 * more than their packed bytes the parts unpack to). A zip bomb stops at the budget, whatever the
 * directory claims; memory holds the compressed file and one piece at a time (or a small part
 * whole: packed in 64 KB or less, it is unpacked at once, up to 4 MiB; so is a part read to its
 * end, up to 64 MiB). A part is read synchronously (inflate(): fflate's inflater, paused after each
 * piece) or, for a sheet read to its end, as Node's zlib unpacks it on its own thread (stream()).
 */
import { isUtf8 } from 'node:buffer';
import { fflatePackage, zlibModule } from '../lazy.js';
import type { Bilingual } from '../types.js';
import { readFaultWords } from './read-fault.js';

/**
 * Most bytes all parts read from one workbook may unpack to. A sheet is read as it unpacks, so
 * this bounds the time a zip bomb takes, not memory: a roster of Excel's 1,048,576 rows fits.
 */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/** Why a zip could not be read: `message` in English, `zh` in Chinese. */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly zh: string,
  ) {
    super(message);
  }
}

/**
 * Why a zip (or another archive) could not be read, in both languages: a ZipError's words, the file
 * system's error in plain words (locked by another program …), or another error's message (bytes no
 * check foresaw).
 */
export function whyNotRead(error: unknown): Bilingual {
  if (error instanceof ZipError) return { en: error.message, zh: error.zh };
  const plain = readFaultWords(error);
  if (plain) return plain;
  const message = error instanceof Error ? error.message : String(error);
  return { en: message, zh: message };
}

/** Whether the names of an archive's parts are a workbook's (an .xlsx under another name): its content types and its workbook part, in any capitals. */
export function isWorkbookPackage(names: Iterable<string>): boolean {
  const lower = new Set([...names].map((name) => name.toLowerCase()));
  return lower.has('[content_types].xml') && lower.has('xl/workbook.xml');
}

/** An archive larger than plan-check reads (`limit` bytes). */
export const tooLarge = (limit: number): ZipError => new ZipError(`it is larger than ${limit} bytes`, `大于 ${limit} 字节`);

/** A workbook that unpacks past its budget: a large sheet, or a bomb. */
export class ZipBudgetError extends ZipError {}

/** One part of the zip, as the central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  /** The CRC-32 of the unpacked bytes, as the directory gives it. */
  crc: number;
  encrypted: boolean;
  compressedSize: number;
  /** The unpacked bytes the directory claims (a progress bar's measure; what is unpacked is counted as it comes). */
  size: number;
  localOffset: number;
}

/** An opened zip: its parts by lower-cased name (part names are case-insensitive in OOXML). */
export interface Zip {
  entries: Map<string, ZipEntry>;
  /**
   * Streams a part's unpacked bytes to `take`, a piece at a time: the generator pauses after each
   * piece, so that a reader can hand on what it made of it before the next; throws ZipError past
   * the budget, and once all is unpacked, if the checksum does not match. `toEnd`: the reader takes
   * the part to its end (shared strings, not a sheet's head), up to that many bytes, so that a part
   * that says it unpacks to no more (and to at most WHOLE_UNPACKED) is unpacked at once by Node's zlib.
   */
  inflate(entry: ZipEntry, take: (chunk: Uint8Array) => void, toEnd?: number): Generator<void, void, undefined>;
  /**
   * inflate() as the part's pieces come from Node's zlib, which unpacks on its own thread while
   * the reader works on the piece before: for a sheet read whole. The same bytes, budget and checks.
   */
  stream(entry: ZipEntry): AsyncGenerator<Uint8Array, void, undefined>;
}

/**
 * Most files and folders an archive (a zip, 7z or RAR; a workbook's parts) may list: a drop holds
 * tens, a roster split by unit thousands; each listed costs memory, and each file read its report,
 * before any bound on bytes applies.
 */
export const MAX_ARCHIVE_FILES = 100_000;

/** Unpacked bytes handed on at a time (by zlib as a part streams, and from a part at hand). */
const UNPACKED_PIECE = 64 * 1024;

/** Packed bytes fed to fflate's inflater at a time. */
const PACKED_PIECE = 4096;

/**
 * Parts packed in at most this many bytes (a county's workbook, the small parts of any) are
 * unpacked at once by Node's zlib, without loading fflate; up to SMALL_UNPACKED bytes, past which
 * such a part is streamed as a large one is.
 */
const SMALL_PART = 64 * 1024;
const SMALL_UNPACKED = 4 * 1024 * 1024;

/**
 * A part read to its end (Zip.inflate's `toEnd`) that says it unpacks to less than this many bytes
 * is unpacked at once by Node's zlib, as a small one is: a roster's shared strings, megabytes of
 * them, in a tenth of the time fflate takes, in memory they take for a moment besides their strings.
 * A part that unpacks past what it said is unpacked again, a piece at a time.
 */
const WHOLE_UNPACKED = 64 * 1024 * 1024;

/**
 * Past their first 4 MiB, the tables of an archive (a drop's zip, a gzipped roster) may unpack to
 * at most 100 times the packed bytes they were unpacked from, counted over all reads (Apache POI's
 * bound for a zip's parts): tables compress 3 to 20 times, while blank lines compress a thousand
 * times and each costs as much to read as a row. So the time an archive takes grows with its own
 * bytes, not with what a bomb claims.
 */
const TABLE_BOUND = { ratio: 100, floor: 4 * 1024 * 1024 };

/** Whether `unpacked` bytes, unpacked from `packed` ones, are past the bound of tables (TABLE_BOUND). */
export function pastTableBound(unpacked: number, packed: number): boolean {
  return unpacked > TABLE_BOUND.floor && unpacked > TABLE_BOUND.ratio * packed;
}

/** Why an archive past the bound of tables is not read on. */
export const PAST_TABLE_BOUND: Bilingual = {
  en: `it unpacks to more than ${TABLE_BOUND.ratio} times the bytes it is packed in, as no table does (a zip bomb?)`,
  zh: `解压后超过压缩大小的 ${TABLE_BOUND.ratio} 倍，表格不会如此（压缩炸弹？）`,
};

/** Reads the central directory of a zip's bytes; its parts unpack within `budget` bytes in all, and, where it holds `tables`, within their bound (pastTableBound). */
export function openZip(bytes: Uint8Array, budget = MAX_UNPACKED_BYTES, tables = false): Zip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (offset === 0xffffffff || count === 0xffff) [count, offset] = zip64Directory(view, end);
  if (count > MAX_ARCHIVE_FILES)
    throw new ZipError(`it holds more than ${MAX_ARCHIVE_FILES} files and folders`, `其中的文件和文件夹超过 ${MAX_ARCHIVE_FILES} 个`);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let gb18030: InstanceType<typeof TextDecoder> | undefined;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50)
      throw new ZipError('its list of parts is damaged', '其文件目录已损坏');
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    // A name is UTF-8 where the entry says so or its bytes are; else as an archive of Chinese Windows writes it, GBK.
    const nameBytes = bytes.subarray(offset + 46, offset + 46 + nameLength);
    const name =
      flags & 0x800 || isUtf8(nameBytes) ? decoder.decode(nameBytes) : (gb18030 ??= new TextDecoder('gb18030')).decode(nameBytes);
    let size = view.getUint32(offset + 24, true);
    let compressedSize = view.getUint32(offset + 20, true);
    let localOffset = view.getUint32(offset + 42, true);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      [size, compressedSize, localOffset] = zip64Sizes(view, offset, nameLength, extraLength, size, compressedSize, localOffset);
    }
    entries.set(name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase(), {
      name,
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localOffset,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  let left = budget;
  /** Bytes unpacked, and packed bytes they were unpacked from, over all parts read (for the bound of `tables`). */
  let unpacked = 0;
  let packed = 0;
  /**
   * A part's packed bytes; its unpacked bytes at hand when it is stored, or small or read to its
   * end (`toEnd`: unpacked at once); the packed ones counted as they are unpacked (`consumed`, before
   * the bytes they give); and the unpacked ones counted against the budget, the bound and the
   * checksum as they come. A part unpacked at once is counted and checked whole (`counted`), however
   * little of it is read: so the budget bounds the work done, where many parts are each read for
   * their first bytes.
   */
  const unpacking = (entry: ZipEntry, toEnd?: number) => {
    if (entry.encrypted) throw new ZipError(`${entry.name} is encrypted`, `${entry.name} 设置了密码`);
    const start = dataStart(view, entry);
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError(
        `${entry.name} is packed with method ${entry.method}, which plan-check does not unpack`,
        `${entry.name} 的压缩方法（${entry.method}）plan-check 无法解压`,
      );
    const data = bytes.subarray(start, start + entry.compressedSize);
    let crc = 0;
    const count = (chunk: Uint8Array): void => {
      left -= chunk.length;
      if (left < 0) throw new ZipBudgetError(`it unpacks to more than ${budget} bytes`, `解压后超过 ${budget} 字节`);
      unpacked += chunk.length;
      if (tables && pastTableBound(unpacked, packed)) throw new ZipBudgetError(PAST_TABLE_BOUND.en, PAST_TABLE_BOUND.zh);
      crc = zlibModule().crc32(chunk, crc);
    };
    const verify = (): void => {
      if (crc !== entry.crc)
        throw new ZipError(`${entry.name} is damaged (its checksum does not match)`, `${entry.name} 已损坏（校验和不符）`);
    };
    // A part read to its end is unpacked at once up to one byte past what its reader takes, which then refuses it.
    const atMost = Math.min(WHOLE_UNPACKED, (toEnd ?? 0) + 1);
    const atOnce = data.length <= SMALL_PART ? SMALL_UNPACKED : toEnd !== undefined && entry.size < atMost ? atMost : 0;
    const unpackedAtOnce = entry.method !== 0 && data.length > 0 && atOnce > 0 ? inflateAtOnce(data, entry, atOnce) : undefined;
    const whole = entry.method === 0 ? data : unpackedAtOnce;
    if (whole) packed += data.length;
    if (unpackedAtOnce) {
      count(unpackedAtOnce);
      verify();
    }
    return {
      data,
      whole,
      counted: unpackedAtOnce !== undefined,
      consumed(bytes: number): void {
        packed += bytes;
      },
      count,
      verify,
    };
  };
  /** Bytes at hand (unpacking().whole) handed on a piece at a time: counted and then checked as they go, unless `counted` already. */
  function* piecesOf({
    whole,
    counted,
    count,
    verify,
  }: {
    whole: Uint8Array;
    counted: boolean;
    count: (chunk: Uint8Array) => void;
    verify: () => void;
  }): Generator<Uint8Array, void, undefined> {
    for (let at = 0; at < whole.length; at += UNPACKED_PIECE) {
      const piece = whole.subarray(at, at + UNPACKED_PIECE);
      if (!counted) count(piece);
      yield piece;
    }
    if (!counted) verify();
  }
  return {
    entries,
    *inflate(entry, take, toEnd) {
      const part = unpacking(entry, toEnd);
      const { data, whole, consumed, count, verify } = part;
      if (whole) {
        for (const piece of piecesOf({ ...part, whole })) {
          take(piece);
          yield;
        }
        return;
      }
      const inflater = new (fflatePackage().Inflate)((chunk) => {
        count(chunk);
        take(chunk);
      });
      const push = (piece: Uint8Array, last: boolean): void => {
        try {
          inflater.push(piece, last);
        } catch (error) {
          // fflate's own errors carry a numeric code; anything else comes from `take`.
          if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== 'number') throw error;
          throw new ZipError(`${entry.name} is damaged (${error.message})`, `${entry.name} 已损坏（${error.message}）`);
        }
      };
      for (let at = 0; at < data.length; at += PACKED_PIECE) {
        const piece = data.subarray(at, at + PACKED_PIECE);
        consumed(piece.length);
        push(piece, at + PACKED_PIECE >= data.length);
        yield;
      }
      if (data.length === 0) push(new Uint8Array(0), true);
      verify();
    },
    async *stream(entry) {
      const part = unpacking(entry);
      const { data, whole, consumed, count, verify } = part;
      if (whole) {
        yield* piecesOf({ ...part, whole });
        return;
      }
      const inflater = zlibModule().createInflateRaw({ chunkSize: UNPACKED_PIECE });
      inflater.end(data);
      let read = 0;
      try {
        for await (const piece of inflater as AsyncIterable<Buffer>) {
          // zlib's count of the packed bytes it has unpacked so far.
          consumed(inflater.bytesWritten - read);
          read = inflater.bytesWritten;
          count(piece);
          yield piece;
        }
      } catch (error) {
        throw damaged(error, entry);
      } finally {
        inflater.destroy();
      }
      verify();
    },
  };
}

/** A part unpacked at once by zlib; undefined when it unpacks to more than `most` bytes. */
function inflateAtOnce(data: Uint8Array, entry: ZipEntry, most: number): Buffer | undefined {
  try {
    return zlibModule().inflateRawSync(data, { maxOutputLength: most });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw damaged(error, entry);
  }
}

/** A zlib error (its own carry a numeric errno) as the part's damage; anything else as it is. */
function damaged(error: unknown, entry: ZipEntry): unknown {
  return error instanceof Error && typeof (error as { errno?: unknown }).errno === 'number'
    ? new ZipError(`${entry.name} is damaged (${error.message})`, `${entry.name} 已损坏（${error.message}）`)
    : error;
}

function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && last - at <= 0xffff; at--) {
    if (view.getUint32(at, true) === 0x06054b50) return at;
  }
  throw new ZipError(
    'it is not a complete zip (the end of its list of parts is missing): it was cut short, as a copy or a download that did not finish leaves it',
    '不是完整的 zip（缺少文件目录的结尾）：文件不完整，像是复制或下载没有完成',
  );
}

function zip64Directory(view: DataView, end: number): [number, number] {
  const locator = end - 20;
  if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) throw new ZipError('its list of parts is damaged', '其文件目录已损坏');
  const record = Number(view.getBigUint64(locator + 8, true));
  if (record + 56 > view.byteLength || view.getUint32(record, true) !== 0x06064b50)
    throw new ZipError('its list of parts is damaged', '其文件目录已损坏');
  return [Number(view.getBigUint64(record + 32, true)), Number(view.getBigUint64(record + 48, true))];
}

/** An entry's unpacked and packed sizes and local header's offset, those the directory gives as 0xffffffff read from its ZIP64 field. */
function zip64Sizes(
  view: DataView,
  offset: number,
  nameLength: number,
  extraLength: number,
  unpacked: number,
  compressed: number,
  local: number,
): [number, number, number] {
  let at = offset + 46 + nameLength;
  const stop = at + extraLength;
  while (at + 4 <= stop) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      if (unpacked === 0xffffffff) {
        unpacked = Number(view.getBigUint64(field, true));
        field += 8;
      }
      if (compressed === 0xffffffff) {
        compressed = Number(view.getBigUint64(field, true));
        field += 8;
      }
      if (local === 0xffffffff) local = Number(view.getBigUint64(field, true));
      return [unpacked, compressed, local];
    }
    at += 4 + size;
  }
  throw new ZipError('its list of parts is damaged', '其文件目录已损坏');
}

function dataStart(view: DataView, entry: ZipEntry): number {
  const at = entry.localOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== 0x04034b50)
    throw new ZipError(`${entry.name} is damaged`, `${entry.name} 已损坏`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > view.byteLength) throw new ZipError(`${entry.name} is cut short`, `${entry.name} 不完整`);
  return start;
}
