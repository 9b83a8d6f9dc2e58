/** The bundle the command line runs (scripts/bundle.mjs): compiled from its code cache, and the same without it. */
import { isAscii } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Module from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { copyPlanFolder } from '../src/plan/init.js';
import { runCli, writeFiles } from './helpers.js';

const BUNDLE = new URL('../dist/bundle.cjs', import.meta.url).pathname;
/** yaml and Ajv, bundled beside it for a plan or a configuration file of one's own (src/lazy.ts). */
const PACKAGES = new URL('../dist/packages.cjs', import.meta.url).pathname;
/** The validators of a plan's own files the build compiled: its plan, its registry, and JSON Schema's meta-schema for its row schema. */
const OWN_VALIDATORS = ['plan', 'registry', 'draft-07'].map(
  (name) => new URL(`../dist/shipped/schemas/${name}.validate.cjs`, import.meta.url).pathname,
);

describe('the bundle of the command line', () => {
  it('is ASCII alone, which bin/plan-check.cjs reads as Latin-1, and so are the packages beside it', () => {
    for (const file of [BUNDLE, PACKAGES]) expect(isAscii(readFileSync(file)), file).toBe(true);
  });

  it("is compiled from the code cache the build saved with it, as it is written: inside CommonJS's wrapper; and so are the packages and the validators of a plan of one's own", () => {
    for (const file of [BUNDLE, PACKAGES]) {
      const text = readFileSync(file, 'latin1');
      const { wrapper } = Module as unknown as { wrapper: [string, string] };
      expect([text.startsWith(wrapper[0]), text.endsWith(wrapper[1])], file).toEqual([true, true]);
      const script = new Script(text, { filename: file, cachedData: readFileSync(`${file}.cache`) });
      expect(script.cachedDataRejected, file).toBe(false);
    }
    // The validators of a plan's own files, written as CommonJS modules (the library requires them), are wrapped as they are read.
    for (const file of OWN_VALIDATORS) {
      const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(`${file}.cache`) });
      expect(script.cachedDataRejected, file).toBe(false);
    }
  });

  it('gives the same report when V8 refuses the cache (another Node, other flags)', () => {
    const args = ['data/samples/2025-12/daoxian.csv', '--format', 'json'];
    const cached = runCli(args);
    // Flags V8 was not built the cache with make it refuse the cache, as another Node's V8 would.
    const refused = runCli(args, { env: { NODE_OPTIONS: '--max-old-space-size=300' } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe(cached.stdout);
    expect(refused.stdout).toContain('"rule": "T2-10"');
  });

  /** What a run of the command line loaded, said as it ends: Node's own modules, the files it required, and the files it read whole. */
  function loadedBy(args: string[]) {
    const hook = [
      "const fs = require('node:fs'); const read = []; const readFileSync = fs.readFileSync;",
      'fs.readFileSync = (path, ...rest) => { read.push(String(path)); return readFileSync(path, ...rest); };',
      "process.on('exit', () => fs.writeSync(2, `\\nloaded: ${JSON.stringify([...process.moduleLoadList, ...Object.keys(require.cache)])}\\nread: ${JSON.stringify(read)}\\n`));",
    ].join('\n');
    const run = runCli(args, { env: { NODE_OPTIONS: `--require ${join(writeFiles({ 'loaded.cjs': hook }), 'loaded.cjs')}` } });
    const said = (what: string) => JSON.parse(new RegExp(`^${what}: (.*)$`, 'm').exec(run.stderr)![1]!) as string[];
    return { code: run.code, stdout: run.stdout, loaded: said('loaded'), read: said('read') };
  }

  it("loads no module a check of CSV files against a built-in plan does not use (zlib, 7-Zip's thread, a terminal's)", () => {
    const { code, loaded, read } = loadedBy(['data/samples/2025-12', '--format', 'json']);
    expect(code).toBe(1);
    expect(loaded).toContain('NativeModule fs');
    // Nor yaml and Ajv, which a plan or configuration file of one's own needs.
    expect(read).not.toContain(PACKAGES);
    for (const unused of ['NativeModule zlib', 'NativeModule tty', 'NativeModule child_process', 'NativeModule worker_threads'])
      expect(loaded).not.toContain(unused);
    expect(loaded.filter((path) => /node_modules/.test(path))).toEqual([]);
    // Its report to a file and its summary to standard error (a pipe here), written to their descriptors: none of Node's streams.
    const toFile = loadedBy(['data/samples/2025-12', '-o', join(writeFiles({}), 'report.txt')]);
    expect(toFile.code).toBe(1);
    for (const unused of ['NativeModule stream', 'NativeModule internal/streams/writable', 'NativeModule net'])
      expect(toFile.loaded).not.toContain(unused);
    // A configuration file of the plain form is read without yaml, which parses it only to point at a value refused.
    const config = join(writeFiles({ 'plan-check.config.yaml': 'lang: en\nstrict: false\nformat: json\n' }), 'plan-check.config.yaml');
    const configured = loadedBy(['data/samples/2025-12', '--config', config]);
    expect(configured.code).toBe(1);
    expect(configured.read).toContain(config);
    expect(configured.read).not.toContain(PACKAGES);
  });

  it('tells a problem in a plan of its own of the plain form at its line and column without loading yaml (nor Ajv: its columns are copies of the shipped ones)', () => {
    // The 14th plan as a bureau of the next one starts from it (init --from), a target's sign typed as one character.
    const dir = join(writeFiles({}), 'own');
    copyPlanFolder(dir, 'yongzhou-civil-affairs-14th');
    const plan = join(dir, 'plan.yaml');
    const text = readFileSync(plan, 'utf8').replace('op: ">="', 'op: "≥"');
    writeFileSync(plan, text);
    const lines = text.split('\n');
    const line = lines.findIndex((written) => written.includes('"≥"'));
    const { code, stdout, read } = loadedBy(['lint', plan]);
    expect(code).toBe(3);
    expect(stdout).toContain(`${plan}:${line + 1}:${lines[line]!.indexOf('"≥"') + 1}: error: /rules/0/target/op`);
    expect(read).not.toContain(PACKAGES);
  });

  it("compiles nothing for a plan started from a built-in one, whose copies of the shipped schemas take the build's validators, and compiles a schema edited", () => {
    const dir = join(writeFiles({}), 'next');
    copyPlanFolder(dir, 'yongzhou-civil-affairs-14th');
    const copied = loadedBy(['data/samples/2025-12', '--plan', dir, '--format', 'json']);
    expect(copied.code).toBe(1);
    expect(copied.read).not.toContain(PACKAGES);
    // A schema of its own once edited (a comment added): Ajv compiles it, to the same report.
    const schema = join(dir, 'submission.schema.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('{', '{\n  "$comment": "edited",'));
    const edited = loadedBy(['data/samples/2025-12', '--plan', dir, '--format', 'json']);
    expect(edited.read).toContain(PACKAGES);
    expect(edited.stdout).toBe(copied.stdout);
  });

  it('loads Ajv for a plan of its own (to compile its columns) from the one file the build bundled it into with yaml, and the code caches of it and of the validators of its files, not from their modules', () => {
    const { code, loaded, read } = loadedBy(['examples/county/drops', '--plan', 'examples/county', '--format', 'json']);
    // A target of the example fails.
    expect(code).toBe(1);
    expect(read).toEqual(expect.arrayContaining([PACKAGES, `${PACKAGES}.cache`, ...OWN_VALIDATORS.map((file) => `${file}.cache`)]));
    // The validators the build compiled call Ajv's runtime helpers from node_modules; Ajv and yaml themselves come from the bundle.
    expect(loaded.filter((path) => /node_modules\/(yaml|ajv)\//.test(path) && !/ajv\/dist\/runtime\//.test(path))).toEqual([]);
  });
});
