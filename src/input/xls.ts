/**
 * Reading an Excel 97-2003 (.xls) workbook, a WPS .et, or a "workbook" a system writes as markup
 * (an HTML table, Excel 2003's XML), with SheetJS, loaded only when such a file is read. Its cells
 * are shown by the same rules as an .xlsx's (excel-number.ts). A workbook saved with a password
 * (an .xls, or an .xlsx wrapped in an encrypted container) gets its own message.
 */
import type { RawRecord } from './csv.js';
import { numberKind, showNumber } from './excel-number.js';
import { MergedDown, pickSheet, unreadable, WorkbookError, type Sheet, type Workbook } from './xlsx.js';
import { sheetJsPackage } from '../lazy.js';
import { decodeWritten, type Markup } from './decode.js';
import { excerpt } from './normalise.js';

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/** Whether a compound (OLE) file is an .xlsx encrypted with a password. */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE);
}

interface SheetJsCell {
  t: string;
  v?: unknown;
  w?: string;
  z?: string | number;
}

/**
 * Zero bytes at the end of a workbook that no save leaves there (4 KiB, and a quarter of the file at
 * least, past the padding of its last sectors): a part never written (a save or a copy cut short).
 */
const ZERO_TAIL = 4096;

/** Throws the workbook error of an .xls that cannot be read where its end is zeros, a part never written. */
function throwIfZeroFilled(bytes: Uint8Array): void {
  let size = 0;
  while (size < bytes.length && bytes[bytes.length - 1 - size] === 0) size++;
  if (size >= ZERO_TAIL && size * 4 >= bytes.length) throw new WorkbookError('workbook', { variant: 'zero-filled', size });
}

/** Markup as messages name it. */
const MARKUP_NAME: Record<Markup, string> = { html: 'HTML', xml: 'XML' };

/**
 * The text of a workbook written as markup, as a person's file is read (decodeWritten): UTF-8,
 * else GB18030, which a Chinese system's page may be in whatever its charset says; a page that
 * reads in neither is refused at its line.
 */
function markupText(bytes: Uint8Array, markup: Markup): string {
  const decoded = decodeWritten(bytes);
  if ('text' in decoded) return decoded.text;
  throw unreadable('markup-line', { markup: MARKUP_NAME[markup], line: decoded.line, not: decoded.not.en, not_zh: decoded.not.zh });
}

/**
 * Opens an .xls workbook's bytes, or a workbook written as markup (an HTML table, Excel 2003's
 * XML), whose text is read as SheetJS reads those; an HTML table's cells as they are written, as a
 * CSV's are (SheetJS would take an ID number for a number and a code for a date).
 */
export async function openXls(bytes: Uint8Array, markup?: Markup): Promise<Workbook> {
  if (!markup && isEncryptedPackage(bytes)) throw new WorkbookError('workbook-encrypted');
  const { read, utils } = sheetJsPackage();
  const text = markup && markupText(bytes, markup);
  let book: ReturnType<typeof read>;
  try {
    const options = { dense: true, cellNF: true, cellHTML: false, cellFormula: false } as const;
    book =
      text !== undefined ? read(text, { ...options, type: 'string', raw: markup === 'html' }) : read(bytes, { ...options, type: 'buffer' });
  } catch (error) {
    // SheetJS's own words where it says what it found; where its code failed on what it read (a TypeError), that the file is damaged.
    const own = !(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError);
    // A page without a table is said in words of plan-check's own, in both languages; SheetJS says so of a table never
    // closed too, as a page cut short (a download or copy stopped) has it.
    const noTable = own && /could not find <table>/i.test((error as Error).message);
    const unclosed = noTable && text !== undefined && /<table[\s>]/i.test(text);
    const reason = (error as Error).message;
    if (markup) {
      const fault = unclosed ? 'markup-unclosed' : noTable ? 'markup-no-table' : own ? 'markup' : 'markup-damaged';
      // The page's title, where it has one, says what was saved instead (登录, 404 Not Found).
      const title = fault === 'markup-no-table' ? /<title[^>]*>([^<]*)<\/title>/i.exec(text!)?.[1]?.trim() : undefined;
      throw unreadable(fault, { markup: MARKUP_NAME[markup], reason, ...(title ? { title: excerpt(title) } : {}) });
    }
    if (own && /password/i.test(reason)) throw new WorkbookError('workbook-encrypted');
    throwIfZeroFilled(bytes);
    throw new WorkbookError('workbook', own ? { reason } : { variant: 'damaged' });
  }
  const date1904 = book.Workbook?.WBProps?.date1904 === true;
  const sheets = book.SheetNames.filter((name) => book.Sheets[name]).map((name) => ({
    name,
    chart: book.Sheets[name]!['!type'] === 'chart',
  }));
  const cells = sheets.filter((s) => !s.chart).map((s) => s.name);
  // A workbook whose sheets were lost with its end, never written: that, not that it has no sheet of cells.
  if (!markup && cells.length === 0) throwIfZeroFilled(bytes);
  const workbook: Workbook = {
    names: cells,
    // Hidden 1, very hidden 2 (by a macro), as SheetJS reads a sheet's state, by its place among the book's sheets.
    hidden: new Set(cells.filter((name) => Number(book.Workbook?.Sheets?.[book.SheetNames.indexOf(name)]?.Hidden ?? 0) > 0)),
    sheet(wanted?: string, rows = Infinity): Sheet {
      const { name } = pickSheet(sheets, wanted);
      const data = (book.Sheets[name]!['!data'] ?? []) as (SheetJsCell[] | undefined)[];
      const records: RawRecord[] = [];
      for (let r = 0; r < data.length && records.length < rows; r++) {
        const cells = Array.from(data[r] ?? [], (cell) => cellText(cell, date1904));
        if (cells.some((text) => text !== '')) records.push({ line: r + 1, cells, empty: false });
      }
      return { name, records };
    },
    // An .xls is read whole by SheetJS (8 MB at most): its sheet is one batch, its merged cells filled as an .xlsx's are.
    stream(wanted?: string) {
      const { name, records } = workbook.sheet(wanted);
      const spans = (book.Sheets[name]!['!merges'] ?? []) as { s: { r: number; c: number }; e: { r: number; c: number } }[];
      const merges = new MergedDown(
        spans
          .filter((span) => span.e.r > span.s.r)
          .map((span) => ({ ref: utils.encode_range(span), column: span.s.c + 1, from: span.s.r + 1, to: span.e.r + 1 }))
          .sort((a, b) => a.from - b.from),
      );
      for (const record of records) merges.fill(record.line, record.cells);
      return { name, batches: oneBatch(records), merged: () => merges.told() };
    },
  };
  return workbook;
}

/** A sheet's records as the one batch of a stream. */
async function* oneBatch(records: RawRecord[]): AsyncGenerator<RawRecord[], void, undefined> {
  yield records;
}

function cellText(cell: SheetJsCell | undefined, date1904: boolean): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 'n':
      return showNumber(String(cell.v), numberKind(-1, typeof cell.z === 'string' ? cell.z : undefined), date1904);
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? '#N/A';
    default:
      return String(cell.v);
  }
}
