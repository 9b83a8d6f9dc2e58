#!/usr/bin/env node
// Part of the build: dist/cli.js, the modules it imports and the shipped schemas' validators
// bundled by esbuild into one CommonJS file, dist/bundle.cjs, which bin/plan-check.cjs runs
// (loading one file instead of seventy modules is most of a short run's start-up); then a check of
// the samples in two formats is run (in a process of its own, `--make-caches`) and the code V8
// compiled for it saved as dist/bundle.cjs.cache, so that a run compiles little. Packages loaded only when needed
// (src/lazy.ts: the workbook library among them) stay outside, loaded from node_modules.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const outfile = join(root, 'dist/bundle.cjs');
const packagesFile = join(root, 'dist/packages.cjs');
const shippedSchemas = join(root, 'dist/shipped/schemas');
if (process.argv[2] === '--make-caches') {
  await makeCaches();
  process.exit(0);
}
// A cache of an earlier build would be read back below and kept: each build starts from none.
for (const file of [outfile, packagesFile]) rmSync(`${file}.cache`, { force: true });
for (const name of readdirSync(shippedSchemas).filter((name) => name.endsWith('.cache'))) rmSync(join(shippedSchemas, name));
// The validators of a plan and a registry of a user's own, and of the meta-schema its row schema is
// checked against (180 KB of the bundle's 1 MB), are loaded from their files when such a plan is
// read: carried in the bundle, every run read them (9 ms here).
const OWN_DOCUMENTS = new Set(['plan.validate.cjs', 'registry.validate.cjs', 'draft-07.validate.cjs']);
const validators = readdirSync(shippedSchemas).filter((name) => name.endsWith('.validate.cjs') && !OWN_DOCUMENTS.has(name));
const entry = [
  "import { BUNDLED_VALIDATORS } from './dist/validate/ajv.js';",
  ...validators.map(
    (name) => `BUNDLED_VALIDATORS.set(${JSON.stringify(name)}, require(${JSON.stringify(`./dist/shipped/schemas/${name}`)}));`,
  ),
  "export { main } from './dist/cli.js';",
  "export { saveCodeCaches } from './dist/lazy.js';",
].join('\n');

/**
 * What a run would load at start-up and never use: commander's node:child_process (for subcommands
 * that are programs of their own, which plan-check has none of) is loaded if used; chalk's own
 * detection of a colour terminal (node:tty, node:net) is left out, since plan-check gives chalk
 * its colour level (useColor in src/cli.ts).
 */
const startUpOnly = {
  name: 'start-up-only',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, () => ({ path: 'child_process', namespace: 'start-up-only' }));
    build.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'start-up-only' }));
    build.onLoad({ filter: /^child_process$/, namespace: 'start-up-only' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('child_process')[key] });",
      loader: 'js',
    }));
    build.onLoad({ filter: /^supports-color$/, namespace: 'start-up-only' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'bundle-entry.js', loader: 'js' },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  plugins: [startUpOnly],
  // import.meta.url, which finds the package's files (src/paths.ts), is the bundle's own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  sourcemap: true,
  minifyWhitespace: true,
  logLevel: 'warning',
});

// yaml and Ajv, which a run loads only for a plan of its own (src/lazy.ts), bundled into one file of
// their own beside the bundle: loaded from it, such a run starts 60 ms sooner than from their 180
// modules in node_modules, and a run of a built-in plan reads none of it.
await build({
  // Each made when first asked for: a config file's run needs yaml alone.
  stdin: {
    contents: "module.exports = { get yaml() { return require('yaml'); }, get ajv() { return require('ajv'); } };",
    resolveDir: root,
    sourcefile: 'packages-entry.js',
    loader: 'js',
  },
  outfile: packagesFile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  logLevel: 'warning',
});

// esbuild escapes what is not ASCII in strings, but not in regular expressions (a footer's Chinese
// words): escaped here too, the bundle is read as one-byte text, twice as fast as UTF-8 (1 ms of a
// run; bin/plan-check.cjs reads it as Latin-1, which is ASCII's text). Source-map columns of those
// few lines shift; their lines stay right.
// Written inside CommonJS's wrapper, the function a module's code is the body of: bin/plan-check.cjs
// compiles the file's text as it is, instead of a text joined to it, which V8 copies whole before
// compiling it (about 220 fewer pages touched a run).
// dist/packages.cjs is written the same way (src/lazy.ts compiles it from its own code cache).
const ascii = (text) => text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
for (const file of [outfile, packagesFile]) writeFileSync(file, Module.wrap(ascii(readFileSync(file, 'utf8'))));

// Code compiled from a code cache cannot import() on Node 20: the bundle loads what it needs with require.
if (/\bimport\(/.test(readFileSync(outfile, 'utf8')))
  throw new Error('dist/bundle.cjs holds a dynamic import(): load the package with require (src/lazy.ts)');

// The runs that make the code caches, in a process of their own whose standard error (each run's summary line, which
// the command line writes to its descriptor, past any stream this process could quiet) is shown only where it fails.
const made = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--make-caches'], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
});
if (made.status !== 0) {
  process.stderr.write(made.stderr);
  throw new Error(`the runs that make the code caches failed (exit code ${made.status ?? made.signal})`);
}
const kb = (file) => Math.round(statSync(file).size / 1024);
// One line within 80 columns, as npm ci and npm start show it.
console.log(
  `bundle: ${kb(outfile)} KB, ${validators.length} validators, cache ${kb(`${outfile}.cache`)} KB; packages ${kb(packagesFile)} KB, cache ${kb(`${packagesFile}.cache`)} KB`,
);

/** Checks the samples with the bundle just built, and saves the code V8 compiled for them beside the files it loaded. */
async function makeCaches() {
  const { loadBundle } = createRequire(import.meta.url)('../bin/plan-check.cjs');
  const { main, saveCache, saveCodeCaches } = loadBundle();
  const out = mkdtempSync(join(tmpdir(), 'plan-check-bundle-'));
  /**
   * Runs the command line on these arguments, its report to a file of `out`. The samples miss targets on purpose (exit
   * code 1); a run refused (2 or 3) would make the cache of its refusal instead of a check, and fails the build.
   */
  const run = async (args, format) => {
    await main(['node', 'plan-check', ...args, '--format', format, '-o', join(out, `report.${format}`)]);
    if (process.exitCode > 1) throw new Error(`plan-check ${args.join(' ')} --format ${format} ended with exit code ${process.exitCode}`);
  };
  try {
    for (const format of ['json', 'table']) await run([join(root, 'data/samples/2025-12')], format);
    // The bundle's cache is of a check against the built-in plan alone: what a run of a plan of its own compiles besides is
    // compiled in that run, so that every run does not read it from the cache.
    saveCache();
    // The caches of the files a plan of one's own loads (src/lazy.ts): the packages (YAML read, a schema compiled; a
    // configuration file reads YAML alone) and the validators of its plan, its registry and JSON Schema's meta-schema.
    await run([join(root, 'examples/county/drops/2025-12'), '--plan', join(root, 'examples/county')], 'json');
    saveCodeCaches();
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
