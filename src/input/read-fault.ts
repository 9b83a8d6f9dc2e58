/**
 * The file system's errors a reader meets, said in plain words by their codes: a file locked by
 * another program (Excel or WPS on Windows), not allowed, moved while the run read its folder, a
 * disk's read error. Other errors keep the system's words.
 */
import { issue, messageOf } from '../catalog.js';
import type { Bilingual } from '../types.js';

/** The variants of `source` that say an error's code in plain words. */
const READ_FAULTS: Record<string, string> = { EBUSY: 'locked', EACCES: 'denied', EPERM: 'denied', ENOENT: 'gone', EIO: 'io' };

/** The params of `source` for an error of reading a file: a variant in plain words where its code has one, else the system's words. */
export function readFault(error: unknown): Record<string, string> {
  const variant = READ_FAULTS[(error as NodeJS.ErrnoException).code ?? ''];
  return variant ? { variant } : { reason: error instanceof Error ? error.message : String(error) };
}

/** An error of reading a file in plain words, in both languages, where its code has them (an archive's reason); undefined where not. */
export function readFaultWords(error: unknown): Bilingual | undefined {
  const params = readFault(error);
  if (!params.variant) return undefined;
  const told = issue('source', { file: '', params });
  return { en: messageOf(told, 'en'), zh: messageOf(told, 'zh') };
}
