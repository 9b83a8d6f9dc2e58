/**
 * Packages a run may not need, loaded the first time they are used: a check of CSV files against a
 * built-in plan parses no YAML, unzips nothing and draws no progress bar, and start-up is mostly
 * the loading of code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Script } from 'node:vm';

const load = createRequire(import.meta.url);

/** What dist/packages.cjs holds: yaml and Ajv, each made when first asked for. */
interface Packages {
  yaml: typeof import('yaml');
  ajv: typeof import('ajv');
}

/** dist/packages.cjs as compiled, and what it exports, once loaded. */
let packages: { file: string; script: Script; exports: Packages } | undefined;

/**
 * yaml and Ajv, for a plan or a configuration file of one's own: in the command line, from the one
 * file the build bundled them into beside it (dist/packages.cjs, scripts/bundle.mjs), which loads
 * in a fraction of the time their 180 modules take, compiled from the V8 code cache the build saved
 * beside it as the bundle is (a configuration file's run read and compiled it anew: 37 ms); elsewhere
 * (the library, the tests, the build's scripts) from node_modules, whose Ajv the build's own
 * compiling of validators shares.
 */
function bundled(): Packages | undefined {
  if (!import.meta.url.endsWith('/dist/bundle.cjs')) return undefined;
  if (!packages) {
    const file = load.resolve('./packages.cjs');
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(`${file}.cache`);
    } catch {
      cachedData = undefined;
    }
    // Written in ASCII inside CommonJS's wrapper, as the bundle is (bin/plan-check.cjs); a cache another V8 made is refused, and the file compiled as usual.
    const script = new (load('node:vm') as typeof import('node:vm')).Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
    const module = { exports: {} as Packages };
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
    packages = { file, script, exports: module.exports };
  }
  return packages.exports;
}

/** Saves the code V8 compiled so far of dist/packages.cjs as its code cache, for later runs (the build calls it, once it has read YAML and compiled a schema). */
export function savePackagesCache(): void {
  if (packages) writeFileSync(`${packages.file}.cache`, packages.script.createCachedData());
}

/** The `yaml` package, for plan, registry and config files that are not prebuilt. */
export const yamlPackage = (): typeof import('yaml') => bundled()?.yaml ?? (load('yaml') as typeof import('yaml'));

/**
 * SheetJS, for .xls workbooks and the .xlsx report: its CommonJS build, which carries the code
 * pages of legacy workbooks with it, and which the bundle of the command line can load (a
 * dynamic import() is not available to code compiled from V8's code cache on Node 20).
 */
export const sheetJsPackage = (): typeof import('@e965/xlsx') => load('@e965/xlsx') as typeof import('@e965/xlsx');

/** `fflate`, for what is read of a large part of an .xlsx workbook before its sheet (its head, its shared strings): src/input/zip.ts. */
export const fflatePackage = (): typeof import('fflate') => load('fflate') as typeof import('fflate');

/** `cli-progress`, for the progress bar of a long run on a terminal. */
export const progressPackage = (): typeof import('cli-progress') => load('cli-progress') as typeof import('cli-progress');

/** Ajv, to compile a schema no validator was built for (the shipped ones are compiled at build time). */
export const ajvPackage = (): typeof import('ajv') => bundled()?.ajv ?? (load('ajv') as typeof import('ajv'));

/** A CommonJS file the build wrote (a shipped schema's validator), loaded synchronously. */
export const requireFile = (path: string): unknown => load(path);

/** re2js, to match a pattern of a plan or configuration in linear time (the shipped schemas' own are reviewed). */
export const re2Package = (): typeof import('re2js') => load('re2js') as typeof import('re2js');

/** node:zlib, to unpack a zip's files and gzipped tables: it loads Node's stream modules and zlib's binding, which a check of plain files never needs. */
export const zlibModule = (): typeof import('node:zlib') => load('node:zlib') as typeof import('node:zlib');

/** `7z-wasm`, 7-Zip compiled to WebAssembly, for a drop sent as a 7z or RAR archive (src/input/seven-zip.ts). */
export const sevenZipPackage = (): typeof import('7z-wasm').default => load('7z-wasm') as typeof import('7z-wasm').default;

/** Where 7-Zip's WebAssembly lies, compiled once for the archives of a run. */
export const sevenZipWasmPath = (): string => load.resolve('7z-wasm/7zz.wasm');

/** node:worker_threads, for 7-Zip's thread (src/input/seven-zip.ts): a check of plain files starts none. */
export const workerThreadsModule = (): typeof import('node:worker_threads') => load('node:worker_threads') as typeof import('node:worker_threads');

/** node:tty, to ask whether a descriptor is a terminal: it loads the net and stream modules (src/terminal.ts). */
export const ttyPackage = (): typeof import('node:tty') => load('node:tty') as typeof import('node:tty');
