/** Record-level rosters (CONTRACT 2b): read by their header, folded into summary figures, duplicates, ID numbers, masking. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hintOf, messageOf } from '../src/catalog.js';
import { check, exitCode } from '../src/check.js';
import { loadPlan } from '../src/plan/load.js';
import { BINARY_REPORTERS, REPORTERS } from '../src/report/index.js';
import { openWorkbook } from '../src/input/xlsx.js';
import { creditCheckCharacter, creditCodeProblem } from '../src/validate/credit-code.js';
import { checkCharacter, checkedIdKey, hasIdShape, idProblem, maskId, maskIds } from '../src/validate/id-number.js';
import { recordIndex, RecordIndexFull } from '../src/validate/record-index.js';
import { RosterTotals } from '../src/validate/roster.js';
import { Batch } from '../src/validate/batch.js';
import { Rational } from '../src/evaluate/rational.js';
import { PlanCheckError } from '../src/errors.js';
import { nameMatches, registry, unitCodeByName } from '../src/registry.js';
import type { Issue, Result } from '../src/types.js';
import { CREDIT_ALPHABET, creditCode, runInProcess, tempDir, writeFiles } from './helpers.js';
import { makeXlsx } from './xlsx.js';

const HEADER = '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）';
const SAMPLE = 'data/samples/rosters/2025-12/shuangpai.csv';

/** A valid ID number of a region, born on a date, with a sequence number. */
function id(region: string, date: string, sequence: number): string {
  const body = `${region}${date}${String(sequence).padStart(3, '0')}`;
  return body + checkCharacter(body);
}

/** Units the rows of many faults are spread over. */
const UNITS_OF_FAULTS = ['431102', '431103', '431181'];

const pick = (results: readonly Result[], rule: string, unit: string) =>
  results.find((r) => r.rule === rule && r.unit === unit && r.period === '2025-12')!;

describe('ID numbers (GB 11643)', () => {
  it('accepts numbers whose check character fits and refuses mistyped ones, impossible dates and the shape Excel leaves', () => {
    // The standard's own example.
    expect(idProblem('11010519491231002X')).toBeUndefined();
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(idProblem('11010519491231002 '.trim() + '1')).toBe('check-digit');
    expect(idProblem('110105194912310020')).toBe('check-digit');
    expect(idProblem(id('431102', '19800230', 1))).toBe('birth-date');
    expect(checkedIdKey('11010519491231002X')).toBeTypeOf('number');
    expect(checkedIdKey('11010519491302310X')).toBeUndefined();
  });

  it('gives distinct valid numbers distinct keys, exact integers below 2^53', () => {
    const date = fc
      .date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
    const number = fc
      .tuple(fc.integer({ min: 0, max: 999_999 }), date, fc.integer({ min: 0, max: 999 }))
      .map(([r, d, s]) => id(String(r).padStart(6, '0'), d, s));
    fc.assert(
      fc.property(number, number, (a, b) => {
        const [ka, kb] = [checkedIdKey(a)!, checkedIdKey(b)!];
        expect(Number.isSafeInteger(ka) && Number.isSafeInteger(kb)).toBe(true);
        expect(ka === kb).toBe(a === b);
      }),
    );
  });

  it('tells their shape as the pattern ^\\d{17}[\\dX]$ does', () => {
    const near = fc
      .tuple(fc.stringMatching(/^[0-9]{15,19}$/), fc.constantFrom('', 'X', 'x', '０', ' ', 'XX'))
      .map(([digits, end]) => digits + end);
    fc.assert(
      fc.property(fc.oneof(near, fc.string({ maxLength: 20 })), (text) => {
        expect(hasIdShape(text)).toBe(/^\d{17}[\dX]$/.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('masks the middle, in a value and anywhere in a text', () => {
    expect(maskId('43110219800101123X')).toBe('431102********123X');
    expect(maskIds('listed twice: 43110219800101123X and 431102198001011234, code 431102')).toBe(
      'listed twice: 431102********123X and 431102********1234, code 431102',
    );
    // A character beyond the BMP typed in a number is hidden or kept whole, counted as one character, never cut in half.
    expect(maskId('4311231940010\u{20000}68X')).toBe('431123*******\u{20000}68X');
    expect(maskId('43\u{1F600}1231940010068X')).toBe('43\u{1F600}123*******068X');
    expect(maskId('4311231940\u{1F600}10068X')).toBe('431123*******068X');
    expect(maskId('\u{1F600}'.repeat(9))).toBe('*********');
  });
});

describe('the record index', () => {
  /** For each record, where it was first listed (its line its index, its file and unit `where` has them) if it was before, else undefined: what the index should say. */
  const firstSeen = <K>(records: readonly K[], where: (record: K) => { file: number; unit: number }) => {
    const first = new Map<K, number>();
    return records.map((record, line) => {
      if (first.has(record)) return { file: where(record).file, line: first.get(record)!, unit: where(record).unit };
      first.set(record, line);
      return undefined;
    });
  };

  it('finds exactly the records seen before, with where they were, across growth of its table', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 4000, size: 'large' }), fc.boolean(), (picks, asNumbers) => {
        const index = recordIndex(asNumbers);
        // What the index gave for each line, and what it should have: held once for the whole run.
        const found = picks.map((p, line) =>
          index.add(id(String(431102 + (p % 7)), `1990010${1 + Math.floor(p / 1000)}`, p % 1000), { file: 0, line, unit: p % 14 }),
        );
        expect(found).toEqual(firstSeen(picks, (p) => ({ file: 0, unit: p % 14 })));
      }),
      { numRuns: 30 },
    );
  });

  it('finds any text seen before, and only that, however alike two texts are', () => {
    // Texts alike but for a code unit past a byte, which a byte alone would keep as another's ('救' is U+6551, 'Q' U+0051).
    const text = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', 'JZ001', 'JZ0001', '救助001', 'JZ救', 'JZQ', 'Q', '救', '\u0151', 'a\u0000', 'a'),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3000, size: 'large' }), (records) => {
        const index = recordIndex(false);
        expect(records.map((record, line) => index.add(record, { file: 1, line, unit: 2 }))).toEqual(
          firstSeen(records, () => ({ file: 1, unit: 2 })),
        );
      }),
      { numRuns: 40 },
    );
  });
  it('finds any code of digits and capitals seen before, and only that, kept as numbers or as text', () => {
    // Few characters, so that codes repeat and differ by one character, a leading zero or a length; 10, 11, 20 and 21 characters at the edges of the packing.
    const code = fc.oneof(
      fc.array(fc.constantFrom('0', '1', '9', 'A', 'Z'), { maxLength: 22 }).map((chars) => chars.join('')),
      fc.constantFrom('', '0', '00', '000', 'A', 'JZ00000001', 'JZ000000010', '5'.repeat(20), '5'.repeat(21), 'a', 'Ａ1', 'A-1', '中0'),
    );
    fc.assert(
      fc.property(fc.array(code, { minLength: 1, maxLength: 2000, size: 'large' }), (records) => {
        const index = recordIndex(false);
        expect(records.map((record, line) => index.add(record, { file: 0, line, unit: 1 }))).toEqual(
          firstSeen(records, () => ({ file: 0, unit: 1 })),
        );
      }),
      { numRuns: 40 },
    );
    // Two codes alike in their first ten characters whose hashes are one: told apart by the rest.
    const index = recordIndex(false);
    expect(index.add('JZ000000016BG0', { file: 0, line: 1, unit: 0 })).toBeUndefined();
    expect(index.add('JZ000000011691', { file: 0, line: 2, unit: 0 })).toBeUndefined();
    expect(index.add('JZ000000011691', { file: 0, line: 3, unit: 0 })).toEqual({ file: 0, line: 2, unit: 0 });
    expect(index.add('JZ000000016BG0', { file: 0, line: 4, unit: 0 })).toEqual({ file: 0, line: 1, unit: 0 });
    // Their rests in another order are other codes.
    expect(index.add('JZ000000013AB', { file: 0, line: 5, unit: 0 })).toBeUndefined();
    expect(index.add('JZ000000013BA', { file: 0, line: 6, unit: 0 })).toBeUndefined();
  });

  it('finds records kept on any page of its arrays, codes of ten characters before and after a longer one', () => {
    const index = recordIndex(false);
    const code = (n: number) => `JZ${String(n).padStart(8, '0')}`;
    const count = 70_000;
    let found = 0;
    for (let n = 0; n < count; n++) if (index.add(code(n), { file: 0, line: n, unit: n % 14 })) found++;
    expect(found).toBe(0);
    // The first code past ten characters, alike in its first ten to one kept before.
    expect(index.add(`${code(5)}1`, { file: 1, line: 1, unit: 0 })).toBeUndefined();
    expect(index.add(code(count), { file: 1, line: 2, unit: 0 })).toBeUndefined();
    for (const n of [0, 5, 65_535, 65_536, count - 1])
      expect(index.add(code(n), { file: 2, line: 0, unit: 0 })).toEqual({ file: 0, line: n, unit: n % 14 });
    expect(index.add(`${code(5)}1`, { file: 2, line: 0, unit: 0 })).toEqual({ file: 1, line: 1, unit: 0 });
    expect(index.add(code(count), { file: 2, line: 0, unit: 0 })).toEqual({ file: 1, line: 2, unit: 0 });
  });

  it('finds texts kept on any page, each read from where the one before it ends', () => {
    const index = recordIndex(false);
    // Not codes (a Chinese character): kept by their text, of lengths that differ.
    const text = (n: number) => `救${n}`;
    const count = 70_000;
    let found = 0;
    for (let n = 0; n < count; n++) if (index.add(text(n), { file: 0, line: n, unit: 0 })) found++;
    expect(found).toBe(0);
    for (const n of [0, 9, 10, 65_535, 65_536, 65_537, count - 1])
      expect(index.add(text(n), { file: 1, line: 0, unit: 0 })).toEqual({ file: 0, line: n, unit: 0 });
    // A text the start of one on the second page (救65536) is itself; one that goes on past it is another.
    expect(index.add(`救6553`, { file: 1, line: 0, unit: 0 })).toEqual({ file: 0, line: 6553, unit: 0 });
    expect(index.add(`救655360`, { file: 1, line: 1, unit: 0 })).toBeUndefined();
  });
});

describe('the record index past what a slot packs', () => {
  it('finds a second listing of a line past 134 million, of the 16,385th file or the 4,097th unit, by its text', () => {
    const index = recordIndex(true);
    const person = id('431102', '19900101', 1);
    for (const far of [
      { file: 0, line: 2 ** 27, unit: 0 },
      { file: 2 ** 14, line: 5, unit: 0 },
      { file: 0, line: 5, unit: 2 ** 12 },
    ]) {
      const other = id('431102', '19900102', (far.file % 1000) + (far.unit % 1000) + (far.line > 2 ** 26 ? 7 : 0));
      expect(index.add(other, far)).toBeUndefined();
      expect(index.add(other, { file: 1, line: 9, unit: 1 })).toEqual(far);
    }
    expect(index.add(person, { file: 3, line: 2 ** 27 - 1, unit: 2 ** 12 - 1 })).toBeUndefined();
    expect(index.add(person, { file: 0, line: 1, unit: 0 })).toEqual({ file: 3, line: 2 ** 27 - 1, unit: 2 ** 12 - 1 });
  });

  it('does so in an index of other record numbers too', () => {
    const index = recordIndex(false);
    for (const [n, far] of [
      { file: 0, line: 2 ** 27, unit: 0 },
      { file: 2 ** 14, line: 5, unit: 0 },
      { file: 0, line: 5, unit: 2 ** 12 },
    ].entries()) {
      expect(index.add(`JZ${n}`, far)).toBeUndefined();
      expect(index.add(`JZ${n}`, { file: 1, line: 9, unit: 1 })).toEqual(far);
    }
  });

  it('keeps where a record was listed, not the object it was told in, which a caller gives again', () => {
    const index = recordIndex(false);
    const at = { file: 2 ** 14, line: 7, unit: 3 };
    expect(index.add('JZ1', at)).toBeUndefined();
    Object.assign(at, { file: 1, line: 8, unit: 0 });
    expect(index.add('JZ2', at)).toBeUndefined();
    expect(index.add('JZ1', { file: 0, line: 9, unit: 0 })).toEqual({ file: 2 ** 14, line: 7, unit: 3 });
    expect(index.add('JZ2', { file: 0, line: 9, unit: 0 })).toEqual({ file: 1, line: 8, unit: 0 });
  });
});

describe('the record index at its bounds', () => {
  const limits = { records: 5, textUnits: 24 };

  it('keeps records up to its bounds, finds those it kept until then, and takes no more once full', () => {
    for (const numbers of [true, false]) {
      const index = recordIndex(numbers, limits);
      const people = Array.from({ length: 6 }, (_, i) => (numbers ? id('431102', '19900101', i) : `JZ${i}`));
      people.slice(0, 4).forEach((person, line) => expect(index.add(person, { file: 0, line, unit: 0 })).toBeUndefined());
      expect(index.add(people[2]!, { file: 0, line: 9, unit: 0 })).toEqual({ file: 0, line: 2, unit: 0 });
      expect(index.add(people[4]!, { file: 0, line: 10, unit: 0 })).toBeUndefined();
      expect(() => index.add(people[5]!, { file: 0, line: 11, unit: 0 })).toThrow(RecordIndexFull);
      expect(() => index.add(people[2]!, { file: 0, line: 12, unit: 0 })).toThrow(RecordIndexFull);
    }
  });

  it('counts records kept as numbers and texts kept as text against one bound, codes and ID numbers alike', () => {
    const index = recordIndex(false, limits);
    ['A1', 'b', 'C3', 'd', 'E5'].forEach((record, line) => expect(index.add(record, { file: 0, line, unit: 0 })).toBeUndefined());
    expect(() => index.add('F6', { file: 0, line: 6, unit: 0 })).toThrow(RecordIndexFull);
    expect(() => index.add('g', { file: 0, line: 7, unit: 0 })).toThrow(RecordIndexFull);
    // An index of ID numbers keeps invalid ones (reported already) by their text.
    const people = recordIndex(true, limits);
    [id('431102', '19900101', 1), 'bad-1', id('431102', '19900101', 2), 'bad-2', id('431102', '19900101', 3)].forEach((record, line) =>
      expect(people.add(record, { file: 0, line, unit: 0 })).toBeUndefined(),
    );
    expect(() => people.add(id('431102', '19900101', 4), { file: 0, line: 6, unit: 0 })).toThrow(RecordIndexFull);
    expect(() => people.add('bad-3', { file: 0, line: 7, unit: 0 })).toThrow(RecordIndexFull);
  });

  it('refuses a text that would pass the bound of code units kept', () => {
    const index = recordIndex(false, limits);
    expect(index.add('x'.repeat(20), { file: 0, line: 1, unit: 0 })).toBeUndefined();
    expect(index.add('abcd', { file: 0, line: 2, unit: 0 })).toBeUndefined();
    expect(() => index.add('e', { file: 0, line: 3, unit: 0 })).toThrow(RecordIndexFull);
  });

  it('finds a person listed twice in a period however the periods of the file come in turn, and not across periods', () => {
    const plan = loadPlan();
    const roster = plan.rosters.find((r) => r.id === 'disabled_allowances')!;
    const totals = new RosterTotals(plan.rosters, plan.columns, plan.registry);
    const person = (n: number) => {
      const body = `4311021950010100${n}`;
      return body + checkCharacter(body);
    };
    const listing = (n: number, period: string, line: number) => ({
      file: 'r.csv',
      line,
      values: Object.assign(Object.create(null), {
        person_id: person(n),
        county_code: '431102',
        period,
        living_eligible: true,
        living_paid: true,
        care_eligible: false,
        care_paid: false,
      }),
      columns: Object.create(null),
      valid: true,
      roster: roster.id,
    });
    const told = [
      [1, '2025-11'],
      [2, '2025-12'],
      [1, '2025-12'],
      [2, '2025-11'],
      [1, '2025-11'],
      [3, '2025-10'],
      [2, '2025-12'],
    ].map(([n, period], i) => totals.add(listing(n as number, period as string, i + 2), roster)?.params?.other);
    expect(told).toEqual([undefined, undefined, undefined, undefined, 'r.csv:2', undefined, 'r.csv:3']);
  });

  it('sums a column exactly: whole numbers as numbers while a double holds them, fractions and larger sums as exact fractions', () => {
    const plan = loadPlan();
    const roster = plan.rosters.find((r) => r.id === 'elderly_institutions')!;
    const beds = fc.oneof(
      fc.integer({ min: 0, max: 500 }),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 52, 2 ** 53 - 2),
      fc.integer({ min: 0, max: 999 }).map((n) => n / 8),
    );
    fc.assert(
      fc.property(fc.array(beds, { minLength: 1, maxLength: 40 }), (values) => {
        const totals = new RosterTotals(plan.rosters, plan.columns, plan.registry);
        values.forEach((value, i) => {
          const row = {
            file: 'i.csv',
            line: i + 2,
            values: Object.assign(Object.create(null), {
              institution_id: `5243110${String(i).padStart(11, '0')}`,
              county_code: '431102',
              period: '2025-12',
              beds: value,
              care_beds: 0,
            }),
            columns: Object.create(null),
            valid: true,
            roster: roster.id,
          };
          expect(totals.add(row, roster)).toBeUndefined();
        });
        const batch = new Batch(plan.columns);
        totals.intoBatch(batch, () => undefined);
        const [row] = batch.periods.get('2025-12')!.get('431102')!;
        const exact = values.reduce((sum, value) => sum.add(Rational.fromNumber(value)), Rational.ZERO);
        // The summary row holds the sum as a number, and as an exact fraction where a number cannot hold it.
        expect((row!.exact?.elderly_beds ?? Rational.fromNumber(row!.values.elderly_beds as number)).compare(exact)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('stops the run with exit 2 at the row past the bound, naming file, line and period, in both languages', () => {
    const plan = loadPlan();
    const roster = plan.rosters.find((r) => r.id === 'rescue_cases')!;
    const totals = new RosterTotals(plan.rosters, plan.columns, plan.registry, { records: 2, textUnits: 100 });
    const row = (n: number) => ({
      file: 'cases.csv',
      line: n + 1,
      values: Object.assign(Object.create(null), {
        case_id: `JZ${n}`,
        county_code: '431102',
        rescue_date: '2025-03-0' + n,
        identified: true,
        returned: true,
      }),
      columns: Object.create(null),
      valid: true,
      roster: roster.id,
    });
    expect(totals.add(row(1), roster)).toBeUndefined();
    expect(totals.add(row(1), roster)?.code).toBe('roster-duplicate');
    expect(totals.add(row(2), roster)).toBeUndefined();
    let stopped: unknown;
    try {
      totals.add(row(3), roster);
    } catch (error) {
      stopped = error;
    }
    expect(stopped).toBeInstanceOf(PlanCheckError);
    const error = stopped as PlanCheckError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /^cases\.csv:4: the roster of rescue cases of stranded persons lists more records than plan-check keeps .*\(2 records, 100 characters of record numbers\): split the file by period/,
    );
    expect(error.commandLine('zh')).toMatch(/^cases\.csv:4：流浪乞讨人员救助个案名册的记录超过/);
  });
});

describe('a roster beside the summaries', () => {
  it('gives T2-08 and T2-09 the same figures as the summary rows of the same people, and says where they come from', async () => {
    const summaries = await check(['data/samples/2025-12']);
    const both = await check(['data/samples/2025-12', SAMPLE]);
    for (const rule of ['T2-08', 'T2-09']) {
      for (const unit of ['431123', '431100']) {
        const [a, b] = [pick(summaries.results, rule, unit), pick(both.results, rule, unit)];
        expect({ ...b, rosters: undefined }).toEqual({ ...a, rosters: undefined });
        expect(b.rosters).toEqual(['disabled_allowances']);
        expect(a.rosters).toBeUndefined();
      }
    }
    expect(pick(both.results, 'T2-08', '431102').rosters).toBeUndefined();
    expect(both.issues.filter((i) => i.severity !== 'info')).toEqual(summaries.issues.filter((i) => i.severity !== 'info'));
    expect(both.issues.find((i) => i.code === 'roster-read')).toMatchObject({ file: SAMPLE, line: 1 });
    expect(both.rows.read).toBe(summaries.rows.read + 2430);
    // The reports for people say so too.
    const table = (report: typeof both, lang: 'zh' | 'en') => REPORTERS.table!.render(report, { lang, color: false, width: 200 });
    expect(table(both, 'en')).toContain('Counted from rosters: the roster of the two disability allowances (T2-08, T2-09)');
    expect(table(both, 'zh')).toContain('按名册计算：困难残疾人两项补贴名册（T2-08、T2-09）');
    expect(REPORTERS.html!.render(both, { lang: 'zh', color: false })).toContain('按名册计算');
    expect(table(summaries, 'en')).not.toContain('Counted from rosters');
  });

  it('under --complete, says once of a unit that sent a roster alone that it sent no summary row, and nothing of a roster beside one', async () => {
    const alone = await check([SAMPLE], { complete: true });
    const only = alone.issues.filter((i) => i.code === 'roster-only');
    expect(only).toHaveLength(1);
    expect(only[0]).toMatchObject({ file: SAMPLE, severity: 'error', params: { unit: '431123', period: '2025-12' } });
    expect(only[0]!.line).toBeUndefined();
    expect(messageOf(only[0]!, 'en')).toMatch(
      /^Shuangpai County \(431123\) sent only a roster for 2025-12, no summary row: \S+ needs ".+", and other values no roster gives/,
    );
    expect(messageOf(only[0]!, 'zh')).toMatch(/^双牌县（431123）在 2025-12 只报送了名册，没有汇总行/);
    // No value is said to be empty at a person's row.
    expect(alone.issues.filter((i) => i.code === 'missing-value')).toEqual([]);
    expect(exitCode(alone)).toBe(2);
    // The rules the roster gives are complete from it.
    expect(
      (await check([SAMPLE], { complete: true, rules: 'T2-08,T2-09' })).issues.filter(
        (i) => i.severity === 'error' && i.code !== 'missing-unit',
      ),
    ).toEqual([]);
    const beside = await check(['data/samples/2025-12', SAMPLE], { complete: true });
    expect(beside.issues.filter((i) => i.code === 'roster-only')).toEqual([]);
  });

  it('counts from the roster where the summary differs, and warns at the summary cell', async () => {
    const lines = readFileSync(SAMPLE, 'utf8').split('\n');
    // The first person is eligible for the living allowance only: now not paid.
    lines[1] = lines[1]!.replace(',是,是,否,否', ',是,否,否,否');
    const dir = writeFiles({ 'shuangpai-roster.csv': lines.join('\n') });
    const report = await check(['data/samples/2025-12', dir]);
    const living = pick(report.results, 'T2-08', '431123');
    expect([living.status, living.exact, living.gap?.amount]).toEqual(['fail', '4098/41', 1]);
    const warning = report.issues.find((i) => i.code === 'roster-differs')!;
    expect(warning).toMatchObject({
      file: 'data/samples/2025-12/shuangpai.csv',
      line: 2,
      field: 'disabled_living_covered',
      params: { reported: '2050', counted: '2049' },
    });
    expect(warning.column).toBeGreaterThan(1);
    expect(pick(report.results, 'T2-08', '431100').status).toBe('fail');
  });

  it('stands in for a summary row it has no summary of: other rules of that unit have no data', async () => {
    const report = await check([SAMPLE]);
    expect(pick(report.results, 'T2-08', '431123')).toMatchObject({ status: 'pass', value: 100, rosters: ['disabled_allowances'] });
    expect(pick(report.results, 'T2-10', '431123')).toMatchObject({ status: 'no_data', reason: 'missing-value' });
    expect(pick(report.results, 'T2-08', '431100')).toMatchObject({ status: 'no_data', reason: 'missing-units' });
  });
});

describe('problems in a roster', () => {
  const ok = id('431102', '19800101', 1);
  const files = {
    'lingling.csv': `${HEADER}\n${ok},431102,2025-12,是,是,否,否\n${id('431102', '19800101', 2)},431102,2025-12,否,是,是,是\n`,
    'qiyang.csv': `${HEADER}\n${id('431181', '19700101', 7).slice(0, 17)}0,431181,2025-12,是,是,是,是\n${ok},431181,2025-12,是,是,是,否\n4.31181E+17,431181,2025-12,是,是,是,是\n${id('431181', '19700101', 8)},431100,2025-12,是,是,是,是\n`,
  };

  it('names both places of a person listed twice, refuses wrong check characters, and keeps the first listing', async () => {
    const dir = writeFiles(files);
    const report = await check([dir]);
    const codes = report.issues
      .filter((i) => i.severity !== 'info')
      .map((i) => `${i.file.split('/').pop()}:${i.line}:${i.column} ${i.severity} ${i.code}`);
    expect(codes).toEqual([
      'lingling.csv:3:5 error constraint',
      'qiyang.csv:2:1 error id-number',
      'qiyang.csv:3:1 error roster-duplicate',
      'qiyang.csv:4:1 error id-number',
      'qiyang.csv:5:2 warning city-row',
    ]);
    const duplicate = report.issues.find((i) => i.code === 'roster-duplicate')!;
    expect(duplicate.params).toMatchObject({
      id: maskId(ok),
      other: `${join(dir, 'lingling.csv')}:2`,
      other_unit: '431102 Lingling District',
      unit: '431181 Qiyang City',
    });
    // The record is named by its column: a person by the ID number.
    expect(messageOf(duplicate, 'en')).toMatch(/is not counted: each person_id is listed once per period$/);
    expect(messageOf(duplicate, 'zh')).toMatch(/未计入：同一身份证号每个报告期只能列入一次$/);
    // What Excel left of a number names no one: shown as it stands, with its cause.
    expect(
      messageOf(
        report.issues.find((i) => i.code === 'id-number' && i.line === 4)!,
        'en',
      ),
    ).toMatch(/^ID number 4\.31181E\+17 was turned into a number by Excel/);
    expect(exitCode(report)).toBe(2);
    // The second listing is not counted; the row with a wrong number is (its person is counted, not identified).
    expect(pick(report.results, 'T2-08', '431181')).toMatchObject({ value: 100, exact: '100' });
    expect(pick(report.results, 'T2-09', '431181')).toMatchObject({ value: 100 });
    expect(pick(report.results, 'T2-08', '431102')).toMatchObject({ value: 100 });
  });

  it('tells a first-generation number of 15 digits as one, masked, and another of that length by its shape', async () => {
    const first = `${HEADER}\n431102800101001,431102,2025-12,是,是,否,否\n431102801301001,431102,2025-12,是,是,否,否\n`;
    const issues = (await check([writeFiles({ 'old.csv': first })])).issues.filter((i) => i.code === 'id-number');
    expect(issues.map((i) => [i.line, i.params?.value, messageOf(i, 'zh').replace(/^身份证号 \S+ /, '')])).toEqual([
      [2, '431102*****1001', '是 15 位的第一代身份证号：请换成 18 位（出生年份写全 4 位，末位补校验码）'],
      [3, '431102*****1001', '不是 17 位数字加 1 位校验码（0-9 或 X）'],
    ]);
  });

  it('tells a disability certificate number (the ID number and two digits) put for the ID number as one, masked', async () => {
    const person = id('431102', '19500101', 7);
    const rows = [`${person}12`, `${person}99`, `${person.slice(0, 17)}${person[17] === '0' ? '1' : '0'}12`].map(
      (value) => `${value},431102,2025-12,是,是,否,否`,
    );
    const issues = (await check([writeFiles({ 'cert.csv': `${HEADER}\n${rows.join('\n')}\n` })])).issues.filter(
      (i) => i.code === 'id-number',
    );
    expect(issues.map((i) => [i.line, i.params?.value, messageOf(i, 'zh').replace(/^身份证号 \S+ /, '')])).toEqual([
      [2, `431102**********${person.slice(16)}12`, '是残疾人证号（身份证号后加残疾类别、等级各 1 位）：请只填前 18 位'],
      // A category or grade of no certificate, or an ID number that is none: its shape only.
      [3, expect.any(String), '不是 17 位数字加 1 位校验码（0-9 或 X）'],
      [4, expect.any(String), '不是 17 位数字加 1 位校验码（0-9 或 X）'],
    ]);
    expect(messageOf(issues[0]!, 'en')).toMatch(/is a disability certificate number \(残疾人证号: .*\): write its first 18 characters$/);
  });

  it('reads a file of disability certificate numbers (残疾人证号) for the ID numbers in them, and says so', async () => {
    // The sample's persons under their certificates: the ID number, then a category (1-7) and a grade (1-4).
    const [header, ...rows] = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    // Some as Excel's text forms write them: after its apostrophe, in ="…" (a check character X among them).
    const forms = [(n: string) => n, (n: string) => `'${n}`, (n: string) => `="${n}"`];
    const certified = rows.map((row, i) => row.replace(/^(\w{18})/, (n) => forms[i % 3]!(`${n}${(i % 7) + 1}${(i % 4) + 1}`)));
    expect(certified.filter((row) => /^'\d{17}X/.test(row)).length).toBeGreaterThan(10);
    const person = id('431123', '19500101', 7);
    const mistyped = `${person.slice(0, 17)}${person[17] === '0' ? '1' : '0'}`;
    const file = `${header!.replace('身份证号', '残疾人证号')}\n${certified.join('\n')}\n`;
    const sample = await check([SAMPLE]);
    const read = await check([writeFiles({ 'shuangpai.csv': file })]);
    expect(read.results).toEqual(sample.results);
    const told = read.issues.filter((i) => i.severity !== 'info' || i.code === 'label-normalised');
    expect(told).toMatchObject([{ code: 'label-normalised', line: 1, column: 1, field: 'person_id' }]);
    expect(messageOf(told[0]!, 'en')).toBe(
      '"残疾人证号" holds disability certificate numbers (the ID number, then a digit of category and one of grade): the first 18 characters of each are read as "身份证号"',
    );
    // A person listed under a certificate and under an ID number elsewhere is one; a mistyped certificate, an ID number
    // written in its place (read as it is) and a number of neither shape are told as the ID numbers they hold.
    const more = [
      `${certified[0]!.slice(0, 18)},431123,2025-12,是,是,否,否`,
      `${mistyped}34,431123,2025-12,是,是,否,否`,
      `${person},431123,2025-12,是,是,否,否`,
      `${person}8,431123,2025-12,是,是,否,否`,
    ];
    const other = `${HEADER}\n${rows[0]!.replace('431123,', '431102,')}\n`;
    const report = await check([writeFiles({ 'shuangpai.csv': `${file}${more.join('\n')}\n`, 'lingling.csv': other })]);
    expect(
      report.issues
        .filter((i) => i.severity === 'error')
        .map((i) => [i.file.split('/').pop(), i.line, i.column, i.code, i.params?.value ?? i.params?.id]),
    ).toEqual([
      ['shuangpai.csv', 2, 1, 'roster-duplicate', maskId(certified[0]!.slice(0, 18))],
      ['shuangpai.csv', rows.length + 2, 1, 'roster-duplicate', maskId(certified[0]!.slice(0, 18))],
      ['shuangpai.csv', rows.length + 3, 1, 'id-number', maskId(mistyped)],
      ['shuangpai.csv', rows.length + 5, 1, 'id-number', maskId(`${person}8`)],
    ]);
    // Listed first by the ID number in another unit's file.
    expect(report.issues.find((i) => i.code === 'roster-duplicate')!.params).toMatchObject({
      other: expect.stringMatching(/lingling\.csv:2$/),
    });
  });

  it("reads the ID numbers where a file has their column and the certificates' too, in either order, and tells neither", async () => {
    const person = id('431102', '19800101', 1);
    const files = {
      'after.csv': `${HEADER.replace('身份证号,', '身份证号,残疾证号,')}\n${person},not a certificate,431102,2025-12,是,是,否,否\n`,
      'before.csv': `残疾人证号,${HEADER}\n${person}99,${id('431102', '19800101', 2)},431102,2025-12,是,否,否,否\n`,
    };
    const report = await check([writeFiles(files)]);
    expect(report.issues.filter((i) => i.code !== 'roster-read')).toEqual([]);
    expect(pick(report.results, 'T2-08', '431102')).toMatchObject({ value: 50 });
    // Files of one header of certificates, the second's reading taken again from the first's (a batch's files repeat one).
    const certificates = (sequence: number) =>
      `${HEADER.replace('身份证号', '残疾人证号')}\n${id('431102', '19800101', sequence)}11,431102,2025-12,是,是,否,否\n`;
    const again = await check([writeFiles({ 'a.csv': certificates(3), 'b.csv': certificates(4) })]);
    expect(again.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(pick(again.results, 'T2-08', '431102')).toMatchObject({ value: 100 });
  });

  it('prints no ID number in full in any format', async () => {
    // An ID number typed into the name column is quoted by the message that the name does not match; a disability
    // certificate's number (the ID number and two digits) typed into the code column, by the message that it is no code.
    const misplaced = `${HEADER},县市区\n${id('431123', '19600101', 3)},431123,2025-12,是,是,否,否,${id('431123', '19600101', 4)}\n${id('431123', '19600101', 5)},${id('431123', '19600101', 6)}12,2025-12,是,是,否,否,\n`;
    const report = await check([writeFiles({ ...files, 'shuangpai.csv': misplaced })]);
    expect(
      messageOf(
        report.issues.find((i) => i.code === 'foreign-key')!,
        'en',
      ),
    ).toMatch(/^"431123\*{8}004[\dX]" does not match code 431123/);
    const full = /\d{17}[\dX]/;
    for (const [name, reporter] of Object.entries(REPORTERS)) {
      for (const lang of ['zh', 'en'] as const)
        expect(reporter.render(report, { lang, color: false }), `${name} ${lang}`).not.toMatch(full);
    }
    const book = openWorkbook(await BINARY_REPORTERS.xlsx!.render(report, { lang: 'zh', color: false }));
    for (const name of book.names) expect(JSON.stringify(book.sheet(name).records)).not.toMatch(full);
  });

  it('lists problems of every kind up to the limit in full, as a run that lists them all does, and counts the rest alike', async () => {
    // Rows with a bad yes/no, a wrong check character, Excel's number, an unknown unit, no period, a value above its limit.
    const faults = (i: number) => {
      const person = id(UNITS_OF_FAULTS[i % 3]!, '19800101', i % 1000).slice(0, 17);
      const good = id(UNITS_OF_FAULTS[i % 3]!, '19800101', i % 1000);
      return [
        `${good},431102,2025-12,也许,是,否,否`,
        `${person}${person.endsWith('0') ? '1' : '0'},431102,2025-12,是,是,否,否`,
        `4.31102E+17,431102,2025-12,是,是,否,否`,
        `${good},431199,2025-12,是,是,否,否`,
        `${good},431102,,是,是,否,否`,
        `${good},431102,2025-12,否,是,否,否`,
      ][i % 6]!;
    };
    const lines = Array.from({ length: 600 }, (_, i) => faults(i));
    const file = join(writeFiles({ 'faults.csv': `${HEADER}\n${lines.join('\n')}\n` }), 'faults.csv');
    const all = await check([file], { rules: 'T2-08', maxErrors: 10_000 });
    const some = await check([file], { rules: 'T2-08', maxErrors: 40 });
    const listed = (issues: typeof all.issues) =>
      issues.filter((i) => i.severity !== 'info').map((i) => ({ ...i, message: messageOf(i, 'en'), message_zh: messageOf(i, 'zh') }));
    expect(new Set(listed(all.issues).map((i) => i.code))).toEqual(new Set(['type', 'id-number', 'foreign-key', 'required', 'constraint']));
    expect(listed(some.issues)).toEqual(listed(all.issues).slice(0, 40));
    expect(listed(some.issues).every((i) => !/\{\w+\}/.test(i.message) && !/\{\w+\}/.test(i.message_zh))).toBe(true);
    const counted = (report: typeof all) => ({
      errors: report.issues.filter((i) => i.severity === 'error').length + report.unlisted.errors,
      warnings: report.issues.filter((i) => i.severity === 'warning').length + report.unlisted.warnings,
    });
    expect(counted(some)).toEqual(counted(all));
    expect(some.unlisted.errors).toBeGreaterThan(400);
  });

  it('is read from GBK with title rows and a footer, and told on the command line with line and column', async () => {
    const text = `困难残疾人两项补贴名册\n填报单位：零陵区民政局\n${files['lingling.csv'].replace(',否,是,是,是', ',否,否,是,是')}${id('431102', '19800101', 1)},431102,2025-12,是,是,否,否\n填表人：张三\n`;
    const dir = writeFiles({ 'roster-gbk.csv': iconv.encode(text, 'gbk') });
    const result = await runInProcess([join(dir, 'roster-gbk.csv'), '--rules', 'T2-08,T2-09', '--lang', 'en']);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(
      /roster-gbk\.csv:6:1: error roster-duplicate \[person_id\] 431102\*{8}001[\dX] of 2025-12 is already listed at .*roster-gbk\.csv:4 \(431102 Lingling District\)/,
    );
    expect(result.stdout + result.stderr).not.toMatch(/\d{17}[\dX]/);
  });
});

describe('rosters in a plan', () => {
  const plan = (gives: Record<string, string>, schema = 'disabled_allowances') => ({
    ...(loadPlanRaw() as object),
    rosters: [{ id: 'r', title: { zh: '名册', en: 'roster' }, schema, gives }],
  });

  it("takes counts and sums of the roster's columns into numeric summary columns, and refuses anything else with its place", () => {
    expect(
      loadPlan(plan({ disabled_living_eligible: 'count(living_eligible)', disabled_care_eligible: 'count()' })).rosters[0]!.gives.map(
        (g) => g.kind,
      ),
    ).toEqual(['count', 'count']);
    expect(() => loadPlan(plan({ disabled_living_eligible: 'living_eligible' }))).toThrow(
      /rosters\/0\/gives\/disabled_living_eligible: roster r: give a count\(\.\.\.\) or a sum\(\.\.\.\)/,
    );
    expect(() => loadPlan(plan({ no_such_column: 'count()' }))).toThrow(/"no_such_column" is not a column of the submission schema/);
    expect(() => loadPlan(plan({ disabled_living_eligible: 'count(nope)' }))).toThrow(/unknown column "nope"/);
    expect(() => loadPlan(plan({ disabled_living_eligible: 'count()' }, 'submission'))).toThrow(
      /no column of its schema has x-role record-id/,
    );
  });
});

/** The built-in plan as its YAML reads, to vary, with its registry and schema named from here. */
function loadPlanRaw(): unknown {
  const raw = parse(readFileSync('data/plans/yongzhou-civil-affairs-14th.yaml', 'utf8')) as object;
  return { ...raw, units: 'data/units.yaml', submission: 'submission' };
}

describe('dates of birth', () => {
  it("are the calendar's: the 29th of February in leap years only, 30 and 31 as the months have them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1790, max: 2210 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
          const real = new Date(Date.UTC(year, month - 1, day));
          const exists = month >= 1 && month <= 12 && day >= 1 && real.getUTCDate() === day && year >= 1800 && year <= 2199;
          expect(idProblem(id('431102', date, 5))).toBe(exists ? undefined : 'birth-date');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  // Codes as registered: a social organisation's (5), companies' (9), an institution's (1).
  const registered = [
    '91440300708461136T',
    '91350200776049653A',
    '9135021359498494XQ',
    '91350213678251743X',
    '123502001549897397',
    '91350503MA31DKY80A',
  ];

  it('takes codes as registered, and finds every code with one character mistyped', () => {
    for (const code of registered) expect(creditCodeProblem(code)).toBeUndefined();
    expect(creditCode('52431127MJ0000003')).toMatch(/^52431127MJ0000003[0-9A-Y]$/);
    fc.assert(
      fc.property(fc.constantFrom(...registered), fc.nat(17), fc.constantFrom(...CREDIT_ALPHABET), (code, at, typed) => {
        fc.pre(code[at] !== typed && (at < 2 || at > 7 || typed <= '9'));
        expect(creditCodeProblem(code.slice(0, at) + typed + code.slice(at + 1))).toBe('check-character');
      }),
    );
  });

  it('tells a code of another shape from one of a wrong check character', () => {
    for (const code of [
      '91440300708461136t',
      '9144030070846113',
      '91440300708461136TT',
      '9144O300708461136T',
      '914403007084611I6T',
      '91A40300708461136T',
      '91440300708461136Z',
      '914403００708461136T',
      '',
    ])
      expect(creditCodeProblem(code)).toBe('shape');
    expect(creditCheckCharacter('9144030070846113')).toBeUndefined();
  });
});

describe('the rosters of institutions and townships', () => {
  // 蓝山县's summary of 2025-12: 1300 beds of which 740 care-type; 13 townships, 8 with a centre, 7 with a station.
  const institutions =
    [
      '统一社会信用代码,机构名称,区划代码,报告期,床位数（张）,其中护理型床位（张）',
      ...Array.from(
        { length: 10 },
        (_, i) => `${creditCode(`52431127MJ${String(i).padStart(7, '0')}`)},敬老院${i + 1},431127,2025-12,130,74`,
      ),
    ].join('\n') + '\n';
  const townships =
    [
      '乡镇（街道）代码,乡镇（街道）名称,区划代码,报告期,有具备综合功能的养老服务机构（是/否）,设有未成年人保护工作站（是/否）',
      ...Array.from(
        { length: 13 },
        (_, i) => `431127${String(100 + i).padStart(3, '0')},镇${i + 1},431127,2025-12,${i < 8 ? '是' : '否'},${i < 7 ? '是' : '否'}`,
      ),
    ].join('\n') + '\n';

  it("give T2-10, T2-11 and T2-12 the summary's figures of the same institutions and townships", async () => {
    const summaries = await check(['data/samples/2025-12']);
    const dir = writeFiles({ 'institutions.csv': institutions, 'townships.csv': townships });
    const both = await check(['data/samples/2025-12', dir]);
    expect(both.issues.filter((i) => i.code === 'roster-read').map((i) => i.params?.roster)).toEqual([
      'roster of elderly-care institutions',
      'roster of townships and sub-districts',
    ]);
    expect(both.issues.filter((i) => i.severity !== 'info')).toEqual(summaries.issues.filter((i) => i.severity !== 'info'));
    for (const [rule, roster] of [
      ['T2-10', 'elderly_institutions'],
      ['T2-11', 'townships'],
      ['T2-12', 'townships'],
    ] as const) {
      const [a, b] = [pick(summaries.results, rule, '431127'), pick(both.results, rule, '431127')];
      expect({ ...b, rosters: undefined }).toEqual({ ...a, rosters: undefined });
      expect(b.rosters).toEqual([roster]);
    }
  });

  it('find an institution listed by two units, and a township of a wrong code', async () => {
    const twice = `${institutions}${creditCode('52431127MJ0000003')},敬老院,431126,2025-12,50,10\n`;
    const report = await check([writeFiles({ 'institutions.csv': twice, 'townships.csv': townships.replace('431127100,', '43112710,') })]);
    expect(
      report.issues.filter((i) => i.severity === 'error').map((i) => `${i.file.split('/').pop()}:${i.line}:${i.column} ${i.code}`),
    ).toEqual(['institutions.csv:12:1 roster-duplicate', 'townships.csv:2:1 constraint']);
    expect(
      messageOf(
        report.issues.find((i) => i.code === 'roster-duplicate')!,
        'zh',
      ),
    ).toMatch(/同一统一社会信用代码每个报告期只能列入一次$/);
    // A township whose code is wrong is still counted (it cannot be matched): 8 of 13.
    expect(pick(report.results, 'T2-11', '431127')).toMatchObject({ exact: '800/13', status: 'pass' });
    // The second listing of an institution is not counted: 蓝山's beds are its own ten.
    expect(pick(report.results, 'T2-10', '431127')).toMatchObject({ exact: '740/13', rosters: ['elderly_institutions'] });
    expect(pick(report.results, 'T2-10', '431126')).toBeUndefined();
  });

  it('are read under the headers other exports give their columns, a yes/no column asked as a question (是否…) included', async () => {
    const rescue = [
      '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）',
      ...Array.from({ length: 8 }, (_, i) => `JZ${i},431127,2025-0${1 + (i % 3)}-0${1 + i},${i < 6 ? '是' : '否'},${i < 5 ? '是' : '否'}`),
    ].join('\n');
    const variants: [name: string, text: string, header: string][] = [
      ['institutions.csv', institutions, '社会信用代码,养老机构名称,区划代码,统计期,床位总数（张）,护理型床位数'],
      ['townships.csv', townships, '乡镇代码,乡镇名称,所属区县代码,统计年月,是否有具备综合功能的养老服务机构,是否设有未成年人保护工作站'],
      ['rescue.csv', rescue, '救助编号,区划代码,救助日期,是否查明身份信息,是否接送返回'],
    ];
    for (const [name, text, header] of variants) {
      const usual = await check([writeFiles({ [name]: text })]);
      const other = await check([writeFiles({ [name]: `${header}\n${text.slice(text.indexOf('\n') + 1)}` })]);
      expect(other.results, name).toEqual(usual.results);
      expect(other.results.some((r) => r.rosters !== undefined && r.value !== null)).toBe(true);
      // Told as read (roster-read, label-normalised at each renamed column), with no other problem.
      const placed = (issues: Issue[]) => issues.map((i) => ({ ...i, file: i.file.split('/').pop() }));
      expect(placed(other.issues.filter((i) => i.code !== 'label-normalised')), name).toEqual(placed(usual.issues));
      expect(other.issues.filter((i) => i.code === 'label-normalised').length, name).toBeGreaterThanOrEqual(4);
    }
  });

  it('tell a credit code of a wrong check character at its cell, in both languages, and still count the institution', async () => {
    const typo = institutions.replace(creditCode('52431127MJ0000004'), creditCode('52431127MJ0000004', true));
    const report = await check([writeFiles({ 'institutions.csv': typo })], { rules: 'T2-10' });
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => `${i.line}:${i.column} ${i.code} ${i.field}`)).toEqual(['6:1 constraint institution_id']);
    expect(messageOf(errors[0]!, 'zh')).toMatch(/^52431127MJ0000004. 校验码不符（GB 32100）：有字符录错$/);
    expect(hintOf(errors[0]!, 'zh')).toBe('按登记证书核对后重新填写');
    expect(messageOf(errors[0]!, 'en')).toMatch(/has a wrong check character \(GB 32100\)/);
    expect(exitCode(report)).toBe(2);
    // As a code of a wrong pattern is: the institution is counted, only it cannot be matched with another listing.
    expect(pick(report.results, 'T2-10', '431127')).toMatchObject({ exact: '740/13' });
  });
});

describe('a file without a period column', () => {
  /** A file's text without its column of 报告期 (the third, in these files). */
  const withoutPeriod = (text: string) =>
    text
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== 2)
          .join(','),
      )
      .join('\n');
  const persons = Array.from({ length: 400 }, (_, n) => {
    const body = `43112419500101${String(n).padStart(3, '0')}`;
    return `${body}${checkCharacter(body)},431124,2025-12,是,${n % 7 ? '是' : '否'},${n % 3 ? '是' : '否'},${n % 3 && n % 11 ? '是' : '否'}`;
  });
  const roster = `身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）\n${persons.join('\n')}\n`;

  it('is of the period --period gives, a roster as the national systems export it and a county’s summary alike', async () => {
    const county = readFileSync('data/samples/2025-12/lingling.csv', 'utf8');
    const given = await check([writeFiles({ 'roster.csv': withoutPeriod(roster), 'county.csv': withoutPeriod(county) })], {
      period: '2025-12',
    });
    const whole = await check([writeFiles({ 'roster.csv': roster, 'county.csv': county })], { period: '2025-12' });
    expect(given.results).toEqual(whole.results);
    expect(
      given.issues
        .filter((i) => i.code === 'period-given')
        .map((i) => `${i.file.split('/').pop()}:${i.line}`)
        .sort(),
    ).toEqual(['county.csv:1', 'roster.csv:1']);
    expect(
      messageOf(
        given.issues.find((i) => i.code === 'period-given')!,
        'zh',
      ),
    ).toBe('表头中没有“报告期”：各行的报告期取 --period 给出的 2025-12');
    expect(given.issues.filter((i) => i.severity !== 'info')).toEqual(whole.issues.filter((i) => i.severity !== 'info'));
  });

  it('is refused without --period, with the way to give it; a roster of dated cases needs its days whatever --period says', async () => {
    const refused = await check([writeFiles({ 'roster.csv': withoutPeriod(roster) })]);
    const missing = refused.issues.filter((i) => i.code === 'missing-label');
    expect(missing.map((i) => i.field)).toEqual(['period']);
    expect(hintOf(missing[0]!, 'en')).toBe(
      'add the column, headed period or "报告期", or give every row its period with --period 2025-12, or name it in a title line above the header (2025年12月)',
    );
    // A roster titled with its month: of it, as with --period.
    const titled = await check([writeFiles({ 'roster.csv': `2025年12月困难残疾人两项补贴名册,,,\n${withoutPeriod(roster)}` })]);
    const given = await check([writeFiles({ 'roster.csv': withoutPeriod(roster) })], { period: '2025-12' });
    expect(titled.results).toEqual(given.results);
    expect(titled.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(
      messageOf(
        titled.issues.find((i) => i.code === 'period-given')!,
        'zh',
      ),
    ).toBe('表头中没有“报告期”：各行的报告期取第 1 行标题（“2025年12月困难残疾人两项补贴名册”）所写的 2025-12');
    const cases = withoutPeriod('救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）\nJZ001,431102,2025-03-05,是,是\n');
    const dated = await check([writeFiles({ 'cases.csv': cases })], { period: '2025' });
    expect(dated.issues.filter((i) => i.code === 'missing-label').map((i) => [i.field, hintOf(i, 'en')])).toEqual([
      ['rescue_date', 'add the column, headed rescue_date or "受助日期"'],
    ]);
  });
});

describe('a file without a code column', () => {
  /** A file's text with its column of 区划代码 (the first, or the second of a roster) dropped, its name kept. */
  const withoutCode = (text: string, at: number) =>
    text
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== at)
          .join(','),
      )
      .join('\n');
  const person = (n: number) => `43112419500101${String(n).padStart(3, '0')}`;
  const rows = Array.from(
    { length: 300 },
    (_, n) => `${person(n)}${checkCharacter(person(n))},${n % 2 ? '431124,道县' : '431125,江永县'},2025-12,是,${n % 7 ? '是' : '否'},否,否`,
  );
  const roster = `身份证号,区划代码,县市区,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）\n${rows.join('\n')}\n`;

  it('finds each row’s code by its unit’s name, a roster’s and a county’s summary alike, the whole’s name before it or not', async () => {
    const county = readFileSync('data/samples/2025-12/lingling.csv', 'utf8');
    const named = withoutCode(roster, 1).replace(',道县,', ',湖南省永州市道县,');
    const byName = await check([writeFiles({ 'roster.csv': named, 'county.csv': withoutCode(county, 0) })]);
    const byCode = await check([writeFiles({ 'roster.csv': roster, 'county.csv': county })]);
    expect(byName.results).toEqual(byCode.results);
    expect(byName.issues.filter((i) => i.severity !== 'info')).toEqual(byCode.issues.filter((i) => i.severity !== 'info'));
    expect(
      byName.issues
        .filter((i) => i.code === 'code-from-name')
        .map((i) => `${i.file.split('/').pop()}:${i.line}:${i.column}`)
        .sort(),
    ).toEqual(['county.csv:1:1', 'roster.csv:1:2']);
    expect(unitCodeByName(registry(), '永州市零陵区')).toBe('431102');
    expect(unitCodeByName(registry(), 'Dao County')).toBe('431124');
    expect(unitCodeByName(registry(), '永州市')).toBeUndefined();
    // A name beside its code is compared the same way: an English name with its spaces too.
    for (const name of ['Lingling District', '零陵', '永州市零陵区'])
      expect(nameMatches(registry().byCode.get('431102')!, name, '永州市'), name).toBe(true);
    expect(nameMatches(registry().byCode.get('431102')!, '冷水滩区', '永州市')).toBe(false);
  });

  it('takes a roster of one unit without its code or name, whose titles name the unit and the period, as a form of one unit is', async () => {
    // A unit's roster as its system exports it: the roster's name and the bureau above the header, no code, name or period.
    const sample = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    const [header, ...lines] = sample.map((line) =>
      line
        .split(',')
        .filter((_, i) => i !== 1 && i !== 2)
        .join(','),
    );
    const titled = `双牌县2025年12月困难残疾人两项补贴名册,,,,\n填报单位：双牌县民政局,,,,\n${header}\n${lines.join('\n')}\n`;
    const report = await check([writeFiles({ 'shuangpai.csv': titled })]);
    expect(report.results).toEqual((await check([SAMPLE])).results);
    expect(report.issues.filter((i) => i.severity !== 'info' || i.code.endsWith('-given')).map((i) => [i.code, i.line])).toEqual([
      ['period-given', 3],
      ['unit-given', 3],
    ]);
    // A roster whose title names the whole lists persons of units it does not name: refused for its missing code column, not
    // read as rows of the whole (each skipped with a warning, and the run green).
    const whole = await check([writeFiles({ 'yongzhou.csv': titled.replace(/双牌县/g, '永州市') })]);
    expect(whole.issues.filter((i) => i.severity !== 'info').map((i) => [i.code, i.line])).toEqual([
      ['title-row', 2],
      ['missing-label', 3],
    ]);
    expect(exitCode(whole)).toBe(2);
  });

  it('tells a name of no unit at its cell, and leaves its row out', async () => {
    const named = withoutCode(roster, 1).replace(',道县,', ',道州,');
    const report = await check([writeFiles({ 'roster.csv': named })]);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => `${i.line}:${i.column} ${i.code} ${i.field}`)).toEqual(['3:2 foreign-key county_name']);
    expect(messageOf(errors[0]!, 'zh')).toBe('“道州”不是永州市的县市区（文件没有区划代码列，按名称查找）');
    const counted = report.results.find((r) => r.rule === 'T2-08' && r.unit === '431124')!;
    const all = (await check([writeFiles({ 'roster.csv': roster })])).results.find((r) => r.rule === 'T2-08' && r.unit === '431124')!;
    expect(counted.exact).not.toEqual(all.exact);
  });
});

describe('the roster of rescue cases', () => {
  const cases = [
    '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）',
    'JZ001,431102,2025-03-05,是,是',
    'JZ002,431102,2025/3/17,是,否',
    'JZ003,431102,2025年7月1日,否,否',
    'JZ004,431102,45853,是,是',
    'JZ001,431103,2025-08-01,是,是',
    'JZ006,431102,2025-02-30,是,是',
    'JZ007,431102,2025-07-20,否,是',
  ].join('\n');

  it('counts each case in the month and the year of its day, whatever way the day is written', async () => {
    const report = await check([writeFiles({ 'cases.csv': cases })], { rules: 'T2-05' });
    const lingling = report.results.filter((r) => r.unit === '431102').map((r) => [r.period, r.exact, r.status]);
    expect(lingling).toEqual([
      ['2025-03', '50', 'fail'],
      ['2025-07', '100', 'pass'],
      ['2025', '200/3', 'fail'],
    ]);
    expect(report.results.find((r) => r.unit === '431102')?.rosters).toEqual(['rescue_cases']);
  });

  it('refuses a case listed twice in any month or unit, a day the calendar has not, and a return of one not identified', async () => {
    const report = await check([writeFiles({ 'cases.csv': cases })], { rules: 'T2-05' });
    const errors = report.issues
      .filter((i) => i.severity === 'error')
      .map((i) => `${i.line}:${i.column} ${i.code} ${i.params?.value ?? i.params?.id ?? ''}`);
    expect(errors).toEqual(['6:1 roster-duplicate JZ001', '7:3 constraint 2025-02-30', '8:5 constraint 是']);
    // A case is listed once in all, not once a period, and is named by its number.
    const twice = report.issues.find((i) => i.code === 'roster-duplicate')!;
    expect(messageOf(twice, 'en')).toMatch(/: each case_id is listed once in all$/);
    expect(messageOf(twice, 'zh')).toMatch(/：同一救助单号只能列入一次$/);
    expect(report.results.some((r) => r.unit === '431103')).toBe(false);
  });

  it('tells a day written with its year last with the days it may be, year first, and counts it in no month', async () => {
    const text = [
      '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）',
      'A1,431102,3/9/2025,是,是',
      'A2,431102,25/3/2025,是,是',
      'A3,431102,03-03-2025,是,是',
      'A4,431102,13/13/2025,是,是',
      'A5,431102,2025-03-05,是,否',
    ].join('\n');
    const report = await check([writeFiles({ 'cases.csv': text })], { rules: 'T2-05' });
    const errors = report.issues.filter((i) => i.severity === 'error');
    const told = errors.map((i) => [i.line, messageOf(i, 'en'), hintOf(i, 'en')]);
    expect(told).toEqual([
      [
        2,
        '3/9/2025 writes its year last: which is the month and which the day cannot be told',
        'write it year first: 2025-03-09 if it is month/day/year, 2025-09-03 if day/month/year',
      ],
      [3, '25/3/2025 writes its year last', 'write it year first: 2025-03-25'],
      [4, '03-03-2025 writes its year last', 'write it year first: 2025-03-03'],
      [5, '13/13/2025 is not a date', 'write 2025-03-05'],
    ]);
    expect(hintOf(errors[0]!, 'zh')).toBe('按年-月-日填写：月/日/年写成 2025-03-09，日/月/年写成 2025-09-03');
    // Only the case whose day is read counts: 0 of 1 returned in 2025-03.
    expect(report.results.filter((r) => r.unit === '431102').map((r) => [r.period, r.exact])).toEqual([
      ['2025-03', '0'],
      ['2025', '0'],
    ]);
  });
});

describe('a dated roster and --period', () => {
  it('takes the cases of the year or the month asked for, and refuses the others', async () => {
    const text =
      '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）\nA1,431102,2025-03-05,是,是\nA2,431102,2025-11-30,是,是\nA3,431102,2024-12-31,是,是\n';
    const dir = writeFiles({ 'cases.csv': text });
    const year = await check([dir], { rules: 'T2-05', period: '2025' });
    expect(year.issues.filter((i) => i.code === 'unexpected-period').map((i) => i.line)).toEqual([4]);
    const month = await check([dir], { rules: 'T2-05', period: '2025-03' });
    expect(month.issues.filter((i) => i.code === 'unexpected-period').map((i) => i.line)).toEqual([3, 4]);
  });
});

describe('a roster on the command line', () => {
  it('lists its columns and writes its header, which plan-check reads back as that roster; another id is refused', async () => {
    const columns = await runInProcess(['columns', '--roster', 'disabled_allowances']);
    expect(columns.stdout.split('\n')[0]).toBe('person_id\t身份证号\tid\trequired\trecord-id');
    const dir = tempDir();
    const file = join(dir, 'roster.csv');
    expect((await runInProcess(['template', '--roster', 'townships', '-o', file])).code).toBe(0);
    const back = JSON.parse((await runInProcess([file, '--format', 'json'])).stdout) as {
      notices: { code: string }[];
      errors: { code: string }[];
    };
    expect(back.notices.map((n) => n.code)).toContain('roster-read');
    expect(back.errors.map((e) => e.code)).toEqual(['no-data-rows']);
    const unknown = await runInProcess(['template', '--roster', 'nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/has the rosters disabled_allowances, elderly_institutions, townships, rescue_cases/);
  });
});

describe('a sum a number cannot hold', () => {
  it('is kept exact: 999,999,999,999,999 + 0.01 m² is 17 digits, more than a double holds', async () => {
    const schema = {
      type: 'object',
      required: ['facility_id', 'county_code', 'period', 'area'],
      properties: {
        facility_id: { title: '设施编号', type: 'string', 'x-role': 'record-id' },
        county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code' },
        period: { title: '报告期', type: 'string', 'x-role': 'period' },
        area: { title: '建筑面积（平方米）', type: 'number', 'x-unit': 'm2' },
      },
    };
    const plan = {
      ...(loadPlanRaw() as object),
      rosters: [{ id: 'facilities', title: { zh: '设施名册', en: 'facilities' }, schema, gives: { community_facility_area: 'sum(area)' } }],
    };
    const roster = '设施编号,区划代码,报告期,建筑面积（平方米）\nF1,431102,2025-12,999999999999999\nF2,431102,2025-12,0.01\n';
    const summary = '区划代码,报告期,居民户数（户）\n431102,2025-12,1\n';
    const report = await check([writeFiles({ 'facilities.csv': roster, 'summary.csv': summary })], { plan, rules: 'T2-04' });
    // Over 1 household x 100: 99,999,999,999,999,901 m² per hundred households, to the last digit.
    expect(pick(report.results, 'T2-04', '431102')).toMatchObject({ exact: '99999999999999901', rosters: ['facilities'] });
  });
});

describe('a roster in a workbook', () => {
  it('is read from the sheet that holds it, and an ID number Excel stored as a number is told why it fails', async () => {
    const ok = id('431102', '19800101', 1);
    const stored = id('431102', '19800101', 2);
    const book = makeXlsx({
      填表说明: { 1: ['请按身份证号逐人填报'] },
      名册: {
        1: HEADER.split(','),
        2: [ok, '431102', '2025-12', '是', '是', '否', '否'],
        3: [Number(stored), '431102', '2025-12', '是', '否', '否', '否'],
      },
    });
    const report = await check([writeFiles({ 'roster.xlsx': book })], { rules: 'T2-08' });
    expect(report.issues.find((i) => i.code === 'sheet-chosen')?.params?.sheet).toBe('名册');
    const wrong = report.issues.find((i) => i.code === 'id-number')!;
    expect(wrong).toMatchObject({ line: 3, column: 1 });
    expect(wrong.params?.value).toMatch(/^431102\*+\d{3}0$/);
    expect(pick(report.results, 'T2-08', '431102')).toMatchObject({ exact: '50', rosters: ['disabled_allowances'] });
  });
});

describe('headers a roster goes by', () => {
  it('reads a header in the words of the national systems (是否享受生活补贴, 公民身份号码) as the roster', async () => {
    const words = '公民身份号码,区划代码,报告期,是否符合生活补贴条件,是否享受生活补贴,是否符合护理补贴条件,是否享受护理补贴';
    const report = await check([writeFiles({ 'roster.csv': `${words}\n${id('431102', '19800101', 1)},431102,2025-12,是,否,否,否\n` })], {
      rules: 'T2-08',
    });
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(pick(report.results, 'T2-08', '431102')).toMatchObject({ value: 0, rosters: ['disabled_allowances'] });
  });

  it('reads 公民身份号码 or 身份证号码 as 身份证号, and says so', async () => {
    for (const label of ['公民身份号码', '身份证号码']) {
      const text = `${HEADER.replace('身份证号', label)}\n${id('431102', '19800101', 1)},431102,2025-12,是,是,否,否\n`;
      const report = await check([writeFiles({ 'roster.csv': text })], { rules: 'T2-08' });
      expect(report.issues.find((i) => i.code === 'label-normalised')).toMatchObject({
        line: 1,
        column: 1,
        field: 'person_id',
        params: { label, canonical: '身份证号' },
      });
      expect(pick(report.results, 'T2-08', '431102')).toMatchObject({ value: 100, rosters: ['disabled_allowances'] });
    }
  });
});
