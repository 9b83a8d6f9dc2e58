/**
 * 7-Zip at work on a thread of its own, started by seven-zip.ts for the archives of a run, one at a
 * time, which ends it where it goes past its bounds of time or memory (7-Zip reads an archive's
 * whole list before it says a word of it, and cannot be stopped from within): it lists each archive
 * it is given, posts what it heard, and, told to, unpacks it and posts the files back. 7-Zip's
 * WebAssembly is compiled once; each archive has an instance of its own.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { SevenZipModule } from '7z-wasm';
import { sevenZipPackage, sevenZipWasmPath } from '../lazy.js';

/** An entry of 7-Zip's technical listing (`l -slt`): the fields of it plan-check reads, by name. */
export type Listed = Partial<Record<'Path' | 'Folder' | 'Size' | 'Attributes' | 'Encrypted', string>>;

/** What 7-Zip said in a run: its listing's entries (the first `maxFiles`), the errors of files by path, and its other lines (the first KEPT_LINES). */
export interface Heard {
  entries: Listed[];
  faults: Map<string, string>;
  lines: string[];
  /** Whether the listing went past `maxFiles`: the entries past them were not kept. */
  tooMany: boolean;
}

/** A file 7-Zip unpacked: its path in the archive and its bytes. */
export interface Written {
  path: string;
  bytes: Uint8Array;
}

/** What the thread is given: the archive's parts (one, or the volumes of one of several, the first opened), each named as 7-Zip finds it by, and the most entries of its list to keep. */
export interface SevenZipJob {
  parts: { name: string; bytes: Uint8Array }[];
  maxFiles: number;
}

/** What the thread posts of a job: the list heard, then (told to unpack) the files unpacked. */
export type SevenZipPost = { step: 'listed'; code: number; heard: Heard } | { step: 'unpacked'; heard: Heard; files: Written[] };

/** What the thread is told: a job, then whether to unpack its archive or leave it (`done`). */
export type SevenZipOrder = { order: 'job'; job: SevenZipJob } | { order: 'unpack' } | { order: 'done' };

/** Node's WebAssembly, as far as it is used here (the project's types leave the DOM's out). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<object>; instantiate(module: object, imports: object): Promise<object> };
  }
).WebAssembly;

/** 7-Zip's WebAssembly, compiled for the thread's first archive. */
let compiled: Promise<object> | undefined;

/** 7-Zip's options of every run: its messages in UTF-8, an empty password (it would ask for one), yes to every question. */
const QUIET = ['-sccUTF-8', '-p', '-y'];

/** The fields of a listed entry kept: its path, whether it is a folder, its size unpacked, its attributes, whether it is encrypted. */
const KEPT_FIELDS = new Set(['Path', 'Folder', 'Size', 'Attributes', 'Encrypted']);

/** Lines of 7-Zip's own (not an entry's fields, not an error of a file) kept to tell why it failed. */
const KEPT_LINES = 200;

/**
 * 7-Zip, its file system in memory holding the archive's parts under their names (archive.rar,
 * archive.part2.rar …: 7-Zip tells a damaged one by its extension, and finds the next volume by its
 * name); what it says in a run is heard as it says it, within bounds.
 */
async function sevenZip({
  parts,
  maxFiles,
}: SevenZipJob): Promise<{ run: (args: string[]) => { code: number; heard: Heard }; fs: SevenZipModule['FS'] }> {
  let heard: Heard = { entries: [], faults: new Map(), lines: [], tooMany: false };
  let listing = false;
  let entry: Listed | undefined;
  const hear = (line: string): void => {
    if (line === '----------') listing = true;
    const field = listing ? /^([A-Za-z][A-Za-z ]*) = (.*)$/.exec(line) : null;
    if (!field) {
      entry = undefined;
      const error = /^ERROR: (.+?) : (.+)$/.exec(line);
      if (error && heard.faults.size < maxFiles) heard.faults.set(error[2]!, error[1]!);
      else if (heard.lines.length < KEPT_LINES) heard.lines.push(line);
      return;
    }
    if (!entry) {
      entry = {};
      if (heard.entries.length < maxFiles) heard.entries.push(entry);
      else if (!heard.tooMany) {
        // Said at once, while 7-Zip goes on listing (it cannot be stopped from within): the thread is ended on hearing it.
        heard.tooMany = true;
        parentPort?.postMessage({ step: 'listed', code: 2, heard } satisfies SevenZipPost);
      }
    }
    if (KEPT_FIELDS.has(field[1]!)) entry[field[1] as keyof Listed] = field[2]!;
  };
  compiled ??= wasmApi.compile(readFileSync(sevenZipWasmPath()));
  const wasm = await compiled;
  // Standard input ends at once (null, which the package's types leave out): 7-Zip asks nothing of it.
  const module: SevenZipModule = await sevenZipPackage()({
    print: hear,
    printErr: hear,
    stdin: () => null as unknown as number,
    // Each archive an instance of its own, of the module compiled once.
    instantiateWasm: (imports: object, done: (instance: object, module: object) => void) => {
      void wasmApi.instantiate(wasm, imports).then((instance) => done(instance, wasm));
      return {};
    },
  } as Parameters<ReturnType<typeof sevenZipPackage>>[0]);
  // The bytes handed to the file system as they are (canOwn), not copied: the archive is held once.
  for (const { name, bytes } of parts) {
    const file = module.FS.open(`/${name}`, 'w');
    module.FS.write(file, bytes, 0, bytes.length, 0, true);
    module.FS.close(file);
  }
  const archive = `/${parts[0]!.name}`;
  const run = (args: string[]): { code: number; heard: Heard } => {
    heard = { entries: [], faults: new Map(), lines: [], tooMany: false };
    listing = false;
    entry = undefined;
    // 7-Zip's exit, as Emscripten ends a program on Node, sets the exit code of the process: it is kept.
    const kept = process.exitCode;
    try {
      // callMain gives the program's exit code, which the package's types leave out.
      return { code: module.callMain([...args, ...QUIET, archive]) as unknown as number, heard };
    } catch {
      // A C++ exception 7-Zip did not catch (Emscripten throws its pointer), or it ran out of memory: the archive is no more readable than its errors say.
      return { code: 2, heard };
    } finally {
      process.exitCode = kept;
    }
  };
  return { run, fs: module.FS };
}

/** The regular files under a folder of 7-Zip's file system, each taken out of it as it is read (links and devices left out). */
function writtenFiles(fs: SevenZipModule['FS'], folder: string, within: string): Written[] {
  const files: Written[] = [];
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
    if (fs.isDir(mode)) files.push(...writtenFiles(fs, path, inArchive));
    else if (fs.isFile(mode)) {
      files.push({ path: inArchive, bytes: fs.readFile(path) });
      fs.unlink(path);
    }
  }
  return files;
}

/** The thread's work: for each job, list and post; then unpack and post, or leave it, as told. */
function serve(port: NonNullable<typeof parentPort>): void {
  let seven: Awaited<ReturnType<typeof sevenZip>> | undefined;
  port.on('message', (order: SevenZipOrder) => {
    if (order.order === 'job') {
      void sevenZip(order.job).then((opened) => {
        seven = opened;
        port.postMessage({ step: 'listed', ...seven.run(['l', '-slt']) } satisfies SevenZipPost);
      });
    } else if (order.order === 'unpack' && seven) {
      const { heard } = seven.run(['x', '-o/out', '-bd']);
      const files = writtenFiles(seven.fs, '/out', '');
      seven = undefined;
      port.postMessage(
        { step: 'unpacked', heard, files } satisfies SevenZipPost,
        files.map((file) => file.bytes.buffer as ArrayBuffer),
      );
    } else seven = undefined;
  });
}

if (parentPort) serve(parentPort);
