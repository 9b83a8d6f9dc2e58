#!/usr/bin/env node
// Part of the build: each YAML file shipped in data/ (the built-in plans and registries) parsed
// once into dist/shipped/<path>.json, which runs read instead of parsing the YAML again. A run
// uses the JSON only while it is newer than its YAML (see loadData in src/plan/yaml.ts).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseYaml } from '../dist/plan/yaml.js';

const root = new URL('..', import.meta.url).pathname;
function* yamlFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/.test(entry.name)) yield path;
  }
}
let count = 0;
for (const path of yamlFiles(join(root, 'data'))) {
  const rel = relative(root, path);
  const target = join(root, 'dist', 'shipped', `${rel}.json`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(parseYaml(readFileSync(path, 'utf8'), rel).value));
  count++;
}
console.log(`shipped-json: ${count} files`);
