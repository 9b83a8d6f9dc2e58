import { describe, expect, it } from 'vitest';
import { CsvTokenizer, ZERO_RUN, type CsvProblem, type RawRecord } from '../src/input/csv.js';

function tokenize(pieces: string[], delimiter = ','): { records: RawRecord[]; problems: CsvProblem[] } {
  const records: RawRecord[] = [];
  const problems: CsvProblem[] = [];
  const tokenizer = new CsvTokenizer(
    delimiter,
    (r) => records.push(r),
    (p) => problems.push(p),
  );
  for (const piece of pieces) tokenizer.write(piece);
  tokenizer.end();
  return { records, problems };
}

describe('CsvTokenizer', () => {
  it('keeps the line each record starts on across quoted line breaks', () => {
    const { records } = tokenize(['a,b\n1,"x\ny"\n2,3\n']);
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\ny']],
      [4, ['2', '3']],
    ]);
  });

  it('reads LF, CRLF and CR files alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { records, problems } = tokenize([`a,b${eol}1,2${eol}3,4${eol}`]);
      expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
      expect(records[2]!.cells).toEqual(['3', '4']);
      expect(problems).toEqual([]);
    }
  });

  it('gives the same records however the text is cut into pieces', () => {
    const text = 'a,"b ""q"""\r\n"1\r\n2",3\r\n,\r\n"x",y\r\n';
    const whole = tokenize([text]);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(tokenize([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    expect(whole.records.map((r) => r.cells)).toEqual([
      ['a', 'b "q"'],
      ['1\r\n2', '3'],
      ['', ''],
      ['x', 'y'],
    ]);
  });

  it('reports an unclosed quote at the line where it opened', () => {
    const { records, problems } = tokenize(['a,b\n1,2\n3,"open\n4,5\n6,7\n']);
    expect(records).toHaveLength(2);
    expect(problems).toEqual([expect.objectContaining({ code: 'unclosed-quote', line: 3, column: 2 })]);
  });

  it('reports stray quotes with line and column, and keeps the text', () => {
    const { records, problems } = tokenize(['a,b\n1,4"5\n"x"y,2\n']);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'stray-quote', line: 2, column: 2 }),
      expect.objectContaining({ code: 'stray-quote', line: 3, column: 1 }),
    ]);
    expect(records[1]!.cells).toEqual(['1', '4"5']);
    expect(records[2]!.cells).toEqual(['xy', '2']);
  });

  it('reads Excel\'s ="…" (a code kept as text) without a stray quote, wherever the text is cut, and tells any other quote in it', () => {
    const text = 'a,b,c\n="431124",="0012",=""\n="43"x,="43,a="b"\n="a"b",=="c",x\n';
    const strays = [
      { line: 3, column: 1 },
      { line: 3, column: 2 },
      { line: 3, column: 3 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ];
    for (let cut = 1; cut <= text.length; cut++) {
      const { records, problems } = tokenize([text.slice(0, cut), text.slice(cut)]);
      expect(records[1]!.cells, `cut at ${cut}`).toEqual(['="431124"', '="0012"', '=""']);
      expect(records[2]!.cells).toEqual(['="43"x', '="43', 'a="b"']);
      expect(
        problems.map(({ code, line, column }) => ({ code, line, column })),
        `cut at ${cut}`,
      ).toEqual(strays.map((at) => ({ code: 'stray-quote', ...at })));
    }
  });

  it('reports mixed line breaks once, at the first line that differs', () => {
    const { problems } = tokenize(['a,b\r\n1,2\n3,4\r\n5,6\n']);
    expect(problems).toEqual([expect.objectContaining({ code: 'mixed-line-breaks', line: 2, params: { found: 'LF', first: 'CRLF' } })]);
  });

  it('accepts LF inside quoted cells of a CRLF file, as Excel writes Alt+Enter', () => {
    const { records, problems } = tokenize(['a,b\r\n1,"x\ny"\r\n2,3\r\n']);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('marks empty lines and splits on other delimiters', () => {
    const { records } = tokenize(['a\tb\n\n1\t2'], '\t');
    expect(records.map((r) => [r.empty, r.cells])).toEqual([
      [false, ['a', 'b']],
      [true, ['']],
      [false, ['1', '2']],
    ]);
  });

  it('reads empty lines in a row as one record, however the text is cut, and the lines after them where they are', () => {
    const text = 'a,b\n\n\n\n1,2\n,\n\n';
    const whole = tokenize([text]);
    expect(whole.records.map((r) => [r.line, r.through, r.empty, r.cells])).toEqual([
      [1, undefined, false, ['a', 'b']],
      [2, 4, true, ['']],
      [5, undefined, false, ['1', '2']],
      [6, undefined, false, ['', '']],
      [7, 7, true, ['']],
    ]);
    for (let cut = 0; cut <= text.length; cut++) expect(tokenize([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  });

  it('hands on the empty lines before a problem found after them, and is not between records while it holds some', () => {
    const order: string[] = [];
    const tokenizer = new CsvTokenizer(
      ',',
      (r) => order.push(`record ${r.line}${r.through ? `-${r.through}` : ''}`),
      (p) => order.push(`${p.code} ${p.line}`),
    );
    tokenizer.write('a,b\n');
    expect(tokenizer.betweenRecords()).toBe('LF');
    tokenizer.write('\n\n');
    expect(tokenizer.betweenRecords()).toBeUndefined();
    tokenizer.write('\r\n1,2\n');
    tokenizer.end();
    expect(order).toEqual(['record 1', 'record 2-4', 'mixed-line-breaks 4', 'record 5']);
  });

  it('tells a run of NULs once where it begins, passes over it and does not read its record, however the text is cut', () => {
    // A save cut short: the second row's last cell (1234) zeros from its third character, the zeros then ending in a row of
    // their own (a block of the disk written again later); the same run inside quotes.
    const zeros = '\0'.repeat(ZERO_RUN + 40);
    const text = `a,b\r\n1,12${zeros}\r\n3,4\r\n"5${zeros}",6\r\n7,8\r\n`;
    const whole = tokenize([text]);
    expect(whole.problems).toEqual([
      { code: 'zero-filled', line: 2, column: 2, params: { line: 2 } },
      { code: 'zero-filled', line: 4, column: 1, params: { line: 4 } },
    ]);
    expect(whole.records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [3, ['3', '4']],
      [5, ['7', '8']],
    ]);
    for (let cut = 0; cut <= text.length; cut += 7) expect(tokenize([text.slice(0, cut), text.slice(cut)]), String(cut)).toEqual(whole);
    // Cut into pieces of one character each, the run too.
    expect(tokenize([...text])).toEqual(whole);
  });

  it('reads fewer NULs than a run as the text of their cell, and a file of NULs alone as no record', () => {
    const few = '\0'.repeat(ZERO_RUN - 1);
    expect(tokenize([`a,b\n1,2${few}\n`, few])).toEqual({
      records: [
        { line: 1, cells: ['a', 'b'], empty: false },
        { line: 2, cells: ['1', `2${few}`], empty: false },
        // The file ends inside its line (RawRecord.unended): the table reads it as a blank line, which says nothing of it.
        { line: 3, cells: [few], empty: false, unended: true },
      ],
      problems: [],
    });
    expect(tokenize(['\0'.repeat(ZERO_RUN * 8)])).toEqual({
      records: [],
      problems: [{ code: 'zero-filled', line: 1, column: 1, params: { line: 1 } }],
    });
  });
});
