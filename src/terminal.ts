/**
 * Whether standard output or error is a terminal, asked without making their streams or loading
 * node:tty (which loads the net and stream modules: milliseconds of a short run) unless it may be one.
 */
import { fstatSync, statSync } from 'node:fs';
import { ttyPackage } from './lazy.js';

const known = new Map<number, boolean>();

/** The null device's number, where there is one (not on Windows). */
function nullDevice(): number | undefined {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return undefined;
  }
}

/** Whether a file descriptor is a terminal: only a character device other than the null device can be. */
export function isTerminal(fd: number): boolean {
  let answer = known.get(fd);
  if (answer === undefined) {
    let device = false;
    try {
      const info = fstatSync(fd);
      device = info.isCharacterDevice() && info.rdev !== nullDevice();
    } catch {
      device = false;
    }
    answer = device && ttyPackage().isatty(fd);
    known.set(fd, answer);
  }
  return answer;
}
