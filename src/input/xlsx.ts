/**
 * Reading an .xlsx workbook: fflate unzips it (refusing zip bombs), saxes parses the XML (no
 * entities resolved, no DTD), and the cells come out as text the way Excel shows them, with
 * Excel's own row numbers. Percent-formatted numbers become `51.8%`, dates `2025-12-01`.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { unzipSync } from 'fflate';
import type { RawRecord } from './csv.js';

/** Largest uncompressed part of a workbook read, in bytes. */
export const MAX_PART_BYTES = 256 * 1024 * 1024;

/** Why a workbook could not be read. */
export class WorkbookError extends Error {
  constructor(
    message: string,
    readonly sheets: string[] = [],
  ) {
    super(message);
  }
}

/** The records of one sheet: its name, and each non-empty row as a record on its Excel row number. */
export interface Sheet {
  name: string;
  records: RawRecord[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseXml(bytes: Uint8Array | undefined, part: string, handlers: { open?: (tag: SaxesTagPlain) => void; text?: (text: string) => void; close?: (tag: SaxesTagPlain) => void }): void {
  if (!bytes) throw new WorkbookError(`the workbook has no ${part}`);
  const parser = new SaxesParser({ xmlns: false });
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) parser.on('closetag', handlers.close);
  parser.on('error', (error) => {
    throw new WorkbookError(`${part} is not well-formed XML: ${error.message}`);
  });
  parser.write(decoder.decode(bytes)).close();
}

/** Reads one sheet (by name, or the first) of an .xlsx file's bytes. */
/** An opened workbook: its sheets' names, and a sheet read on demand. */
export interface Workbook {
  names: string[];
  /** The named sheet (the first when none is named); a WorkbookError when there is none. */
  sheet(wanted?: string): Sheet;
}

/** Opens a workbook's parts once; sheets are read from them one by one. */
export function openWorkbook(bytes: Uint8Array): Workbook {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        if (file.originalSize > MAX_PART_BYTES) throw new WorkbookError(`${file.name} would unpack to ${file.originalSize} bytes, more than the ${MAX_PART_BYTES}-byte limit`);
        return /^xl\/(?:workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/.test(file.name);
      },
    });
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(`the file is not a readable .xlsx workbook (${(error as Error).message})`);
  }
  const sheets = sheetList(parts);
  let strings: string[] | undefined;
  let formats: ReturnType<typeof cellFormats> | undefined;
  return {
    names: sheets.map((s) => s.name),
    sheet(wanted?: string): Sheet {
      const sheet = wanted === undefined ? sheets[0] : sheets.find((s) => s.name === wanted);
      if (!sheet) throw new WorkbookError(wanted === undefined ? 'the workbook has no sheet' : `the workbook has no sheet "${wanted}"`, sheets.map((s) => s.name));
      strings ??= sharedStrings(parts['xl/sharedStrings.xml']);
      formats ??= cellFormats(parts['xl/styles.xml']);
      return { name: sheet.name, records: sheetRecords(parts[sheet.path], sheet.path, strings, formats) };
    },
  };
}

/** Reads one sheet of a workbook: the one named, or the first. */
export function readSheet(bytes: Uint8Array, wanted?: string): Sheet {
  return openWorkbook(bytes).sheet(wanted);
}

function sheetList(parts: Record<string, Uint8Array>): { name: string; path: string }[] {
  const targets = new Map<string, string>();
  parseXml(parts['xl/_rels/workbook.xml.rels'], 'xl/_rels/workbook.xml.rels', {
    open: (tag) => {
      if (tag.name === 'Relationship') {
        const target = String(tag.attributes.Target ?? '');
        targets.set(String(tag.attributes.Id), target.startsWith('/') ? target.slice(1) : `xl/${target}`);
      }
    },
  });
  const sheets: { name: string; path: string }[] = [];
  parseXml(parts['xl/workbook.xml'], 'xl/workbook.xml', {
    open: (tag) => {
      if (tag.name === 'sheet') {
        const path = targets.get(String(tag.attributes['r:id']));
        if (path) sheets.push({ name: String(tag.attributes.name), path });
      }
    },
  });
  return sheets;
}

function sharedStrings(bytes: Uint8Array | undefined): string[] {
  const strings: string[] = [];
  if (!bytes) return strings;
  let current = '';
  let inText = false;
  let inPhonetic = false;
  parseXml(bytes, 'xl/sharedStrings.xml', {
    open: (tag) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't') inText = !inPhonetic;
    },
    text: (text) => {
      if (inText) current += text;
    },
    close: (tag) => {
      if (tag.name === 'si') strings.push(current);
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 't') inText = false;
    },
  });
  return strings;
}

type Format = 'percent' | 'date' | 'plain';

const BUILTIN_DATES = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** The kind of number format of each cell style index (cellXfs). */
function cellFormats(bytes: Uint8Array | undefined): Format[] {
  const formats: Format[] = [];
  if (!bytes) return formats;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  parseXml(bytes, 'xl/styles.xml', {
    open: (tag) => {
      if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        const code = (custom.get(id) ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
        formats.push(id === 9 || id === 10 || code.includes('%') ? 'percent' : BUILTIN_DATES.has(id) || /[ymd]/i.test(code) ? 'date' : 'plain');
      }
    },
    close: (tag) => {
      if (tag.name === 'cellXfs') inCellXfs = false;
    },
  });
  return formats;
}

/** `AB12` -> 28 (1-based column number). */
function columnNumber(ref: string): number {
  let n = 0;
  for (const c of ref) {
    const code = c.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

/** A decimal string times 100, exactly: `0.518` -> `51.8`. */
function timesHundred(value: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
  if (!match) return value;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exponent) + 2;
  const padded = point > digits.length ? digits.padEnd(point, '0') : point < 0 ? `${'0'.repeat(-point)}${digits}` : digits;
  const at = Math.max(point, 0);
  const text = `${padded.slice(0, at) || '0'}.${padded.slice(at)}`.replace(/^0+(?=\d)/, '').replace(/\.?0*$/, '');
  return `${sign}${text || '0'}`;
}

/** An Excel date serial as YYYY-MM-DD (the 1900 system, past its leap-year bug). */
function dateText(serial: number): string {
  const date = new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86400000);
  return date.toISOString().slice(0, 10);
}

function sheetRecords(bytes: Uint8Array | undefined, path: string, strings: string[], formats: Format[]): RawRecord[] {
  const records: RawRecord[] = [];
  let row: string[] = [];
  let rowNumber = 0;
  let cell: { column: number; type: string; style: number } | undefined;
  let value = '';
  let inValue = false;
  parseXml(bytes, path, {
    open: (tag) => {
      if (tag.name === 'row') {
        rowNumber = Number(tag.attributes.r ?? rowNumber + 1);
        row = [];
      } else if (tag.name === 'c') {
        const ref = String(tag.attributes.r ?? '');
        cell = { column: ref ? columnNumber(ref) : row.length + 1, type: String(tag.attributes.t ?? 'n'), style: Number(tag.attributes.s ?? 0) };
        value = '';
      } else if (tag.name === 'v' || tag.name === 't') {
        inValue = true;
      }
    },
    text: (text) => {
      if (inValue) value += text;
    },
    close: (tag) => {
      if (tag.name === 'v' || tag.name === 't') inValue = false;
      else if (tag.name === 'c' && cell) {
        while (row.length < cell.column - 1) row.push('');
        row[cell.column - 1] = cellText(value, cell.type, formats[cell.style] ?? 'plain', strings);
        cell = undefined;
      } else if (tag.name === 'row') {
        if (row.some((text) => text !== '')) records.push({ line: rowNumber, cells: row, empty: false });
      }
    },
  });
  return records;
}

function cellText(value: string, type: string, format: Format, strings: string[]): string {
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'n':
      if (value === '') return '';
      if (format === 'percent') return `${timesHundred(value)}%`;
      if (format === 'date') return dateText(Number(value));
      return value;
    default:
      // str (formula text), inlineStr, e (an error such as #DIV/0!)
      return value;
  }
}
