#!/usr/bin/env node
// Mutation fuzzing of what plan-check reads, in-process on the built library: the sample drop's
// files, the roster sample and the other rosters (made by make-roster.mjs) with bytes, lines and cells changed at random; figures of every size
// in their cells; the same as workbooks whose cells are of every type; and workbooks whose sheet XML
// is cut or added to. Each input must end in a report or a PlanCheckError (a usage, plan or input
// error with its exit code), never another exception (the command line's "internal error"), and its
// report for a terminal must hold no control character but line breaks and fit 80 columns, and its
// JSON report must be valid by the published schema (schemas/report.schema.json). An input
// that does not is kept in the folder printed, for a test to be made of it; the exit code is then 1.
// Drops of several such files are checked together too (duplicates across files, several periods), and drops packed as tars.
// With --plan FOLDER (examples/county, examples/province), the files of its drops are mutated instead,
// and checked against that plan: its own schema, compiled as a run does, and its patterns.
// usage: npm run fuzz [-- --runs 200] [-- --seed 1] [-- --plan examples/county]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { Ajv } from 'ajv';
import iconv from 'iconv-lite';
import { check, completionPrintable, completionTable, PlanCheckError, PRINTABLE_FORMATS, REPORTERS } from '../dist/index.js';
import { textWidth } from '../dist/report/fit.js';
import { tarArchive } from './archives.mjs';
import { unitSamples } from './samples.mjs';

const XLSX = createRequire(import.meta.url)('@e965/xlsx');
/** The published schema of the JSON report, compiled as a consumer of it would. */
const validReport = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')),
);
const given = (name) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const option = (name, fallback) => Number(given(name) ?? fallback);
const RUNS = option('runs', 200);
const SEED = option('seed', 1);
const PLAN = given('plan');
let state = SEED >>> 0;

/** A number in [0, 1) from a seeded generator (mulberry32): a run is repeated by its seed. */
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const at = (length) => Math.floor(random() * length);

const dir = mkdtempSync(join(tmpdir(), 'plan-check-fuzz-'));
const kept = join(dir, 'found');
const rosterFolder = new URL('../data/samples/rosters/2025-12', import.meta.url).pathname;
/** The project's other rosters (docs/rosters.md), 300 records each, as scripts/make-roster.mjs writes them. */
const otherRosters = ['rescue_cases', 'elderly_institutions', 'townships'].map(
  (kind) =>
    spawnSync(process.execPath, [new URL('make-roster.mjs', import.meta.url).pathname, '--kind', kind, '--rows', '300'], {
      encoding: 'utf8',
    }).stdout,
);
const rosterSamples = readdirSync(rosterFolder).map((name) => readFileSync(join(rosterFolder, name), 'utf8').replace(/^\ufeff/, ''));
/** A roster sample with its persons named by their disability certificate numbers (残疾人证号: the ID number, a category and a grade). */
const certified = (text) =>
  text.replace(/^身份证号/, '残疾人证号').replace(/^(\d{17}[\dX])(?=,)/gm, (id, _, at) => `${id}${(at % 7) + 1}${(at % 4) + 1}`);
/** The texts mutated: each unit's sample and the rosters' (the sample, under certificates too, the others made), or the files of a plan's drops, as lines of cells. */
const texts = PLAN
  ? readdirSync(join(PLAN, 'drops'), { recursive: true })
      .filter((name) => name.endsWith('.csv'))
      .map((name) => readFileSync(join(PLAN, 'drops', name), 'utf8').replace(/^\ufeff/, ''))
  : [...unitSamples().map((sample) => sample.text), ...rosterSamples, ...rosterSamples.map(certified), ...otherRosters];

/** What is put into a file's text: what county files hold where they go wrong. */
const INSERTS = ['"', ',', '\r', '\n', '\t', '\u3000', '\ufeff', '\u0000', '\u001b[31m', '\u202e', '𠀀', '合计', '注：', '——', '#DIV/0!'];
/** What a cell is set to: figures of every size, Excel's ways of writing them, and words. */
const CELLS = [
  '0',
  '-0',
  '-1',
  '0.000000000000001',
  `0.${'0'.repeat(320)}5`,
  '999999999999999',
  '1000000000000000',
  '123456789012.345',
  '0.333333333333333',
  '1e3',
  '4.31124E+05',
  '="431124"',
  '１２',
  '55%',
  '2,650人',
  '约2650',
  '是',
  '否',
  '',
  '2025年12月',
  // Days as cases' rosters write them, and one that is none; answers in the words of their question; a credit code's shape.
  '2025/3/5',
  '3/9/2025',
  '2025-02-30',
  '45853',
  '不符合',
  '已享受',
  '91440300708461136T',
  'x'.repeat(300),
  // A character beyond the BMP where a quoted cell is cut short.
  `${'甲'.repeat(38)}𠀀乙`,
];

/** The kinds of input, each a function making one from a text. */
const KINDS = {
  /** A CSV with bytes, lines or cells changed, in UTF-8 or GB18030. */
  csv(text) {
    let lines = text.split('\n');
    for (let n = 1 + at(6); n > 0; n--) {
      if (lines.length === 0) lines = [''];
      const line = at(lines.length);
      const what = random();
      if (what < 0.3) lines[line] = insertAt(lines[line], pick(INSERTS));
      else if (what < 0.45) lines.splice(line, 0, lines[at(lines.length)]);
      else if (what < 0.55) lines.splice(line, 1);
      else if (what < 0.8) lines[line] = withCell(lines[line], pick(CELLS));
      else lines[line] = lines[line].slice(0, at(lines[line].length + 1));
    }
    const body = lines.join(pick(['\n', '\r\n']));
    const bytes = random() < 0.4 ? iconv.encode(body, 'gb18030') : Buffer.from(body);
    // Now and then a part never written, as a save or a copy cut short leaves it: zeros over the bytes from a place to the end, or
    // over a block of them.
    const [from, zeros] = [at(bytes.length), random()];
    if (zeros < 0.05) bytes.fill(0, from);
    else if (zeros < 0.1) bytes.fill(0, from, Math.min(bytes.length, from + 256 + at(4096)));
    return [['a.csv', bytes]];
  },
  /** A workbook of the text's cells, each now and then of another type (a number of any size, a date, an error, a yes/no). */
  cells(text) {
    const rows = text
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    for (const address of Object.keys(sheet).filter((key) => !key.startsWith('!'))) {
      const what = random();
      if (what < 0.04)
        sheet[address] = { t: 'n', v: pick([5e-324, 1e-16, 1e15, 1e308, -0, 45992, 0.549]), z: pick(['0.0%', 'General', 'yyyy-mm']) };
      else if (what < 0.06) sheet[address] = { t: 'e', v: pick([7, 15, 23, 29, 36, 42]) };
      else if (what < 0.08) sheet[address] = { t: 'b', v: random() < 0.5 };
      else if (what < 0.1) sheet[address] = { t: 's', v: pick(CELLS) };
    }
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, pick(['道县', 'Sheet1', '12月']));
    return [['a.xlsx', XLSX.write(book, { type: 'buffer', bookType: 'xlsx' })]];
  },
  /** A workbook whose parts' XML has text cut out of it or put into it. */
  xml(text) {
    const parts = unzipSync(XLSX.write(sheetBook(text), { type: 'buffer', bookType: 'xlsx' }));
    const names = Object.keys(parts).filter((name) => /\.(xml|rels)$/.test(name));
    const bits = [
      '<',
      '>',
      '"',
      '/>',
      '</c>',
      '<c r="XFD1048576">',
      '<row r="0">',
      '&#0;',
      '&#xD800;',
      ' t="e"',
      ' s="999"',
      '<v>1e999</v>',
      '\u0000',
    ];
    for (let n = 1 + at(4); n > 0; n--) {
      const name = random() < 0.6 ? (names.find((part) => part.includes('worksheets/')) ?? pick(names)) : pick(names);
      const xml = strFromU8(parts[name]);
      const place = at(xml.length);
      parts[name] = strToU8(random() < 0.6 ? insertAt(xml, pick(bits), place) : xml.slice(0, place) + xml.slice(place + at(30)));
    }
    return [['a.xlsx', zipSync(parts)]];
  },
  /** A drop packed as a tar (gzipped or not, its long names pax's or GNU's), its bytes now and then changed or cut short. */
  tar() {
    const files = Array.from({ length: 1 + at(4) }, (_, i) => ({ name: `2025-12/${'长'.repeat(at(60))}${i}.csv`, data: pick(texts) }));
    let bytes = tarArchive(
      files.map((file) => ({ ...file, data: Buffer.from(file.data) })),
      pick(['pax', 'gnu']),
    );
    for (let n = at(4); n > 0; n--) bytes[at(bytes.length)] = at(256);
    if (random() < 0.2) bytes = bytes.subarray(0, at(bytes.length));
    return random() < 0.5 ? [['drop.tar', bytes]] : [['drop.tar.gz', gzipSync(bytes)]];
  },
  /**
   * A drop of two to six files checked together, each made as one of the kinds above, some of
   * another period or the same twice: duplicates across files, the whole's own row, several periods.
   */
  drop() {
    const files = [];
    for (let n = 2 + at(5); n > 0; n--) {
      let text = pick(texts);
      if (random() < 0.3) text = text.replace(/2025-12/g, pick(['2023-06', '2024', '2025-12', '2021-01']));
      const [[name, bytes]] = (random() < 0.7 ? KINDS.csv : pick([KINDS.cells, KINDS.xml]))(text);
      files.push([`${files.length}-${name}`, bytes]);
    }
    return files;
  },
};

/** A text with another put in at a place (at random where none is given). */
function insertAt(text, inserted, place = at(text.length + 1)) {
  return text.slice(0, place) + inserted + text.slice(place);
}

/** A line of cells with one set to a value, quoted where it holds a comma, quote or line break. */
function withCell(line, value) {
  const cells = line.split(',');
  cells[at(cells.length)] = /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return cells.join(',');
}

/** A workbook of one sheet of a text's lines. */
function sheetBook(text) {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet(
      text
        .trim()
        .split('\n')
        .map((line) => line.split(',')),
    ),
    '道县',
  );
  return book;
}

/** What is wrong with the terminal's report of a check, in either language; undefined where nothing is. */
function terminalFault(report) {
  for (const lang of ['zh', 'en']) {
    const fault = shownFault(REPORTERS.table.render(report, { lang, color: false, width: 80, notices: true }), `${lang} table`);
    if (fault) return fault;
  }
  return undefined;
}

/** What is wrong with text for an 80-column terminal: a control character but a line break, half a character, or a line wider than 80 columns. */
function shownFault(shown, what) {
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.exec(shown);
  if (control) return `a control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} in the ${what}`;
  // Half of a character beyond the BMP, which a text cut in the wrong place leaves (a terminal shows it as �).
  if (HALF_CHARACTER.test(shown)) return `half a character in the ${what}`;
  const wide = shown.split('\n').find((line) => textWidth(line) > 80);
  return wide ? `a line of ${textWidth(wide)} columns in the ${what}: ${wide.slice(0, 60)}` : undefined;
}

/** Half of a character beyond the BMP: a high surrogate alone, or a low one. */
const HALF_CHARACTER = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const counts = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, { reports: 0, refused: 0, found: 0 }]));
console.log(`plan-check fuzz · ${RUNS} inputs of each kind · seed ${SEED}${PLAN ? ` · plan ${PLAN}` : ''} · ${dir}`);
for (const [kind, make] of Object.entries(KINDS)) {
  for (let run = 0; run < RUNS; run++) {
    const files = make(pick(texts));
    const folder = join(dir, kind);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(folder, name), bytes);
    let fault;
    try {
      const report = await check([folder], { strict: random() < 0.5, ...(PLAN ? { plan: PLAN } : {}) });
      // Every report whole: no half of a character beyond the BMP (which a text cut in the wrong place leaves) in any of them.
      for (const format of ['json', 'html', 'markdown', 'csv', 'junit', 'github']) {
        const rendered = REPORTERS[format].render(report, { lang: 'zh', color: false });
        if (typeof rendered === 'string' && HALF_CHARACTER.test(rendered)) fault ??= `half a character in the ${format} report`;
        // The JSON report as its published schema has it (contract section 5).
        if (format === 'json' && !validReport(JSON.parse(rendered)))
          fault ??= `a JSON report the schema refuses: ${validReport.errors.slice(0, 3).map((e) => `${e.instancePath} ${e.message}`)}`;
      }
      // The same report in either language but for its problems' words.
      const unworded = (lang) => {
        const { errors, warnings, notices, ...rest } = JSON.parse(REPORTERS.json.render(report, { lang, color: false }));
        const bare = (issues) => (issues ?? []).map(({ message: _message, hint: _hint, ...found }) => found);
        return JSON.stringify({ ...rest, errors: bare(errors), warnings: bare(warnings), notices: bare(notices) });
      };
      if (unworded('zh') !== unworded('en')) fault ??= 'the JSON report says more or less in one language';
      // The files as they were given (a run never writes over its input), and a drop of several checked again the same, byte for byte.
      if (files.some(([name, bytes]) => !readFileSync(join(folder, name)).equals(Buffer.from(bytes)))) fault ??= 'an input file changed';
      if (kind === 'drop') {
        const again = await check([folder], { strict: report.strict, ...(PLAN ? { plan: PLAN } : {}) });
        const json = (checked) => REPORTERS.json.render(checked, { lang: 'zh', color: false });
        if (json(again) !== json(report)) fault ??= 'a drop checked twice gave two reports';
      }
      // GitHub's workflow commands: an annotation a line, then the summary; no text of a file makes a line (a command) of its own.
      const commands = REPORTERS.github.render(report, { lang: 'zh', color: false }).trimEnd().split('\n');
      const stray = commands.slice(0, -1).find((line) => !/^::(?:error|warning|notice)[ :]/.test(line));
      if (stray !== undefined || commands.at(-1).startsWith('::')) fault ??= `a line of its own in the github report: ${stray}`;
      // The completion table of `plan-check evaluate`, from the same results.
      const printable = completionPrintable(completionTable(report), report, 'zh');
      PRINTABLE_FORMATS.html.draw(printable, { lang: 'zh', color: false });
      fault ??=
        terminalFault(report) ??
        shownFault(PRINTABLE_FORMATS.table.draw(printable, { lang: 'zh', color: false, width: 80 }), 'completion table');
      counts[kind].reports++;
    } catch (error) {
      if (error instanceof PlanCheckError) counts[kind].refused++;
      else fault = `${error?.name}: ${error?.message}`;
    }
    if (!fault) continue;
    counts[kind].found++;
    const keptAs = join(kept, `${kind}-${run}`);
    mkdirSync(keptAs, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(keptAs, name), bytes);
    console.log(`${kind} #${run}: ${fault} (kept in ${keptAs})`);
  }
}
const found = Object.values(counts).reduce((sum, count) => sum + count.found, 0);
for (const [kind, count] of Object.entries(counts))
  console.log(`${kind.padEnd(6)} ${count.reports} reports, ${count.refused} refused, ${count.found} found`);
if (found === 0) rmSync(dir, { recursive: true, force: true });
process.exitCode = found === 0 ? 0 : 1;
