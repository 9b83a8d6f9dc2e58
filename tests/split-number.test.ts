/**
 * A number written with its thousands commas outside quotes (src/input/split-number.ts): found
 * where one join alone makes the row fit its columns, and then told once, at its column, with the
 * row read as meant; left as extra cells where the row's types cannot tell where it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hintOf, messageOf } from '../src/catalog.js';
import { check } from '../src/check.js';
import { normaliseCell, type ColumnKind as ColumnKind } from '../src/input/normalise.js';
import { splitNumber, splitNumbers, splitText } from '../src/input/split-number.js';
import { creditCode, writeFiles } from './helpers.js';

const found = (cells: string[], kinds: (ColumnKind | undefined)[]) =>
  splitNumber(
    cells,
    kinds.map((kind) => kind && { kind }),
    kinds.length,
  );

describe('a number split at its thousands commas', () => {
  it('is joined where it is the one numeric column that can hold it', () => {
    // The cells after it read in their columns again: 是 in the yes/no column, not "234" (which no yes/no reads).
    expect(found(['a', '1', '234', '是', '5'], ['text', 'integer', 'boolean', 'integer'])).toEqual({
      from: 2,
      to: 2,
      text: '1,234',
      cells: ['a', '1,234', '是', '5'],
      extra: 1,
      number: true,
    });
    expect(found(['a', '1', '234', '567', '是'], ['text', 'integer', 'boolean'])?.text).toBe('1,234,567');
    expect(found(['a', '1', '234.5', '是'], ['text', 'number', 'boolean'])?.text).toBe('1,234.5');
    expect(found(['a', '51', '800%', '是'], ['text', 'percent', 'boolean'])?.text).toBe('51,800%');
    // Empty cells after the last (formatted Excel columns) are no extra cells.
    expect(found(['a', '1', '234', '是', '', ' '], ['text', 'integer', 'boolean'])?.cells).toEqual(['a', '1,234', '是']);
  });

  it('leaves unread the columns it may be in, where joins at several would make the row fit, and the cells after them read in theirs', () => {
    // 1,234 then 5 and 678, or 1 and 234 then 5,678: the yes/no column's 是 is read either way, the figures not.
    expect(found(['a', '1', '234', '5', '678', '是', '9'], ['text', 'integer', 'integer', 'integer', 'boolean', 'integer'])).toEqual({
      from: 2,
      to: 4,
      cells: ['a', '', '', '', '是', '9'],
      extra: 1,
      number: true,
    });
  });

  it('is weighed against the limits of its columns where joins at several would make the row fit', () => {
    // Persons returned (at most those identified) of 300 after 1,200 identified: joined as 200,300 instead, they would exceed 1.
    const header = [
      { kind: 'text' as const },
      { kind: 'integer' as const, id: 'identified' },
      { kind: 'integer' as const, id: 'returned', lte: 'identified' },
      { kind: 'boolean' as const },
    ];
    expect(splitNumber(['a', '1', '200', '300', '是'], header, 4)).toEqual({
      from: 2,
      to: 2,
      text: '1,200',
      cells: ['a', '1,200', '300', '是'],
      extra: 1,
      number: true,
    });
    expect(
      splitNumber(
        ['a', '1', '200', '300', '是'],
        header.map(({ kind }) => ({ kind })),
        4,
      ),
    ).toEqual({ from: 2, to: 3, cells: ['a', '', '', '是'], extra: 1, number: true });
  });

  it('is not looked for where the row fits as it stands, or no join makes it fit', () => {
    // Its extra cells are then told where they are (after an amount of 1,200 at the end of a line, its 200).
    expect(found(['431102', '张三', '2025-12', '1', '200'], ['text', 'text', 'period', 'number'])).toBeUndefined();
    // Beds of 1,200 and care beds of 600, or beds of 1 and care beds of 200,600: the types cannot tell.
    expect(found(['a', '1', '200', '600'], ['text', 'integer', 'integer'])).toBeUndefined();
    // Figures of 6, 800 and 100, then two extra cells of 9: joined as 6,800,100, the two 9s would fit the figures' columns.
    expect(found(['a', '6', '800', '100', '9', '9'], ['text', 'integer', 'integer', 'integer'])).toBeUndefined();
    // A decimal comma (51,8), a group of other than three digits, a first part of more than three: no thousands.
    expect(found(['a', '51', '8', '是'], ['text', 'number', 'boolean'])).toBeUndefined();
    expect(found(['a', '1', '2345', '是'], ['text', 'integer', 'boolean'])).toBeUndefined();
    expect(found(['a', '1234', '567', '是'], ['text', 'integer', 'boolean'])).toBeUndefined();
    // Not in a column of numbers, or with what follows still not fitting.
    expect(found(['a', '1', '234', '是'], ['text', 'text', 'boolean'])).toBeUndefined();
    expect(found(['a', '1', '234', 'x', '5'], ['text', 'integer', 'boolean', 'integer'])).toBeUndefined();
    // More cells over than a number's commas make, or none over.
    expect(found(['a', '1', '234', '567', '890', '123', '是'], ['text', 'integer', 'boolean'])).toBeUndefined();
    expect(found(['a', '1', '是'], ['text', 'integer', 'boolean'])).toBeUndefined();
  });

  it('is told once at its column, and the row read as meant, where a check finds one', async () => {
    const dir = writeFiles({
      'a.csv': '区划代码,县市区,报告期,居民户数（户）,公益性安葬（放）设施（是/否）\n431124,道县,2025-12,146,000,是\n',
    });
    const report = await check([join(dir, 'a.csv')]);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.line, i.column, i.field])).toEqual([['extra-cell', 2, 4, 'households']]);
    expect(messageOf(errors[0]!, 'en')).toBe(
      'the row has 6 cells, the header only 5: "146,000" is one number split at its thousands comma, read as 146000',
    );
    expect(hintOf(errors[0]!, 'zh')).toBe('把 146,000 写在引号中（"146,000"）或去掉逗号（146000）；否则删除多出的单元格，或为其补上表头');
    // Its yes/no read in its column: T2-06 judged on it.
    expect(report.results.find((r) => r.rule === 'T2-06' && r.level === 'county')?.status).toBe('pass');
  });

  it('joins a number with a word of a unit after it (2,650人) into one cell, which the type check refuses with its fix', async () => {
    expect(found(['a', '2', '650人', '是', '5'], ['text', 'integer', 'boolean', 'integer'])?.cells).toEqual(['a', '2,650人', '是', '5']);
    const dir = writeFiles({
      'a.csv': '区划代码,县市区,报告期,居民户数（户）,公益性安葬（放）设施（是/否）\n431124,道县,2025-12,146,000户,是\n',
    });
    const report = await check([join(dir, 'a.csv')]);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.column, messageOf(i, 'en'), hintOf(i, 'en')])).toEqual([
      [
        'extra-cell',
        4,
        'the row has 6 cells, the header only 5: "146,000户" is one cell split at its comma outside quotes, read as one',
        'write it in quotes ("146,000户"); otherwise, remove the extra cells or give them a header',
      ],
      ['type', 4, '"146,000户" is not a whole number', 'write 146000 without "户": the header gives the unit'],
    ]);
    // Its yes/no read in its column, not a column on.
    expect(report.results.find((r) => r.rule === 'T2-06' && r.level === 'county')?.status).toBe('pass');
  });

  it('tells a later problem of the row at its cell of the line, after the number', async () => {
    const dir = writeFiles({
      'a.csv':
        '区划代码,县市区,报告期,居民户数（户）,公益性安葬（放）设施（是/否）,查明身份信息的流浪乞讨受助人员（人次）,其中接送返回（人次）\n431124,道县,2025-12,146,000,是,10,12\n',
    });
    const report = await check([join(dir, 'a.csv')]);
    // 12 returned of 10 identified: the 8th cell of the line, under the 7th column's header.
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.column, i.field])).toEqual([
      ['extra-cell', 4, 'households'],
      ['constraint', 8, 'stranded_returned'],
    ]);
  });

  it('is not looked for in a file whose cells are parted by another character than a comma', async () => {
    const dir = writeFiles({
      'a.tsv': '区划代码\t县市区\t报告期\t居民户数（户）\t公益性安葬（放）设施（是/否）\n431124\t道县\t2025-12\t146\t000\t是\n',
    });
    const report = await check([join(dir, 'a.tsv')]);
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.column])).toEqual([
      ['extra-cell', 6],
      ['type', 5],
    ]);
  });

  it('is told once where the row cannot tell which of its figures it is, the columns it may be in left unread', async () => {
    // The sample of Dao County (GB18030, as Excel saves it) with its staff of 2,650 written without quotes: 2,650, or 650,690 (an urban standard), or
    // 690,658 make the row fit as well (276,276 too, but as persons returned it would exceed the 146,000 then identified); the columns
    // after 658 are read in their own.
    const sample = iconv.decode(readFileSync('data/samples/2025-12/daoxian.csv'), 'gb18030').split(/\r?\n/);
    const cells = sample[1]!.split(',');
    expect(cells[3]).toBe('2650');
    cells[3] = '2,650';
    const dir = writeFiles({ 'a.csv': `${sample[0]}\n${cells.join(',')}\n` });
    const report = await check([join(dir, 'a.csv')]);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.line, i.column])).toEqual([['extra-cell', 2, 4]]);
    expect(messageOf(errors[0]!, 'en')).toBe(
      `the row has ${cells.length + 1} cells, the header only ${cells.length}: a number in columns 4 to 6 (社会组织专职工作人员数（人） to 上年城市低保标准（元/人·月）) is split at its thousands commas, and those columns are not read`,
    );
    // Read as the sample but for those columns: T2-10 (beds, columns 20-21) and T2-05 (persons returned, 12-13) as the sample's own
    // check judges them, T2-02a (the urban standards, 5-6) without data.
    const own = await check(['data/samples/2025-12/daoxian.csv']);
    const status = (r: typeof report, rule: string) =>
      r.results.find((result) => result.rule === rule && result.level === 'county')?.status;
    expect(status(report, 'T2-10')).toBe(status(own, 'T2-10'));
    expect(status(report, 'T2-05')).toBe(status(own, 'T2-05'));
    expect(status(report, 'T2-02a')).toBe('no_data');
    expect(status(own, 'T2-02a')).not.toBe('no_data');
  });
});

describe('a text split at its commas', () => {
  /** Cells as the table looks at them for a text: codes and periods by their shape, numbers and yes/no as read. */
  const shapes: Record<string, RegExp> = {
    code: /^\d{6}$/,
    period: /^\d{4}(?:-\d{2})?$/,
    integer: /^\d*$/,
    boolean: /^(?:是|否)?$/,
    text: /^/,
  };
  const textFound = (cells: string[], kinds: string[]) =>
    splitText(
      cells,
      kinds.map((kind) => ({ kind: (kind === 'code' ? 'text' : kind) as ColumnKind, freeText: kind === 'text' })),
      kinds.length,
      (raw, column) => shapes[kinds[column]!]!.test(raw),
    );

  it('is joined where one text column alone can hold it, and the columns it may be in left unread where several can', () => {
    expect(textFound(['431124', '道县', '经开区', '2025-12', '5', '是'], ['code', 'text', 'period', 'integer', 'boolean'])).toEqual({
      from: 2,
      to: 2,
      text: '道县,经开区',
      cells: ['431124', '道县,经开区', '2025-12', '5', '是'],
      extra: 1,
      number: false,
    });
    // A note of three clauses, then a figure.
    expect(textFound(['431124', '一', '二', '三', '5'], ['code', 'text', 'integer'])?.text).toBe('一,二,三');
    // A name and an address side by side: either may hold the comma.
    expect(textFound(['431124', '张三', '道县', '濂溪街道', '5'], ['code', 'text', 'text', 'integer'])).toEqual({
      from: 2,
      to: 3,
      cells: ['431124', '', '', '5'],
      extra: 1,
      number: false,
    });
  });

  it('reads no column wrong: on any row with one text of commas, the columns read hold their own cells', () => {
    const kinds = fc.array(fc.constantFrom('text', 'integer', 'boolean', 'period'), { minLength: 1, maxLength: 8 });
    const cellOf = (kind: string) =>
      ({
        text: fc.constantFrom('道县', '张三', '濂溪街道'),
        integer: fc.constantFrom('5', '120', '0'),
        boolean: fc.constantFrom('是', '否'),
        period: fc.constant('2025-12'),
      })[kind]!;
    const row = kinds.chain((ks) =>
      fc.tuple(
        fc.constant(['code', ...ks]),
        fc.tuple(...ks.map(cellOf)),
        fc.nat(ks.length - 1),
        fc.array(fc.constantFrom('甲', '乙', '丙'), { minLength: 1, maxLength: 3 }),
      ),
    );
    fc.assert(
      fc.property(row, ([ks, cells, at, clauses]) => {
        const commaAt = ks.indexOf('text', at + 1);
        fc.pre(commaAt > 0);
        const meant = ['431124', ...cells];
        meant[commaAt] = [meant[commaAt], ...clauses].join(',');
        const split = textFound(
          meant.flatMap((cell) => cell.split(',')),
          [...ks],
        );
        if (!split) return;
        expect(split.cells).toHaveLength(ks.length);
        for (let j = 0; j < ks.length; j++)
          expect(split.cells[j]).toBe(j + 1 >= split.from && j + 1 <= split.to && split.text === undefined ? '' : meant[j]);
      }),
      { numRuns: 300 },
    );
  });

  it('is not looked for where the row fits as it stands, or no join makes it fit', () => {
    expect(textFound(['431124', '道县', '2025-12', '5', 'x'], ['code', 'text', 'period', 'integer'])).toBeUndefined();
    // A note at the end of the row, its clauses after its first then told as the extra cells they are.
    expect(textFound(['431124', '5', '一', '二', '三'], ['code', 'integer', 'text'])).toBeUndefined();
    // The code's column cannot hold it: 431124,道县 is no code.
    expect(textFound(['431124', '道县', '2025-12', '5'], ['code', 'period', 'integer'])).toBeUndefined();
    // A cell after it that fits nowhere (5a) is no comma's doing.
    expect(textFound(['431124', '道县', '经开区', '2025-12', '5a'], ['code', 'text', 'period', 'integer'])).toBeUndefined();
  });

  it("is told once at its column in a county's row, which is then read as written: its name then checked against its code", async () => {
    const dir = writeFiles({
      'a.csv': '区划代码,县市区,报告期,居民户数（户）,公益性安葬（放）设施（是/否）\n431124,道县,经开区,2025-12,146000,是\n',
    });
    const report = await check([join(dir, 'a.csv')]);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.line, i.column, i.field])).toEqual([
      ['extra-cell', 2, 2, 'county_name'],
      ['foreign-key', 2, 2, 'county_name'],
    ]);
    expect(messageOf(errors[0]!, 'en')).toBe(
      'the row has 6 cells, the header only 5: "道县,经开区" is one cell split at its comma outside quotes, read as one',
    );
    expect(hintOf(errors[0]!, 'zh')).toBe('把它写在引号中（"道县,经开区"）；否则删除多出的单元格，或为其补上表头');
  });

  it('gives an institution whose name holds a comma outside quotes its beds, as the same name in quotes would', async () => {
    const header = '统一社会信用代码,机构名称,区划代码,报告期,床位数（张）,其中护理型床位（张）';
    const rows = (name: string) =>
      [
        header,
        ...Array.from(
          { length: 4 },
          (_, i) => `${creditCode(`52431127MJ${String(i).padStart(7, '0')}`)},${i === 2 ? name : `敬老院${i}`},431127,2025-12,130,74`,
        ),
      ].join('\n');
    const read = (name: string) => check([join(writeFiles({ 'institutions.csv': rows(name) }), 'institutions.csv')]);
    const quoted = await read('"蓝山县,城区敬老院"');
    const unquoted = await read('蓝山县,城区敬老院');
    expect(unquoted.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line, i.field])).toEqual([
      ['extra-cell', 4, 'institution_name'],
    ]);
    expect(quoted.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(unquoted.results).toEqual(quoted.results);
  });
});

describe('numbers split at their thousands commas in several columns', () => {
  const several = (cells: string[], kinds: ColumnKind[], budget = { left: 1e6 }) =>
    splitNumbers(
      cells,
      kinds.map((kind) => ({ kind })),
      kinds.length,
      budget,
    );

  it('are each read whole where one way alone makes the row fit, and the cells after them read in their columns', () => {
    // 1,200 (200 is no yes/no), then 35 (35,2 is no number), then 2,500 (500 is no yes/no).
    expect(
      several(['a', '1', '200', '是', '35', '2', '500', '否'], ['text', 'integer', 'boolean', 'integer', 'integer', 'boolean']),
    ).toEqual({
      from: 2,
      to: 5,
      cells: ['a', '1,200', '是', '35', '2,500', '否'],
      extra: 2,
      number: true,
      joined: [
        { column: 2, text: '1,200' },
        { column: 5, text: '2,500' },
      ],
      shifts: [0, 0, 1, 1, 1, 2],
      unread: [],
    });
    // An empty cell between them is read as it stands, not taken for a column the ways differ on.
    expect(
      several(['a', '1', '200', '是', '', '2', '500', '否'], ['text', 'integer', 'boolean', 'integer', 'integer', 'boolean'])?.unread,
    ).toEqual([]);
  });

  it('leave unread the columns the ways differ on, and read those they agree on', () => {
    // 1,200 and 300, or 1 and 200,300: the yes/no after them is read either way, and 4,500 after it.
    expect(several(['a', '1', '200', '300', '是', '4', '500'], ['text', 'integer', 'integer', 'boolean', 'integer'])).toEqual({
      from: 2,
      to: 5,
      cells: ['a', '', '', '是', '4,500'],
      extra: 2,
      number: true,
      joined: [{ column: 5, text: '4,500' }],
      shifts: [0, 0, 0, 1, 1],
      unread: [2, 3],
    });
  });

  it('read no column wrong: on any row of figures written with their thousands commas, each column read holds its own figure', () => {
    // A column of whole numbers, or of yes/no; its figure written as a script writes it, 1,234,567.
    const column = fc.oneof(
      fc.record({
        kind: fc.constant<ColumnKind>('integer'),
        value: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9_999_999 })),
      }),
      fc.record({ kind: fc.constant<ColumnKind>('boolean'), value: fc.constantFrom('是', '否') }),
    );
    fc.assert(
      fc.property(fc.array(column, { minLength: 2, maxLength: 12 }), (columns) => {
        const kinds: ColumnKind[] = ['text', ...columns.map((c) => c.kind)];
        const written = columns.map(({ value }) => (typeof value === 'number' ? value.toLocaleString('en-US') : value));
        const cells = ['a', ...written.flatMap((text) => text.split(','))];
        const split = splitNumbers(
          cells,
          kinds.map((kind) => ({ kind })),
          kinds.length,
          { left: 1e9 },
        );
        if (!split) return;
        expect(split.cells).toHaveLength(kinds.length);
        for (let j = 1; j < kinds.length; j++) {
          if (split.unread!.includes(j + 1)) expect(split.cells[j]).toBe('');
          else expect(normaliseCell(split.cells[j]!, kinds[j]!)).toEqual(normaliseCell(written[j - 1]!, kinds[j]!));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are not looked for where no way makes the row fit, nor past what the file may spend', () => {
    expect(several(['a', '1', '200', 'x', '2', '500'], ['text', 'integer', 'boolean', 'integer'])).toBeUndefined();
    // Figures that fit their columns as they stand, then two cells over: told where they are, not read as 6,800,100.
    expect(several(['a', '6', '800', '100', '9', '9'], ['text', 'integer', 'integer', 'integer'])).toBeUndefined();
    const budget = { left: 10 };
    expect(
      several(['a', '1', '200', '是', '35', '2', '500', '否'], ['text', 'integer', 'boolean', 'integer', 'integer', 'boolean'], budget),
    ).toBeUndefined();
    expect(budget.left).toBe(10);
  });

  it('are told once, and the row read as the same numbers in quotes would be', async () => {
    const header = '区划代码,县市区,报告期,居民户数（户）,公益性安葬（放）设施（是/否）,养老机构床位数（张）,其中护理型床位（张）';
    const read = (row: string) => check([join(writeFiles({ 'a.csv': `${header}\n${row}\n` }), 'a.csv')]);
    const quoted = await read('431124,道县,2025-12,"146,000",是,"1,300",740');
    const unquoted = await read('431124,道县,2025-12,146,000,是,1,300,740');
    const errors = unquoted.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.line, i.column, i.field])).toEqual([['extra-cell', 2, 4, 'households']]);
    expect(messageOf(errors[0]!, 'en')).toBe(
      'the row has 9 cells, the header only 7: numbers split at their thousands commas are read whole ("146,000" in column 4, "1,300" in column 6)',
    );
    expect(unquoted.results).toEqual(quoted.results);
  });

  it('name the columns the ways differ on, in either language', async () => {
    const header = '区划代码,县市区,报告期,居民户数（户）,养老机构床位数（张）,公益性安葬（放）设施（是/否）,社会组织专职工作人员数（人）';
    const report = await check([join(writeFiles({ 'a.csv': `${header}\n431124,道县,2025-12,1,200,300,是,4,500\n` }), 'a.csv')]);
    const [error] = report.issues.filter((i) => i.severity === 'error');
    expect([error!.column, error!.field]).toEqual([4, undefined]);
    expect(messageOf(error!, 'en')).toBe(
      'the row has 9 cells, the header only 7: numbers split at their thousands commas are read whole ("4,500" in column 7); columns 4-5 could be read more ways than one and are not read',
    );
    expect(messageOf(error!, 'zh')).toBe(
      '本行有 9 个单元格，表头只有 7 个：被千位分隔的逗号拆成几格的数已各按一个数读取（第 7 列“4,500”）；第 4-5 列有多种读法，未读取',
    );
  });
});
