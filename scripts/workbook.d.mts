/** The types of scripts/workbook.mjs that the tests use. */

/** An .xlsx of one sheet holding CSV lines as Excel saves them: text as shared strings, whole numbers below the header as numbers. */
export function csvWorkbook(lines: readonly string[]): Uint8Array;

/** Excel's name of the column at 0-based `index`: A … Z, AA … */
export function columnName(index: number): string;
