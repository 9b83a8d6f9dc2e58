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

/** Whether this is the command line's bundle (dist/bundle.cjs), whose files beside it are compiled from code caches. */
const inBundle = import.meta.url.endsWith('/dist/bundle.cjs');

/** The files compiled from their code caches so far in this process, each with its script and its exports (loaded once, as require loads a module). */
const compiled = new Map<string, { script: Script; exports: unknown }>();

/**
 * A CommonJS file of the build's compiled from the V8 code cache the build saved beside it
 * (`file.cache`), as bin/plan-check.cjs compiles the bundle: its exports. `wrapped`: written in
 * ASCII inside CommonJS's wrapper (dist/packages.cjs), else wrapped here. A cache another V8 made,
 * or none, leaves the file compiled as usual.
 */
function cachedRequire(file: string, wrapped: boolean): unknown {
  const loaded = compiled.get(file);
  if (loaded) return loaded.exports;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const text = wrapped
    ? readFileSync(file, 'latin1')
    : (load('node:module') as typeof import('node:module')).wrap(readFileSync(file, 'utf8'));
  const script = new (load('node:vm') as typeof import('node:vm')).Script(text, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  compiled.set(file, { script, exports: module.exports });
  return module.exports;
}

/** Saves the code V8 compiled so far of each file cachedRequire loaded as its code cache, for later runs (the build calls it, once it has checked against a plan of its own). */
export function saveCodeCaches(): void {
  for (const [file, { script }] of compiled) writeFileSync(`${file}.cache`, script.createCachedData());
}

/** What dist/packages.cjs holds: yaml and Ajv, each made when first asked for. */
interface Packages {
  yaml: typeof import('yaml');
  ajv: typeof import('ajv');
}

/** Where dist/packages.cjs lies, found once. */
let packagesFile: string | undefined;

/**
 * yaml and Ajv, for a plan or a configuration file of one's own: in the command line, from the one
 * file the build bundled them into beside it (dist/packages.cjs, scripts/bundle.mjs), which loads
 * in a fraction of the time their 180 modules take, compiled from its code cache (a configuration
 * file's run read and compiled it anew: 37 ms); elsewhere (the library, the tests, the build's
 * scripts) from node_modules, whose Ajv the build's own compiling of validators shares.
 */
function bundled(): Packages | undefined {
  if (!inBundle) return undefined;
  packagesFile ??= load.resolve('./packages.cjs');
  return cachedRequire(packagesFile, true) as Packages;
}

/** The `yaml` package, for plan, registry and config files that are not prebuilt. */
export const yamlPackage = (): typeof import('yaml') => bundled()?.yaml ?? (load('yaml') as typeof import('yaml'));

/**
 * SheetJS, for .xls workbooks and the .xlsx report: its CommonJS build, which carries the code
 * pages of legacy workbooks with it, and which the bundle of the command line can load (a
 * dynamic import() is not available to code compiled from V8's code cache on Node 20).
 */
export const sheetJsPackage = (): typeof import('@e965/xlsx') => load('@e965/xlsx') as typeof import('@e965/xlsx');

/** `fflate`, for what is read of a large part of an .xlsx workbook before its sheet (its head; shared strings past 64 MiB): src/input/zip.ts. */
export const fflatePackage = (): typeof import('fflate') => load('fflate') as typeof import('fflate');

/** `cli-progress`, for the progress bar of a long run on a terminal. */
export const progressPackage = (): typeof import('cli-progress') => load('cli-progress') as typeof import('cli-progress');

/** Ajv, to compile a schema no validator was built for (the shipped ones are compiled at build time). */
export const ajvPackage = (): typeof import('ajv') => bundled()?.ajv ?? (load('ajv') as typeof import('ajv'));

/**
 * A CommonJS file the build wrote (the validator of a plan, a registry or JSON Schema's
 * meta-schema, for a plan of one's own), loaded synchronously: in the command line, from its code
 * cache.
 */
export const requireFile = (path: string): unknown => (inBundle ? cachedRequire(path, false) : load(path));

/** re2js, to match a pattern of a plan or configuration in linear time (the shipped schemas' own are reviewed). */
export const re2Package = (): typeof import('re2js') => load('re2js') as typeof import('re2js');

/** node:zlib, to unpack a zip's files and gzipped tables: it loads Node's stream modules and zlib's binding, which a check of plain files never needs. */
export const zlibModule = (): typeof import('node:zlib') => load('node:zlib') as typeof import('node:zlib');

/** `7z-wasm`, 7-Zip compiled to WebAssembly, for a drop sent as a 7z or RAR archive (src/input/seven-zip.ts). */
export const sevenZipPackage = (): typeof import('7z-wasm').default => load('7z-wasm') as typeof import('7z-wasm').default;

/** Where 7-Zip's WebAssembly lies, compiled once for the archives of a run. */
export const sevenZipWasmPath = (): string => load.resolve('7z-wasm/7zz.wasm');

/** node:worker_threads, for 7-Zip's thread (src/input/seven-zip.ts): a check of plain files starts none. */
export const workerThreadsModule = (): typeof import('node:worker_threads') =>
  load('node:worker_threads') as typeof import('node:worker_threads');

/** node:tty, to ask whether a descriptor is a terminal: it loads the net and stream modules (src/terminal.ts). */
export const ttyPackage = (): typeof import('node:tty') => load('node:tty') as typeof import('node:tty');
