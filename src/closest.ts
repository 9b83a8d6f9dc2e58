/** The name a mistyped one was meant to be: "did you mean …" for a plan's names and a header's labels. */
import type { Bilingual } from './types.js';

/** Names compared at the most this long (no column, function or label is longer): a huge name costs nothing. */
const LONGEST = 64;

/**
 * The candidate a name comes closest to: the one with a key that shares the most of the name's
 * characters in order, if one alone shares at least 60 % of the longer of the two (`care_bed` for
 * `care_beds`, `护理型床位数` for `其中护理型床位`); `keysOf` the forms a candidate is compared in
 * (texts: themselves).
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined;
export function closest<T>(name: string, candidates: Iterable<T>, keysOf: (candidate: T) => readonly string[]): T | undefined;
export function closest(
  name: string,
  candidates: Iterable<unknown>,
  keysOf = (candidate: unknown): readonly string[] => [String(candidate)],
): unknown {
  if (name.length > LONGEST) return undefined;
  let best: unknown;
  let bestShared = 0;
  let tie = false;
  for (const candidate of candidates) {
    for (const key of keysOf(candidate)) {
      if (key.length > LONGEST) continue;
      const shared = sharedInOrder(name, key);
      if (shared < 0.6 * Math.max(name.length, key.length)) continue;
      if (shared > bestShared) [best, bestShared, tie] = [candidate, shared, false];
      else if (shared === bestShared && best !== candidate) tie = true;
    }
  }
  return tie ? undefined : best;
}

/** How many characters two texts share in the same order (their longest common subsequence). */
function sharedInOrder(a: string, b: string): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** " (did you mean "…"?)" after a message, in both languages, where there is a name it was meant to be; nothing where there is none. */
export function didYouMean(meant: string | undefined): Bilingual {
  return meant === undefined ? { en: '', zh: '' } : { en: ` (did you mean "${meant}"?)`, zh: `（是否为“${meant}”？）` };
}
