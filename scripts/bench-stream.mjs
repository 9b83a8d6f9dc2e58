#!/usr/bin/env node
// Benchmark: checks one large generated submission (default 2 GiB, GB18030 so that both the
// detection pass and the decoding pass run) and prints throughput and peak memory.
// It streams, so peak RSS should stay far under 200 MB whatever the size.
// usage: npm run bench:stream [-- SIZE_MB]      (builds first; needs SIZE_MB of free space in the temp dir)
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { check, exitCode, summarize } from '../dist/index.js';
import { readFileSync } from 'node:fs';

const sizeMb = Number(process.argv[2] ?? 2048);
const dir = mkdtempSync(join(tmpdir(), 'plan-check-bench-'));
const file = join(dir, 'big.csv');

const schema = JSON.parse(readFileSync(new URL('../schemas/submission.schema.json', import.meta.url), 'utf8'));
const ids = Object.keys(schema.properties);
const header = ids.map((id) => schema.properties[id].title).join(',');
const units = JSON.parse(JSON.stringify((await import('../dist/registry.js')).registry().units));
/** A plausible cell for a column, by its type in the schema: every row is valid. */
function cell(id, unit) {
  const property = schema.properties[id];
  const types = [].concat(property.type);
  if (id === 'county_code') return unit.code;
  if (id === 'county_name') return unit.name;
  if (id === 'period') return '2025-12';
  if (types.includes('boolean')) return '是';
  if (property['x-unit'] === 'percent') return '4.5';
  return '"1,000"';
}
const line = (unit) => ids.map((id) => cell(id, unit)).join(',');
// One block of all units; the file repeats it, so every row after the first block is a
// duplicate (a unique error, counted past the listing limit): memory must not grow with it.
const block = iconv.encode(units.map(line).join('\r\n') + '\r\n', 'gb18030');

console.log(`writing ${sizeMb} MB to ${file} ...`);
let started = Date.now();
const out = createWriteStream(file);
out.write(iconv.encode(`${header}\r\n`, 'gb18030'));
const target = sizeMb * 1024 * 1024;
for (let written = 0; written < target; written += block.length) {
  if (!out.write(block)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const bytes = statSync(file).size;
console.log(`wrote ${(bytes / 1048576).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
started = Date.now();
const report = await check([file]);
const seconds = (Date.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const rows = Math.floor((bytes - header.length) / (block.length / units.length));
const counts = summarize(report);

console.log(`checked ${(bytes / 1048576).toFixed(0)} MB (~${rows.toLocaleString('en-US')} rows) in ${seconds.toFixed(1)} s`);
console.log(`throughput: ${(bytes / 1048576 / seconds).toFixed(1)} MB/s, ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`);
console.log(`peak RSS: ${(peak / 1048576).toFixed(0)} MB (limit 200 MB)`);
console.log(
  `results: ${report.results.length}, errors: ${counts.errors} (listed ${report.issues.filter((i) => i.severity === 'error').length}), exit ${exitCode(report)}`,
);
rmSync(dir, { recursive: true, force: true });
if (peak > 200 * 1048576) process.exitCode = 1;
