/**
 * A number stored in a workbook, shown the way Excel shows it: 15 significant digits (Excel's
 * precision, so `6.9000000000000003E-2` is `0.069`), percents as `51.8%`, dates as
 * `2025-12-01` (date-times truncated, never rounded into the next day), times as `18:30`.
 * Both date systems are kept: 1900 (with its fictional 1900-02-29) and 1904.
 */

/** What a number format makes of a number. */
export type NumberKind = 'plain' | 'percent' | 'date' | 'datetime' | 'time' | 'elapsed';

const BUILTIN: Record<number, NumberKind> = {
  9: 'percent',
  10: 'percent',
  14: 'date',
  15: 'date',
  16: 'date',
  17: 'date',
  22: 'datetime',
  18: 'time',
  19: 'time',
  20: 'time',
  21: 'time',
  45: 'time',
  46: 'elapsed',
  47: 'time',
  27: 'date',
  28: 'date',
  29: 'date',
  30: 'date',
  31: 'date',
  36: 'date',
  50: 'date',
  51: 'date',
  52: 'date',
  53: 'date',
  54: 'date',
  55: 'date',
  56: 'date',
  57: 'date',
  58: 'date',
};

/** The kind of a number format, from its built-in id or its format code. */
export function numberKind(id: number, code: string | undefined): NumberKind {
  if (code === undefined || code === '') return BUILTIN[id] ?? 'plain';
  // The first section decides; quoted text, escapes, colours and fill characters say nothing.
  const section = code.split(';')[0]!;
  const bare = section.replace(/"[^"]*"|\\.|_.|\*./g, '');
  if (/\[(?:h+|m+|s+)\]/i.test(bare)) return 'elapsed';
  const tokens = bare.replace(/\[[^\]]*\]/g, '').replace(/e[+-]/gi, '');
  if (tokens.includes('%')) return 'percent';
  if (/^general$/i.test(tokens.trim())) return 'plain';
  const time = /[hs]/i.test(tokens) || /am\/pm|a\/p/i.test(tokens);
  // An m is minutes right after an h or right before an s; otherwise it is the month.
  const dateLetters = tokens.replace(/h+\s*:?\s*m+|m+\s*:?\s*s+/gi, '');
  const date = /[yde]/i.test(dateLetters) || /m/i.test(dateLetters.replace(/am\/pm|a\/p/gi, ''));
  if (date && time) return 'datetime';
  if (date) return 'date';
  if (time) return 'time';
  return 'plain';
}

/** A stored number as Excel shows it under a format of `kind`, in the 1900 or 1904 date system. */
export function showNumber(stored: string, kind: NumberKind, date1904: boolean): string {
  const value = Number(stored);
  if (stored.trim() === '' || !Number.isFinite(value)) return stored;
  switch (kind) {
    case 'percent':
      return `${decimalText(value * 100)}%`;
    case 'date':
    case 'datetime':
    case 'time':
    case 'elapsed':
      return dateTimeText(value, kind, date1904) ?? decimalText(value);
    default:
      // Most stored numbers are already plain decimals of at most 15 digits: shown as stored.
      return PLAIN_DECIMAL.test(stored) && stored.replace(/^-?0*\.?0*|\./g, '').length <= 15 ? stored : decimalText(value);
  }
}

/** A decimal as Excel writes one: no exponent, no needless zeros at either end. */
const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** A number in plain decimal notation to 15 significant digits: `6.9E-2` -> `0.069`. */
export function decimalText(value: number): string {
  if (value === 0) return '0';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const [mantissa = '', exponentText = '0'] = value.toPrecision(15).split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return `${negative ? '-' : ''}${text}`;
}

const DAY_SECONDS = 86_400;

/** A serial day number as a date, date-time or time; undefined where Excel shows ##### (negative). */
function dateTimeText(serial: number, kind: NumberKind, date1904: boolean): string | undefined {
  // Excel's dates end at 9999-12-31 (serial 2958465); past it, as below 0, it shows #####.
  if (serial < 0 || serial >= 2_958_466) return undefined;
  const seconds = Math.round(serial * DAY_SECONDS);
  const day = Math.floor(seconds / DAY_SECONDS);
  const clock = clockText(seconds % DAY_SECONDS);
  if (kind === 'elapsed') {
    const hours = Math.floor(seconds / 3600);
    const rest = clockText(seconds % 3600).slice(3);
    return `${hours}:${rest}`;
  }
  if (kind === 'time') return clock;
  const date = dayText(day, date1904);
  return kind === 'datetime' && seconds % DAY_SECONDS !== 0 ? `${date} ${clock}` : date;
}

/** `hh:mm` or `hh:mm:ss` of seconds into a day. */
function clockText(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  return s === 0 ? `${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** Day `day` of a date system as YYYY-MM-DD; the 1900 system's day 60 is its fictional 1900-02-29. */
function dayText(day: number, date1904: boolean): string {
  if (date1904) return isoDay(Date.UTC(1904, 0, 1), day);
  if (day === 60) return '1900-02-29';
  if (day === 0) return '1900-01-00';
  return isoDay(Date.UTC(1899, 11, day < 60 ? 31 : 30), day);
}

function isoDay(epoch: number, day: number): string {
  return new Date(epoch + day * DAY_SECONDS * 1000).toISOString().slice(0, 10);
}
