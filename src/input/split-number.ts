/**
 * A number a row holds split at its thousands commas: 2,650 written without quotes (as a script
 * or a system that joins cells with commas writes it) is two cells, "2" and "650", and every cell
 * after it stands one column on: a row of 92 cells under a header of 91, and a type error in each
 * column after the number. Found where the row's numeric and yes/no cells do not fit their columns
 * as they stand, and joining the cells of a numeric column makes them fit, in one pass over the row.
 * A text of a name or a note with a comma outside quotes is found the same way (splitText).
 */
import type { CellValue } from '../types.js';
import { cleanText, normaliseCell, type ColumnKind } from './normalise.js';

/** The most commas a number of a row is looked for with (1,234,567,890). */
const MOST_COMMAS = 3;

const NUMERIC = new Set<ColumnKind>(['integer', 'number', 'percent']);

/** What a split is looked for by of a header's column: its kind, whether it is free text, and the column (by id) it may not exceed. */
export interface SplitColumn {
  kind: ColumnKind;
  /** A text of any words, which a comma outside quotes may split (splitText). */
  freeText?: boolean;
  id?: string;
  lte?: string;
}

/** How a cell reads in a column (from 0) of the header: normaliseCell's value, or a reader's that keeps its columns' values. */
export type CellReader = (raw: string, column: number) => CellValue;

/**
 * A number (or a text) split at its commas: the columns it may belong to (from 1, `from` to `to`: one where the
 * row tells which, its `text` then given), and the row's cells with it joined, or, where the row
 * cannot tell which of its columns holds it, those columns left empty and the cells after them read
 * in their columns.
 */
export interface SplitNumber {
  from: number;
  to: number;
  text?: string;
  cells: string[];
  /** The number's commas: the cells over the header's, by which the cells after it stand on. */
  extra: number;
  /** A number split (splitNumber), or a text (splitText). */
  number: boolean;
}

/**
 * The number split at its commas that makes a row of more cells than its header's `width` fit its
 * columns (`header`, a column without a header undefined; each cell read by `read`): undefined
 * where the row fits as it stands, or where no join makes it fit. Where joins at several columns
 * would (a run of figures of a few digits each), those that keep the row within its columns'
 * limits (x-lte) are kept, where any does, and the columns from the first to the last of them are
 * left unread (or the one kept made).
 */
export function splitNumber(
  cells: readonly string[],
  header: readonly (SplitColumn | undefined)[],
  width: number,
  read: CellReader = (raw, column) => normaliseCell(raw, header[column]!.kind),
): SplitNumber | undefined {
  const length = filledLength(cells, width);
  const extra = length - width;
  if (extra < 1 || extra > MOST_COMMAS) return undefined;
  /** Whether a cell reads as its column's kind would (numbers and yes/no; any text fits the others; none fits a column without a header). */
  const fits = (raw: string, column: number): boolean => {
    const kind = header[column]?.kind;
    if (kind === undefined) return cleanText(raw) === '';
    if (!NUMERIC.has(kind) && kind !== 'boolean') return true;
    return typeof read(raw, column) !== 'string';
  };
  const fit = rowFit(cells, width, extra, fits);
  if (!fit) return undefined;
  const joins: { at: number; text: string }[] = [];
  for (let i = 0; i < width && fit.before[i]; i++) {
    const kind = header[i]?.kind;
    if (kind === undefined || !NUMERIC.has(kind) || !fit.after[i + 1]) continue;
    const text = cells
      .slice(i, i + 1 + extra)
      .map((cell) => cell.trim())
      .join(',');
    // Read as a cell is: commas make one number only where they part its thousands (2,650; not 51,8 nor 1,2345).
    if (typeof normaliseCell(text, kind) === 'number') joins.push({ at: i, text });
  }
  if (joins.length === 0) return undefined;
  // Of several joins, those that keep the row within its columns' limits (returned persons not above those identified), where any does.
  const limits = joins.length > 1 && joins.length <= MOST_WEIGHED ? limitsOf(header) : [];
  const within = limits.length > 0 ? joins.filter((join) => withinLimits(cells, limits, extra, join, read)) : [];
  return joined(cells, within.length > 0 ? within : joins, extra, length, true);
}

/** The most commas a text cell of a row is looked for with (a note of a few clauses). */
const MOST_TEXT_COMMAS = 16;

/**
 * A text split at its commas: a name or a note written with a comma outside quotes, which makes
 * a row of more cells than its header's `width`, found as splitNumber finds a number, where the
 * row's cells fit their columns (as `fits` reads them: codes, periods, numbers and yes/no
 * checked) with the cells of one column of free text joined, and not as they stand. Where several
 * such columns could hold it, those from the first to the last are left unread.
 */
export function splitText(
  cells: readonly string[],
  header: readonly (SplitColumn | undefined)[],
  width: number,
  fits: (raw: string, column: number) => boolean,
): SplitNumber | undefined {
  const length = filledLength(cells, width);
  const extra = length - width;
  if (extra < 1 || extra > MOST_TEXT_COMMAS) return undefined;
  const fit = rowFit(cells, width, extra, fits);
  if (!fit) return undefined;
  const joins: { at: number; text: string }[] = [];
  for (let i = 0; i < width && fit.before[i]; i++) {
    if (!header[i]?.freeText || !fit.after[i + 1]) continue;
    const text = cells.slice(i, i + 1 + extra).join(',');
    if (fits(text, i)) joins.push({ at: i, text });
  }
  return joins.length === 0 ? undefined : joined(cells, joins, extra, length, false);
}

/** The cells of a row up to its last filled one past `width`: empty cells after the last (formatted Excel columns) do not count. */
function filledLength(cells: readonly string[], width: number): number {
  let length = cells.length;
  while (length > width && cleanText(cells[length - 1]!) === '') length--;
  return length;
}

/**
 * Which cells of a row of `extra` cells more than its header fit their columns (`fits`): before[i],
 * the cells before column i as they stand; after[i], those from column i on, read `extra` cells on
 * (as they stand after a joined cell). Undefined where the row fits as it stands: its extra cells
 * are told where they are (joined anywhere, a row of figures alone may fit as well, its later
 * figures moved a column back, their thousands into the joined one).
 */
function rowFit(
  cells: readonly string[],
  width: number,
  extra: number,
  fits: (raw: string, column: number) => boolean,
): { before: boolean[]; after: boolean[] } | undefined {
  const before = new Array<boolean>(width + 1);
  before[0] = true;
  for (let i = 0; i < width; i++) before[i + 1] = before[i]! && fits(cells[i]!, i);
  if (before[width]) return undefined;
  const after = new Array<boolean>(width + 1);
  after[width] = true;
  for (let i = width - 1; i >= 0; i--) after[i] = after[i + 1]! && fits(cells[i + extra] ?? '', i);
  return { before, after };
}

/** The row with the one join kept made, or with the columns from the first join kept to the last left empty. */
function joined(
  cells: readonly string[],
  kept: readonly { at: number; text: string }[],
  extra: number,
  length: number,
  number: boolean,
): SplitNumber {
  const first = kept[0]!.at;
  const last = kept[kept.length - 1]!.at;
  const after = cells.slice(last + 1 + extra, length);
  if (kept.length === 1)
    return {
      from: first + 1,
      to: first + 1,
      text: kept[0]!.text,
      cells: [...cells.slice(0, first), kept[0]!.text, ...after],
      extra,
      number,
    };
  return {
    from: first + 1,
    to: last + 1,
    cells: [...cells.slice(0, first), ...new Array<string>(last - first + 1).fill(''), ...after],
    extra,
    number,
  };
}

/** The most joins of a row weighed against its columns' limits (each weighing reads the row's limited columns once). */
const MOST_WEIGHED = 16;

/** The limits of each header looked at, found once: a file's rows share its header. */
const limitsByHeader = new WeakMap<readonly (SplitColumn | undefined)[], [number, number][]>();

/** The header's columns that may not exceed another (x-lte), each with that one: [column, other], from 0. */
function limitsOf(header: readonly (SplitColumn | undefined)[]): [number, number][] {
  let limits = limitsByHeader.get(header);
  if (limits) return limits;
  const byId = new Map(header.flatMap((spec, column) => (spec?.id === undefined ? [] : [[spec.id, column] as const])));
  limits = header.flatMap((spec, column) => {
    const other = spec?.lte === undefined ? undefined : byId.get(spec.lte);
    return other === undefined ? [] : [[column, other] as [number, number]];
  });
  limitsByHeader.set(header, limits);
  return limits;
}

/** Whether the row, joined at `join`, keeps each limited column within the column it may not exceed, where both are numbers. */
function withinLimits(
  cells: readonly string[],
  limits: readonly [number, number][],
  extra: number,
  join: { at: number; text: string },
  read: CellReader,
): boolean {
  const valueAt = (column: number) =>
    read(column < join.at ? cells[column]! : column === join.at ? join.text : (cells[column + extra] ?? ''), column);
  return limits.every(([column, other]) => {
    const value = valueAt(column);
    const most = valueAt(other);
    return typeof value !== 'number' || typeof most !== 'number' || value <= most;
  });
}
