/** A saved JSON report read a piece at a time for --compare: the same as parsing it whole, in less memory. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComparedResult } from '../src/evaluate/compare.js';
import { comparePeriods } from '../src/evaluate/schedule.js';
import { readSavedReport } from '../src/input/saved-report.js';
import { jsonFaultAt } from '../src/plan/json.js';
import { tempDir } from './helpers.js';

const PLAN = 'p';
const FIELDS = ['rule', 'level', 'unit', 'period', 'value', 'status', 'attribute', 'op', 'target'] as const;

/** What reading the report whole would give: its latest period's results (as a stable sort finds it), or the refusal. */
function parsedWhole(text: string): ComparedResult[] | { line: number; column: number; found: string } | RegExp {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const at = jsonFaultAt(text);
    const before = [...text.slice(0, at)];
    const lastBreak = before.lastIndexOf('\n');
    const found =
      at >= text.length
        ? 'the text ends before its last } or ]'
        : text.charCodeAt(at) < 0x80
          ? `${JSON.stringify(text[at])} cannot stand there`
          : 'a character that cannot stand there';
    return { line: before.filter((c) => c === '\n').length + 1, column: before.length - lastBreak, found };
  }
  const report = document as { plan?: unknown; results?: unknown };
  if (typeof report !== 'object' || report === null || !Array.isArray(report.results)) return /no "results" list/;
  if (report.plan !== PLAN) return /a report of plan/;
  const results = report.results as Record<string, unknown>[];
  const bad = results.findIndex(
    (r) =>
      typeof r !== 'object' ||
      r === null ||
      typeof r.rule !== 'string' ||
      typeof r.unit !== 'string' ||
      typeof r.period !== 'string' ||
      !['county', 'city'].includes(r.level as string) ||
      !['pass', 'fail', 'warn', 'no_data'].includes(r.status as string) ||
      !(r.value === null || typeof r.value === 'number'),
  );
  if (bad >= 0) return new RegExp(`: result ${bad + 1} is not a plan-check result`);
  const latest = results
    .map((r) => r.period as string)
    .sort(comparePeriods)
    .at(-1);
  return results
    .filter((r) => r.period === latest)
    .map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]])) as unknown as ComparedResult);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What reading it a piece at a time gives: the results or the refusal's message. */
function readInPieces(file: string, chunkBytes: number): ComparedResult[] | string {
  try {
    return readSavedReport(file, PLAN, chunkBytes);
  } catch (error) {
    return (error as Error).message;
  }
}

const text = fc.string({ unit: fc.constantFrom('a', '县', '"', '\\', '\n', '}', ']', '😀', '\u0001'), maxLength: 6 });
const result = fc.record(
  {
    rule: fc.constantFrom('T2-01', 'T2-02'),
    level: fc.constantFrom('county', 'city', 'town'),
    unit: fc.constantFrom('431102', '431100'),
    period: fc.constantFrom('2024', '2024-06', '2025-11', '2025-12', '2025'),
    value: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant('1')),
    target: fc.oneof(fc.constant(null), fc.integer(), fc.tuple(fc.integer(), fc.integer())),
    op: fc.constantFrom('>=', '<=', '='),
    status: fc.constantFrom('pass', 'fail', 'warn', 'no_data'),
    attribute: fc.constantFrom('binding', 'expected'),
    gap: fc.record({ text: fc.record({ zh: text, en: text }), amount: fc.integer() }),
  },
  { requiredKeys: ['rule', 'level', 'unit', 'period', 'value', 'status'] },
);
const element = fc.oneof(
  { weight: 12, arbitrary: result },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), text, fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })) },
);
const report = fc.record(
  {
    plan: fc.constantFrom(PLAN, PLAN, PLAN, 'q'),
    results: fc.oneof({ weight: 9, arbitrary: fc.array(element, { maxLength: 8 }) }, { weight: 1, arbitrary: fc.constant({}) }),
    errors: fc.array(fc.record({ code: text, line: fc.integer() }), { maxLength: 2 }),
    summary: fc.record({ pass: fc.integer(), note: text }),
  },
  { requiredKeys: [] },
);
/** A report as some program might write it: indented or not, its members in any order, CRLF, a byte-order mark, spaces. */
const written = fc
  .tuple(report, fc.constantFrom<string | number | undefined>(undefined, 2, '\t'), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([doc, indent, reversed, crlf, spaced]) => {
    const ordered = reversed ? Object.fromEntries(Object.entries(doc).reverse()) : doc;
    let out = JSON.stringify(ordered, null, indent);
    if (crlf) out = out.replace(/\n/g, '\r\n');
    return spaced ? ` \t\n${out}\n ` : out;
  });
/** The same, mended or broken: a character taken out or put in, or the text cut short. */
const mutated = fc
  .tuple(written, fc.nat(), fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', 'x', '1', ' ', 'cut'))
  .map(([t, at, put]) => {
    const i = at % (t.length + 1);
    if (put === 'cut') return t.slice(0, i);
    return put === '' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + put + t.slice(i);
  });

describe('a saved report read a piece at a time', () => {
  it('gives what reading it whole gives: the latest period results, or the refusal at the same line and column', () => {
    const dir = tempDir();
    const file = join(dir, 'last.json');
    fc.assert(
      fc.property(fc.oneof(written, mutated), fc.integer({ min: 1, max: 40 }), fc.boolean(), (content, chunkBytes, bom) => {
        writeFileSync(file, bom ? `\ufeff${content}` : content);
        const whole = parsedWhole(content);
        const pieces = readInPieces(file, chunkBytes);
        if (Array.isArray(whole)) expect(pieces).toEqual(whole);
        else if (whole instanceof RegExp) expect(pieces).toMatch(whole);
        else
          expect(pieces).toMatch(
            new RegExp(`^compare \\S+last\\.json:${whole.line}:${whole.column}: not valid JSON: ${escapeRegExp(whole.found)};`),
          );
      }),
      { numRuns: 400 },
    );
  });

  it('keeps only the latest period of a report of many, read in a megabyte at a time', () => {
    const file = join(tempDir(), 'history.json');
    const periods = ['2025-10', '2025-12', '2025-11'];
    const results = periods.flatMap((period) =>
      Array.from({ length: 3_000 }, (_, i) => ({
        rule: 'T2-01',
        level: 'county',
        unit: String(431100 + i),
        period,
        value: i,
        target: 1,
        op: '>=',
        status: 'pass',
        attribute: 'binding',
        exact: `${i}/1`,
      })),
    );
    writeFileSync(file, JSON.stringify({ plan: PLAN, results }, null, 2));
    const latest = readSavedReport(file, PLAN);
    expect(latest).toHaveLength(3_000);
    expect(new Set(latest.map((r) => r.period))).toEqual(new Set(['2025-12']));
    expect(latest[7]).toEqual({
      rule: 'T2-01',
      level: 'county',
      unit: '431107',
      period: '2025-12',
      value: 7,
      target: 1,
      op: '>=',
      status: 'pass',
      attribute: 'binding',
    });
  });

  it('refuses a value past 16 MiB where it starts, nesting past 64 at the 65th, and says a missing file is missing', () => {
    const deep = join(tempDir(), 'deep.json');
    writeFileSync(deep, `{"plan": "p", "results": [${'['.repeat(1_000_000)}`);
    expect(readInPieces(deep, 2 ** 20)).toMatch(
      /^compare \S+deep\.json:1:91: not a plan-check JSON report \(lists and objects nested more than 64 deep\)$/,
    );
    const file = join(tempDir(), 'huge.json');
    writeFileSync(file, `{"plan": "p",\n  "note": "${'a'.repeat(16 * 2 ** 20)}", "results": []}`);
    expect(readInPieces(file, 2 ** 20)).toMatch(
      /^compare \S+huge\.json:2:11: not a plan-check JSON report \(a value of more than 16 MiB\)$/,
    );
    expect(readInPieces(join(tempDir(), 'gone.json'), 2 ** 20)).toMatch(/gone\.json: no such file; give a folder/);
  });
});
