/**
 * Turns the command line's paths into sources: files as given, every `.csv` and `.xlsx` in a
 * directory tree (a history of drops is a folder per period), and `-` for standard input. A path
 * that does not exist is a usage error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** One submission to read: a file, or standard input. */
export type Source = { kind: 'file'; name: string; path: string } | { kind: 'stdin'; name: string };

/** A submission file by its name: .csv or .xlsx, and not an Excel lock file (`~$name.xlsx`). */
const SUBMISSION = /^(?!~\$).*\.(?:csv|xlsx)$/i;

/**
 * Expands paths into sources, in the order given; a directory's files sorted by path, sub-folders
 * included. `option` names the option the paths came with (`--baseline`), for messages.
 */
export function expandSources(paths: readonly string[], option?: string): Source[] {
  const where = (path: string) => (option ? `${option} ${path}` : path);
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
      throw new UsageError(`${where(path)}: no such file or directory`);
    }
    if (!isDir) {
      sources.push({ kind: 'file', name: path, path });
      continue;
    }
    const files = filesUnder(path);
    if (files.length === 0) throw new UsageError(`${where(path)}: the directory holds no .csv or .xlsx file (sub-folders included)`);
    for (const file of files) sources.push({ kind: 'file', name: file, path: file });
  }
  return sources;
}

/**
 * The submission files of a directory tree, sorted by path. Hidden folders (.git) are skipped, and
 * so are symbolic links to folders, which could lead in a circle.
 */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`${folder}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(path);
      } else if (SUBMISSION.test(entry.name) && (entry.isFile() || isFileLink(path))) {
        found.push(path);
      }
    }
  };
  walk(dir);
  return found;
}

function isFileLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
