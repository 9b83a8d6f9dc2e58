/**
 * A blank submission as an Excel workbook (plan-check template -o FILE.xlsx): the headers, the rows
 * given, and cells formatted as text in the columns Excel would otherwise turn into numbers or
 * dates as they are typed (an ID number into 4.31102E+17, a period 2025-12 into a date). Written by
 * SheetJS, loaded only when a workbook is asked for.
 */
import { sheetJsPackage } from '../lazy.js';
import type { Columns, ColumnSpec } from '../validate/columns.js';

/** Rows below the header whose text columns are formatted as text for a roster's records to be typed in. */
export const ROSTER_ROWS = 1000;

/** Excel's number format of text (numFmtId 49). */
const TEXT = '@';

/** Whether Excel should keep a column's cells as typed: codes, ID numbers, names, periods and days. */
const keptAsTyped = (spec: ColumnSpec, columns: Columns) =>
  spec.id === columns.code || spec.kind === 'text' || spec.kind === 'id' || spec.kind === 'period' || spec.kind === 'date';

/** The workbook's bytes: a sheet of the header and `rows`, then blank rows up to `rowsAtLeast`, their text columns formatted as text. */
export function templateWorkbook(
  columns: Columns,
  rows: readonly (readonly string[])[],
  sheet: string,
  rowsAtLeast = rows.length,
): Uint8Array {
  const { utils, write } = sheetJsPackage();
  const specs = columns.list;
  const worksheet = utils.aoa_to_sheet([specs.map((spec) => spec.label)]);
  const count = Math.max(rows.length, rowsAtLeast);
  for (let r = 0; r < count; r++) {
    specs.forEach((spec, c) => {
      const value = rows[r]?.[c] ?? '';
      if (keptAsTyped(spec, columns)) worksheet[utils.encode_cell({ r: r + 1, c })] = { t: 's', v: value, z: TEXT };
      else if (value !== '') worksheet[utils.encode_cell({ r: r + 1, c })] = { t: 's', v: value };
    });
  }
  worksheet['!ref'] = utils.encode_range({ s: { r: 0, c: 0 }, e: { r: count, c: specs.length - 1 } });
  // Wide enough for each header (a Chinese character takes two), and for an ID number's 18 characters.
  worksheet['!cols'] = specs.map((spec) => ({ wch: Math.max(spec.idNumber ? 20 : 10, 2 * spec.label.length) }));
  const book = utils.book_new();
  utils.book_append_sheet(book, worksheet, sheet);
  return write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}
