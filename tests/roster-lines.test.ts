/**
 * A long roster's lines read from their bytes (src/input/roster-lines.ts) give the report the
 * usual way gives, on rosters of every kind of line: held side by side on generated files.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { check, summarize, type Report } from '../src/check.js';
import { knownLines } from '../src/input/roster-lines.js';
import { SMALL_FILE_BYTES } from '../src/input/sources.js';
import { LineTable, Pieces, piecesHash } from '../src/input/line-table.js';
import { normaliseCell } from '../src/input/normalise.js';
import { checkCharacter, checkedIdKey, idKeyOfBytes, idProblem } from '../src/validate/id-number.js';
import { REPORTERS } from '../src/report/index.js';
import { firstDifference, reportLines, writeFiles } from './helpers.js';

const HEADER = '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）';
const UNITS = ['431102', '431103', '431181', '431122', '431123'];

/** An ID number of a region, born on a date, with a sequence number and its check character. */
const idNumber = (region: string, date: string, sequence: number) => {
  const body = `${region}${date}${String(sequence).padStart(3, '0')}`;
  return body + checkCharacter(body);
};

describe('ID numbers read from bytes', () => {
  it('give the key of checkedIdKey exactly when idProblem finds nothing in the cell as it is read', () => {
    const date = fc
      .tuple(fc.integer({ min: 1790, max: 2210 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`);
    const valid = fc
      .tuple(fc.integer({ min: 0, max: 999_999 }), date, fc.integer({ min: 0, max: 999 }))
      .map(([r, d, s]) => idNumber(String(r).padStart(6, '0'), d, s));
    const typo = fc
      .tuple(valid, fc.integer({ min: 0, max: 17 }), fc.constantFrom('0', '7', 'X', 'x', ' ', 'a', '９'))
      .map(([id, at, c]) => id.slice(0, at) + c + id.slice(at + 1));
    fc.assert(
      fc.property(fc.oneof(valid, typo, fc.stringMatching(/^[0-9X]{18}$/)), (id) => {
        const bytes = Buffer.from(`,${id},`);
        const cell = normaliseCell(id, 'id');
        const expected = typeof cell === 'string' && idProblem(cell) === undefined ? checkedIdKey(cell) : undefined;
        expect(bytes.length === 20 ? idKeyOfBytes(bytes, 1) : undefined).toBe(bytes.length === 20 ? expected : undefined);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the table of lines by their bytes', () => {
  /** A block holding the texts one after another, and each text's pieces: its parts split at |. */
  const laidOut = (texts: string[]) => {
    const block = Buffer.from(texts.join(''), 'latin1');
    let at = 0;
    const pieces = texts.map((text) => {
      const found = new Pieces();
      for (const part of text.split('|')) {
        found.push(at, at + part.length);
        at += part.length + 1;
      }
      at -= 1;
      return found;
    });
    return { block, pieces };
  };

  it('finds what was kept for the same bytes, wherever they stand, as a map of the texts does', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ',', '|', '是'), { maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 60 }), (texts) => {
        const { block, pieces } = laidOut(texts);
        const table = new LineTable<number>();
        const byText = new Map<string, number>();
        texts.forEach((t, i) => {
          const key = { hash: piecesHash(block, pieces[i]!), pieces: pieces[i]! };
          const canonical = t
            .split('|')
            .map((part) => `${part}\n`)
            .join('');
          expect(table.get(block, key.pieces, key.hash)).toBe(byText.get(canonical));
          expect(table.set(block, key, i)).toBe(!byText.has(canonical));
          if (!byText.has(canonical)) byText.set(canonical, i);
          expect(table.get(block, key.pieces, key.hash)).toBe(byText.get(canonical));
        });
        expect(table.size).toBe(byText.size);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a few entries under one hash, so that lines made to share it cost a few comparisons', () => {
    const texts = ['a|b', 'ab', 'a|', '|b', 'b|a', 'ba'];
    const { block, pieces } = laidOut(texts);
    const table = new LineTable<string>();
    const kept = texts.map((t, i) => table.set(block, { hash: 7, pieces: pieces[i]! }, t));
    expect(kept).toEqual([true, true, true, true, false, false]);
    texts.forEach((t, i) => expect(table.get(block, pieces[i]!, 7)).toBe(i < 4 ? t : undefined));
  });
});

/** One line of a roster: mostly clean and repeating but for the ID number, with every kind of fault mixed in. */
const line = fc
  .tuple(
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: UNITS.length - 1 }),
    fc.integer({ min: 0, max: 15 }),
    fc.integer({ min: 1, max: 400 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([kind, unit, answers, person, variant]) => {
    const yes = (bit: number) => ((answers >> bit) & 1 ? '是' : '否');
    const [a, b, c, d] = [yes(0), answers & 1 ? yes(1) : '否', yes(2), answers & 4 ? yes(3) : '否'];
    const code = UNITS[unit]!;
    const id = idNumber(code, `19${50 + (person % 40)}0${1 + (person % 9)}1${person % 10}`, person);
    const cells = [id, code, '2025-12', a, b, c, d];
    if (kind < 70) return cells;
    const faults: (() => string[])[] = [
      () => [id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), ...cells.slice(1)], // check character
      () => [id.slice(0, 17), ...cells.slice(1)], // 17 characters
      () => [id.toLowerCase().replace('X', 'x'), ...cells.slice(1)],
      () => [` ${id}`, ...cells.slice(1)],
      () => [`="${id}"`, ...cells.slice(1)], // Excel's text form, as some exports write ID numbers
      () => [`="${id.toLowerCase()}"`, ...cells.slice(1)],
      () => [[`="${id}"x`, `="${id}`, `=" ${id}"`, `=="${id}"`][variant % 4]!, ...cells.slice(1)],
      () => [[`'${id}`, `'${id.toLowerCase()}`, `''${id}`, `'${id} `][variant % 4]!, `'${code}`, ...cells.slice(2)], // Excel's apostrophe, as some systems mark text
      () => [id, code, '2025-12', '否', '是', c, d], // paid without being eligible
      () => [id, code, '2025-12', 'Y', b, '', d],
      () => [id, '431100', '2025-12', a, b, c, d], // the whole's own code
      () => [id, '999999', '2025-12', a, b, c, d],
      () => [id, code, ['2025/12', '2019-12', '45992', '2025-13'][variant % 4]!, a, b, c, d],
      () => [id, code, '2025-12', a, b, c], // a cell short
      () => [id, code, '2025-12', a, b, c, d, 'x'], // a cell over
      () => [],
      () => ['合计', '', '', '', '', '', ''],
      () => [id, code, '2025-12', `"${a}"`, b, c, d],
      () => [`"${id}`, `${code}"`, '2025-12', a, b, c, d], // a quote left open across lines
      () => [idNumber(UNITS[0]!, '19500111', 1), UNITS[1]!, '2025-12', a, b, c, d], // one person in two units
    ];
    return faults[(kind - 70) % faults.length]!();
  });

/**
 * A name per person, under a column of no schema's (not read): Chinese, Latin, empty, with the
 * delimiter or a quote in it (a field too many, or quoted as the export quotes it), or bytes of no
 * encoding (NUL, made 0xFF below).
 */
const name = fc.constantFrom(
  '张三',
  '李四',
  'Wang Wu',
  '',
  '王小明',
  'Ａ',
  '\u0000',
  '张三',
  'Li, Wei',
  'Zhang "San"',
  'Li\tWei',
  '张\n三',
  '王\r五',
);

/** What an export with two formatted empty columns puts after a line's last cell: mostly nothing, at times a value (in the second: a cell too many fills the first), or no such cells. */
const tail = fc.constantFrom(',,', ',,', ',,', ',,', ',,x', '');

/** A roster file's report (reportLines) with lines read from their bytes and the usual way only, how many lines were read from bytes, and the first report. */
async function bothWays(
  bytes: Uint8Array,
  maxErrors = 100_000,
): Promise<{ fromBytes: string[]; usual: string[]; known: number; report: Report }> {
  const file = join(writeFiles({ 'roster.csv': bytes }), 'roster.csv');
  const reportOf = async (enabled: boolean) => {
    knownLines.enabled = enabled;
    try {
      return await check([file], { rules: 'T2-08,T2-09', maxErrors });
    } finally {
      knownLines.enabled = true;
    }
  };
  const before = knownLines.read;
  const report = await reportOf(true);
  const known = knownLines.read - before;
  return { fromBytes: reportLines(report), usual: reportLines(await reportOf(false)), known, report };
}

describe('a long roster read from its bytes', () => {
  it('gives the usual way report: every result, problem and count, whatever its lines, line breaks, delimiter, encoding and columns', async () => {
    const read: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, name, tail), { minLength: 3500, maxLength: 4500 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('utf-8', 'utf-8-bom', 'gb18030'),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 7 })),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(',', ',', '\t', ';'),
        async (rows, eol, encoding, mixed, nameAt, blanks, quoted, delimiter) => {
          // An export may quote every field (its faults' own quotes then doubled, as the usual way reads them).
          const quote = (cells: string[]) => (quoted ? cells.map((cell) => `"${cell.replace(/"/g, '""')}"`) : cells);
          const withName = (cells: string[], value: string) =>
            quote(nameAt === null || cells.length === 0 ? cells : [...cells.slice(0, nameAt), value, ...cells.slice(nameAt)]);
          // Bytes of no encoding in a GB18030 file, past the head its encoding is told from (in a UTF-8 file they make it one of
          // mixed lines, which is read the usual way throughout).
          // A value under a blank label is told of once, at its first: the first comes late, among lines read from bytes.
          const trailing = (after: string, index: number) => (!blanks ? '' : index < 3000 && after === ',,x' ? ',,' : after);
          const lines = rows.map(
            ([cells, value, after], index) =>
              withName(cells, value === '\u0000' && (encoding !== 'gb18030' || index < 2000) ? '' : value).join(delimiter) +
              (cells.length > 0 ? trailing(after, index).replace(/,/g, delimiter) : ''),
          );
          const header = withName(HEADER.split(','), '姓名').join(delimiter) + (blanks ? delimiter.repeat(2) : '');
          const body = [header, ...lines].join(eol) + eol + (mixed ? `${lines[0]}${eol === '\n' ? '\r\n' : '\n'}${lines[1]}${eol}` : '');
          const encoded =
            encoding === 'gb18030' ? iconv.encode(body, 'gb18030') : Buffer.from(encoding === 'utf-8-bom' ? `\ufeff${body}` : body);
          const bytes = encoded.map((byte) => (byte === 0 ? 0xff : byte));
          const { fromBytes, usual, known } = await bothWays(bytes);
          read.push(known);
          // Lines were read from their bytes in every file (those after the blocks that learn them): both ways were taken.
          expect(known, JSON.stringify({ eol, encoding, mixed, nameAt, blanks, quoted, delimiter })).toBeGreaterThan(100);
          expect(firstDifference(fromBytes, usual)).toBeUndefined();
        },
      ),
      // A failure is told with its seed and path at once: shrinking files of thousands of lines takes long.
      { numRuns: 6, endOnFailure: true },
    );
    expect(read).toHaveLength(6);
  }, 60_000);

  it('gives the usual way report when the last column is not read and lines have a field past it', async () => {
    // A name last: the line's fields are found up to it, and a delimiter inside it is a field too many.
    const names = ['张三', '李四', 'Wang Wu', ''];
    const lines = fc
      .sample(line, { numRuns: 12_000, seed: 11 })
      .map((cells, i) => (cells.length ? [...cells, names[i % names.length]!, ...(i % 50 === 49 ? ['x'] : [])] : cells).join(','));
    const { fromBytes, usual, known } = await bothWays(Buffer.from([`${HEADER},姓名`, ...lines].join('\n') + '\n'));
    expect(known).toBeGreaterThan(5_000);
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
  }, 60_000);

  it('lists second listings up to the limit in full and counts the rest, as the usual way does', async () => {
    const people = Array.from(
      { length: 3000 },
      (_, i) => `${idNumber(UNITS[i % 5]!, `1980010${1 + Math.floor(i / 1000)}`, i % 1000)},${UNITS[i % 5]},2025-12,是,是,否,否`,
    );
    const both = await bothWays(Buffer.from([HEADER, ...people, ...people].join('\n') + '\n'), 25);
    expect(both.known).toBeGreaterThan(2_000);
    expect(firstDifference(both.fromBytes, both.usual)).toBeUndefined();
    const report = JSON.parse(REPORTERS.json!.render(both.report, { lang: 'en', color: false })) as {
      errors: { code: string; message: string }[];
      notices: { code: string; message: string }[];
      summary: { errors: number };
    };
    expect(report.errors).toHaveLength(25);
    // Each listed one names the record (masked) and both places.
    for (const error of report.errors)
      expect(error.message).toMatch(
        /^431\d{3}\*{8}\d{3}[\dX] of 2025-12 is already listed at .*roster\.csv:\d+ \(431\d{3} .+\); this row \(431\d{3} .+\) is not counted/,
      );
    expect(report.notices.find((n) => n.code === 'too-many-errors')?.message).toMatch(/^2,975 more problems/);
    expect(report.summary.errors).toBe(3000);
  }, 60_000);

  it('reads lines like a row counted with problems of its other cells from their bytes, each told of them at its own line, as the usual way tells', async () => {
    // One line in four has an answer of another word or 是 paid where 否 eligible: counted, with the answer's problem.
    const faulty = (i: number) => (i % 8 === 3 ? ['也许', '是'] : ['否', '是']);
    const lines = Array.from({ length: 6000 }, (_, i) => {
      const unit = UNITS[i % UNITS.length]!;
      const [a, b] = i % 4 === 3 ? faulty(i) : i % 2 ? ['是', '是'] : ['否', '否'];
      return `${idNumber(unit, `1960${String(1 + (i % 12)).padStart(2, '0')}1${i % 9}`, i % 1000)},${unit},2025-12,${a},${b},否,否`;
    });
    const bytes = Buffer.from([HEADER, ...lines].join('\n') + '\n');
    // Listed in full, and past a limit of listing (then counted): the same report both ways.
    for (const maxErrors of [100_000, 40]) {
      const { fromBytes, usual, known, report } = await bothWays(bytes, maxErrors);
      expect(firstDifference(fromBytes, usual)).toBeUndefined();
      // Past the first blocks, which learn the kinds of line, the faulty lines are read from their bytes too.
      expect(known).toBeGreaterThan(5_000);
      if (maxErrors > 1_000) expect(summarize(report).errors).toBe(1500);
    }
  }, 30_000);

  it('gives the usual way report for files of one header, blank labels or not', async () => {
    // Each way of the header in its own runs: drawn at random, all five runs came out with blank labels
    // one time in 32, and lines under such a header are read the usual way (a field short of it).
    for (const blanks of [false, true]) {
      const counts: number[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(line, { minLength: 600, maxLength: 900 }), { minLength: 2, maxLength: 4 }),
          fc.constantFrom('\n', '\r\n'),
          async (files, eol) => {
            const header = HEADER + (blanks ? ',,' : '');
            const folder = writeFiles(
              Object.fromEntries(
                files.map((lines, i) => [
                  `${431102 + i}.csv`,
                  [header, ...lines.map((cells, j) => cells.join(',') + (blanks && j % 97 === 5 ? ',,x' : ''))].join(eol) + eol,
                ]),
              ),
            );
            const report = async (enabled: boolean) => {
              knownLines.enabled = enabled;
              try {
                return reportLines(await check([folder], { rules: 'T2-08,T2-09', maxErrors: 100_000 }));
              } finally {
                knownLines.enabled = true;
              }
            };
            const before = knownLines.read;
            const fromBytes = await report(true);
            counts.push(knownLines.read - before);
            expect(firstDifference(fromBytes, await report(false))).toBeUndefined();
          },
        ),
        { numRuns: blanks ? 2 : 3, endOnFailure: true },
      );
      if (!blanks) expect(Math.max(...counts)).toBeGreaterThan(500);
    }
  }, 60_000);

  it('tells a value under a blank label in each file whose lines are like those of another', async () => {
    // The same lines in both files but for the persons, a value under the blank label every 300th.
    const text = (year: number) =>
      [
        `${HEADER},,`,
        ...Array.from(
          { length: 1000 },
          (_, i) => `${idNumber('431102', `${year}0101`, i)},431102,2025-12,是,是,否,否,,${i % 300 === 299 ? 'x' : ''}`,
        ),
      ].join('\n') + '\n';
    const folder = writeFiles({ 'a.csv': text(1980), 'b.csv': text(1981) });
    const before = knownLines.read;
    const report = await check([folder], { rules: 'T2-08,T2-09' });
    const told = report.issues.filter((i) => i.code === 'blank-label').map((i) => i.file.slice(-5));
    expect(told).toEqual(['a.csv', 'b.csv']);
    // Most lines were read from their bytes all the same.
    expect(knownLines.read - before).toBeGreaterThan(1000);
  });

  it('reads ID numbers in Excel\'s ="…" from their bytes, as the usual way reads them, and the lines like them', async () => {
    // Every ID number in Excel's text form, as some exports write them; one in twenty faulty or lowercase x, one in fifty broken.
    const lines = fc.sample(line, { numRuns: 3500, seed: 13 }).map((cells, i) => {
      if (cells.length === 0 || !/^\d{17}[\dXx]$/.test(cells[0]!)) return cells.join(',');
      const id = i % 20 === 7 ? cells[0]!.toLowerCase() : cells[0]!;
      return [i % 50 === 9 ? `="${id}"x` : `="${id}"`, ...cells.slice(1)].join(',');
    });
    const { fromBytes, usual, known } = await bothWays(Buffer.from(`${HEADER}\n${lines.join('\n')}\n`));
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
    expect(known).toBeGreaterThan(1500);
  }, 30_000);

  it('reads disability certificate numbers (an ID number, a category and a grade) from their bytes, as the usual way reads them', async () => {
    // A roster of certificates alone: one in twenty of another category or grade (no certificate), quoted or padded, an ID
    // number alone; the faults of the lines above besides.
    const lines = fc.sample(fc.tuple(line, fc.integer({ min: 0, max: 99 })), { numRuns: 3500, seed: 17 }).map(([cells, odds]) => {
      if (cells.length === 0) return '';
      const tail = odds < 5 ? ['08', '81', '95', '1'][odds % 4]! : odds < 10 ? '' : `${1 + (odds % 7)}${1 + (odds % 4)}`;
      const number = `${cells[0]!}${tail}`;
      const written = odds % 25 === 3 ? `"${number}"` : odds % 25 === 4 ? ` ${number} ` : number;
      return [written, ...cells.slice(1)].join(',');
    });
    const header = HEADER.replace('身份证号', '残疾人证号');
    const { fromBytes, usual, known } = await bothWays(Buffer.from(`${header}\n${lines.join('\n')}\n`));
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
    expect(known).toBeGreaterThan(1500);
  }, 30_000);

  it('gives the usual way report for a file read in pieces, its CRLF cut between them', async () => {
    const lines = fc.sample(line, { numRuns: 25_000, seed: 7 }).map((cells) => cells.join(','));
    const text = (title: string) => Buffer.from([title, HEADER, ...lines].join('\r\n') + '\r\n');
    // A title row long enough that a CR ends the first piece read (64 KiB) and its LF begins the next.
    const piece = 64 * 1024;
    const bytes = text(`名册${' '.repeat(piece - 1 - text('名册').lastIndexOf(0x0d, piece - 1))}`);
    expect([bytes[piece - 1], bytes[piece]]).toEqual([0x0d, 0x0a]);
    // Past what is read in one call: the file comes in pieces.
    expect(bytes.length).toBeGreaterThan(SMALL_FILE_BYTES);
    const { fromBytes, usual, known } = await bothWays(bytes);
    expect(known).toBeGreaterThan(12_000);
    expect(firstDifference(fromBytes, usual)).toBeUndefined();
  }, 60_000);
});
