/**
 * Regular expressions that come from plans and configurations (a column's `pattern`, ignore
 * globs), matched in time linear in the text: RE2's engine (re2js) never backtracks, so no
 * pattern, however written, can make one cell take seconds. What RE2 cannot match in linear
 * time (lookaround, backreferences) is refused when the pattern is read. The shipped schemas'
 * patterns and plain sequences of characters (isPlainSequence), which JavaScript's own engine
 * matches in linear time too, and as RE2 does, are matched by that engine: several times faster.
 */
import { readFileSync } from 'node:fs';
import type { RE2JS } from 're2js';
import { packagePath } from '../paths.js';
import { re2Package } from '../lazy.js';
import { wholeCharacters } from '../input/normalise.js';

/**
 * The patterns of the schemas shipped with plan-check (rows and rosters, and the plan, registry
 * and configuration files' own), each reviewed as linear in any engine
 * (schemas/reviewed-patterns.json): matched by JavaScript's own engine, which spares a run of a
 * built-in plan, or of a plan file of its own, loading RE2. A test holds them to RE2 on generated
 * texts. Every other pattern is RE2's, but for a plain sequence (isPlainSequence).
 */
export const REVIEWED_PATTERNS: ReadonlySet<string> = new Set(
  (JSON.parse(readFileSync(packagePath('schemas/reviewed-patterns.json'), 'utf8')) as { patterns: string[] }).patterns,
);

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
  const native = ignoreCase ? undefined : nativePattern(source);
  if (native) return { toString: () => `/${source}/`, test: (text) => native.test(text) };
  const { RE2JS: RE2 } = re2Package();
  let compiled: RE2JS;
  try {
    compiled = RE2.compile(source, ignoreCase ? RE2.CASE_INSENSITIVE : 0);
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, '').replace(/`/g, '');
    throw new PatternError(
      `the pattern ${JSON.stringify(source.length > 80 ? `${wholeCharacters(source, 80)}…` : source)} cannot be used: ${why} (patterns are matched in linear time, without lookaround or backreferences)`,
      source,
      why,
    );
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

/** A character a pattern may hold as itself: not one that means more, not half of a pair (JavaScript and RE2 see those apart). */
const PLAIN_CHARACTER = /[^\\^$.|?*+()[\]{}\ud800-\udfff]/.source;
/** `\d`, `\w` (the same in JavaScript and RE2) or an escaped sign that stands for itself. */
const PLAIN_ESCAPE = /\\[dw]|\\[!-/:-@[-`{-~]/.source;
/** A class of characters, not negated: plain ones, ranges between two of them, and the escapes above (no range's end). */
const CLASS_CHARACTER = '[^\\\\\\]\\[\\-\\ud800-\\udfff]';
const PLAIN_CLASS = `\\[(?!\\^)(?:${CLASS_CHARACTER}-${CLASS_CHARACTER}|${CLASS_CHARACTER}|${PLAIN_ESCAPE})+\\]`;
/** One character of a pattern, and how many times: once, a fixed number, or a varying one. */
const ATOM = new RegExp(`(?:${PLAIN_CHARACTER}|${PLAIN_ESCAPE}|${PLAIN_CLASS})(?:\\{(\\d{1,4})(?:(,)(\\d{1,4})?)?\\}|([?*+]))?`, 'y');

/** A reviewed pattern or a plain sequence as JavaScript's own expression; undefined for any other (or one JavaScript refuses: a range z-a). */
function nativePattern(source: string): RegExp | undefined {
  if (!REVIEWED_PATTERNS.has(source) && !isPlainSequence(source)) return undefined;
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

/**
 * Whether a pattern is a sequence of single characters (plain, \d, \w, an escaped sign, a class of
 * them), each once or a number of times, of which at most one varies in number and then only after
 * `^`: JavaScript's engine goes back over that one alone, so it matches in time linear in the text,
 * and as RE2 does (tests/pattern.test.ts holds the two to each other). `^[A-Z]{2}[0-9]{7}$`, a
 * plan's case number, is; `^\d*\d*$` is not, and stays RE2's.
 */
export function isPlainSequence(source: string): boolean {
  const anchored = source.startsWith('^');
  let at = anchored ? 1 : 0;
  const end = source.endsWith('$') && !source.endsWith('\\$') ? source.length - 1 : source.length;
  let varying = 0;
  while (at < end) {
    ATOM.lastIndex = at;
    const atom = ATOM.exec(source);
    if (!atom || ATOM.lastIndex > end) return false;
    const [, least, comma, most, sign] = atom;
    if (sign !== undefined || (comma !== undefined && (most === undefined || most !== least))) varying++;
    if (most !== undefined && Number(most) < Number(least)) return false;
    at = ATOM.lastIndex;
  }
  return varying === 0 || (varying === 1 && anchored);
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
