/**
 * Citizen ID numbers (GB 11643-1999): 18 characters, 6 of the region where it was issued, 8 of
 * the date of birth, 3 of sequence and a check character (ISO 7064 MOD 11-2). A roster names
 * its persons by them; reports never print one in full (`110105********002X`).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** Why an 18-character ID number is not one, or undefined when it is. */
export type IdProblem = 'check-digit' | 'birth-date';

/** The check character the first 17 digits call for. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** What is wrong with a number of the right shape (`^\d{17}[\dX]$`): its check character or its date of birth. */
export function idProblem(id: string): IdProblem | undefined {
  if (!SHAPE.test(id)) return undefined;
  if (birthDay(id) === undefined) return 'birth-date';
  return checkCharacter(id) === id[17] ? undefined : 'check-digit';
}

/** Days since 1800-01-01 of the date of birth, or undefined when it is no date from 1800 to 2199. */
function birthDay(id: string): number | undefined {
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1800 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  const date = Date.UTC(year, month - 1, day);
  if (new Date(date).getUTCDate() !== day) return undefined;
  return Math.round((date - Date.UTC(1800, 0, 1)) / 86_400_000);
}

/**
 * A valid ID number as one exact number (region x date x sequence: under 2^53), so that millions
 * of them fit in typed arrays; the check character follows from the rest. Undefined for an invalid one.
 */
export function idKey(id: string): number | undefined {
  if (idProblem(id) !== undefined || !SHAPE.test(id)) return undefined;
  const region = Number(id.slice(0, 6));
  const sequence = Number(id.slice(14, 17));
  return (region * DAYS + birthDay(id)!) * 1000 + sequence;
}

/** Days from 1800-01-01 to 2199-12-31, and one. */
const DAYS = 146_463;

/** An ID number with its middle hidden: the first 6 and last 4 characters stay. */
export function maskId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Runs of 18 ID characters (or 15 digits, the old numbers) standing alone in a text. */
const ID_IN_TEXT = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

/** A text with every ID number in it masked: what any message may quote. */
export function maskIds(text: string): string {
  return text.length < 15 ? text : text.replace(ID_IN_TEXT, maskId);
}
