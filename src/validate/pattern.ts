/**
 * Regular expressions that come from plans and configurations (a column's `pattern`, ignore
 * globs), matched in time linear in the text: RE2's engine (re2js) never backtracks, so no
 * pattern, however written, can make one cell take seconds. What RE2 cannot match in linear
 * time (lookaround, backreferences) is refused when the pattern is read.
 */
import { readFileSync } from 'node:fs';
import type { RE2JS } from 're2js';
import { packagePath } from '../paths.js';
import { re2Package } from '../lazy.js';

/**
 * The patterns of the schemas shipped with plan-check, each reviewed as linear in any engine
 * (schemas/reviewed-patterns.json): matched by JavaScript's own engine, which spares a run of a
 * built-in plan loading RE2. A test holds them to RE2 on generated texts. Every other pattern is RE2's.
 */
export const REVIEWED_PATTERNS: ReadonlySet<string> = new Set((JSON.parse(readFileSync(packagePath('schemas/reviewed-patterns.json'), 'utf8')) as { patterns: string[] }).patterns);

/** A pattern that cannot be used, and why. */
export class PatternError extends Error {
  constructor(
    message: string,
    /** The pattern as written. */
    readonly source: string,
    /** What is wrong with it: `invalid character class range: z-a`. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** A compiled pattern: `test` finds a match anywhere in the text, as RegExp's does. */
export interface LinearPattern {
  test(text: string): boolean;
  /** `/source/i`: Ajv keys its compiled patterns by this. */
  toString(): string;
}

/** Results kept per pattern: codes and periods repeat, so most tests are a lookup. */
const MEMO = 4096;

/** Compiles `source` for linear-time matching; a PatternError says why it cannot be. */
export function linearPattern(source: string, ignoreCase = false): LinearPattern {
  if (!ignoreCase && REVIEWED_PATTERNS.has(source)) {
    const native = new RegExp(source);
    return { toString: () => `/${source}/`, test: (text) => native.test(text) };
  }
  const { RE2JS: RE2 } = re2Package();
  let compiled: RE2JS;
  try {
    compiled = RE2.compile(source, ignoreCase ? RE2.CASE_INSENSITIVE : 0);
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, '').replace(/`/g, '');
    throw new PatternError(`the pattern ${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)} cannot be used: ${why} (patterns are matched in linear time, without lookaround or backreferences)`, source, why);
  }
  const memo = new Map<string, boolean>();
  return {
    toString: () => `/${source}/${ignoreCase ? 'i' : ''}`,
    test(text) {
      let found = memo.get(text);
      if (found === undefined) {
        found = compiled.matcher(text).find();
        if (memo.size >= MEMO) memo.clear();
        memo.set(text, found);
      }
      return found;
    },
  };
}

/**
 * A test of whole texts against a wildcard pattern (literal text, `*` any run of characters), as
 * `--rules T2-*` is written: case aside, without a regular expression engine (loading RE2 took a
 * short run 20 ms), in time at most the product of the two lengths.
 */
export function wildcardMatcher(pattern: string): (text: string) => boolean {
  const p = pattern.toLowerCase();
  return (input) => {
    const t = input.toLowerCase();
    // Greedy, going back only to the last star: the characters after it are tried one place further on.
    let i = 0;
    let j = 0;
    let star = -1;
    let mark = 0;
    while (i < t.length) {
      if (j < p.length && p[j] === '*') {
        star = j++;
        mark = i;
      } else if (j < p.length && p[j] === t[i]) {
        i++;
        j++;
      } else if (star >= 0) {
        j = star + 1;
        i = ++mark;
      } else return false;
    }
    while (p[j] === '*') j++;
    return j === p.length;
  };
}
