#!/usr/bin/env node
// Benchmark, side by side on this machine: the I/O floor (cat), a bare csv-parse pass, miller's
// grouped count and sum, and plan-check, on a generated disabled_allowances roster of 1M rows
// (about 50 MB; --large adds 10M), the same rows in a file per unit, the same with a name per
// person, in UTF-8 and GB18030, and as the national systems export it (a row number, a name, a
// phone and a remark per person) and under their disability certificates' numbers alone (残疾人证号),
// the same persons in a roster of a plan's own (a name and an
// amount a month each), its first 200,000 rows as an .xlsx workbook; the other rosters (rescue cases, institutions, townships) of 1M
// rows, read from their bytes but for each line's own fields; a batch of 840 monthly files (14 units x 60 months) against one county;
// and a single-county check against `node -e ''`: against the built-in plan, a plan of its own (examples/county, and one the
// size of the 14th plan) and with a configuration file.
// Medians of several runs; what is compared (plan-check and miller on a file, one county and
// `node -e ''`) runs in turn, a run of each per round, so that the machine's drift weighs on both
// alike. Wall time, rows/s, MB/s, peak RSS and the ratios. Prints figures; asserts nothing.
//
// usage: npm run bench [-- --runs 5] [-- --large]     (miller is installed from Debian when missing)
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { unitSamples } from './samples.mjs';
import { csvWorkbook } from './workbook.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, large: { type: 'boolean', default: false } } });
const RUNS = Number(args.runs);
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/plan-check.cjs');
const dir = mkdtempSync(join(tmpdir(), 'plan-check-bench-'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** Miller, installed from Debian when missing (as .ci/run installs Chromium), where apt-get may be used. */
function miller() {
  if (spawnSync('mlr', ['--version']).status === 0) return true;
  if (spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) return false;
  console.log('installing miller from Debian ...');
  const asRoot = process.getuid?.() === 0 ? '' : 'sudo -n ';
  spawnSync(
    'sh',
    ['-c', `${asRoot}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${asRoot}apt-get install -y -qq --no-install-recommends miller`],
    { stdio: 'ignore' },
  );
  return spawnSync('mlr', ['--version']).status === 0;
}
const MILLER = miller();

/** One run of a command: its wall time in seconds and its peak RSS in MB (NaN without /usr/bin/time). */
function runOnce(command, argv) {
  const started = process.hrtime.bigint();
  const run = TIME
    ? spawnSync(TIME, ['-f', '%M', command, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, argv, { stdio: 'ignore' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.error) throw run.error;
  return { seconds, peak: TIME ? Number(run.stderr.trim().split('\n').pop()) / 1024 : NaN };
}

/**
 * Runs commands ([command, argv] each) in turn, `runs` rounds of one run each, so that the
 * machine's drift over a minute weighs on all of them alike: each one's median wall time in
 * seconds and largest peak RSS in MB.
 */
function measureInTurn(commands, runs = RUNS) {
  const runsOf = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach(([command, argv], k) => runsOf[k].push(runOnce(command, argv)));
  return runsOf.map((all) => {
    const times = all.map((r) => r.seconds).sort((a, b) => a - b);
    return { seconds: times[Math.floor(times.length / 2)], peak: Math.max(...all.map((r) => r.peak)) };
  });
}

/** Runs a command RUNS times: the median wall time in seconds and the largest peak RSS in MB. */
function measure(command, argv, runs = RUNS) {
  return measureInTurn([[command, argv]], runs)[0];
}

/** miller's grouped count and sum of two columns, as the bench compares plan-check with it. */
const millerStats = (columns, group, ...files) => [
  'mlr',
  ['--icsv', '--ojson', 'stats1', '-a', 'count,sum', '-f', columns, '-g', group, ...files],
];
const ALLOWANCES = '符合生活补贴条件（是/否）,享受生活补贴（是/否）';

/** plan-check beside miller on the same files, in turn: both rows printed, plan-check's with its ratio to miller's. */
function besideMiller(millerName, millerCommand, name, command, size, count, runs = RUNS) {
  if (!MILLER) return row(name, measure(...command, runs), size, count);
  const [mlr, own] = measureInTurn([millerCommand, command], runs);
  return row(name, own, size, count, row(millerName, mlr, size, count));
}

const mb = (file) => statSync(file).size / 1048576;
const fixed = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const rows = [];
/** Prints a measured line: time, peak RSS, MB/s and rows/s where they apply, and its ratio to each base. */
function row(name, result, size, count, ...bases) {
  rows.push({ name, ...result, size, count });
  const perSecond = count ? `${Math.round(count / result.seconds).toLocaleString('en-US')} rows/s` : '';
  const ratios = bases
    .filter(Boolean)
    .map((base) => `${fixed(result.seconds / base.seconds)}x ${base.name}`)
    .join(', ');
  console.log(
    `  ${name.padEnd(44)} ${fixed(result.seconds).padStart(7)} s  ${fixed(result.peak, 0).padStart(5)} MB  ${size ? `${fixed(size / result.seconds, 1)} MB/s  ` : ''}${perSecond}${ratios ? `  ${ratios}` : ''}`,
  );
  return { name, ...result };
}

// A bare pass of the design card's CSV parser: every record parsed, nothing else.
const bareParse = join(dir, 'csv-parse-pass.mjs');
writeFileSync(
  bareParse,
  `import { createReadStream } from 'node:fs';\nimport { parse } from ${JSON.stringify(join(root, 'node_modules/csv-parse/lib/index.js'))};\nlet n = 0;\nfor await (const _ of createReadStream(process.argv[2]).pipe(parse())) n++;\nconsole.log(n);\n`,
);

async function roster(count) {
  const file = join(dir, `roster-${count}.csv`);
  const out = openSync(file, 'w');
  spawnSync('node', [join(root, 'scripts/make-roster.mjs'), '--rows', String(count)], { stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  const size = mb(file);
  console.log(
    `\n${count.toLocaleString('en-US')}-row disabled_allowances roster (${fixed(size, 0)} MB), median of ${count > 1e6 ? 1 : RUNS}:`,
  );
  const runs = count > 1e6 ? 1 : RUNS;
  const cat = row('cat (I/O floor)', measure('cat', [file], runs), size, count);
  const parse = row('csv-parse, a bare pass', measure('node', [bareParse, file], runs), size, count, cat);
  const checkFile = ['node', [bin, file, '--rules', 'T2-08,T2-09', '--format', 'json']];
  if (MILLER) {
    const [mlr, own] = measureInTurn([millerStats(ALLOWANCES, '区划代码', file), checkFile], runs);
    row('plan-check (validate, fold, evaluate)', own, size, count, row('miller stats1 count,sum -g county', mlr, size, count, cat), parse);
  } else {
    console.log('  miller: not installed, and apt-get could not install it');
    row('plan-check (validate, fold, evaluate)', measure(...checkFile, runs), size, count, parse);
  }
  if (count <= 1_000_000) {
    // The same rows as the counties send them: a file each, the roster's header on each.
    const folder = join(dir, `roster-${count}-by-unit`);
    mkdirSync(folder);
    const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const byUnit = new Map();
    for (const line of lines) {
      const unit = line.slice(line.indexOf(',') + 1, line.indexOf(',', line.indexOf(',') + 1));
      if (!byUnit.has(unit)) byUnit.set(unit, []);
      byUnit.get(unit).push(line);
    }
    for (const [unit, unitLines] of byUnit) writeFileSync(join(folder, `${unit}.csv`), `${[header, ...unitLines].join('\n')}\n`);
    const files = [...byUnit.keys()].map((unit) => join(folder, `${unit}.csv`));
    console.log(`the same rows in ${files.length} files, one a unit:`);
    besideMiller(
      'miller, the same files',
      millerStats(ALLOWANCES, '区划代码', ...files),
      'plan-check, the folder',
      ['node', [bin, folder, '--rules', 'T2-08,T2-09', '--format', 'json']],
      size,
      count,
      runs,
    );
    rmSync(folder, { recursive: true });
    // The same rows over five years of months in turn, as a history kept in one file: grouped by unit and month.
    const monthly = join(dir, `roster-${count}-60-months.csv`);
    const month = (i) => `${2021 + Math.floor((i % 60) / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    writeFileSync(
      monthly,
      `${[
        header,
        ...lines.map((line, i) =>
          line
            .split(',')
            .map((cell, field) => (field === 2 ? month(i) : cell))
            .join(','),
        ),
      ].join('\n')}\n`,
    );
    console.log('the same rows over 60 months in turn (2021-01 to 2025-12), a history in one file:');
    besideMiller(
      'miller, grouped by unit and month',
      millerStats(ALLOWANCES, '区划代码,报告期', monthly),
      'plan-check, the same file',
      ['node', [bin, monthly, '--rules', 'T2-08,T2-09', '--format', 'json']],
      mb(monthly),
      count,
      runs,
    );
    rmSync(monthly);
    // The same rows, one in ten with an answer of another word (也许): 100,000 problems told, each at its line.
    const faulty = join(dir, `roster-${count}-faulty.csv`);
    writeFileSync(
      faulty,
      `${[
        header,
        ...lines.map((line, i) =>
          i % 10 === 0
            ? line
                .split(',')
                .map((cell, field) => (field === 3 ? '也许' : cell))
                .join(',')
            : line,
        ),
      ].join('\n')}\n`,
    );
    console.log('the same rows, one in ten with an answer of another word (也许), each told:');
    besideMiller(
      'miller, the same file',
      millerStats(ALLOWANCES, '区划代码', faulty),
      'plan-check, the same file',
      ['node', [bin, faulty, '--rules', 'T2-08,T2-09', '--format', 'json']],
      mb(faulty),
      count,
      runs,
    );
    rmSync(faulty);
    // The same persons in a roster of a plan of a bureau's own: a name and an amount a month of each person's own.
    const own = ownRosterPlan();
    const amounts = ['550', '600', '612.5', '630', '680', '700.25'];
    const ownRoster = join(dir, `own-roster-${count}.csv`);
    writeFileSync(
      ownRoster,
      `${[
        '身份证号,姓名,区划代码,报告期,月保障金（元）',
        ...lines.map((line, i) => {
          const [id, unit, period] = line.split(',');
          return `${id},${NAMES[i % NAMES.length]},${unit},${period},${amounts[i % amounts.length]}`;
        }),
      ].join('\n')}\n`,
    );
    console.log(`the same persons in a roster of a plan's own, with a name and an amount a month each (${fixed(mb(ownRoster), 0)} MB):`);
    besideMiller(
      'miller, the same file',
      millerStats('月保障金（元）', '区划代码', ownRoster),
      'plan-check, the same file',
      ['node', [bin, ownRoster, '--plan', own, '--rules', 'R-01', '--format', 'json']],
      mb(ownRoster),
      count,
      runs,
    );
    rmSync(ownRoster);
    // The first 200,000 rows as Excel saves a sheet: a workbook is read as it unpacks, in bounded memory.
    const excelRows = 200_000;
    const book = join(dir, `roster-${excelRows}.xlsx`);
    const head = join(dir, `roster-${excelRows}.csv`);
    writeFileSync(book, csvWorkbook([header, ...lines.slice(0, excelRows)]));
    writeFileSync(head, `${[header, ...lines.slice(0, excelRows)].join('\n')}\n`);
    console.log(
      `its first ${excelRows.toLocaleString('en-US')} rows as an .xlsx workbook, as Excel saves them (text as shared strings; ${fixed(mb(book), 0)} MB):`,
    );
    const [csvRun, bookRun] = measureInTurn(
      [
        ['node', [bin, head, '--rules', 'T2-08,T2-09', '--format', 'json']],
        ['node', [bin, book, '--rules', 'T2-08,T2-09', '--format', 'json']],
      ],
      runs,
    );
    row('plan-check, the workbook', bookRun, mb(book), excelRows, row('plan-check, the same rows as CSV', csvRun, mb(head), excelRows));
    rmSync(book);
    rmSync(head);
  }
  rmSync(file);
  // The same, with a name per person: a column of no schema's, as exports from the national systems have.
  const named = join(dir, `roster-${count}-names.csv`);
  const namedOut = openSync(named, 'w');
  spawnSync('node', [join(root, 'scripts/make-roster.mjs'), '--rows', String(count), '--names'], {
    stdio: ['ignore', namedOut, 'inherit'],
  });
  closeSync(namedOut);
  console.log(`with a name per person (${fixed(mb(named), 0)} MB):`);
  // The same in GB18030, as Excel saves CSV on a Chinese system (miller cannot name its GB18030 headers).
  const gb = join(dir, `roster-${count}-names-gb18030.csv`);
  // Streamed: a 10M-row file is longer than a string may be.
  await pipeline(createReadStream(named), iconv.decodeStream('utf8'), iconv.encodeStream('gb18030'), createWriteStream(gb));
  const checkNamed = ['node', [bin, named, '--rules', 'T2-08,T2-09', '--format', 'json']];
  const checkGb = ['node', [bin, gb, '--rules', 'T2-08,T2-09', '--format', 'json']];
  if (MILLER) {
    const [mlr, own, ownGb] = measureInTurn([millerStats(ALLOWANCES, '区划代码', named), checkNamed, checkGb], runs);
    const namedMiller = row('miller, the same file', mlr, mb(named), count);
    row('plan-check, the same file', own, mb(named), count, namedMiller);
    row('plan-check, the same file in GB18030', ownGb, mb(gb), count, namedMiller);
  } else {
    const [own, ownGb] = measureInTurn([checkNamed, checkGb], runs);
    row('plan-check, the same file', own, mb(named), count);
    row('plan-check, the same file in GB18030', ownGb, mb(gb), count);
  }
  rmSync(named);
  rmSync(gb);
  // As the national systems export it: a row number and a name first, a phone and a remark last, CRLF.
  madeBesideMiller('--export', 'export', 'as an export of the national systems writes it: 序号, 姓名, 联系电话, 备注, CRLF', count, runs);
  // Its persons named by their disability certificates' numbers alone (残疾人证号: the ID number, a category and a grade).
  madeBesideMiller(
    '--certificates',
    'certificates',
    'the same persons under their disability certificate numbers (残疾人证号) alone',
    count,
    runs,
  );
}

/** A roster make-roster.mjs writes with `flag`, checked beside miller's grouped sum of it, under `title`. */
function madeBesideMiller(flag, name, title, count, runs) {
  const file = join(dir, `roster-${count}-${name}.csv`);
  const out = openSync(file, 'w');
  spawnSync('node', [join(root, 'scripts/make-roster.mjs'), '--rows', String(count), flag], { stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  console.log(`${title} (${fixed(mb(file), 0)} MB):`);
  besideMiller(
    'miller, the same file',
    millerStats(ALLOWANCES, '区划代码', file),
    'plan-check, the same file',
    ['node', [bin, file, '--rules', 'T2-08,T2-09', '--format', 'json']],
    mb(file),
    count,
    runs,
  );
  rmSync(file);
}

/** Names of persons, for a roster of a plan's own. */
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨勇', '黄艳', '赵磊', '吴敏', '周杰', '徐丽', '孙强'];

/**
 * A plan folder of a bureau's own (docs/rosters.md, a roster of your own): the shipped region, a
 * summary of two columns, a roster of ID numbers with a name and an amount a month, and one rule of
 * the amount paid a person. Its path.
 */
function ownRosterPlan() {
  const folder = join(dir, 'own-plan');
  mkdirSync(folder);
  const role = (title, r) => ({ title, type: 'string', 'x-role': r });
  writeFileSync(
    join(folder, 'summary.schema.json'),
    JSON.stringify({
      type: 'object',
      required: ['county_code', 'period'],
      properties: {
        county_code: role('区划代码', 'unit-code'),
        period: role('报告期', 'period'),
        dibao_persons: { title: '低保对象（人）', type: ['integer', 'null'], minimum: 0 },
        dibao_amount: { title: '低保金（元/月）', type: ['number', 'null'], minimum: 0 },
      },
    }),
  );
  writeFileSync(
    join(folder, 'dibao.schema.json'),
    JSON.stringify({
      type: 'object',
      required: ['person_id', 'county_code', 'period', 'amount'],
      properties: {
        person_id: { ...role('身份证号', 'record-id'), 'x-id': 'gb11643' },
        name: { title: '姓名', type: ['string', 'null'] },
        county_code: role('区划代码', 'unit-code'),
        period: role('报告期', 'period'),
        amount: { title: '月保障金（元）', type: 'number', minimum: 0, maximum: 5000 },
      },
    }),
  );
  // JSON is YAML.
  writeFileSync(
    join(folder, 'plan.yaml'),
    JSON.stringify({
      id: 'own-plan',
      title: { zh: '低保', en: 'Dibao' },
      issuer: { zh: '民政局', en: 'Bureau' },
      period: { start: 2021, end: 2025 },
      baseline_year: 2020,
      units: join(root, 'data/units.yaml'),
      submission: 'summary.schema.json',
      rosters: [
        {
          id: 'dibao',
          title: { zh: '低保对象名册', en: 'dibao roster' },
          schema: 'dibao.schema.json',
          gives: { dibao_persons: 'count()', dibao_amount: 'sum(amount)' },
        },
      ],
      rules: [
        {
          id: 'R-01',
          title: { zh: '人均保障金', en: 'Paid a person a month' },
          attribute: 'binding',
          levels: ['county', 'city'],
          unit: { zh: '元', en: 'yuan' },
          metric: 'sum(dibao_amount) / sum(dibao_persons)',
          target: { op: '>=', value: 600 },
          source: { chapter: '一', quote: '不低于600元' },
        },
      ],
    }),
  );
  return folder;
}

/** The project's other rosters (docs/rosters.md), whose lines differ by more than the record's number: each line is read from its bytes but for its own fields (a day, a name, beds). */
const OTHER_ROSTERS = [
  { kind: 'rescue_cases', rules: 'T2-05', sums: '查明身份信息（是/否）,接送返回（是/否）' },
  { kind: 'elderly_institutions', rules: 'T2-10', sums: '床位数（张）,其中护理型床位（张）' },
  { kind: 'townships', rules: 'T2-11,T2-12', sums: '有具备综合功能的养老服务机构（是/否）,设有未成年人保护工作站（是/否）' },
];

function otherRosters(count) {
  console.log(`\nthe other rosters, ${count.toLocaleString('en-US')} rows each, median of ${RUNS}:`);
  for (const { kind, rules, sums } of OTHER_ROSTERS) {
    const file = join(dir, `${kind}-${count}.csv`);
    const out = openSync(file, 'w');
    spawnSync('node', [join(root, 'scripts/make-roster.mjs'), '--kind', kind, '--rows', String(count)], {
      stdio: ['ignore', out, 'inherit'],
    });
    closeSync(out);
    besideMiller(
      `miller, ${kind} (${fixed(mb(file), 0)} MB)`,
      millerStats(sums, '区划代码', file),
      `plan-check, ${kind}`,
      ['node', [bin, file, '--rules', rules, '--format', 'json']],
      mb(file),
      count,
    );
    rmSync(file);
  }
}

/** The sample drop of 2025-12 written for each of 60 months, one file per unit and month. */
function batch() {
  const target = join(dir, 'batch');
  mkdirSync(target);
  for (const { name, gbk, text } of unitSamples()) {
    for (let month = 0; month < 60; month++) {
      const period = `${2021 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      const body = text.replace(/2025-12/g, period);
      writeFileSync(join(target, `${name.slice(0, -4)}-${period}.csv`), gbk ? iconv.encode(body, 'gb18030') : body);
    }
  }
  return target;
}

console.log(
  `plan-check benchmark · ${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${TIME ? 'peak RSS by /usr/bin/time' : 'no /usr/bin/time: no RSS'}`,
);
await roster(1_000_000);
if (args.large) await roster(10_000_000);
otherRosters(1_000_000);

console.log(`\nstart-up and batches, median of ${Math.max(RUNS, 5)}:`);
const county = join(dir, 'daoxian.csv');
copyFileSync(join(root, 'data/samples/2025-12/daoxian.csv'), county);
// The same figures as a workbook, as a county that keeps them in Excel sends them.
const countyBook = join(dir, 'daoxian.xlsx');
writeFileSync(countyBook, csvWorkbook(iconv.decode(readFileSync(county), 'gb18030').trim().split(/\r?\n/)));
const files = batch();
// A county's file against a plan of a bureau's own (examples/county: its YAML, its schema and patterns).
const ownPlan = ['node', [bin, join(root, 'examples/county/drops/2025-12'), '--plan', join(root, 'examples/county'), '--format', 'json']];
// A plan of a bureau's own the size of the 14th plan, as a bureau of the next plan starts one (`plan-check init --from` the
// 14th: its YAML, and copies of its region and schemas, in a folder of its own): read from YAML at each run, where the built-in
// plan is read from the build's JSON.
const fullPlan = join(dir, 'full-plan');
spawnSync('node', [bin, 'init', fullPlan, '--from', 'yongzhou-civil-affairs-14th'], { stdio: 'ignore' });
// A county's run with a configuration file (.plan-check.yaml) in its folder, as a CI job keeps its settings (started by sh, in
// that folder: a few milliseconds more).
const configured = join(dir, 'configured');
mkdirSync(configured);
copyFileSync(county, join(configured, 'daoxian.csv'));
writeFileSync(join(configured, '.plan-check.yaml'), 'lang: en\nstrict: false\n');
const [bare, json, table, book, own, full, config, many] = measureInTurn(
  [
    ['node', ['-e', '']],
    ['node', [bin, county, '--format', 'json']],
    ['node', [bin, county]],
    ['node', [bin, countyBook, '--format', 'json']],
    ownPlan,
    ['node', [bin, county, '--plan', fullPlan, '--format', 'json']],
    ['sh', ['-c', `cd "${configured}" && node "${bin}" daoxian.csv --format json`]],
    ['node', [bin, files, '--format', 'json']],
  ],
  Math.max(RUNS, 5),
);
const node = row("node -e ''", bare);
const one = row('plan-check, one county', json, 0, 0, node);
row('plan-check, one county, the table report', table, 0, 0, node);
row('plan-check, one county as .xlsx', book, 0, 0, node, one);
row('plan-check, one county, a plan of its own', own, 0, 0, node, one);
row('plan-check, one county, full plan of its own', full, 0, 0, node, one);
row('plan-check, one county, a configuration file', config, 0, 0, node, one);
const batchRow = row(`plan-check, ${readdirSync(files).length} files (14 units x 60 months)`, many, 0, 0, one);
// The same batch checked again and again in one process: what it takes once V8 has compiled and
// optimised the code, beside the cold run above (most of the difference is V8 warming up).
const warmScript = join(dir, 'warm-batch.cjs');
writeFileSync(
  warmScript,
  `const { main } = require(${JSON.stringify(bin)}).loadBundle();
const argv = ['node', 'plan-check', ${JSON.stringify(files)}, '--format', 'json', '-o', '/dev/null'];
(async () => {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    await main(argv);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  process.exitCode = 0;
  process.stdout.write(JSON.stringify(times.slice(2).sort((a, b) => a - b)[2]));
})();
`,
);
const warm = spawnSync('node', [warmScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
if (warm.status === 0) row('the same 840 files again, in one process', { seconds: Number(warm.stdout), peak: NaN }, 0, 0, one, batchRow);

// Node loads the certificates NODE_EXTRA_CA_CERTS names as it starts, before any script: on a
// machine that sets it (this one names a 200 KB bundle) every node process, `node -e ''` included,
// starts tens of milliseconds later. The single county again without it, so that the ratio is
// also known where the variable is not set.
if (process.env.NODE_EXTRA_CA_CERTS) {
  const envCommand = (argv) => ['env', ['-u', 'NODE_EXTRA_CA_CERTS', 'node', ...argv]];
  const [barePlain, jsonPlain, tablePlain] = measureInTurn(
    [envCommand(['-e', '']), envCommand([bin, county, '--format', 'json']), envCommand([bin, county])],
    Math.max(RUNS, 5),
  );
  console.log(`\nwithout NODE_EXTRA_CA_CERTS (here ${process.env.NODE_EXTRA_CA_CERTS}), median of ${Math.max(RUNS, 5)}:`);
  const nodePlain = row("node -e ''", barePlain);
  row('plan-check, one county', jsonPlain, 0, 0, nodePlain);
  row('plan-check, one county, the table report', tablePlain, 0, 0, nodePlain);
}

rmSync(dir, { recursive: true, force: true });
