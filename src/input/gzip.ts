/**
 * A table sent gzipped (`roster.csv.gz`, as scripts and national exports compress a large one),
 * read as the file it unpacks to, a piece at a time as Node's zlib unpacks it on its own thread:
 * memory holds a piece. It unpacks within the bound of tables a zip's files do (pastTableBound),
 * so that the time it takes grows with its own bytes.
 */
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { FilePath } from './sources.js';
import { PAST_TABLE_BOUND, pastTableBound } from './zip.js';
import { zlibModule } from '../lazy.js';
import type { Bilingual } from '../types.js';

/** Unpacked bytes handed on at a time. */
const PIECE = 64 * 1024;

/** Why a gzipped file could not be read on, in both languages. */
export function gzipFault(error: unknown): Bilingual {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') return { en: 'it is cut short (copied or downloaded in part?)', zh: '文件不完整（复制或下载中断？）' };
  if (code === 'Z_DATA_ERROR')
    return { en: `it is damaged (${(error as Error).message})`, zh: `文件已损坏（${(error as Error).message}）` };
  const message = error instanceof Error ? error.message : String(error);
  return { en: message, zh: message };
}

/**
 * The bytes a file's reads have unpacked, and the packed bytes they unpacked them from: its reads
 * (for its encoding, then its rows) are counted together against the bound, as a zip's are.
 */
export interface GzipTally {
  unpacked: number;
  packed: number;
}

/**
 * A gzipped file's unpacked bytes, a piece at a time; where it turns out damaged, cut short or past
 * its bound (counted in `tally` with the file's other reads), `fault` is told why and the bytes end
 * there. `limit` stops after that many bytes (a head).
 */
export async function* gunzipChunks(
  path: FilePath,
  tally: GzipTally,
  fault: (reason: Bilingual) => void,
  onBytes?: (count: number) => void,
  limit = Infinity,
): AsyncGenerator<Buffer> {
  const packed = createReadStream(path);
  const gunzip = zlibModule().createGunzip({ chunkSize: PIECE });
  packed.on('error', (error) => gunzip.destroy(error));
  packed.pipe(gunzip);
  let unpacked = 0;
  let consumed = 0;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      unpacked += piece.length;
      tally.unpacked += piece.length;
      // zlib's count of the packed bytes it has taken so far.
      tally.packed += gunzip.bytesWritten - consumed;
      consumed = gunzip.bytesWritten;
      if (pastTableBound(tally.unpacked, tally.packed)) {
        fault(PAST_TABLE_BOUND);
        return;
      }
      onBytes?.(piece.length);
      yield piece;
      if (unpacked >= limit) return;
    }
  } catch (error) {
    fault(gzipFault(error));
  } finally {
    packed.destroy();
    gunzip.destroy();
  }
}

/** A gzipped file's first `count` unpacked bytes (fewer where it is shorter or cannot be unpacked). */
export async function gunzipHead(path: FilePath, tally: GzipTally, count: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of gunzipChunks(path, tally, () => {}, undefined, count)) pieces.push(piece);
  return Buffer.concat(pieces).subarray(0, count);
}

/** A gzipped file that unpacks to at most `limit` bytes, unpacked whole; undefined where it is larger or cannot be unpacked (its read then says why). */
export function gzipBytes(path: FilePath, limit: number): Buffer | undefined {
  try {
    // Looked at before it is read: a large one, or what is no regular file (a pipe, read once), is read as it streams.
    const info = statSync(path);
    if (!info.isFile() || info.size > limit) return undefined;
    return zlibModule().gunzipSync(readFileSync(path), { maxOutputLength: limit });
  } catch {
    return undefined;
  }
}

/** The bytes a gzipped file says it unpacks to (its last four bytes: the size modulo 4 GiB), for a progress bar; 0 where it cannot be read. */
export function gzipSize(path: FilePath): number {
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const tail = Buffer.alloc(4);
      return size >= 18 && readSync(fd, tail, 0, 4, size - 4) === 4 ? tail.readUInt32LE(0) : 0;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}
