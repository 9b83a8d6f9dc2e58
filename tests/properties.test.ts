/** Properties that hold for any input, checked on many generated ones with fast-check. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, exitCode } from '../src/check.js';
import { evaluatePlan } from '../src/evaluate/engine.js';
import { ExpressionError, parseExpression } from '../src/evaluate/expression.js';
import { gapOf } from '../src/evaluate/gap.js';
import { evaluateGroup, NoData, replacedValues } from '../src/evaluate/metric.js';
import { Rational } from '../src/evaluate/rational.js';
import { milestone } from '../src/evaluate/schedule.js';
import { CsvTokenizer, type RawRecord } from '../src/input/csv.js';
import { cleanText, isBlankCell, isCalendarDay, normaliseCell, type ColumnKind } from '../src/input/normalise.js';
import { loadPlan } from '../src/plan/load.js';
import { registry } from '../src/registry.js';
import { csvQuote } from '../src/report/escape.js';
import { formatNumber } from '../src/format.js';
import { compareIds, type Block } from '../src/report/layout.js';
import { drawText, drawTextPieces } from '../src/report/table.js';
import type { Row } from '../src/types.js';
import { Batch } from '../src/validate/batch.js';
import { columnSpecs } from '../src/validate/columns.js';
import { openWorkbook, WorkbookError } from '../src/input/xlsx.js';
import { plainElements } from '../src/input/xml.js';
import { csv, row, runCli, tempDir } from './helpers.js';
import { rawXlsx } from './xlsx.js';
import { validReport } from './report-schema.js';

const RUNS = { numRuns: 60 };

/** Physical lines of a text: LF, CRLF and CR each end one. */
const physicalLines = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length + 1;

describe('any file', () => {
  it('arbitrary bytes give a report, never a crash, exit 0-2, positions inside the file', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const file = join(dir, 'a.csv');
        writeFileSync(file, bytes);
        const report = await check([file]);
        expect([0, 1, 2]).toContain(exitCode(report));
        const lines = physicalLines(Buffer.from(bytes).toString('latin1'));
        for (const found of report.issues) {
          if (found.line !== undefined) expect(found.line).toBeGreaterThanOrEqual(1);
          if (found.line !== undefined) expect(found.line).toBeLessThanOrEqual(lines);
          if (found.column !== undefined) expect(found.column).toBeGreaterThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('arbitrary CSV-like text after a real header gives a report with positions inside the file', async () => {
    const dir = tempDir();
    const header = csv([row('431102')]).split('\n')[0]!;
    const cell = fc.oneof(
      fc.constantFrom('', '"', '""', ',', '\n', '\r\n', '\r', '431102', '2025-12', '是', '40,791', '５１．８％', '#DIV/0!', '——'),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { maxLength: 80 }), async (pieces) => {
        const text = `${header}\n${pieces.join('')}`;
        const file = join(dir, 'a.csv');
        writeFileSync(file, text);
        const report = await check([file]);
        expect([0, 1, 2]).toContain(exitCode(report));
        for (const found of report.issues) if (found.line !== undefined) expect(found.line).toBeLessThanOrEqual(physicalLines(text));
      }),
      RUNS,
    );
  });
});

describe('normalising', () => {
  it('normalising a cell twice equals normalising it once', () => {
    const kinds: ColumnKind[] = ['integer', 'number', 'percent', 'boolean', 'period', 'text', 'id', 'date'];
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '40,791',
        '４０７９１',
        ' 51.8% ',
        '－3',
        '是',
        '无',
        '2025年6月',
        '2025/12/1',
        '\u00a012\u200b',
        '2025年7月1日',
        '20250305',
        '45853',
        '2025-02-30',
        ' 11010519491231002x',
        '-0',
        '-0.00',
      ),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...kinds), (raw, kind) => {
        const once = normaliseCell(raw, kind);
        fc.pre(once !== null);
        expect(normaliseCell(String(once), kind)).toStrictEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('cleaning a cell is NFKC, invisible characters removed and spaces trimmed, the plain text it passes over included', () => {
    const ideographs = Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, i) => String.fromCharCode(0x4e00 + i));
    expect(ideographs.filter((char) => char.normalize('NFKC') !== char)).toEqual([]);
    const char = fc.oneof(
      fc.constantFrom(
        'a',
        ' ',
        '1',
        '\t',
        '\u3000',
        '\u00a0',
        '\u2002',
        '\u1680',
        '\u2028',
        '\ufeff',
        '\u200b',
        '（',
        'Ａ',
        '①',
        '\u0301',
        '丽',
        '\uf9b8',
      ),
      fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 12 }).map((chars) => chars.join('')),
        (raw) => {
          expect(cleanText(raw)).toBe(
            raw
              .normalize('NFKC')
              // eslint-disable-next-line no-control-regex -- NUL is one of the characters removed
              .replace(/[\u200b-\u200d\u2060\ufeff\u0000]/g, '')
              .trim(),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a blank cell is one of white space and invisible characters alone, whatever it starts with', () => {
    const char = fc.constantFrom(
      '',
      ' ',
      '\t',
      '\u3000',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u200b',
      '\u2060',
      '\u0000',
      '\u001f',
      '\u007f',
      '!',
      '~',
      'a',
      '0',
      '，',
      '中',
    );
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 6 }).map((chars) => chars.join('')),
        (raw) => {
          // eslint-disable-next-line no-control-regex -- NUL counts as blank
          expect(isBlankCell(raw)).toBe(/^[\s\u200b-\u200d\u2060\u0000]*$/.test(raw));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a day is one of the calendar as Date counts them, leap years and the years before 100 (which Date takes for 19xx) included', () => {
    const byDate = (text: string) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!match) return false;
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      return month >= 1 && month <= 12 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const day = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    fc.assert(
      fc.property(fc.oneof(day, fc.string({ maxLength: 11 })), (text) => {
        expect(isCalendarDay(text)).toBe(byDate(text));
      }),
      { numRuns: 5000 },
    );
    const yearEnds = Array.from({ length: 10_000 }, (_, year) => [`${pad(year, 4)}-02-29`, `${pad(year, 4)}-12-31`]).flat();
    expect(yearEnds.filter((text) => isCalendarDay(text) !== byDate(text))).toEqual([]);
  });
});

describe('CSV round trip', () => {
  it('reading what the project writes gives back the same cells', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('"', '""', 'a,b', 'x\ny', 'x\r\ny', '\r', ' ', '区划代码'));
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, cut) => {
          // Rows of one empty cell are blank lines on the page: they do not round-trip as rows.
          fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
          const text = rows.map((r) => r.map(csvQuote).join(',')).join('\r\n') + '\r\n';
          const records: RawRecord[] = [];
          const tokenizer = new CsvTokenizer(
            ',',
            (r) => records.push(r),
            () => {
              throw new Error('no problem expected');
            },
          );
          for (let i = 0; i < text.length; i += cut) tokenizer.write(text.slice(i, i + cut));
          tokenizer.end();
          expect(records.map((r) => r.cells)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CSV against csv-parse', () => {
  it("our tokenizer reads the same cells as csv-parse, the design card's parser, on any RFC 4180 text with mixed line ends and empty lines", () => {
    const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', 'a,b', 'x\ny', 'x\r\ny', ' ', '区划代码', '40,791', '="1"'));
    const lineEnd = fc.constantFrom('\n', '\r\n');
    // A row of cells, or an empty line (a run of them is one record of ours, from its line through another).
    const line = fc.oneof(fc.array(cell, { minLength: 2, maxLength: 5 }), fc.constant([] as string[]));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, lineEnd), { minLength: 1, maxLength: 8 }), (rows) => {
        const text = rows.map(([cells, end]) => cells.map(csvQuote).join(',') + end).join('');
        const records: RawRecord[] = [];
        const problems: string[] = [];
        const tokenizer = new CsvTokenizer(
          ',',
          (r) => records.push(r),
          (p) => problems.push(p.code),
        );
        tokenizer.write(text);
        tokenizer.end();
        // Mixed line ends are read as csv-parse reads them, and said once as a warning.
        expect(problems.filter((code) => code !== 'mixed-line-breaks')).toEqual([]);
        const reference = parseCsv(text, { relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
        expect(
          records.flatMap((r) => (r.through === undefined ? [r.cells] : Array.from({ length: r.through - r.line + 1 }, () => r.cells))),
        ).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });
});

describe('rule ids in natural order', () => {
  it("compareIds orders any two ids a plan allows as ICU's numeric collation does, in sign", () => {
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/);
    const sign = (n: number) => Math.sign(n);
    fc.assert(
      fc.property(id, id, (a, b) => sign(compareIds(a, b)) === sign(a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }))),
      {
        numRuns: 2000,
        examples: [
          ['T2-2', 'T2-10'],
          ['T2-01', 't2-1'],
          ['C1-06a', 'C1-06b'],
          ['a_1', 'a-1'],
          ['a.1', 'a1'],
          ['a0', 'a'],
          ['a1b', 'a01c'],
        ],
      },
    );
  });
});

describe('numbers for people', () => {
  it('group the thousands of a whole part, and read back as the number itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: -1e12, max: 1e12 }),
          fc.constantFrom(999, 999.99, 1000, -1000, -999.5, 1e21, 1e-7, -0),
        ),
        (n) => {
          const shown = formatNumber(n);
          expect(Number(shown.replace(/,/g, ''))).toBe(n === 0 ? 0 : n);
          const whole = /^-?([\d,]+)(?:\.\d+)?$/.exec(shown)?.[1];
          // A number JavaScript writes with an exponent is shown as it writes it.
          if (whole === undefined) expect(shown).toBe(String(n));
          else expect(whole).toMatch(/^\d{1,3}(?:,\d{3})*$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('text reports drawn a block at a time', () => {
  it('are the blocks joined by a blank line, never two, as they were when drawn whole', () => {
    // Headings and notes without colour or a width are drawn as their text: what joining them whole gave is known without drawText.
    const text = fc.array(fc.constantFrom('\n', 'a', '表'), { maxLength: 12 }).map((chars) => chars.join(''));
    const block = fc
      .tuple(fc.boolean(), text)
      .map(([heading, said]): Block & { text: string } =>
        heading ? { kind: 'heading', text: said } : { kind: 'note', text: said, tone: 'dim' },
      );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const whole = `${blocks
          .map((b) => b.text)
          .join('\n\n')
          .replace(/\n\n\n+/g, '\n\n')}\n`;
        const pieces = [...drawTextPieces(blocks, { lang: 'en', color: false })];
        return pieces.join('') === whole && drawText(blocks, { lang: 'en', color: false }) === whole;
      }),
      {
        numRuns: 2000,
        examples: [
          [[]],
          [[{ kind: 'note', text: '', tone: 'dim' }]],
          [
            [
              { kind: 'note', text: '\n\n\n', tone: 'dim' },
              { kind: 'heading', text: '\na' },
            ],
          ],
        ],
      },
    );
  });
});

describe('city aggregation', () => {
  const plan = loadPlan();
  const units = registry();
  const measure = new Map(columnSpecs().map((c) => [c.id, c]));
  const rowOf = (code: string, values: Record<string, number | boolean>): Row => ({
    file: 'x.csv',
    line: 2,
    values: Object.assign(Object.create(null), { county_code: code, period: '2025', ...values }),
    columns: Object.create(null),
    valid: true,
  });

  it('equals a brute-force reference on random batches, ties included', () => {
    const unit = fc.record({
      beds: fc.integer({ min: 0, max: 20 }),
      care: fc.integer({ min: 0, max: 20 }),
      urban: fc.integer({ min: 1, max: 10 }),
      rural: fc.integer({ min: 1, max: 120 }),
      burial: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(unit, { minLength: 14, maxLength: 14 }), (values) => {
        const batch = new Batch();
        values.forEach((v, i) =>
          batch.add(
            rowOf(units.units[i]!.code, {
              elderly_beds: v.beds,
              care_beds: Math.min(v.care, v.beds),
              urban_dibao_standard: v.urban,
              rural_dibao_standard: v.rural,
              public_burial_facility: v.burial,
            }),
          ),
        );
        const results = evaluatePlan(plan, batch, units, measure);
        const city = (rule: string) => results.find((r) => r.rule === rule && r.level === 'city')!;

        // T2-10: ratio of sums, >= 55 %, judged by cross-multiplication.
        const beds = values.reduce((s, v) => s + v.beds, 0);
        const care = values.reduce((s, v) => s + Math.min(v.care, v.beds), 0);
        expect(city('T2-10').status).toBe(beds === 0 ? 'no_data' : care * 100 >= 55 * beds ? 'pass' : 'fail');

        // T2-03: the lowest county, rural / (urban x 12) x 100 >= 75, i.e. rural x 100 >= 75 x 12 x urban.
        const lowestMeets = values.every((v) => v.rural * 100 >= 75 * 12 * v.urban);
        expect(city('T2-03').status).toBe(lowestMeets ? 'pass' : 'warn');

        // T2-06: only the 11 divisions count.
        const divisions = values.filter((_, i) => units.units[i]!.division);
        expect(city('T2-06').status).toBe(divisions.every((v) => v.burial) ? 'pass' : 'fail');
      }),
      { numRuns: 300 },
    );
  });
});

describe('schedules and gaps', () => {
  const columns = new Map(columnSpecs().map((c) => [c.id, c]));
  const ratio = parseExpression('sum(care_beds) / sum(elderly_beds) * 100');
  const bedsRow = (beds: number, care: number): Row => ({
    file: 'x.csv',
    line: 2,
    values: Object.assign(Object.create(null), { county_code: '431102', period: '2025', elderly_beds: beds, care_beds: care }),
    columns: Object.create(null),
    valid: true,
  });
  const context = { columns, nameOf: (code: string) => code };

  it('a ratio gap is the least whole number of beds that meets the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        (beds, careRaw, target, strict) => {
          const care = Math.min(careRaw, beds);
          const bound = Rational.fromNumber(target);
          const need = { meets: (v: Rational) => (strict ? v.compare(bound) > 0 : v.compare(bound) >= 0), bound };
          const rows = [bedsRow(beds, care)];
          const gap = gapOf(ratio, rows, evaluateGroup(ratio, rows, columns) as Rational, need, 'care_beds', context);
          // The least x with (care + x) x 100 >= (or >) target x beds, by integers alone.
          let x = 0;
          while (!(strict ? (care + x) * 100 > target * beds : (care + x) * 100 >= target * beds)) x++;
          expect(gap?.amount ?? 0).toBe(x);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a group's value as its rows are replaced one after another, aggregates kept up to date, is the value of the rows as they then stand", () => {
    // Two conditions and a count of the submission's columns; a missing answer or count now and then (no value).
    const [a, b, x] = ['public_burial_facility', 'marriage_cross_province', 'households'];
    const metrics = [
      `share(${a}) * 100`,
      `count(${a}) / count() * 100`,
      `count(${a} and ${b})`,
      `share(${a} or not ${b})`,
      `sum(${x}) / count(${a})`,
      `count(${a}) - count(${b}) * 2`,
      `sum(${x}) + count(${a})`,
      `share(${a}) > 0.5`,
      `max(${x}) + count(${a})`,
      `sum(${x} / count(${a}))`,
    ].map((text) => ({ text, expr: parseExpression(text) }));
    const cell = fc.oneof(fc.boolean(), fc.boolean(), fc.constant(undefined));
    const rowOf = ([yes, also, n]: [boolean | undefined, boolean | undefined, number | undefined]): Row => ({
      file: 'x.csv',
      line: 2,
      values: Object.assign(Object.create(null), { county_code: '431102', period: '2025', [a]: yes, [b]: also, [x]: n }),
      columns: Object.create(null),
      valid: true,
    });
    const anyRow = fc.tuple(cell, cell, fc.oneof(fc.nat(50), fc.nat(50), fc.constant(undefined)));
    let incremental = 0;
    fc.assert(
      fc.property(
        fc.array(anyRow, { minLength: 2, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), anyRow), { maxLength: 12 }),
        fc.nat(metrics.length - 1),
        (rows, changes, m) => {
          const group = rows.map(rowOf);
          const replacements = changes.map(([at, values]) => ({ index: at % group.length, row: rowOf(values) }));
          const { expr } = metrics[m]!;
          const values = replacedValues(expr, group, columns, replacements);
          if (!values) return;
          incremental++;
          const stand = [...group];
          [...values].forEach((value, k) => {
            stand[replacements[k]!.index] = replacements[k]!.row;
            const expected = evaluateGroup(expr, stand, columns);
            if (expected instanceof Rational) expect(value instanceof Rational && value.compare(expected) === 0).toBe(true);
            else expect(value).toEqual(expected instanceof NoData ? expect.any(NoData) : expected);
          });
        },
      ),
      { numRuns: 400 },
    );
    // Most metrics are kept up to date; min and max, and an aggregate inside another, are evaluated anew.
    expect(incremental).toBeGreaterThan(200);
    expect(replacedValues(metrics[8]!.expr, [rowOf([true, true, 1]), rowOf([false, true, 2])], columns, [])).toBeUndefined();
  });

  it('a linear milestone lies between baseline and target, and is met exactly at itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 60 }),
        (b, t, elapsed) => {
          const [baseline, target] = [Rational.of(BigInt(b), 100n)!, Rational.of(BigInt(t), 100n)!];
          const m = milestone({ baseline, target, op: '>=', trajectory: 'linear', elapsed, total: 60 })!;
          const [low, high] = b <= t ? [baseline, target] : [target, baseline];
          expect(m.exact!.compare(low) >= 0 && m.exact!.compare(high) <= 0).toBe(true);
          expect(m.meets(m.exact!)).toBe(true);
          expect(m.meets(m.exact!.sub(Rational.of(1n, 10n ** 9n)!))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a compound milestone agrees with its floating-point value away from it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 59 }),
        (b, t, elapsed) => {
          const m = milestone({
            baseline: Rational.fromNumber(b),
            target: Rational.fromNumber(t),
            op: '>=',
            trajectory: 'compound',
            elapsed,
            total: 60,
          })!;
          const line = b * (t / b) ** (elapsed / 60);
          expect(m.meets(Rational.fromNumber(Number((line * 1.0001 + 1e-6).toFixed(6))))).toBe(true);
          expect(m.meets(Rational.fromNumber(Number((line * 0.9999 - 1e-6).toFixed(6))))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('hostile workbooks and metrics', () => {
  const sheet = '<row r="1"><c r="A1" t="inlineStr"><is><t>county_code</t></is></c><c r="B1"><v>431102</v></c></row>';

  it('a workbook with bytes changed anywhere is read or refused with a WorkbookError, nothing else', () => {
    const books = [rawXlsx({ sheets: { S: sheet }, level: 0 }), rawXlsx({ sheets: { S: sheet } })];
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (which, changes) => {
          const bytes = Uint8Array.from(books[which]!);
          for (const [at, value] of changes) bytes[at % bytes.length] = value;
          try {
            openWorkbook(bytes).sheet();
          } catch (error) {
            expect(error).toBeInstanceOf(WorkbookError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any cell XML a writer could put in a sheet is read or refused with a WorkbookError', () => {
    const ref = fc.constantFrom('A1', 'ZZZZZZ2', 'XFD3', 'a4', '', '1', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA9');
    const type = fc.constantFrom('n', 's', 'b', 'd', 'e', 'str', 'inlineStr', 'x');
    const value = fc.oneof(
      fc.constantFrom('1e300000000', '-1', '1e20', '2958466', 'abc', '', '9'.repeat(400), '0.1', '46022.75', '2025-12-31T18:00:00'),
      fc.string({ maxLength: 8 }),
    );
    const cell = fc
      .tuple(ref, type, fc.integer({ min: 0, max: 3 }), value)
      .map(([r, t, s, v]) => `<c r="${r}" t="${t}" s="${s}"><v>${v.replace(/[<&]/g, '')}</v></c>`);
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 6 }), (cells) => {
        const book = rawXlsx({ sheets: { S: `<row r="1">${cells.join('')}</row>` }, formats: [10, 22, '[h]:mm'], level: 0 });
        try {
          const read = openWorkbook(book)
            .sheet()
            .records.flatMap((record) => record.cells);
          expect(read.filter((text) => typeof text !== 'string')).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(WorkbookError);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a sheet gives the same records, or the same refusal, with its plain cells and shared strings taken whole or as events', () => {
    const ref = fc.constantFrom('A1', 'C1', 'b1', 'XFD1', 'XFE1', '', 'A&amp;1');
    const type = fc.constantFrom('n', 's', 'b', 'str', 'inlineStr', 'e');
    const value = fc.constantFrom('0', '1', '7', '45992', '-1.5', 'abc', '', '&amp;', 'a\r\nb', '9'.repeat(40));
    const attributes = fc
      .tuple(fc.option(ref), fc.option(type), fc.option(fc.constantFrom('0', '1', '2', '9', 'x')))
      .map(([r, t, s]) => `${r === null ? '' : ` r="${r}"`}${t === null ? '' : ` t="${t}"`}${s === null ? '' : ` s='${s}'`}`);
    const body = fc.constantFrom('><v>%</v></c>', '/>', '></c>', '><v></v></c>', '><is><t>%</t></is></c>', '><f>1</f><v>%</v></c>');
    const cell = fc.tuple(attributes, body, value).map(([a, b, v]) => `<c${a}${b.replace('%', v)}`);
    const rows = fc
      .array(fc.array(cell, { maxLength: 5 }), { maxLength: 4 })
      .map((list) => list.map((cells, i) => `<row r="${i + 1}">${cells.join('')}</row>`).join(''));
    const read = (book: Uint8Array, plain: boolean) => {
      plainElements.enabled = plain;
      try {
        return openWorkbook(book).sheet().records;
      } catch (error) {
        if (error instanceof WorkbookError) return error.message;
        throw error;
      } finally {
        plainElements.enabled = true;
      }
    };
    fc.assert(
      fc.property(rows, (sheetXml) => {
        const book = rawXlsx({ sheets: { S: sheetXml }, formats: [10, 22], level: 0 });
        expect(read(book, true)).toEqual(read(book, false));
      }),
      { numRuns: 100 },
    );
    // Shared strings written plainly or not (rich text, phonetic runs, preserved spaces, entities, CR), each shown by a cell.
    const text = fc.constantFrom('a', '', ' b ', 'x&amp;y', 'a\r\nb', '_x000D_', '中');
    const string = fc
      .tuple(
        fc.constantFrom(
          '<si><t>%</t></si>',
          '<si><t>%</t></si>',
          '<si/>',
          '<si></si>',
          '<si><t></t></si>',
          '<si><t xml:space="preserve">%</t></si>',
          '<si><r><t>%</t></r><r><t>%</t></r></si>',
          '<si><t>%</t><rPh><t>%</t></rPh></si>',
          '<rPh><si><t>%</t></si></rPh>',
          '<x:si><x:t>%</x:t></x:si>',
        ),
        text,
      )
      .map(([shape, t]) => shape.replace(/%/g, t));
    fc.assert(
      fc.property(fc.array(string, { minLength: 1, maxLength: 8 }), (strings) => {
        const shown = `<row r="1">${strings.map((_, i) => `<c t="s"><v>${i}</v></c>`).join('')}</row>`;
        const book = rawXlsx({ sheets: { S: shown }, strings: strings.join(''), level: 0 });
        expect(read(book, true)).toEqual(read(book, false));
      }),
      { numRuns: 100 },
    );
  });

  it('any text in a sheet part, well-formed or not, is read or refused with a WorkbookError', () => {
    const piece = fc.constantFrom(
      '<row>',
      '</row>',
      '<c r="A1">',
      '<c/>',
      '</c>',
      '<v>',
      '</v>',
      '1',
      '&amp;',
      '&bogus;',
      '&#0;',
      '&#x4E2D;',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<?pi?>',
      '<!DOCTYPE x>',
      '"',
      "'",
      '<',
      '>',
      '\r\n',
      '\u0000',
      '<x:row r="2">',
      '</x:row>',
      '<row r="0">',
      '<row r="2000000">',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const book = rawXlsx({ sheets: { S: `${sheet}${pieces.join('')}` }, level: 0 });
        try {
          openWorkbook(book).sheet();
        } catch (error) {
          expect(error).toBeInstanceOf(WorkbookError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any metric text parses or fails with an ExpressionError at an offset inside it', () => {
    const token = fc.constantFrom(
      '(',
      ')',
      ',',
      '+',
      '-',
      '*',
      '/',
      '>=',
      'and',
      'not',
      'sum',
      'constructor',
      '__proto__',
      'toString',
      'care_beds',
      '1',
      '2.5',
      ' ',
      "'",
      '"',
      '\u0000',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 700 }), (tokens) => {
        const text = tokens.join(' ');
        try {
          parseExpression(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
          expect((error as ExpressionError).at).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the command line on a folder of damaged files', () => {
  it('ends with exit 1 or 2 and a JSON report, never an internal error or a stack trace', () => {
    const dir = tempDir();
    const good = Buffer.from(csv([row('431102'), row('431103')]));
    const book = rawXlsx({
      sheets: {
        S: '<row r="1"><c r="A1" t="inlineStr"><is><t>county_code</t></is></c><c r="B1" t="inlineStr"><is><t>period</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>431102</t></is></c><c r="B2" t="inlineStr"><is><t>2025-12</t></is></c></row>',
      },
    });
    const damage = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 });
    const mutants = fc.sample(fc.tuple(fc.boolean(), damage, fc.nat()), { seed: 12, numRuns: 40 });
    mutants.forEach(([workbook, changes, cut], i) => {
      const bytes = Uint8Array.from(workbook ? book : good);
      for (const [at, value] of changes) bytes[at % bytes.length] = value;
      writeFileSync(join(dir, `m${i}.${workbook ? 'xlsx' : 'csv'}`), i % 5 === 0 ? bytes.subarray(0, cut % bytes.length) : bytes);
    });
    const result = runCli([dir, '--format', 'json']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect([1, 2]).toContain(result.code);
    const report = validReport(result.stdout) as { files: unknown[] };
    expect(report.files.length).toBe(40);
  });
});
