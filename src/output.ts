/**
 * Writing a report to a file: atomically (a temporary file in the same folder, then a rename),
 * and never over one of the inputs.
 */
import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  const where = canonical(target);
  if (inputs.some((input) => input !== '-' && canonical(input) === where)) {
    throw new UsageError(`output ${target} is one of the input files: plan-check never writes over its input`, { option: 'output' });
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
