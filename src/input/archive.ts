/**
 * A drop sent as a zip, read as the folder it unpacks to: its files listed from the zip's
 * directory, each unpacked only as it is read, a piece at a time (zip.ts), against one budget
 * of unpacked bytes for the whole archive. The bytes of one archive are held at a time, while its
 * files are read (the files of a folder's zips are read a zip after another): an archive larger
 * than MAX_ARCHIVE_BYTES is to be unpacked first.
 */
import { readFileSync, statSync } from 'node:fs';
import { MAX_UNPACKED_BYTES, openZip, whyNotRead, ZipError, type Zip, type ZipEntry } from './zip.js';
import type { FilePath } from './sources.js';
import { issue } from '../catalog.js';
import type { Bilingual, Issue } from '../types.js';

/** The error of a zip (or, `gzip`, a gzipped file) that cannot be read, or read on: `reason` in both languages. */
export function unreadableArchive(file: string, reason: Bilingual, gzip = false): Issue {
  const what = gzip ? { what: 'gzip file', what_zh: ' gzip 压缩文件' } : { what: 'zip', what_zh: ' zip 压缩包' };
  return issue('archive-unreadable', { file, params: { ...what, reason: reason.en, reason_zh: reason.zh } });
}

/** Most bytes an archive read may hold (its files unpack to more). */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/**
 * Most bytes the files of one archive may unpack to, all reads counted: a text file is unpacked
 * twice (once for its encoding, once for its rows), so this is twice a workbook's budget.
 */
const ARCHIVE_UNPACKED_BYTES = 2 * MAX_UNPACKED_BYTES;

/** A file in a zip: the zip's path, and the file as the zip's directory describes it. */
export interface Member {
  archive: FilePath;
  entry: ZipEntry;
}

/** The zip opened last, by its path: its files are read one after another. */
let opened: { key: string; zip: Zip } | undefined;

/** The zip at `path`, opened (its bytes read and its directory) unless it was the last one; throws ZipError, or the file system's error. */
function zipAt(path: FilePath): Zip {
  const key = typeof path === 'string' ? `s${path}` : `b${path.toString('latin1')}`;
  if (opened?.key === key) return opened.zip;
  opened = undefined;
  if (statSync(path).size > MAX_ARCHIVE_BYTES) throw new ZipError(`it is larger than ${MAX_ARCHIVE_BYTES} bytes`, `大于 ${MAX_ARCHIVE_BYTES} 字节`);
  const zip = openZip(readFileSync(path), ARCHIVE_UNPACKED_BYTES, true);
  opened = { key, zip };
  return zip;
}

/**
 * What an archive holds: its files (folders left out) by their paths within it, in the order a
 * folder's are read; or that it is a workbook (an .xlsx named .zip: its parts are no files); or why it cannot be read.
 */
export type ArchiveFiles = { files: { path: string; member: Member }[] } | { workbook: true } | { fault: Bilingual };

/** Opens the zip at `path`, reading its directory. */
export function openArchive(path: FilePath): ArchiveFiles {
  try {
    const zip = zipAt(path);
    if (zip.entries.has('[content_types].xml') && zip.entries.has('xl/workbook.xml')) return { workbook: true };
    const files = [...zip.entries.values()]
      .filter((entry) => !entry.name.endsWith('/') && !entry.name.endsWith('\\'))
      .map((entry) => ({ path: entry.name.replace(/\\/g, '/').replace(/^\/+/, ''), member: { archive: path, entry } }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files };
  } catch (error) {
    return { fault: whyNotRead(error) };
  }
}

/**
 * A file's bytes as they unpack, up to the first piece past `count`: all of them (`whole`), or
 * undefined where there are more, or they cannot be unpacked; else (a head) those unpacked.
 */
function unpackedUpTo({ archive, entry }: Member, count: number, whole: boolean): Buffer | undefined {
  const pieces: Buffer[] = [];
  let size = 0;
  try {
    const unpacking = zipAt(archive).inflate(entry, (chunk) => {
      pieces.push(Buffer.from(chunk));
      size += chunk.length;
    });
    while (!unpacking.next().done) {
      if (whole && size > count) return undefined;
      if (!whole && size >= count) break;
    }
  } catch {
    // A head: what was unpacked before the fault (the file's read tells it); a whole file: none.
    if (whole) return undefined;
  }
  return Buffer.concat(pieces).subarray(0, count);
}

/** A file's first `count` bytes (fewer where it is shorter, none where it cannot be unpacked): only as many pieces as they take are unpacked. */
export function memberHead(member: Member, count: number): Buffer {
  return unpackedUpTo(member, count, false)!;
}

/** A file that says it unpacks to at most `limit` bytes, unpacked whole; undefined where it is larger or cannot be unpacked (its read then says why). */
export function memberBytes(member: Member, limit: number): Buffer | undefined {
  return member.entry.size > limit ? undefined : unpackedUpTo(member, limit, true);
}

/**
 * A file's bytes, a piece at a time as they unpack; where the archive turns out damaged (a
 * checksum, its budget) or cannot be read again, `fault` is told why and the bytes end there.
 */
export async function* memberChunks({ archive, entry }: Member, fault: (reason: Bilingual) => void, onBytes?: (count: number) => void): AsyncGenerator<Buffer> {
  try {
    for await (const piece of zipAt(archive).stream(entry)) {
      onBytes?.(piece.length);
      yield Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    }
  } catch (error) {
    fault(whyNotRead(error));
  }
}
