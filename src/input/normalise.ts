/**
 * Cell normalising: turns what analysts type into values, quietly and reversibly. What cannot
 * be read as the column's type is returned as cleaned text, for the schema to report.
 */
import type { CellValue } from '../types.js';
import { hasIdShape } from '../validate/id-number.js';

/** How a column's cells are read. */
/** `id`: a record's identity number (an ID number), read as text without spaces, `x` as `X`; `date`: a day, `YYYY-MM-DD`. */
export type ColumnKind = 'integer' | 'number' | 'percent' | 'boolean' | 'period' | 'text' | 'id' | 'date';

/** Cells meaning "not reported" (for every kind but boolean, where 无 means no). */
const PLACEHOLDERS = new Set(['', '-', '--', '—', '——', '/', '…', '……', '...', '无']);

/** Whether a cleaned cell is one of the PLACEHOLDERS (none is longer than 3 or starts with a digit: most cells are not looked up). */
export function isPlaceholder(text: string): boolean {
  if (text.length > 3) return false;
  const first = text.charCodeAt(0);
  return !(first >= 0x30 && first <= 0x39) && PLACEHOLDERS.has(text);
}

const TRUE_WORDS = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '✔']);
const FALSE_WORDS = new Set(['否', '无', 'n', 'no', 'false', '0', '×', '✗', '✘']);

const DIGITS = /^\d{1,15}$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/**
 * Characters that show nothing where Excel shows a cell, as text pasted from a web page or a
 * document brings them: NUL, the soft hyphen, zero-width spaces and joiners, bidirectional marks
 * and embeddings, invisible operators, the byte-order mark. Removed from cells: a number typed
 * with one is that number.
 */
const FORMAT_CHARACTERS = '\\u0000\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const INVISIBLE = new RegExp(`[${FORMAT_CHARACTERS}]`, 'g');

/**
 * Printable ASCII and CJK Unified Ideographs (which NFKC leaves as they are) without surrounding
 * spaces: already clean (the common case, made fast).
 */
const PLAIN = /^[!-~\u4e00-\u9fff](?:[ -~\u4e00-\u9fff]*[!-~\u4e00-\u9fff])?$/;

/** NFKC, invisible characters removed, whitespace (incl. U+3000 and NBSP) trimmed. */
export function cleanText(raw: string): string {
  if (PLAIN.test(raw)) return raw;
  // Plain text between spaces (what padded exports write): NFKC turns those spaces into spaces, which are trimmed.
  const trimmed = raw.trim();
  if (trimmed !== raw && PLAIN.test(trimmed)) return trimmed;
  return raw.normalize('NFKC').replace(INVISIBLE, '').trim();
}

const BLANK = new RegExp(`^[\\s${FORMAT_CHARACTERS}]*$`);

/** True when a cell holds nothing but white space and invisible characters. */
export function isBlankCell(raw: string): boolean {
  // The common cases without the expression: an empty cell (a row of commas holds nothing else),
  // and one that starts with printable ASCII other than a space.
  if (raw.length === 0) return true;
  const first = raw.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return BLANK.test(raw);
}

/**
 * The text Excel shows for ="0012" or '0012, as systems write a code or an ID number so that Excel
 * keeps it as text (its zeros, all its digits): the text between the quotes, where it holds none;
 * the digits after the apostrophe.
 */
function excelText(text: string): string {
  // '0012: the apostrophe Excel takes as "keep this as text" and never shows, as some systems write it.
  if (text.charCodeAt(0) === 0x27) return TEXT_MARKED_DIGITS.test(text) ? text.slice(1) : text;
  if (text.length < 3 || text.charCodeAt(0) !== 0x3d || text.charCodeAt(1) !== 0x22 || text.indexOf('"', 2) !== text.length - 1)
    return text;
  return cleanText(text.slice(2, -1));
}

/** Digits (an ID number's check character X too, and a disability certificate's two digits after it) after Excel's apostrophe. */
const TEXT_MARKED_DIGITS = /^'(?:\d+[Xx]?|\d{17}[Xx]\d\d)$/;

/** Normalises one cell for its column kind. Normalising twice gives the same as once. */
export function normaliseCell(raw: string, kind: ColumnKind): CellValue {
  if (kind === 'id' && hasIdShape(raw)) return raw;
  const text = excelText(cleanText(raw));
  if (kind === 'boolean') {
    if (text === '' || (text !== '无' && isPlaceholder(text))) return null;
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return text;
  }
  if (isPlaceholder(text)) return null;
  if (kind === 'text') return text;
  if (kind === 'id') {
    const joined = text.replace(/\s+/g, '');
    return (isHyphenatedId(joined) ? joined.replace(/-/g, '') : joined).toUpperCase();
  }
  if (kind === 'period') return normalisePeriod(text);
  if (kind === 'date') return normaliseDate(text);
  return parseNumber(text, kind === 'percent') ?? text;
}

/** Whether a text is an ID number written in its three parts (110101-19900307-7763): its place, its birthday, its sequence and check character. */
function isHyphenatedId(text: string): boolean {
  return text.length === 20 && text[6] === '-' && text[15] === '-' && /^\d{17}[\dXx]$/.test(text.replace(/-/g, ''));
}

/**
 * A number with a word of a unit after it, as a form's cell is sometimes filled in (12人, 1.2万,
 * 35 平方米, 2,650人): the number (its thousands parted or not) and the word.
 */
export const WORDED_NUMBER = /^([+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?)\s*(万|亿|[^\d\s.,%+-][^\d]{0,5})$/;

/** Numbers from 10^15 on have more digits than Excel (and a double) holds exactly: refused as values. */
const TOO_LARGE = 1e15;

/**
 * Numbers other than 0 below 10^-15, their first digit past the 15th decimal place, are no figure
 * of a form (a cell of 0.000…05, a workbook's 5E-324): refused as values, as a share of one of them
 * would be past what a report shows.
 */
const TOO_SMALL = 1e-15;

function parseNumber(text: string, percent: boolean): number | undefined {
  const n = readNumber(text, percent);
  if (n === undefined) return undefined;
  const size = Math.abs(n);
  // -0 (a cell of "-0") is 0: written out again it reads as 0, and no report shows a minus zero.
  return size < TOO_LARGE && (size >= TOO_SMALL || n === 0) ? n + 0 : undefined;
}

function readNumber(text: string, percent: boolean): number | undefined {
  if (DIGITS.test(text)) return Number(text);
  let s = text.includes('\u2212') ? text.replace(/\u2212/g, '-') : text;
  if (percent && s.endsWith('%')) s = s.slice(0, -1).trimEnd();
  if (s.includes(',') && GROUPED.test(s)) s = s.replace(/,/g, '');
  if (!DECIMAL.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `2025`, `2025-12`, `2025-6`, `2025/06`, `2025.6`, `202506`, `2025年6月`, `2025年` -> `YYYY` or
 * `YYYY-MM`. Excel turns a typed `2025-12` into the date 2025-12-01 and exports it as `2025/12/1`
 * or as its serial number (45992): a date on the first of a month is read as that month (another
 * day is not a period, and the schema reports it). `2025.1` stays as typed: Excel
 * shows 2025.10 so, and the month cannot be told (the schema then reports it, with the fix).
 */
export function normalisePeriod(written: string): string {
  const text = closedUp(written);
  const serial = excelSerialMonth(text);
  if (serial) return serial;
  // A day at midnight, as a script writes a date column (2025-12-01 00:00:00): the day.
  if (MIDNIGHT.test(text)) {
    const day = normalisePeriod(text.replace(MIDNIGHT, ''));
    return PERIOD.test(day) ? day : written;
  }
  if (AMBIGUOUS_PERIOD.test(text)) return written;
  // 2025年12月, 2025年12月份, 2025/12/1; 2025年, 2025年度 (a year's report).
  const match = /^(\d{4})(?:(?:年|[-/.])(\d{1,2})(?:月份?(?:0?1日)?|[-/.]0?1日?)?|(\d{2})|年度?)?$/.exec(text);
  if (!match) return periodOfPart(text) ?? written;
  const [, year, separated, joined] = match;
  const month = separated ?? joined;
  if (month === undefined) return year!;
  const m = Number(month);
  return isoMonth(year!, m) ?? written;
}

/**
 * A date as Chinese typesetting writes one, a space between its figures and 年, 月 and 日
 * (`2025 年 12 月`, as Word and WPS space Latin text within Chinese), closed up (`2025年12月`).
 */
function closedUp(text: string): string {
  // A date is short: the bound keeps the spaces' backtracking off a long cell.
  return text.length <= DATE_LENGTH && text.includes('年') ? text.replace(/\s*([年月日])\s*/g, '$1') : text;
}

/** The most characters a date or period written with spaces takes (`2025 年 12 月 31 日` is 18). */
const DATE_LENGTH = 40;

/** The months' English names, which Excel's mmm shortens to their first three letters. */
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * A period written as a part of a year, as quarterly and half-yearly forms head theirs, read as its
 * last month (`2025年第四季度`, `2025Q4`: 2025-12; `2023年上半年`: 2023-06; months counted together,
 * `2025年1-12月`: 2025-12), a year's or a month's end (`2025年末`: 2025; `2025年12月底`: 2025-12), a month written
 * before its year (`12/2025`, `12-2025`, `12.2025`: 2025-12), as Excel shows a month and year
 * (`Dec-25`, `12月-25`, `Dec-2025`: 2025-12), or a month's last day, the
 * day its figures stand at (`2025-12-31`, `20251231`: 2025-12), or its first (`20251201`, as a month
 * Excel keeps as a date);
 * undefined for any other text (a day within a month is no period).
 */
function periodOfPart(text: string): string | undefined {
  const part = /^(\d{4})(?:年?第?([一二三四1-4])季度|-?[Qq]([1-4])|年?([上下])半年)$/.exec(text);
  if (part) {
    const [, year, quarter, q, half] = part;
    const last = half !== undefined ? (half === '上' ? 6 : 12) : 3 * ((QUARTERS.indexOf(quarter ?? q!) % 4) + 1);
    return isoMonth(year!, last);
  }
  // Months of a year counted together, as Chinese statistics head them (2025年1-12月, 累计): the last; a year's or a month's end (2025年末, 2025年12月底).
  const span = /^(\d{4})年(\d{1,2})月?(?:-|—|–|~|至|到)(\d{1,2})月份?$/.exec(text);
  if (span) {
    const [first, last] = [Number(span[2]), Number(span[3])];
    return first >= 1 && first <= last ? isoMonth(span[1]!, last) : undefined;
  }
  const end = /^(\d{4})年(?:(\d{1,2})月)?[末底]$/.exec(text);
  if (end) return end[2] === undefined ? end[1] : isoMonth(end[1]!, Number(end[2]));
  // The month first, as Excel shows a month in a locale that writes days so (12/2025).
  const monthFirst = /^(\d{1,2})[-/.](\d{4})$/.exec(text);
  if (monthFirst) return isoMonth(monthFirst[2]!, Number(monthFirst[1]));
  // Excel's month and year (its format mmm-yy, which a typed 2025-12 gets): Dec-25, 12月-25, Dec-2025.
  const shown = /^(?:([a-z]{3,9})|(\d{1,2})月)[-\s]?(\d{2}|\d{4})$/i.exec(text);
  if (shown) {
    const name = shown[1]?.toLowerCase();
    const month = name ? MONTH_NAMES.findIndex((full) => full.startsWith(name)) + 1 : Number(shown[2]);
    // A year of two digits as Excel reads one: 00-29 this century, 30-99 the last.
    const year = shown[3]!.length === 4 ? shown[3]! : String((Number(shown[3]) < 30 ? 2000 : 1900) + Number(shown[3]));
    return month > 0 ? isoMonth(year, month) : undefined;
  }
  const day = writtenDay(text);
  return day && (day.day === 1 || !isDay(day.year, day.month, day.day + 1)) ? isoMonth(day.year, day.month) : undefined;
}

/**
 * A period a person sets (--period, a script's period setting): YYYY or YYYY-MM, a month of one
 * digit as a cell's is read (2025-6 is 2025-06); undefined for any other text.
 */
export function periodSetting(text: string): string | undefined {
  const period = text.trim().replace(/^(\d{4})-(\d)$/, '$1-0$2');
  return /^\d{4}(?:-(?:0[1-9]|1[0-2]))?$/.test(period) ? period : undefined;
}

/** A period as plan-check keeps one. */
export const PERIOD = /^\d{4}(?:-\d{2})?$/;

/** Midnight after a day: ` 00:00`, ` 00:00:00`, `T00:00:00`, with fractions of a second of zeros. */
const MIDNIGHT = /(?<=\d)(?:[ T]00:00(?::00(?:\.0+)?)?)$/;

/** A quarter's digit or numeral, by its index modulo 4. */
const QUARTERS = ['1', '2', '3', '4', '一', '二', '三', '四'];

/**
 * `2025-03-05`, `2025/3/5`, `2025.3.5`, `2025年3月5日`, `20250305` or Excel's serial number of the
 * day (45721) -> `2025-03-05`; anything that is no day of the calendar stays as typed, for the
 * schema to report.
 */
function normaliseDate(text: string): string {
  // Most days are written as they are kept: YYYY-MM-DD.
  if (isCalendarDay(text)) return text;
  const serial = excelSerialDay(text);
  if (serial) return isoDay(serial.getUTCFullYear(), serial.getUTCMonth() + 1, serial.getUTCDate());
  // A day and its time of day, as a system exports when a case was recorded (2025-03-05 14:30:00): the day.
  const day = writtenDay(text.length <= DATE_LENGTH && TIME_OF_DAY.test(text) ? text.replace(TIME_OF_DAY, '') : text);
  return day ? isoDay(day.year, day.month, day.day) : text;
}

/** A time of day after a day: ` 14:30`, ` 14:30:00`, `T14:30:00.000`. */
const TIME_OF_DAY = /(?<=\d|[日号])(?:T|\s+)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$/;

/** A day as forms write one (`2025-03-05`, `2025/3/5`, `2025.3.5`, `2025年3月5日`, `20250305`), or undefined for any other text and no day of the calendar. */
export function writtenDay(text: string): { year: number; month: number; day: number } | undefined {
  const match = WRITTEN_DAY.exec(closedUp(text));
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? match[4] ?? match[6]), Number(match[3] ?? match[5] ?? match[7])];
  return isDay(year, month, day) ? { year, month, day } : undefined;
}

const WRITTEN_DAY = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]|(\d{2})(\d{2}))$/;

/**
 * The days a day written with its year last (`3/9/2025`, as Excel writes one on a machine set for
 * the United States or Britain) may be, year first: month first, then day first, each where it is
 * a day of the calendar, once where both are the same; none for any other text.
 */
export function yearLastDays(text: string): { monthFirst?: string; dayFirst?: string } | undefined {
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(closedUp(text));
  if (!match) return undefined;
  const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const monthFirst = isDay(year, first, second) ? isoDay(year, first, second) : undefined;
  const dayFirst = isDay(year, second, first) && first !== second ? isoDay(year, second, first) : undefined;
  return monthFirst || dayFirst ? { monthFirst, dayFirst } : undefined;
}

/** A day as YYYY-MM-DD. */
export const isoDay = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A month as plan-check keeps a period, YYYY-MM (the year as written, its digits kept); undefined for a month that is none (0, 13). */
export const isoMonth = (year: number | string, month: number): string | undefined =>
  month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}` : undefined;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a day of the calendar (not 2025-02-30) of the years 100 to 9999. */
export function isDay(year: number, month: number, day: number): boolean {
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** True for `YYYY-MM-DD` naming a day of the calendar (not 2025-02-30). */
export function isCalendarDay(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  return isDay(digitsOf(text, 0, 4), digitsOf(text, 5, 7), digitsOf(text, 8, 10));
}

/** The number the decimal digits text[from, to) write; -1 where one is not a digit, or past the text's end. */
export function digitsOf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `2025.1`: January, or October shown by Excel without its trailing zero. */
export const AMBIGUOUS_PERIOD = /^\d{4}\.1$/;

/** Excel's serial day numbers of 2000-01-01 and 2099-12-31: a period cell between them is a date. */
const SERIAL_RANGE = [36526, 73050] as const;

/** The day of an Excel date serial (its time of day dropped) from 2000 to 2099, or undefined (1900 system: serial 25569 is 1970-01-01). */
export function excelSerialDay(text: string): Date | undefined {
  if (!/^\d{5}(?:\.\d+)?$/.test(text)) return undefined;
  const serial = Math.floor(Number(text));
  if (serial < SERIAL_RANGE[0] || serial > SERIAL_RANGE[1]) return undefined;
  return new Date((serial - 25569) * 86_400_000);
}

/** The month of an Excel date serial on the first of a month, or undefined. */
export function excelSerialMonth(text: string): string | undefined {
  const date = excelSerialDay(text);
  if (date?.getUTCDate() !== 1) return undefined;
  return isoMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

/**
 * Characters a terminal does not show, or shows elsewhere than they stand: control characters (but
 * tab and line breaks) and the FORMAT_CHARACTERS. A report for a terminal removes them; in what a
 * message quotes they are written as `<U+0007>`, so that "1<U+0007>0" is not told as "10".
 */
const UNSHOWN = new RegExp(`[\\u0001-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${FORMAT_CHARACTERS}]`, 'g');

/** The first character of a text that a terminal does not show (UNSHOWN), as `U+0007`; undefined when there is none. */
export function unshownCharacter(text: string): string | undefined {
  UNSHOWN.lastIndex = 0;
  const found = UNSHOWN.exec(text);
  return found ? codePoint(found[0]) : undefined;
}

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A character as a message writes one a terminal does not show where it stands: `<U+000A>`. */
export const markedCharacter = (c: string) => `<${codePoint(c)}>`;

/** A cell or label quoted in a message: characters a terminal does not show written as `<U+0007>`; cut to 40 characters, so that a runaway cell is not printed whole. */
export function excerpt(text: string): string {
  const shown = unshownCharacter(text) ? text.replace(UNSHOWN, markedCharacter) : text;
  return shown.length <= 40 ? shown : `${wholeCharacters(shown, 39)}…`;
}

/**
 * The start of a text, `length` UTF-16 units at most, cut between characters: never between the
 * two halves of one beyond the BMP (𠀀), which would print as a stray mark.
 */
export function wholeCharacters(text: string, length: number): string {
  return text.slice(0, /[\ud800-\udbff]/.test(text[length - 1] ?? '') ? length - 1 : length);
}
