#!/usr/bin/env node
'use strict';
/**
 * The command line as the build bundled it (scripts/bundle.mjs): dist/bundle.cjs, one file
 * instead of seventy modules, written inside CommonJS's wrapper and compiled from the V8 code cache
 * the build saved beside it. A cache another Node or V8 made is refused by V8, and the bundle is
 * then compiled as usual.
 */
const { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle.cjs');
const CACHE = `${BUNDLE}.cache`;

/**
 * Loads the bundle: its `main(argv)`, `saveCache()` to keep the code compiled so far for later runs,
 * and `saveCodeCaches()` to keep that of the files it loaded beside it (yaml and Ajv; src/lazy.ts).
 */
function loadBundle() {
  // The bundle's text and its cache are read in turn into one buffer, the text's copy made as a string
  // before the cache is read over it: each file in memory of its own touched 200 more pages a run.
  const cacheSize = sizeOf(CACHE);
  const buffer = Buffer.allocUnsafeSlow(Math.max(sizeOf(BUNDLE), cacheSize));
  // The build writes the bundle in ASCII alone (scripts/bundle.mjs): read as Latin-1, its text is the
  // same, made without decoding UTF-8 into memory of its own first (about 140 fewer pages touched a run).
  const text = buffer.latin1Slice(0, readInto(buffer, BUNDLE));
  const cachedData = cacheSize > 0 ? buffer.subarray(0, readInto(buffer, CACHE)) : undefined;
  const script = new Script(text, { filename: BUNDLE, cachedData, importModuleDynamically: (specifier) => import(specifier) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(BUNDLE), module, BUNDLE, join(BUNDLE, '..'));
  return {
    main: module.exports.main,
    saveCache: () => writeFileSync(CACHE, script.createCachedData()),
    saveCodeCaches: module.exports.saveCodeCaches,
  };
}

/** A file's size in bytes, 0 where it is missing (a cache the build has not made yet). */
function sizeOf(file) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Reads a file into the start of a buffer as large as it, and gives the bytes read. */
function readInto(buffer, file) {
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    for (let n; read < buffer.length && (n = readSync(fd, buffer, read, buffer.length - read, null)) > 0;) read += n;
    return read;
  } finally {
    closeSync(fd);
  }
}

module.exports = { loadBundle };

if (require.main === module) {
  if (!existsSync(BUNDLE)) {
    // A clone that was never built (npm install builds it).
    process.stderr.write(`plan-check: ${BUNDLE} is missing: run npm run build in the package's folder\n`);
    process.exit(3);
  }
  if (process.argv.includes('--debug')) {
    // Stack traces name the TypeScript sources, through the bundle's source map, which Node reads for
    // the modules it compiles itself: the bundle's code, out of its wrapper, as the module it is.
    process.setSourceMapsEnabled(true);
    const wrapped = readFileSync(BUNDLE, 'latin1');
    const bundle = new Module(BUNDLE, module);
    bundle.filename = BUNDLE;
    bundle.paths = Module._nodeModulePaths(join(BUNDLE, '..'));
    bundle._compile(wrapped.slice(Module.wrapper[0].length, wrapped.length - Module.wrapper[1].length), BUNDLE);
    bundle.exports.main();
  } else loadBundle().main();
}
