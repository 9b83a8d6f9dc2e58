/** Reports for CI: GitHub annotations, several reports in one run, a summary line with -o. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { check, summarize } from '../src/check.js';
import { reportTargets } from '../src/output.js';
import { openWorkbook } from '../src/input/xlsx.js';
import { BINARY_REPORTERS, REPORTERS } from '../src/report/index.js';
import { runInProcess, tempDir, writeFiles } from './helpers.js';
import { makeXlsx, storedZip } from './xlsx.js';
import { reportSchemaErrors, validReport } from './report-schema.js';

describe('--format github', () => {
  it('annotates problems at file, line and column, and missed targets at the row and the column that closes the gap', async () => {
    const report = await check(['data/samples/2025-12/daoxian.csv', 'tests/fixtures/problems']);
    const lines = REPORTERS.github!.render(report, { lang: 'en', color: false }).trimEnd().split('\n');
    expect(lines).toContain(
      '::error file=tests/fixtures/problems/county.csv,line=3,col=4,title=plan-check type::"abc" is not a whole number → write a whole number (such as 1200), or leave the cell empty if not reported',
    );
    const beds = lines.find((l) => l.includes('title=T2-10'))!;
    expect(beds).toMatch(
      /^::error file=data\/samples\/2025-12\/daoxian\.csv,line=2,col=\d+,title=T2-10 Share of care-type beds in elderly-care institutions::Dao County 2025-12: 54\.9 %25 against ≥ 55 %25 · raise care_beds by 1 bed$/,
    );
    const col = Number(/col=(\d+)/.exec(beds)![1]);
    // The sample is GBK, as counties send it.
    expect(iconv.decode(readFileSync('data/samples/2025-12/daoxian.csv'), 'gb18030').split('\n')[0]!.split(',')[col - 1]).toMatch(
      /护理型床位/,
    );
    expect(lines.filter((l) => l.startsWith('::warning') && l.includes('title=T2-04'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\d+ results: /);
  });

  it("writes a file name's line break as GitHub reads one, and on one line for people: a name from outside starts no line of its own, a tab no wider gap", async () => {
    const dir = tempDir();
    const file = join(dir, 'a\n::error::all clear.csv');
    writeFileSync(file, '区划代码,报告期,养老机构床位数（张）\n431102,2025-12,abc\n431103,2025-12,"1\n::error::2"\n431122,2025-12,1\t2\n');
    const report = await check([file], { rules: 'T2-10' });
    const github = REPORTERS.github!.render(report, { lang: 'en', color: false }).split('\n');
    expect(github[0]).toMatch(/^::error file=.*\/a%0A%3A%3Aerror%3A%3Aall clear\.csv,line=2,col=3,title=plan-check type::/);
    const table = REPORTERS.table!.render(report, { lang: 'en', color: false }).split('\n');
    expect(table.filter((line) => line.startsWith('::'))).toEqual([]);
    expect(table).toContainEqual(expect.stringMatching(/a<U\+000A>::error::all clear\.csv:2:3: error type/));
    // A cell of two lines, quoted in a message: on the message's line.
    expect(table).toContainEqual(
      expect.stringMatching(/clear\.csv:3:3: error type \[elderly_beds\] "1<U\+000A>::error::2" is not a whole number$/),
    );
    // A tab in a cell, which a terminal would widen past the line's width: written as what it is.
    expect(table).toContainEqual(expect.stringMatching(/clear\.csv:5:3: error type \[elderly_beds\] "1<U\+0009>2" is not a whole number$/));
    expect(table.filter((line) => line.includes('\t'))).toEqual([]);
  });

  it("annotates a problem or a missed target of a workbook's sheet on the workbook's file, the sheet in its title", async () => {
    const head = ['区划代码', '报告期', '养老机构床位数（张）', '其中护理型床位（张）'];
    const file = join(
      writeFiles({
        'a.xlsx': makeXlsx({
          零陵区: { 1: head, 2: ['431102', '2025-12', 1000, 'abc'] },
          道县: { 1: head, 2: ['431124', '2025-12', 1000, 500] },
        }),
      }),
      'a.xlsx',
    );
    const report = await check([file], { sheet: '*', rules: 'T2-10' });
    const lines = REPORTERS.github!.render(report, { lang: 'en', color: false }).split('\n');
    expect(lines.filter((line) => line.startsWith('::error')).map((line) => line.slice(0, line.indexOf('::', 2)))).toEqual([
      `::error file=${file},line=2,col=4,title=plan-check type · 零陵区`,
      `::error file=${file},line=2,col=4,title=T2-10 Share of care-type beds in elderly-care institutions · 道县`,
    ]);
  });

  it("annotates a problem or a missed target of a zip's file on the zip, the file, line and column in its title (a property's colons escaped, as GitHub reads them)", async () => {
    const head = ['区划代码', '报告期', '养老机构床位数（张）', '其中护理型床位（张）'].join(',');
    const zip = join(
      writeFiles({
        'drop.zip': storedZip([
          [Buffer.from('零陵区.csv'), Buffer.from(`${head}\n431102,2025-12,1000,abc\n`)],
          [Buffer.from('道县.csv'), Buffer.from(`${head}\n431124,2025-12,1000,500\n`)],
        ]),
      }),
      'drop.zip',
    );
    const lines = REPORTERS.github!.render(await check([zip], { rules: 'T2-10' }), { lang: 'en', color: false }).split('\n');
    expect(lines.filter((line) => line.startsWith('::error')).map((line) => line.slice(0, line.indexOf('::', 2)))).toEqual([
      `::error file=${zip},title=plan-check type · 零陵区.csv%3A2%3A4`,
      `::error file=${zip},title=T2-10 Share of care-type beds in elderly-care institutions · 道县.csv%3A2%3A4`,
    ]);
    // A workbook's sheet in a zip: on the zip too, the workbook and sheet in the title.
    const book = join(
      writeFiles({
        'books.zip': storedZip([
          [Buffer.from('区县.xlsx'), makeXlsx({ 零陵区: { 1: head.split(','), 2: ['431102', '2025-12', 1000, 'abc'] } })],
        ]),
      }),
      'books.zip',
    );
    const sheets = REPORTERS.github!.render(await check([book], { rules: 'T2-10', sheet: '*' }), { lang: 'en', color: false }).split('\n');
    expect(sheets.filter((line) => line.startsWith('::error')).map((line) => line.slice(0, line.indexOf('::', 2)))).toEqual([
      `::error file=${book},title=plan-check type · 区县.xlsx[零陵区]%3A2%3A4`,
    ]);
  });
});

describe('several reports in one run', () => {
  it('pairs each --format with the -o after it; an -o alone goes by its extension; one report at most to standard output', () => {
    expect(
      reportTargets(
        [
          'node',
          'plan-check',
          'x',
          '--format',
          'github',
          '-o',
          'a.txt',
          '--format=json',
          '--output=r.json',
          '-or.html',
          '--format',
          'table',
        ],
        [{ format: 'table' }],
      ),
    ).toEqual([
      { format: 'github', output: 'a.txt' },
      { format: 'json', output: 'r.json' },
      { format: 'html', output: 'r.html' },
      { format: 'table', output: undefined },
    ]);
    expect(reportTargets(['x'], [{ format: 'csv', output: 'c.csv' }])).toEqual([{ format: 'csv', output: 'c.csv' }]);
    expect(reportTargets(['--format', 'json', '-o', '-'], [{ format: 'table' }])).toEqual([{ format: 'json', output: undefined }]);
    expect(() => reportTargets(['--format', 'json', '--format', 'csv'], [{ format: 'table' }])).toThrow(
      /2 reports would go to standard output/,
    );
    expect(reportTargets(['--', '--format', 'json'], [{ format: 'table' }])).toEqual([{ format: 'table' }]);
    // A file named as a kind plan-check writes not (a PDF, a Word document, an old workbook) would hold text: refused, with what to write.
    expect(() => reportTargets(['-o', '报告.pdf'], [{ format: 'table' }])).toThrow(
      '-o 报告.pdf: plan-check writes no PDF; write -o FILE.html and print it from a browser (its pages are laid out for A4)',
    );
    expect(() => reportTargets(['-o', 'r.XLS'], [{ format: 'table' }])).toThrow(
      '-o r.XLS: plan-check writes no Excel 97-2003 workbook; write -o FILE.xlsx',
    );
    expect(() => reportTargets(['-o', 'r.docx'], [{ format: 'table' }])).toThrow(
      expect.objectContaining({ message: expect.stringContaining('writes no Word document; write -o FILE.html, which Word opens') }),
    );
    // A format given is the user's: written as asked.
    expect(reportTargets(['--format', 'html', '-o', 'r.pdf'], [{ format: 'table' }])).toEqual([{ format: 'html', output: 'r.pdf' }]);
  });

  it('writes every report, says the summary on stderr, and appends Markdown to $GITHUB_STEP_SUMMARY', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    const result = await runInProcess(
      [
        'data/samples/2025-12/daoxian.csv',
        '--format',
        'github',
        '-o',
        join(dir, 'a.txt'),
        '--format',
        'json',
        '-o',
        join(dir, 'r.json'),
        '-o',
        join(dir, 'r.csv'),
      ],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^plan-check: 123 results: 43 pass, 2 fail, 2 warn, 76 no data · 0 errors, 0 warnings → .*a\.txt, .*r\.json, .*r\.csv\n$/,
    );
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toMatch(/^::error file=/m);
    expect(validReport(readFileSync(join(dir, 'r.json'), 'utf8')).results).toHaveLength(123);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toMatch(/^\ufeffrule,indicator,/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## Yongzhou/);
    // A summary file that cannot be written is said, and the run keeps the exit code of its results.
    const lost = await runInProcess(['data/samples/2025-12/daoxian.csv', '--format', 'github'], {
      env: { GITHUB_STEP_SUMMARY: join(dir, 'no-such-folder', 'summary.md') },
    });
    expect(lost.code).toBe(1);
    expect(lost.stdout).toMatch(/^::error file=/m);
    expect(lost.stderr).toMatch(
      /^plan-check: cannot append the summary to \$GITHUB_STEP_SUMMARY \(.*no-such-folder\/summary\.md\): ENOENT/,
    );
  });
});

describe('schemas/report.schema.json', () => {
  it('holds a real report and refuses one that breaks the contract', async () => {
    const report = validReport(
      REPORTERS.json!.render(await check(['data/samples/2025-12/daoxian.csv', 'tests/fixtures/problems']), { lang: 'zh', color: false }),
    );
    expect(reportSchemaErrors(report)).toEqual([]);
    const noData = report.results.find((r: { status: string }) => r.status === 'no_data');
    expect(reportSchemaErrors({ ...report, results: [{ ...noData, value: 5 }] })).not.toEqual([]);
    expect(reportSchemaErrors({ ...report, results: [{ ...noData, status: 'ok' }] })).not.toEqual([]);
    expect(reportSchemaErrors({ ...report, summary: { ...report.summary, fail: -1 } })).not.toEqual([]);
  });
});

describe('--format xlsx', () => {
  it('writes a workbook of results, values and statuses by unit, completion and problems, read back cell for cell', async () => {
    const report = await check(['data/samples/2025-12', 'tests/fixtures/problems']);
    const book = openWorkbook(await BINARY_REPORTERS.xlsx!.render(report, { lang: 'zh', color: false }));
    expect(book.names).toEqual(['结果', '各单位数值', '各单位状态', '完成情况', '数据问题']);
    const results = book.sheet('结果').records.map((r) => r.cells);
    expect(results[0]!.slice(0, 4)).toEqual(['规则', '指标', '层级', '单位代码']);
    expect(results).toHaveLength(report.results.length + 1);
    const beds = results.find((cells) => cells[0] === 'T2-10' && cells[3] === '431124')!;
    expect([beds[6], beds[9]]).toEqual(['54.9', '未达标']);
    const values = book.sheet('各单位数值').records.map((r) => r.cells);
    const daoxian = values[0]!.indexOf('道县');
    expect(values.find((cells) => cells[0] === 'T2-10')![daoxian]).toBe('54.9');
    expect(book.sheet('各单位状态').records.find((r) => r.cells[0] === 'T2-10')!.cells[daoxian]).toBe('未达标');
    expect(book.sheet('数据问题').records.map((r) => r.cells[4])).toContain('type');
  });

  it('adds a sheet of the comparison with an earlier drop (--compare): every result that newly misses, was fixed or moved', async () => {
    const report = await check(['data/samples/2025-12'], { compare: ['data/samples/2023-06'] });
    const comparison = report.comparison!;
    const book = openWorkbook(await BINARY_REPORTERS.xlsx!.render(report, { lang: 'zh', color: false }));
    expect(book.names).toEqual(['结果', '各单位数值', '各单位状态', '完成情况', '数据问题', '比较']);
    const rows = book.sheet('比较').records.map((r) => r.cells);
    expect(rows[0]).toEqual([
      '规则',
      '指标',
      '层级',
      '单位代码',
      '单位',
      '此前报告期',
      '此前数值',
      '此前状态',
      '现在报告期',
      '现在数值',
      '现在状态',
      '变化',
      '比较',
    ]);
    const keys = new Set(
      [...comparison.changes, ...comparison.newly_failing, ...comparison.fixed].map((c) => `${c.rule}|${c.level}|${c.unit}`),
    );
    expect(rows).toHaveLength(keys.size + 1);
    // 经开区's urban dibao growth passed in 2023-06 and falls short now.
    expect(rows.find((cells) => cells[0] === 'T2-02a' && cells[3] === '431171')).toEqual([
      'T2-02a',
      '城市低保标准年度增速',
      'county',
      '431171',
      '永州经济技术开发区',
      '2023-06',
      '5.34',
      '达标',
      '2025-12',
      '5.04',
      '未达预期',
      '远离目标',
      '新出现未达标',
    ]);
    // Without --compare, no such sheet.
    expect(
      openWorkbook(await BINARY_REPORTERS.xlsx!.render(await check(['data/samples/2025-12']), { lang: 'en', color: false })).names,
    ).not.toContain('Comparison');
  });

  it('refuses a run of more results than a workbook holds, before writing any report, and names the way out', async () => {
    const dir = tempDir();
    const root = process.cwd();
    // The built-in plan over 1950-2100, and one unit's row for each of its first 900 months: about 110,000 results.
    writeFileSync(
      join(dir, 'plan.yaml'),
      readFileSync('data/plans/yongzhou-civil-affairs-14th.yaml', 'utf8')
        .replace('period: { start: 2021, end: 2025 }', 'period: { start: 1950, end: 2100 }')
        .replace('baseline_year: 2020', 'baseline_year: 1949')
        .replace('units: ../units.yaml', `units: ${join(root, 'data/units.yaml')}`)
        .replaceAll('../../schemas/', `${join(root, 'schemas')}/`),
    );
    const [header, row] = readFileSync('data/samples/2025-12/lingling.csv', 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/);
    const months = Array.from({ length: 900 }, (_, i) => `${1950 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    writeFileSync(join(dir, 'rows.csv'), [header, ...months.map((month) => row!.replace(',2025-12,', `,${month},`))].join('\n'));
    const result = await runInProcess([
      join(dir, 'rows.csv'),
      '--plan',
      join(dir, 'plan.yaml'),
      '-o',
      join(dir, 'r.json'),
      '-o',
      join(dir, 'r.xlsx'),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /--format xlsx: the run has 1\d\d,\d{3} results, more than the 100,000 a workbook report holds: write --format csv \(Excel opens it too\) or json/,
    );
    expect(readdirSync(dir).sort()).toEqual(['plan.yaml', 'rows.csv']);
  });

  it('-o FILE.xlsx picks the format by its extension', async () => {
    const dir = tempDir();
    const result = await runInProcess(['data/samples/2025-12/daoxian.csv', '-o', join(dir, 'r.xlsx')]);
    expect(result.code).toBe(1);
    expect(openWorkbook(readFileSync(join(dir, 'r.xlsx'))).names[0]).toBe('Results');
  });
});

describe('every format carries the same results', () => {
  it('json, csv, junit, github and xlsx agree on each result that fails or falls short, and on the counts', async () => {
    const report = await check(['data/samples/2025-12', 'tests/fixtures/problems']);
    const options = { lang: 'en' as const, color: false };
    const json = validReport(REPORTERS.json!.render(report, options)) as {
      results: { rule: string; unit: string; status: string }[];
      summary: { fail: number; warn: number; errors: number };
    };
    const missed = (status: string) =>
      json.results
        .filter((r) => r.status === status)
        .map((r) => `${r.rule}|${r.unit}`)
        .sort();
    const csvRows = REPORTERS.csv!.render(report, options)
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    // Titles may hold commas inside quotes: the status is read from the end of the fixed columns.
    const csvStatus = (status: string) =>
      csvRows
        .filter((cells) => cells.includes(status))
        .map((cells) => `${cells[0]}|${cells[cells.length - 14]}`)
        .sort();
    expect(csvStatus('fail')).toEqual(missed('fail'));
    const junit = REPORTERS.junit!.render(report, options);
    expect(Number(/<testsuite [^>]*failures="(\d+)"/.exec(junit)![1])).toBe(json.summary.fail);
    expect((junit.match(/<testcase /g) ?? []).length).toBe(json.results.length + json.summary.errors);
    // GitHub takes 50 annotations a step: the samples alone have fewer misses than that.
    const samples = await check(['data/samples/2025-12']);
    const github = REPORTERS.github!.render(samples, options);
    const counts = summarize(samples);
    expect((github.match(/^::error file=[^:]*title=[TC]\d/gm) ?? []).length).toBe(counts.fail);
    expect((github.match(/^::warning [^:]*title=[TC]\d/gm) ?? []).length).toBe(counts.warn);
    const book = openWorkbook(await BINARY_REPORTERS.xlsx!.render(report, options));
    const sheet = book.sheet('Results').records.map((r) => r.cells);
    expect(
      sheet
        .filter((cells) => cells[9] === 'fail')
        .map((cells) => `${cells[0]}|${cells[3]}`)
        .sort(),
    ).toEqual(missed('fail'));
    expect(sheet.filter((cells) => cells[9] === 'warn')).toHaveLength(json.summary.warn);
  });
});

describe('a workbook report in the folder it checks', () => {
  it("is passed over as plan-check's own report, as its CSV reports are", async () => {
    const dir = tempDir();
    const report = await check(['data/samples/2025-12/daoxian.csv']);
    writeFileSync(join(dir, 'report.xlsx'), await BINARY_REPORTERS.xlsx!.render(report, { lang: 'zh', color: false }));
    writeFileSync(join(dir, 'daoxian.csv'), readFileSync('data/samples/2025-12/daoxian.csv'));
    const again = await check([dir]);
    expect(again.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(again.issues.find((i) => i.code === 'file-skipped')).toMatchObject({
      file: join(dir, 'report.xlsx'),
      params: { variant: 'own-report' },
    });
    expect(again.results.length).toBe(report.results.length);
  });
});
