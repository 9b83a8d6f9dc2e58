/** Reports for CI: GitHub annotations, several reports in one run, a summary line with -o. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { reportTargets } from '../src/output.js';
import { REPORTERS } from '../src/report/index.js';
import { tempDir } from './helpers.js';
import { reportSchemaErrors, validReport } from './report-schema.js';

const BIN = new URL('../bin/plan-check.js', import.meta.url).pathname;

describe('--format github', () => {
  it('annotates problems at file, line and column, and missed targets at the row and the column that closes the gap', async () => {
    const report = await check(['data/samples/2025-12/daoxian.csv', 'tests/fixtures/problems']);
    const lines = REPORTERS.github!.render(report, { lang: 'en', color: false }).trimEnd().split('\n');
    expect(lines).toContain('::error file=tests/fixtures/problems/county.csv,line=3,col=4,title=plan-check type::"abc" is not a whole number → write a number (such as 40791), or leave the cell empty if not reported');
    const beds = lines.find((l) => l.includes('title=T2-10'))!;
    expect(beds).toMatch(/^::error file=data\/samples\/2025-12\/daoxian\.csv,line=2,col=\d+,title=T2-10 Share of care-type beds in elderly-care institutions::Dao County 2025-12: 54\.9 %25 against ≥ 55 %25 · raise care_beds by 1 bed$/);
    const col = Number(/col=(\d+)/.exec(beds)![1]);
    // The sample is GBK, as counties send it.
    expect(iconv.decode(readFileSync('data/samples/2025-12/daoxian.csv'), 'gb18030').split('\n')[0]!.split(',')[col - 1]).toMatch(/护理型床位/);
    expect(lines.filter((l) => l.startsWith('::warning') && l.includes('title=T2-04'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\d+ results: /);
  });
});

describe('several reports in one run', () => {
  it('pairs each --format with the -o after it; an -o alone goes by its extension; one report at most to standard output', () => {
    expect(reportTargets(['node', 'plan-check', 'x', '--format', 'github', '-o', 'a.txt', '--format=json', '--output=r.json', '-or.html', '--format', 'table'], [{ format: 'table' }])).toEqual([
      { format: 'github', output: 'a.txt' },
      { format: 'json', output: 'r.json' },
      { format: 'html', output: 'r.html' },
      { format: 'table', output: undefined },
    ]);
    expect(reportTargets(['x'], [{ format: 'csv', output: 'c.csv' }])).toEqual([{ format: 'csv', output: 'c.csv' }]);
    expect(reportTargets(['--format', 'json', '-o', '-'], [{ format: 'table' }])).toEqual([{ format: 'json', output: undefined }]);
    expect(() => reportTargets(['--format', 'json', '--format', 'csv'], [{ format: 'table' }])).toThrow(/2 reports would go to standard output/);
    expect(reportTargets(['--', '--format', 'json'], [{ format: 'table' }])).toEqual([{ format: 'table' }]);
  });

  it('writes every report, says the summary on stderr, and appends Markdown to $GITHUB_STEP_SUMMARY', () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    const result = spawnSync('node', [BIN, 'data/samples/2025-12/daoxian.csv', '--format', 'github', '-o', join(dir, 'a.txt'), '--format', 'json', '-o', join(dir, 'r.json'), '-o', join(dir, 'r.csv')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: summary } });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^plan-check: 123 results: 43 pass, 2 fail, 2 warn, 76 no data · 0 errors, 0 warnings → .*a\.txt, .*r\.json, .*r\.csv\n$/);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toMatch(/^::error file=/m);
    expect(validReport(readFileSync(join(dir, 'r.json'), 'utf8')).results).toHaveLength(123);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toMatch(/^\ufeffrule,indicator,/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## Yongzhou/);
  });
});

describe('schemas/report.schema.json', () => {
  it('holds a real report and refuses one that breaks the contract', async () => {
    const report = validReport(REPORTERS.json!.render(await check(['data/samples/2025-12/daoxian.csv', 'tests/fixtures/problems']), { lang: 'zh', color: false }));
    expect(reportSchemaErrors(report)).toEqual([]);
    const noData = report.results.find((r: { status: string }) => r.status === 'no_data');
    expect(reportSchemaErrors({ ...report, results: [{ ...noData, value: 5 }] })).not.toEqual([]);
    expect(reportSchemaErrors({ ...report, results: [{ ...noData, status: 'ok' }] })).not.toEqual([]);
    expect(reportSchemaErrors({ ...report, summary: { ...report.summary, fail: -1 } })).not.toEqual([]);
  });
});
