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
const LEADING_DIGITS = /^[+-]?\d{1,3}$/;
const GROUP = /^\d{3}$/;
const LAST_GROUP = /^\d{3}(?:\.\d+)?%?$/;

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
}

/**
 * The number split at its commas that makes a row of more cells than its header's `width` fit its
 * columns (`header`, a column without a header undefined; each cell read by `read`): undefined
 * where the row fits as it stands, or where no join makes it fit. Where joins at several columns
 * would (a run of figures of a few digits each), the columns from the first to the last of them
 * are left unread.
 */
export function splitNumber(cells: readonly string[], header: readonly ({ kind: ColumnKind } | undefined)[], width: number, read: CellReader = (raw, column) => normaliseCell(raw, header[column]!.kind)): SplitNumber | undefined {
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
    if (kind === undefined || !NUMERIC.has(kind) || !LEADING_DIGITS.test(cells[i]!.trim())) continue;
    const groups = cells.slice(i + 1, i + 1 + extra).map((cell) => cell.trim());
    if (!groups.every((group, at) => (at === extra - 1 ? LAST_GROUP : GROUP).test(group))) continue;
    const text = [cells[i]!.trim(), ...groups].join(',');
    if (fits(text, i) && fitsAfter[i + 1]) joins.push({ at: i, text });
  }
  if (joins.length === 0) return undefined;
  const first = joins[0]!.at;
  const last = joins[joins.length - 1]!.at;
  const after = cells.slice(last + 1 + extra, length);
  if (joins.length === 1) return { from: first + 1, to: first + 1, text: joins[0]!.text, cells: [...cells.slice(0, first), joins[0]!.text, ...after] };
  return { from: first + 1, to: last + 1, cells: [...cells.slice(0, first), ...new Array<string>(last - first + 1).fill(''), ...after] };
}
