/**
 * Writing a report to a file: atomically (a temporary file in the same folder, then a rename),
 * and never over one of the inputs. What is not a regular file (/dev/null, a pipe, a terminal)
 * is written through, never replaced; `-` is standard output.
 */
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Writes text to `target` in one step; refuses a target that is one of `inputs`. */
export function writeReport(target: string, text: string | Uint8Array, inputs: readonly string[]): void {
  if (target === '-') {
    process.stdout.write(text);
    return;
  }
  const where = canonical(target);
  const existing = statSync(where, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError(`cannot write ${target}: it is a folder; name a file in it`, { option: 'output' });
  if (inputs.some((input) => input !== '-' && canonical(input) === where)) {
    throw new UsageError(`output ${target} is one of the input files: plan-check never writes over its input`, { option: 'output' });
  }
  if (existing && !existing.isFile()) {
    try {
      writeFileSync(where, text);
    } catch (error) {
      throw new UsageError(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
    }
    return;
  }
  const temporary = join(dirname(where), `.${basename(where)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, where);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
  }
}

/** Where one report goes: its format, and its file (undefined: standard output). */
export interface ReportTarget {
  format: string;
  output?: string;
}

/** The format a report file's name asks for, by its extension. */
const FORMAT_OF_EXTENSION: Record<string, string> = { '.xlsx': 'xlsx', '.json': 'json', '.csv': 'csv', '.md': 'markdown', '.html': 'html', '.htm': 'html', '.xml': 'junit', '.txt': 'table' };

/**
 * The reports a command line asks for, from its `--format X -o FILE` pairs in their order: an
 * `-o` goes with the `--format` before it that has none yet; an `-o` alone takes its format from
 * the file's extension; a `--format` without `-o` goes to standard output, and only one may.
 * With neither on the command line, `fallback` (the configuration's, or the defaults) is used.
 */
export function reportTargets(argv: readonly string[], fallback: readonly ReportTarget[]): ReportTarget[] {
  const pairs: { format?: string; output?: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = equals > 0 ? token.slice(0, equals) : /^-o./.test(token) ? '-o' : token;
    const value = () => (equals > 0 ? token.slice(equals + 1) : /^-o./.test(token) ? token.slice(2) : argv[++i]);
    if (name === '--format') pairs.push({ format: value() });
    else if (name === '-o' || name === '--output') {
      const output = value();
      const open = pairs.at(-1);
      if (open && open.format !== undefined && open.output === undefined) open.output = output;
      else pairs.push({ output });
    }
  }
  const [first = { format: 'table' }] = fallback;
  const targets = pairs.length === 0 ? fallback.map((t) => ({ ...t, output: t.output === '-' ? undefined : t.output })) : pairs.map(({ format, output }) => ({
    format: format ?? FORMAT_OF_EXTENSION[extname(output ?? '').toLowerCase()] ?? first.format,
    output: output === '-' ? undefined : output,
  }));
  if (targets.filter((t) => t.output === undefined).length > 1) {
    throw new UsageError(`${targets.filter((t) => t.output === undefined).length} reports would go to standard output: give each --format but one its own -o FILE`, { option: 'output' });
  }
  return targets;
}
