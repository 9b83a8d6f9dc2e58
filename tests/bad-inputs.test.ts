/**
 * docs/bad-inputs.md, item by item, through the library as the CLI calls it (the documented code
 * at the right line and column, the exit code, the JSON report); and in one batch through the
 * built CLI: the exit code, never a stack trace, the good files still counted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hintOf, messageOf } from '../src/catalog.js';
import { check, exitCode, type CheckOptions } from '../src/check.js';
import { PlanCheckError } from '../src/errors.js';
import { ENCODING_NAMES } from '../src/input/decode.js';
import { REPORTERS } from '../src/report/index.js';
import { checkCharacter } from '../src/validate/id-number.js';
import { CORPUS, type BadInput } from './fixtures/bad-inputs.js';
import { csv, row, runInProcess, tempDir, writeFiles } from './helpers.js';
import { validReport } from './report-schema.js';

interface JsonIssue {
  file: string;
  line: number | null;
  column: number | null;
  code: string;
  severity: string;
}

const run = (dir: string, args: string[]) => runInProcess([...args, '--format', 'json'], { cwd: dir });

/** What `plan-check FILES ARGS --format json` does, in process: the exit code, the JSON report or the error. */
async function checkLikeTheCli(
  dir: string,
  files: string[],
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const value = (flag: string) => args[args.indexOf(flag) + 1];
  const options: CheckOptions = {
    encoding: args.includes('--encoding') ? ENCODING_NAMES[value('--encoding')!] : undefined,
    headerRow: args.includes('--header-row') ? Number(value('--header-row')) : undefined,
    maxErrors: args.includes('--max-errors') ? Number(value('--max-errors')) : undefined,
    plan: args.includes('--plan') ? join(dir, 'plan.yaml') : undefined,
  };
  try {
    const report = await check(
      files.map((f) => join(dir, f)),
      options,
    );
    return { code: exitCode(report), stdout: REPORTERS.json!.render(report, { lang: 'en', color: false }), stderr: '' };
  } catch (error) {
    if (!(error instanceof PlanCheckError)) throw error;
    return { code: error.exitCode, stdout: '', stderr: error.message };
  }
}

function materialise(input: BadInput): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries({ ...input.files, ...input.extra })) writeFileSync(join(dir, name), content);
  return dir;
}

describe('the bad-input corpus', () => {
  it('covers the items of docs/bad-inputs.md that a single run can show', () => {
    const items = new Set(CORPUS.map((c) => c.item));
    // 28 (2 GB in constant memory) is scripts/bench.mjs; 34-38 are engine, escaping and --output tests.
    for (let item = 1; item <= 33; item++) if (item !== 28) expect(items, `item ${item}`).toContain(item);
  });

  it.each(CORPUS.map((c) => [`${c.item}: ${c.name}`, c] as const))('%s', async (_, input) => {
    const dir = materialise(input);
    const { code, stdout, stderr } = await checkLikeTheCli(dir, Object.keys(input.files), input.args ?? []);
    expect(code).toBe(input.exit);
    if (input.exit === 3) {
      expect(stderr).toMatch(/plan\.yaml(:\d+:\d+)?/);
      expect(stdout).toBe('');
      return;
    }
    const report = validReport(stdout) as { errors: JsonIssue[]; warnings: JsonIssue[]; notices: JsonIssue[] };
    const found = [...report.errors, ...report.warnings, ...report.notices].map((f) => ({ ...f, file: relative(dir, f.file) }));
    for (const want of input.expect) {
      const match = found.find(
        (f) =>
          f.file === want.file &&
          f.code === want.code &&
          (want.line === undefined || f.line === want.line) &&
          (want.column === undefined || f.column === want.column),
      );
      expect(match, `${JSON.stringify(want)} in ${JSON.stringify(found)}`).toBeDefined();
    }
    const unexpected = found.filter((e) => e.severity === 'error' && !input.expect.some((w) => w.file === e.file && w.code === e.code));
    expect(unexpected).toEqual([]);
  });

  it('reads a file with the end-of-file mark DOS tools leave (Ctrl-Z after the last line) as the file without it, without a word', async () => {
    const text = readFileSync('data/samples/2025-12/lingling.csv', 'utf8');
    const reportOf = async (content: string) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'a.csv'), content);
      return REPORTERS.json!.render(await check([join(dir, 'a.csv')]), { lang: 'en', color: false }).replaceAll(dir, '.');
    };
    expect(await reportOf(`${text}\u001a`)).toBe(await reportOf(text));
  });

  it('tells a last line the file ends inside, without its line break, at its last cell, which a copy cut short may have cut', async () => {
    const text = csv([row('431102'), row('431103', { county_name: '冷水滩区' })], { chinese: true, eol: '\r\n' });
    const header = text.split('\r\n')[0]!.split(',');
    const told = async (content: string | Buffer) => {
      const report = await check([join(writeFiles({ 'a.csv': content }), 'a.csv')]);
      return report.issues.filter((i) => i.severity !== 'info').map((i) => `${i.line}:${i.column ?? ''} ${i.code} ${i.field ?? ''}`);
    };
    const last = `3:${header.length} no-final-line-break ${Object.keys(row('431102')).at(-1)!}`;
    // Whole, its lines ended: nothing. Cut within its last figure, or after its last comma, or only its line break lost: told at
    // that cell (the file cannot tell which), in UTF-8 or GB18030.
    expect(await told(text)).toEqual([]);
    const unended = text.slice(0, -2);
    expect(await told(unended)).toEqual([last]);
    expect(await told(iconv.encode(unended.slice(0, -1), 'gb18030'))).toEqual([last]);
    const lastComma = unended.lastIndexOf(',');
    expect(await told(unended.slice(0, lastComma + 1))).toEqual([last]);
    // A last cell quoted and closed is whole; a footer, a total or spaces unended are no row, and say nothing of one.
    expect(await told(`${unended.slice(0, lastComma + 1)}"${unended.slice(lastComma + 1)}"`)).toEqual([]);
    expect(await told(`${text}填表人：张三`)).toEqual([]);
    expect(await told(`${text}合计,,,${'1,'.repeat(header.length - 4)}1`)).toEqual(['4: total-row ']);
    expect(await told(`${text}   `)).toEqual(['4: blank-row ']);
    // A roster read from its bytes, whose last line goes the usual way.
    const roster = readFileSync('data/samples/rosters/2025-12/shuangpai.csv', 'utf8');
    const lines = roster.trimEnd().split('\n').length;
    expect(await told(roster.trimEnd())).toEqual([`${lines}:7 no-final-line-break care_paid`]);
  });

  it('stops reading zeros that never end (/dev/zero), a sample after the line they begin on, with the run told once', async () => {
    const sample = readFileSync('data/samples/2025-12/lingling.csv');
    let given = 0;
    // Standard input that gives the sample, then zeros: 64 MiB of them, where the test stops them so as not to wait for ever.
    const endless = new Readable({
      read() {
        given++;
        this.push(given === 1 ? sample : given <= 1024 ? Buffer.alloc(1 << 16) : null);
      },
    });
    const report = await check(['-'], { stdin: endless });
    expect(report.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['zero-filled', sample.toString('latin1').split('\n').length, 1],
    ]);
    // Read up to the bound, not for ever: 16 MiB of zeros in pieces of 64 KiB, and a few pieces more.
    expect(given).toBeGreaterThan(256);
    expect(given).toBeLessThan(300);
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('skips a header repeated below the data (files joined into one) with a warning, and reads the rows after it as the files alone', async () => {
    const [dongan, lanshan] = ['dongan', 'lanshan'].map((name) => readFileSync(`data/samples/2025-12/${name}.csv`, 'utf8'));
    const header =
      '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）';
    const person = (n: number) => `43112419500101${String(n).padStart(3, '0')}`;
    const roster = (from: number) =>
      `${header}\r\n${Array.from({ length: 30 }, (_, i) => `${person(from + i)}${checkCharacter(person(from + i))},431124,2025-12,是,是,否,否`).join('\r\n')}\r\n`;
    const dir = tempDir();
    writeFileSync(join(dir, 'joined.csv'), `${dongan}${lanshan}`);
    writeFileSync(join(dir, 'roster.csv'), `${roster(0)}${roster(100)}`);
    const joined = await check([dir]);
    expect(joined.issues.filter((i) => i.severity !== 'info').map((i) => `${relative(dir, i.file)}:${i.line} ${i.code}`)).toEqual([
      'joined.csv:3 header-repeated',
      'roster.csv:32 header-repeated',
    ]);
    const apart = tempDir();
    writeFileSync(join(apart, 'dongan.csv'), dongan!);
    writeFileSync(join(apart, 'lanshan.csv'), lanshan!);
    writeFileSync(join(apart, 'roster-a.csv'), roster(0));
    writeFileSync(join(apart, 'roster-b.csv'), roster(100));
    expect(joined.results).toEqual((await check([apart])).results);
  });

  it('reads UTF-16 without a byte-order mark, tab-separated or not, as the same file in UTF-8', async () => {
    const text = readFileSync('data/samples/2025-12/dongan.csv', 'utf8').replace(/^\ufeff/, '');
    const tabbed = text.replace(/,/g, '\t');
    const dir = writeFiles({ 'le.csv': Buffer.from(tabbed, 'utf16le'), 'be.csv': Buffer.from(text, 'utf16le').swap16() });
    const utf8 = (await check(['data/samples/2025-12/dongan.csv'])).results;
    for (const name of ['le.csv', 'be.csv']) {
      const report = await check([join(dir, name)]);
      expect(
        report.issues.filter((i) => i.severity !== 'info'),
        name,
      ).toEqual([]);
      expect(report.results, name).toEqual(utf8);
    }
  });

  it("skips a total row, and tells how to give a row named as the city alone as the city's own (its code)", async () => {
    const own = readFileSync('data/samples/2025-12/shiji.csv', 'utf8');
    // The city bureau's own row, exported without the code column (the units named instead), and a county file's total.
    const uncoded = own
      .split(/\r?\n/)
      .map((line) => line.slice(line.indexOf(',') + 1))
      .join('\n');
    const dir = writeFiles({
      'shiji.csv': uncoded,
      'county.csv': csv([row('431124'), { ...row('431124'), county_code: '', county_name: '合计' }], { chinese: true }),
    });
    const report = await check([dir]);
    const totals = report.issues.filter((i) => i.code === 'total-row');
    expect(totals.map((i) => `${relative(dir, i.file)}:${i.line} ${hintOf(i, 'en')}`)).toEqual([
      'county.csv:3 delete the total row',
      'shiji.csv:2 delete the total row; if it holds Yongzhou City\'s own figures, not a total, give it its code 431100 in the "区划代码" column',
    ]);
    expect(hintOf(totals[1]!, 'zh')).toBe('删除合计行；若这是永州市本级的数据而非合计，请在“区划代码”列填写 431100');
  });

  it('reads a unit’s code written as a 12-digit statistical division code (431102000000) or with decimals (431102.0) as the code, noted once a file', async () => {
    const county = readFileSync('data/samples/2025-12/lingling.csv', 'utf8');
    const header =
      '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）';
    const person = (n: number) => `43112419500101${String(n).padStart(3, '0')}`;
    const roster = `${header}\n${Array.from({ length: 200 }, (_, n) => `${person(n)}${checkCharacter(person(n))},${n % 3 ? '431124' : '431125'},2025-12,是,${n % 5 ? '是' : '否'},否,否`).join('\n')}\n`;
    const long = (text: string) => text.replace(/(^|\n|,)(4311\d\d),/g, '$1$2000000,');
    const statistical = await check([writeFiles({ 'county.csv': long(county), 'roster.csv': long(roster) })]);
    const plain = await check([writeFiles({ 'county.csv': county, 'roster.csv': roster })]);
    expect(long(roster)).toContain(',431125000000,');
    expect(statistical.results).toEqual(plain.results);
    expect(statistical.issues.filter((i) => i.severity !== 'info')).toEqual(plain.issues.filter((i) => i.severity !== 'info'));
    expect(
      statistical.issues
        .filter((i) => i.code === 'code-read')
        .map((i) => `${i.file.split('/').pop()}:${i.line}:${i.column}`)
        .sort(),
    ).toEqual(['county.csv:2:1', 'roster.csv:2:2']);
    // One whose last digits are not zeros is no unit's code.
    const other = await check([writeFiles({ 'county.csv': county.replace(/\n431102,/, '\n431102001000,') })]);
    expect(other.issues.filter((i) => i.severity === 'error').map((i) => `${i.line}:${i.column} ${i.code}`)).toEqual(['2:1 constraint']);
    // A code a script wrote as a floating-point number: the same, with its own reason.
    const decimal = await check([
      writeFiles({ 'county.csv': county.replace(/\n431102,/, '\n431102.0,'), 'roster.csv': roster.replace(/,(4311\d\d),/g, ',$1.0,') }),
    ]);
    expect(decimal.results).toEqual(plain.results);
    expect(
      decimal.issues
        .filter((i) => i.code === 'code-read')
        .map((i) => messageOf(i, 'en'))
        .sort(),
    ).toEqual([
      "code 431102.0 is read as 431102: a whole number written with decimals, as a script writes a column of numbers (and so the file's other such codes)",
      "code 431125.0 is read as 431125: a whole number written with decimals, as a script writes a column of numbers (and so the file's other such codes)",
    ]);
  });

  it("reads codes, figures and ID numbers written as Excel's =\"…\" as the plain file's, a county's and a roster's", async () => {
    const [header, line] = readFileSync('data/samples/2025-12/lingling.csv', 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/);
    const ids = Array.from({ length: 40 }, (_, n) => {
      const body = `4311021950${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n).padStart(3, '0')}`;
      return body + checkCharacter(body);
    });
    const roster = (cell: (text: string) => string) =>
      `身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）\n${ids.map((id, n) => `${cell(id)},${cell('431102')},2025-12,是,${n % 5 ? '是' : '否'},否,否`).join('\n')}\n`;
    const county = (cell: (text: string) => string) =>
      `${header}\n${line!
        .split(',')
        .map((text, i) => (i === 0 || i > 2 ? cell(text) : text))
        .join(',')}\n`;
    const reportOf = async (cell: (text: string) => string) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'county.csv'), county(cell));
      writeFileSync(join(dir, 'roster.csv'), roster(cell));
      const report = await check([dir], { rules: 'T2-08,T2-09,T2-10,T2-15' });
      return { report, json: REPORTERS.json!.render(report, { lang: 'en', color: false }).replaceAll(dir, '.') };
    };
    const plain = await reportOf((text) => text);
    const excel = await reportOf((text) => (text === '' ? text : `="${text}"`));
    expect(excel.json).toBe(plain.json);
    expect(plain.report.issues.filter((i) => i.code === 'stray-quote' || i.code === 'type' || i.code === 'constraint')).toEqual([]);
    // T2-08 from the roster, T2-10 from the county's figures (T2-09: no one in the roster is eligible for care).
    expect(
      plain.report.results
        .filter((r) => r.unit === '431102' && r.value !== null)
        .map((r) => r.rule)
        .sort(),
    ).toEqual(['T2-08', 'T2-10']);
  });

  it('reports every broken file of a batch and still checks the good one', async () => {
    const broken = CORPUS.filter((c) => c.exit === 2 && Object.keys(c.files).join() === 'a.csv' && c.args === undefined);
    const dir = tempDir();
    broken.forEach((c, i) => writeFileSync(join(dir, `case${String(i).padStart(2, '0')}.csv`), c.files['a.csv']!));
    writeFileSync(join(dir, 'good.csv'), csv([row('431173')]));
    const result = await run(dir, ['.']);
    expect(result.code).toBe(2);
    const report = validReport(result.stdout) as { errors: JsonIssue[]; results: { rule: string; unit: string; status: string }[] };
    broken.forEach((c, i) => {
      const file = `case${String(i).padStart(2, '0')}.csv`;
      expect(
        report.errors.some((e) => e.file === file && c.expect.some((w) => w.code === e.code)),
        `${c.name} (${file})`,
      ).toBe(true);
    });
    // 13 county-level rules of Table 2, less T2-06 and T2-07, which judge the 11 divisions only.
    const good = report.results.filter((r) => r.unit === '431173' && r.rule.startsWith('T2'));
    expect(good).toHaveLength(11);
    expect(good.every((r) => r.status === 'pass')).toBe(true);
  });
});
