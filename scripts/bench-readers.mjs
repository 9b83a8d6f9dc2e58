#!/usr/bin/env node
// Benchmark of the workbook readers, each run in a child process so that its start-up and peak
// memory are its own: plan-check's .xlsx reader against SheetJS (@e965/xlsx, which plan-check
// loads only for .xls), on the vendored corpus, a large generated sheet, and a workbook whose
// 8 sheets unpack to 8 x 32 MiB from a small file (only one of them is ever needed).
// usage: npm run bench:readers     (builds first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workbook } from './workbook.mjs';

const dir = mkdtempSync(join(tmpdir(), 'plan-check-readers-'));
const corpus = new URL('../tests/corpora/calamine/', import.meta.url).pathname;
const ours = new URL('../dist/input/xlsx.js', import.meta.url).href;

// 20,000 rows of 30 numeric cells: a very large drop.
const rows = Array.from(
  { length: 20_000 },
  (_, r) =>
    `<row r="${r + 1}">${Array.from({ length: 30 }, (_, c) => `<c r="${String.fromCharCode(65 + (c % 26))}${r + 1}"><v>${r * 30 + c}.5</v></c>`).join('')}</row>`,
).join('');
writeFileSync(join(dir, 'large.xlsx'), workbook([rows]));
// 8 sheets of 32 MiB of empty rows each.
const empty = '<row/>'.repeat((32 * 1024 * 1024) / 6);
writeFileSync(join(dir, 'bomb.xlsx'), workbook(Array.from({ length: 8 }, () => empty)));

/** Runs a reader on files in a fresh process: start-up (import) ms, read ms, peak RSS MB. */
function measure(reader, files) {
  const code = `
    const t0 = performance.now();
    const read = ${reader === 'ours' ? `(await import(${JSON.stringify(ours)})).openWorkbook` : `(await import('@e965/xlsx')).read`};
    const t1 = performance.now();
    let outcome = 'read';
    for (const file of ${JSON.stringify(files)}) {
      try {
        const bytes = (await import('node:fs')).readFileSync(file);
        ${reader === 'ours' ? 'const book = read(bytes); book.sheet();' : 'read(bytes, { dense: true });'}
      } catch (error) { outcome = error.message.slice(0, 60); }
    }
    const t2 = performance.now();
    // VmHWM: the peak resident memory of this process image (maxRSS would carry the parent's over exec).
    const hwm = /VmHWM:\\s+(\\d+)/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'));
    console.log(JSON.stringify({ start: t1 - t0, read: t2 - t1, rss: hwm ? Number(hwm[1]) / 1024 : NaN, outcome }));`;
  try {
    return JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '--max-old-space-size=4096', '-e', code], {
        encoding: 'utf8',
        cwd: new URL('..', import.meta.url).pathname,
      }),
    );
  } catch {
    return { start: NaN, read: NaN, rss: NaN, outcome: 'crashed' };
  }
}

const xlsx = readdirSync(corpus)
  .filter((f) => /\.xls[xm]$/.test(f) && !/pass_protected|issue252/.test(f))
  .map((f) => join(corpus, f));
const cases = [
  [`corpus (${xlsx.length} workbooks)`, xlsx],
  ['20,000 rows x 30 cells', [join(dir, 'large.xlsx')]],
  ['8 sheets x 32 MiB unpacked', [join(dir, 'bomb.xlsx')]],
];
console.log('case                          reader    start-up ms   read ms   peak RSS MB   outcome');
for (const [name, files] of cases) {
  for (const reader of ['ours', 'sheetjs']) {
    const m = measure(reader, files);
    console.log(
      `${name.padEnd(30)}${reader.padEnd(10)}${m.start.toFixed(0).padStart(11)}${m.read.toFixed(0).padStart(10)}${m.rss.toFixed(0).padStart(14)}   ${m.outcome}`,
    );
  }
}
rmSync(dir, { recursive: true, force: true });
