/**
 * Citizen ID numbers (GB 11643-1999): 18 characters, 6 of the region where it was issued, 8 of
 * the date of birth, 3 of sequence and a check character (ISO 7064 MOD 11-2). A roster names
 * its persons by them; reports never print one in full (`110105********002X`).
 */
import type { CellValue } from '../types.js';

const WEIGHTS = Uint8Array.of(7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
const CHECK = '10X98765432';

/** True for 17 digits and a check character (0-9 or X): `^\d{17}[\dX]$`, tested a character at a time (it runs on every row of a roster). */
export function hasIdShape(text: string): boolean {
  if (text.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const last = text.charCodeAt(17);
  return (last >= 48 && last <= 57) || last === 88;
}

/** Why a text is not an ID number: not 17 digits and a check character, a wrong check character, no date of birth. */
export type IdProblem = 'shape' | 'check-digit' | 'birth-date';

/** The check character the first 17 digits call for. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** What is wrong with a text as an ID number, or undefined when it is one. */
export function idProblem(id: string): IdProblem | undefined {
  if (!hasIdShape(id)) return 'shape';
  if (birthDay(id) === undefined) return 'birth-date';
  return checkCharacter(id) === id[17] ? undefined : 'check-digit';
}

/** A disability certificate number (残疾人证号): an ID number, then its holder's category (1-7) and grade (1-4). */
export const DISABILITY_CERTIFICATE = /^\d{17}[\dXx][1-7][1-4]$/;

/**
 * The ID number a cell of a column of certificates holds (ColumnSpec.certificates): a certificate
 * number's first 18 characters; any other value as it is, to be checked as an ID number (an ID
 * number typed where the certificate's was is one).
 */
export function idOfCertificate(value: CellValue): CellValue {
  return typeof value === 'string' && DISABILITY_CERTIFICATE.test(value) ? value.slice(0, 18) : value;
}

/** Days before each month in a common year. */
const MONTH_STARTS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** The digits at `from` and `from + 1`, as a number. */
const twoDigits = (id: string, from: number) => (id.charCodeAt(from) - 48) * 10 + id.charCodeAt(from + 1) - 48;

/** Days since 1800-01-01 of the date of birth (characters 7-14), or undefined when it is no date from 1800 to 2199. */
function birthDay(id: string): number | undefined {
  return dayOf(twoDigits(id, 6) * 100 + twoDigits(id, 8), twoDigits(id, 10), twoDigits(id, 12));
}

/** Days since 1800-01-01 of a date, or undefined when it is no date from 1800 to 2199. */
function dayOf(year: number, month: number, day: number): number | undefined {
  if (year < 1800 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = MONTH_STARTS[month]! - MONTH_STARTS[month - 1]! + (leap && month === 2 ? 1 : 0);
  if (day > length) return undefined;
  // Leap days of the years before this one, counted from 1800 (itself not a leap year).
  const before = year - 1;
  const leaps = Math.floor(before / 4) - Math.floor(before / 100) + Math.floor(before / 400) - 436;
  return (year - 1800) * 365 + leaps + MONTH_STARTS[month - 1]! + (leap && month > 2 ? 1 : 0) + day - 1;
}

/**
 * An ID number idProblem has accepted as one exact number (region x date x sequence: under 2^53),
 * so that millions of them fit in typed arrays; its check character follows from the rest and is
 * not looked at again (a roster's values are checked as they are read). Undefined without a date.
 */
export function checkedIdKey(id: string): number | undefined {
  const day = birthDay(id);
  if (day === undefined) return undefined;
  const region = twoDigits(id, 0) * 10_000 + twoDigits(id, 2) * 100 + twoDigits(id, 4);
  const sequence = twoDigits(id, 14) * 10 + id.charCodeAt(16) - 48;
  return (region * DAYS + day) * 1000 + sequence;
}

/** Days from 1800-01-01 to 2199-12-31, and one. */
const DAYS = 146_463;

/**
 * The key checkedIdKey gives of the 18 bytes of text at `from`, when they are an ID number as a
 * cell reads them (normaliseCell: a check character x is X) and idProblem finds nothing;
 * undefined otherwise. Read from a roster's bytes without making a string of them
 * (input/roster-lines.ts); held to normaliseCell, idProblem and checkedIdKey by a property test.
 */
export function idKeyOfBytes(bytes: Uint8Array, from: number): number | undefined {
  // The 17 digits, their weighted sum (the check) and the numbers they make, in one pass.
  let sum = 0;
  let region = 0;
  let year = 0;
  let month = 0;
  let day = 0;
  let sequence = 0;
  for (let i = 0; i < 17; i++) {
    const digit = bytes[from + i]! - 48;
    if (digit < 0 || digit > 9) return undefined;
    sum += digit * WEIGHTS[i]!;
    if (i < 6) region = region * 10 + digit;
    else if (i < 10) year = year * 10 + digit;
    else if (i < 12) month = month * 10 + digit;
    else if (i < 14) day = day * 10 + digit;
    else sequence = sequence * 10 + digit;
  }
  const check = bytes[from + 17]!;
  const expected = CHECK_CODES[sum % 11]!;
  if (check !== expected && !(expected === X && check === LOWER_X)) return undefined;
  const days = dayOf(year, month, day);
  return days === undefined ? undefined : (region * DAYS + days) * 1000 + sequence;
}

/** The check characters' codes, by the weighted sum's remainder; X typed as x is read as X. */
const CHECK_CODES = Uint8Array.from(CHECK, (c) => c.charCodeAt(0));
const X = 0x58;
const LOWER_X = 0x78;

/**
 * An ID number with its middle hidden: the first 6 and last 4 characters stay, counted as
 * characters, not UTF-16 units, so that a character beyond the BMP typed in one is hidden or kept
 * whole, never cut in half.
 */
export function maskId(id: string): string {
  const characters = Array.from(id);
  const { length } = characters;
  if (length < 10) return '*'.repeat(length);
  return `${characters.slice(0, 6).join('')}${'*'.repeat(length - 10)}${characters.slice(-4).join('')}`;
}

/** Runs of 18 ID characters (or 15 digits, the old numbers), and a disability certificate's two digits after them, standing alone in a text. */
const ID_IN_TEXT = /(?<![0-9A-Za-z])(?:\d{17}[\dXx](?:[1-7][1-4])?|\d{15})(?![0-9A-Za-z])/g;

/** A text with every ID number in it masked: what any message may quote. */
export function maskIds(text: string): string {
  return text.length < 15 ? text : text.replace(ID_IN_TEXT, maskId);
}
