/**
 * Reading a workbook's rows: the .xlsx (or .xls) read whole from its bytes, the sheet that holds
 * the header found by the heads of its sheets, then read as it unpacks, batch by batch, into the
 * table reader; what cannot be read is told as the file's problem.
 */
import { extname } from 'node:path';
import { issue, type WorkbookFault } from '../catalog.js';
import { namesText } from '../format.js';
import type { Bilingual, Issue } from '../types.js';
import type { Columns } from '../validate/columns.js';
import type { RawRecord } from './csv.js';
import type { Bytes, Markup } from './decode.js';
import { Chunks, type Read } from './chunks.js';
import { headerMatcher } from './header.js';
import type { ReadOptions } from './read.js';
import { isReportWorkbook } from '../report/xlsx-sheets.js';
import { globRegex, skippedIssue, WORKBOOK_NAMES } from './sources.js';
import { HEADER_SEARCH, TableReader } from './table.js';
import type { SheetStream, Workbook } from './xlsx.js';

/** Largest workbook read, in bytes (a workbook is read whole to be unzipped). */
export const MAX_WORKBOOK_BYTES = 100 * 1024 * 1024;

/** Largest .xls or .et read: SheetJS holds every cell of the book at once, about 40 times the file's size (a 10 MB file took 440 MB). */
export const MAX_XLS_BYTES = 8 * 1024 * 1024;

/** What is known of a workbook's file besides its bytes. */
export interface WorkbookFile {
  /** The file has a name of its own (standard input has none), which a workbook's kind may belie. */
  named?: boolean;
  /** The workbook is markup (an HTML table, Excel 2003's XML), read as an .xls is. */
  markup?: Markup;
}

/** The markups a system exports as a "workbook", as the notice of reading one names them. */
const MARKUP: Record<Markup, Bilingual> = {
  html: { en: 'an HTML table', zh: '网页（HTML）表格' },
  xml: { en: "Excel 2003's XML Spreadsheet", zh: 'Excel 2003 XML 电子表格' },
};

/** A workbook's rows: the sheet that holds the header (or those named) read as it unpacks, its problems told as the file's. */
export async function* readWorkbook(
  file: string,
  kind: 'xlsx' | 'xls',
  bytes: Bytes,
  options: ReadOptions,
  tell: (found: Issue) => void,
  { named = true, markup }: WorkbookFile = {},
): AsyncGenerator<Read[]> {
  const parts: Buffer[] = [];
  let size = 0;
  const limit = kind === 'xlsx' ? MAX_WORKBOOK_BYTES : MAX_XLS_BYTES;
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > limit) {
      const variant: WorkbookFault = kind === 'xlsx' ? 'too-large' : markup ? 'too-large-markup' : 'too-large-xls';
      const named: Record<string, string> = markup ? { markup: MARKUP[markup].en, markup_zh: MARKUP[markup].zh } : {};
      tell(issue('workbook-unreadable', { file, params: { variant, limit, ...named } }));
      return;
    }
    parts.push(chunk);
  }
  let workbook: Workbook;
  /** The sheets to read (none named: the first), and those that hold the header too but are not read. */
  let sheets: (string | undefined)[];
  let unread: string[] = [];
  /** Sheets Excel hides that hold the header too, passed over for those it shows. */
  let passed: string[] = [];
  // Sheets a pattern names (a sheet named as the pattern is written is that sheet): each told as the file and sheet, a.xlsx[12月] (Excel allows no bracket in a sheet's name).
  let several = false;
  try {
    const whole = Buffer.concat(parts);
    // The pieces are let go: the sheets are read from `whole` for as long as their rows take.
    parts.length = 0;
    // The workbook readers are loaded the first time a workbook is read.
    const { openWorkbook, unreadable } = await import('./xlsx.js');
    workbook = kind === 'xlsx' ? openWorkbook(whole) : await (await import('./xls.js')).openXls(whole, markup);
    // A workbook report plan-check wrote into the folder it reads is passed over, as its CSV reports are.
    if (isReportWorkbook(workbook.names)) {
      tell(skippedIssue({ path: file, reason: 'own-report' }));
      return;
    }
    const datasets = [options.columns, ...(options.rosters ?? []).map((r) => r.columns)];
    several = options.sheet !== undefined && isSheetPattern(options.sheet) && !workbook.names.includes(options.sheet);
    if (options.sheet === undefined) {
      // Sheets besides the one read that hold the header too (a month or a unit a sheet) are not read: said, as the drop would be partial.
      const found = preferShown(workbook, sheetsWithHeader(workbook, datasets));
      // Where no sheet has the header, the first Excel shows is read, and its header-not-found names the file.
      const [chosen = firstShown(workbook), ...others] = found.read;
      sheets = [chosen];
      unread = others;
      passed = found.passed;
    } else if (several) {
      const found = preferShown(workbook, sheetsMatching(workbook, options.sheet, datasets));
      sheets = found.read;
      passed = found.passed;
      if (!sheets.length) throw unreadable('no-sheet-matching', { pattern: options.sheet }, workbook.names);
    } else sheets = [options.sheet];
  } catch (error) {
    if (await toldUnreadable(error, file, tell)) return;
    throw error;
  }
  // Markup is told as what it is, whatever its name (systems name it .xls).
  if (markup) tell(issue('workbook-markup', { file, params: { what: MARKUP[markup].en, what_zh: MARKUP[markup].zh } }));
  let renamedTold = !named || markup !== undefined;
  /** What is said of the file and of the sheet once the sheet can be read. */
  const opened = (sheet: string) => {
    const extension = extname(file).toLowerCase();
    if (!renamedTold && !(WORKBOOK_NAMES[kind] as readonly string[]).includes(extension)) {
      tell(issue('workbook-renamed', { file, line: 1, column: 1, params: { named: extension || '(none)', holds: `.${kind}` } }));
    }
    renamedTold = true;
    // A sheet Excel hides is read where no sheet it shows has the header, or where --sheet names it: said, as a person looking for it would not see it.
    const hidden: Record<string, string> = workbook.hidden.has(sheet)
      ? { hidden_en: ' (hidden in Excel)', hidden_zh: '（在 Excel 中隐藏）' }
      : { hidden: '' };
    tell(issue('sheet-read', { file, params: { sheet, ...hidden } }));
    // Read unasked, for want of a sheet shown with the header (an old copy hidden, the one shown changed), it may not be this drop's: a warning.
    if (workbook.hidden.has(sheet) && (options.sheet === undefined || several))
      tell(issue('hidden-sheet-read', { file, params: { sheet } }));
    if (unread.length) {
      const list = namesText(unread, 5, true);
      tell(issue('sheets-unread', { file, params: { sheet, others: list.en, others_zh: list.zh } }));
    }
    if (passed.length) {
      const list = namesText(passed, 5, true);
      tell(issue('sheets-hidden', { file, params: { others: list.en, others_zh: list.zh } }));
    }
    // Said once, as the first sheet read opens.
    passed = [];
  };
  for (const name of sheets)
    yield* readSheet(workbook, name, several && name !== undefined ? `${file}[${name}]` : file, { file, options, tell, opened });
}

/** What reading a workbook's sheet needs besides the sheet: the file, the options, where problems go, and what to say once the sheet opens. */
interface SheetReading {
  file: string;
  options: ReadOptions;
  tell: (found: Issue) => void;
  opened: (sheet: string) => void;
}

/** A sheet's rows, read as it unpacks, its rows and problems told as `shown` (the file, or the file and sheet). */
async function* readSheet(
  workbook: Workbook,
  name: string | undefined,
  shown: string,
  { file, options, tell, opened }: SheetReading,
): AsyncGenerator<Read[]> {
  let sheet: SheetStream;
  let batches: AsyncIterator<RawRecord[]>;
  let first: IteratorResult<RawRecord[]>;
  try {
    sheet = workbook.stream(name);
    // The sheet is read as it unpacks; a sheet that cannot be read from its start is told alone, with no rows.
    batches = sheet.batches[Symbol.asyncIterator]();
    first = await batches.next();
    const opening = firstShown(workbook);
    if (options.sheet === undefined && opening !== undefined && sheet.name !== opening)
      tell(issue('sheet-chosen', { file, params: { sheet: sheet.name, first: opening } }));
  } catch (error) {
    if (await toldUnreadable(error, shown, tell)) return;
    throw error;
  }
  opened(sheet.name);
  // A sheet stores no trailing empty cells: a short row there is not a missing cell.
  const chunks = new Chunks();
  const table = new TableReader(shown, options, chunks.tell, options.headerRow, true);
  let lastLine = 0;
  try {
    for (let batch = first; !batch.done; batch = await batches.next()) {
      lastLine = batch.value[batch.value.length - 1]?.line ?? lastLine;
      yield* chunks.of(table.take(batch.value, new Set()));
    }
  } catch (error) {
    // The rest of the sheet cannot be read (damaged past its start): the rows before stay read, and the file is told unreadable, saying how far it was read.
    if (!(await toldUnreadable(error, shown, tell, lastLine))) throw error;
  } finally {
    // A sheet left unread (an error of the run, or a reader that stopped taking rows) lets go of its unpacking.
    await batches.return?.();
  }
  // Cells under a merged cell (区划代码 merged down over a unit's periods) were read as the value it shows: said once.
  const merged = sheet.merged();
  if (merged)
    tell(
      issue('cells-merged', {
        file: shown,
        params: { cells: merged.cells === 1 ? '1 cell' : `${merged.cells} cells`, cells_zh: merged.cells, first: merged.first },
      }),
    );
  table.finish();
  yield* chunks.rest();
}

/**
 * A WorkbookError told as the file's problem (true); anything else is not the workbook's (false).
 * `readUpTo`: the last row read before the fault, when rows were read (they are counted).
 */
async function toldUnreadable(error: unknown, file: string, tell: (found: Issue) => void, readUpTo = 0): Promise<boolean> {
  const { WorkbookError } = await import('./xlsx.js');
  if (!(error instanceof WorkbookError)) return false;
  // Problems of the file as a whole are told at its start; a workbook's at no line.
  const at = error.code === 'workbook-unreadable' ? {} : { line: 1, column: 1 };
  const params = { ...error.params };
  if (error.sheets.length > 0) Object.assign(params, { sheets: error.sheets.join(', '), sheets_zh: error.sheets.join('、') });
  if (readUpTo > 0) params.read = readUpTo;
  tell(issue(error.code, { file, ...at, params }));
  return true;
}

/**
 * The sheets that hold a header of the summary or a roster, in the workbook's order: the first is
 * read (a workbook may open on 填表说明, the instructions); where none does, the first sheet is,
 * whose header-not-found then names the file.
 */
function sheetsWithHeader(workbook: Workbook, datasets: readonly Columns[], names: readonly string[] = workbook.names): string[] {
  const matchers = datasets.map((columns) => headerMatcher(columns.list));
  const named = (cells: string[]) => Math.max(...matchers.map((matcher) => cells.filter((cell) => matcher.match(cell)).length));
  // Only the head of each sheet is read to look for the header.
  return names.filter((name) => workbook.sheet(name, HEADER_SEARCH).records.some((record) => named(record.cells) >= 2));
}

/** The first sheet a person sees in Excel: sheets it hides are not counted (undefined: the workbook has no sheet of cells). */
function firstShown(workbook: Workbook): string | undefined {
  return workbook.names.find((name) => !workbook.hidden.has(name)) ?? workbook.names[0];
}

/**
 * Of sheets that hold the header, those to read: the ones Excel shows (a hidden sheet is an old
 * copy, or a template's), and the hidden ones passed over; the hidden ones are read where Excel
 * shows none of them.
 */
function preferShown(workbook: Workbook, names: readonly string[]): { read: string[]; passed: string[] } {
  const shown = names.filter((name) => !workbook.hidden.has(name));
  return shown.length ? { read: shown, passed: names.filter((name) => workbook.hidden.has(name)) } : { read: [...names], passed: [] };
}

/**
 * Whether --sheet is a pattern of sheets' names (`*`, `*月`: Excel allows neither * nor ? in a
 * sheet's name), or of those not to read (`!汇总`: every sheet but a summary of the others); a
 * sheet of the workbook named so is read as named.
 */
const isSheetPattern = (sheet: string): boolean => /[*?]/.test(sheet) || sheet.startsWith('!');

/** The sheets a pattern names that hold a header (`!` before it: those it does not name), in the workbook's order (the others are not looked into). */
function sheetsMatching(workbook: Workbook, pattern: string, datasets: readonly Columns[]): string[] {
  const but = pattern.startsWith('!');
  const matches = globRegex(but ? pattern.slice(1) : pattern);
  return sheetsWithHeader(
    workbook,
    datasets,
    workbook.names.filter((name) => matches.test(name) !== but),
  );
}
