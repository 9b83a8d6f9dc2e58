#!/usr/bin/env node
// Runs the built CLI on hostile inputs, one process each, and prints for each its time, peak
// memory (VmHWM of the process, from /proc), exit code and first message: every case must end
// within seconds, in bounded memory, with its exit code (2 for data, 3 for a plan), never "internal error".
// usage: npm run build && node scripts/hostile.mjs
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { unitSamples } from './samples.mjs';
import { csvWorkbook, handZip, patchDirectory, repeatedDeflate, workbook, workbookAround } from './workbook.mjs';
import { rar5, rar5Volumes, sevenZipArchive } from './archives.mjs';

const dir = mkdtempSync(join(tmpdir(), 'plan-check-hostile-'));
const bin = new URL('../bin/plan-check.cjs', import.meta.url).pathname;
const sample = readFileSync(new URL('../data/samples/2025-12/lingling.csv', import.meta.url), 'utf8').replace(/^\ufeff/, '');
const [header, first] = sample.split('\n');
const put = (name, content) => (writeFileSync(join(dir, name), content), join(dir, name));
const oneRow = put('one-row.csv', `${header}\n${first}\n`);

const plan = readFileSync(new URL('../data/init/plan.yaml', import.meta.url), 'utf8');
const initDir = join(dir, 'plan');
cpSync(new URL('../data/init/', import.meta.url).pathname, initDir, { recursive: true });
const planWith = (name, metric) => {
  const text = plan.replace('metric: sum(care_beds) / sum(elderly_beds) * 100', `metric: ${metric}`);
  writeFileSync(join(initDir, `.hostile-${name}.yaml`), text);
  return join(initDir, `.hostile-${name}.yaml`);
};

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const headerRow = `<row r="1">${header
  .split(',')
  .map((name) => `<c t="inlineStr"><is><t>${name}</t></is></c>`)
  .join('')}</row>`;
const MiB_OF_ROWS = '<row/>'.repeat(174_762);
const sheetStream = (mebibytes) =>
  repeatedDeflate(`<worksheet xmlns="${NS}"><sheetData>${headerRow}`, MiB_OF_ROWS, mebibytes, '</sheetData></worksheet>');
const sheet1 = 'xl/worksheets/sheet1.xml';
/**
 * A county's workbook (its header and first row as shared strings) whose part `part` (added where
 * it has none) unpacks to `mebibytes` MiB of `unit` repeated between `prefix` and `suffix`, claiming 1 KB.
 */
const partBomb = (part, prefix, unit, suffix, mebibytes = 3072) => {
  const parts = { ...unzipSync(csvWorkbook([header, first])), [part]: undefined };
  const stream = repeatedDeflate(prefix, unit.repeat(Math.floor((1 << 20) / unit.length)), mebibytes, suffix);
  return handZip(
    Object.entries(parts).map(([name, data]) =>
      name === part
        ? { name, data: stream.stream, size: 1000, crc: stream.crc, method: 8 }
        : { name, data, size: data.length, crc: crc32(data), method: 0 },
    ),
  );
};
const withSheet = (xml, encoding) => {
  const book = workbook(['']);
  const zip = Object.fromEntries(Object.entries(unzipSync(book)));
  zip[sheet1] = new Uint8Array(Buffer.from(xml.replace('<sheetData></sheetData>', `<sheetData>${headerRow}</sheetData>`), encoding));
  return zipSync(zip);
};

const schemaText = readFileSync(join(initDir, 'submission.schema.json'), 'utf8');
/** A plan whose submission schema is the starter's with `edit` applied to its text. */
const schemaWith = (name, edit) => {
  writeFileSync(join(initDir, `.hostile-${name}.schema.json`), edit(schemaText));
  writeFileSync(
    join(initDir, `.hostile-${name}.yaml`),
    plan.replace('submission: submission.schema.json', `submission: .hostile-${name}.schema.json`),
  );
  return join(initDir, `.hostile-${name}.yaml`);
};
const starterRows = readFileSync(join(initDir, 'samples', '2030.csv'), 'utf8');

// The built-in plan stretched over the widest span a plan may have (1949-2100), and every unit's
// row of the 2025-12 samples given for each of its 1,976 periods (each month and each year): 9 MB
// of rows, 1.4 million results. The JSON, CSV and JUnit reports are written a period at a time; the table keeps the latest.
const widePlanDir = join(dir, 'wide');
if (spawnSync(process.execPath, [bin, 'init', '--from', 'yongzhou-civil-affairs-14th', widePlanDir], { stdio: 'inherit' }).status !== 0)
  throw new Error('plan-check init --from failed');
const widePlan = join(widePlanDir, 'plan.yaml');
const widened = readFileSync(widePlan, 'utf8')
  .replace('id: yongzhou-civil-affairs-14th', 'id: hostile-wide')
  .replace('period: { start: 2021, end: 2025 }', 'period: { start: 1950, end: 2100 }')
  .replace('baseline_year: 2020', 'baseline_year: 1949');
if (!widened.includes('start: 1950') || !widened.includes('baseline_year: 1949'))
  throw new Error(`the copy of the 14th plan in ${widePlanDir} no longer has the period this script widens`);
writeFileSync(widePlan, widened);
const unitRows = unitSamples().map(({ text }) => text.split(/\r?\n/)[1]);
const widePeriods = [];
for (let year = 1949; year <= 2100; year++)
  widePeriods.push(...Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`), String(year));
const wideRows = put(
  'wide.csv',
  `${header.trimEnd()}\n${widePeriods.flatMap((period) => unitRows.map((row) => row.replace(',2025-12,', `,${period},`))).join('\n')}\n`,
);

// A roster of one person listed a million times, and one of a million ID numbers none of them valid.
const rosterHeader =
  '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）\n';
const samePerson = put('same-person.csv', rosterHeader + '11010519491231002X,431102,2025-12,是,是,否,否\n'.repeat(1_000_000));
const badIds = put(
  'bad-ids.csv',
  rosterHeader + Array.from({ length: 1_000_000 }, (_, i) => `${String(i).padStart(17, '0')}1,431102,2025-12,是,是,否,否\n`).join(''),
);
// Clean lines to learn from, then lines without a delimiter: each is searched for its fields once, not to the end of its block.
const noDelimiters = put(
  'no-delimiters.csv',
  rosterHeader + '11010519491231002X,431102,2025-12,是,是,否,否\n'.repeat(3000) + 'a\n'.repeat(2_000_000),
);

// 5,000 files whose names are GBK bytes (a drop's archive of Chinese Windows unpacked here), each named as a shell's glob passes it: as
// Node reads the bytes, U+FFFD for each that is no UTF-8. Each is found again in its folder, read once for all of them.
const gbkFolder = join(dir, 'gbk-names');
mkdirSync(gbkFolder);
const gbkNamed = Array.from({ length: 5000 }, (_, i) => {
  const name = Buffer.concat([Buffer.from(`${gbkFolder}/`), Buffer.from([0xb6, 0xab, 0xb0, 0xb2]), Buffer.from(`${i}.csv`)]);
  writeFileSync(name, `${header.trimEnd()}\n${first.trimEnd()}\n`);
  return name.toString();
});

/** A drop sent as a zip of `count` CSV files, each named n.csv and stored as `stream`, claiming `claim` bytes unpacked where given. */
const dropZip = (name, stream, count, claim) => {
  const parts = Array.from({ length: count }, (_, i) => ({
    name: `${i}.csv`,
    data: stream.stream,
    size: claim ?? stream.size,
    crc: stream.crc,
    method: 8,
  }));
  return put(name, handZip(parts));
};
const blankLines = (mebibytes) => repeatedDeflate(`${header}\n`, '\n'.repeat(1 << 20), mebibytes, `${first}\n`);
/** A gzip file of a raw deflate stream: its header, the stream, and its trailer (CRC-32, size modulo 4 GiB). */
const gzipOf = ({ stream, size, crc }) => {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), stream, trailer]);
};

/** Lines of bytes past ASCII, none of them text (0xFF ends each: neither UTF-8 nor GB18030), `size` bytes in all. */
function undecodableLines(size) {
  const bytes = randomBytes(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 100 === 99 ? 0x0a : i % 100 === 98 ? 0xff : bytes[i] | 0x80;
  return bytes;
}

const cases = [
  ['a device of zeros that never end (/dev/zero)', ['/dev/zero']],
  // Binary data: told as such from its first bytes, not read as lines of bad bytes.
  ['400 MB of random bytes named .csv', [put('random.csv', randomBytes(400 << 20))]],
  // Every line undecodable: read in the memory of a few lines, whatever the file's size (it grew by 0.35 MB a MB).
  ['400 MB of lines that decode neither way, in 200 MB', [put('undecodable.csv', undecodableLines(400 << 20))], 30, 200],
  ['a drop zip: 40 CSVs of 300 MiB of blank lines', [dropZip('drop.zip', blankLines(300), 40)]],
  ['a drop zip: a CSV claiming 1 KB, 3 GiB unpacked', [dropZip('liar.zip', blankLines(3072), 1, 1000)]],
  ['a gzipped CSV of 3 GiB of blank lines', [put('bomb.csv.gz', gzipOf(blankLines(3072)))]],
  ['a gzipped tar of 3 GiB (a tar.gz bomb)', [put('bomb.tar.gz', gzipOf(blankLines(3072)))]],
  [
    'a RAR claiming 3 GiB unpacked, of 1 KB',
    [put('liar.rar', rar5([{ name: 'a.csv', data: Buffer.from(`${header}\n${first}\n`), size: 3 * 2 ** 30 }]))],
  ],
  [
    'a RAR of 20,000 files',
    [put('many.rar', rar5(Array.from({ length: 20_000 }, (_, i) => ({ name: `d${i % 100}/${i}.dat`, data: Buffer.from(String(i)) }))))],
  ],
  [
    'a RAR listing 1,000,000 empty files (24 MB)',
    [put('listing.rar', rar5(Array.from({ length: 1_000_000 }, (_, i) => ({ name: String(i), data: Buffer.alloc(0) }))))],
  ],
  [
    'a RAR split into 1,200 parts',
    [
      (() => {
        const folder = join(dir, 'parts');
        mkdirSync(folder);
        const data = Buffer.from(`${header}\n${`${first}\n`.repeat(3000)}`);
        rar5Volumes([{ name: 'a.csv', data }], Math.ceil(data.length / 1200)).forEach((part, at) =>
          writeFileSync(join(folder, `d.part${String(at + 1).padStart(4, '0')}.rar`), part),
        );
        return folder;
      })(),
    ],
  ],
  [
    'a 7z of 64 MiB of blank lines',
    [
      put(
        'bomb.7z',
        await sevenZipArchive(
          [{ name: 'a.csv', data: Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc(64 << 20, '\n')]) }],
          ['-mx=9'],
        ),
      ),
    ],
  ],
  [
    '40 sheets aliasing one 250 MiB stream',
    [put('alias.xlsx', patchDirectory(workbookAround(sheetStream(250), 40), { target: sheet1, alias: /sheet\d+\.xml$/ }))],
  ],
  ['a part claiming 1 KB, unpacking to 3 GiB', [put('liar.xlsx', workbookAround({ ...sheetStream(3072), size: 1000 }))]],
  [
    'shared strings claiming 1 KB, unpacking to 3 GiB',
    [put('strings.xlsx', partBomb('xl/sharedStrings.xml', `<sst xmlns="${NS}">`, `<si><t>${'x'.repeat(64)}</t></si>`, '</sst>'))],
  ],
  [
    'a list of sheets claiming 1 KB, unpacking to 3 GiB',
    [
      put(
        'sheets.xlsx',
        partBomb(
          'xl/workbook.xml',
          `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>`,
          '<sheet name="S" sheetId="1" r:id="rId1"/>',
          '</sheets></workbook>',
        ),
      ),
    ],
  ],
  [
    'styles claiming 1 KB, unpacking to 3 GiB',
    [put('styles.xlsx', partBomb('xl/styles.xml', `<styleSheet xmlns="${NS}"><cellXfs>`, '<xf numFmtId="0"/>', '</cellXfs></styleSheet>'))],
  ],
  [
    'relationships claiming 1 KB, unpacking to 3 GiB',
    [
      put(
        'rels.xlsx',
        partBomb(
          'xl/_rels/workbook.xml.rels',
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
          '<Relationship Id="rIdX" Type="t" Target="x"/>',
          '</Relationships>',
        ),
      ),
    ],
  ],
  ['a workbook of 20,000 empty sheets', [put('many-sheets.xlsx', workbook(Array.from({ length: 20_000 }, () => '')))]],
  [
    '256 MiB of empty cells <c/> in one part',
    [
      put(
        'cells.xlsx',
        workbookAround(
          repeatedDeflate(
            `<worksheet xmlns="${NS}"><sheetData>${headerRow}`,
            `<row>${'<c/>'.repeat(16_000)}</row>`,
            4_200,
            '</sheetData></worksheet>',
          ),
        ),
      ),
    ],
  ],
  [
    '300 MiB of whitespace in one part',
    [
      put(
        'space.xlsx',
        workbookAround(
          repeatedDeflate(`<worksheet xmlns="${NS}"><sheetData>${headerRow}`, ' '.repeat(1 << 20), 300, '</sheetData></worksheet>'),
        ),
      ),
    ],
  ],
  [
    'a sheet part in UTF-16 with a lone surrogate',
    [put('utf16.xlsx', withSheet(`\ufeff<worksheet xmlns="${NS}"><sheetData></sheetData>\ud800</worksheet>`, 'utf16le'))],
  ],
  [
    'a sheet part of invalid UTF-8',
    [put('utf8.xlsx', withSheet(`<worksheet xmlns="${NS}"><sheetData></sheetData>\xff\xfe</worksheet>`, 'latin1'))],
  ],
  ['8 sheets of 32 MiB of empty rows', [put('bomb.xlsx', workbook(Array.from({ length: 8 }, () => '<row/>'.repeat(5_592_405))))]],
  [
    'an .xls of 9 MiB',
    [put('big.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(9 << 20)]))],
  ],
  [
    'an HTML "workbook" of 8 MB: 270,000 rows, tags never closed',
    [
      put('rows.xls', `<html><table>${'<tr><td>1</td><td>2</td></tr>'.repeat(270_000)}`),
      put('open.xls', `<table>${'<tr><td>'.repeat(1_040_000)}`),
    ],
  ],
  ['a cell at ZZZZZZ2', [put('far.xlsx', workbook([`<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>`]))]],
  [
    '1e300000000 and 1e20 in formatted cells',
    [put('exp.xlsx', workbook(['<row r="1"><c r="A1"><v>1e300000000</v></c><c r="B1"><v>1e20</v></c></row>']))],
  ],
  ['80 MB without a line break', [put('nobreak.csv', `${header}\n${'x,'.repeat(40_000_000)}`)]],
  [
    '200,000 undecodable lines',
    [put('bad.csv', Buffer.concat([Buffer.from(`${header}\n`), Buffer.from('431102,\xff\xfe,2025-12\n'.repeat(200_000), 'latin1')]))],
  ],
  [
    'a 308-digit value',
    [
      put(
        'huge.csv',
        `${header}\n${first
          .split(',')
          .map((c, i) => (i === 4 ? '9'.repeat(308) : c))
          .join(',')}\n`,
      ),
    ],
  ],
  [
    'a pattern (a+)+$ and a 100,000-character cell',
    [
      '--plan',
      schemaWith('redos', (t) => t.replace('"minLength": 1', '"minLength": 1, "pattern": "^(a+)+$"')),
      put('redos.csv', starterRows.replace('示例区', `${'a'.repeat(100_000)}!`)),
    ],
  ],
  ['a pattern with a lookahead', ['lint', schemaWith('look', (t) => t.replace('"^[0-9]{6}$"', '"^(?=9)[0-9]{6}$"'))]],
  [
    'schema keys __proto__, ESC and 1 MB long',
    [
      'lint',
      schemaWith('keys', (t) =>
        t.replace(
          '"properties": {',
          `"properties": { "__proto__": { "title": "x", "type": "integer" }, "\\u001b]0;owned\\u0007": { "type": "integer" }, "${'k'.repeat(1_000_000)}": { "type": "integer" },`,
        ),
      ),
    ],
  ],
  ['constructor(1) in a metric', ['lint', planWith('ctor', 'constructor(1)')]],
  ['10,000 nested parentheses', ['lint', planWith('nest', `${'('.repeat(10_000)}sum(care_beds)${')'.repeat(10_000)}`)]],
  ['a 1 MB unknown column', ['lint', planWith('long', `sum(${'x'.repeat(1_000_000)})`)]],
  [
    '40,000 rules at fault in a plan (2 MB)',
    [
      'lint',
      (writeFileSync(
        join(initDir, '.hostile-rules.yaml'),
        `${plan.split('rules:')[0]}rules:\n${Array.from({ length: 40_000 }, (_, i) => `  - { id: R${i}, target: { op: "≥", value: 6 } }`).join('\n')}\n`,
      ),
      join(initDir, '.hostile-rules.yaml')),
    ],
  ],
  ['a plan of 4 MB neither UTF-8 nor GB18030', ['lint', put('undecodable.yaml', Buffer.alloc(4_000_000, 0xff))]],
  [
    'a plan line of 2,000,000 escapes in quotes (4 MB)',
    ['lint', put('escapes.yaml', `id: escapes\ntitle: "${'\\\\'.repeat(2_000_000)}"\n`)],
  ],
  ['a plan line of 1,000,000 flow entries (4 MB)', ['lint', put('entries.yaml', `id: entries\nrules: [${'a, '.repeat(1_000_000)}b]\n`)]],
  // A saved report for --compare is read a piece at a time: these are refused where they go wrong, or read in a megabyte's memory.
  [
    '--compare: a saved report of 5,000,000 lists one inside another',
    [
      oneRow,
      '--compare',
      put('deep.json', `{"plan":"yongzhou-civil-affairs-14th","results":[${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}]}`),
    ],
  ],
  [
    '--compare: a saved report of 300 MiB of spaces, then no results',
    [oneRow, '--compare', put('spaces.json', `${' '.repeat(300 << 20)}{"plan":"yongzhou-civil-affairs-14th","results":[]}`)],
  ],
  [
    '--compare: a saved report whose plan is 100 MiB long',
    [oneRow, '--compare', put('long.json', `{"plan":"${'a'.repeat(100 << 20)}","results":[]}`)],
  ],
  [
    '--compare: a saved report of 20,000,000 results that are not results',
    [oneRow, '--compare', put('zeros.json', `{"plan":"yongzhou-civil-affairs-14th","results":[${'0,'.repeat(20_000_000)}0]}`)],
  ],
  [
    '50,000 unknown labels, each near a column',
    [
      put(
        'labels.csv',
        `${header.trimEnd().replace('其中护理型床位（张）', '护理')},${Array.from({ length: 50_000 }, (_, i) => `护理型床位数${i}`).join(',')}\n${first.trimEnd()}\n`,
      ),
      '--format',
      'json',
      '-o',
      '/dev/null',
    ],
  ],
  // Within a record's 1,048,576 characters.
  [
    "a label of 300,000 footnote marks; a column's label over 300,000 spaces and line breaks",
    [
      put(
        'marks.csv',
        `${header.trimEnd()},${'①'.repeat(300_000)}x,"养老机构床位数（张）${' \n'.repeat(300_000)}"\n${first.trimEnd()},1,2\n`,
      ),
    ],
  ],
  [
    'a header of two lines: a group label of 400,000 characters over 40,000 labels',
    [
      put(
        'groups.csv',
        `${header.trimEnd()},${'养'.repeat(400_000)}${','.repeat(40_000)}\n${','.repeat(header.split(',').length)}${Array.from({ length: 40_000 }, (_, i) => `床位数${i}`).join(',')}\n${first.trimEnd()}\n`,
      ),
    ],
  ],
  // Each row's ways of reading its 24 cells over the header looked for, until the file's budget is spent (src/input/split-number.ts).
  [
    '100,000 rows, each of numbers split at their commas, 24 cells over',
    [
      put(
        'splits.csv',
        `${header.trimEnd()}\n${`${first
          .trimEnd()
          .split(',')
          .map((c, i) => (i > 2 && i < 27 ? `${c},000` : c))
          .join(',')}\n`.repeat(100_000)}`,
      ),
      '--format',
      'json',
      '-o',
      '/dev/null',
    ],
  ],
  // Each row's cells after the number looked at under both columns it may stand in (src/input/split-number.ts).
  [
    '100,000 rows, each a number split at its comma',
    [
      put(
        'split.csv',
        `${header.trimEnd()}\n${`${first
          .trimEnd()
          .split(',')
          .map((c, i) => (i === 3 ? '2,650' : c))
          .join(',')}\n`.repeat(100_000)}`,
      ),
      '--format',
      'json',
      '-o',
      '/dev/null',
    ],
  ],
  [
    '2,000,000 blank lines, then a row',
    [put('blank.csv', `${header.trimEnd()}\n${'\n'.repeat(2_000_000)}${first.trimEnd()}\n`), '--format', 'json', '-o', '/dev/null'],
  ],
  ['a roster: one person listed 1,000,000 times', [samePerson, '--format', 'json', '-o', '/dev/null']],
  ['a roster: 1,000,000 invalid ID numbers', [badIds, '--format', 'json', '-o', '/dev/null']],
  ['a roster: 2,000,000 lines without a delimiter', [noDelimiters, '--format', 'json', '-o', '/dev/null']],
  ['5,000 files of GBK names, each named by a shell', [...gbkNamed, '--format', 'json', '-o', '/dev/null']],
  ['1,976 periods of 14 units (1949-2100), to /dev/null', [wideRows, '--plan', widePlan, '--format', 'json', '-o', '/dev/null'], 30],
  ['the same as CSV', [wideRows, '--plan', widePlan, '--format', 'csv', '-o', '/dev/null'], 30],
  ['the same as JUnit', [wideRows, '--plan', widePlan, '--format', 'junit', '-o', '/dev/null'], 30],
  ['the same as the table for people', [wideRows, '--plan', widePlan, '--format', 'table', '-o', '/dev/null'], 30],
];

function run(args) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [bin, ...args, ...(args[0] === 'lint' || args.includes('--format') ? [] : ['--format', 'json'])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let peak = 0;
    const sample = () => {
      try {
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      } catch {
        // the process has ended
      }
    };
    const timer = setInterval(sample, 20);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearInterval(timer);
      let message;
      try {
        message = JSON.parse(out).errors[0]?.message ?? '';
      } catch {
        message = `${err}${out}`.trim().split('\n')[0] ?? '';
      }
      message = message.slice(0, 100);
      if (/internal error/.test(err)) message = `INTERNAL ERROR ${message}`;
      done({ seconds: (Date.now() - started) / 1000, mb: peak / 1024, code, message });
    });
  });
}

console.log('case                                            seconds  peak MB  exit  first message');
let bad = 0;
// Each case ends within 10 s, unless it names its own bound (1.4 million results take longer), in under 1 GB, or the memory it names.
const MAX_MB = 1024;
for (const [name, args, seconds = 10, mb = MAX_MB] of cases) {
  const r = await run(args);
  if (r.code === null || r.code > 3 || /INTERNAL/.test(r.message) || r.seconds > seconds || r.mb > mb) bad++;
  console.log(
    `${name.padEnd(48)}${r.seconds.toFixed(1).padStart(7)}${r.mb.toFixed(0).padStart(9)}${String(r.code).padStart(6)}  ${r.message}`,
  );
}
rmSync(dir, { recursive: true, force: true });
process.exitCode = bad ? 1 : 0;
