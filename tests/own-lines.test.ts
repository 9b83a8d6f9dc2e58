/**
 * The other rosters (docs/rosters.md), whose records are named by other numbers than ID numbers
 * and whose lines differ by more than one field (a day, a name, beds), read from their bytes but
 * for those fields (src/input/roster-lines.ts, OwnRow): held to the usual way's report on
 * generated files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from '../src/check.js';
import { messageOf } from '../src/catalog.js';
import { knownLines } from '../src/input/roster-lines.js';
import { checkCharacter } from '../src/validate/id-number.js';
import { creditCode, firstDifference, reportLines, writeFiles } from './helpers.js';

const UNITS = ['431102', '431103', '431181', '431122', '431123'];

/**
 * A plan of a bureau's own with a roster of ID numbers and fields of a person's own besides (a name,
 * an amount a month); in whole fen or not (multipleOf, as the validator tests it, floating point
 * and all), or with a guardian's ID number besides, which
 * names no record; or of cases, each with its number (单号), the person's ID number, which then
 * names no record, and its kind (an enum).
 */
function dibaoPlan(fen: boolean, cases = false, guardian = false): object {
  const dir = writeFiles({
    'summary.schema.json': JSON.stringify({
      type: 'object',
      required: ['county_code', 'period'],
      properties: {
        county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code', pattern: '^[0-9]{6}$' },
        period: { title: '报告期', type: 'string', 'x-role': 'period', pattern: '^[0-9]{4}(-(0[1-9]|1[0-2]))?$' },
        dibao_persons: { title: '低保对象（人）', type: ['integer', 'null'], minimum: 0 },
        dibao_amount: { title: '低保金（元/月）', type: ['number', 'null'], minimum: 0 },
      },
    }),
    'dibao.schema.json': JSON.stringify({
      type: 'object',
      required: ['person_id', 'county_code', 'period', 'amount'],
      properties: {
        ...(cases
          ? {
              case_id: { title: '单号', type: 'string', 'x-role': 'record-id', pattern: '^[A-Z]{2}[0-9]{6}$' },
              kind: { title: '保障类别', type: 'string', enum: ['城市', '农村'] },
            }
          : {}),
        person_id: { title: '身份证号', type: 'string', ...(cases ? {} : { 'x-role': 'record-id' }), 'x-id': 'gb11643' },
        ...(guardian ? { guardian_id: { title: '监护人身份证号', type: ['string', 'null'], 'x-id': 'gb11643' } } : {}),
        name: { title: '姓名', type: ['string', 'null'], maxLength: 8 },
        county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code', pattern: '^[0-9]{6}$' },
        period: { title: '报告期', type: 'string', 'x-role': 'period', pattern: '^[0-9]{4}(-(0[1-9]|1[0-2]))?$' },
        amount: { title: '月保障金（元）', type: 'number', minimum: 0, maximum: 5000, ...(fen ? { multipleOf: 0.01 } : {}) },
      },
    }),
  });
  return {
    id: 'dibao-plan',
    title: { zh: '低保', en: 'Dibao' },
    issuer: { zh: '民政局', en: 'Bureau' },
    period: { start: 2021, end: 2025 },
    baseline_year: 2020,
    units: 'data/units.yaml',
    submission: join(dir, 'summary.schema.json'),
    rosters: [
      {
        id: 'dibao',
        title: { zh: '低保对象名册', en: 'dibao roster' },
        schema: join(dir, 'dibao.schema.json'),
        gives: { dibao_persons: 'count()', dibao_amount: 'sum(amount)' },
      },
    ],
    rules: [
      {
        id: 'R-01',
        title: { zh: '人均保障金', en: 'Paid a person' },
        attribute: 'binding',
        levels: ['county', 'city'],
        unit: { zh: '元', en: 'yuan' },
        metric: 'sum(dibao_amount) / sum(dibao_persons)',
        target: { op: '>=', value: 600 },
        source: { chapter: '一', quote: '不低于600元' },
      },
    ],
  };
}

describe('rosters of other records read from their bytes but for their own fields', () => {
  const pick = <T>(values: readonly T[], n: number) => values[n % values.length]!;
  /** Faults of a field of a record's own, each in turn with the plain value. */
  const faulty = (plain: string, faults: readonly string[]) =>
    fc.tuple(fc.integer({ min: 0, max: 99 }), fc.nat()).map(([odds, n]) => (odds < 80 ? plain : pick(faults, n)));
  /** Fields many records share, mostly plain (lines then repeat but for their own fields), at times not. */
  const answer = fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.nat())
    .map(([odds, n]) => (odds < 92 ? pick(['是', '否'], n) : pick([' 是', 'Y', '', '"否"'], n)));
  const unit = fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.nat())
    .map(([odds, n]) => (odds < 94 ? pick(UNITS, n) : pick(['431100', '999999', '431102 '], n)));
  const shared = ['-', '无', '/', '', ' ', '"x"', '"', '＿', '１２', "'12", "'x", "'"];
  /** Faults of a name: spaces of both kinds, invisible and control characters, forms NFKC changes, characters past the common ideographs. */
  const names = [
    '院\u3000一',
    '院\u3000',
    '\u200b院',
    '\ufeff院',
    '院\u200f',
    '\u202a院\u202c',
    '（南院）',
    '院（一）',
    '院\u0001一',
    '豈院',
    '㐀院',
    '院𠀀',
    '院',
  ];

  /** An ID number of a unit, born on a day, with its sequence number and check character. */
  const idNumber = (unit: string, year: number, month: number, day: number, sequence: number) => {
    const body = `${unit}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
    return body + checkCharacter(body);
  };
  /** Lines of a plan's own roster of persons (dibaoPlan): an ID number, a name and an amount each, at times at fault, laid out by `cells`. */
  const personsOf = (
    plan: object,
    header: string,
    cells: (line: { person: string; name: string; code: string; period: string; amount: string; n: number; f: number }) => string[],
  ) => ({
    rules: 'R-01',
    header,
    plan,
    line: fc.tuple(fc.integer({ min: 0, max: 2500 }), unit, fc.nat()).chain(([n, code, f]) => {
      const id = idNumber(pick(UNITS, n), 1940 + (n % 60), 1 + (n % 12), 1 + (n % 28), n % 1000);
      const wrong = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
      return fc
        .tuple(
          faulty(id, [
            ...shared,
            wrong,
            id.toLowerCase(),
            ` ${id} `,
            id.slice(0, 15),
            '4.31102E+17',
            `${id.slice(0, 6)}19990231${id.slice(14)}`,
            `${id}1`,
          ]),
          faulty(pick(['张伟', '李娜', 'Wang Fang', '王秀英'], f), [...shared, ...names, '张 三', '一二三四五六七八九']),
          faulty(pick(['600', '612.5', '700.25', '550', '0'], n), [...shared, '-3', '5001', '1e3', '１２', '1,200', '12.345678', ' 600']),
        )
        .map(([person, name, amount]) => cells({ person, name, code, period: pick(['2025-12', '2025-12', '2025-11'], f), amount, n, f }));
    }),
  });
  const kinds: Record<string, { rules: string; header: string; line: fc.Arbitrary<string[]>; plan?: object; variant?: boolean }> = {
    rescue_cases: {
      rules: 'T2-05',
      header: '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）',
      line: fc
        .tuple(
          fc.integer({ min: 0, max: 3000 }),
          unit,
          fc.tuple(fc.integer({ min: 2019, max: 2026 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })),
          answer,
          answer,
          fc.nat(),
        )
        .chain(([n, code, [y, m, d], identified, returned, f]) => {
          const day = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          // Returned where identified, mostly; now and then where not (a cell's fault).
          const back = f % 8 === 0 || identified === '是' ? returned : '否';
          return fc
            .tuple(
              faulty(`JZ${String(n).padStart(6, '0')}`, [...shared, `jz${n}`, `JZ ${n}`, ` JZ${n}`, `JZ${n}…`, 'JZ"1"']),
              faulty(day, [
                ...shared,
                `${y}/${m}/${d}`,
                '45390',
                `${y}年${m}月${d}日`,
                `${y}.${m}.${d}`,
                `${y}${String(m).padStart(2, '0')}01`,
                ` ${day}`,
                `${y}-${m}-${d}`,
                '2024-02-30',
                '2024-13-01',
                '2024/2/30',
                '2024/13/1',
                '2024/1/011',
                '2024/1/',
                '１２３',
              ]),
            )
            .map(([id, date]) => [id, code, date, identified, back]);
        }),
    },
    elderly_institutions: {
      rules: 'T2-10',
      header: '统一社会信用代码,机构名称,区划代码,报告期,床位数（张）,其中护理型床位（张）',
      line: fc
        .tuple(fc.integer({ min: 0, max: 3000 }), unit, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.nat())
        .chain(([n, code, beds, care, f]) =>
          fc
            .tuple(
              faulty(creditCode(`52431100MJ${String(n).padStart(7, '0')}`), [
                ...shared,
                creditCode(`52431100MJ${String(n).padStart(7, '0')}`).toLowerCase(),
                `52431100IO${String(n).padStart(8, '0')}`,
                `5243110${n}`,
                creditCode(`52431100MJ${String(n).padStart(7, '0')}`, true),
              ]),
              faulty(pick(['养老院', 'Home', '敬老院', '幸福院'], n) + n, [...shared, ...names, '—', '张 三', ' 院', 'Ａ院', '"院,一"']),
              fc.constantFrom('2025-12', '2025-12', '2025-12', '2025/12', '2019-12', ''),
              faulty(String(beds), [...shared, '1,234', '12.5', '-3', '1e3', ` ${beds}`, '0012', '1234567890123456', '１２']),
              faulty(String(f % 10 === 0 ? beds + 1 : Math.min(care, beds)), [...shared, '7.0', '00', '999999999999999']),
            )
            .map(([id, name, period, b, c]) => [id, name, code, period, b, c]),
        ),
    },
    townships: {
      rules: 'T2-11,T2-12',
      header: '乡镇（街道）代码,乡镇（街道）名称,区划代码,报告期,有具备综合功能的养老服务机构（是/否）,设有未成年人保护工作站（是/否）',
      line: fc
        .tuple(fc.integer({ min: 0, max: 3000 }), unit, answer, answer)
        .chain(([n, code, a, b]) =>
          fc
            .tuple(
              faulty(`431102${String(n % 1000).padStart(3, '0')}${n < 1000 ? '' : String(n).slice(-3)}`, [
                ...shared,
                `431102${n}x`,
                `4311020${String(n).padStart(5, '0')}`,
                `43110${n}`,
              ]),
              faulty(`乡镇${n}`, [...shared, ...names, 'Town', '街道 一', '—']),
            )
            .map(([id, name]) => [id, name, code, '2025-12', a, b]),
        ),
    },
    // A roster of a plan of a bureau's own: ID numbers, and a name and an amount of each person's own.
    dibao: personsOf(dibaoPlan(false), '身份证号,姓名,区划代码,报告期,月保障金（元）', ({ person, name, code, period, amount }) => [
      person,
      name,
      code,
      period,
      amount,
    ]),
    // The same with a guardian's ID number besides, checked as the person's is and naming no record.
    dibao_guardian: {
      variant: true,
      ...personsOf(
        dibaoPlan(false, false, true),
        '身份证号,监护人身份证号,姓名,区划代码,报告期,月保障金（元）',
        ({ person, name, code, period, amount, f }) => [
          person,
          idNumber(pick(UNITS, f), 1960, 1 + (f % 12), 1 + (f % 28), f % 1000),
          name,
          code,
          period,
          amount,
        ],
      ),
    },
    // The same in whole fen (multipleOf 0.01: 12.345678 is not).
    dibao_fen: {
      variant: true,
      ...personsOf(dibaoPlan(true), '身份证号,姓名,区划代码,报告期,月保障金（元）', ({ person, name, code, period, amount }) => [
        person,
        name,
        code,
        period,
        amount,
      ]),
    },
    // Cases of persons: each a number of its own, the person's ID number checked, never a record's, and a kind of a list.
    dibao_cases: personsOf(
      dibaoPlan(false, true),
      '单号,身份证号,姓名,区划代码,报告期,月保障金（元）,保障类别',
      ({ person, name, code, period, amount, n, f }) => [
        `${n % 7 === 0 ? 'ls' : 'LS'}${String(n).padStart(6, '0')}`,
        person,
        name,
        code,
        period,
        amount,
        pick(['城市', '农村', '城市', '农村', '城市', '郊区', '', '城 市'], f),
      ],
    ),
  };

  /** A roster file of these lines (cells, and odds of a malformed line) in the way given, its report (reportLines) both ways (or from bytes alone), how many lines were read from bytes, and the first report. */
  async function bothWaysOf(
    kind: keyof typeof kinds,
    rows: [string[], number][],
    eol: string,
    encoding: string,
    quoted: boolean,
    delimiter: string,
    period?: string,
    usualToo = true,
    maxErrors = 100_000,
    plan?: object,
  ) {
    const { rules, header } = kinds[kind]!;
    const lines = rows.map(([cells, odds]) => {
      // A line now and then a cell short or over, a total or blank: the usual way's to tell.
      const shaped =
        odds === 0
          ? cells.slice(1)
          : odds === 1
            ? [...cells, 'x']
            : odds === 2
              ? ['合计', ...cells.slice(1).map(() => '')]
              : odds === 3
                ? []
                : cells;
      return (quoted ? shaped.map((cell) => `"${cell.replace(/"/g, '""')}"`) : shaped).join(delimiter);
    });
    const body = [header.split(',').join(delimiter), ...lines].join(eol) + eol;
    const bytes = encoding === 'gb18030' ? iconv.encode(body, 'gb18030') : Buffer.from(encoding === 'utf-8-bom' ? `\ufeff${body}` : body);
    const file = join(writeFiles({ 'roster.csv': bytes }), 'roster.csv');
    const reportOf = async (enabled: boolean) => {
      knownLines.enabled = enabled;
      try {
        const planned = plan ?? kinds[kind]!.plan;
        return await check([file], { rules, maxErrors, ...(period ? { period } : {}), ...(planned ? { plan: planned } : {}) });
      } finally {
        knownLines.enabled = true;
      }
    };
    const before = knownLines.read;
    const report = await reportOf(true);
    return {
      fromBytes: reportLines(report),
      known: knownLines.read - before,
      usual: usualToo ? reportLines(await reportOf(false)) : undefined,
      report,
    };
  }

  for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
    it(`${kind}: gives the usual way report, whatever its lines, line breaks, delimiter, encoding, quotes and period asked for`, async () => {
      // The kinds of a plan's own roster (four, one way of reading them) over two generated files each, the others over three.
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(kinds[kind]!.line, fc.integer({ min: 0, max: 199 })), { minLength: 2000, maxLength: 3000 }),
          fc.constantFrom('\n', '\r\n'),
          fc.constantFrom('utf-8', 'utf-8-bom', 'gb18030'),
          fc.boolean(),
          fc.constantFrom(',', ',', '\t'),
          fc.constantFrom(undefined, undefined, '2024', '2025-12'),
          async (rows, eol, encoding, quoted, delimiter, period) => {
            const { fromBytes, usual } = await bothWaysOf(kind, rows, eol, encoding, quoted, delimiter, period);
            expect(firstDifference(fromBytes, usual)).toBeUndefined();
          },
        ),
        { numRuns: kinds[kind]!.plan ? 2 : 3, endOnFailure: true },
      );
    }, 60_000);

    // Variants of a kind (a guardian's ID number, amounts in fen) are held to the usual way above; how many lines are read from bytes is their kind's.
    if (kinds[kind]!.variant) continue;
    it(`${kind}: reads many lines of a file from their bytes, one of faults in one line in five, its fields in quotes or not`, async () => {
      // Lines are checked a block at a time: a kind of line is known once one of them is found clean, a block or two on.
      // Without a stray quote, which makes the usual way read on to the next one.
      const rows = fc
        .sample(fc.tuple(kinds[kind]!.line, fc.integer({ min: 0, max: 199 })), { numRuns: 6000, seed: 5 })
        .filter(([cells]) => !cells.some((cell) => cell.includes('"')));
      // Its report is the usual way's, as the test above holds; here, how many of its lines were read from their bytes.
      // Its fields as they stand, and every one in quotes (as some exports write them).
      for (const quoted of [false, true]) {
        const { known } = await bothWaysOf(kind, rows, '\n', 'utf-8', quoted, ',', undefined, false);
        expect(known, `quoted: ${quoted}`).toBeGreaterThan(rows.length / 4);
      }
    }, 30_000);
  }

  it('reads lines like a row counted with problems of its shared cells from their bytes, each told of them at its line, as the usual way tells', async () => {
    // One case in 16 returned where not identified, one in 16 of another word: counted, the cell made empty (a month of a
    // unit with such a case has no figure). Their days are of any month, so that a month has cases at fault and not.
    const rows: [string[], number][] = Array.from({ length: 6000 }, (_, i) => {
      const [identified, returned] = i % 16 === 3 ? ['否', '是'] : i % 16 === 5 ? ['是', '也许'] : ['是', i % 2 ? '是' : '否'];
      const month = Math.floor(i / UNITS.length) % 60;
      const day = `${2021 + Math.floor(month / 12)}-${String(1 + (month % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      return [[`JZ${String(i).padStart(6, '0')}`, UNITS[i % UNITS.length]!, day, identified, returned], 99];
    });
    const towns: [string[], number][] = Array.from({ length: 6000 }, (_, i) => [
      [
        `431102${String(i).padStart(6, '0')}`,
        `乡镇${i}`,
        UNITS[i % UNITS.length]!,
        '2025-12',
        i % 4 === 3 ? '也许' : '是',
        i % 2 ? '是' : '否',
      ],
      99,
    ]);
    // The built-in plan, and one that counts the returned whether identified or not (a cell made empty then counts).
    const raw = parse(readFileSync('data/plans/yongzhou-civil-affairs-14th.yaml', 'utf8')) as { rosters: { id: string; gives: object }[] };
    const countsReturned = {
      ...raw,
      units: 'data/units.yaml',
      submission: 'submission',
      rosters: raw.rosters.map((r) => ({
        ...r,
        schema: r.id,
        ...(r.id === 'rescue_cases' ? { gives: { stranded_identified: 'count(identified)', stranded_returned: 'count(returned)' } } : {}),
      })),
    };
    for (const [kind, lines, plan] of [
      ['rescue_cases', rows, undefined],
      ['rescue_cases', rows, countsReturned],
      ['townships', towns, undefined],
    ] as const) {
      for (const maxErrors of [100_000, 40]) {
        const { fromBytes, usual, known } = await bothWaysOf(kind, lines, '\n', 'utf-8', false, ',', undefined, true, maxErrors, plan);
        expect(firstDifference(fromBytes, usual)).toBeUndefined();
        // Past the first blocks, which learn the kinds of line, the lines at fault are read from their bytes too.
        expect(known, `${kind}, ${maxErrors}`).toBeGreaterThan(5_000);
      }
    }
  }, 30_000);

  it('reads an ID number typed with x from its bytes as the person typed with X, listed twice, as the usual way tells', async () => {
    // Persons whose check character is X, each listed again further on with x (in another unit): a second listing each.
    const people: string[] = [];
    for (let n = 0; people.length < 600; n++) {
      const id = idNumber(pick(UNITS, n), 1950 + (n % 50), 1 + (n % 12), 1 + (n % 28), n % 1000);
      if (id.endsWith('X')) people.push(id);
    }
    const line = (id: string, i: number): [string[], number] => [
      [id, pick(['张伟', '李娜'], i), pick(UNITS, i), '2025-12', pick(['600', '612.5'], i)],
      99,
    ];
    const rows = [...people.map(line), ...people.map((id, i) => line(id.toLowerCase(), i + 1))];
    const { fromBytes, usual, known, report } = await bothWaysOf('dibao', rows, '\n', 'utf-8', false, ',');
    expect(known).toBeGreaterThan(600);
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
    expect(report.issues.map((found) => messageOf(found, 'en')).join('\n')).toMatch(/\d{3}X of 2025-12 is already listed/);
  }, 30_000);

  it('reads days written as Excel writes them (2024/3/7) from their bytes as a cell reads them, days of the calendar or not', async () => {
    const forms = [
      '2024/3/7',
      '2024/03/07',
      '2024.3.7',
      '2024-3-7',
      '2024/3-7',
      '2024/2/29',
      '2023/2/29',
      '2024/1/011',
      '2024/13/1',
      '2024/1/0',
      '2024/12/31',
      '2024//7',
      '2024/1/',
      '999/1/1',
      '2024/1/1x',
      '2024-03-07',
    ];
    const rows: [string[], number][] = Array.from({ length: 4000 }, (_, i) => [
      [
        `JZ${String(i).padStart(6, '0')}`,
        UNITS[i % UNITS.length]!,
        i < 1000 ? '2024-03-07' : forms[i % forms.length]!,
        '是',
        i % 2 ? '是' : '否',
      ],
      99,
    ]);
    const { fromBytes, usual, known } = await bothWaysOf('rescue_cases', rows, '\n', 'utf-8', false, ',');
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
    expect(known).toBeGreaterThan(3_000);
  }, 30_000);

  it('counts cases of every month of the plan in their month and year, from the first case on, as the usual way does', async () => {
    // The first cases (those read before a kind of line is known, and the first read from bytes) in the plan's first month, then
    // cases spread over all its months: months far from the first are found as those near it.
    const rows: [string[], number][] = Array.from({ length: 5000 }, (_, i) => {
      const month = i < 1500 ? 0 : (i * 7) % 72;
      const day = `${2020 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      // All returned in even months, half in odd ones: a case counted in another month changes both months' figures.
      return [[`JZ${String(i).padStart(6, '0')}`, UNITS[i % UNITS.length]!, day, '是', month % 2 === 0 || i % 2 ? '是' : '否'], 99];
    });
    const { fromBytes, usual, known } = await bothWaysOf('rescue_cases', rows, '\n', 'utf-8', false, ',');
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
    expect(known).toBeGreaterThan(3000);
  }, 30_000);
});
