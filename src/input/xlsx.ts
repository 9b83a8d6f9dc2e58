/**
 * Reading an .xlsx (or .xlsm) workbook: the zip's parts are found through its relationships
 * (any case, any namespace prefix), xml.ts scans their XML (XML's own entities only, no DTD), and
 * only the sheet read is inflated, streamed into the parser, its records handed on in batches as
 * they come (memory holds the file, its shared strings and a batch, whatever the sheet's rows).
 * Cells come out as text the way Excel shows them (see excel-number.ts), on Excel's own row numbers.
 */
import type { Bilingual } from '../types.js';
import type { RawRecord } from './csv.js';
import { numberKind, showNumber, type NumberKind } from './excel-number.js';
import { namesText } from '../format.js';
import { excerpt } from './normalise.js';
import { notATableParams, type Document } from './decode.js';
import { issue, messageOf, type WorkbookFault } from '../catalog.js';
import { XmlError, XmlScanner, type XmlHandlers, type XmlTag } from './xml.js';
import { MAX_UNPACKED_BYTES, openZip, whyNotRead, ZipBudgetError, ZipError, type Zip, type ZipEntry } from './zip.js';

/** Excel's limit on the characters of a cell; a part that holds more was not written by Excel. */
export const MAX_CELL_CHARS = 32_767;

/** Most cells a sheet read may span, counting each row up to its last filled cell: a row with one cell in column XFD spans 16,384. */
export const MAX_SHEET_CELLS = 10_000_000;

/** Most XML elements a sheet read may hold: three for each cell it may span, a dense sheet's count. */
export const MAX_SHEET_ELEMENTS = 3 * MAX_SHEET_CELLS;

/**
 * Parts of the workbook's budget of unpacked bytes a part that describes it (its list of sheets,
 * relationships, styles) may unpack to one of: 16 MiB of 512 MiB, where Excel's 64,000 cell formats
 * take about 10 MB of styles. A part written to be larger would take seconds and gigabytes to read
 * up to the budget.
 */
const DESCRIBING_SHARE = 32;

/**
 * Unpacked bytes of the workbook's budget a character of its shared strings stands for: their
 * characters are at most a quarter of the budget (128 Mi of 512 MiB: a part written to fill memory
 * stops there, at under 600 MB), where a roster of Excel's 1,048,576 rows with four text columns of
 * its own needs under 100 Mi.
 */
const SHARED_BYTES_A_CHAR = 4;

/** Excel's last column, XFD. */
const MAX_COLUMN = 16_384;

/** Excel's last row. */
const MAX_ROW = 1_048_576;

/** Why a workbook could not be read. */
export class WorkbookError extends Error {
  constructor(
    /** The problem it is told as: workbook-unreadable (its `variant` a WorkbookFault), workbook (an .xls), workbook-encrypted or not-a-table. */
    readonly code: 'workbook-unreadable' | 'workbook' | 'workbook-encrypted' | 'not-a-table',
    /** The values its message names. */
    readonly params: Record<string, string | number> = {},
    /** The workbook's sheets of cells, where the fault is a sheet's. */
    readonly sheets: readonly string[] = [],
  ) {
    super(messageOf(issue(code, { file: '', params }), 'en'));
  }

  /** The message in Chinese. */
  get zh(): string {
    return messageOf(issue(this.code, { file: '', params: this.params }), 'zh');
  }
}

/** A workbook that cannot be read, as the catalog words its fault (WORKBOOK_FAULTS). */
export const unreadable = (fault: WorkbookFault, params: Record<string, string | number> = {}, sheets: readonly string[] = []) =>
  new WorkbookError('workbook-unreadable', { variant: fault, ...params }, sheets);

/** A zip of another program's document (a Word document saved as or named .xlsx), or an archive of files: what it is. */
export class OtherDocument extends WorkbookError {
  constructor(readonly is: Document) {
    super('not-a-table', notATableParams(is));
  }
}

/** The parts that say a zip is another Office program's document, and what it then is. */
const OTHER_PACKAGES: { part: string; is: Bilingual }[] = [
  { part: 'word/document.xml', is: { en: 'a Word document', zh: '一个 Word 文档' } },
  { part: 'ppt/presentation.xml', is: { en: 'a PowerPoint presentation', zh: '一个 PowerPoint 演示文稿' } },
  { part: 'content.xml', is: { en: 'an OpenDocument file', zh: '一个 OpenDocument 文件' } },
];

/** What a zip archive of files holds, as a message names it: how many files, the first three. */
function archiveOf(zip: Zip): Bilingual {
  const files = [...zip.entries.values()].map((entry) => entry.name).filter((name) => !name.endsWith('/'));
  const named = namesText(files.map(excerpt), 3);
  return {
    en: `a zip archive of ${files.length} file${files.length === 1 ? '' : 's'} (${named.en})`,
    zh: `一个含 ${files.length} 个文件的 zip 压缩包（${named.zh}）`,
  };
}

/** The records of one sheet: its name, and each non-empty row as a record on its Excel row number. */
export interface Sheet {
  name: string;
  records: RawRecord[];
}

/** An opened workbook: its sheets' names, and a sheet read on demand. */
export interface Workbook {
  /** The sheets that hold cells (chart sheets are left out), in the workbook's order. */
  names: string[];
  /** Those of them Excel does not show (hidden, or very hidden by a macro): an old copy, a list for a drop-down. */
  hidden: ReadonlySet<string>;
  /** The named sheet (the first when none is named), or its first `rows` records; a WorkbookError when there is none. */
  sheet(wanted?: string, rows?: number): Sheet;
  /**
   * The named sheet (the first when none is named) read as it unpacks: its records in batches,
   * so that memory holds a batch, not the sheet. A WorkbookError when there is none, or, while
   * the batches are taken, when the rest of it cannot be read.
   */
  stream(wanted?: string): SheetStream;
}

/** A sheet's name, and its records in batches as they are read (each non-empty row on its Excel row number). */
export interface SheetStream {
  name: string;
  batches: AsyncIterable<RawRecord[]>;
  /** Once its batches are read: the cells under a merged cell read as the value it shows, how many and the first merge (A4:A6). */
  merged(): { cells: number; first: string } | undefined;
}

interface SheetPart {
  name: string;
  path: string;
  chart: boolean;
  hidden: boolean;
}

/** An element's or attribute's name without its namespace prefix: `x:sheet` -> `sheet`. */
function local(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** The value of an attribute by its local name, whatever its prefix (`r:id`, `relationships:id`). */
function attribute(tag: XmlTag, name: string, prefixed = false): string | undefined {
  const attributes = tag.attributes;
  if (!prefixed && name in attributes) return String(attributes[name]);
  const suffix = `:${name}`;
  for (const key in attributes) {
    if (key.endsWith(suffix)) return String(attributes[key]);
  }
  return undefined;
}

/** Opens a workbook: reads its list of sheets; cells are read when a sheet is asked for. All its parts together unpack to at most `budget` bytes. */
export function openWorkbook(bytes: Uint8Array, budget = MAX_UNPACKED_BYTES): Workbook {
  let zip: Zip;
  try {
    zip = openZip(bytes, budget);
  } catch (error) {
    const why = whyNotRead(error);
    throw unreadable('xlsx', { reason: why.en, reason_zh: why.zh });
  }
  const part = new PartReader(zip, budget / DESCRIBING_SHARE);
  const declared = part.relationships('').byType.get('officeDocument');
  const book = declared && part.has(declared) ? declared : 'xl/workbook.xml';
  const other = part.has(book) ? undefined : OTHER_PACKAGES.find((kind) => part.has(kind.part));
  if (other) throw new OtherDocument(other.is);
  // No package of any Office program's (its list of content types): an archive of files, a drop sent as a zip.
  if (!part.has(book) && !part.has('[Content_Types].xml')) throw new OtherDocument({ ...archiveOf(zip), archive: true, readAs: '.zip' });
  const relations = relationsOf(part, book);
  const { sheets, date1904 } = sheetList(part, book, relations);
  const cells = sheets.filter((s) => !s.chart);
  let strings: string[] | undefined;
  let formats: NumberKind[] | undefined;
  /** The sheet asked for, and what reading its cells needs (shared strings and formats, read once). */
  const open = (wanted: string | undefined) => {
    const found = pickSheet(sheets, wanted);
    strings ??= sharedStrings(part, relations.get('sharedStrings'), budget / SHARED_BYTES_A_CHAR);
    formats ??= cellFormats(part, relations.get('styles'));
    return { found, context: { strings, formats, date1904 } };
  };
  const list = cells.map((s) => s.name);
  return {
    names: list,
    hidden: new Set(cells.filter((s) => s.hidden).map((s) => s.name)),
    sheet(wanted?: string, rows = Infinity): Sheet {
      const { found, context } = open(wanted);
      const records: RawRecord[] = [];
      try {
        for (const batch of sheetBatches(part, found.path, context, rows)) records.push(...batch);
      } catch (error) {
        throw namingSheet(error, found.name, list);
      }
      return { name: found.name, records };
    },
    stream(wanted?: string): SheetStream {
      const { found, context } = open(wanted);
      const merges = new MergedDown(part.mergesDown(found.path));
      return {
        name: found.name,
        batches: namedBatches(sheetBatchesAsync(part, found.path, { ...context, merges }), found.name, list),
        merged: () => merges.told(),
      };
    },
  };
}

/** A problem in a sheet told as the sheet's, with the workbook's sheets of cells listed. */
function namingSheet(error: unknown, name: string, list: string[]): unknown {
  return error instanceof WorkbookError && error.sheets.length === 0
    ? new WorkbookError(error.code, { ...error.params, sheet: name }, list)
    : error;
}

/** A sheet's batches, a problem in them told as the sheet's. */
async function* namedBatches(
  batches: AsyncIterable<RawRecord[]>,
  name: string,
  list: string[],
): AsyncGenerator<RawRecord[], void, undefined> {
  try {
    yield* batches;
  } catch (error) {
    throw namingSheet(error, name, list);
  }
}

/** The sheet named (the first sheet of cells when none is); a WorkbookError, listing the sheets of cells, when it is absent or a chart. */
export function pickSheet<T extends { name: string; chart: boolean }>(sheets: readonly T[], wanted?: string): T {
  const found = wanted === undefined ? sheets.find((s) => !s.chart) : sheetNamed(sheets, wanted);
  if (found && !found.chart) return found;
  const list = sheets.filter((s) => !s.chart).map((s) => s.name);
  if (!found) {
    if (wanted === undefined) throw unreadable('no-sheet-of-cells', {}, list);
    throw unreadable('no-sheet', { wanted }, list);
  }
  if (found.chart) throw unreadable('chart-sheet', { wanted: found.name }, list);
  return found;
}

/** The sheets of a workbook by name (the first of a name), made once for its list: a workbook of thousands of sheets is looked into sheet by sheet. */
const sheetsByName = new WeakMap<readonly { name: string }[], Map<string, { name: string }>>();

/** The first sheet of the list with that name. */
function sheetNamed<T extends { name: string }>(sheets: readonly T[], name: string): T | undefined {
  let named = sheetsByName.get(sheets);
  if (!named) {
    named = new Map();
    for (const sheet of sheets) if (!named.has(sheet.name)) named.set(sheet.name, sheet);
    sheetsByName.set(sheets, named);
  }
  return named.get(name) as T | undefined;
}

/** An XML scanner fed with a part's unpacked bytes as UTF-8 text: write() each piece, end() once all are in. */
function xmlFeed(handlers: XmlHandlers): { write: (piece: Uint8Array) => void; end: () => void } {
  const scanner = new XmlScanner(handlers);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    write: (piece) => scanner.write(decoder.decode(piece, { stream: true })),
    end: () => {
      scanner.write(decoder.decode());
      scanner.end();
    },
  };
}

/** What a fault in reading a part is told as: a WorkbookError, or the error itself when it is not the part's. */
function partError(error: unknown, path: string): unknown {
  // A sheet of a few hundred thousand rows unpacks past the budget: as CSV it is read in one pass, whatever its size.
  if (error instanceof ZipError)
    return unreadable(error instanceof ZipBudgetError ? 'unpack-budget' : 'unpack', { reason: error.message, reason_zh: error.zh });
  if (error instanceof XmlError) return unreadable('xml', { part: path, reason: error.message });
  if (error instanceof TypeError && /encoded|decode/i.test(error.message)) return unreadable('not-utf8', { part: path });
  return error;
}

/** Reads parts of the zip as XML, by path, whatever their case. */
class PartReader {
  /** `describing`: the most bytes a part that describes the workbook may unpack to (DESCRIBING_SHARE). */
  constructor(
    private readonly zip: Zip,
    private readonly describing: number,
  ) {}

  has(path: string): boolean {
    return this.zip.entries.has(path.toLowerCase());
  }

  /**
   * Parses a part; `optional` parts that are absent are skipped. A part unpacking to more than
   * `most` bytes is refused (by default a part that describes the workbook: DESCRIBING_SHARE).
   */
  parse(path: string, handlers: XmlHandlers, optional = false, most = this.describing): void {
    const steps = this.steps(path, handlers, optional, most);
    while (!steps.next().done);
  }

  /** parse(), pausing each time a piece of the part has gone through the handlers; `most` where it is read to its end, up to that many bytes (Zip.inflate's toEnd). */
  *steps(path: string, handlers: XmlHandlers, optional = false, most?: number): Generator<void, void, undefined> {
    const entry = this.entry(path, optional);
    if (!entry) return;
    const xml = xmlFeed(handlers);
    let unpacked = 0;
    const write = (piece: Uint8Array): void => {
      unpacked += piece.length;
      if (most !== undefined && unpacked > most) throw unreadable('part-large', { part: path, most });
      xml.write(piece);
    };
    try {
      yield* this.zip.inflate(entry, write, most);
      xml.end();
    } catch (error) {
      throw partError(error, path);
    }
  }

  /** steps() as the part's pieces come from zlib, unpacked on its thread while the handlers work. */
  async *stepsAsync(path: string, handlers: XmlHandlers): AsyncGenerator<void, void, undefined> {
    const entry = this.entry(path, false)!;
    const xml = xmlFeed(handlers);
    try {
      for await (const piece of this.zip.stream(entry)) {
        xml.write(piece);
        yield;
      }
      xml.end();
    } catch (error) {
      throw partError(error, path);
    }
  }

  /**
   * The merged cells of a sheet that span rows (区划代码 merged down over a unit's periods), from
   * its <mergeCells>, which stand after its rows: its part unpacked once before it is read, where
   * it is small (a form, not a roster); none past MAX_MERGED.
   */
  mergesDown(path: string): Merge[] {
    const entry = this.entry(path, true);
    if (!entry || entry.compressedSize > MERGES_SCANNED_BYTES) return [];
    // The bytes from the first "mergeCells" on (the element, after the rows), the rows before passed over.
    const marker = Buffer.from('mergeCells');
    let carry = Buffer.alloc(0);
    let found: Buffer[] | undefined;
    let inflated = 0;
    try {
      const steps = this.zip.inflate(entry, (piece) => {
        // Unpacked against the workbook's budget as the sheet then is: a part that unpacks past MERGES_UNPACKED is not looked through.
        inflated += piece.length;
        if (inflated > MERGES_UNPACKED) throw new Enough();
        if (found) {
          found.push(Buffer.from(piece));
          return;
        }
        const joined = Buffer.concat([carry, piece]);
        const at = joined.indexOf(marker);
        if (at >= 0) found = [joined.subarray(at)];
        else carry = joined.subarray(Math.max(0, joined.length - marker.length + 1));
      });
      while (!steps.next().done);
    } catch {
      // A part that cannot be unpacked is told as the sheet is read; one past MERGES_UNPACKED is read without merges.
      return [];
    }
    if (!found) return [];
    const tail = Buffer.concat(found).toString('utf8');
    const merges: Merge[] = [];
    // An element's attributes looked through for 200 characters at most: a part made to be slow is not.
    for (const match of tail.matchAll(
      /<(?:[\w-]{1,20}:)?mergeCell\b[^>]{0,200}?\bref=["']([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})["']/g,
    )) {
      const [from, to] = [Number(match[2]), Number(match[4])];
      if (to > from) merges.push({ ref: `${match[1]}${match[2]}:${match[3]}${match[4]}`, column: columnNumber(match[1]!), from, to });
      if (merges.length >= MAX_MERGED) break;
    }
    return merges.sort((a, b) => a.from - b.from);
  }

  /** A part's entry by path; undefined for an `optional` part that is absent. */
  private entry(path: string, optional: boolean): ZipEntry | undefined {
    const entry = this.zip.entries.get(path.toLowerCase());
    if (!entry && !optional) throw unreadable('part-missing', { part: path });
    return entry;
  }

  /** The relationships of a part, by type (the last word of the type URI) and by id. */
  relationships(source: string): { byType: Map<string, string>; byId: Map<string, string> } {
    const slash = source.lastIndexOf('/');
    const folder = source.slice(0, slash + 1);
    const rels = `${folder}_rels/${source.slice(slash + 1)}.rels`;
    const byType = new Map<string, string>();
    const byId = new Map<string, string>();
    this.parse(
      rels,
      {
        open: (tag) => {
          if (local(tag.name) !== 'Relationship' || attribute(tag, 'TargetMode') === 'External') return;
          const target = resolve(folder, attribute(tag, 'Target') ?? '');
          const type = (attribute(tag, 'Type') ?? '').split('/').pop()!;
          if (!byType.has(type)) byType.set(type, target);
          byId.set(attribute(tag, 'Id') ?? '', target);
        },
      },
      true,
    );
    return { byType, byId };
  }
}

/** A relationship's target resolved against the folder of its source part. */
function resolve(folder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : folder + target;
  const parts: string[] = [];
  for (const piece of path.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

interface Relations {
  get(type: 'sharedStrings' | 'styles'): string | undefined;
  byId: Map<string, string>;
}

function relationsOf(part: PartReader, book: string): Relations {
  const { byType, byId } = part.relationships(book);
  const folder = book.slice(0, book.lastIndexOf('/') + 1);
  return {
    byId,
    get: (type) => byType.get(type) ?? `${folder}${type}.xml`,
  };
}

function sheetList(part: PartReader, book: string, relations: Relations): { sheets: SheetPart[]; date1904: boolean } {
  const sheets: SheetPart[] = [];
  let date1904 = false;
  const folder = book.slice(0, book.lastIndexOf('/') + 1);
  part.parse(book, {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'workbookPr') date1904 = /^(?:1|true)$/i.test(attribute(tag, 'date1904') ?? '');
      if (name !== 'sheet') return;
      const sheetName = attribute(tag, 'name') ?? '';
      const id = attribute(tag, 'id', true);
      const path = (id && relations.byId.get(id)) ?? `${folder}worksheets/sheet${attribute(tag, 'sheetId') ?? sheets.length + 1}.xml`;
      const hidden = /^(?:hidden|veryHidden)$/.test(attribute(tag, 'state') ?? '');
      sheets.push({ name: sheetName, path, chart: /chartsheets?\//i.test(path) || /\/dialogsheets?\//i.test(path), hidden });
    },
  });
  return { sheets, date1904 };
}

/**
 * A workbook's shared strings: at most a sheet's cells of them (MAX_SHEET_CELLS), of at most
 * `maxChars` characters in all, so that a part that unpacks to hundreds of megabytes of strings
 * (within the workbook's budget of bytes) is refused before they fill memory.
 */
function sharedStrings(part: PartReader, path: string | undefined, maxChars: number): string[] {
  const strings: string[] = [];
  if (!path) return strings;
  let current = '';
  let inText = false;
  let inPhonetic = false;
  let chars = 0;
  const keep = (text: string): void => {
    chars += text.length;
    if (strings.length >= MAX_SHEET_CELLS) throw unreadable('shared-strings', { part: path, most: MAX_SHEET_CELLS });
    if (chars > maxChars) throw unreadable('shared-chars', { part: path, most: maxChars });
    strings.push(text);
  };
  const takeText = (text: string): void => {
    if (!inText) return;
    current += text;
    if (current.length > MAX_CELL_CHARS * 8)
      throw unreadable('shared-string-long', { part: path, n: strings.length + 1, most: MAX_CELL_CHARS });
  };
  part.parse(
    path,
    {
      open: (tag) => {
        const name = local(tag.name);
        if (name === 'si') current = '';
        else if (name === 'rPh') inPhonetic = true;
        else if (name === 't') inText = !inPhonetic;
      },
      text: takeText,
      close: (name) => {
        const element = local(name);
        if (element === 'si') keep(unescapeOoxml(current));
        else if (element === 'rPh') inPhonetic = false;
        else if (element === 't') inText = false;
      },
      // Most strings, `<si><t>text</t></si>`, are taken whole: the same steps as the events above.
      plain: {
        name: 'si',
        child: 't',
        attributes: [],
        take: (_, child) => {
          current = '';
          if (child !== undefined) {
            inText = !inPhonetic;
            if (child !== '') takeText(child);
            inText = false;
          }
          keep(unescapeOoxml(current));
        },
      },
    },
    true,
    Infinity,
  );
  return strings;
}

/** `_x000D_` and the like: characters XML cannot hold, escaped the OOXML way. */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** The kind of number format of each cell style index (cellXfs). */
function cellFormats(part: PartReader, path: string | undefined): NumberKind[] {
  const formats: NumberKind[] = [];
  if (!path) return formats;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  part.parse(
    path,
    {
      open: (tag) => {
        const name = local(tag.name);
        if (name === 'numFmt') custom.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(attribute(tag, 'numFmtId') ?? 0);
          formats.push(numberKind(id, custom.get(id)));
        }
      },
      close: (name) => {
        if (local(name) === 'cellXfs') inCellXfs = false;
      },
    },
    true,
  );
  return formats;
}

/** `AB12` -> 28 (1-based column number); 0 when the reference has no letters. */
function columnNumber(ref: string): number {
  // Capitals then a digit, as writers write references, without making a text in capitals.
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) n = n * 26 + (code - 64);
    else if (code >= 48 && code <= 57) return n;
    else break;
  }
  return anyCaseColumnNumber(ref);
}

/** columnNumber() of a reference in any case (what toUpperCase makes a letter counts as one). */
function anyCaseColumnNumber(ref: string): number {
  let n = 0;
  for (const c of ref.toUpperCase()) {
    const code = c.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

interface CellContext {
  strings: string[];
  formats: NumberKind[];
  date1904: boolean;
  /** The merged cells spanning rows of the sheet read whole (stream()), filled in its rows. */
  merges?: MergedDown;
}

/** Stops reading a sheet once enough records are in. */
class Enough extends Error {}

/** Records handed on at a time while a sheet is read (a few hundred KB of cells). */
const SHEET_BATCH = 256;

/** A merged cell that spans rows: its reference, its first column, its first and last rows. */
export interface Merge {
  ref: string;
  column: number;
  from: number;
  to: number;
}

/** Sheets unpacked beforehand for their merged cells, at most this large packed (about 20 MB of XML: a form, not a roster). */
const MERGES_SCANNED_BYTES = 2 * 1024 * 1024;
/** Bytes of a sheet unpacked to look for its merged cells, at most (of the workbook's budget, which the sheet's reading then shares). */
const MERGES_UNPACKED = 16 * 1024 * 1024;
/** Merged cells taken from a sheet, at most. */
const MAX_MERGED = 100_000;

/**
 * The value a merged cell shows, given to the rows under its first (Excel shows one value over all
 * of them; a CSV export writes it in the first row only): in its first column, where the row's own
 * cell is empty. Rows are taken in order; each merge is looked at from its first row to its last.
 */
export class MergedDown {
  private next = 0;
  private active: { merge: Merge; value: string }[] = [];
  private cells = 0;
  private first: string | undefined;

  constructor(private readonly merges: readonly Merge[]) {}

  /** A row of the sheet as read (cells by column, from 1), filled where merges above it span it. */
  fill(rowNumber: number, row: string[]): void {
    if (this.merges.length === 0) return;
    while (this.next < this.merges.length && this.merges[this.next]!.from <= rowNumber) {
      const merge = this.merges[this.next++]!;
      if (merge.from === rowNumber) this.active.push({ merge, value: row[merge.column - 1] ?? '' });
    }
    // A row of nothing but formatting under a merge stays empty.
    if (this.active.length === 0 || row.length === 0) return;
    let ended = false;
    for (const { merge, value } of this.active) {
      if (rowNumber > merge.to) ended = true;
      else if (rowNumber > merge.from && value !== '' && (row[merge.column - 1] ?? '') === '') {
        while (row.length < merge.column - 1) row.push('');
        row[merge.column - 1] = value;
        this.cells++;
        this.first ??= merge.ref;
      }
    }
    if (ended) this.active = this.active.filter(({ merge }) => rowNumber <= merge.to);
  }

  /** How many cells were filled, and the first merge that filled one. */
  told(): { cells: number; first: string } | undefined {
    return this.first === undefined ? undefined : { cells: this.cells, first: this.first };
  }
}

/** A sheet's records, or its first `rows`, as its XML goes through `handlers`: take() hands on those gathered so far. */
function sheetRecords(
  path: string,
  context: CellContext,
  rows: number,
): { handlers: XmlHandlers; count: () => number; take: () => RawRecord[] } {
  let records: RawRecord[] = [];
  let taken = 0;
  let row: string[] = [];
  let rowNumber = 0;
  let cell: { column: number; type: string; style: number } | undefined;
  let value = '';
  let inline = '';
  /** A cell's formula, and whether it has a value: a formula whose workbook was saved without calculating it has none. */
  let formula: string | undefined;
  let valued = false;
  let into: 'value' | 'inline' | 'formula' | undefined;
  let inInline = false;
  let inPhonetic = false;
  let spanned = 0;
  let lastColumn = 0;
  let rowElements = 0;
  let elements = 0;
  /** An element more, within the bound. */
  const counted = (): void => {
    if (++elements > MAX_SHEET_ELEMENTS) throw unreadable('elements', { part: path, most: MAX_SHEET_ELEMENTS, cells: MAX_SHEET_CELLS });
  };
  const openCell = (r: string | undefined, t: string | undefined, s: string | undefined): void => {
    lastColumn = columnNumber(r ?? '') || lastColumn + 1;
    if (lastColumn > MAX_COLUMN) throw unreadable('past-xfd', { part: path, row: rowNumber });
    cell = { column: lastColumn, type: t ?? 'n', style: Number(s ?? 0) };
    value = '';
    inline = '';
    formula = undefined;
    valued = false;
  };
  const takeText = (text: string): void => {
    if (into === 'value') value += text;
    else if (into === 'inline') inline += text;
    else if (into === 'formula') formula += text;
    else return;
    if (value.length + inline.length + (formula?.length ?? 0) > MAX_CELL_CHARS * 8)
      throw unreadable('cell-long', { part: path, row: rowNumber, most: MAX_CELL_CHARS });
  };
  const closeCell = (): void => {
    if (!cell) return;
    // A formula without a value is shown as its formula (=B5+C5; =… for one a shared formula gives), for its column to refuse: not an empty cell, which would be no figure.
    const unvalued = formula !== undefined && !valued && cell.type !== 'inlineStr';
    const shown = unvalued
      ? `=${formula || '…'}`
      : cell.type === 'inlineStr'
        ? unescapeOoxml(inline)
        : value === ''
          ? ''
          : cellText(value, cell.type, context.formats[cell.style] ?? 'plain', context);
    const at = cell.column;
    cell = undefined;
    // Empty cells (formatting only) are not stored: a row ends at its last filled cell.
    if (shown === '') return;
    spanned += Math.max(0, at - row.length);
    if (spanned > MAX_SHEET_CELLS) {
      throw unreadable('sheet-cells', { most: MAX_SHEET_CELLS });
    }
    while (row.length < at - 1) row.push('');
    row[at - 1] = shown;
  };
  const handlers: XmlHandlers = {
    open: (tag) => {
      counted();
      switch (local(tag.name)) {
        case 'row':
          // Attributes of cells carry no prefix (unprefixed attributes are in no namespace).
          rowNumber = Number(tag.attribute('r') ?? rowNumber + 1);
          if (!(rowNumber >= 1 && rowNumber <= MAX_ROW)) throw unreadable('row-number', { part: path, most: MAX_ROW });
          // A head is the first `rows` records, looked for within 100 times as many rows.
          if (++rowElements > rows * 100) throw new Enough();
          row = [];
          lastColumn = 0;
          break;
        case 'c':
          openCell(tag.attribute('r'), tag.attribute('t'), tag.attribute('s'));
          break;
        case 'v':
          into = 'value';
          valued = true;
          break;
        case 'f':
          if (cell) {
            into = 'formula';
            formula = '';
          }
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (inInline && !inPhonetic) into = 'inline';
          break;
      }
    },
    text: takeText,
    close: (name) => {
      switch (local(name)) {
        case 'v':
        case 't':
        case 'f':
          into = undefined;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          closeCell();
          break;
        case 'row':
          context.merges?.fill(rowNumber, row);
          if (row.length > 0) {
            records.push({ line: rowNumber, cells: row, empty: false });
            taken++;
          }
          if (taken >= rows) throw new Enough();
          break;
      }
    },
    // Most cells, `<c r="B2" t="s"><v>7</v></c>`, are taken whole: the same steps as the events above.
    plain: {
      name: 'c',
      child: 'v',
      attributes: ['r', 't', 's'],
      take: (values, child) => {
        counted();
        openCell(values[0], values[1], values[2]);
        if (child !== undefined) {
          counted();
          into = 'value';
          valued = true;
          if (child !== '') takeText(child);
          into = undefined;
        }
        closeCell();
      },
    },
  };
  const take = (): RawRecord[] => {
    const batch = records;
    records = [];
    return batch;
  };
  return { handlers, count: () => records.length, take };
}

/** A sheet's records, or its first `rows`, in batches of about SHEET_BATCH as its part unpacks. */
function* sheetBatches(part: PartReader, path: string, context: CellContext, rows: number): Generator<RawRecord[], void, undefined> {
  const sheet = sheetRecords(path, context, rows);
  const steps = part.steps(path, sheet.handlers);
  let handed = false;
  try {
    while (!steps.next().done) {
      if (sheet.count() < SHEET_BATCH) continue;
      yield sheet.take();
      handed = true;
    }
  } catch (error) {
    if (!(error instanceof Enough)) {
      // A sheet that fails within its first batch is told alone; one that fails further on keeps every row before the fault.
      if (handed && sheet.count() > 0) yield sheet.take();
      throw error;
    }
  }
  if (sheet.count() > 0) yield sheet.take();
}

/** sheetBatches() of a whole sheet, its part unpacked by zlib on its thread as the batches are read. */
async function* sheetBatchesAsync(part: PartReader, path: string, context: CellContext): AsyncGenerator<RawRecord[], void, undefined> {
  const sheet = sheetRecords(path, context, Infinity);
  const steps = part.stepsAsync(path, sheet.handlers);
  let handed = false;
  try {
    while (!(await steps.next()).done) {
      if (sheet.count() < SHEET_BATCH) continue;
      yield sheet.take();
      handed = true;
    }
  } catch (error) {
    // As sheetBatches(): a fault within the first batch is told alone.
    if (handed && sheet.count() > 0) yield sheet.take();
    throw error;
  } finally {
    // Batches no longer taken: the part's unpacking is let go.
    await steps.return();
  }
  if (sheet.count() > 0) yield sheet.take();
}

function cellText(value: string, type: string, kind: NumberKind, context: CellContext): string {
  switch (type) {
    case 's':
      return value.trim() === '' ? '' : (context.strings[Number(value)] ?? '');
    case 'b':
      return value === '1' || value === 'true' ? 'TRUE' : value === '' ? '' : 'FALSE';
    case 'n':
      return showNumber(value, kind, context.date1904);
    case 'd':
      return isoCellText(value, kind);
    default:
      // str (a formula's text), e (an error such as #DIV/0!)
      return unescapeOoxml(value);
  }
}

/** A `t="d"` cell's ISO 8601 date-time, shown as the other dates: `2025-12-01`, `2025-12-01 18:00`, `18:00`. */
function isoCellText(value: string, kind: NumberKind): string {
  const match = /^(\d{4}-\d{2}-\d{2})?(?:T?(\d{2}:\d{2})(:\d{2})?)?/.exec(value.trim());
  if (!match || (!match[1] && !match[2])) return value;
  const [, date, clock, seconds] = match;
  const time = clock && (seconds && seconds !== ':00' ? clock + seconds : clock);
  if (kind === 'time' || kind === 'elapsed' || !date) return time ?? value;
  return time && time !== '00:00' ? `${date} ${time}` : date;
}
