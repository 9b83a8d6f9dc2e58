/**
 * Writing a report to a file: atomically (a temporary file in the same folder, then a rename),
 * the folders its path names made as it is written, and never over one of the inputs. What is not a regular file (/dev/null, a pipe, a terminal)
 * is written through, never replaced; `-` is standard output.
 */
import { once } from 'node:events';
import {
  closeSync,
  createWriteStream,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import type { Writable } from 'node:stream';
import { isTerminal } from './terminal.js';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Where a report file goes: its real path; whether what stands there is not a regular file (written
 * through); the temporary file beside it that is renamed into place. A folder is refused.
 */
function destination(target: string): { where: string; through: boolean; temporary: string } {
  // An empty name (-o "", a variable of a script left unset) names the working folder, as a path: said as what it is.
  if (target.trim() === '')
    throw new UsageError(`output names no file (an empty name): name the file to write, or - for standard output`, {
      option: 'output',
      zh: `output 没有给出文件名（名字为空）：请给出要写入的文件，或用 - 表示标准输出`,
    });
  const where = canonical(target);
  let existing: ReturnType<typeof statSync>;
  try {
    existing = statSync(where, { throwIfNoEntry: false });
  } catch (error) {
    // A part of the path that is a file (ENOTDIR), or a folder that may not be looked into.
    throw cannotWrite(target, error);
  }
  if (existing?.isDirectory())
    throw new UsageError(`cannot write ${target}: it is a folder; name a file in it`, {
      option: 'output',
      zh: `无法写入 ${target}：这是文件夹，请给出其中的文件名`,
    });
  return {
    where,
    through: existing !== undefined && !existing.isFile(),
    temporary: join(dirname(where), `.${basename(where)}.${process.pid}.tmp`),
  };
}

/**
 * Makes a folder and those above it that are missing, one at a time. Node's recursive mkdir loops
 * forever where a folder exists but cannot hold the one asked for (/proc/x: its mkdir says ENOENT,
 * and the recursive walk makes /proc again and again); here that ENOENT is thrown, as any other.
 */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let at = resolve(folder); !statSync(at, { throwIfNoEntry: false }); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      // Made meanwhile by another process: as good.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Refuses a report file that is one of the run's inputs. */
function refuseInput(target: string, where: string, inputs: readonly string[]): void {
  if (inputs.some((input) => input !== '-' && canonical(input) === where)) {
    throw new UsageError(`output ${target} is one of the input files: plan-check never writes over its input`, {
      option: 'output',
      zh: `output ${target} 是输入文件之一：plan-check 从不覆盖输入文件`,
    });
  }
}

/** Writes text to `target` in one step (`-`: to `stdout`); refuses a target that is one of `inputs`. */
export function writeReport(
  target: string,
  text: string | Uint8Array,
  inputs: readonly string[],
  stdout: StandardOutput = writeStandardOutput,
): void {
  if (target === '-') {
    stdout(text);
    return;
  }
  const { where, through, temporary } = destination(target);
  refuseInput(target, where, inputs);
  if (through) {
    try {
      writeFileSync(where, text);
    } catch (error) {
      throw cannotWrite(target, error);
    }
    return;
  }
  try {
    makeFolders(dirname(temporary));
    writeFileSync(temporary, text);
    renameSync(temporary, where);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(target, error);
  }
}

/** A report written piece by piece (report/json.ts JsonReportPieces), then finished or abandoned. */
export interface ReportStream {
  /** Bytes given are the caller's again once it resolves (a stream, which keeps them until written, is given a copy). */
  write(text: string | Uint8Array): Promise<void>;
  /** Ends the report; a file is then put in place, unless it is one of `inputs`. */
  finish(inputs: readonly string[]): Promise<void>;
  /** Leaves nothing behind after a run that failed. */
  abandon(): void;
}

/**
 * Opens a report to be written piece by piece: standard output (`-` or none), or a file written as
 * writeReport writes one (into a temporary file renamed at the end; what is not a regular file is
 * written through). Waits whenever the reader is behind, so that memory does not fill.
 */
export function openReportStream(target: string | undefined, stdout: StandardOutput = writeStandardOutput): ReportStream {
  if (target === undefined || target === '-') return directOutput(stdout);
  const { where, through, temporary } = destination(target);
  if (through) {
    const out = createWriteStream(where);
    return piecewise(out, () => closed(out), target);
  }
  return fileOutput(temporary, target, (inputs) => {
    try {
      refuseInput(target, where, inputs);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    renameSync(temporary, where);
  });
}

/**
 * A report written piece by piece into a regular file, straight to its descriptor (a file takes
 * each write whole: no stream to load, 9 ms of a short run), opened at the first piece; `end` puts
 * it in place once it is closed.
 */
function fileOutput(path: string, target: string, end: (inputs: readonly string[]) => void): ReportStream {
  let fd: number | undefined;
  const open = () => {
    if (fd === undefined) makeFolders(dirname(path));
    return (fd ??= openSync(path, 'w'));
  };
  return {
    async write(text) {
      try {
        const bytes = typeof text === 'string' ? Buffer.from(text) : text;
        const descriptor = open();
        for (let at = 0; at < bytes.length;) at += writeSync(descriptor, bytes, at);
      } catch (error) {
        throw cannotWrite(target, error);
      }
    },
    async finish(inputs) {
      try {
        closeSync(open());
        fd = undefined;
        end(inputs);
      } catch (error) {
        throw error instanceof UsageError ? error : cannotWrite(target, error);
      }
    },
    abandon() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      rmSync(path, { force: true });
    },
  };
}

const STDOUT = 1;
const STDERR = 2;

/** Whether standard output is a terminal, asked of its descriptor (process.stdout would make a stream to tell). */
export function stdoutIsTerminal(): boolean {
  return isTerminal(STDOUT);
}

/**
 * Whether a standard stream is written to its descriptor: not on a Windows console, which reads
 * bytes written so in its code page (936 on Chinese Windows: UTF-8 comes out garbled), where Node's
 * stream hands it the text as UTF-16.
 */
export function writesToDescriptor(platform: NodeJS.Platform = process.platform, terminal = stdoutIsTerminal()): boolean {
  return platform !== 'win32' || !terminal;
}

/** Writes to standard output; returns the stream its text went to where that stream is to be waited on ('drain'). */
export type StandardOutput = (text: string | Uint8Array) => Writable | undefined;

/**
 * A writer of standard output or error straight to its descriptor, without the stream Node makes
 * for it on first use (for a pipe, a socket: milliseconds of loading, two dozen modules, in a short
 * run). A reader that has gone (EPIPE) ends the writing quietly, and the run keeps its own exit
 * code; a write that fails otherwise is `refused` (the error to throw, or none: it ends quietly
 * too). A descriptor that would block (EAGAIN: a pipe another program made non-blocking) hands
 * this and every later write to the stream, so that nothing overtakes what it holds; the writer
 * returns the stream once it has been handed over.
 */
function descriptorWriter(fd: number, stream: () => NodeJS.WriteStream, refused: (error: unknown) => Error | undefined): StandardOutput {
  let state: 'unknown' | 'direct' | 'gone' | NodeJS.WriteStream = 'unknown';
  /** The stream, made quiet for a reader that stops early (EPIPE): the rest is not written, and no stack is due. */
  const quietStream = (): NodeJS.WriteStream => {
    const made = stream();
    made.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      state = 'gone';
    });
    return made;
  };
  const write = (text: string | Uint8Array): NodeJS.WriteStream | undefined => {
    if (state === 'unknown') state = writesToDescriptor(process.platform, isTerminal(fd)) ? 'direct' : quietStream();
    if (state === 'gone') return undefined;
    if (state !== 'direct') {
      state.write(ownCopy(text));
      return state;
    }
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(fd, bytes, at);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        state = quietStream();
        return write(bytes.subarray(at));
      }
      const told = code === 'EPIPE' ? undefined : refused(error);
      if (told) throw told;
      state = 'gone';
      return undefined;
    }
  };
  return write;
}

/** Writes to standard output (descriptorWriter); a write that fails but for its reader gone is a usage error (a full disk). */
export const writeStandardOutput: StandardOutput = descriptorWriter(
  STDOUT,
  () => process.stdout,
  (error) => cannotWrite(undefined, error),
);

/**
 * Writes to standard error (descriptorWriter): a run's summary and problems are told without
 * loading Node's streams. A write that fails ends its writing quietly: there is nowhere left to tell of it.
 */
export const writeStandardError: StandardOutput = descriptorWriter(
  STDERR,
  () => process.stderr,
  () => undefined,
);

/** Text or bytes as a stream may keep them until it writes them: bytes copied, since their owner may write over them once handed on. */
function ownCopy(text: string | Uint8Array): string | Uint8Array {
  return typeof text === 'string' ? text : Buffer.from(text);
}

/** A report written to standard output piece by piece, through writeStandardOutput, waiting whenever its stream is behind. */
function directOutput(stdout: StandardOutput): ReportStream {
  return {
    async write(text) {
      const stream = stdout(text);
      if (stream?.writableNeedDrain) await once(stream, 'drain');
    },
    finish: async () => {},
    abandon: () => {},
  };
}

/** A report written piece by piece into a file's stream. */
function piecewise(out: Writable, end: (inputs: readonly string[]) => Promise<void>, target: string): ReportStream {
  const failing = (error: unknown) => cannotWrite(target, error);
  // An error of the stream (a folder that cannot be written to) is kept and told at the next write.
  let failure: Error | undefined;
  out.on('error', (error: Error) => {
    failure ??= error;
  });
  return {
    async write(text) {
      try {
        if (failure) throw failure;
        if (!out.write(ownCopy(text))) await once(out, 'drain');
      } catch (error) {
        throw failing(error);
      }
    },
    async finish(inputs) {
      try {
        if (failure) throw failure;
        await end(inputs);
      } catch (error) {
        throw error instanceof UsageError ? error : failing(error);
      }
    },
    abandon: () => {},
  };
}

/** Resolves once a file stream has ended and closed; rejects with its error. */
function closed(out: Writable): Promise<void> {
  return new Promise((done, fail) => {
    out.once('error', fail);
    out.end((error?: Error | null) => (error ? fail(error) : done()));
  });
}

/** Why a file (a report, a plan folder's file) cannot be written, in the user's terms (the folder, not a temporary file in it). */
export function cannotWrite(target: string | undefined, error: unknown, platform: NodeJS.Platform = process.platform): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = target ? dirname(resolve(target)) : '';
  // Windows refuses to replace a file another program holds open (Excel, the workbook it shows) as EBUSY, or as EPERM.
  const open = {
    en: `it is open in another program (Excel keeps a workbook it shows locked): close it there, or write another file`,
    zh: `该文件正被其他程序打开（Excel 打开的工作簿会被锁定）：请先关闭，或写入另一个文件`,
  };
  const why: Record<string, { en: string; zh: string }> = {
    ENOENT: { en: `the folder ${folder} does not exist`, zh: `文件夹 ${folder} 不存在` },
    ENOTDIR: { en: `a part of ${folder} is a file, not a folder`, zh: `${folder} 中有一级是文件而不是文件夹` },
    EACCES: { en: `no permission to write in ${folder}`, zh: `没有在 ${folder} 中写入的权限` },
    EPERM:
      platform === 'win32'
        ? { en: `no permission to write in ${folder}, or ${open.en}`, zh: `没有在 ${folder} 中写入的权限，或${open.zh}` }
        : { en: `no permission to write in ${folder}`, zh: `没有在 ${folder} 中写入的权限` },
    EBUSY: open,
    EROFS: { en: `${folder} is on a read-only file system`, zh: `${folder} 所在的文件系统只读` },
    ENOSPC: { en: 'the disk is full', zh: '磁盘已满' },
  };
  const reason = (code && target ? why[code] : undefined) ?? { en: (error as Error).message, zh: (error as Error).message };
  const shown = target ?? 'standard output';
  // A path mistyped is the command line's to mend; a full disk, a permission or a file held open is not.
  const helpful = code === 'ENOENT' || code === 'ENOTDIR';
  return new UsageError(`cannot write ${shown}: ${reason.en}`, {
    zh: `无法写入${target ? ` ${target}` : '标准输出'}：${reason.zh}`,
    helpful,
  });
}

/** Where one report goes: its format, and its file (undefined: standard output). */
export interface ReportTarget {
  format: string;
  output?: string;
}

/** The format a report file's name asks for, by its extension. */
const FORMAT_OF_EXTENSION: Record<string, string> = {
  '.xlsx': 'xlsx',
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xml': 'junit',
  '.txt': 'table',
};

/** The format a report file's name asks for by its extension (report.csv: csv), if it names one. */
export function formatOfOutput(output: string): string | undefined {
  return FORMAT_OF_EXTENSION[extname(output).toLowerCase()];
}

const PRINT = {
  en: 'write -o FILE.html and print it from a browser (its pages are laid out for A4)',
  zh: '请写 -o 文件.html，再用浏览器打印（版面按 A4 排好）',
};
const WORD = { en: 'write -o FILE.html, which Word opens', zh: '请写 -o 文件.html（Word 可以打开）' };

/** Files plan-check writes no report as, by their extensions (a document, an image, an old workbook): what they are, and what to write instead. */
const NOT_WRITTEN: Record<string, { en: string; zh: string; fix: { en: string; zh: string } }> = {
  '.pdf': { en: 'a PDF', zh: ' PDF', fix: PRINT },
  '.doc': { en: 'a Word document', zh: ' Word 文档', fix: WORD },
  '.docx': { en: 'a Word document', zh: ' Word 文档', fix: WORD },
  '.wps': { en: 'a WPS document', zh: ' WPS 文档', fix: WORD },
  '.xls': { en: 'an Excel 97-2003 workbook', zh: ' Excel 97-2003 工作簿', fix: { en: 'write -o FILE.xlsx', zh: '请写 -o 文件.xlsx' } },
  '.et': {
    en: 'a WPS workbook',
    zh: ' WPS 工作簿',
    fix: { en: 'write -o FILE.xlsx, which WPS opens', zh: '请写 -o 文件.xlsx（WPS 可以打开）' },
  },
  '.png': { en: 'an image', zh: '图片', fix: PRINT },
  '.jpg': { en: 'an image', zh: '图片', fix: PRINT },
  '.jpeg': { en: 'an image', zh: '图片', fix: PRINT },
};

/** Whether a file is named as a kind of file plan-check does not write (report.pdf), which would hold text under its name. */
export function isUnwritten(output: string): boolean {
  return extname(output).toLowerCase() in NOT_WRITTEN;
}

/**
 * The format a report file given without one asks for by its name (report.csv: csv), undefined
 * where its extension names none; a name of a kind of file plan-check does not write (report.pdf)
 * is refused, where it was `named` (found only then), with what to write instead.
 */
export function formatNamedBy(output: string, named = () => `-o ${output}`): string | undefined {
  const kind = NOT_WRITTEN[extname(output).toLowerCase()];
  if (kind)
    throw new UsageError(`${named()}: plan-check writes no ${kind.en.replace(/^an? /, '')}; ${kind.fix.en}`, {
      option: 'output',
      zh: `${named()}：plan-check 不写${kind.zh}；${kind.fix.zh}`,
    });
  return formatOfOutput(output);
}

/**
 * The reports a command line asks for, from its `--format X -o FILE` pairs in their order: an
 * `-o` goes with the `--format` before it that has none yet; an `-o` alone takes its format from
 * the file's extension; a `--format` without `-o` goes to standard output, and only one may.
 * With neither on the command line, `fallback` (the configuration's, or the defaults) is used.
 */
export function reportTargets(argv: readonly string[], fallback: readonly ReportTarget[]): ReportTarget[] {
  const pairs: { format?: string; output?: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = equals > 0 ? token.slice(0, equals) : /^-o./.test(token) ? '-o' : token;
    const value = () => (equals > 0 ? token.slice(equals + 1) : /^-o./.test(token) ? token.slice(2) : argv[++i]);
    if (name === '--format') pairs.push({ format: value() });
    else if (name === '-o' || name === '--output') {
      const output = value();
      const open = pairs.at(-1);
      if (open && open.format !== undefined && open.output === undefined) open.output = output;
      else pairs.push({ output });
    }
  }
  const [first = { format: 'table' }] = fallback;
  // A pair has a format, or an output to take one from.
  const targets =
    pairs.length === 0
      ? fallback.map((t) => ({ ...t, output: t.output === '-' ? undefined : t.output }))
      : pairs.map(({ format, output }) => ({
          format: format ?? formatNamedBy(output!) ?? first.format,
          output: output === '-' ? undefined : output,
        }));
  if (targets.filter((t) => t.output === undefined).length > 1) {
    const count = targets.filter((t) => t.output === undefined).length;
    throw new UsageError(`${count} reports would go to standard output: give each --format but one its own -o FILE`, {
      option: 'output',
      zh: `有 ${count} 份报告都要写到标准输出：除一个 --format 外，其余各给一个 -o 文件`,
    });
  }
  return targets;
}
