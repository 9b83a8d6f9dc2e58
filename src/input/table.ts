/**
 * From records to rows: finds the header (past title rows), matches its labels to columns, skips
 * blank, notes and total rows, and turns each data record into a row of normalised cells with
 * their positions. Problems go to the reporter; nothing is thrown.
 */
import { issue } from '../catalog.js';
import type { Registry } from '../registry.js';
import type { CellValue, Issue, Row } from '../types.js';
import type { Columns, ColumnSpec } from '../validate/columns.js';
import type { RawRecord } from './csv.js';
import { HeaderMatcher } from './header.js';
import { cleanText, excerpt, isBlankCell, normaliseCell } from './normalise.js';

/** Lines looked at for the header before giving up. */
const HEADER_SEARCH = 10;

/** What a table must hold: the plan's columns, and the region's code format and total-row words. */
export interface TableShape {
  columns: Columns;
  region: Registry;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Turns records into rows: the first record that names columns is the header. */
export class TableReader {
  private header: (ColumnSpec | undefined)[] | undefined;
  private width = 0;
  private headerLine = 1;
  private unusable = false;
  private dataRows = 0;
  private titles = 0;
  private codeIndex = 0;
  /** Column id -> field number, the same for every row of the file. */
  private positions: Record<string, number> = Object.create(null);
  private readonly blankLabels = new Map<number, boolean>();
  private readonly matcher: HeaderMatcher;
  private readonly columns: readonly ColumnSpec[];
  /** A cell that is a unit's code: the region's number of digits. */
  private readonly code: RegExp;
  /** A cell that marks a total row: 合计, or the whole's name, in the region's own words. */
  private readonly total: RegExp;

  constructor(
    private readonly file: string,
    private readonly shape: TableShape,
    private readonly report: (found: Issue) => void,
    private readonly headerRow?: number,
    private readonly shortRowsAreFine = false,
  ) {
    this.columns = shape.columns.list;
    this.matcher = new HeaderMatcher(this.columns);
    this.code = new RegExp(`^\\d{${shape.region.codeDigits}}$`);
    // A total word alone, or 合计/总计/小计 at either end of the cell (全县合计, 合计（全省）).
    const words = shape.region.totalWords.map((w) => escapeRegex(w.replace(/\s+/g, ''))).join('|');
    this.total = new RegExp(`^(?:${words})$|^(?:合计|总计|小计)|(?:合计|总计|小计)$`, 'i');
  }

  *take(records: RawRecord[], badLines: ReadonlySet<number>): Generator<Row> {
    for (const record of records) {
      if (this.unusable) return;
      const blank = record.empty || record.cells.every(isBlankCell);
      if (!this.header) {
        if (!blank) this.findHeader(record, filledCells(record));
        continue;
      }
      if (blank) {
        this.report(issue('blank-row', { file: this.file, line: record.line }));
        continue;
      }
      if (!this.code.test(cleanText(record.cells[this.codeIndex] ?? '')) && this.skipNonData(record, filledCells(record))) continue;
      this.dataRows++;
      // A row with undecodable bytes was reported as such; its cells say nothing more.
      const undecodable = badLines.size > 0 && spansBadLine(record, badLines);
      const row = this.toRow(record, !undecodable);
      if (undecodable) row.valid = false;
      yield row;
    }
  }

  finish(): void {
    if (this.unusable) return;
    if (!this.header && this.titles > 0) this.report(issue('header-not-found', { file: this.file, line: 1, params: this.examples(this.titles) }));
    else if (!this.header) this.report(issue('no-data-rows', { file: this.file, params: { what: 'empty', what_zh: '为空' } }));
    else if (this.dataRows === 0) this.report(issue('no-data-rows', { file: this.file, line: this.headerLine, params: { what: 'a header only', what_zh: '只有表头' } }));
  }

  /** The header is the given line, or the first record that names columns; lines above it are titles. */
  private findHeader(record: RawRecord, filled: string[]): void {
    if (this.headerRow !== undefined) {
      if (record.line >= this.headerRow) this.readHeader(record);
      return;
    }
    const named = filled.filter((text) => this.matcher.match(text)).length;
    if (named >= 2 || (named === 1 && filled.length === 1)) {
      this.readHeader(record);
      return;
    }
    this.titles++;
    if (this.titles > HEADER_SEARCH) {
      this.report(issue('header-not-found', { file: this.file, line: 1, params: this.examples(HEADER_SEARCH) }));
      this.unusable = true;
      return;
    }
    this.report(issue('title-row', { file: this.file, line: record.line, params: { line: record.line, text: excerpt(filled.join(' ')) } }));
  }

  /** The params of header-not-found: lines looked at, and the role columns' labels as examples. */
  private examples(lines: number): Record<string, string | number> {
    const { columns } = this.shape;
    const label = (id: string) => columns.byId.get(id)!.label;
    return { lines, code: columns.code, code_zh: label(columns.code), period: columns.period, period_zh: label(columns.period) };
  }

  /** Notes under the table and total rows (rows without a code) are not data: reported and skipped. */
  private skipNonData(record: RawRecord, filled: string[]): boolean {
    const at = { file: this.file, line: record.line };
    if (record.cells.slice(0, 3).some((cell) => this.total.test(cleanText(cell).replace(/\s+/g, '')))) {
      const whole = this.shape.region.levels.city;
      this.report(issue('total-row', { ...at, params: { line: record.line, text: excerpt(filled.slice(0, 2).join(' ')), whole: whole.en, whole_zh: whole.zh } }));
      return true;
    }
    if (filled.length === 1 && !/^\d/.test(filled[0]!)) {
      this.report(issue('notes-row', { ...at, params: { line: record.line, text: excerpt(filled[0]!) } }));
      return true;
    }
    return false;
  }

  private readHeader(record: RawRecord): void {
    const seen = new Map<string, number>();
    this.headerLine = record.line;
    this.header = record.cells.map((label, index) => {
      const column = index + 1;
      if (cleanText(label) === '') {
        this.blankLabels.set(column, false);
        return undefined;
      }
      const found = this.matcher.match(label);
      if (!found) {
        this.report(issue('unknown-label', { file: this.file, line: record.line, column, params: { label: excerpt(cleanText(label)) } }));
        return undefined;
      }
      const spec = this.columns.find((c) => c.id === found.id)!;
      const other = seen.get(found.id);
      if (other !== undefined) {
        this.report(
          issue('duplicate-label', { file: this.file, line: record.line, column, field: found.id, params: { label: cleanText(label), other, field: found.id } }),
        );
        return undefined;
      }
      seen.set(found.id, column);
      if (found.normalised) {
        this.report(issue('label-normalised', { file: this.file, line: record.line, column, field: found.id, params: { label, canonical: spec.label } }));
      }
      return spec;
    });
    this.codeIndex = this.header.findIndex((spec) => spec?.id === this.shape.columns.code);
    this.header.forEach((spec, index) => {
      if (spec) this.positions[spec.id] = index + 1;
    });
    // Trailing columns without a header (formatted but empty Excel cells) do not count.
    this.width = this.header.length;
    while (this.width > 0 && this.blankLabels.has(this.width)) this.width--;
    for (const spec of this.columns) {
      if (spec.required && !seen.has(spec.id)) {
        this.report(issue('missing-label', { file: this.file, line: record.line, field: spec.id, params: { label: spec.label, field: spec.id } }));
        this.unusable = true;
      }
    }
  }

  private toRow(record: RawRecord, checkShape: boolean): Row {
    const values: Record<string, CellValue> = Object.create(null);
    const { cells } = record;
    const header = this.header!;
    if (checkShape && !this.shortRowsAreFine && cells.length < this.width) {
      this.report(issue('missing-cell', { file: this.file, line: record.line, column: cells.length + 1, params: { count: cells.length, expected: this.width } }));
    }
    for (let index = 0; index < cells.length; index++) {
      const raw = cells[index]!;
      const spec = header[index];
      if (spec) {
        values[spec.id] = normaliseCell(raw, spec.kind);
      } else if (checkShape && cleanText(raw) !== '') {
        this.reportStrayCell(record, index + 1);
      }
    }
    if (cells.length < header.length) for (const spec of header) if (spec && !(spec.id in values)) values[spec.id] = null;
    return { file: this.file, line: record.line, values, columns: this.positions, valid: true };
  }

  /** A value under a blank header, or beyond the header: reported once per column. */
  private reportStrayCell(record: RawRecord, column: number): void {
    if (column > this.header!.length) {
      this.report(issue('extra-cell', { file: this.file, line: record.line, column, params: { count: record.cells.length, expected: this.width } }));
      return;
    }
    if (this.blankLabels.get(column) === false) {
      this.blankLabels.set(column, true);
      this.report(issue('blank-label', { file: this.file, line: this.headerLine, column, params: { column } }));
    }
  }
}

function filledCells(record: RawRecord): string[] {
  return record.cells.map(cleanText).filter((text) => text !== '');
}

function spansBadLine(record: RawRecord, badLines: ReadonlySet<number>): boolean {
  let breaks = 0;
  for (const cell of record.cells) breaks += (cell.match(/\r\n|\r|\n/g) ?? []).length;
  for (let line = record.line; line <= record.line + breaks; line++) if (badLines.has(line)) return true;
  return false;
}
