/**
 * The command line end to end: the built CLI (npm test builds it first) run as a user or a CI job
 * runs it where the process is the point (exit codes, standard input and output, terminals, no stack
 * trace); what its commands write, run in-process (runInProcess).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { allUnits, BIN, csv, row, runCli, runInProcess, tempDir, writeFiles } from './helpers.js';
import { validReport } from './report-schema.js';
import { textWidth } from '../src/report/fit.js';

const run = runCli;

describe('plan-check CLI', () => {
  it('exits 1 on the samples, where binding targets fail, with a table and a summary', () => {
    const { code, stdout } = run(['data/samples/2025-12']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\d+ results: \d+ pass, 3 fail, \d+ warn, \d+ no data · 0 errors, 0 warnings/);
  });

  it('exits 0 when every submission is valid and no result fails', () => {
    const dir = writeFiles({ 'all.csv': csv(allUnits()) });
    expect(run([dir, '--format', 'json']).code).toBe(0);
  });

  it('exits 2 for an invalid cell, naming file, line and column, and still reports the rest', () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102', { care_beds: '12.5' })]), 'b.csv': csv([row('431103')]) });
    const { code, stdout } = run([dir, '--format', 'json']);
    expect(code).toBe(2);
    const report = validReport(stdout);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: join(dir, 'a.csv'), line: 2, column: 21, field: 'care_beds', code: 'type' }),
    ]);
    expect(report.results.some((r: { unit: string }) => r.unit === '431103')).toBe(true);
    expect(report.summary.errors).toBe(1);
  });

  it('exits 3 for usage errors: unknown option, missing path, unknown plan; their words in-process', async () => {
    const unknown = run(['data/samples/2025-12', '--colour']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/unknown option '--colour'/);
    const missing = await runInProcess(['no/such/file.csv']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no\/such\/file\.csv: no such file or directory/);
    expect((await runInProcess(['data/samples/2025-12', '--plan', 'no-such-plan'])).code).toBe(3);
    const pdf = await runInProcess(['data/samples/2025-12', '--format', 'pdf']);
    expect([pdf.code, pdf.stderr]).toEqual([
      3,
      expect.stringMatching(/Allowed choices are table, json, .*\.\nRun plan-check --help for usage\.\n$/),
    ]);
    // A value near one of the choices is named, as an option near one is.
    expect((await runInProcess(['data/samples/2025-12', '--format', 'jsn'])).stderr).toMatch(
      /argument 'jsn' is invalid\. Allowed choices are .*\.\n\(Did you mean json\?\)\nRun plan-check --help for usage\.\n$/,
    );
    // Nothing to check: the usage on standard error, exit 3 (a job that runs plan-check alone is not green).
    const alone = run([]);
    expect([alone.code, alone.stdout]).toEqual([3, '']);
    expect(alone.stderr).toMatch(/^Usage: plan-check \[options\] \[command\]\n/);
    // A command mistyped, which the default command would take for a path of no file.
    expect(await runInProcess(['evalute', 'data/samples/2025-12'])).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'plan-check: evalute: no such file or directory, nor a command (did you mean evaluate?)\nRun plan-check --help for usage.\n',
    });
    expect((await runInProcess(['2025-13'])).stderr).toBe(
      'plan-check: 2025-13: no such file or directory\nRun plan-check --help for usage.\n',
    );
    // Named, the check command takes the word for a path.
    expect((await runInProcess(['check', 'evalute'])).stderr).toBe(
      'plan-check: evalute: no such file or directory\nRun plan-check --help for usage.\n',
    );
    // An option's value refused for its reason, told in a sentence as commander tells its own.
    expect((await runInProcess(['data/samples/2025-12', '--max-errors', '0'])).stderr).toBe(
      "error: option '--max-errors <n>' argument '0' is invalid. It must be a whole number of 1 or more.\nRun plan-check --help for usage.\n",
    );
    expect((await runInProcess(['data/samples/2025-12', '--period', '25-12', '--lang', 'zh'])).stderr).toBe(
      '错误：选项 “--period <period>” 的取值 “25-12” 无效：应写成 YYYY 或 YYYY-MM\n用法见 plan-check --help。\n',
    );
  });

  it("exits 3 for an empty path or name (a script's variable left unset), saying so", async () => {
    const told = async (argv: string[]) => {
      const { code, stderr } = await runInProcess(argv);
      return [code, stderr.split('\n')[0]];
    };
    expect(await told([''])).toEqual([3, 'plan-check: "" names no file or folder (an empty path: a variable left unset?)']);
    expect(await told(['data/samples/2025-12', '--compare', ''])).toEqual([
      3,
      'plan-check: --compare "" names no file or folder (an empty path: a variable left unset?)',
    ]);
    expect(await told(['data/samples/2025-12', '--plan', '', '--lang', 'zh'])).toEqual([
      3,
      'plan-check：--plan "" 没有给出规划（名字为空：变量未设置？）：请给出内置规划、文件或文件夹',
    ]);
    expect(await told(['data/samples/2025-12', '-o', ''])).toEqual([
      3,
      'plan-check: --output names no file (an empty name): name the file to write, or - for standard output',
    ]);
  });

  it('exits 3 for a malformed plan file, with its line and column', () => {
    const plan = join(tempDir(), 'plan.yaml');
    writeFileSync(plan, 'id: x\nrules: [\n');
    const { code, stderr } = run(['data/samples/2025-12', '--plan', plan]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/plan\.yaml:3:1: /);
  });

  it('shows the stack with --debug, and only then', () => {
    const plan = join(tempDir(), 'plan.yaml');
    writeFileSync(plan, 'id: [\n');
    const quiet = run(['data/samples/2025-12', '--plan', plan]);
    const debug = run(['data/samples/2025-12', '--plan', plan, '--debug']);
    expect(quiet.code).toBe(3);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/^\s+at /m);
    // Through the bundle's source map: the TypeScript sources, not the bundle.
    expect(debug.stderr).toMatch(/^\s+at .*src\/plan\/yaml\.ts:\d+:\d+\)$/m);
    expect(debug.stderr).not.toMatch(/bundle\.cjs:\d+/);
  });

  it('answers --help and --version with exit 0', async () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: plan-check/);
    const checkHelp = await runInProcess(['check', '--help']);
    expect(checkHelp.code).toBe(0);
    expect(checkHelp.stdout).toMatch(/--format <name>/);
    expect(checkHelp.stdout).toMatch(/json +the JSON report/);
    // Wrapped to 80 columns where the help is not written to a terminal, a Chinese word (完成情况) two columns wide.
    const wide = (await runInProcess(['--help'])).stdout.split('\n').filter((line) => textWidth(line) > 80);
    expect(wide).toEqual([]);
    const version = await runInProcess(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('reads standard input for -', () => {
    const { code, stdout } = run(['-', '--format', 'json'], { input: csv([row('431102')], { chinese: true }) });
    expect(code).toBe(0);
    expect(
      validReport(stdout).results.filter((r: { unit: string; rule: string }) => r.unit === '431102' && r.rule.startsWith('T2')),
    ).toHaveLength(13);
  });

  it('speaks the language asked for, by option or by locale', async () => {
    expect((await runInProcess(['data/samples/2025-12/lingling.csv', '--lang', 'zh'])).stdout).toMatch(/达标/);
    expect((await runInProcess(['data/samples/2025-12/lingling.csv'], { env: { LANG: 'zh_CN.UTF-8' } })).stdout).toMatch(/达标/);
    expect((await runInProcess(['data/samples/2025-12/lingling.csv'])).stdout).toMatch(/pass/);
  });

  it('colours only when allowed', async () => {
    expect((await runInProcess(['data/samples/2025-12/lingling.csv'])).stdout).not.toContain('\u001b[');
    expect((await runInProcess(['data/samples/2025-12/lingling.csv'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout).toContain(
      '\u001b[',
    );
  });

  // `script` (util-linux) gives the run a pseudo-terminal, as a user's terminal is.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('colours on a terminal, and not in a file or on the null device', () => {
    const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: '', LANG: 'C' };
    const sample = 'data/samples/2025-12/lingling.csv';
    const terminal = spawnSync('script', ['-qec', `${process.execPath} ${BIN} ${sample}`, '/dev/null'], { encoding: 'utf8', env });
    expect(terminal.stdout).toContain('\u001b[1m');
    const dir = tempDir();
    const viaShell = (target: string) =>
      spawnSync('sh', ['-c', `${process.execPath} ${BIN} ${sample} > ${target}; echo $?`], { encoding: 'utf8', env });
    expect(viaShell(join(dir, 'out.txt')).stdout.trim()).toBe('0');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).not.toContain('\u001b[');
    expect(viaShell('/dev/null').stdout.trim()).toBe('0');
  });

  it('writes a report to a file with --output, never over an input, and leaves no temporary file', async () => {
    const dir = writeFiles({ 'a.csv': csv([row('431102')]) });
    const target = join(dir, 'report.html');
    const written = await runInProcess([join(dir, 'a.csv'), '--format', 'html', '--output', target]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(target, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'report.html']);
    const before = readFileSync(join(dir, 'a.csv'));
    const refused = await runInProcess([join(dir, 'a.csv'), '--output', join(dir, 'a.csv')]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/is one of the input files/);
    expect(readFileSync(join(dir, 'a.csv'))).toEqual(before);
    // The same file by another name: an input read through a link to the report's path, or a report named by a link to an input.
    symlinkSync(join(dir, 'a.csv'), join(dir, 'link.csv'));
    expect((await runInProcess([join(dir, 'link.csv'), '--output', join(dir, 'a.csv')])).stderr).toMatch(/is one of the input files/);
    expect((await runInProcess([join(dir, 'a.csv'), '--output', join(dir, 'link.csv')])).stderr).toMatch(/is one of the input files/);
    expect(readFileSync(join(dir, 'a.csv'))).toEqual(before);
    rmSync(join(dir, 'link.csv'));
    // The JSON report, written as its periods come, leaves no temporary file behind either way.
    expect((await runInProcess([join(dir, 'a.csv'), '--output', join(dir, 'r.json')])).code).toBe(0);
    expect(validReport(readFileSync(join(dir, 'r.json'), 'utf8')).results.length).toBeGreaterThan(0);
    expect((await runInProcess([join(dir, 'a.csv'), '--format', 'json', '--output', join(dir, 'a.csv')])).code).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'r.json', 'report.html']);
  });

  it('reads a FIFO as it reads standard input, writes through to what is not a regular file, and takes -o - as standard output', async () => {
    // Twelve periods: the JSON report is written a period at a time, and each piece must reach the FIFO as it was made.
    const periods = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const dir = writeFiles({ 'a.csv': csv(periods.map((period) => row('431102', { period }))) });
    const shell = (script: string) =>
      spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 25_000 });
    // The reader of out.fifo is waited for: got.json is whole once it ends.
    const piped = shell(
      `mkfifo in.fifo out.fifo && (cat a.csv > in.fifo &) && { cat out.fifo > got.json & reader=$!; } && node ${BIN} in.fifo --format json --rules T2-10 -o out.fifo; echo "exit $?"; wait $reader; test -p out.fifo && echo "still a fifo"`,
    );
    expect(piped.stdout).toMatch(/exit 0\nstill a fifo/);
    const report = validReport(readFileSync(join(dir, 'got.json'), 'utf8')) as { results: { unit: string; period: string }[] };
    expect(report.results.some((r) => r.unit === '431102')).toBe(true);
    expect(report.results).toEqual(
      validReport((await runInProcess([join(dir, 'a.csv'), '--format', 'json', '--rules', 'T2-10'])).stdout).results,
    );
    expect(new Set(report.results.map((r) => r.period)).size).toBe(12);
    const dash = await runInProcess([join(dir, 'a.csv'), '--format', 'json', '-o', '-']);
    expect([dash.code, validReport(dash.stdout).results.length > 0]).toEqual([0, true]);
    expect(readdirSync(dir)).not.toContain('-');
    const folder = await runInProcess([join(dir, 'a.csv'), '-o', dir]);
    expect([folder.code, folder.stderr]).toEqual([3, expect.stringMatching(/it is a folder; name a file in it/)]);
  });

  it('lists the built-in plans and their rules, each rule with its source', async () => {
    expect((await runInProcess(['plans'])).stdout).toMatch(
      /yongzhou-civil-affairs-13th\t2016-2020\t21 rules[\s\S]*yongzhou-civil-affairs-14th\t2021-2025\t\d+ rules/,
    );
    const listed = JSON.parse((await runInProcess(['rules', '--format', 'json'])).stdout) as {
      rules: { id: string; source: Record<string, unknown> }[];
      unquantified: unknown[];
    };
    expect(listed.rules.length).toBeGreaterThanOrEqual(46);
    for (const rule of listed.rules) expect(Object.keys(rule.source).length, rule.id).toBeGreaterThan(0);
    expect(listed.unquantified.length).toBeGreaterThan(0);
    expect((await runInProcess(['rules', '--plan', 'yongzhou-civil-affairs-13th', '--lang', 'en'])).stdout).toMatch(
      /T1-19 +│ Social workers/,
    );
  });

  it('checks only the rules asked for with --rules, and refuses a pattern that matches none', async () => {
    const { code, stdout } = await runInProcess(['data/samples/2025-12', '--rules', 'T2-*', '--format', 'json']);
    expect(code).toBe(1);
    const rules = new Set((validReport(stdout).results as { rule: string }[]).map((r) => r.rule));
    expect([...rules].every((id) => id.startsWith('T2-'))).toBe(true);
    expect(rules.size).toBe(16);
    expect((await runInProcess(['data/samples/2025-12', '--rules', 'Z*'])).code).toBe(3);
  });

  it('explains one rule with the plan sentence, and refuses an unknown one', async () => {
    const explained = await runInProcess(['explain', 'C6-08', '--lang', 'zh']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/零陵区、冷水滩区依托精神卫生机构按照一区一所的标准建设/);
    expect(explained.stdout).toMatch(/分单位目标：\n {2}零陵区 \(431102\): ≥ 1 所/);
    // Chinese punctuation in Chinese text.
    expect(explained.stdout).toMatch(/各单位数据汇总计算（比率为合计之比）；县级行政区域/);
    const unknown = await runInProcess(['explain', 'T9-99']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/has no rule T9-99/);
  });

  it('writes a blank submission that plan-check reads back', async () => {
    const dir = tempDir();
    const file = join(dir, 'lengshuitan.csv');
    // The unit by its name, the period's month of one digit as a cell's is read.
    expect((await runInProcess(['template', '--unit', '冷水滩区', '--period', '2025-6', '--output', file])).code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toMatch(/^\ufeff区划代码,县市区,报告期,[^\n]*\r\n431103,冷水滩区,2025-06,/);
    const blank = await runInProcess([file, '--format', 'json']);
    const checked = validReport(blank.stdout);
    expect(checked.results.every((r: { status: string; period: string }) => r.status === 'no_data' && r.period === '2025-06')).toBe(true);
    // A blank template reports nothing: its row is told, and the file fails, as a file of a header only does.
    expect(checked.warnings.map((w: { code: string }) => w.code)).toEqual(['empty-row']);
    expect(checked.errors.map((e: { code: string }) => e.code)).toEqual(['no-data-rows']);
    expect(blank.code).toBe(2);
    expect((await runInProcess(['template', '--unit', '999999'])).code).toBe(3);
    // As a workbook: the same rows, read back the same way; its codes and periods are cells of text,
    // as are a roster's ID numbers in the rows below its header, so that Excel keeps them as typed.
    const book = join(dir, 'lengshuitan.xlsx');
    expect((await runInProcess(['template', '--unit', '冷水滩区', '--period', '2025-6', '-o', book])).code).toBe(0);
    const fromBook = validReport((await runInProcess([book, '--format', 'json'])).stdout);
    expect(fromBook.errors.map((e: { code: string; line: number }) => [e.code, e.line])).toEqual([['no-data-rows', 2]]);
    const parts = unzipSync(readFileSync(book));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    expect(sheet).toMatch(/<c r="A2" s="(\d+)" t="str"><v>431103<\/v><\/c>/);
    const styles = strFromU8(parts['xl/styles.xml']!);
    const xfs = /<cellXfs[^>]*>(.*)<\/cellXfs>/.exec(styles)![1]!.match(/<xf [^>]*>/g)!;
    expect(xfs[Number(/<c r="A2" s="(\d+)"/.exec(sheet)![1])]).toContain('numFmtId="49"');
    const roster = join(dir, 'roster.xlsx');
    expect((await runInProcess(['template', '--roster', 'disabled_allowances', '-o', roster])).code).toBe(0);
    const rosterSheet = strFromU8(unzipSync(readFileSync(roster))['xl/worksheets/sheet1.xml']!);
    expect(rosterSheet).toMatch(/<c r="A1000" s="\d+" t="str"><v><\/v><\/c>/);
    // Text under a workbook's other names, or a report's, is refused, not written.
    expect(await runInProcess(['template', '-o', join(dir, 'old.xls')])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('a template is written as CSV (.csv) or as a workbook (.xlsx)'),
    });
    for (const name of ['form.json', 'form.pdf'])
      expect(await runInProcess(['template', '-o', join(dir, name)]), name).toMatchObject({
        code: 3,
        stderr: expect.stringContaining('a template is written as CSV (.csv) or as a workbook (.xlsx)'),
      });
    expect(readdirSync(dir).filter((name) => /^(old|form)\./.test(name))).toEqual([]);
  });

  it('never modifies its input files', () => {
    const hash = () =>
      readdirSync('data/samples/2025-12').map((f) =>
        createHash('sha256')
          .update(readFileSync(join('data/samples/2025-12', f)))
          .digest('hex'),
      );
    const before = hash();
    run(['data/samples/2025-12', '--format', 'json']);
    expect(hash()).toEqual(before);
  });

  it('judges on schedule by default and against the final target with --final', async () => {
    const dir = writeFiles({ 'd.csv': csv([row('431124', { period: '2023-06', elderly_beds: 1000, care_beds: 549 })]) });
    const scheduled = await runInProcess([dir, '--format', 'json', '--rules', 'T2-10']);
    expect(scheduled.code).toBe(0);
    expect(validReport(scheduled.stdout).results[0]).toMatchObject({ status: 'pass', milestone: 53.4, progress: 'on_track' });
    const final = await runInProcess([dir, '--format', 'json', '--rules', 'T2-10', '--final']);
    expect(final.code).toBe(1);
    expect(validReport(final.stdout).results[0]).toMatchObject({ status: 'fail', gap: { amount: 1, unit: '张', field: 'care_beds' } });
  });

  it('exits 1 with --fail-on-regression when a unit that passed sends nothing now, and 3 without --compare', async () => {
    const before = writeFiles({ 'd.csv': csv(allUnits({}, { period: '2025-11' })) });
    const now = writeFiles({ 'd.csv': csv(allUnits({}, { period: '2025-12' }).filter((r) => r.county_code !== '431102')) });
    expect((await runInProcess([now, '--rules', 'T2-10', '--compare', before])).code).toBe(0);
    const strict = await runInProcess([now, '--rules', 'T2-10', '--compare', before, '--fail-on-regression', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(validReport(strict.stdout).comparison).toMatchObject({ previous: { period: '2025-11' }, missing_units: ['431102'] });
    expect((await runInProcess([now, '--fail-on-regression'])).code).toBe(3);
  });

  it('evaluate writes the completion table in every format, and exits 1 on a binding miss', async () => {
    const dir = writeFiles({
      'd.csv': csv(allUnits({ '431124': { care_beds: 1000 } }, { period: '2025', elderly_beds: 2000, care_beds: 1100 })),
    });
    const json = await runInProcess(['evaluate', dir, '--rules', 'T2-10', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ as_of: '2025', stage: 'final', summary: { not_met: 2, met: 13 } });
    for (const format of ['table', 'markdown', 'html', 'junit'])
      expect((await runInProcess(['evaluate', dir, '--rules', 'T2-10', '--format', format])).stdout).toMatch(/T2-10/);
    expect((await runInProcess(['evaluate', dir, '--as-of', '2025-13'])).code).toBe(3);
    // -o names the format by its extension, as a check's report does; a workbook, which evaluate does not write, is refused, nothing written.
    expect((await runInProcess(['evaluate', dir, '--rules', 'T2-10', '-o', join(dir, 'e.csv')])).code).toBe(1);
    expect(readFileSync(join(dir, 'e.csv'), 'utf8')).toMatch(/^\ufeffrule,indicator,[^\n]*\r?\nT2-10,/);
    expect(await runInProcess(['evaluate', dir, '-o', join(dir, 'e.xlsx')])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining(
        `-o ${join(dir, 'e.xlsx')}: plan-check evaluate writes no workbook; write -o FILE.csv, which Excel opens`,
      ),
    });
    expect(await runInProcess(['evaluate', dir, '-o', join(dir, 'e.pdf')])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('plan-check writes no PDF; write -o FILE.html and print it from a browser'),
    });
    expect(readdirSync(dir).sort()).toEqual(['d.csv', 'e.csv']);
  });

  it('evaluate, rank and a check of CSV reports alone list the problems in the data on standard error, their document alone on standard output', async () => {
    for (const args of [
      ['evaluate', 'tests/fixtures/problems', '--format', 'csv'],
      ['rank', 'T2-10', 'tests/fixtures/problems', '--format', 'csv'],
      ['tests/fixtures/problems', '--format', 'csv'],
    ]) {
      const { code, stdout, stderr } = await runInProcess(args);
      expect(code, args[0]).toBe(2);
      expect(stdout, args[0]).toMatch(/^\ufeff(rule|rank),/);
      expect(stdout, args[0]).not.toContain('county.csv');
      expect(stderr.split('\n').slice(0, 4), args[0]).toEqual([
        'Problems in the data',
        'tests/fixtures/problems/county.csv:1:8: warning unknown-label "备注" is not a submission column and is ignored',
        '    → nothing to do if it is a column of your own; the columns are listed by plan-check columns',
        'tests/fixtures/problems/county.csv:3:4: error type [care_beds] "abc" is not a whole number',
      ]);
    }
    // A clean drop: nothing on standard error; a report beside the CSV that lists them: not told twice.
    expect((await runInProcess(['evaluate', 'data/samples/2025-12/daoxian.csv'])).stderr).toBe('');
    const json = join(tempDir(), 'r.json');
    expect((await runInProcess(['tests/fixtures/problems', '--format', 'csv', '--format', 'json', '-o', json])).stderr).toBe('');
  });

  it('rank orders the units of one rule, and refuses a rule it cannot rank', async () => {
    const dir = writeFiles({ 'd.csv': csv([row('431102', { care_beds: 1300 }), row('431103', { care_beds: 1000 })]) });
    const ranked = await runInProcess(['rank', 'T2-10', dir, '--format', 'json']);
    expect(ranked.code).toBe(1);
    expect(JSON.parse(ranked.stdout).ranking.map((p: { rank: number; unit: string }) => [p.rank, p.unit])).toEqual([
      [1, '431102'],
      [2, '431103'],
    ]);
    expect((await runInProcess(['rank', 'T2-99', dir])).code).toBe(3);
    expect((await runInProcess(['rank', 'T2-15', dir])).stderr).toMatch(/city only/);
    // A period the drop does not hold: the periods it holds named.
    expect(await runInProcess(['rank', 'T2-10', dir, '--period', '2024-06'])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^plan-check: --period 2024-06: no result of T2-10 for that period \(the drops hold 2025-12\)\n/),
    });
  });
});
