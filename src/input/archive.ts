/**
 * A drop sent as an archive, read as the folder it unpacks to. A zip: its files listed from its
 * directory, each unpacked only as it is read, a piece at a time (zip.ts), against one budget of
 * unpacked bytes for the whole archive; the bytes of one zip are held at a time, while its files are
 * read (the files of a folder's zips are read a zip after another). A 7z or RAR archive: unpacked
 * whole as it is found (seven-zip.ts), within a budget of the run's. An archive larger than
 * MAX_ARCHIVE_BYTES is to be unpacked first.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { isWorkbookPackage, MAX_UNPACKED_BYTES, openZip, tooLarge, whyNotRead, type Zip, type ZipEntry } from './zip.js';
import { ArchiveError, MAX_PACKED_IN_MEMORY, unpackArchive, type UnpackBudget, type UnpackedFile } from './seven-zip.js';
import type { FilePath } from './sources.js';
import { unpackTar } from './tar.js';
import { issue } from '../catalog.js';
import type { Bilingual, Issue } from '../types.js';

/** The kinds of archive plan-check reads, by their names' extensions: zips, 7-Zip's and WinRAR's archives, tar archives (gzipped or not), a gzipped table. */
export type ArchiveKind = 'zip' | '7z' | 'rar' | 'tar' | 'gzip';

/** How messages name each kind of archive. */
const ARCHIVE_WORDS: Record<ArchiveKind, { what: string; what_zh: string }> = {
  zip: { what: 'zip', what_zh: ' zip 压缩包' },
  '7z': { what: '7z archive', what_zh: ' 7z 压缩包' },
  rar: { what: 'RAR archive', what_zh: ' RAR 压缩包' },
  tar: { what: 'tar archive', what_zh: ' tar 压缩包' },
  gzip: { what: 'gzip file', what_zh: ' gzip 压缩文件' },
};

/** The kind of archive a name is of, read as a folder (.zip, .7z, .rar, .tar, .tar.gz and .tgz, and the parts of a 7z or RAR archive of several); undefined for any other. */
export function folderArchiveKind(name: string): Exclude<ArchiveKind, 'gzip'> | undefined {
  const extension = extname(name).toLowerCase();
  if (extension === '.zip') return 'zip';
  if (TAR_NAME.test(name)) return 'tar';
  return extension === '.7z' ? '7z' : extension === '.rar' ? 'rar' : volumeOf(name)?.kind;
}

/**
 * The part of an archive of several (a volume) a name is, by the names WinRAR and 7-Zip give
 * them: `drop.part1.rar`, `drop.part2.rar` …; `drop.rar`, `drop.r00` … (WinRAR's older names);
 * `drop.7z.001`, `drop.7z.002` …: its kind, its number (the first is 1), and the name of each
 * part by its number. Undefined for another name (a .rar or .7z of one part is its own first).
 */
export function volumeOf(name: string): Volume | undefined {
  const named = /^(.*)\.part(\d+)\.rar$/i.exec(name);
  if (named)
    return {
      kind: 'rar',
      number: Number(named[2]),
      base: named[1]!,
      part: (n) => `${named[1]}.part${String(n).padStart(named[2]!.length, '0')}.rar`,
    };
  const older = /^(.*)\.(rar|r(\d\d))$/i.exec(name);
  if (older)
    return {
      kind: 'rar',
      number: older[3] === undefined ? 1 : Number(older[3]) + 2,
      base: older[1]!,
      part: (n) => `${older[1]}.${n === 1 ? 'rar' : `r${String(n - 2).padStart(2, '0')}`}`,
    };
  const split = /^(.*)\.7z\.(\d{3})$/i.exec(name);
  if (split) return { kind: '7z', number: Number(split[2]), base: split[1]!, part: (n) => `${split[1]}.7z.${String(n).padStart(3, '0')}` };
  return undefined;
}

/** The names of tar archives: .tar; gzipped, .tar.gz or .tgz; packed by xz or bzip2, .tar.xz, .txz, .tar.bz2, .tbz2. */
const TAR_NAME = /\.(?:tar(?:\.(?:gz|xz|bz2))?|tgz|txz|tbz2?)$/i;

/** How a tar's name says it is packed: not at all, by gzip (unpacked here), or by xz or bzip2 (unpacked by 7-Zip). */
function tarPacking(name: string): 'none' | 'gzip' | '7z' {
  if (/\.tar$/i.test(name)) return 'none';
  return /\.(?:tar\.gz|tgz)$/i.test(name) ? 'gzip' : '7z';
}

/**
 * Of a file named as an archive's (`2025-12.zip/道县.csv`, `drop.tar.gz/2025-12/道县.csv`,
 * `drop.7z.001/道县.csv`): the archive's path and the file's path within it; undefined for another name.
 */
export function archiveMember(file: string): { archive: string; path: string } | undefined {
  for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) {
    const archive = file.slice(0, slash);
    if (folderArchiveKind(basename(archive))) return { archive, path: file.slice(slash + 1) };
  }
  return undefined;
}

/** The folder an archive program unpacks an archive to: its name without its ending (drop for drop.zip, drop.tar.gz, drop.part1.rar, drop.7z.001). */
export function unpackedFolderName(name: string): string {
  const base = basename(name);
  return volumeOf(base)?.base ?? base.replace(TAR_NAME.test(base) ? TAR_NAME : /(?<=.)\.[^.]*$/, '');
}

/** A part of an archive of several: its kind, its number (the first is 1), the name before its part's ending, and the name of each part by its number. */
export interface Volume {
  kind: '7z' | 'rar';
  number: number;
  base: string;
  part(number: number): string;
}

/** The error of an archive that cannot be read, or read on (`kind`: a zip unless said): `reason` in both languages. */
export function unreadableArchive(file: string, reason: Bilingual, kind: ArchiveKind = 'zip'): Issue {
  return issue('archive-unreadable', { file, params: { ...ARCHIVE_WORDS[kind], reason: reason.en, reason_zh: reason.zh } });
}

/** Most bytes an archive read may hold (its files unpack to more). */
export const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/**
 * Most bytes the files of one archive may unpack to, all reads counted: a text file is unpacked
 * twice (once for its encoding, once for its rows), so this is twice a workbook's budget.
 */
const ARCHIVE_UNPACKED_BYTES = 2 * MAX_UNPACKED_BYTES;

/** A file in an archive: the archive's path, and the file: as a zip's directory describes it (unpacked as it is read), or unpacked already (a 7z or RAR archive's). */
export type Member = { archive: FilePath; entry: ZipEntry } | { archive: FilePath; unpacked: UnpackedFile };

/** A file's path in its archive, as the archive writes it. */
export const memberPath = (member: Member): string => ('entry' in member ? member.entry.name : member.unpacked.path);

/** The bytes a file of an archive unpacks to, as the archive says. */
export const memberSize = (member: Member): number => ('entry' in member ? member.entry.size : member.unpacked.size);

/** The zip opened last, by its path: its files are read one after another. */
let opened: { key: string; zip: Zip } | undefined;

/** The zip at `path`, opened (its bytes read and its directory) unless it was the last one; throws ZipError, or the file system's error. */
function zipAt(path: FilePath): Zip {
  const key = typeof path === 'string' ? `s${path}` : `b${path.toString('latin1')}`;
  if (opened?.key === key) return opened.zip;
  opened = undefined;
  if (statSync(path).size > MAX_ARCHIVE_BYTES) throw tooLarge(MAX_ARCHIVE_BYTES);
  const zip = openZip(readFileSync(path), ARCHIVE_UNPACKED_BYTES, true);
  opened = { key, zip };
  return zip;
}

/**
 * What an archive holds: its files (folders left out) by their paths within it, in the order a
 * folder's are read; or that it is a workbook (an .xlsx named .zip: its parts are no files); or why it cannot be read.
 */
export type ArchiveFiles = { files: { path: string; member: Member }[] } | { workbook: true } | { fault: Bilingual };

/**
 * Opens the archive at `path`, of the kind its name says: a zip's directory read, a 7z or RAR
 * archive unpacked within `budget`.
 */
export async function openArchive(path: FilePath, kind: Exclude<ArchiveKind, 'gzip'>, budget: UnpackBudget): Promise<ArchiveFiles> {
  if (kind === 'tar') return openTar(path, budget);
  if (kind !== 'zip') return openUnpacked(path, kind, budget);
  try {
    const zip = zipAt(path);
    if (isWorkbookPackage(zip.entries.keys())) return { workbook: true };
    return asFolder(
      [...zip.entries.values()]
        .filter((entry) => !entry.name.endsWith('/') && !entry.name.endsWith('\\'))
        .map((entry) => ({ archive: path, entry })),
    );
  } catch (error) {
    return { fault: whyNotRead(error) };
  }
}

/** An archive's files as a folder's are read: by their paths in it (/ between folders, none at the start), in the order of their paths. */
function asFolder(members: Member[]): ArchiveFiles {
  const files = members.map((member) => ({ path: memberPath(member).replace(/\\/g, '/').replace(/^\/+/, ''), member }));
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** Most parts an archive of several is read from (7-Zip numbers its parts with three digits). */
const MAX_VOLUMES = 999;

/**
 * The files an archive is read from: itself and, where its name is that of the first part of several
 * (drop.part1.rar; drop.rar beside drop.r00; drop.7z.001), the next parts lying beside it, in turn;
 * each with the name 7-Zip is given it by (archive.rar, archive.part2.rar …).
 */
function archiveParts(path: FilePath, kind: '7z' | 'rar'): { path: FilePath; name: string }[] {
  const volume = typeof path === 'string' ? volumeOf(basename(path)) : undefined;
  if (!volume) return [{ path, name: `archive.${kind}` }];
  const name = (number: number) => `archive${volume.part(number).slice(volume.base.length)}`;
  const parts: { path: FilePath; name: string }[] = [{ path, name: name(1) }];
  for (let number = 2; number <= MAX_VOLUMES; number++) {
    const next = join(dirname(path as string), volume.part(number));
    if (existsSync(next)) {
      parts.push({ path: next, name: name(number) });
      continue;
    }
    // A part missing between others is named; a last part missing, 7-Zip tells (cut short).
    const missing = volume.part(number);
    if (existsSync(join(dirname(path as string), volume.part(number + 1))))
      throw new ArchiveError({ en: `its part ${number}, ${missing}, is missing`, zh: `缺少其第 ${number} 卷 ${missing}` });
    return parts;
  }
  if (existsSync(join(dirname(path as string), volume.part(MAX_VOLUMES + 1))))
    throw new ArchiveError({ en: `it has more than ${MAX_VOLUMES} parts`, zh: `其分卷超过 ${MAX_VOLUMES} 个` });
  return parts;
}

/** A 7z or RAR archive (of one part or several), unpacked: its files as openArchive gives a zip's. */
async function openUnpacked(path: FilePath, kind: '7z' | 'rar', budget: UnpackBudget): Promise<ArchiveFiles> {
  try {
    const parts = archiveParts(path, kind);
    const size = parts.reduce((sum, part) => sum + statSync(part.path).size, 0);
    if (size > MAX_PACKED_IN_MEMORY) throw tooLarge(MAX_PACKED_IN_MEMORY);
    const unpacked = await unpackArchive(
      parts.map((part) => ({ name: part.name, bytes: readFileSync(part.path) })),
      budget,
    );
    if ('workbook' in unpacked) return unpacked;
    return asFolder(unpacked.files.map((file) => ({ archive: path, unpacked: file })));
  } catch (error) {
    return { fault: whyNotRead(error) };
  }
}

/**
 * A tar archive, unpacked first where its name says it is packed (gzip here; xz or bzip2 by 7-Zip, into
 * the tar alone), its files held in memory: its files as openArchive gives a zip's.
 */
async function openTar(path: FilePath, budget: UnpackBudget): Promise<ArchiveFiles> {
  try {
    if (statSync(path).size > MAX_PACKED_IN_MEMORY) throw tooLarge(MAX_PACKED_IN_MEMORY);
    const packing = tarPacking(String(path));
    let bytes: Uint8Array = readFileSync(path);
    if (packing === '7z') {
      // 7-Zip unpacks an .xz or .bz2 into the one file it packs, the tar, held within what a run holds of a tar.
      const packed = await unpackArchive([{ name: `archive${extname(String(path)).toLowerCase()}`, bytes }], {
        left: MAX_PACKED_IN_MEMORY,
      });
      const tar = 'files' in packed && packed.files.length === 1 ? packed.files[0]! : undefined;
      // A fault of the one file 7-Zip names after the archive ("archive is cut short") is the archive's own.
      const fault = tar?.fault && { en: tar.fault.en.replace(/^archive\b/, 'it'), zh: tar.fault.zh.replace(/^archive\s*/, '') };
      if (!tar?.bytes) throw new ArchiveError(fault ?? { en: 'it packs no tar archive', zh: '其中没有 tar 压缩包' });
      bytes = tar.bytes;
    }
    const unpacked = unpackTar(bytes, packing === 'gzip', budget);
    if ('workbook' in unpacked) return unpacked;
    return asFolder(unpacked.files.map((file) => ({ archive: path, unpacked: file })));
  } catch (error) {
    return { fault: whyNotRead(error) };
  }
}

/**
 * A file's bytes as they unpack, up to the first piece past `count`: all of them (`whole`), or
 * undefined where there are more, or they cannot be unpacked; else (a head) those unpacked.
 */
function unpackedUpTo({ archive, entry }: { archive: FilePath; entry: ZipEntry }, count: number, whole: boolean): Buffer | undefined {
  const pieces: Buffer[] = [];
  let size = 0;
  try {
    const unpacking = zipAt(archive).inflate(entry, (chunk) => {
      pieces.push(Buffer.from(chunk));
      size += chunk.length;
    });
    while (!unpacking.next().done) {
      if (whole && size > count) return undefined;
      if (!whole && size >= count) break;
    }
  } catch {
    // A head: what was unpacked before the fault (the file's read tells it); a whole file: none.
    if (whole) return undefined;
  }
  return Buffer.concat(pieces).subarray(0, count);
}

/** A file's first `count` bytes (fewer where it is shorter, none where it cannot be unpacked): only as many pieces as they take are unpacked. */
export function memberHead(member: Member, count: number): Buffer {
  if ('unpacked' in member) return Buffer.from(member.unpacked.bytes?.subarray(0, count) ?? []);
  return unpackedUpTo(member, count, false)!;
}

/** A file that says it unpacks to at most `limit` bytes, unpacked whole; undefined where it is larger or cannot be unpacked (its read then says why). */
export function memberBytes(member: Member, limit: number): Buffer | undefined {
  if (memberSize(member) > limit) return undefined;
  if ('unpacked' in member) return member.unpacked.bytes && asBuffer(member.unpacked.bytes);
  return unpackedUpTo(member, limit, true);
}

/**
 * A file's bytes, a piece at a time as they unpack; where the archive turns out damaged (a
 * checksum, its budget) or cannot be read again, `fault` is told why and the bytes end there.
 */
export async function* memberChunks(
  member: Member,
  fault: (reason: Bilingual) => void,
  onBytes?: (count: number) => void,
): AsyncGenerator<Buffer> {
  if ('unpacked' in member) {
    const { bytes, fault: unpackedFault } = member.unpacked;
    if (!bytes) fault(unpackedFault!);
    for (let at = 0; bytes && at < bytes.length; at += PIECE) {
      const piece = bytes.subarray(at, at + PIECE);
      onBytes?.(piece.length);
      yield asBuffer(piece);
    }
    return;
  }
  const { archive, entry } = member;
  try {
    for await (const piece of zipAt(archive).stream(entry)) {
      onBytes?.(piece.length);
      yield asBuffer(piece);
    }
  } catch (error) {
    fault(whyNotRead(error));
  }
}

/** Bytes of an unpacked file handed on at a time, as a zip's are. */
const PIECE = 64 * 1024;

/** Bytes as a Buffer over the same memory (a Buffer as it is). */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
