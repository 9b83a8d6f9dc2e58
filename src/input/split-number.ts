/**
 * A number a row holds split at its thousands commas: 2,650 written without quotes (as a script
 * or a system that joins cells with commas writes it) is two cells, "2" and "650", and every cell
 * after it stands one column on: a row of 92 cells under a header of 91, and a type error in each
 * column after the number. Found where the row's numeric and yes/no cells do not fit their columns
 * as they stand, and joining the cells of a numeric column makes them fit, in one pass over the row.
 * Several numbers so split in a row are found by the ways of reading it whose every cell fits
 * (splitNumbers), and a name or a note with a comma outside quotes as one number is (splitText).
 */
import type { CellValue } from '../types.js';
import { cleanText, normaliseCell, WORDED_NUMBER, type ColumnKind } from './normalise.js';

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
  /** Of numbers split in several columns (splitNumbers): each joined, by its column (from 1). */
  joined?: { column: number; text: string }[];
  /** Of numbers split in several columns: by column (from 0), the cells before its first over the header's. */
  shifts?: number[];
  /** Of numbers split in several columns: the columns (from 1) the ways of reading the row differ on, not read. */
  unread?: number[];
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
  const fit = rowFit(cells, width, extra, (raw, column) => fitsAsItStands(raw, header, read, column));
  if (!fit) return undefined;
  const joins: { at: number; text: string }[] = [];
  for (let i = 0; i < width && fit.before[i]; i++) {
    const kind = header[i]?.kind;
    if (kind === undefined || !NUMERIC.has(kind) || !fit.after[i + 1]) continue;
    const text = joinedText(cells, i, extra);
    // Read as a cell is: commas make one number only where they part its thousands (2,650; not 51,8 nor 1,2345).
    if (joinsAsNumber(text, kind)) joins.push({ at: i, text });
  }
  if (joins.length === 0) return undefined;
  // Of several joins, those that keep the row within its columns' limits (returned persons not above those identified), where any does.
  const limits = joins.length > 1 && joins.length <= MOST_WEIGHED ? limitsOf(header) : [];
  const within = limits.length > 0 ? joins.filter((join) => withinLimits(cells, limits, extra, join, read)) : [];
  return joined(cells, within.length > 0 ? within : joins, extra, length, true);
}

/** The most cells over the header's a row is looked at for several split numbers with. */
const MOST_SPLIT_CELLS = 24;

/** What looking at rows for several split numbers may cost a file, in the takings of a column's cells tried (a county's row of 91 columns and 16 cells over: 6,188). */
export const SPLIT_BUDGET = 8_000_000;

/**
 * Numbers split at their thousands commas in several columns of a row (a script that writes
 * every number over 999 with its commas): the one way (or the ways) of reading the row's cells
 * into its columns, each numeric column taking one cell or a number's cells joined, that makes
 * every cell fit its column (`read`, as splitNumber). The columns the ways agree on are read so;
 * the others are left unread. Undefined where no way makes the row fit, or where looking would
 * cost more than is left of `budget` (rows of hostile width, many of them).
 */
export function splitNumbers(
  cells: readonly string[],
  header: readonly (SplitColumn | undefined)[],
  width: number,
  budget: { left: number },
  read: CellReader = (raw, column) => normaliseCell(raw, header[column]!.kind),
): SplitNumber | undefined {
  const length = filledLength(cells, width);
  const extra = length - width;
  if (extra < 2 || extra > MOST_SPLIT_CELLS) return undefined;
  const stride = extra + 1;
  const cost = width * stride * (MOST_COMMAS + 1);
  if (cost > budget.left) return undefined;
  budget.left -= cost;
  // A row whose cells fit their columns as they stand has its extra cells told where they are (as splitNumber).
  let standing = 0;
  while (standing < width && fitsJoined(cells, header, read, standing, standing, 0)) standing++;
  if (standing === width) return undefined;
  // fit[(j * stride + e) * 4 + k]: column j, after e cells over, takes its cell and the k after it (1 fits, 2 does not, 0 not yet known).
  const fit = new Uint8Array(width * stride * 4);
  const takes = (j: number, e: number, k: number): boolean => {
    const at = (j * stride + e) * 4 + k;
    if (fit[at] === 0) fit[at] = fitsJoined(cells, header, read, j, j + e, k) ? 1 : 2;
    return fit[at] === 1;
  };
  // reach[j * stride + e]: the columns before j take the cells before j + e.
  const reach = new Uint8Array((width + 1) * stride);
  reach[0] = 1;
  for (let j = 0; j < width; j++)
    for (let e = 0; e <= extra; e++) {
      if (!reach[j * stride + e]) continue;
      for (let k = 0; k <= MOST_COMMAS && e + k <= extra; k++) if (takes(j, e, k)) reach[(j + 1) * stride + e + k] = 1;
    }
  if (!reach[width * stride + extra]) return undefined;
  // Back from the end: the columns' takings (e, k) that lead to the row's end.
  const done = new Uint8Array((width + 1) * stride);
  done[width * stride + extra] = 1;
  for (let j = width - 1; j >= 0; j--)
    for (let e = 0; e <= extra; e++) {
      if (!reach[j * stride + e]) continue;
      for (let k = 0; k <= MOST_COMMAS && e + k <= extra; k++)
        if (done[(j + 1) * stride + e + k] && takes(j, e, k)) done[j * stride + e] = 1;
    }
  const leads = (j: number, e: number, k: number) => e + k <= extra && done[(j + 1) * stride + e + k] === 1 && takes(j, e, k);
  // The ways, where they are few: those that keep the row within its columns' limits, where any does (as splitNumber).
  let ways = waysThrough(width, extra, leads, MOST_WEIGHED + 1);
  if (ways.length <= MOST_WEIGHED) {
    const limits = ways.length > 1 ? limitsOf(header) : [];
    const valueOf = (way: Taking[], column: number) => {
      const { e, k } = way[column]!;
      return k === 0 ? read(cells[column + e] ?? '', column) : normaliseCell(joinedText(cells, column + e, k), header[column]!.kind);
    };
    const within = limits.length > 0 ? ways.filter((way) => withinLimitsOf(limits, (column) => valueOf(way, column))) : [];
    if (within.length > 0) ways = within;
  } else ways = [];
  const row: string[] = [];
  const shifts: number[] = [];
  const joined: { column: number; text: string }[] = [];
  const unread: number[] = [];
  let from = 0;
  let to = 0;
  let e = 0;
  for (let j = 0; j < width; j++) {
    const one = ways.length > 0 ? agreed(ways, j) : onlyTaking(extra, (at, k) => reach[j * stride + at] === 1 && leads(j, at, k));
    shifts.push(one ? one.e : e);
    if (one) e = one.e + one.k;
    if (one?.k === 0) {
      row.push(cells[j + one.e]!);
      continue;
    }
    from ||= j + 1;
    to = j + 1;
    if (!one) {
      row.push('');
      unread.push(j + 1);
      continue;
    }
    const text = joinedText(cells, j + one.e, one.k);
    row.push(text);
    joined.push({ column: j + 1, text });
  }
  return { from, to, cells: row, extra, number: true, joined, shifts, unread };
}

/** What a column takes of a row's cells: its first, after `e` cells over the header's, and the `k` after it joined to it. */
interface Taking {
  e: number;
  k: number;
}

/** Up to `most` ways of taking a row's cells into its columns, each column's taking one that `leads` to the row's end. */
function waysThrough(width: number, extra: number, leads: (j: number, e: number, k: number) => boolean, most: number): Taking[][] {
  const ways: Taking[][] = [];
  const way: Taking[] = [];
  const walk = (j: number, e: number): void => {
    if (ways.length >= most) return;
    if (j === width) {
      ways.push([...way]);
      return;
    }
    for (let k = 0; k <= MOST_COMMAS; k++) {
      if (!leads(j, e, k)) continue;
      way.push({ e, k });
      walk(j + 1, e + k);
      way.pop();
    }
  };
  walk(0, 0);
  return ways;
}

/** A column's taking where every way takes the same, else undefined. */
function agreed(ways: readonly Taking[][], column: number): Taking | undefined {
  const first = ways[0]![column]!;
  return ways.every((way) => way[column]!.e === first.e && way[column]!.k === first.k) ? first : undefined;
}

/** A column's one taking among all that lead to the row's end (`possible`), else undefined. */
function onlyTaking(extra: number, possible: (e: number, k: number) => boolean): Taking | undefined {
  let found: Taking | undefined;
  for (let e = 0; e <= extra; e++)
    for (let k = 0; k <= MOST_COMMAS; k++) {
      if (!possible(e, k)) continue;
      if (found) return undefined;
      found = { e, k };
    }
  return found;
}

/** Whether a cell reads as its column's kind would (numbers and yes/no; any text fits the others; none fits a column without a header). */
function fitsAsItStands(raw: string, header: readonly (SplitColumn | undefined)[], read: CellReader, column: number): boolean {
  const kind = header[column]?.kind;
  if (kind === undefined) return cleanText(raw) === '';
  return (!NUMERIC.has(kind) && kind !== 'boolean') || typeof read(raw, column) !== 'string';
}

/** Whether column j takes the cell at i and the k after it: as it stands (k = 0), or joined as one number (a numeric column's). */
function fitsJoined(
  cells: readonly string[],
  header: readonly (SplitColumn | undefined)[],
  read: CellReader,
  j: number,
  i: number,
  k: number,
): boolean {
  if (k === 0) return fitsAsItStands(cells[i] ?? '', header, read, j);
  const kind = header[j]?.kind;
  if (kind === undefined || !NUMERIC.has(kind)) return false;
  for (let at = i + 1; at <= i + k; at++) if (!startsWithGroup(cells[at] ?? '')) return false;
  return joinsAsNumber(joinedText(cells, i, k), kind);
}

/**
 * Whether cells joined by their commas make one number of a column's kind, or one with a word of
 * a unit after it (2,650人), whose cell the type check then refuses with its fix: either way one
 * cell, not the cells after it each read a column on.
 */
function joinsAsNumber(text: string, kind: ColumnKind): boolean {
  return typeof normaliseCell(text, kind) === 'number' || WORDED_NUMBER.test(text);
}

/** Whether a cell could follow a thousands comma: three digits, and no fourth (a quick test before the text is joined and read). */
function startsWithGroup(cell: string): boolean {
  const text = cell.trimStart();
  const digit = (at: number) => {
    const c = text.charCodeAt(at);
    return c >= 48 && c <= 57;
  };
  return digit(0) && digit(1) && digit(2) && !digit(3);
}

/** The cell at i and the k after it, trimmed and joined by their commas. */
function joinedText(cells: readonly string[], i: number, k: number): string {
  return cells
    .slice(i, i + 1 + k)
    .map((cell) => cell.trim())
    .join(',');
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
  return withinLimitsOf(limits, (column) =>
    read(column < join.at ? cells[column]! : column === join.at ? join.text : (cells[column + extra] ?? ''), column),
  );
}

/** Whether each limited column's value is within the column it may not exceed, where both are numbers. */
function withinLimitsOf(limits: readonly [number, number][], valueAt: (column: number) => CellValue): boolean {
  return limits.every(([column, other]) => {
    const value = valueAt(column);
    const most = valueAt(other);
    return typeof value !== 'number' || typeof most !== 'number' || value <= most;
  });
}
