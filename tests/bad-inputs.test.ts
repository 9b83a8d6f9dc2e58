/**
 * docs/bad-inputs.md, item by item, through the built CLI: the documented code at the right line and
 * column, the right exit code, never a stack trace; and in one batch the good files still count.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, type BadInput } from './fixtures/bad-inputs.js';
import { csv, row, tempDir } from './helpers.js';
import { validReport } from './report-schema.js';

const BIN = new URL('../bin/plan-check.js', import.meta.url).pathname;

interface JsonIssue {
  file: string;
  line: number | null;
  column: number | null;
  code: string;
  severity: string;
}

function run(dir: string, args: string[]) {
  const result = spawnSync('node', [BIN, ...args, '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return result;
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

  it.each(CORPUS.map((c) => [`${c.item}: ${c.name}`, c] as const))('%s', (_, input) => {
    const dir = materialise(input);
    const args = (input.args ?? []).map((a) => (a === 'PLAN' ? 'plan.yaml' : a));
    const result = run(dir, [...Object.keys(input.files), ...args]);
    expect(result.status).toBe(input.exit);
    if (input.exit === 3) {
      expect(result.stderr).toMatch(/^plan-check: .*plan\.yaml(:\d+:\d+)?/m);
      expect(result.stdout).toBe('');
      return;
    }
    const report = validReport(result.stdout) as { errors: JsonIssue[]; warnings: JsonIssue[]; notices: JsonIssue[] };
    const found = [...report.errors, ...report.warnings, ...report.notices];
    for (const want of input.expect) {
      const match = found.find((f) => f.file === want.file && f.code === want.code && (want.line === undefined || f.line === want.line) && (want.column === undefined || f.column === want.column));
      expect(match, `${JSON.stringify(want)} in ${JSON.stringify(found)}`).toBeDefined();
    }
    const unexpected = report.errors.filter((e) => !input.expect.some((w) => w.file === e.file && w.code === e.code));
    expect(unexpected).toEqual([]);
  });

  it('reports every broken file of a batch and still checks the good one', () => {
    const broken = CORPUS.filter((c) => c.exit === 2 && Object.keys(c.files).join() === 'a.csv' && c.args === undefined);
    const dir = tempDir();
    broken.forEach((c, i) => writeFileSync(join(dir, `case${String(i).padStart(2, '0')}.csv`), c.files['a.csv']!));
    writeFileSync(join(dir, 'good.csv'), csv([row('431173')]));
    const result = run(dir, ['.']);
    expect(result.status).toBe(2);
    const report = validReport(result.stdout) as { errors: JsonIssue[]; results: { rule: string; unit: string; status: string }[] };
    broken.forEach((c, i) => {
      const file = `case${String(i).padStart(2, '0')}.csv`;
      expect(report.errors.some((e) => e.file === file && c.expect.some((w) => w.code === e.code)), `${c.name} (${file})`).toBe(true);
    });
    // 13 county-level rules of Table 2, less T2-06 and T2-07, which judge the 11 divisions only.
    const good = report.results.filter((r) => r.unit === '431173' && r.rule.startsWith('T2'));
    expect(good).toHaveLength(11);
    expect(good.every((r) => r.status === 'pass')).toBe(true);
  });
});
