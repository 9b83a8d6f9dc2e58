/**
 * A drop sent as a 7z or RAR archive (what 7-Zip and WinRAR, common on Chinese desktops, write),
 * read through 7-Zip compiled to WebAssembly (the 7z-wasm package, loaded for such an archive
 * only): its list read first and its sizes held to the bounds a zip's files are held to, then its
 * files unpacked at once, in memory, from where they are read as a folder's files are from a disk.
 */
import type { SevenZipModule } from '7z-wasm';
import { sevenZipPackage } from '../lazy.js';
import type { Bilingual } from '../types.js';
import { PAST_TABLE_BOUND, pastTableBound } from './zip.js';

/** Why a 7z or RAR archive cannot be read, in both languages. */
export class ArchiveError extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
  }
}

/** A file of a 7z or RAR archive, unpacked: its path in the archive, its size, and its bytes, or why there are none. */
export interface UnpackedFile {
  path: string;
  size: number;
  bytes?: Uint8Array;
  fault?: Bilingual;
}

/** What is left of the bytes the 7z and RAR archives of one run may unpack to (they are held in memory while the run reads them). */
export interface UnpackBudget {
  left: number;
}

/** Most bytes the files of the 7z and RAR archives of one run unpack to. */
export const MAX_UNPACKED_IN_MEMORY = 256 * 1024 * 1024;

/** Bytes in mebibytes, as the bounds are said. */
const mebibytes = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20)} MiB`;

/** 7-Zip's options of every run: its messages in UTF-8, an empty password (it would ask for one), yes to every question. */
const QUIET = ['-sccUTF-8', '-p', '-y'];

/** An entry of 7-Zip's technical listing (`l -slt`): its fields by name. */
type Listed = Record<string, string>;

/** 7-Zip, its file system in memory holding `bytes` as /archive with its extension (.7z, .rar: 7-Zip tells a damaged one by it); what it writes to its streams is kept, a line each. */
async function sevenZip(bytes: Uint8Array, extension: string): Promise<{ run: (args: string[]) => number; said: string[]; fs: SevenZipModule['FS'] }> {
  const said: string[] = [];
  // Standard input ends at once (null, which the package's types leave out): 7-Zip asks nothing of it.
  const module: SevenZipModule = await sevenZipPackage()({ print: (line: string) => said.push(line), printErr: (line: string) => said.push(line), stdin: () => null as unknown as number });
  const archive = `/archive${extension}`;
  module.FS.writeFile(archive, bytes);
  const run = (args: string[]): number => {
    said.length = 0;
    // 7-Zip's exit, as Emscripten ends a program on Node, sets the process's exit code: the run's own is kept.
    const kept = process.exitCode;
    try {
      // callMain gives the program's exit code, which the package's types leave out.
      return module.callMain([...args, ...QUIET, archive]) as unknown as number;
    } catch {
      // A C++ exception 7-Zip did not catch (Emscripten throws its pointer): the archive is no more readable than an error says.
      return 2;
    } finally {
      process.exitCode = kept;
    }
  };
  return { run, said, fs: module.FS };
}

/** The entries of 7-Zip's technical listing, after its line of dashes: blocks of `Name = value` lines. */
function listed(lines: readonly string[]): Listed[] {
  const start = lines.indexOf('----------');
  const entries: Listed[] = [];
  let entry: Listed | undefined;
  for (const line of lines.slice(start + 1)) {
    const field = /^([A-Za-z][A-Za-z ]*) = (.*)$/.exec(line);
    if (!field) {
      entry = undefined;
      continue;
    }
    if (!entry) entries.push((entry = {}));
    entry[field[1]!] = field[2]!;
  }
  return entries.filter((e) => e.Path !== undefined);
}

/** Why 7-Zip could not open or list an archive, from what it said. */
function whyNotOpened(said: readonly string[]): Bilingual {
  const text = said.join('\n');
  if (/encrypted archive|Wrong password/i.test(text)) return ENCRYPTED;
  if (/Unexpected end of archive|Missing volume|There are data after the end/i.test(text)) return { en: 'it is cut short (a copy or download stopped, or a part of an archive of several parts)', zh: '不完整（复制或下载中断，或是分卷压缩包的一部分）' };
  if (/Cannot open the file as archive|Can not open the file as archive/i.test(text)) return { en: 'its bytes are no 7z or RAR archive', zh: '其内容不是 7z 或 RAR 压缩包' };
  return DAMAGED;
}

const ENCRYPTED: Bilingual = { en: 'it is encrypted (it has a password)', zh: '设置了密码' };
const DAMAGED: Bilingual = { en: 'it is damaged', zh: '已损坏' };

/** Why a file of an archive could not be unpacked, from 7-Zip's words for it (CRC Failed, Data Error …), in the words a zip's are told in. */
function whyNotUnpacked(path: string, said: string): Bilingual {
  if (/password/i.test(said)) return { en: `${path} is encrypted`, zh: `${path} 设置了密码` };
  if (/Unexpected end/i.test(said)) return { en: `${path} is cut short`, zh: `${path} 不完整` };
  if (/CRC/i.test(said)) return { en: `${path} is damaged (its checksum does not match)`, zh: `${path} 已损坏（校验和不符）` };
  if (/Unsupported/i.test(said)) return { en: `${path} is packed with a method plan-check does not unpack`, zh: `${path} 的压缩方法 plan-check 无法解压` };
  return { en: `${path} is damaged (its data cannot be unpacked)`, zh: `${path} 已损坏（其数据无法解压）` };
}

/**
 * Unpacks a 7z or RAR archive's bytes (`extension`: its name's, .7z or .rar) within `budget` (taken from it) and the bound of tables:
 * its files by their paths in it (folders and links left out), each with its bytes or why it has
 * none; or that it is a workbook (an .xlsx so named: its parts are no files). Throws an
 * ArchiveError where the archive cannot be listed or is past a bound.
 */
export async function unpackArchive(bytes: Uint8Array, extension: string, budget: UnpackBudget): Promise<{ files: UnpackedFile[] } | { workbook: true }> {
  const seven = await sevenZip(bytes, extension);
  if (seven.run(['l', '-slt']) !== 0) throw new ArchiveError(whyNotOpened(seven.said));
  const entries = listed(seven.said).filter((entry) => entry.Folder !== '+' && !(entry.Attributes ?? '').startsWith('D'));
  const paths = new Set(entries.map((entry) => entry.Path));
  if (paths.has('[Content_Types].xml') && paths.has('xl/workbook.xml')) return { workbook: true };
  const size = entries.reduce((sum, entry) => sum + (Number(entry.Size) || 0), 0);
  if (size > budget.left) {
    const used = MAX_UNPACKED_IN_MEMORY - budget.left;
    const before = used > 0 ? { en: ` (the run's other 7z and RAR archives hold ${mebibytes(used)} of them)`, zh: `（本次运行的其他 7z 和 RAR 压缩包已占用 ${mebibytes(used)}）` } : { en: '', zh: '' };
    throw new ArchiveError({
      en: `its files unpack to ${mebibytes(size)}, more than the ${mebibytes(MAX_UNPACKED_IN_MEMORY)} plan-check unpacks of 7z and RAR archives in memory in one run${before.en}`,
      zh: `其中文件解压后共 ${mebibytes(size)}，超过 plan-check 一次运行在内存中解压 7z 和 RAR 压缩包的上限 ${mebibytes(MAX_UNPACKED_IN_MEMORY)}${before.zh}`,
    });
  }
  if (pastTableBound(size, bytes.length)) throw new ArchiveError(PAST_TABLE_BOUND);
  budget.left -= size;
  // An archive whose files are all encrypted is told once, not a file at a time.
  if (entries.length > 0 && entries.every((entry) => entry.Encrypted === '+')) throw new ArchiveError(ENCRYPTED);
  seven.run(['x', '-o/out', '-bd']);
  const faults = new Map<string, Bilingual>();
  for (const line of seven.said) {
    const error = /^ERROR: (.+?) : (.+)$/.exec(line);
    if (error) faults.set(error[2]!, whyNotUnpacked(error[2]!, error[1]!));
  }
  const files = unpackedFiles(seven.fs, '/out', '').map((file) => (faults.has(file.path) ? { path: file.path, size: file.size, fault: faults.get(file.path)! } : file));
  // A file 7-Zip could not write at all is told too: with its own fault, or the archive's (cut short after its list).
  const written = new Set(files.map((file) => file.path));
  for (const [path, fault] of faults) if (!written.has(path)) files.push({ path, size: 0, fault });
  for (const entry of entries) {
    if (!written.has(entry.Path!) && !faults.has(entry.Path!) && !isLink(entry)) files.push({ path: entry.Path!, size: 0, fault: whyNotOpened(seven.said) });
  }
  return { files };
}

/** Whether a listed entry is a symbolic link (its Unix mode in its attributes), which is not unpacked as a file. */
const isLink = (entry: Listed): boolean => /(^|\s)l[r-][w-][xsS-]/.test(entry.Attributes ?? '');

/** The regular files under a folder of 7-Zip's file system, with their bytes (links and devices left out). */
function unpackedFiles(fs: SevenZipModule['FS'], folder: string, within: string): UnpackedFile[] {
  const files: UnpackedFile[] = [];
  let names: string[];
  try {
    names = fs.readdir(folder);
  } catch {
    return files;
  }
  for (const name of names) {
    if (name === '.' || name === '..') continue;
    const path = `${folder}/${name}`;
    const { mode } = fs.lstat(path);
    const inArchive = within ? `${within}/${name}` : name;
    if (fs.isDir(mode)) files.push(...unpackedFiles(fs, path, inArchive));
    else if (fs.isFile(mode)) {
      const bytes = fs.readFile(path);
      files.push({ path: inArchive, size: bytes.length, bytes });
    }
  }
  return files;
}
