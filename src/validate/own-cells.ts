/**
 * The schema's word on a roster line's own cells read from their bytes in a plain form (ASCII
 * digits, plain text of ASCII and CJK ideographs, a day written YYYY-MM-DD: input/roster-lines.ts), decided from the
 * form and what the column asks, without the schema's whole validator: the line's other cells are
 * those of a row the validator passed, so only its own columns' keywords, a limit between one of
 * them and another column (x-lte) and a record's day can fail it. Sound, not complete: where it
 * says yes, the validator and the calendar say yes (a value of another form, or a keyword not known
 * here, is left to the validator, which says why where it fails). tests/own-lines.test.ts holds the
 * reports of both ways to one another.
 */
import { isCalendarDay } from '../input/normalise.js';
import type { CellValue } from '../types.js';
import { isOwnColumn, type Columns } from './columns.js';
import { creditCodeProblem } from './credit-code.js';
import { idProblem } from './id-number.js';
import { linearPattern } from './pattern.js';

/** What one own column asks of a value of each plain form, and of any value read as a cell is: a test, or undefined where the validator must say. */
export interface OwnColumnCheck {
  digits?: (value: number) => boolean;
  text?: (value: string) => boolean;
  /** An ID number its bytes showed to be one (idKeyOfBytes): what else the column asks of it. */
  id?: (value: string) => boolean;
  day?: (value: string) => boolean;
  cell?: (value: CellValue) => boolean;
}

/** The checks of a roster's own cells for a header: by field (undefined for a field not a record's own), and the limits between columns. */
export interface OwnCellsCheck {
  fields: (OwnColumnCheck | undefined)[];
  /** x-lte between two columns either of which is a record's own: by field where own, else by slot of the row's values. */
  limits: { field: number; slot: number; otherField: number; otherSlot: number }[];
}

/** Keywords that say what a column is and ask nothing of its values (x-lte is a limit, looked at apart). */
const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'x-role',
  'x-unit',
  'x-unit-zh',
  'x-measure',
  'x-id',
  'x-aliases',
  'x-certificates',
  'x-lte',
]);

/** Keywords of a schema's top that ask nothing of a row that another with the same columns passed. */
const TOP = new Set(['$schema', '$id', '$comment', 'title', 'description', 'type', 'required', 'properties', 'additionalProperties']);

/** The pattern of a day (the shipped schemas'), which a day of the form YYYY-MM-DD matches. */
const DAY_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/**
 * The checks of a roster's own cells for a header (the columns by field, and their slots in a
 * row's values), or undefined where the schema asks what is not known here.
 */
export function ownCellsCheck(
  columns: Columns,
  header: readonly (string | undefined)[],
  slots: readonly string[],
): OwnCellsCheck | undefined {
  // The files of a batch repeat one header: its check is made once (its patterns compiled once).
  let byHeader = made.get(columns);
  if (!byHeader) made.set(columns, (byHeader = new Map()));
  const key = `${header.map((id) => id ?? '').join('\u0000')}\u0001${slots.join('\u0000')}`;
  let check = byHeader.get(key);
  if (check === undefined) {
    check = compile(columns, header, slots) ?? null;
    // Past the bound those kept so far are let go: a process that checks drop after drop keeps those of the latest.
    if (byHeader.size >= MAX_HEADERS) byHeader.clear();
    byHeader.set(key, check);
  }
  return check ?? undefined;
}

/** The checks made, by schema and header. */
const made = new WeakMap<Columns, Map<string, OwnCellsCheck | null>>();
const MAX_HEADERS = 64;

function compile(columns: Columns, header: readonly (string | undefined)[], slots: readonly string[]): OwnCellsCheck | undefined {
  const { schema } = columns;
  if (Object.keys(schema).some((keyword) => !TOP.has(keyword)) || schema.type !== 'object') return undefined;
  const isOwn = (id: string) => {
    const spec = columns.byId.get(id);
    return spec !== undefined && isOwnColumn(spec, columns) && header.includes(id);
  };
  const fields: (OwnColumnCheck | undefined)[] = header.map(() => undefined);
  const limits: OwnCellsCheck['limits'] = [];
  for (const [id, property] of Object.entries(schema.properties)) {
    const limit = property['x-lte'];
    if (limit !== undefined && (isOwn(id) || isOwn(limit))) {
      // A column the header lacks has no value, which no limit fails.
      if (!header.includes(id) || !header.includes(limit)) continue;
      limits.push({
        field: isOwn(id) ? header.indexOf(id) : -1,
        slot: slots.indexOf(id),
        otherField: isOwn(limit) ? header.indexOf(limit) : -1,
        otherSlot: slots.indexOf(limit),
      });
    }
    if (isOwn(id))
      fields[header.indexOf(id)] = columnCheck(
        property as unknown as Record<string, unknown>,
        columns.dated === true && id === columns.period,
      );
  }
  return { fields, limits };
}

/** A column's keywords as a test of each plain form; a form whose test would need a keyword not known here has none. */
function columnCheck(property: Record<string, unknown>, day: boolean): OwnColumnCheck {
  const types = new Set(([] as unknown[]).concat(property.type ?? ['string', 'number', 'integer', 'boolean', 'null']));
  let known = true;
  let pattern: string | undefined;
  // The values an enum or const lists, where they are texts, numbers, yes/no or null.
  let listed: Set<unknown> | undefined;
  let multipleOf: number | undefined;
  const bounds = {
    minimum: -Infinity,
    maximum: Infinity,
    exclusiveMinimum: -Infinity,
    exclusiveMaximum: Infinity,
    minLength: 0,
    maxLength: Infinity,
  };
  for (const [keyword, given] of Object.entries(property)) {
    if (ANNOTATIONS.has(keyword) || keyword === 'type' || keyword === 'x-check') continue;
    if (keyword === 'pattern' && typeof given === 'string') pattern = given;
    else if (keyword in bounds && typeof given === 'number') bounds[keyword as keyof typeof bounds] = given;
    else if (keyword === 'multipleOf' && typeof given === 'number') multipleOf = given;
    else if (
      (keyword === 'enum' || keyword === 'const') &&
      listed === undefined &&
      (keyword === 'const' || Array.isArray(given)) &&
      [given].flat().every(isPrimitive)
    )
      listed = new Set([given].flat());
    else known = false;
  }
  if (!known) return {};
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength } = bounds;
  // A number within the bounds, and a multiple as the validator has it (Ajv: value / multipleOf a whole number as parseInt reads it, floating point and all).
  const inBounds = (value: number) =>
    value >= minimum &&
    value <= maximum &&
    value > exclusiveMinimum &&
    value < exclusiveMaximum &&
    (multipleOf === undefined || isMultiple(value, multipleOf));
  const matches = pattern === undefined ? undefined : linearPattern(pattern);
  // An ID number (x-id) must be one, as validateRow asks (its shape, date of birth and check character); a credit code (x-check) too.
  const idNumber = property['x-id'] !== undefined;
  const problemOf = idNumber ? idProblem : property['x-check'] !== undefined ? creditCodeProblem : undefined;
  const passesChecks = (value: string) => problemOf === undefined || problemOf(value) === undefined;
  // A text of `length` characters (code points) as its length and pattern are asked.
  const fits = (value: string, length: number) =>
    length >= minLength && length <= maxLength && (matches === undefined || matches.test(value));
  // Plain text (ASCII and CJK ideographs) and days are of the Basic Plane: as many characters as code points.
  const textHolds = (value: string) => fits(value, value.length) && passesChecks(value);
  const checks: OwnColumnCheck = {
    cell: (value) => {
      if (typeof value === 'string')
        return types.has('string') && fits(value, codePoints(value)) && (!day || isCalendarDay(value)) && passesChecks(value);
      // As strictly as the validator has numbers, or more: finite.
      if (typeof value === 'number')
        return Number.isFinite(value) && (types.has('number') || (types.has('integer') && Number.isInteger(value))) && inBounds(value);
      return typeof value === 'boolean' ? types.has('boolean') : types.has('null');
    },
    // A whole number below 10^15: an integer, and a number.
    ...(types.has('integer') || types.has('number') ? { digits: inBounds } : {}),
    ...(types.has('string') && !day ? { text: textHolds } : {}),
    ...(types.has('string') && idNumber ? { id: (value: string) => fits(value, value.length) } : {}),
    ...(types.has('string')
      ? {
          day:
            // A day YYYY-MM-DD matches the day's pattern; the calendar is asked of a record's day.
            pattern === DAY_PATTERN
              ? (value: string) => value.length >= minLength && value.length <= maxLength && (!day || isCalendarDay(value))
              : (value: string) => textHolds(value) && (!day || isCalendarDay(value)),
        }
      : {}),
  };
  return listed ? onlyListed(checks, listed) : checks;
}

/** multipleOf as Ajv tests it: not for 0, and the quotient a whole number as parseInt reads it. */
function isMultiple(value: number, multipleOf: number): boolean {
  const quotient = value / multipleOf;
  return multipleOf !== 0 && quotient === parseInt(String(quotient));
}

/** A value an enum may list and the validator compares as JavaScript does (=== : 1 and 1.0 are one number). */
const isPrimitive = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** A column's checks that also ask a value to be one of those listed (enum, const). */
function onlyListed(check: OwnColumnCheck, listed: ReadonlySet<unknown>): OwnColumnCheck {
  const within = <T>(test: ((value: T) => boolean) | undefined) => test && ((value: T) => listed.has(value) && test(value));
  return { cell: within(check.cell), digits: within(check.digits), text: within(check.text), id: within(check.id), day: within(check.day) };
}

/** A text's length as JSON Schema counts it: a character outside the Basic Plane (a surrogate pair) is one. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** The x-lte keyword as the validator has it (ajv.ts): 是 only where the other is 是; a number at most the other's. */
export function withinLimit(value: CellValue | undefined, limit: CellValue | undefined): boolean {
  if (typeof value === 'boolean' && typeof limit === 'boolean') return !(value && !limit);
  return !(typeof value === 'number' && typeof limit === 'number' && value > limit);
}
