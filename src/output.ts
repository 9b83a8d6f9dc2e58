/**
 * Writing a report to a file: atomically (a temporary file in the same folder, then a rename),
 * and never over one of the inputs. What is not a regular file (/dev/null, a pipe, a terminal)
 * is written through, never replaced; `-` is standard output.
 */
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Writes text to `target` in one step; refuses a target that is one of `inputs`. */
export function writeReport(target: string, text: string, inputs: readonly string[]): void {
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
