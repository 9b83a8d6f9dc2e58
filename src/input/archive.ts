/**
 * A drop sent as a zip, read as the folder it unpacks to: its files listed from the zip's
 * directory, each unpacked only as it is read, a piece at a time (zip.ts), against one budget
 * of unpacked bytes for the whole archive. The archive's own bytes are held while its files are
 * read: an archive larger than MAX_ARCHIVE_BYTES is to be unpacked first.
 */
import { readFileSync, statSync } from 'node:fs';
import { MAX_UNPACKED_BYTES, openZip, ZipError, type Zip, type ZipEntry } from './zip.js';
import type { FilePath } from './sources.js';

/** Most bytes an archive read may hold (its files unpack to more). */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/**
 * Most bytes the files of one archive may unpack to, all reads counted: a text file is unpacked
 * twice (once for its encoding, once for its rows), so this is twice a workbook's budget.
 */
const ARCHIVE_UNPACKED_BYTES = 2 * MAX_UNPACKED_BYTES;

/**
 * Past its first 4 MiB, an archive's files may unpack to at most 100 times the bytes they are
 * packed in (Apache POI's bound for a zip's parts): tables compress 3 to 20 times, while blank lines
 * compress a thousand times and each costs as much to read as a row. So the time an archive takes
 * grows with its own bytes, not with what a bomb claims.
 */
const ARCHIVE_BOUND = { ratio: 100, floor: 4 * 1024 * 1024 };

/** A file in a zip, as its directory describes it. */
export interface Member {
  zip: Zip;
  entry: ZipEntry;
}

/** What an archive holds: its files (folders left out) by their paths within it, in the order a folder's are read; or why it cannot be read. */
export type Opened = { files: { path: string; member: Member }[] } | { fault: string };

/** Opens the zip at `path`, reading its directory. */
export function openArchive(path: FilePath): Opened {
  try {
    const size = statSync(path).size;
    if (size > MAX_ARCHIVE_BYTES) return { fault: `it is larger than ${MAX_ARCHIVE_BYTES} bytes: unpack it, then check the folder it unpacks to` };
    const zip = openZip(readFileSync(path), ARCHIVE_UNPACKED_BYTES, ARCHIVE_BOUND);
    const files = [...zip.entries.values()]
      .filter((entry) => !entry.name.endsWith('/') && !entry.name.endsWith('\\'))
      .map((entry) => ({ path: entry.name.replace(/\\/g, '/').replace(/^\/+/, ''), member: { zip, entry } }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files };
  } catch (error) {
    if (error instanceof ZipError) return { fault: error.message };
    return { fault: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

/** A file's first `count` bytes (fewer where it is shorter, none where it cannot be unpacked): only as many pieces as they take are unpacked. */
export function memberHead({ zip, entry }: Member, count: number): Buffer {
  const pieces: Buffer[] = [];
  let size = 0;
  const unpacking = zip.inflate(entry, (chunk) => {
    pieces.push(Buffer.from(chunk));
    size += chunk.length;
  });
  try {
    while (size < count && !unpacking.next().done);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
  }
  return Buffer.concat(pieces).subarray(0, count);
}

/**
 * A file's bytes, a piece at a time as they unpack; where the archive turns out damaged (a
 * checksum, its budget), `fault` is told why and the bytes end there.
 */
export async function* memberChunks({ zip, entry }: Member, fault: (reason: string) => void, onBytes?: (count: number) => void): AsyncGenerator<Buffer> {
  try {
    for await (const piece of zip.stream(entry)) {
      onBytes?.(piece.length);
      yield Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    }
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    fault(error.message);
  }
}
