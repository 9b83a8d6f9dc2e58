#!/usr/bin/env node
// Part of the build: each YAML file shipped in data/ (the built-in plans and registries) parsed
// once into dist/shipped/<path>.json, which runs read instead of parsing the YAML again, and each
// row schema shipped in schemas/, and those of plans, registries and config files, compiled by Ajv into dist/shipped/schemas/NAME.validate.cjs
// (standalone code), which runs load instead of compiling. A run uses either only while it is
// newer than its source (loadData in src/plan/yaml.ts, prebuiltValidator in src/validate/columns.ts).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { parseYaml } from '../dist/plan/yaml.js';
import { ajvOptions, DRAFT_07, DRAFT_07_VALIDATOR, makeAjv, rowSchemaId, shippedValidatorCode } from '../dist/validate/ajv.js';

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

// The schemas of plan-check's own documents are compiled under their own $id (checkSchema in
// src/plan/yaml.ts); the report's is read by the tests only; the others are row schemas.
const DOCUMENTS = new Set(['plan.schema.json', 'registry.schema.json', 'config.schema.json']);
const ajv = makeAjv(ajvOptions(true));
mkdirSync(join(root, 'dist', 'shipped', 'schemas'), { recursive: true });
let validators = 0;
for (const name of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json') && f !== 'report.schema.json')) {
  const path = join(root, 'schemas', name);
  const schema = JSON.parse(readFileSync(path, 'utf8'));
  const validate = ajv.compile(DOCUMENTS.has(name) ? schema : { ...schema, $id: rowSchemaId(path) });
  writeFileSync(
    join(root, 'dist', 'shipped', 'schemas', `${name.slice(0, -'.schema.json'.length)}.validate.cjs`),
    shippedValidatorCode(standaloneCode(ajv, validate)),
  );
  validators++;
}
// JSON Schema draft-07's meta-schema, which a plan's own row schema is checked against before it is
// compiled (checkSchema in src/validate/ajv.ts): compiled by Ajv at each such run, it took 30 ms.
writeFileSync(join(root, DRAFT_07_VALIDATOR), shippedValidatorCode(standaloneCode(ajv, ajv.getSchema(DRAFT_07))));
validators++;
console.log(`shipped-json: ${count} files, ${validators} validators`);
