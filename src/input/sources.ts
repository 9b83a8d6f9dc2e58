/**
 * Turns the command line's paths into sources: files as given, every `.csv` and `.xlsx` of a directory,
 * and `-` for standard input. A path that does not exist is a usage error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** One submission to read: a file, or standard input. */
export type Source = { kind: 'file'; name: string; path: string } | { kind: 'stdin'; name: string };

/** Expands paths into sources, in the order given; a directory's .csv and .xlsx files sorted by name. */
export function expandSources(paths: readonly string[]): Source[] {
  const sources: Source[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ kind: 'stdin', name: '-' });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
    if (!isDir) {
      sources.push({ kind: 'file', name: path, path });
      continue;
    }
    // Excel leaves ~$name.xlsx lock files beside open workbooks: they are not submissions.
    const names = readdirSync(path)
      .filter((name) => /\.(?:csv|xlsx)$/i.test(name) && !name.startsWith('~$'))
      .sort();
    if (names.length === 0) throw new UsageError(`${path}: the directory holds no .csv or .xlsx file`);
    for (const name of names) sources.push({ kind: 'file', name: join(path, name), path: join(path, name) });
  }
  return sources;
}
