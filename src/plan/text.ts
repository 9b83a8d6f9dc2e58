/** The files a bureau writes for a plan of its own (plan, region, config, schemas), read as text. */
import { readFileSync } from 'node:fs';
import { PlanError } from '../errors.js';
import { decodeWritten } from '../input/decode.js';

/**
 * The text of a file a person wrote, in UTF-8 or, as a Chinese Windows saves it, GB18030, a
 * byte-order mark left out; a PlanError naming the line where it is neither. Errors of reading
 * (no such file) are thrown as they come.
 */
export function readWrittenText(path: string, shown: string): string {
  const decoded = decodeWritten(readFileSync(path));
  if ('text' in decoded) return decoded.text;
  const place = `${shown}:${decoded.line}:${decoded.column}`;
  throw PlanError.of({ en: `${place}: not ${decoded.not.en}: save it as UTF-8`, zh: `${place}: ${decoded.not.zh}：请另存为 UTF-8` });
}
