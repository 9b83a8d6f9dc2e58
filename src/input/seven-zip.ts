/**
 * A drop sent as a 7z or RAR archive (what 7-Zip and WinRAR, common on Chinese desktops, write),
 * read through 7-Zip compiled to WebAssembly (the 7z-wasm package, loaded for such an archive
 * only), on a thread of its own (seven-zip-worker.ts) that is ended past its bounds of time and
 * memory: its list read first and its sizes held to the bounds a zip's files are held to, then its
 * files unpacked at once, in memory, from where they are read as a folder's files are from a disk.
 */
import { memoryUsage } from 'node:process';
import { workerThreadsModule } from '../lazy.js';
import { packagePath } from '../paths.js';
import type { Bilingual } from '../types.js';
import type { Heard, Listed, SevenZipJob, SevenZipOrder, SevenZipPost } from './seven-zip-worker.js';
import { isWorkbookPackage, MAX_ARCHIVE_FILES, PAST_TABLE_BOUND, pastTableBound, ZipError } from './zip.js';

/** Why a 7z or RAR archive cannot be read, in both languages: a zip's error (whyNotRead tells it), made of its reason. */
export class ArchiveError extends ZipError {
  constructor(readonly reason: Bilingual) {
    super(reason.en, reason.zh);
  }
}

/** A file of a 7z or RAR archive, unpacked: its path in the archive, its size, and its bytes, or why there are none. */
export interface UnpackedFile {
  path: string;
  size: number;
  bytes?: Uint8Array;
  fault?: Bilingual;
}

/** What is left of the bytes the 7z, RAR and tar archives of one run may unpack to (they are held in memory while the run reads them). */
export interface UnpackBudget {
  left: number;
}

/** Most bytes a 7z, RAR or tar archive may have (a gzipped tar: unpacked): it is held in memory while it is read. */
export const MAX_PACKED_IN_MEMORY = 128 * 1024 * 1024;

/** Most bytes the files of the 7z, RAR and tar archives of one run unpack to. */
export const MAX_UNPACKED_IN_MEMORY = 128 * 1024 * 1024;

/** Most memory 7-Zip's thread may take (its archive, its list, the files it unpacks), and most seconds it may work. */
const THREAD_BOUNDS = { bytes: 640 * 2 ** 20, seconds: 30 };

/** Bytes in mebibytes, as the bounds are said. */
const mebibytes = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20)} MiB`;

/** Why 7-Zip could not open or list an archive, from what it said. */
function whyNotOpened(heard: Heard): Bilingual {
  if (heard.tooMany)
    return { en: `it holds more than ${heard.entries.length} files and folders`, zh: `其中的文件和文件夹超过 ${heard.entries.length} 个` };
  const text = [...heard.lines, ...[...heard.faults].flat()].join('\n');
  if (/encrypted archive|Wrong password/i.test(text)) return ENCRYPTED;
  if (/Unexpected end of archive|Missing volume|There are data after the end/i.test(text))
    return {
      en: 'it is cut short (a copy or download stopped, or a part of an archive of several parts)',
      zh: '不完整（复制或下载中断，或是分卷压缩包的一部分）',
    };
  if (/Cannot open the file as archive|Can not open the file as archive/i.test(text))
    return { en: 'its bytes are no 7z or RAR archive', zh: '其内容不是 7z 或 RAR 压缩包' };
  return DAMAGED;
}

const ENCRYPTED: Bilingual = { en: 'it is encrypted (it has a password)', zh: '设置了密码' };
const DAMAGED: Bilingual = { en: 'it is damaged', zh: '已损坏' };

/** Why a file of an archive could not be unpacked, from 7-Zip's words for it (CRC Failed, Data Error …), in the words a zip's are told in. */
function whyNotUnpacked(path: string, said: string): Bilingual {
  if (/password/i.test(said)) return { en: `${path} is encrypted`, zh: `${path} 设置了密码` };
  if (/Unexpected end/i.test(said)) return { en: `${path} is cut short`, zh: `${path} 不完整` };
  if (/CRC/i.test(said)) return { en: `${path} is damaged (its checksum does not match)`, zh: `${path} 已损坏（校验和不符）` };
  if (/Unsupported/i.test(said))
    return { en: `${path} is packed with a method plan-check does not unpack`, zh: `${path} 的压缩方法 plan-check 无法解压` };
  return { en: `${path} is damaged (its data cannot be unpacked)`, zh: `${path} 已损坏（其数据无法解压）` };
}

/**
 * Unpacks a 7z or RAR archive, given as its parts (one, or the volumes of an archive of several,
 * the first first), each named as 7-Zip finds it by (`archive.rar`, `archive.part2.rar` …), within
 * `budget` (taken from it) and the bound of tables: its files by their paths in it (folders and
 * links left out), each with its bytes or why it has none; or that it is a workbook (an .xlsx so
 * named: its parts are no files). Throws an ArchiveError where the archive cannot be listed or is
 * past a bound (`maxFiles` listed among them). The bytes are handed to 7-Zip's thread where they
 * have a buffer of their own: theirs are then detached.
 */
export async function unpackArchive(
  parts: readonly { name: string; bytes: Uint8Array }[],
  budget: UnpackBudget,
  maxFiles = MAX_ARCHIVE_FILES,
): Promise<{ files: UnpackedFile[] } | { workbook: true }> {
  const packed = parts.reduce((sum, part) => sum + part.bytes.length, 0);
  // Handed to 7-Zip's thread, not copied (the thread then owns them): bytes of a buffer of their own.
  const owned = parts.map(({ name, bytes }) => ({
    name,
    bytes: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes),
  }));
  const seven = sevenZipThread({ parts: owned, maxFiles });
  try {
    const list = await seven.next();
    if (list.step !== 'listed' || list.code !== 0 || list.heard.tooMany) throw new ArchiveError(whyNotOpened(list.heard));
    const entries = list.heard.entries.filter(
      (entry) => entry.Path !== undefined && entry.Folder !== '+' && !(entry.Attributes ?? '').startsWith('D'),
    );
    if (isWorkbookPackage(entries.map((entry) => entry.Path!))) return { workbook: true };
    const size = entries.reduce((sum, entry) => sum + (Number(entry.Size) || 0), 0);
    takeFromBudget(size, packed, budget);
    // An archive whose files are all encrypted is told once, not a file at a time.
    if (entries.length > 0 && entries.every((entry) => entry.Encrypted === '+')) throw new ArchiveError(ENCRYPTED);
    const unpacked = await seven.next(true);
    if (unpacked.step !== 'unpacked') throw new ArchiveError(DAMAGED);
    const faults = new Map([...unpacked.heard.faults].map(([path, said]) => [path, whyNotUnpacked(path, said)]));
    const files: UnpackedFile[] = unpacked.files.map(({ path, bytes }) =>
      faults.has(path) ? { path, size: bytes.length, fault: faults.get(path)! } : { path, size: bytes.length, bytes },
    );
    // A file 7-Zip could not write at all is told too: with its own fault, or the archive's (cut short after its list).
    const written = new Set(files.map((file) => file.path));
    for (const [path, fault] of faults) if (!written.has(path)) files.push({ path, size: 0, fault });
    for (const entry of entries) {
      if (!written.has(entry.Path!) && !faults.has(entry.Path!) && !isLink(entry))
        files.push({ path: entry.Path!, size: 0, fault: whyNotOpened(unpacked.heard) });
    }
    return { files };
  } finally {
    seven.end();
  }
}

/**
 * Takes the bytes an archive held in memory unpacks to (`size`, from `packed` bytes) from the run's
 * budget; throws an ArchiveError where they are more than is left, or past the bound of tables.
 */
export function takeFromBudget(size: number, packed: number, budget: UnpackBudget): void {
  if (size > budget.left) {
    const used = MAX_UNPACKED_IN_MEMORY - budget.left;
    const before =
      used > 0
        ? {
            en: ` (the run's other 7z, RAR and tar archives hold ${mebibytes(used)} of them)`,
            zh: `（本次运行的其他 7z、RAR 和 tar 压缩包已占用 ${mebibytes(used)}）`,
          }
        : { en: '', zh: '' };
    throw new ArchiveError({
      en: `its files unpack to ${mebibytes(size)}, more than the ${mebibytes(MAX_UNPACKED_IN_MEMORY)} plan-check unpacks of 7z, RAR and tar archives in memory in one run${before.en}`,
      zh: `其中文件解压后共 ${mebibytes(size)}，超过 plan-check 一次运行在内存中解压 7z、RAR 和 tar 压缩包的上限 ${mebibytes(MAX_UNPACKED_IN_MEMORY)}${before.zh}`,
    });
  }
  if (pastTableBound(size, packed)) throw new ArchiveError(PAST_TABLE_BOUND);
  budget.left -= size;
}

/** 7-Zip's thread between archives: kept, not holding the run open, for the run's next archive; none where it was ended. */
let idle: import('node:worker_threads').Worker | undefined;

/** 7-Zip's thread, the idle one or a new one. */
function sevenZipWorker(): import('node:worker_threads').Worker {
  const worker = idle ?? new (workerThreadsModule().Worker)(packagePath('dist/input/seven-zip-worker.js'), { stdout: true, stderr: true });
  if (!idle) worker.once('exit', () => idle === worker && (idle = undefined));
  idle = undefined;
  worker.ref();
  return worker;
}

/**
 * 7-Zip's thread at work on a job: next() gives what it posts next (`goOn`: told to unpack first),
 * or throws an ArchiveError where it goes past THREAD_BOUNDS (it is then ended) or fails; end()
 * leaves the thread idle for the next archive where it is done with this one, and ends it where not.
 */
function sevenZipThread(job: SevenZipJob): { next: (goOn?: boolean) => Promise<SevenZipPost>; end: () => void } {
  const worker = sevenZipWorker();
  const posts: SevenZipPost[] = [];
  let failure: ArchiveError | undefined;
  let waiting: { resolve: (post: SevenZipPost) => void; reject: (error: ArchiveError) => void } | undefined;
  /** Whether 7-Zip is at work on the job (not between its list and its unpacking, nor done). */
  let working = true;
  let unpacked = false;
  /** Gives the waiting next() the first post, or else the failure. */
  const settle = (): void => {
    const waiter = waiting;
    if (!waiter || (posts.length === 0 && !failure)) return;
    waiting = undefined;
    if (posts.length > 0) waiter.resolve(posts.shift()!);
    else waiter.reject(failure!);
  };
  const fail = (reason: Bilingual): void => {
    failure ??= new ArchiveError(reason);
    settle();
  };
  const onMessage = (post: SevenZipPost): void => {
    // A list past its bound is said while 7-Zip goes on listing: the thread is at work still.
    working = post.step === 'listed' && post.heard.tooMany;
    unpacked = post.step === 'unpacked';
    posts.push(post);
    settle();
  };
  const onError = (error: Error): void => fail({ en: `7-Zip stopped (${error.message})`, zh: `7-Zip 中止（${error.message}）` });
  const onExit = (): void => fail(DAMAGED);
  worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  worker.postMessage(
    { order: 'job', job } satisfies SevenZipOrder,
    job.parts.map((part) => part.bytes.buffer as ArrayBuffer),
  );
  const started = Date.now();
  const baseline = memoryUsage.rss();
  // Watched from this thread, which waits: 7-Zip reads a list whole before it says a word of it, and cannot be stopped from within.
  const watch = setInterval(() => {
    const taken = memoryUsage.rss() - baseline;
    const seconds = (Date.now() - started) / 1000;
    if (taken <= THREAD_BOUNDS.bytes && seconds <= THREAD_BOUNDS.seconds) return;
    void worker.terminate();
    fail(
      taken > THREAD_BOUNDS.bytes
        ? {
            en: `it takes more than ${mebibytes(THREAD_BOUNDS.bytes)} of memory to read (too many files listed, or a bomb?)`,
            zh: `读取它需要超过 ${mebibytes(THREAD_BOUNDS.bytes)} 的内存（列出的文件太多，或是压缩炸弹？）`,
          }
        : {
            en: `it takes more than ${THREAD_BOUNDS.seconds} seconds to read (too many files listed, or a bomb?)`,
            zh: `读取它需要超过 ${THREAD_BOUNDS.seconds} 秒（列出的文件太多，或是压缩炸弹？）`,
          },
    );
  }, 20);
  return {
    next: (goOn = false) => {
      if (goOn) {
        working = true;
        worker.postMessage({ order: 'unpack' } satisfies SevenZipOrder);
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        settle();
      });
    },
    end: () => {
      clearInterval(watch);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      // One thread is kept idle: another's (a check run beside this one) is ended.
      if (working || failure || idle) {
        void worker.terminate();
        return;
      }
      if (!unpacked) worker.postMessage({ order: 'done' } satisfies SevenZipOrder);
      worker.unref();
      idle = worker;
    },
  };
}

/** Whether a listed entry is a symbolic link (its Unix mode in its attributes), which is not unpacked as a file. */
const isLink = (entry: Listed): boolean => /(^|\s)l[r-][w-][xsS-]/.test(entry.Attributes ?? '');
