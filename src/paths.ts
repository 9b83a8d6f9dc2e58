/** Files shipped with the package (plans, registry, schemas), found from this module's place. */
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in the package, given its path from the package root. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}
