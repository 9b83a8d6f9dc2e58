/**
 * What a run of the command line reads and writes besides its files: standard output and error,
 * the environment, standard input. The process's own where plan-check runs as a program
 * (processIo); others where it runs within one, as the tests run it, in-process.
 */
import type { Readable } from 'node:stream';
import { stdoutIsTerminal, writeStandardError, writeStandardOutput, type StandardOutput } from './output.js';
import type { BarStream } from './progress.js';
import type { Lang } from './types.js';
import { isTerminal } from './terminal.js';

/** The streams and environment of a run. */
export interface Io {
  /** Writes to standard output (see writeStandardOutput). */
  out: StandardOutput;
  /** Writes to standard error. */
  err(text: string): void;
  /** The environment: the locale, NO_COLOR and FORCE_COLOR, COLUMNS, CI, GitHub's variables. */
  env: NodeJS.ProcessEnv;
  /** Standard output where it is a terminal (its width), else undefined. */
  outTerminal(): { columns?: number } | undefined;
  /** Standard error where it is a terminal (a progress bar is drawn on it), else undefined. */
  errTerminal(): BarStream | undefined;
  /** Standard input, read for `-`; undefined: the process's. */
  stdin?: Readable;
}

/**
 * The interface language from the locale: Chinese for zh_*, English otherwise. Where no variable
 * names one (Windows, whose users' locale is the system's), the system's as Node's Intl reads it
 * (through PluralRules, which loads no calendars or number formats: 0.4 ms against 13).
 */
export function localeLang(
  env: NodeJS.ProcessEnv = process.env,
  system: () => string = () => new Intl.PluralRules().resolvedOptions().locale,
): Lang {
  if (env.PLAN_CHECK_LANG === 'zh' || env.PLAN_CHECK_LANG === 'en') return env.PLAN_CHECK_LANG;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || system();
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

const STDERR = 2;

/** The process's own streams and environment; a stream is made only once it is known to be a terminal. */
export function processIo(): Io {
  return {
    out: writeStandardOutput,
    err: (text) => void writeStandardError(text),
    env: process.env,
    outTerminal: () => (stdoutIsTerminal() ? process.stdout : undefined),
    errTerminal: () => (isTerminal(STDERR) ? process.stderr : undefined),
  };
}
