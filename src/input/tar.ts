/**
 * A drop sent as a tar archive, as scripts and CI jobs on Linux pack one (.tar; gzipped, .tar.gz or
 * .tgz, unpacked here; packed by xz or bzip2, unpacked by 7-Zip first: archive.ts): held in memory (a
 * packed one unpacked whole first, within the bound of what is held), its files listed from their
 * headers (POSIX ustar, with pax's and GNU's long names), each file's bytes a view of the archive's.
 * A tar cut short, or whose headers do not add up, is refused whole: which of its files are missing
 * cannot be known, and a drop short of files must not pass.
 */
import { zlibModule } from '../lazy.js';
import type { Bilingual } from '../types.js';
import { gzipFault } from './gzip.js';
import { ArchiveError, MAX_PACKED_IN_MEMORY, takeFromBudget, type UnpackBudget, type UnpackedFile } from './seven-zip.js';
import { isWorkbookPackage, MAX_ARCHIVE_FILES } from './zip.js';

/** A tar's records: a header, and a file's bytes padded to a whole number of them. */
const BLOCK = 512;

const NO_TAR: Bilingual = { en: 'its bytes are no tar archive', zh: '其内容不是 tar 压缩包' };

const DAMAGED_LIST: Bilingual = { en: 'its list of files is damaged', zh: '其文件目录已损坏' };

const CUT_SHORT: Bilingual = {
  en: 'it is cut short (a copy or a download that did not finish)',
  zh: '不完整（复制或下载没有完成）',
};

/** Whether a header holds the ustar mark at its place (POSIX's ustar\0, GNU's ustar and two spaces), and so a prefix to its name. */
function hasUstarMark(header: Uint8Array): boolean {
  return String.fromCharCode(...header.subarray(257, 262)) === 'ustar' && (header[262] === 0 || header[262] === 0x20);
}

/** Whether a file's first bytes are a tar archive's: a header with the ustar mark, whose checksum holds. */
export function isTar(head: Uint8Array): boolean {
  return head.length >= BLOCK && hasUstarMark(head) && checksumHolds(head.subarray(0, BLOCK));
}

/**
 * The files of a tar archive's bytes (gzipped where `gzipped`), folders and links left out, within
 * the run's `budget`; or that it is a workbook's parts. Throws an ArchiveError where it cannot be read.
 */
export function unpackTar(packed: Uint8Array, gzipped: boolean, budget: UnpackBudget): { files: UnpackedFile[] } | { workbook: true } {
  const bytes = gzipped ? gunzipped(packed) : packed;
  const files: UnpackedFile[] = [];
  const names = new TextNames();
  /** The name the next header's file takes from a record before it (GNU's L, pax's path). */
  let given: { path?: string } = {};
  let entries = 0;
  let at = 0;
  // The empty record a tar ends with: without it, the tar was cut short at a record's end.
  let ended = false;
  while (at + BLOCK <= bytes.length) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) {
      ended = true;
      break;
    }
    if (!checksumHolds(header)) throw new ArchiveError(at === 0 ? NO_TAR : DAMAGED_LIST);
    if (++entries > MAX_ARCHIVE_FILES)
      throw new ArchiveError({
        en: `it holds more than ${MAX_ARCHIVE_FILES} files and folders`,
        zh: `其中的文件和文件夹超过 ${MAX_ARCHIVE_FILES} 个`,
      });
    const size = octal(header.subarray(124, 136));
    const start = at + BLOCK;
    if (size === undefined) throw new ArchiveError(DAMAGED_LIST);
    if (start + size > bytes.length) throw new ArchiveError(CUT_SHORT);
    const data = bytes.subarray(start, start + size);
    at = start + Math.ceil(size / BLOCK) * BLOCK;
    const type = String.fromCharCode(header[156]!);
    if (type === 'L') given = { path: names.of(untilNul(data)) };
    else if (type === 'x') given = { path: paxPath(data, names) ?? given.path };
    else if (type === '0' || type === '\0' || type === '7') {
      const path = given.path ?? ustarPath(header, names);
      // A folder, as old tars mark one: a name ending in a slash.
      if (!path.endsWith('/')) files.push({ path, size, bytes: data });
      given = {};
    } else if (type !== 'g' && type !== 'K') given = {};
  }
  // Fewer bytes than a header: no tar (a tar cut short within its first header is none either).
  if (!ended) throw new ArchiveError(bytes.length < BLOCK ? NO_TAR : CUT_SHORT);
  if (isWorkbookPackage(files.map((file) => file.path))) return { workbook: true };
  takeFromBudget(
    files.reduce((sum, file) => sum + file.size, 0),
    packed.length,
    budget,
  );
  return { files };
}

/** A gzipped tar's bytes, unpacked within what is held in memory. */
function gunzipped(packed: Uint8Array): Uint8Array {
  try {
    return zlibModule().gunzipSync(packed, { maxOutputLength: MAX_PACKED_IN_MEMORY });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      const most = `${MAX_PACKED_IN_MEMORY / 2 ** 20} MiB`;
      throw new ArchiveError({
        en: `it unpacks to more than the ${most} plan-check holds of a tar in memory: unpack it, then check the folder it unpacks to`,
        zh: `解压后超过 plan-check 在内存中容纳 tar 压缩包的上限 ${most}：请先解压，再检查解压出的文件夹`,
      });
    }
    throw new ArchiveError(gzipFault(error));
  }
}

/** Whether a header's checksum (the sum of its bytes, its own field taken as spaces) is the one it writes. */
function checksumHolds(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return octal(header.subarray(148, 156)) === sum;
}

/** A number written in octal digits (ending at a NUL or a space), or in base 256 (its first byte's high bit set, as GNU writes a large one). */
function octal(field: Uint8Array): number | undefined {
  if (field[0]! & 0x80) return field.subarray(1).reduce((value, byte) => value * 256 + byte, field[0]! & 0x7f);
  const text = String.fromCharCode(...field)
    .replace(/[\0 ]+$/, '')
    .trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/** Bytes up to their first NUL. */
function untilNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}

/** A ustar header's path: its prefix (a folder) and its name. */
function ustarPath(header: Uint8Array, names: TextNames): string {
  const name = names.of(untilNul(header.subarray(0, 100)));
  const prefix = hasUstarMark(header) ? names.of(untilNul(header.subarray(345, 500))) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The path a pax extended header gives (its records `length key=value\n`), if it gives one. */
function paxPath(data: Uint8Array, names: TextNames): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(String.fromCharCode(...data.subarray(at, space)));
    if (!Number.isInteger(length) || length <= space - at || at + length > data.length) break;
    const record = data.subarray(space + 1, at + length - 1);
    const equals = record.indexOf(0x3d);
    if (equals > 0 && String.fromCharCode(...record.subarray(0, equals)) === 'path') path = names.of(record.subarray(equals + 1));
    at += length;
  }
  return path;
}

/** Names as their bytes are written: UTF-8 where they are, else GB18030 (a tar packed on a Chinese Windows). */
class TextNames {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private gb18030: InstanceType<typeof TextDecoder> | undefined;

  of(bytes: Uint8Array): string {
    try {
      return this.utf8.decode(bytes);
    } catch {
      return (this.gb18030 ??= new TextDecoder('gb18030')).decode(bytes);
    }
  }
}
