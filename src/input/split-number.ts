/**
 * A number a row holds split at its thousands commas: 2,650 written without quotes (as a script
 * or a system that joins cells with commas writes it) is two cells, "2" and "650", and every cell
 * after it stands one column on: a row of 92 cells under a header of 91, and a type error in each
 * column after the number. Found where the row's numeric and yes/no cells do not fit their columns
 * as they stand, and joining the cells of a numeric column makes them fit, in one pass over the row.
 */
import type { CellValue } from '../types.js';
import { cleanText, normaliseCell, type ColumnKind } from './normalise.js';

/** The most commas a number of a row is looked for with (1,234,567,890). */
const MOST_COMMAS = 3;

const NUMERIC = new Set<ColumnKind>(['integer', 'number', 'percent']);

/** What a split is looked for by of a header's column: its kind, and the column (by id) it may not exceed. */
export interface SplitColumn {
  kind: ColumnKind;
  id?: string;
  lte?: string;
}

/** How a cell reads in a column (from 0) of the header: normaliseCell's value, or a reader's that keeps its columns' values. */
export type CellReader = (raw: string, column: number) => CellValue;

/**
 * A number split at its commas: the columns it may belong to (from 1, `from` to `to`: one where the
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
  let length = cells.length;
  // Empty cells after the last (formatted Excel columns) do not count.
  while (length > width && cleanText(cells[length - 1]!) === '') length--;
  const extra = length - width;
  if (extra < 1 || extra > MOST_COMMAS) return undefined;
  /** Whether a cell reads as its column's kind would (numbers and yes/no; any text fits the others; none fits a column without a header). */
  const fits = (raw: string, column: number): boolean => {
    const kind = header[column]?.kind;
    if (kind === undefined) return cleanText(raw) === '';
    if (!NUMERIC.has(kind) && kind !== 'boolean') return true;
    return typeof read(raw, column) !== 'string';
  };
  // fitsBefore[i]: the cells before column i fit their columns as they stand; fitsAfter[i]: the cells from column i on fit,
  // read `extra` cells on (as they stand after a joined number).
  const fitsBefore = new Array<boolean>(width + 1);
  fitsBefore[0] = true;
  for (let i = 0; i < width; i++) fitsBefore[i + 1] = fitsBefore[i]! && fits(cells[i]!, i);
  // A row whose cells fit their columns as they stand has its extra cells told where they are: joined anywhere, a row
  // of figures alone may fit as well (its later figures moved a column back, their thousands into the joined one).
  if (fitsBefore[width]) return undefined;
  const fitsAfter = new Array<boolean>(width + 1);
  fitsAfter[width] = true;
  for (let i = width - 1; i >= 0; i--) fitsAfter[i] = fitsAfter[i + 1]! && fits(cells[i + extra] ?? '', i);
  const joins: { at: number; text: string }[] = [];
  // The number lies at or before the first cell that does not fit as it stands.
  for (let i = 0; i < width && fitsBefore[i]; i++) {
    const kind = header[i]?.kind;
    if (kind === undefined || !NUMERIC.has(kind) || !fitsAfter[i + 1]) continue;
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
  const kept = within.length > 0 ? within : joins;
  const first = kept[0]!.at;
  const last = kept[kept.length - 1]!.at;
  const after = cells.slice(last + 1 + extra, length);
  if (kept.length === 1)
    return { from: first + 1, to: first + 1, text: kept[0]!.text, cells: [...cells.slice(0, first), kept[0]!.text, ...after], extra };
  return {
    from: first + 1,
    to: last + 1,
    cells: [...cells.slice(0, first), ...new Array<string>(last - first + 1).fill(''), ...after],
    extra,
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
