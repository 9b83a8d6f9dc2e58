/**
 * Turns the command line's paths into sources: files as given, the submissions of a directory
 * tree (a history of drops is a folder per period), glob patterns (`drops/**\/2025-*.csv`), `-`
 * for standard input, and rows a script gives in memory. A path that does not exist is a usage
 * error; every file a folder holds but that is not read is said, with the reason.
 */
import { appendAll } from '../arrays.js';
import { isUtf8 } from 'node:buffer';
import {
  closeSync,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  statSync,
  type BigIntStats,
} from 'node:fs';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { FILE_SKIPPED, issue } from '../catalog.js';
import { namesText } from '../format.js';
import { markedCharacter } from './normalise.js';
import {
  folderArchiveKind,
  memberHead,
  memberPath,
  memberSize,
  openArchive,
  unpackedFolderName,
  unreadableArchive,
  volumeOf,
  type Member,
} from './archive.js';
import { MAX_UNPACKED_IN_MEMORY, type UnpackBudget } from './seven-zip.js';
import { gzipSize } from './gzip.js';
import { sniff } from './decode.js';
import { UsageError } from '../errors.js';
import type { Bilingual, Issue } from '../types.js';
import { linearPattern, PatternError, type LinearPattern } from '../validate/pattern.js';

/**
 * A file's path as the file system has it: text, or the bytes of a name that is not UTF-8 (GBK, as
 * an archive made on Chinese Windows unpacks on another system), which no text could name.
 */
export type FilePath = string | Buffer;

/**
 * One submission to read: a file (how messages name it, and its path), a file in an archive (a
 * zip, a 7z or RAR archive: named as the archive's path and its path within it, drop.zip/daoxian.csv), a gzipped table (roster.csv.gz),
 * standard input, or rows given in memory (by a script).
 */
export type Source =
  | { kind: 'file'; name: string; path: FilePath }
  | { kind: 'gzip'; name: string; path: FilePath }
  | { kind: 'member'; name: string; member: Member }
  | { kind: 'stdin'; name: string }
  | { kind: 'rows'; name: string; rows: readonly Record<string, unknown>[] };

/** Rows a script gives instead of a file: objects keyed by column id or Chinese header. */
export interface RowsInput {
  /** How messages name them (default: rows). */
  name?: string;
  rows: readonly Record<string, unknown>[];
}

/** Why a file of a folder was not read. */
export type SkipReason =
  | 'lock-file'
  | 'own-report'
  | 'not-a-submission'
  | 'archive'
  | 'archive-unreadable'
  | 'unpacked'
  | 'volume'
  | 'resource-fork'
  | 'text-not-unicode'
  | 'ignored'
  | 'hidden-folder'
  | 'folder-link'
  | 'not-a-file'
  | 'unfinished';

/** A file (or hidden folder) a folder scan passed over. */
export interface Skipped {
  path: string;
  reason: SkipReason;
  /** Why an archive could not be read (archive-unreadable); the file of an archive found unpacked beside it (unpacked); the first part of the archive of several a part belongs to (volume); the ending of an unfinished download (unfinished). */
  detail?: Bilingual;
}

/** What expanding paths gives: the sources to read, what was passed over, and the files named again. */
export interface Expanded {
  sources: Source[];
  skipped: Skipped[];
  repeated: { path: string; first: string }[];
}

/** The names a workbook of each kind goes by; another name gets a warning. */
export const WORKBOOK_NAMES = { xlsx: ['.xlsx', '.xlsm', '.xltx', '.xltm'], xls: ['.xls', '.xlt', '.et'] } as const satisfies Record<
  string,
  readonly string[]
>;

/** Spreadsheet formats plan-check does not open, by extension, with their names for the advice. */
export const OTHER_WORKBOOKS: Record<string, string> = {
  '.xlsb': 'Excel binary (.xlsb)',
  '.ods': 'OpenDocument (.ods)',
  '.numbers': 'Numbers (.numbers)',
};

/** Whether a file's name is a workbook's (of either kind plan-check reads). */
export function isWorkbookName(file: string): boolean {
  const named = extname(file).toLowerCase();
  return Object.values(WORKBOOK_NAMES).some((names) => (names as readonly string[]).includes(named));
}

/** Archives a folder may hold that are not read as folders (a gzip, xz or bzip2 file but a table's or a tar's), passed over and said to be unpacked; so is an archive within an archive (a tar in a zip among them). */
const ARCHIVES = new Set(['.zip', '.rar', '.7z', '.gz', '.tgz', '.tar', '.bz2', '.xz']);

/**
 * The endings browsers and download tools give a file while it downloads (Chrome's and Edge's
 * .crdownload, Firefox's .part, Thunder's .xltd, Baidu Netdisk's .downloading …), which it keeps where
 * the download stops: such a file is not all there.
 */
const UNFINISHED_DOWNLOAD = /\.(crdownload|part|partial|download|opdownload|xltd|downloading|bc!)$/i;

/** The ending a file's name has as an unfinished download (.crdownload), if it has one. */
function unfinishedDownload(name: string): string | undefined {
  const found = UNFINISHED_DOWNLOAD.exec(name);
  return found ? `.${found[1]!.toLowerCase()}` : undefined;
}

/** An unfinished download passed over, its ending kept for its error (download-unfinished). */
const unfinishedSkip = (path: string, ending: string): Skipped => ({ path, reason: 'unfinished', detail: { en: ending, zh: ending } });

/** Whether a file's name is a gzipped table's (roster.csv.gz), read as the table it unpacks to. */
const isGzipTableName = (name: string) => /\.(csv|tsv)\.gz$/i.test(name);

/**
 * How a file on disk is read: a gzipped table's name (roster.csv.gz) as gzip where its bytes are
 * (their first two, 1F 8B), else, and any other file, as it is (a download a browser unpacked keeps
 * the name).
 */
const fileSource = (file: FoundFile): Source => {
  const head = isGzipTableName(file.name) ? firstBytes(file.path, 2) : undefined;
  return { kind: head?.[0] === 0x1f && head[1] === 0x8b ? 'gzip' : 'file', name: file.name, path: file.path };
};

/** The first bytes of an .xml file in which Excel 2003's XML Spreadsheet names its namespace (after its declarations). */
const SPREADSHEET_HEAD = 1024;

/** Files a folder scan reads: tables, and workbooks of every kind (those plan-check cannot open get their advice). */
const READ = new Set(['.csv', '.tsv', '.xlsx', '.xlsm', '.xls', '.xlsb', '.et', '.ods', '.numbers']);

/** The first bytes of the reports plan-check writes as CSV: they are not submissions. */
const OWN_REPORTS = [
  'rule,indicator,level,unit,unit_name,period',
  '规则,指标,层级,单位代码,单位名称,报告期',
  'rule,indicator,unit_of_measure,level,unit',
  'rank,unit,unit_name,period',
];

/** Options of expanding. */
export interface ExpandOptions {
  /** The setting the paths came with (`baseline`), for messages. */
  option?: string;
  /** Glob patterns of paths not to read (`--ignore`). */
  ignore?: readonly string[];
}

/** What makes rows given in memory no table (a script's, in JavaScript, where types are not checked): rows that are no list, a row that is no object of cells. */
function rowsFault(rows: unknown): Bilingual | undefined {
  if (!Array.isArray(rows))
    return {
      en: 'rows must be a list of rows, each an object of cells by column',
      zh: 'rows 应为数据行的列表，每行是按列给出单元格的对象',
    };
  const at = rows.findIndex((row) => row === null || typeof row !== 'object' || Array.isArray(row));
  if (at < 0) return undefined;
  const found = Array.isArray(rows[at]) ? 'a list' : rows[at] === null ? 'null' : typeof rows[at];
  return { en: `rows[${at}] is ${found}, not an object of cells by column`, zh: `rows[${at}] 是 ${found}，不是按列给出单元格的对象` };
}

/** Control characters, which a path's message shows as their code points (<U+000D>). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A path as the messages show it: its control characters as their code points (a carriage return a terminal would not show). */
const marked = (path: string) => path.replace(CONTROL, markedCharacter);

/** What a folder of no submission is said to hold where archives are the likely reason: the first of them, and the fix. */
function unpackAdvice(archives: readonly string[]): Bilingual {
  if (archives.length === 0) return { en: '', zh: '' };
  const named = namesText(archives, 3);
  return {
    en: `; it holds ${named.en}: unpack ${archives.length > 1 ? 'them' : 'it'}, then check the folder`,
    zh: `；其中有压缩包 ${named.zh}：请解压后再检查`,
  };
}

/** Extensions a name typed without one may lack (Windows hides them): those a folder scan reads. */
const TYPED_WITHOUT = ['.csv', '.xlsx', '.xls', '.tsv', '.txt'];

/**
 * The path a path of no file meant, and what was wrong with it: a carriage return or spaces at an
 * end (a list of files saved on Windows), a backslash between folders (a path copied from Windows),
 * or, in its folder, a name that differs in capitals only (this file system tells them apart) or the
 * name with an extension (Windows hides them). Not a name merely close to it: drops/2025-11, not
 * yet sent, is not drops/2025-12.
 */
function meantPath(path: string): { path: string; what: Bilingual } | undefined {
  const trimmed = path.trim();
  if (trimmed !== path && existsSync(trimmed)) {
    const what = /[\r\n]/.test(path)
      ? {
          en: 'the path ends with a carriage return (a list of files saved on Windows?): remove it',
          zh: '路径末尾带有回车符（文件列表是在 Windows 上保存的？），请去掉',
        }
      : { en: 'the path has spaces at an end: remove them', zh: '路径首尾带有空格，请去掉' };
    return { path: trimmed, what };
  }
  const slashed = normalize(path.replaceAll('\\', '/'));
  if (sep === '/' && path.includes('\\') && existsSync(slashed)) {
    return {
      path: slashed,
      what: {
        en: 'write / between folders (here \\ is a character of a name, not a separator as on Windows)',
        zh: '文件夹之间请用 /（在这里 \\ 是文件名中的字符，不像在 Windows 上那样是分隔符）',
      },
    };
  }
  const folder = dirname(path);
  const name = basename(path).toLowerCase();
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return undefined;
  }
  // The name itself listed (a link that leads nowhere) is no other name.
  const sameButCase = names.find((found) => found !== basename(path) && found.toLowerCase() === name);
  if (sameButCase)
    return {
      path: join(folder, sameButCase),
      what: { en: 'its name differs in capitals only, which this system tells apart', zh: '文件名只有大小写不同，而本系统区分大小写' },
    };
  const withExtension =
    extname(name) === '' ? names.find((found) => TYPED_WITHOUT.some((ext) => found.toLowerCase() === `${name}${ext}`)) : undefined;
  if (withExtension)
    return {
      path: join(folder, withExtension),
      what: { en: 'give the name with its extension (Windows hides it)', zh: '请写出文件的扩展名（Windows 默认隐藏扩展名）' },
    };
  return undefined;
}

/** Where a path names no file, what follows "no such file" in its message: the path meant and what was wrong (meantPath), or nothing. */
export function meantClause(path: string): Bilingual | undefined {
  const meant = meantPath(path);
  return meant && { en: `, but ${marked(meant.path)} is: ${meant.what.en}`, zh: `，但有 ${marked(meant.path)}：${meant.what.zh}` };
}

/** Expands paths into sources, in the order given; a directory's files sorted by path, sub-folders included. */
export async function expandSources(paths: readonly (string | RowsInput)[], option?: string): Promise<Source[]> {
  return (await expandPaths(paths, { option })).sources;
}

/** Expands paths into sources and says what a folder scan passed over. */
export async function expandPaths(paths: readonly (string | RowsInput)[], options: ExpandOptions = {}): Promise<Expanded> {
  const { option } = options;
  // A path as the messages show it, after the setting it came with (--baseline).
  const where = (path: string) => (option ? `${option} ${marked(path)}` : marked(path));
  /** A path that cannot be read; `helpful` where the command line's help is where its fix is (a mistyped path). */
  const fail = (message: string, zh: string, helpful = true) => new UsageError(message, { ...(option ? { option } : {}), zh, helpful });
  const ignore = (options.ignore ?? []).map(globRegex);
  const ignored = (path: string) => ignore.some((re) => re.test(toSlashes(path)) || re.test(basename(path)));
  const expanded: Expanded = { sources: [], skipped: [], repeated: [] };
  const listings = new Listings();
  const budget: UnpackBudget = { left: MAX_UNPACKED_IN_MEMORY };
  const ahead: ReadAheadBudget = { left: READ_AHEAD_BYTES };
  /** Files found (in a folder, by a glob, or an archive named) among the sources or the skipped; `scanned`, where an archive lying among them may have been unpacked beside it. */
  const addFiles = async (files: FoundFile[], shown: string, scanned = true) => {
    const before = expanded.sources.length;
    const skippedBefore = expanded.skipped.length;
    const beside = scanned ? new Set(files.map((file) => file.name)) : undefined;
    for (const file of files) {
      const later = laterPart(file);
      if (ignored(file.name)) expanded.skipped.push({ path: file.name, reason: 'ignored' });
      else if (later) addLaterPart(file, later, expanded, beside);
      else if (folderArchiveKind(file.name)) await addArchive(file, expanded, ignored, budget, beside);
      else classify(onDisk(file, ahead), expanded);
    }
    // A file that is there but cannot be read (a damaged archive, an unfinished download) is an error of the data, not a drop of nothing.
    const unreadable = expanded.skipped.slice(skippedBefore).some((s) => s.reason === 'archive-unreadable' || s.reason === 'unfinished');
    if (expanded.sources.length === before && !unreadable) {
      const unpack = unpackAdvice(
        expanded.skipped
          .slice(skippedBefore)
          .filter((s) => s.reason === 'archive')
          .map((s) => basename(s.path)),
      );
      throw fail(
        `${where(shown)}: no submission to read (.csv, .tsv, .xlsx, .xls, .zip, .7z, .rar, .tar.gz; sub-folders included)${unpack.en}`,
        `${where(shown)}：没有可读取的报送文件（.csv、.tsv、.xlsx、.xls、.zip、.7z、.rar、.tar.gz，含子文件夹）${unpack.zh}`,
      );
    }
  };
  for (const path of paths) {
    if (typeof path !== 'string') {
      const name = path.name ?? 'rows';
      const faulty = rowsFault(path.rows);
      if (faulty) throw fail(`${where(name)}: ${faulty.en}`, `${where(name)}：${faulty.zh}`);
      expanded.sources.push({ kind: 'rows', name, rows: path.rows });
      continue;
    }
    if (path === '-') {
      expanded.sources.push({ kind: 'stdin', name: '-' });
      continue;
    }
    if (/[*?[]/.test(path)) {
      await addFiles(globFiles(path, expanded), path);
      continue;
    }
    // An empty path (a script's variable left unset: plan-check "$DROP"): said as what it is, not as a file of no name.
    if (path === '')
      throw fail(
        `${option ? `${option} ` : ''}"" names no file or folder (an empty path: a variable left unset?)`,
        `${option ? `${option} ` : ''}"" 没有给出文件或文件夹（路径为空：变量未设置？）`,
      );
    let isDir: boolean;
    const file = byBytes(path, listings) ?? { name: path, path };
    try {
      isDir = statSync(file.path).isDirectory();
    } catch {
      const target = brokenLinkTarget(file.path);
      if (target !== undefined)
        throw fail(
          `${where(path)}: a link to ${target}, where there is no file`,
          `${where(path)}：是指向 ${target} 的链接，而那里没有文件`,
          false,
        );
      const meant = meantClause(path);
      throw fail(`${where(path)}: no such file or directory${meant?.en ?? ''}`, `${where(path)}：没有这个文件或文件夹${meant?.zh ?? ''}`);
    }
    const unfinished = unfinishedDownload(basename(file.name));
    if (isDir) await addFiles(filesUnder(file, expanded), path);
    else if (unfinished) expanded.skipped.push(unfinishedSkip(file.name, unfinished));
    else if (folderArchiveKind(file.name)) await addFiles([firstPart(file)], path, false);
    else expanded.sources.push(fileSource(file));
  }
  if (expanded.sources.length > 1) readOnce(expanded);
  return expanded;
}

/**
 * A file that paths name twice (a folder and a file in it, ./a.csv and a.csv, globs that overlap,
 * a link to a file beside it) is read once, the others told (file-repeated): read twice, each of its
 * rows would be a second listing of itself. A file is known by its device and inode, through links;
 * it is read under its first name that is not a symbolic link (a folder's `latest.csv` pointing at
 * its month's file), else under its first.
 */
function readOnce(expanded: Expanded): void {
  const named = expanded.sources.map((source) =>
    source.kind === 'file' || source.kind === 'gzip'
      ? (readAhead.get(source)?.identity ?? identity(source.path))
      : source.kind === 'member'
        ? { key: `${identity(source.member.archive).key}\0${memberPath(source.member)}`, link: false }
        : undefined,
  );
  const kept = new Map<string, number>();
  named.forEach((file, at) => {
    if (!file) return;
    const earlier = kept.get(file.key);
    if (earlier === undefined || (named[earlier]!.link && !file.link)) kept.set(file.key, at);
  });
  const sources = expanded.sources;
  expanded.sources = sources.filter((source, at) => {
    const file = named[at];
    if (!file || kept.get(file.key) === at) return true;
    expanded.repeated.push({ path: source.name, first: sources[kept.get(file.key)!]!.name });
    return false;
  });
}

/** What a file is, whatever it is named: its device and inode (or its resolved path where it cannot be asked), and whether this name is a symbolic link. */
function identity(path: FilePath): { key: string; link: boolean } {
  try {
    // A name that is not a link is its file's: one call asks both (a folder of 840 files, 840 calls fewer).
    const named = lstatSync(path, { bigint: true });
    const link = named.isSymbolicLink();
    return { key: fileKey(link ? statSync(path, { bigint: true }) : named, path), link };
  } catch {
    return { key: resolve(String(path)), link: false };
  }
}

/** A file's device and inode; its resolved path on a file system without inodes, which answers 0 for every file. */
const fileKey = (file: BigIntStats, path: FilePath) => (file.ino === 0n ? resolve(String(path)) : `${file.dev}:${file.ino}`);

/** The bytes of each source (of a file of an archive, those it unpacks to), or undefined when one is not a regular file (standard input, a pipe, rows in memory). */
export function sourceSizes(sources: readonly Source[]): number[] | undefined {
  const sizes: number[] = [];
  for (const source of sources) {
    // A file of an archive by what the archive says it unpacks to.
    if (source.kind === 'member') {
      sizes.push(memberSize(source.member));
      continue;
    }
    // A gzipped table by what its trailer says it unpacks to.
    if (source.kind === 'gzip') {
      sizes.push(gzipSize(source.path));
      continue;
    }
    if (source.kind !== 'file') return undefined;
    try {
      const info = statSync(source.path);
      if (!info.isFile()) return undefined;
      sizes.push(info.size);
    } catch {
      return undefined;
    }
  }
  return sizes;
}

/** A file found in a folder or an archive, to be read or passed over: how messages name it, its first bytes, and the source it would be read as. */
interface Candidate {
  name: string;
  head(count: number): Buffer;
  source: Source;
}

/** A file of a folder as found: a small one whose head is asked is read whole then, and kept for its reading (within `ahead`). */
function onDisk(file: FoundFile, ahead: ReadAheadBudget): Candidate {
  const source = fileSource(file);
  return { name: file.name, head: (count) => headReadingAhead(file, source, count, ahead), source };
}

/** Puts a file found in a folder or an archive among the sources, or among the skipped with its reason. */
function classify(file: Candidate, expanded: Expanded): void {
  const name = basename(file.name);
  const ext = extname(name).toLowerCase();
  const skip = (reason: SkipReason): void => {
    expanded.skipped.push({ path: file.name, reason });
  };
  if (name.startsWith('~$')) return skip('lock-file');
  const unfinished = unfinishedDownload(name);
  if (unfinished) return void expanded.skipped.push(unfinishedSkip(file.name, unfinished));
  // What macOS writes beside a file on a disk or in a zip of another system's (._daoxian.csv): its metadata, no table.
  if (name.startsWith('._')) return skip('resource-fork');
  if (ext === '.txt') {
    // Excel's "Unicode text" is tab-separated UTF-16 with a byte-order mark; other text files are notes.
    const head = file.head(2);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) expanded.sources.push(file.source);
    else skip('text-not-unicode');
    return;
  }
  // A gzipped table on disk is read as fileSource says; one in a zip is an archive within it.
  if (isGzipTableName(name) && file.source.kind !== 'member') {
    expanded.sources.push(file.source);
    return;
  }
  if (ARCHIVES.has(ext)) return skip('archive');
  // Excel 2003's XML Spreadsheet, as some systems export a workbook under the name .xml: read as a workbook, by its namespace.
  if (ext === '.xml' && sniff(file.head(SPREADSHEET_HEAD)).markup === 'xml') return void expanded.sources.push(file.source);
  if (!READ.has(ext)) return skip('not-a-submission');
  if (ext === '.csv' && isOwnReport(file.head(128))) return skip('own-report');
  expanded.sources.push(file.source);
}

/**
 * Puts the files of an archive (a zip, a 7z or RAR archive, the last unpacked within `budget`)
 * among the sources (or the skipped), as a folder's would be: named as the archive's path and their
 * paths in it; its hidden folders (__MACOSX, which macOS adds) passed over. A file whose copy lies
 * among the files `beside` the archive, unpacked there (beside it, or in a folder of its name, as
 * Windows unpacks), is passed over for its copy, which is read (and may have been mended): read
 * from both, its rows would be given twice; the archive's other files are read.
 */
async function addArchive(
  file: FoundFile,
  expanded: Expanded,
  ignored: (path: string) => boolean,
  budget: UnpackBudget,
  beside?: ReadonlySet<string>,
): Promise<void> {
  const opened = await openArchive(file.path, folderArchiveKind(file.name)!, budget);
  // A workbook named .zip (or .rar, .7z) is read as one, as a workbook of any other name is (workbook-renamed).
  if ('workbook' in opened) {
    expanded.sources.push({ kind: 'file', ...file });
    return;
  }
  if ('fault' in opened) {
    expanded.skipped.push({ path: file.name, reason: 'archive-unreadable', detail: opened.fault });
    return;
  }
  const folder = dirname(file.name);
  const unpackedTo = unpackedFolderName(file.name);
  const unpackedAs = (path: string) => [join(folder, path), join(folder, unpackedTo, path)].find((name) => beside?.has(name));
  const hidden = new Set<string>();
  for (const { path, member } of opened.files) {
    // Named by its path as the archive writes it (a zip), or as 7-Zip unpacks it: a path of ../ stays within the archive's name, as its bytes do.
    const name = `${file.name}/${path}`;
    const parts = path.split('/');
    const at = parts.slice(0, -1).findIndex((part) => part !== '..' && part !== '.' && isHiddenFolder(part));
    if (at >= 0) {
      const within = `${file.name}/${parts.slice(0, at + 1).join('/')}`;
      if (!hidden.has(within)) expanded.skipped.push({ path: within, reason: 'hidden-folder' });
      hidden.add(within);
      continue;
    }
    const copy = unpackedAs(path);
    if (copy) expanded.skipped.push({ path: name, reason: 'unpacked', detail: { en: copy, zh: copy } });
    else if (ignored(name)) expanded.skipped.push({ path: name, reason: 'ignored' });
    else classify({ name, head: (count) => memberHead(member, count), source: { kind: 'member', name, member } }, expanded);
  }
}

/** The later part of an archive of several a file is (drop.part2.rar, drop.r00, drop.7z.002), with the name of its first; undefined for any other file. */
function laterPart(file: FoundFile): { first: FoundFile; number: number } | undefined {
  const volume = typeof file.path === 'string' ? volumeOf(basename(file.name)) : undefined;
  if (!volume || volume.number < 2) return undefined;
  return {
    first: { name: join(dirname(file.name), volume.part(1)), path: join(dirname(file.path as string), volume.part(1)) },
    number: volume.number,
  };
}

/** A file named on the command line, or its archive's first part where it is a later part of one that lies beside it (read from the first, with its next parts). */
function firstPart(file: FoundFile): FoundFile {
  const later = laterPart(file);
  return later && existsSync(later.first.path) ? later.first : file;
}

/**
 * A later part of an archive of several, found among `beside` (a folder's files) or named: passed
 * over with a notice where its first part is there (read with it), else an error of the archive.
 */
function addLaterPart(
  file: FoundFile,
  later: { first: FoundFile; number: number },
  expanded: Expanded,
  beside?: ReadonlySet<string>,
): void {
  const first = basename(later.first.name);
  if (beside?.has(later.first.name)) {
    expanded.skipped.push({ path: file.name, reason: 'volume', detail: { en: first, zh: first } });
    return;
  }
  expanded.skipped.push({
    path: file.name,
    reason: 'archive-unreadable',
    detail: {
      en: `it is part ${later.number} of an archive of several parts, whose first part, ${first}, is not beside it`,
      zh: `它是分卷压缩包的第 ${later.number} 卷，其第一卷 ${first} 不在旁边`,
    },
  });
}

/** Folders a scan passes over: hidden ones (.git), node_modules, and the __MACOSX of a zip made on a Mac. */
const isHiddenFolder = (name: string) => name.startsWith('.') || name === 'node_modules' || name === '__MACOSX';

/** A file's first bytes, up to `count`, or none where it cannot be read. */
function firstBytes(file: FilePath, count: number): Buffer {
  try {
    return readStart(file, count);
  } catch {
    return Buffer.alloc(0);
  }
}

/** A file's first `count` bytes (fewer where it is shorter), through one descriptor; throws where it cannot be read. */
export function readStart(file: FilePath, count: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    return readFrom(fd, count);
  } finally {
    closeSync(fd);
  }
}

/** Up to `count` bytes from the start of an open file. */
function readFrom(fd: number, count: number): Buffer {
  const bytes = Buffer.allocUnsafe(count);
  let read = 0;
  for (let got = 1; read < count && got > 0; read += got) got = readSync(fd, bytes, read, count - read, read);
  return bytes.subarray(0, read);
}

/** Files of at most this many bytes are read whole, in one call (smallFileBytes, and a folder's scan reading ahead). */
export const SMALL_FILE_BYTES = 1024 * 1024;

/** How many bytes of a folder's small files one scan reads ahead and keeps until they are read. */
const READ_AHEAD_BYTES = 16 * 1024 * 1024;

/** What is left of READ_AHEAD_BYTES in a scan. */
interface ReadAheadBudget {
  left: number;
}

/**
 * Small files of a folder read whole where the scan looked at their heads, until they are read
 * (takeReadAhead), with what they are where their names are no links (as readOnce asks): a file of
 * a batch is then opened once, not for its head, what it is and its bytes in turn (840 monthly files:
 * eight calls to the file system each -> four).
 */
const readAhead = new WeakMap<Source, { bytes: Buffer; identity?: { key: string; link: boolean } }>();

/** The bytes of a file its folder's scan read ahead, given once: undefined where it kept none. */
export function takeReadAhead(source: Source): Buffer | undefined {
  const kept = readAhead.get(source);
  readAhead.delete(source);
  return kept?.bytes;
}

/** The first `count` bytes of a file of a folder; where it is small (within `ahead`) it is read whole and kept for its reading. */
function headReadingAhead(file: FoundFile, source: Source, count: number, ahead: ReadAheadBudget): Buffer {
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const info = fstatSync(fd, { bigint: true });
    const size = Number(info.size);
    if (!info.isFile() || size > SMALL_FILE_BYTES || size > ahead.left) return readFrom(fd, count);
    const bytes = readFrom(fd, size);
    ahead.left -= bytes.length;
    readAhead.set(source, { bytes, ...(file.plain ? { identity: { key: fileKey(info, file.path), link: false } } : {}) });
    return bytes.subarray(0, count);
  } catch {
    return Buffer.alloc(0);
  } finally {
    closeSync(fd);
  }
}

/** True for the first bytes of a CSV report written by plan-check (its header), which a later run must not read back. */
function isOwnReport(first: Buffer): boolean {
  const head = first.toString('utf8').replace(/^\ufeff/, '');
  return OWN_REPORTS.some((start) => head.startsWith(start));
}

/** A file of a folder: how messages name it, and its path as the file system has it. */
interface FoundFile {
  name: string;
  path: FilePath;
  /** True where the folder listed it as a file, its name no symbolic link. */
  plain?: boolean;
}

/**
 * The file or folder a path of the command line names where names in it are not UTF-8 (a shell
 * passes their bytes, which Node reads as text, each byte that is no UTF-8 as U+FFFD): each such
 * name the one of its folder that reads so, named as GB18030 reads it; undefined where the path
 * names a file as it stands, or no one file.
 */
function byBytes(path: string, listings: Listings): FoundFile | undefined {
  if (!path.includes('\ufffd') || existsSync(path)) return undefined;
  let found: FoundFile | undefined;
  for (const part of path.split(sep)) {
    if (part === '' && !found) {
      found = { name: sep, path: Buffer.from(sep) };
      continue;
    }
    let bytes: Buffer = Buffer.from(part);
    if (part.includes('\ufffd')) {
      const names = listings.of(found?.path ?? '.').get(part);
      if (names?.length !== 1) return undefined;
      bytes = names[0]!;
    }
    found = found
      ? {
          name: join(found.name, nameText(bytes)),
          path: Buffer.concat([Buffer.from(found.path), Buffer.from(found.name === sep ? '' : sep), bytes]),
        }
      : { name: nameText(bytes), path: bytes };
  }
  return found;
}

/**
 * The names of folders a command line's paths are found in, each read once (a shell's glob names a
 * folder's every file): by the text Node reads a name's bytes as, the names that read so.
 */
class Listings {
  private readonly folders = new Map<string, Map<string, Buffer[]>>();

  of(folder: FilePath): Map<string, Buffer[]> {
    const key = Buffer.from(folder).toString('latin1');
    let names = this.folders.get(key);
    if (!names) {
      names = new Map();
      let entries: Buffer[] = [];
      try {
        entries = readdirSync(folder, { encoding: 'buffer' });
      } catch {
        // A folder that cannot be read names nothing.
      }
      for (const name of entries) {
        const text = name.toString();
        const same = names.get(text);
        if (same) same.push(name);
        else names.set(text, [name]);
      }
      this.folders.set(key, names);
    }
    return names;
  }
}

/** A name as text: as UTF-8, or as GB18030 where it is not UTF-8. */
function nameText(name: Buffer): string {
  return isUtf8(name) ? name.toString() : new TextDecoder('gb18030').decode(name);
}

/**
 * The files of a directory tree, sorted by path. Hidden folders (.git, __MACOSX) and node_modules are passed
 * over (and said), and so are symbolic links to folders, which could lead in a circle. A name that
 * is not UTF-8 is named as GB18030 reads it, and its file opened by its bytes.
 */
function filesUnder(dir: FoundFile, expanded: Expanded): FoundFile[] {
  const found: FoundFile[] = [];
  const walk = (folder: FoundFile) => {
    let entries;
    try {
      entries = readdirSync(folder.path, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      throw new UsageError(`${folder.name}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
        zh: `${folder.name}：无法读取该文件夹（${(error as NodeJS.ErrnoException).code ?? 'error'}）`,
      });
    }
    const named = entries.map((entry) => ({ entry, text: nameText(entry.name) }));
    for (const { entry, text } of named.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))) {
      const file = {
        name: join(folder.name, text),
        path:
          typeof folder.path === 'string' && isUtf8(entry.name)
            ? join(folder.path, text)
            : Buffer.concat([Buffer.from(folder.path), Buffer.from(sep), entry.name]),
      };
      if (entry.isDirectory()) {
        const unfinished = unfinishedDownload(text);
        if (isHiddenFolder(text)) expanded.skipped.push({ path: file.name, reason: 'hidden-folder' });
        // Safari's unfinished download is a folder (a.csv.download) holding the file so far.
        else if (unfinished) expanded.skipped.push(unfinishedSkip(file.name, unfinished));
        else walk(file);
      } else if (entry.isFile()) {
        found.push({ ...file, plain: true });
      } else {
        // A link to a file is read as the file; one that leads nowhere too, to be told as a file that cannot be read.
        const kind = entry.isSymbolicLink() ? linkKind(file.path) : 'other';
        if (kind === 'file' || kind === 'broken') found.push(file);
        else expanded.skipped.push({ path: file.name, reason: kind === 'folder' ? 'folder-link' : 'not-a-file' });
      }
    }
  };
  walk(dir);
  return found;
}

/** Where a path that is a link leads, where nothing is there (a broken link); undefined for any other path. */
export function brokenLinkTarget(path: FilePath): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink() || existsSync(path)) return undefined;
    return marked(readlinkSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * What a link of a folder leads to: a file, a folder (not followed: a link back to a folder above
 * would be read for ever), nothing (broken), or another thing (a named pipe, a device).
 */
function linkKind(path: FilePath): 'file' | 'folder' | 'broken' | 'other' {
  try {
    const info = statSync(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'broken';
  }
}

const toSlashes = (path: string) => path.split(sep).join('/');

/** A glob as a regular expression over a whole path: `**` any folders, `*` and `?` within a name, `[...]` a class. */
export function globRegex(glob: string): LinearPattern {
  let re = '';
  const text = toSlashes(glob);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*' && text[i + 1] === '*') {
      re += text[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += text[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = text.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${text.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return linearPattern(`^${re}$`);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    throw new UsageError(`the file pattern ${JSON.stringify(glob)} cannot be read: ${error.reason}`, {
      zh: `文件模式 ${JSON.stringify(glob)} 无法读取：${error.reason}`,
    });
  }
}

/** The files a glob names: the folder before its first wildcard walked, each path tested whole. */
function globFiles(glob: string, expanded: Expanded): FoundFile[] {
  const parts = toSlashes(glob).split('/');
  const first = parts.findIndex((part) => /[*?[]/.test(part));
  const base = parts.slice(0, first).join('/') || '.';
  const re = globRegex(glob.startsWith('./') ? glob.slice(2) : glob);
  const walked: Expanded = { sources: [], skipped: [], repeated: [] };
  let files: FoundFile[];
  try {
    files = filesUnder({ name: base, path: base }, walked);
  } catch {
    return [];
  }
  const matches = (path: string) => re.test(toSlashes(path).replace(/^\.\//, ''));
  // Folders passed over are said only where the pattern would have reached into them.
  appendAll(
    expanded.skipped,
    walked.skipped.filter((s) => matches(s.path)),
  );
  return files.filter((file) => matches(file.name));
}

/** A notice for a file that paths named again, read at its first naming. */
export function repeatedIssue(repeated: Expanded['repeated'][number]): Issue {
  return issue('file-repeated', { file: repeated.path, params: { first: repeated.first } });
}

/** A notice for a file (or hidden folder) that a folder scan passed over. */
export function skippedIssue(skipped: Skipped): Issue {
  // An archive may hold a unit's files (a drop sent as a zip): a warning, not a notice.
  if (skipped.reason === 'archive') return issue('archive-skipped', { file: skipped.path });
  if (skipped.reason === 'archive-unreadable')
    return unreadableArchive(skipped.path, skipped.detail ?? { en: '', zh: '' }, folderArchiveKind(skipped.path));
  if (skipped.reason === 'unpacked')
    return issue('archive-unpacked', { file: skipped.path, params: { unpacked: skipped.detail?.en ?? '' } });
  if (skipped.reason === 'volume') return issue('archive-part', { file: skipped.path, params: { first: skipped.detail?.en ?? '' } });
  if (skipped.reason === 'unfinished')
    return issue('download-unfinished', { file: skipped.path, params: { ending: skipped.detail?.en ?? '' } });
  const variant: keyof typeof FILE_SKIPPED = skipped.reason;
  return issue('file-skipped', { file: skipped.path, params: { variant } });
}
