/** The types of scripts/workbook.mjs that the tests use. */

/** An .xlsx of one sheet holding CSV lines as Excel saves them: text as shared strings, whole numbers below the header as numbers. */
export function csvWorkbook(lines: readonly string[]): Uint8Array;

/** Excel's name of the column at 0-based `index`: A … Z, AA … */
export function columnName(index: number): string;

/** A zip written by hand from its parts: name (text or bytes), data as stored, unpacked size and CRC as claimed, method (0 stored, 8 deflated), name marked UTF-8 or not. */
export function handZip(
  parts: readonly { name: string | Uint8Array; data: Uint8Array; size: number; crc: number; method: 0 | 8; utf8?: boolean }[],
): Uint8Array;

/** Rewrites a zip's central directory in place: parts matching `alias` point at part `target`'s stream, or `target` claims to unpack to `lie` bytes. */
export function patchDirectory(zip: Uint8Array, change: { target: string; alias?: RegExp; lie?: number }): Uint8Array;
