/** The files a bureau writes for a plan of its own (plan, region, config, schemas), read as text. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { PlanError } from '../errors.js';
import { decodeWritten } from '../input/decode.js';

/** Largest file of a plan (its YAML, region, configuration, schemas) read, in bytes: the 14th plan's is 93 KB. */
export const MAX_PLAN_FILE_BYTES = 4 * 1024 * 1024;

/** The files read while filesReadBy runs, each with its bytes. */
let reading: Map<string, Buffer> | undefined;

/** Counts files as read by what filesReadBy runs (those a value kept by FileMade was made from, when it is taken again). */
function noteRead(files: ReadonlyMap<string, Buffer>): void {
  if (reading) for (const [path, bytes] of files) reading.set(path, bytes);
}

/**
 * What `load` returns, and every file readWrittenText read meanwhile (by absolute path) with the
 * bytes it read: what a plan of one's own, its region or its columns were made from.
 */
function filesReadBy<T>(load: () => T): { value: T; files: ReadonlyMap<string, Buffer> } {
  const outer = reading;
  const files = new Map<string, Buffer>();
  reading = files;
  try {
    return { value: load(), files };
  } finally {
    reading = outer;
    noteRead(files);
  }
}

/** Whether each of these files still holds the bytes it was read with. */
function unchanged(files: ReadonlyMap<string, Buffer>): boolean {
  for (const [path, bytes] of files) {
    try {
      if (!readFileSync(path).equals(bytes)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Values made from files a person writes (a plan, a region, columns), each kept under a key while
 * every file it was read from holds the same bytes, and made anew once one was edited: a script
 * that checks again and again loads them once, and an edit between two checks counts. A package's
 * own files are not read through readWrittenText, and do not change.
 */
export class FileMade<T> {
  private readonly kept = new Map<string, { value: T; files: ReadonlyMap<string, Buffer> }>();

  constructor(private readonly limit: number) {}

  /** The value kept under `key` while its files are unchanged, else what `make` makes (kept, the oldest let go past the limit). */
  get(key: string, make: () => T): T {
    const kept = this.kept.get(key);
    if (kept && unchanged(kept.files)) {
      noteRead(kept.files);
      return kept.value;
    }
    const { value, files } = filesReadBy(make);
    this.kept.delete(key);
    if (this.kept.size >= this.limit) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, { value, files });
    return value;
  }
}

/**
 * The text of a file a person wrote, in UTF-8 or, as a Chinese Windows saves it, GB18030, a
 * byte-order mark left out; a PlanError naming the line where it is neither. Errors of reading
 * (no such file) are thrown as they come.
 */
export function readWrittenText(path: string, shown: string): string {
  const size = statSync(path).size;
  if (size > MAX_PLAN_FILE_BYTES)
    throw PlanError.of({
      en: `${shown}: ${size} bytes is larger than the ${MAX_PLAN_FILE_BYTES}-byte limit for a plan's files`,
      zh: `${shown}：${size} 字节，超过规划文件 ${MAX_PLAN_FILE_BYTES} 字节的上限`,
    });
  const bytes = readFileSync(path);
  reading?.set(resolve(path), bytes);
  const decoded = decodeWritten(bytes);
  if ('text' in decoded) return decoded.text;
  const place = `${shown}:${decoded.line}:${decoded.column}`;
  throw PlanError.of({ en: `${place}: not ${decoded.not.en}: save it as UTF-8`, zh: `${place}: ${decoded.not.zh}：请另存为 UTF-8` });
}
