/**
 * Typed errors that stop a run. Problems inside submissions are not thrown: they become
 * Issues in the report. These are for what makes the run itself impossible.
 */
import type { Bilingual, Lang } from './types.js';

/** Base error of the project: carries the process exit code the CLI should end with. */
export class PlanCheckError extends Error {
  /** The message in Chinese, where one is written: the command line says it under a Chinese locale or --lang zh. */
  readonly zh?: string;

  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown; zh?: string },
  ) {
    super(message, options);
    this.name = new.target.name;
    if (options?.zh !== undefined) this.zh = options.zh;
  }

  /** The message as the command line says it, in a language (English where no Chinese is written). */
  commandLine(lang: Lang): string {
    return lang === 'zh' ? (this.zh ?? this.message) : this.message;
  }
}

/**
 * A wrong option, an unknown command or a path that does not exist: exit 3. `option` names the
 * setting it is about as the library calls it (`plan`, `failOnRegression`); the message starts
 * with it, and the command line shows it as its flag (`--plan`, `--fail-on-regression`).
 */
export class UsageError extends PlanCheckError {
  readonly option?: string;
  /** Whether the command line's help is where the fix is (not where a disk is full or a folder may not be written in). */
  readonly helpful: boolean;

  constructor(message: string, options?: { cause?: unknown; option?: string; zh?: string; helpful?: boolean }) {
    super(message, 3, options);
    this.option = options?.option;
    this.helpful = options?.helpful ?? true;
  }

  /** The message as the command line says it: the setting it is about as its flag. */
  override commandLine(lang: Lang): string {
    const message = super.commandLine(lang);
    const option = this.option;
    if (!option || !message.startsWith(option)) return message;
    return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${message.slice(option.length)}`;
  }
}

/** A plan, rule or registry file that is malformed: exit 3, with file:line:column in the message. */
export class PlanError extends PlanCheckError {
  constructor(message: string, options?: { cause?: unknown; zh?: string }) {
    super(message, 3, options);
  }

  /** The error of a message in both languages. */
  static of(said: Bilingual, options?: { cause?: unknown }): PlanError {
    return new PlanError(said.en, { ...options, zh: said.zh });
  }

  /** The message in both languages (its English where no Chinese is written). */
  get said(): Bilingual {
    return { en: this.message, zh: this.zh ?? this.message };
  }
}

/** A problem at a place of a file, in both languages: `place: en` and `place: zh`. */
export function problemAt(place: string, en: string, zh: string): Bilingual {
  return { en: `${place}: ${en}`, zh: `${place}: ${zh}` };
}

/** Problems by their line and column in the file (`file:line:column: …`), those without a line first, as they came. */
export function inFileOrder(problems: readonly Bilingual[]): Bilingual[] {
  const place = (problem: Bilingual) => /^[^\n]*?:(\d+):(\d+): /.exec(problem.en)?.slice(1).map(Number) ?? [0, 0];
  return problems
    .map((problem) => ({ problem, at: place(problem) }))
    .sort((a, b) => a.at[0]! - b.at[0]! || a.at[1]! - b.at[1]!)
    .map(({ problem }) => problem);
}

/**
 * The PlanError of a file's problems: a line that counts them, then each on a line of its own
 * (`  place: message`), in both languages. `what` names the kind of file (plan file, registry).
 */
export function planProblems(what: Bilingual, file: string, problems: readonly Bilingual[]): PlanError {
  const n = problems.length;
  return listed({ en: `${what.en} ${file} has ${n} problem${n > 1 ? 's' : ''}:`, zh: `${what.zh} ${file} 有 ${n} 个问题：` }, problems);
}

/** The PlanError of a file its schema refuses: a line that says so, then each problem on a line of its own, in both languages. */
export function planMalformed(what: Bilingual, file: string, problems: readonly Bilingual[]): PlanError {
  return listed({ en: `${what.en} ${file} is malformed:`, zh: `${what.zh} ${file} 格式有误：` }, problems);
}

/** A PlanError of a first line and the problems under it, indented. */
function listed(first: Bilingual, problems: readonly Bilingual[]): PlanError {
  return PlanError.of({
    en: [first.en, ...problems.map((p) => `  ${p.en}`)].join('\n'),
    zh: [first.zh, ...problems.map((p) => `  ${p.zh}`)].join('\n'),
  });
}
