/** The command line in Chinese: help under a Chinese locale, --lang on every command, Chinese CSV; the summary line in both languages. */
import { readFileSync } from 'node:fs';
import { runInProcess } from './helpers.js';
import { textWidth } from '../src/report/fit.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, summarize } from '../src/check.js';
import { summaryLine } from '../src/report/layout.js';
import { word } from '../src/report/words.js';
import { fillTemplate } from '../src/format.js';
import { chineseHelpTexts } from '../src/help-zh.js';
import { localeLang } from '../src/io.js';
import { REPORTERS } from '../src/report/index.js';
import { completionTable } from '../src/evaluate/completion.js';
import { rankUnits } from '../src/evaluate/rank.js';
import { completionPrintable } from '../src/report/completion.js';
import { rankPrintable } from '../src/report/rank.js';

const run = (args: string[], env: Record<string, string> = {}) => runInProcess(args, { env });

describe('help in Chinese', () => {
  it('every help text of the command line has its Chinese', () => {
    const source = ['../src/cli.ts', '../src/drop-commands.ts', '../src/plan-commands.ts']
      .map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'))
      .join('\n');
    const said = [
      ...source.matchAll(/\.description\(\s*(['"])(.*?)\1\)/g),
      ...source.matchAll(/(?:\.option|new Option|\.argument)\(\s*(['"]).*?\1,\s*(['"])(.*?)\2/g),
    ].map((m) => m[m.length - 1]!.replace(/\\'/g, "'"));
    const texts = chineseHelpTexts();
    const untranslated = said.filter((text) => !(text in texts) && !text.includes('${'));
    expect(untranslated).toEqual([]);
    expect(said.length).toBeGreaterThan(40);
  });

  it('PLAN_CHECK_LANG=zh gives Chinese help, titles and notes included; a Chinese locale too', async () => {
    const root = (await run(['--help'], { PLAN_CHECK_LANG: 'zh' })).stdout;
    expect(root).toMatch(/^用法： plan-check/);
    expect(root).toContain('命令：');
    expect(root).toContain('列出内置的规划');
    expect(root).not.toContain('list the built-in plans');
    const checkHelp = (await run(['check', '--help'], { LANG: 'zh_CN.UTF-8' })).stdout;
    expect(checkHelp).toContain('输出格式');
    expect(checkHelp).toContain('默认：');
    expect(checkHelp).toContain('退出码：');
    expect((await run(['--help'])).stdout).toMatch(/^Usage: plan-check/);
    expect((await run(['--help'], { PLAN_CHECK_LANG: 'en', LANG: 'zh_CN.UTF-8' })).stdout).toMatch(/^Usage: plan-check/);
  });

  it("takes the system's locale where no variable names one (Windows), and a variable's where one does", () => {
    expect(localeLang({}, () => 'zh-CN')).toBe('zh');
    expect(localeLang({}, () => 'en-US')).toBe('en');
    expect(localeLang({ LANG: 'C' }, () => 'zh-CN')).toBe('en');
    expect(localeLang({ LC_ALL: 'zh_TW.UTF-8' }, () => 'en-US')).toBe('zh');
    expect(localeLang({ PLAN_CHECK_LANG: 'en' }, () => 'zh-CN')).toBe('en');
  });

  it('--lang on the command line wins over the locale for help too', async () => {
    const root = (await run(['--help', '--lang', 'zh'])).stdout;
    expect(root).toMatch(/^用法： plan-check/);
    expect(root).toContain('示例：');
    const checkHelp = (await run(['check', '--lang=zh', '--help'])).stdout;
    expect(checkHelp).toContain('退出码：');
    expect(checkHelp).not.toContain('Exit codes:');
    expect((await run(['rules', '--help', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).stdout).toMatch(/^Usage: plan-check rules/);
  });

  it('--lang is taken by every command', async () => {
    expect((await run(['codes', '--lang', 'zh'])).stdout).toContain('编码错误');
    expect((await run(['plans', '--lang', 'zh'])).stdout).toContain('条规则');
    for (const command of ['units', 'lint', 'template']) expect((await run([command, '--lang', 'en'])).code, command).toBe(0);
    // The columns' units as the reports print them in the language asked for.
    expect((await run(['columns', '--lang', 'en'])).stdout).toContain('social_org_staff\t社会组织专职工作人员数（人）\tinteger\tpersons\n');
    expect((await run(['columns', '--lang', 'zh'])).stdout).toContain('urban_dibao_standard\t城市低保标准（元/人·月）\tnumber\t元/人·月\n');
    // A unit's kind in the region's words, and in English where the registry gives it.
    expect((await run(['units', '--lang', 'zh'])).stdout).toContain('431181\t祁阳市\tQiyang City\t县级市\tdivisions, counties\n');
    expect((await run(['units', '--lang', 'en'])).stdout).toContain(
      '431181\t祁阳市\tQiyang City\tcounty-level city\tdivisions, counties\n',
    );
  });
});

describe('usage errors in Chinese', () => {
  it("are said in Chinese under --lang zh or a Chinese locale, commander's own too, and in English otherwise", async () => {
    const missing = await runInProcess(['nope.csv', '--lang', 'zh']);
    expect([missing.code, missing.stderr]).toEqual([3, 'plan-check：nope.csv：没有这个文件或文件夹\n用法见 plan-check --help。\n']);
    expect((await runInProcess(['data/samples', '--plan', 'nope'], { env: { PLAN_CHECK_LANG: 'zh' } })).stderr).toMatch(
      /^plan-check：--plan nope：既不是内置规划/,
    );
    expect((await runInProcess(['data/samples', '--bogus'], { env: { PLAN_CHECK_LANG: 'zh' } })).stderr).toMatch(
      /^错误：未知选项 “--bogus”/,
    );
    expect((await runInProcess(['data/samples', '--period', '2025-13', '--lang', 'zh'])).stderr).toBe(
      '错误：选项 “--period <period>” 的取值 “2025-13” 无效：应写成 YYYY 或 YYYY-MM\n用法见 plan-check --help。\n',
    );
    expect((await runInProcess(['nope.csv'])).stderr).toBe(
      'plan-check: nope.csv: no such file or directory\nRun plan-check --help for usage.\n',
    );
    expect((await runInProcess(['data/samples', '--format', 'htm', '--lang', 'zh'])).stderr).toMatch(
      /^错误：选项 “--format <name>” 的取值 “htm” 无效，可选：.*。\n（是否想用 html？）\n用法见 plan-check --help。\n$/,
    );
  });
});

describe('help of our own', () => {
  it('is wrapped to the terminal as the options are, in both languages', async () => {
    for (const env of [{ COLUMNS: '60' }, { COLUMNS: '60', PLAN_CHECK_LANG: 'zh' }] as Record<string, string>[]) {
      const check = (await runInProcess(['check', '--help'], { env })).stdout;
      const general = (await runInProcess(['--help'], { env })).stdout;
      const ours = [
        ...check.slice(check.search(/^(Formats|格式)/m)).split('\n'),
        ...general.slice(general.search(/^(Examples|示例)/m)).split('\n'),
      ];
      expect(ours.length).toBeGreaterThan(12);
      for (const line of ours) expect(textWidth(line), line).toBeLessThanOrEqual(60);
    }
  });
});

describe('CSV in Chinese', () => {
  it('heads the completion table and the league table in Chinese, with their words in Chinese', async () => {
    const report = await check(['data/samples/2025-12']);
    const completion = completionPrintable(completionTable(report), report, 'zh').csv;
    expect(completion.head.slice(0, 5)).toEqual(['规则', '指标', '计量单位', '层级', '单位代码']);
    expect([...completion.rows].find((r) => r[0] === 'T2-10' && r[4] === '431100')?.[3]).toBe('全市');
    expect(completionPrintable(completionTable(report), report, 'en').csv.head[0]).toBe('rule');
    const rank = rankPrintable(rankUnits(report.results, 'T2-10', 'value'), report, 'zh').csv;
    expect(rank.head.slice(0, 3)).toEqual(['名次', '单位代码', '单位名称']);
    const last = [...rank.rows].at(-1)!;
    expect([last[1], last[8], last[11]]).toEqual(['431124', '未达标', '张']);
    expect([...rankPrintable(rankUnits(report.results, 'T2-10', 'value'), report, 'en').csv.rows].at(-1)![11]).toBe('beds');
  });

  it('heads its columns and says statuses, levels, attributes and reasons in Chinese', async () => {
    const text = REPORTERS.csv!.render(await check(['data/samples/2025-12/daoxian.csv']), { lang: 'zh', color: false });
    const [head, ...rows] = text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(head!.split(',').slice(0, 4)).toEqual(['规则', '指标', '层级', '单位代码']);
    expect(rows.find((r) => r.startsWith('T2-10,'))).toMatch(/,道县,2025-12,54\.9,>=,55,未达标,约束性,/);
    expect(rows.find((r) => r.startsWith('T2-01,'))).toContain('无数据,预期性,全市指标需要全部单位的数据');
  });
});

describe('the summary line', () => {
  it('counts one of a thing in the singular in English, and says the same in Chinese', async () => {
    const report = await check(['tests/fixtures/problems'], { rules: 'T2-01' });
    const counts = summarize(report);
    expect([report.results.length, counts.errors]).toEqual([1, 4]);
    expect(summaryLine(report, 'en')).toMatch(/^1 result: 0 pass, 0 fail, 0 warn, 1 no data · 4 errors, \d+ warnings?$/);
    const one = { ...report, issues: report.issues.filter((i) => i.severity === 'error').slice(0, 1) };
    expect(summaryLine(one, 'en')).toBe('1 result: 0 pass, 0 fail, 0 warn, 1 no data · 1 error, 0 warnings');
    expect(summaryLine(one, 'zh')).toBe('1 项结果：0 达标，0 未达标，0 未达预期，1 无数据 · 1 个错误，0 个警告');
  });

  it('and every other English count chooses its word by the number', () => {
    expect([1, 2].map((n) => word('filesRead', 'en', { n }))).toEqual(['1 file read', '2 files read']);
    expect(word('regressions', 'en', { n: 1 })).toMatch(/^1 result passed before and does not now/);
    expect(fillTemplate('{n} {n:cell|cells} of {m}', (name) => ({ n: 0, m: 'x' })[name])).toBe('0 cells of x');
    expect(fillTemplate('{missing:a|b} {n}', () => undefined)).toBe('{missing:a|b} {n}');
    expect([1, 3].map((n) => fillTemplate('{n:a blank row|{n} blank rows} to line {m}', (name) => ({ n, m: 9 })[name]))).toEqual([
      'a blank row to line 9',
      '3 blank rows to line 9',
    ]);
    // Words where a value is given (not empty), others where not.
    const sheets = (value?: string) =>
      fillTemplate('no sheet "x"{sheets? (sheets: {sheets})}{read?; read|, none read}', (name) => ({ sheets: value })[name]);
    expect([sheets('a, b'), sheets(''), sheets()]).toEqual([
      'no sheet "x" (sheets: a, b), none read',
      'no sheet "x", none read',
      'no sheet "x", none read',
    ]);
  });

  it('fills a template cut into its parts once as a replace over its text fills it, whatever its braces, colons and bars', () => {
    // A place's words for one and many may hold places of their own, filled in turn.
    const byReplace = (template: string, valueOf: (name: string) => string | number | undefined): string =>
      template.replace(
        /\{(\w+)(?::((?:[^|{}]|\{\w+\})*)\|((?:[^{}]|\{\w+\})*)|\?((?:[^|{}]|\{\w+\})*)(?:\|((?:[^{}]|\{\w+\})*))?)?\}/g,
        (whole, name: string, one?: string, many?: string, given?: string, none?: string) => {
          const value = valueOf(name);
          if (given !== undefined) return byReplace(value !== undefined && value !== '' ? given : (none ?? ''), valueOf);
          return value === undefined ? whole : one === undefined ? String(value) : byReplace(Number(value) === 1 ? one : many!, valueOf);
        },
      );
    const template = fc
      .array(
        fc.constantFrom(
          '{',
          '}',
          ':',
          '|',
          'n',
          'm',
          'x',
          ' ',
          '行',
          '{n}',
          '{m:a|b}',
          '{n:one|many}',
          '{n:a {m}|{n} {m}s}',
          '{m:|{n:x|y}}',
          '?',
          '{n?x}',
          '{m?a {n}|b}',
          '{n?|{m:x|y}}',
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join(''));
    const values = fc.record({
      n: fc.option(fc.constantFrom(0, 1, 2, '1', 'x', ''), { nil: undefined }),
      m: fc.option(fc.constantFrom(1, 'y'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(template, { minLength: 1, maxLength: 3 }), values, (templates, given) => {
        // Each template twice: the second fill takes its parts as cut by the first.
        for (const text of [...templates, ...templates])
          expect(fillTemplate(text, (name) => given[name as 'n' | 'm'])).toBe(byReplace(text, (name) => given[name as 'n' | 'm']));
      }),
      { numRuns: 500 },
    );
  });
});
