/** The JSON, CSV and JUnit reports written a period at a time, and the reports for people drawn from the history of a run: the same text as the report rendered whole, and a run that keeps no results. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, exitCode, planOf, summarize, type CheckOptions } from '../src/check.js';
import { cannotWrite, openReportStream, writeReport, writesToDescriptor } from '../src/output.js';
import { REPORTERS } from '../src/report/index.js';
import { RESULTS_A_PIECE } from '../src/report/options.js';
import { completionTable } from '../src/evaluate/completion.js';
import { rankUnits } from '../src/evaluate/rank.js';
import { completionPrintable } from '../src/report/completion.js';
import { jsonText } from '../src/report/escape.js';
import { jsonPieces } from '../src/report/json.js';
import { PRINTABLE_FORMATS } from '../src/report/printable.js';
import { rankPrintable } from '../src/report/rank.js';
import { History } from '../src/history.js';
import type { Result } from '../src/types.js';
import { runInProcess, tempDir, writeFiles } from './helpers.js';

/** The pieces of a streamed run in `format` put together, and its report. */
async function streamed(format: string, paths: string[], options: CheckOptions = {}) {
  const reporterOptions = { lang: 'en', color: false } as const;
  const pieces = REPORTERS[format]!.pieces!(planOf(options), reporterOptions);
  let text = '';
  let periods = 0;
  const report = await check(paths, {
    ...options,
    onResults: (results: Result[]) => {
      periods++;
      for (const piece of pieces.results(results)) text += piece.toString();
    },
  });
  return { text: pieces.head() + text + [...pieces.tail(report)].join(''), report, periods };
}

describe('the JSON, CSV and JUnit reports a period at a time', () => {
  const cases = [
    ['one drop', ['data/samples/2025-12'], {}],
    ['a history of two drops, complete required, strict', ['data/samples'], { complete: true, strict: true }],
    ['problems and no results', ['tests/fixtures/problems'], { rules: 'T2-1*' }],
    ['nothing read', [], {}],
    ['compared with an earlier drop', ['data/samples'], { compare: ['data/samples/2023-06'], failOnRegression: true }],
  ] as const;
  it.each(['json', 'csv', 'junit'].flatMap((format) => cases.map(([name, paths, options]) => [format, name, paths, options] as const)))(
    '%s is the whole report byte for byte: %s',
    async (format, _, paths, options) => {
      const whole = await check([...paths], options);
      const { text, report, periods } = await streamed(format, [...paths], options);
      expect(text).toBe(REPORTERS[format]!.render(whole, { lang: 'en', color: false }));
      expect(report.results).toEqual([]);
      expect(periods).toBe(new Set(whole.results.map((r) => r.period)).size);
      expect(summarize(report)).toEqual(summarize(whole));
      expect(exitCode(report)).toBe(exitCode(whole));
    },
  );

  it('writes a period of more results than a piece holds in several pieces: the same text as the whole report', async () => {
    const one = await check(['data/samples/2025-12']);
    // Four times the drop's results in one period, as a region of 56 units would have them.
    const report = { ...one, results: [1, 2, 3, 4].flatMap((copy) => one.results.map((r) => ({ ...r, unit: `${r.unit}${copy}` }))) };
    expect(report.results.length).toBeGreaterThan(RESULTS_A_PIECE);
    const options = { lang: 'en', color: false } as const;
    // How many results a piece of each format holds: none more than RESULTS_A_PIECE. Each piece is read as it comes: JSON's bytes are written over by the next.
    const counted: Record<string, (piece: string) => number> = {
      json: (piece) => (JSON.parse(`[${piece.replace(/^,/, '')}]`) as unknown[]).length,
      csv: (piece) => piece.split('\r\n').length - 1,
      junit: (piece) => piece.split('<testcase ').length - 1,
    };
    for (const [format, count] of Object.entries(counted)) {
      const pieces = REPORTERS[format]!.pieces!(report.plan, options);
      const results = Array.from(pieces.results(report.results), String);
      expect(results.length, format).toBeGreaterThan(1);
      for (const piece of results) expect(count(piece), format).toBeLessThanOrEqual(RESULTS_A_PIECE);
      expect(
        results.reduce((sum, piece) => sum + count(piece), 0),
        format,
      ).toBe(report.results.length);
      expect(pieces.head() + results.join('') + [...pieces.tail(report)].join(''), format).toBe(REPORTERS[format]!.render(report, options));
    }
    // JSON's whole report is JSON.stringify's text of them all.
    expect(JSON.parse(REPORTERS.json!.render(report, options)).results).toEqual(JSON.parse(JSON.stringify(report.results)));
    // JUnit's one suite counts every case of the period, written before them.
    const junit = REPORTERS.junit!.render(report, options);
    expect(junit.match(/<testsuite /g)).toHaveLength(1);
    expect(junit).toContain(
      `tests="${report.results.length}" failures="${report.results.filter((r) => r.status === 'fail').length}" errors="0" skipped="${report.results.filter((r) => r.status === 'warn' || r.status === 'no_data').length}"`,
    );
  });

  it('writes the problems and files after the results in pieces, however many: the same text as the whole report', async () => {
    // 300 files of one unit and period, each row's figure not a number: a problem or two each.
    const [header, row] = readFileSync('data/samples/2025-12/daoxian.csv', 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/);
    const bad = row!.replace(/,\d+,/, ',many,');
    const dir = writeFiles(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`d${i}.csv`, `${header}\n${bad}\n`])));
    const whole = await check([dir]);
    expect(whole.issues.filter((found) => found.severity === 'error').length).toBeGreaterThanOrEqual(300);
    const pieces = REPORTERS.json!.pieces!(planOf({}), { lang: 'en', color: false });
    const tail = [...pieces.tail(whole)];
    // Over 100 KB of problems and files, in pieces under 64 KB.
    expect(tail.join('').length).toBeGreaterThan(100 * 1024);
    expect(Math.max(...tail.map((piece) => piece.length))).toBeLessThan(64 * 1024);
    const text = REPORTERS.json!.render(whole, { lang: 'en', color: false });
    expect(pieces.head() + Array.from(pieces.results(whole.results), String).join('') + tail.join('')).toBe(text);
  });

  it("writes a comparison's long lists in pieces of 50 changes, not the comparison whole: the same text as the whole report", async () => {
    const whole = await check(['data/samples/2025-12'], { compare: ['data/samples/2023-06'] });
    expect(whole.comparison!.changes.length).toBeGreaterThan(150);
    const pieces = REPORTERS.json!.pieces!(whole.plan, { lang: 'en', color: false });
    const results = Array.from(pieces.results(whole.results), String).join('');
    const tail = [...pieces.tail(whole)];
    const changes = tail.map((piece) => piece.split('"before": {').length - 1);
    expect(Math.max(...changes)).toBeLessThanOrEqual(50);
    expect(changes.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(150);
    expect(pieces.head() + results + tail.join('')).toBe(REPORTERS.json!.render(whole, { lang: 'en', color: false }));
  });

  it('writes the documents of evaluate and rank as JSON in pieces: the text jsonText makes of them', async () => {
    const report = await check(['data/samples']);
    const documents = [
      completionPrintable(completionTable(report), report, 'en'),
      rankPrintable(rankUnits(report.results, 'T2-10', 'gap'), report, 'zh'),
    ];
    for (const doc of documents)
      expect([...PRINTABLE_FORMATS.json!.pieces(doc, { lang: 'en', color: false })].join('')).toBe(
        PRINTABLE_FORMATS.json!.draw(doc, { lang: 'en', color: false }),
      );
    // A long list in pieces under 64 KB; a key without a value left out, as JSON.stringify leaves it; nothing at all.
    const long = {
      rows: Array.from({ length: 3000 }, (_, i) => ({ unit: String(430000 + i), note: '\u2028 说明 '.repeat(5) })),
      none: undefined,
      summary: { met: 1 },
    };
    const pieces = [...jsonPieces(long)];
    expect(pieces.join('')).toBe(jsonText(long));
    expect(pieces.join('').length).toBeGreaterThan(200 * 1024);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(64 * 1024);
    expect([...jsonPieces({})].join('')).toBe(jsonText({}));
  });

  it("draws the completion table in every format a unit's table or a few thousand rows a piece, made as they are drawn", async () => {
    const report = await check(['data/samples/2025-12']);
    const table = completionTable(report);
    const units = new Set(table.rows.map((row) => row.unit)).size;
    const options = { lang: 'zh', color: false } as const;
    for (const [format, least] of [
      ['table', units + 1],
      ['markdown', units + 1],
      ['html', units + 1],
      ['csv', 1],
      ['junit', 1],
    ] as const) {
      let made = 0;
      const doc = completionPrintable(table, report, 'zh');
      // A drawer asks for a block as it draws its piece, not for all of them before the first.
      const counted = {
        ...doc,
        blocks: {
          *[Symbol.iterator]() {
            for (const block of doc.blocks) {
              made++;
              yield block;
            }
          },
        },
      };
      const iterator = PRINTABLE_FORMATS[format]!.pieces(counted, options)[Symbol.iterator]();
      const first = iterator.next();
      expect(first.done, format).toBe(false);
      if (format === 'table' || format === 'markdown') expect(made, format).toBe(1);
      const pieces = [first.value as string, ...{ [Symbol.iterator]: () => iterator }];
      expect(pieces.length, format).toBeGreaterThanOrEqual(least);
      expect(pieces.join(''), format).toBe(PRINTABLE_FORMATS[format]!.draw(completionPrintable(table, report, 'zh'), options));
    }
    // Its rows and cases are made anew each time they are gone through: JUnit counts them, then writes them.
    const junit = PRINTABLE_FORMATS.junit!.draw(completionPrintable(table, report, 'en'), options);
    expect(junit).toContain(`tests="${table.rows.length}"`);
    expect(junit.match(/<testcase /g)).toHaveLength(table.rows.length);
  });

  it('is what the CLI writes for --format json, to standard output and to a file', async () => {
    const dir = tempDir();
    const out = await runInProcess(['data/samples/2025-12/daoxian.csv', '--format', 'json']);
    const file = await runInProcess(['data/samples/2025-12/daoxian.csv', '-o', join(dir, 'r.json')]);
    expect([out.code, file.code]).toEqual([1, 1]);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(out.stdout);
    expect(JSON.parse(out.stdout).results.length).toBe(123);
  });

  it('is what the CLI writes for --format csv, in Chinese too', async () => {
    const out = await runInProcess(['data/samples/2025-12/daoxian.csv', '--format', 'csv', '--lang', 'zh']);
    expect(out.code).toBe(1);
    expect(out.stdout.startsWith('\ufeff规则,指标,层级')).toBe(true);
    expect(out.stdout.trimEnd().split('\r\n')).toHaveLength(124);
  });

  it('writes nothing when the run is refused before its first results', async () => {
    for (const format of ['json', 'csv', 'junit']) {
      const run = await runInProcess(['no-such-file.csv', '--format', format]);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
    }
  });
});

describe('the reports for people from the history alone', () => {
  const cases = [
    ['one drop', ['data/samples/2025-12'], {}],
    ['a history of two drops, strict', ['data/samples'], { strict: true }],
    ['one unit over two drops', ['data/samples/2023-06/daoxian.csv', 'data/samples/2025-12/daoxian.csv'], {}],
    ['problems and no results', ['tests/fixtures/problems'], { rules: 'T2-1*' }],
    ['compared with an earlier drop', ['data/samples'], { compare: ['data/samples/2023-06'] }],
  ] as const;
  const formats = Object.keys(REPORTERS).filter((format) => REPORTERS[format]!.fromHistory);
  it.each(formats.flatMap((format) => cases.map(([name, paths, options]) => [format, name, paths, options] as const)))(
    '%s is the report drawn from every result: %s',
    async (format, _, paths, options) => {
      const whole = await check([...paths], options);
      const kept = await check([...paths], { ...options, history: true });
      expect(kept.results).toEqual([]);
      expect(kept.history!.latest.length).toBeLessThanOrEqual(whole.results.length);
      for (const lang of ['zh', 'en'] as const) {
        for (const onlyFailing of [false, true]) {
          const reporterOptions = { lang, color: false, width: 100, onlyFailing };
          expect(REPORTERS[format]!.render(kept, reporterOptions)).toBe(REPORTERS[format]!.render(whole, reporterOptions));
        }
      }
      expect(exitCode(kept)).toBe(exitCode(whole));
    },
  );

  it("are drawn a piece at a time: the HTML matrix a rule's row and a chart a piece, the table and Markdown a block a piece", async () => {
    const report = await check(['data/samples/2025-12']);
    const rules = new Set(report.results.map((r) => r.rule)).size;
    const options = { lang: 'zh', color: false } as const;
    const html = [...REPORTERS.html!.drawn!(report, options)];
    // A piece holds one row of the matrix at most, and one chart.
    expect(Math.max(...html.map((piece) => piece.split('<tr><td class="id">').length - 1))).toBe(1);
    expect(Math.max(...html.map((piece) => piece.split('<figure>').length - 1))).toBe(1);
    expect(html.filter((piece) => piece.includes('<tr><td class="id">')).length).toBeGreaterThan(rules / 2);
    expect(html.filter((piece) => piece.includes('<figure>')).length).toBeGreaterThan(rules / 2);
    for (const format of ['table', 'markdown']) {
      const pieces = [...REPORTERS[format]!.drawn!(report, { ...options, width: 100 })];
      expect(pieces.length, format).toBeGreaterThan(3);
      expect(pieces.join(''), format).toBe(REPORTERS[format]!.render(report, { ...options, width: 100 }));
    }
  });

  it('is what the CLI writes to a file as to standard output, in every format for people', async () => {
    const dir = tempDir();
    for (const format of ['table', 'markdown', 'html']) {
      const out = await runInProcess(['data/samples/2025-12', '--format', format, '--lang', 'en']);
      const file = await runInProcess(['data/samples/2025-12', '--format', format, '--lang', 'en', '-o', join(dir, `r.${format}`)]);
      expect([out.code, file.code]).toEqual([1, 1]);
      // The HTML page says when it was made, to the minute.
      const timeless = (text: string) => text.replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/, '');
      expect(timeless(readFileSync(join(dir, `r.${format}`), 'utf8')), format).toBe(timeless(out.stdout));
    }
  });

  it('draws the results a script left in a report, changed after an earlier drawing', async () => {
    const report = await check(['data/samples/2025-12/daoxian.csv']);
    const options = { lang: 'en', color: false, width: 200 } as const;
    expect(REPORTERS.table!.render(report, options)).toMatch(/T2-10/);
    report.results.splice(0, report.results.length, ...report.results.filter((r) => r.rule !== 'T2-10'));
    expect(REPORTERS.table!.render(report, options)).not.toMatch(/T2-10/);
  });

  it("keeps the values of the last twelve periods and the whole's of every period, not every result", () => {
    const period = (month: number) => `2024-${String(month).padStart(2, '0')}`;
    const result = (month: number, unit: string, value: number): Result => ({
      rule: 'R',
      level: unit === '1' ? 'city' : 'county',
      unit,
      period: period(month),
      value,
      target: 1,
      op: '>=',
      status: 'pass',
      attribute: 'binding',
    });
    const history = new History('1');
    for (let month = 1; month <= 12; month++) history.add([result(month, '2', month), result(month, '1', 10 * month)]);
    history.add([]);
    expect(history.periods).toHaveLength(12);
    expect([...history.trends()].find(([key]) => key === 'R|county|2')![1]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    history.add([result(12 + 1, '1', 130)].map((r) => ({ ...r, period: '2025-01' })));
    expect([...history.trends()].find(([key]) => key === 'R|county|2')![1]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, null]);
    expect(history.wholeValue('R', period(1))).toBe(10);
    expect(history.wholeValue('R', '2025-01')).toBe(130);
    expect(history.latest.map((r) => r.unit)).toEqual(['1']);
  });
});

describe('a report that cannot be written', () => {
  it("says why in the user's terms: the folder, not the temporary file in it", () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'mine');
    const under = join(file, 'reports');
    expect(() => writeReport(join(under, 'r.csv'), 'x', [])).toThrow(
      `cannot write ${join(under, 'r.csv')}: a part of ${under} is a file, not a folder`,
    );
    expect(() => openReportStream(join(under, 'r.json'))).toThrow(
      `cannot write ${join(under, 'r.json')}: a part of ${under} is a file, not a folder`,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('makes the folders its path names as it is written, and none for a run that writes nothing', async () => {
    const dir = tempDir();
    writeReport(join(dir, 'out', '2025-12', 'r.csv'), 'x', []);
    expect(readFileSync(join(dir, 'out', '2025-12', 'r.csv'), 'utf8')).toBe('x');
    const stream = openReportStream(join(dir, 'json', 'r.json'));
    expect(existsSync(join(dir, 'json'))).toBe(false);
    await stream.write('{}');
    await stream.finish([]);
    expect(readFileSync(join(dir, 'json', 'r.json'), 'utf8')).toBe('{}');
  });

  it('sends to --help only where the path is what to mend, not where the disk is full', async () => {
    const full = await runInProcess(['data/samples/2025-12/daoxian.csv', '--format', 'markdown', '-o', '/dev/full']);
    expect(full).toMatchObject({ code: 3, stderr: 'plan-check: cannot write /dev/full: the disk is full\n' });
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'mine');
    const under = await runInProcess(['data/samples/2025-12/daoxian.csv', '-o', join(file, 'r.txt')]);
    expect(under).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/: a part of .* is a file, not a folder\nRun plan-check --help for usage\.\n$/),
    });
  });

  it('says it cannot make a folder where one stands that cannot hold it (/proc), where a recursive mkdir would spin forever', async () => {
    // On Linux /proc's mkdir answers ENOENT for a folder it cannot make, and Node's recursive mkdir then makes /proc again,
    // without end: run as a process, so that a hang fails this test alone.
    expect(
      await runInProcess(['data/samples/2025-12/daoxian.csv', '--format', 'json', '-o', '/proc/plan-check-test/deeper/r.json']),
    ).toMatchObject({ code: 3, stderr: expect.stringMatching(/^plan-check: cannot write \/proc\/plan-check-test\/deeper\/r\.json: /) });
    expect(await runInProcess(['init', '/proc/plan-check-test'])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^plan-check: cannot write \/proc\/plan-check-test\//),
    });
  });
});

describe('standard output', () => {
  it("is written to its descriptor but on a Windows console, which reads such bytes in its code page (UTF-8 garbled): there through Node's stream", () => {
    expect(writesToDescriptor('win32', true)).toBe(false);
    expect(writesToDescriptor('win32', false)).toBe(true);
    expect(writesToDescriptor('linux', true)).toBe(true);
    expect(writesToDescriptor('darwin', true)).toBe(true);
  });
});

describe('a report file another program holds open', () => {
  it('is said to be open (Excel locks a workbook it shows) where Windows refuses to replace it, as EBUSY or EPERM', () => {
    const busy = Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    const denied = Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
    expect(cannotWrite('r.xlsx', busy, 'win32').message).toBe(
      'cannot write r.xlsx: it is open in another program (Excel keeps a workbook it shows locked): close it there, or write another file',
    );
    expect(cannotWrite('r.xlsx', denied, 'win32').commandLine('zh')).toMatch(
      /^无法写入 r\.xlsx：没有在 .* 中写入的权限，或该文件正被其他程序打开（Excel 打开的工作簿会被锁定）/,
    );
    expect(cannotWrite('r.xlsx', denied, 'linux').message).toMatch(/^cannot write r\.xlsx: no permission to write in [^,]*$/);
  });
});
