/** Files shipped with the package (plans, registry, schemas), found from this module's place. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's folder, found once (a URL is parsed for it). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Absolute path of a file in the package, given its path from the package root. */
export function packagePath(relative: string): string {
  return join(ROOT, relative);
}
