import { describe, expect, it } from 'vitest';
import { excerpt, isBlankCell, normaliseCell, type ColumnKind } from '../src/input/normalise.js';

describe('normaliseCell', () => {
  it.each<[string, ColumnKind, unknown]>([
    ['40,791', 'integer', 40791],
    ['1,234,567.5', 'number', 1234567.5],
    ['４０７９１', 'integer', 40791],
    ['  51.8% ', 'percent', 51.8],
    ['５１．８％', 'percent', 51.8],
    ['－3', 'percent', -3],
    // Excel's ="…", as systems write a code or an ID number to keep it text: what Excel shows.
    ['="431124"', 'text', '431124'],
    [' =" 0012 " ', 'integer', 12],
    ['="11010519491231002x"', 'id', '11010519491231002X'],
    ['="是"', 'boolean', true],
    ['=""', 'integer', null],
    ['="a"b"', 'text', '="a"b"'],
    ['=431124', 'text', '=431124'],
    ['\u22123.5', 'percent', -3.5],
    ['\u00a0 12\u200b', 'integer', 12],
    // Marks that show nothing, as text pasted from a web page or a document brings them: bidirectional, a soft hyphen, an invisible operator.
    ['\u200e56', 'integer', 56],
    ['5\u202e6\u202c', 'integer', 56],
    ['1\u00ad000', 'integer', 1000],
    ['\u2066\u5f20\u4e09\u2069', 'text', '\u5f20\u4e09'],
    ['2\u2062025-12', 'period', '2025-12'],
    ['\ufeff\u200f', 'integer', null],
    ['\u3000７\u3000', 'integer', 7],
    ['0', 'integer', 0],
  ])('reads %j in a %s column as %j', (raw, kind, expected) => {
    expect(normaliseCell(raw, kind)).toBe(expected);
  });

  it.each(['', ' ', '——', '—', '-', '/', '…', '无', '－'])('reads the placeholder %j as not reported, never 0', (raw) => {
    expect(normaliseCell(raw, 'integer')).toBeNull();
  });

  it('reads minus zero as zero, which reads the same when written out again', () => {
    for (const kind of ['integer', 'number', 'percent'] as const) {
      for (const raw of ['-0', '-0.00', '−0', '-0%']) {
        const read = normaliseCell(raw, kind);
        if (typeof read === 'number') expect(Object.is(read, 0), `${raw} ${kind}`).toBe(true);
      }
    }
  });

  it('keeps what is not a number as text for the schema to report', () => {
    for (const raw of ['51.8%', '4,0791', '1e3', '0x1A', 'Infinity', '#DIV/0!', '12 人']) {
      expect(typeof normaliseCell(raw, 'integer')).toBe('string');
    }
  });

  it("reads digits after Excel's apostrophe ('431102, as some systems mark text) as the digits, and any other text as it is", () => {
    expect(normaliseCell("'431102", 'text')).toBe('431102');
    expect(normaliseCell("'43110219400101000x", 'id')).toBe('43110219400101000X');
    // A disability certificate's number: the ID number, its check character X too, then a category and a grade.
    expect(normaliseCell("'43110219400101000X21", 'id')).toBe('43110219400101000X21');
    expect(normaliseCell("'4311021940010100X021", 'text')).toBe("'4311021940010100X021");
    // Written in its three parts, as a form may print it; other hyphens stay, for the check to refuse.
    expect(normaliseCell('431102-19400101-000x', 'id')).toBe('43110219400101000X');
    expect(normaliseCell('4311-0219400101000X', 'id')).toBe('4311-0219400101000X');
    expect(normaliseCell("'600", 'integer')).toBe(600);
    for (const text of ["'abc", "'", "''12", "'12a"]) expect(normaliseCell(text, 'text')).toBe(text);
  });

  it('reads the booleans analysts write', () => {
    for (const yes of ['是', '有', 'Y', 'yes', 'TRUE', '1', '√', '✓', '✔']) expect(normaliseCell(yes, 'boolean')).toBe(true);
    for (const no of ['否', '无', 'n', 'No', 'false', '0', '×', '✗', '✘']) expect(normaliseCell(no, 'boolean')).toBe(false);
    expect(normaliseCell('——', 'boolean')).toBeNull();
    expect(normaliseCell('maybe', 'boolean')).toBe('maybe');
  });

  it('writes periods as YYYY or YYYY-MM', () => {
    expect(normaliseCell('2025年6月', 'period')).toBe('2025-06');
    expect(normaliseCell('2025年12月份', 'period')).toBe('2025-12');
    expect(normaliseCell('2025年度', 'period')).toBe('2025');
    expect(normaliseCell('2025年度12月', 'period')).toBe('2025年度12月');
    expect(normaliseCell('2025/12', 'period')).toBe('2025-12');
    expect(normaliseCell('２０２５', 'period')).toBe('2025');
    expect(normaliseCell('2025/12/1', 'period')).toBe('2025-12');
    expect(normaliseCell('2025-06-01', 'period')).toBe('2025-06');
    expect(normaliseCell('2025/12/15', 'period')).toBe('2025/12/15');
    // A month's last day, the day its figures stand at; a quarter or a half year, its last month.
    expect(normaliseCell('2025-12-31', 'period')).toBe('2025-12');
    expect(normaliseCell('2024年2月29日', 'period')).toBe('2024-02');
    expect(normaliseCell('2025-02-29', 'period')).toBe('2025-02-29');
    expect(normaliseCell('2025-06-30', 'period')).toBe('2025-06');
    expect(normaliseCell('2025-11-30', 'period')).toBe('2025-11');
    expect(normaliseCell('2025-12-30', 'period')).toBe('2025-12-30');
    for (const text of ['20251231', '20251201']) expect(normaliseCell(text, 'period'), text).toBe('2025-12');
    expect(normaliseCell('20251215', 'period')).toBe('20251215');
    for (const [text, period] of [
      ['2025年第四季度', '2025-12'],
      ['2025年第一季度', '2025-03'],
      ['2025年3季度', '2025-09'],
      ['2025Q2', '2025-06'],
      ['2025-q1', '2025-03'],
      ['2023年上半年', '2023-06'],
      ['2023年下半年', '2023-12'],
    ])
      expect(normaliseCell(text!, 'period'), text).toBe(period);
    expect(normaliseCell('2025年第五季度', 'period')).toBe('2025年第五季度');
    // Spaced as Chinese typesetting spaces figures within Chinese text; a month that is none stays as typed.
    for (const [text, period] of [
      ['2025 年 12 月', '2025-12'],
      ['2025年 6月', '2025-06'],
      ['2025 年', '2025'],
      ['2025 年第四季度', '2025-12'],
      ['2025 年 12 月底', '2025-12'],
    ])
      expect(normaliseCell(text!, 'period'), text).toBe(period);
    expect(normaliseCell('2025 年 13 月', 'period')).toBe('2025 年 13 月');
    expect(normaliseCell('2025 年 3 月 5 日', 'date')).toBe('2025-03-05');
    // A day with its time of day, as a system exports when a case was recorded: the day; 号 for 日.
    for (const text of ['2025-03-05 14:30', '2025/3/5 14:30:00', '2025-03-05T14:30:00.000', '2025年3月5日 8:05', '2025年3月5号'])
      expect(normaliseCell(text, 'date'), text).toBe('2025-03-05');
    // No time of day, or no day: as written, for the check to refuse; a period is no day with a time.
    for (const text of ['2025-03-05 25:00', '2025-02-30 10:00', '2025-03-05 14']) expect(normaliseCell(text, 'date'), text).toBe(text);
    expect(normaliseCell('2025-12-01 08:00', 'period')).toBe('2025-12-01 08:00');
    expect(normaliseCell(`2025年${' '.repeat(50)}12月`, 'period')).toBe(`2025年${' '.repeat(50)}12月`);
    // Months counted together (累计), as Chinese statistics head them: the last; a year's or a month's end.
    for (const [text, period] of [
      ['2025年1-12月', '2025-12'],
      ['2025年1—6月', '2025-06'],
      ['2025年1至9月份', '2025-09'],
      ['2025年７～９月', '2025-09'],
      ['2025年末', '2025'],
      ['2025年底', '2025'],
      ['2025年12月末', '2025-12'],
      ['2025年6月底', '2025-06'],
    ])
      expect(normaliseCell(text!, 'period'), text).toBe(period);
    for (const text of ['2025年9-6月', '2025年1-13月', '2025年0-12月', '2025年13月末', '2025年1-12'])
      expect(normaliseCell(text, 'period'), text).toBe(text);
    // A day at midnight, as a script writes a date column; another time is no period.
    for (const text of ['2025-12-01 00:00:00', '2025-12-31T00:00:00', '2025/12/1 00:00', '2025-12-01 00:00:00.000'])
      expect(normaliseCell(text, 'period'), text).toBe('2025-12');
    for (const text of ['2025-12-31 18:00', '2025-12-15 00:00:00', '2025-12-01 00:00:01'])
      expect(normaliseCell(text, 'period'), text).toBe(text);
    expect(normaliseCell('2025-13', 'period')).toBe('2025-13');
    // The month before its year, as Excel shows a month in some locales.
    for (const [text, period] of [
      ['12/2025', '2025-12'],
      ['6/2025', '2025-06'],
      ['06-2025', '2025-06'],
      ['12.2025', '2025-12'],
    ])
      expect(normaliseCell(text!, 'period'), text).toBe(period);
    for (const text of ['13/2025', '0/2025', '12/25', '12.25']) expect(normaliseCell(text, 'period'), text).toBe(text);
    // A month and year as Excel shows a typed 2025-12 (its mmm-yy), in English or Chinese; a year of two digits as Excel reads it.
    for (const [text, period] of [
      ['Dec-25', '2025-12'],
      ['jun-23', '2023-06'],
      ['September-21', '2021-09'],
      ['Dec-2025', '2025-12'],
      ['12月-25', '2025-12'],
      ['6月-24', '2024-06'],
      ['Jan-30', '1930-01'],
      ['Mar-29', '2029-03'],
    ])
      expect(normaliseCell(text!, 'period'), text).toBe(period);
    // A day and month (25-Dec), a word that is no month, a month past twelve: as typed, for the schema to refuse.
    for (const text of ['25-Dec', 'Decimal-25', 'De-25', '13月-25', '0月-25', 'Dec-5'])
      expect(normaliseCell(text, 'period'), text).toBe(text);
  });

  it('gives the same value when applied to its own output', () => {
    for (const [raw, kind] of [
      ['40,791', 'integer'],
      [' 51.8% ', 'percent'],
      ['2025年6月', 'period'],
      ['是', 'boolean'],
      ['x y', 'text'],
    ] as const) {
      const once = normaliseCell(raw, kind);
      expect(normaliseCell(String(once), kind)).toBe(once);
    }
  });
});

describe('numbers past what a double holds', () => {
  it('refuses values of 10^15 and more, which would overflow once computed, as not a value', () => {
    expect(normaliseCell('999999999999999', 'number')).toBe(999999999999999);
    expect(normaliseCell('1000000000000000', 'number')).toBe('1000000000000000');
    expect(normaliseCell('9'.repeat(308), 'integer')).toBe('9'.repeat(308));
  });

  it('refuses values other than 0 below 10^-15, whose shares would be past what a report shows', () => {
    expect(normaliseCell('0.000000000000001', 'number')).toBe(1e-15);
    expect(normaliseCell('0.0000000000000001', 'number')).toBe('0.0000000000000001');
    expect(normaliseCell('-0.0000000000000001', 'number')).toBe('-0.0000000000000001');
    expect(normaliseCell(`0.${'0'.repeat(322)}5`, 'percent')).toBe(`0.${'0'.repeat(322)}5`);
    expect(normaliseCell('0.0000000000000000', 'number')).toBe(0);
  });
});

describe('characters a terminal does not show', () => {
  it('make a cell of nothing else blank', () => {
    for (const raw of ['\u200e', '\ufeff', ' \u00ad\u2069 ', '\u0000']) expect(isBlankCell(raw), JSON.stringify(raw)).toBe(true);
    for (const raw of ['\u0007', '\u200ex']) expect(isBlankCell(raw), JSON.stringify(raw)).toBe(false);
  });

  it('are written as <U+XXXX> where a message quotes a cell, so that 1, BEL, 0 is not told as 10', () => {
    expect(excerpt('1\u00070')).toBe('1<U+0007>0');
    expect(excerpt('x\u001b[31my\u202e\u0085')).toBe('x<U+001B>[31my<U+202E><U+0085>');
    // Tab and line breaks are shown as they are; so is text without any of them.
    expect(excerpt('a\tb\nc\r')).toBe('a\tb\nc\r');
    expect(excerpt('张三 (1)')).toBe('张三 (1)');
    // Cut to 40 characters after they are written out.
    expect(excerpt('\u0001'.repeat(10))).toBe(`${'<U+0001>'.repeat(4)}<U+0001…`);
    // Cut between characters: 𠀀 (two UTF-16 units) across the cut is left out whole, not halved.
    expect(excerpt(`${'x'.repeat(38)}𠀀${'y'.repeat(5)}`)).toBe(`${'x'.repeat(38)}…`);
    expect(excerpt(`${'x'.repeat(37)}𠀀${'y'.repeat(5)}`)).toBe(`${'x'.repeat(37)}𠀀…`);
  });
});
