/**
 * Unified social credit codes (GB 32100-2015), by which legal persons and other organisations
 * (an elderly-care institution among them) are registered: 18 characters, digits and capitals but
 * I, O, S, V and Z, characters 3-8 the registering authority's division code, and a check
 * character: the weighted sum of the other 17 modulo 31. A mistyped code names an institution that
 * does not exist, which no duplicate check then finds.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Uint8Array.of(1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28);

/** Each character's value by its code; 255 for a character not of the alphabet. */
const VALUES = new Uint8Array(128).fill(255);
for (let value = 0; value < ALPHABET.length; value++) VALUES[ALPHABET.charCodeAt(value)] = value;

/** Why a text is not a credit code: not 18 characters of the alphabet (3-8 digits), or a wrong check character. */
export type CreditCodeProblem = 'shape' | 'check-character';

/** What is wrong with a text as a unified social credit code, or undefined when it is one (it runs on every row of a roster). */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return 'shape';
  const check = checkValue(code);
  const last = valueOf(code.charCodeAt(17));
  if (check < 0 || last > 30) return 'shape';
  return last === check ? undefined : 'check-character';
}

/** The check character a code's first 17 characters call for, or undefined where they are not of the alphabet (3-8 digits). */
export function creditCheckCharacter(first17: string): string | undefined {
  const check = first17.length < 17 ? -1 : checkValue(first17);
  return check < 0 ? undefined : ALPHABET[check];
}

/** The value of the check character the first 17 characters call for, or -1 where they are not of the alphabet (3-8 digits). */
function checkValue(code: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = valueOf(code.charCodeAt(i));
    if (value > (i >= 2 && i < 8 ? 9 : 30)) return -1;
    sum += value * WEIGHTS[i]!;
  }
  return (31 - (sum % 31)) % 31;
}

/** A character's value by its code, 255 where it is not of the alphabet. */
const valueOf = (unit: number) => (unit < 128 ? VALUES[unit]! : 255);
