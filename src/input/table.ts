/**
 * From records to rows: finds the header (past title rows), matches its labels to columns, skips
 * blank, notes and total rows, and turns each data record into a row of normalised cells with
 * their positions. Problems go to the reporter; nothing is thrown.
 */
import { issue } from '../catalog.js';
import { unitCodeByName, type Registry } from '../registry.js';
import type { CellValue, Issue, Row } from '../types.js';
import { idNumberKey, isNumeric, isOwnColumn, type Columns, type ColumnSpec } from '../validate/columns.js';
import type { RawRecord } from './csv.js';
import { headerMatcher, type HeaderMatcher } from './header.js';
import { columnsOf } from '../evaluate/expression.js';
import { Rational } from '../evaluate/rational.js';
import { cleanText, excelSerialMonth, excerpt, isBlankCell, isCalendarDay, normaliseCell, PERIOD, type ColumnKind } from './normalise.js';
import { namesText } from '../format.js';
import { SPLIT_BUDGET, splitNumber, splitNumbers, splitText, type SplitNumber } from './split-number.js';
import { FORM_ROWS, formRow, isFooter, LIST_NUMBER, periodOfTitle, unitOfTitle } from './form.js';
import { headerUnit, relateUnits } from './units.js';
import { valuesMaker } from './values.js';
import { OwnRow } from './roster-lines.js';
import { misreadDetail, misreadText, type ReadLine } from './misread.js';
import { ownCellsCheck, type OwnCellsCheck } from '../validate/own-cells.js';
import { idOfCertificate } from '../validate/id-number.js';
import type { Roster } from '../plan/rosters.js';

/** Texts remembered per column (normalise). */
const MEMO_SIZE = 512;

/** Lines looked at for the header before giving up. */
export const HEADER_SEARCH = 10;
/** Cells of a title line kept to tell what it shows, and the longest kept. */
const TITLE_CELLS_KEPT = 256;
const TITLE_CELL_LENGTH = 256;

/** What a table must hold: the plan's columns, and the region's code format and total-row words. */
export interface TableShape {
  columns: Columns;
  region: Registry;
  /** The plan's id, how a fix names it to the listing commands (planOption), and the built-in plan a header of other columns seems to follow, for wrong-plan. */
  plan?: { id: string; option: string; suggest(labels: readonly string[]): { id: string; named: number } | undefined };
  /** The plan's rosters: a header that names more of a roster's columns than of the summary's is that roster's. */
  rosters?: readonly Roster[];
  /** The period every row must have (--period): a header without a period column gives it to each row. */
  period?: string;
  /** Whether that period is a baseline drop's year (--baseline), not --period's. */
  baseline?: boolean;
}

/** A table a file may hold: the summary, or a roster. */
interface Dataset {
  roster?: Roster;
  columns: Columns;
  matcher: HeaderMatcher;
}

/** Spaces in a cell, which a total's word is read without (合 计). */
const SPACE = /\s/;
const SPACES = /\s+/g;
/** A cell that begins with a digit: a line of one such cell is data gone wrong, not a note. */
const DIGIT_FIRST = /^\d/;

/** A notes label in a cell of its own, the notes in the cells after it (注： | 本表由民政部门填报。). */
const NOTES_LABEL = /^(?:注|注释|备注|附注|说明|填表说明)\s*[:：]?$/;

/** A label written on lines of its cell (Alt+Enter) as one line, where a message quotes it: its lines joined by a space. */
function oneLine(label: string): string {
  return /[\r\n]/.test(label)
    ? label
        .split(/[\r\n]+/)
        .map((part) => part.trim())
        .join(' ')
    : label;
}

/** What an unknown label is not, and where the columns it could be are listed: the submission's, or a roster's. */
function unknownWords(
  roster: Roster | undefined,
  planOption = '',
): { what: string; whats: string; what_zh: string; listed: { en: string; zh: string } } {
  const command = `plan-check columns${planOption}${roster ? ` --roster ${roster.id}` : ''}`;
  const listed = { en: `the columns are listed by ${command}`, zh: `列名见 ${command}` };
  if (!roster) return { what: 'a submission column', whats: 'submission columns', what_zh: '提交表中的列', listed };
  return {
    what: `a column of the ${roster.title.en}`,
    whats: `columns of the ${roster.title.en}`,
    what_zh: `${roster.title.zh}中的列`,
    listed,
  };
}

/** The longest label of a column group a header of two lines joins to the labels under it. */
const MAX_GROUP = 64;

/** A conversion factor for people: 1/12, 10000, 0.1. */
function formatFactor(factor: Rational): string {
  const [n, d = '1'] = factor.toString().split('/');
  return d === '1' ? n! : Number(d) % 10 === 0 && /^10*$/.test(d) ? String(factor.toNumber()) : `${n}/${d}`;
}

/** The params of numbers split in several columns (splitNumbers): those read whole (the first three, then how many more), and the columns not read. */
function splitNumbersParams(split: SplitNumber): Record<string, string | number> {
  const joined = split.joined!;
  const unread = split.unread ?? [];
  const numbers = {
    numbers: namesText(
      joined.map(({ column, text }) => `"${text}" in column ${column}`),
      3,
    ).en,
    numbers_zh: namesText(
      joined.map(({ column, text }) => `第 ${column} 列“${text}”`),
      3,
    ).zh,
  };
  const columns = { columns: columnRanges(unread, ', '), columns_zh: columnRanges(unread, '、'), unread: unread.length };
  if (joined.length === 0) return { variant: 'numbers-unread', ...columns };
  return unread.length === 0 ? { variant: 'numbers', ...numbers } : { variant: 'numbers-some-unread', ...numbers, ...columns };
}

/** Column numbers in order as runs: 4-13, 16, 18-20 (in Chinese, 4-13、16、18-20). */
function columnRanges(columns: readonly number[], separator: string): string {
  const runs: string[] = [];
  for (let i = 0; i < columns.length;) {
    let j = i;
    while (j + 1 < columns.length && columns[j + 1] === columns[j]! + 1) j++;
    runs.push(j > i ? `${columns[i]}-${columns[j]}` : String(columns[i]));
    i = j + 1;
  }
  return runs.join(separator);
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
  /** The title lines' cells, up to TITLE_CELLS_KEPT of each (a header not found tells what they show: misreadText). */
  private readonly titleLines: ReadLine[] = [];
  /** The title rows told once the header is found or not: not where their text was misread in a wrong encoding, which is told instead. */
  private pendingTitles: Issue[] = [];
  /** The last line read where --header-row names a line: one above it (the upper line of a header of two, or the file's last, short of it). */
  private lineAbove: RawRecord | undefined;
  /**
   * The unit a title row above the header names (填报单位：零陵区), the first that names one, with its line and text;
   * `told`, the titles that name it (填报单位：双牌县民政局 under 双牌县…统计表), held until the header settles them.
   */
  private titleUnit: { code: string; line: number; text: string; told: Issue[] } | undefined;
  /** The period the titles above the header name (periodOfTitle), and the title that names it; null where they name several. */
  private titlePeriod: { period: string; line: number; text: string; told: Issue } | null | undefined;
  /** The header found, read with the line after it (take: it may be a header of two lines); `title` where alone it is a title. */
  private upper: { record: RawRecord; title: boolean } | undefined;
  /** Blank rows below the header in a row, not yet told: told as one problem when a row that is not blank comes, or at the end. */
  private blankRun: { line: number; through: number; count: number } | undefined;
  /** The lines whose bytes did not decode (told as encoding errors), as take() was last given them. */
  private badLines: ReadonlySet<number> = new Set();
  /** Lines above the header, or where a header was looked for, whose bytes did not decode: not told as titles. */
  private undecodedTitles = 0;
  /** The header's own cells, and (once a line below is not data) its filled cells cleaned, to know it again. */
  private headerCells: readonly string[] = [];
  private headerFilled: readonly string[] | undefined;
  private codeIndex = 0;
  /** The field of a column of certificates its ID numbers are read from (HeaderMatch.certificate), or -1. */
  private certificateIndex = -1;
  /** Column id -> field number, the same for every row of the file. */
  private positions: Record<string, number> = Object.create(null);
  private readonly blankLabels = new Map<number, boolean>();
  /** The summary and the rosters; `active` is the one the header names. */
  private readonly datasets: Dataset[];
  private active: Dataset;
  private matcher: HeaderMatcher;
  private columns: readonly ColumnSpec[];
  /** A cell that is a unit's code: the region's number of digits. */
  private readonly code: RegExp;
  /** A cell that marks a total row: 合计, or the whole's name, in the region's own words. */
  private readonly total: RegExp;
  /** Percent columns: how many values, and how many of them look like fractions (0 < x < 1, no %). */
  /** Where each field's value goes among the header's columns, and the maker of a row's values. */
  /**
   * The row's values by slot: a slot per column the header names (`of`, by field), one for each
   * column the header lacks whose value every row shares (`fixed`: a period --period gives, a unit
   * its title names), and one for a unit's code the header lacks, found by the unit's name in the
   * slot `from` (`named`).
   */
  private slots: {
    width: number;
    of: number[];
    ids: string[];
    values: (slots: CellValue[]) => Record<string, CellValue>;
    fixed: { slot: number; value: string }[];
    named?: { slot: number; from: number };
  } = { width: 0, of: [], ids: [], values: () => Object.create(null) as Record<string, CellValue>, fixed: [] };
  /** Per field: the text of the row above, and its value. */
  private readonly lastText: string[] = [];
  private readonly lastValue: CellValue[] = [];
  /** Per field: cell text -> value, for the first MEMO_SIZE texts; null once let go (normalise). */
  private readonly memo: (Map<string, CellValue> | null)[] = [];
  /** Per field, once its memo is full: texts found in it less texts not found. */
  private readonly memoScore: number[] = [];
  private readonly fractions = new Map<string, { values: number; fractions: number; example: string }>();
  private serialNoted = false;
  private codeNoted = false;
  /** Columns whose header states another unit of the same kind: the factor into the column's unit. */
  private readonly factors = new Map<string, Rational>();
  /** Of those columns, the unit their header states (Row.stated), shared by the file's rows. */
  private stated: Record<string, string> | undefined;

  /** Whether the file's cells are parted by commas (a CSV file's, as its reader found), which part a number written with its thousands commas outside quotes too (joinSplitNumber). */
  commaSeparated = false;

  /** What is left of looking for several split numbers in this file's rows (splitNumbers). */
  private readonly splitBudget = { left: SPLIT_BUDGET };

  /** Positions of rows with a number split at its commas joined, by the header's positions and the split's place (shiftedPositions). */
  private readonly shifted = new WeakMap<Record<string, number>, Map<string, Record<string, number>>>();

  /** Where problems go; while a header is read, also into the record of its reading (HeaderReading). */
  private tell: (found: Issue) => void;

  constructor(
    private readonly file: string,
    private readonly shape: TableShape,
    tell: (found: Issue) => void,
    private readonly headerRow?: number,
    private readonly shortRowsAreFine = false,
  ) {
    this.tell = tell;
    const dataset = (columns: Columns, roster?: Roster): Dataset => ({
      columns,
      matcher: headerMatcher(columns.list),
      ...(roster ? { roster } : {}),
    });
    this.datasets = [dataset(shape.columns), ...(shape.rosters ?? []).map((roster) => dataset(roster.columns, roster))];
    this.active = this.datasets[0]!;
    this.columns = this.active.columns.list;
    this.matcher = this.active.matcher;
    ({ code: this.code, total: this.total } = patternsOf(shape.region));
  }

  /**
   * The rows of the records, in order; a record that gives no row (the header, a title, a blank,
   * a total, a footer) yields undefined, so that a reader can tell its problems in place as they
   * come, however many such records a file holds.
   */
  *take(records: RawRecord[], badLines: ReadonlySet<number>): Generator<Row | undefined> {
    this.badLines = badLines;
    for (const record of records) {
      if (this.unusable) return;
      // The end-of-file mark DOS tools leave after the last line (Ctrl-Z, as `copy a.csv+b.csv` writes it) says nothing.
      if (record.cells.length === 1 && record.cells[0] === END_OF_FILE_MARK) {
        yield undefined;
        continue;
      }
      const blank = record.empty || record.cells.every(isBlankCell);
      if (!blank) this.tellBlankRun();
      if (this.upper) {
        // The header found on the line before: with this line, a header of two lines (a form's merged cells), or alone.
        const upper = this.upper;
        this.upper = undefined;
        const merged = blank ? undefined : this.mergedHeader(upper.record, record);
        if (merged) {
          this.readFound(merged);
          this.tell(
            issue('header-merged', { file: this.file, line: record.line, params: { upper: upper.record.line, lower: record.line } }),
          );
          yield undefined;
          continue;
        }
        // Alone, the line before is the header, or a title (it names one column among other words).
        if (upper.title) this.titleRow(upper.record, filledCells(upper.record.cells));
        else this.readFound(upper.record);
        if (this.unusable) return;
      }
      if (!this.header) {
        // A header read before is taken again only once the line after it is read (readFound), as a header read the first
        // time is: that line may be its second line (header-merged), which a file of one line of it did not have.
        if (!blank) this.findHeader(record);
        if (this.header) this.headerCells = record.cells;
        yield undefined;
        continue;
      }
      if (blank) {
        const through = record.through ?? record.line;
        const count = through - record.line + 1;
        if (this.blankRun) {
          this.blankRun.through = through;
          this.blankRun.count += count;
        } else this.blankRun = { line: record.line, through, count };
        yield undefined;
        continue;
      }
      // A row with undecodable bytes was reported as such; its cells say nothing more (nor, without a unit's code, that it is a note).
      const undecodable = badLines.size > 0 && spansBadLine(record, badLines);
      if (!this.isUnitCell(record.cells[this.codeIndex] ?? '') && (undecodable || this.skipNonData(record, filledCells(record.cells)))) {
        yield undefined;
        continue;
      }
      this.dataRows++;
      const row = this.toRow(record, !undecodable);
      if (undecodable) row.valid = false;
      else if (record.unended) {
        const column = record.cells.length;
        const field = this.header[column - 1]?.id;
        this.tell(issue('no-final-line-break', { file: this.file, line: record.line, column, ...(field ? { field } : {}) }));
      }
      yield row;
    }
  }

  /** Tells the blank rows in a row just read, as one problem: before any row that is not blank, read here or from its bytes (roster-lines.ts). */
  tellBlankRun(): void {
    if (!this.blankRun) return;
    const { line, through, count } = this.blankRun;
    this.blankRun = undefined;
    this.tell(issue('blank-row', { file: this.file, line, params: { count, through } }));
  }

  /**
   * A header of another plan's columns: none of this plan's data columns, or fewer than another
   * built-in plan's. An error naming that plan; the file is not read further. Labels close to a
   * column of this plan's the header does not name (`near`: 查明身分信息 for 查明身份信息（是/否）)
   * count as its columns, mistyped: each is then told as such, with the column it was meant to be.
   */
  private checkPlan(record: RawRecord, near: number): void {
    const { columns } = this.active;
    if (!this.shape.plan) return;
    const roles = new Set([columns.code, columns.name, columns.period, columns.key]);
    const named = this.header!.filter((spec) => spec && !roles.has(spec.id)).length;
    const labels = record.cells.map(cleanText).filter((label) => label !== '');
    const unknown = labels.length - this.header!.filter((spec) => spec).length;
    const ours = named + near;
    if (unknown === near || (ours > 0 && unknown - near <= ours)) return;
    const other = this.shape.plan.suggest(labels);
    if (ours > 0 && (!other || other.named <= named)) return;
    const suggestion = other
      ? {
          suggestion: `; it seems to follow ${other.id} (--plan ${other.id})`,
          suggestion_zh: `；它像是规划 ${other.id} 的提交表（--plan ${other.id}）`,
        }
      : { suggestion: '', suggestion_zh: '' };
    this.tell(
      issue('wrong-plan', {
        file: this.file,
        line: record.line,
        params: { plan: this.shape.plan.id, named, unknown, ...suggestion, plan_option: this.shape.plan.option },
      }),
    );
    this.unusable = true;
  }

  /**
   * Whether a header's unit fits its column: the same unit, or one of the same kind whose numbers
   * are converted (noted); another kind is an error at the header, and the column is not read.
   */
  private unitFits(spec: ColumnSpec, label: string, line: number, column: number): boolean {
    const own = spec.kind === 'percent' ? '%' : spec.unitZh;
    const stated = headerUnit(label);
    if (!own || !stated || (spec.kind !== 'integer' && spec.kind !== 'number' && spec.kind !== 'percent')) return true;
    const relation = relateUnits(stated, own);
    const at = { file: this.file, line, column, field: spec.id };
    if (relation.kind === 'same') return true;
    if (relation.kind === 'other') {
      this.tell(issue('unit-mismatch', { ...at, params: { label: excerpt(oneLine(label.trim())), from: stated, to: own } }));
      return false;
    }
    this.factors.set(spec.id, relation.factor);
    (this.stated ??= Object.create(null) as Record<string, string>)[spec.id] = stated;
    this.tell(
      issue('unit-converted', {
        ...at,
        params: { label: excerpt(oneLine(label.trim())), from: stated, to: own, factor: formatFactor(relation.factor) },
      }),
    );
    return true;
  }

  /** Counts a percent value that looks like a fraction (0.045 where 4.5 % was meant). */
  private countFraction(id: string, value: number, raw: string): void {
    const seen = this.fractions.get(id) ?? { values: 0, fractions: 0, example: '' };
    seen.values++;
    if (value > 0 && value < 1 && !raw.includes('%')) {
      seen.fractions++;
      seen.example ||= cleanText(raw);
    }
    this.fractions.set(id, seen);
  }

  /**
   * How this file's data lines may be read from their bytes (input/roster-lines.ts): a roster whose
   * records are ID numbers (checked by the number alone: the column asks nothing more of them), and
   * no count that reads the ID number. The field of the ID number, whether it holds certificates
   * (certificateIndex: the ID number and two digits), the number of fields and, by field, whether
   * it stands under a label of no column (not read); undefined for any other table.
   */
  knownLineShape(): { keyField: number; certificate: boolean; fields: number; ignored: boolean[] } | undefined {
    const { roster, columns } = this.active;
    const header = this.header;
    if (!roster || !header || this.unusable) return undefined;
    const key = idNumberKey(columns);
    if (!key || !onlyAnnotated(columns.schema.properties[key.id])) return undefined;
    if (roster.gives.some((sum) => sum.of && columnsOf(sum.of).includes(key.id))) return undefined;
    // A field under a label of no column (a name per person) is not read. One under a blank label is
    // compared as the others are: a value there is told of once, at the first line that has one.
    if (header.some((spec) => spec?.kind === 'percent')) return undefined;
    // Columns of a record's own besides the ID number (a schema's name per person, an amount): read as own fields (ownFieldShape).
    if (header.some((spec) => spec !== undefined && spec !== key && isOwnColumn(spec, columns))) return undefined;
    const ignored = header.map((spec, field) => !spec && !this.blankLabels.has(field + 1));
    return { keyField: header.indexOf(key), certificate: this.certificateIndex >= 0, fields: header.length, ignored };
  }

  /**
   * The fields that are a line's own in a roster: the record's number (a case number, a credit
   * code, a township's code, an ID number) and what else differs from one record to the next
   * (names, days, numbers). A line whose other fields repeat an earlier row's bytes is that row
   * again but for them (input/roster-lines.ts: ownRow). Undefined where lines are not read so: a
   * roster of ID numbers and nothing else of a record's own (knownLineShape), percentages, columns
   * in other units. `record`: the field of the record's number.
   */
  ownFieldShape():
    | {
        fields: number;
        ignored: boolean[];
        own: boolean[];
        kinds: (ColumnKind | undefined)[];
        check: OwnCellsCheck | undefined;
        shared: ReadonlySet<string>;
        record: number;
      }
    | undefined {
    const { roster, columns } = this.active;
    const header = this.header;
    if (!roster || !header || this.unusable || columns.key === undefined || this.certificateIndex >= 0) return undefined;
    if (this.factors.size > 0 || header.some((spec) => spec?.kind === 'percent')) return undefined;
    const ignored = header.map((spec, field) => !spec && !this.blankLabels.has(field + 1));
    const own = header.map((spec) => spec !== undefined && isOwnColumn(spec, columns));
    if (!own.includes(true)) return undefined;
    const check = ownCellsCheck(
      columns,
      header.map((spec) => spec?.id),
      this.slots.ids,
    );
    // Shared cells are yes/no answers and texts (the unit's code and name, the period), but for a code or period typed as a
    // number, which a limit (x-lte: numbers against numbers, yes/no against yes/no) could tie to an own number: left out.
    const shared = new Set(header.filter((spec, field) => spec !== undefined && !own[field] && !isNumeric(spec)).map((spec) => spec!.id));
    return {
      fields: header.length,
      ignored,
      own,
      kinds: header.map((spec) => spec?.kind),
      check,
      shared,
      record: header.findIndex((spec) => spec?.id === columns.key),
    };
  }

  /**
   * A row's values by slot, as toRow made them, for ownRow; undefined unless its unit's code is
   * one in form, so that a line like it is a data line whatever its own fields hold (take: not a
   * total or a footer).
   */
  slotsOf(row: Row): CellValue[] | undefined {
    const code = row.values[this.active.columns.code];
    return typeof code === 'string' && this.code.test(code) ? this.slots.ids.map((id) => row.values[id]!) : undefined;
  }

  /** A cell of a field as toRow reads it (ownFieldShape's fields: no unit conversion, no percentage). */
  cellValue(raw: string, field: number): CellValue {
    return this.normalise(raw, this.header![field]!.kind, field);
  }

  /**
   * The row of a data line that repeats an earlier one but for its own fields (ownFieldShape): the
   * earlier row's values by slot (slotsOf) with the values of the line's own fields (`own`: by
   * field, as cellValue reads them), the earlier row's values it is `like`, and whether its own
   * cells were found to pass the schema as they were read (validate/own-cells.ts).
   */
  ownRow(
    earlier: readonly CellValue[],
    own: readonly boolean[],
    values: readonly CellValue[],
    line: number,
    like: Row['values'],
    checked: boolean,
    faults: readonly Issue[] | undefined,
  ): OwnRow {
    // The earlier row's values made anew, then the line's own set in their places.
    const made = this.slots.values(earlier as CellValue[]);
    const { of, ids } = this.slots;
    for (let field = 0; field < own.length; field++) if (own[field]) made[ids[of[field]!]!] = values[field]!;
    this.dataRows++;
    const row = new OwnRow(this.file, line, made, this.positions, like, checked, faults);
    row.roster = this.active.roster!.id;
    return row;
  }

  /**
   * Tells what only the table's end shows: a header never found, no data rows, a column of fractions
   * read as percents. A file a part of which was told never written (`partLost`: zero-filled) is not
   * told empty besides.
   */
  finish(partLost = false): void {
    this.tellBlankRun();
    if (this.upper) {
      // A header on the last line: a file of a header only.
      if (this.upper.title) this.titleRow(this.upper.record, filledCells(this.upper.record.cells));
      else this.readFound(this.upper.record);
      this.upper = undefined;
    }
    this.settleTitle();
    if (this.unusable) return;
    for (const [id, seen] of this.fractions) {
      if (seen.values > 0 && seen.fractions === seen.values) {
        const spec = this.columns.find((c) => c.id === id)!;
        this.tell(
          issue('percent-fraction', {
            file: this.file,
            line: this.headerLine,
            column: this.positions[id],
            field: id,
            params: { label: spec.label, value: seen.example },
          }),
        );
      }
    }
    if (!this.header && this.headerRow !== undefined && this.lineAbove) {
      const last = this.lineAbove.line;
      this.tell(
        issue('header-row', { file: this.file, line: last, params: { variant: 'past-end', header_row: this.headerRow, line: last } }),
      );
    } else if (!this.header && this.titles > 0) this.headerNotFound(this.titles);
    else if (!this.header) {
      if (!partLost) this.tell(issue('no-data-rows', { file: this.file, params: { what: 'empty', what_zh: '为空' } }));
    } else if (this.dataRows === 0)
      this.tell(issue('no-data-rows', { file: this.file, line: this.headerLine, params: { what: 'a header only', what_zh: '只有表头' } }));
  }

  /**
   * The header is the given line, or the first record that names columns; lines above it are
   * titles. A line given that is either line of a header of two lines (a form's merged cells) is
   * read with the other.
   */
  private findHeader(record: RawRecord): void {
    if (this.headerRow !== undefined) {
      const above = this.lineAbove;
      this.lineAbove = record;
      if (record.line < this.headerRow) return;
      // The lower line of two, with the line above it; else the line given, with the line after it, which may be its lower line.
      const merged = above?.line === record.line - 1 ? this.mergedHeader(above, record) : undefined;
      if (merged) {
        this.readFound(merged);
        this.tell(issue('header-merged', { file: this.file, line: record.line, params: { upper: above!.line, lower: record.line } }));
      } else this.upper = { record, title: false };
      return;
    }
    // A header read before, in a file of the same run (the files of a batch repeat one): it names columns, and is no title.
    if (this.readings().has(this.headerKey(record))) {
      this.upper = { record, title: false };
      return;
    }
    const filled = filledCells(record.cells);
    const named = this.named(filled);
    // Read with the line after it, which may be its second line: a header, or the upper line of one
    // of two lines that names one column here (*报告期 beside the groups 养老机构, 乡镇（街道）).
    if (named >= 1) {
      this.upper = { record, title: named === 1 && filled.length > 1 };
      return;
    }
    this.titleRow(record, filled);
  }

  /** A line above the header: told as a title, and the unit it names kept (unitOfTitle); past HEADER_SEARCH of them, no header. */
  private titleRow(record: RawRecord, filled: string[]): void {
    // Excel's first line naming the delimiter (sep=;), which Excel reads and does not show: not a title.
    if (record.line === 1 && filled.length === 1 && /^sep=.?$/i.test(filled[0]!)) return;
    this.titles++;
    if (this.titles > HEADER_SEARCH) {
      this.headerNotFound(HEADER_SEARCH);
      this.unusable = true;
      return;
    }
    // A line that did not decode was told so: its text, read in the wrong encoding, is no title to quote, nor text misread before.
    if (this.badLines.size > 0 && spansBadLine(record, this.badLines)) {
      this.undecodedTitles++;
      return;
    }
    // A cell too long to be a label is not kept (nor the text it is cut from).
    this.titleLines.push({
      line: record.line,
      cells: record.cells.slice(0, TITLE_CELLS_KEPT).map((cell) => (cell.length > TITLE_CELL_LENGTH ? '' : cell)),
    });
    const text = quotedLine(record);
    const told = issue('title-row', { file: this.file, line: record.line, params: { line: record.line, text } });
    // The period a title names: the first title's, while the others name none or the same.
    const title = filled.join(' ');
    const period = this.titlePeriod === null ? undefined : periodOfTitle(title);
    if (period !== undefined && this.titlePeriod === undefined) this.titlePeriod = { period, line: record.line, text, told };
    else if (period !== undefined && this.titlePeriod?.period !== period) this.titlePeriod = null;
    const code = unitOfTitle(this.shape.region, title);
    // A title that names the unit is told once the header is read: as a title to delete where the header has the unit's code, else not (its unit is every row's).
    if (code && !this.titleUnit) this.titleUnit = { code, line: record.line, text, told: [told] };
    else if (code && code === this.titleUnit?.code) this.titleUnit.told.push(told);
    else this.pendingTitles.push(told);
  }

  /** The title rows held back, told. */
  private tellTitles(): void {
    for (const told of this.pendingTitles) this.tell(told);
    this.pendingTitles = [];
  }

  /** The title that names the period every row is of (the header has no period column) is no title to delete: not told as one. */
  private keepPeriodTitle(): void {
    const told = this.titlePeriod?.told;
    if (
      !told ||
      !this.slots.fixed.some(({ slot }) => this.slots.ids[slot] === this.active.columns.period) ||
      this.shape.period !== undefined
    )
      return;
    this.pendingTitles = this.pendingTitles.filter((pending) => pending !== told);
    if (this.titleUnit) this.titleUnit.told = this.titleUnit.told.filter((title) => title !== told);
  }

  /** The titles that named a unit, told as titles where the header did not need its unit (settled once a header is read, or none is). */
  private settleTitle(): void {
    if (!this.titleUnit) return;
    const { told } = this.titleUnit;
    this.titleUnit.told = [];
    // Told unless its unit is every row's (the code's slot is fixed).
    const { fixed, ids } = this.slots;
    if (fixed.some(({ slot }) => ids[slot] === this.active.columns.code)) return;
    for (const title of told) this.tell(title);
  }

  /** How many of the labels the dataset whose columns they name most names. */
  private named(labels: readonly string[]): number {
    return Math.max(...this.datasets.map((d) => labels.filter((text) => d.matcher.match(text)).length));
  }

  /**
   * A header found: read, or taken again from a file before that had it (as a header: line, cells and
   * all; the files of a batch repeat one header, which need not be cleaned and matched anew); kept to
   * tell it again below the data. Its problems and the titles above it are told once the header
   * settles the title that names a unit (settleTitle): all in the order of their lines.
   */
  private readFound(record: RawRecord): void {
    this.inLineOrder(() => {
      const earlier = this.readings().get(this.headerKey(record));
      if (earlier) this.restore(earlier);
      else this.readHeader(record);
      this.headerCells = record.cells;
      this.keepPeriodTitle();
      this.tellTitles();
      this.settleTitle();
    });
  }

  /** What `work` tells, told once it is done, in the order of the lines (a sort keeps the order of those of one line). */
  private inLineOrder(work: () => void): void {
    const tell = this.tell;
    const held: Issue[] = [];
    this.tell = (found) => held.push(found);
    try {
      work();
    } finally {
      this.tell = tell;
    }
    for (const found of held.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) tell(found);
  }

  /**
   * The header of two lines a form with merged cells exports, where the line after the header is
   * its second line: each column's label is the lower cell with the group's label before it (养老机构
   * above 床位数（张）, from the left where the merged cell spans) where so it names a column or the
   * lower alone names none, else the lower alone; the upper cell where the lower is blank (区划代码
   * merged down). Undefined where the two lines
   * name no more columns than the upper alone (the line after is data, or a form's row of numbers).
   */
  private mergedHeader(upper: RawRecord, lower: RawRecord): RawRecord | undefined {
    // A data line (most lines after a header): a unit's code in it, or figures in most of its cells. A code as written, found
    // before the line's cells are cleaned, ends it at once.
    if (lower.cells.some((cell) => this.code.test(cell))) return undefined;
    const filled = filledCells(lower.cells);
    if (filled.some((cell) => this.code.test(cell)) || filled.filter((cell) => DIGIT_FIRST.test(cell)).length * 2 > filled.length)
      return undefined;
    const width = Math.max(upper.cells.length, lower.cells.length);
    const cells: string[] = [];
    let group = '';
    for (let i = 0; i < width; i++) {
      const above = upper.cells[i] ?? '';
      const below = lower.cells[i] ?? '';
      if (cleanText(above) !== '') group = above.trim();
      const joined = `${group}${below.trim()}`;
      // A group's label is joined where it could be part of one (no column's label is longer than MAX_GROUP).
      const grouped = group !== '' && group.length <= MAX_GROUP;
      cells.push(cleanText(below) === '' ? above : grouped && (this.named([joined]) > 0 || this.named([below]) === 0) ? joined : below);
    }
    // Together they name more columns than either line alone.
    const named = this.named(cells.filter((cell) => cell !== ''));
    return named > this.named(filledCells(upper.cells)) && named > this.named(filled)
      ? { line: lower.line, cells, empty: false }
      : undefined;
  }

  /** No header in the lines looked at: told as text misread in a wrong encoding where it is, else as no header. */
  private headerNotFound(lines: number): void {
    if (this.toldMisread(this.titleLines)) {
      this.pendingTitles = [];
      return;
    }
    // Every line looked at did not decode: the encoding errors told say why no header was found, and the fix.
    if (this.undecodedTitles === this.titles) return;
    // The labels run down a column (a form of one unit laid out with its columns as rows): that, not each line as a title.
    const down = labelsDown(this.titleLines, (label) => this.named([label]) > 0);
    if (down) {
      // The lines above the labels are titles still (the form's name); those among them are not.
      this.pendingTitles = this.pendingTitles.filter((told) => told.line! < down.line);
      if (this.titleUnit) this.titleUnit.told = this.titleUnit.told.filter((told) => told.line! < down.line);
      this.tellTitles();
      const labels = namesText(down.labels.map(excerpt), 3, true);
      this.tell(
        issue('header-not-found', {
          file: this.file,
          line: down.line,
          column: down.column,
          params: { variant: 'transposed', column: down.column, labels: labels.en, labels_zh: labels.zh },
        }),
      );
      return;
    }
    this.tellTitles();
    this.tell(issue('header-not-found', { file: this.file, line: 1, params: this.examples(lines) }));
  }

  /** Whether the lines, whose cells name no column, hold text misread in a wrong encoding (misreadText; with `labels`, labels misread, not characters lost): told if so. */
  private toldMisread(lines: readonly ReadLine[], labels = false): boolean {
    const misread = misreadText(lines, (found) => this.named(found));
    if (!misread || (labels && misread.kind === 'replaced')) return false;
    this.tell(issue('encoding', { file: this.file, line: misread.line, column: misread.column, params: misreadDetail(misread) }));
    return true;
  }

  /** The params of header-not-found: lines looked at, and the role columns' labels as examples. */
  private examples(lines: number): Record<string, string | number> {
    const { columns } = this.shape;
    const label = (id: string) => columns.byId.get(id)!.label;
    // The file's one line (a title, then nothing) is not "the first 1 lines".
    const searched =
      lines === 1
        ? { searched_en: 'line 1 names no', searched_zh: '第 1 行不含' }
        : { searched_en: `none of the first ${lines} lines names`, searched_zh: `前 ${lines} 行中没有一行含有` };
    return { ...searched, code: columns.code, code_zh: label(columns.code), period: columns.period, period_zh: label(columns.period) };
  }

  /** Notes under the table and total rows (rows without a code) are not data: reported and skipped. */
  private skipNonData(record: RawRecord, filled: string[]): boolean {
    const { file } = this;
    const { line } = record;
    // The header again, as files joined into one (`copy a.csv+b.csv`, `cat`) or sheets pasted together have it.
    if (this.repeatsHeader(filled)) {
      this.tell(issue('header-repeated', { file, line, params: { line, header: this.headerLine } }));
      return true;
    }
    const form = this.dataRows === 0 && line <= this.headerLine + 2 ? formRow(filled) : undefined;
    if (form) {
      const what = FORM_ROWS[form];
      this.tell(
        issue('form-row', {
          file,
          line,
          params: { line, text: quotedLine(record), what: what.en, what_zh: what.zh },
        }),
      );
      return true;
    }
    if (this.totalIn(record.cells)) {
      const whole = this.shape.region.levels.city;
      this.tell(
        issue('total-row', {
          file,
          line,
          params: {
            line,
            text: excerpt(writtenCells(record.cells).slice(0, 2).join(' ')),
            whole: whole.en,
            whole_zh: whole.zh,
            ...this.ownRowFix(record.cells),
          },
        }),
      );
      return true;
    }
    // A form's footer: who filled it in, who checked it, a phone number, a date, a seal, in one cell or several.
    if (isFooter(filled)) {
      this.tell(issue('footer-row', { file, line, params: { line, text: quotedLine(record) } }));
      return true;
    }
    // A line of one cell of words, or a numbered note's clause (注：1、… then 2、…), or notes after a label of their own: notes.
    const notes =
      filled.length === 1
        ? !DIGIT_FIRST.test(filled[0]!) || LIST_NUMBER.test(filled[0]!)
        : NOTES_LABEL.test(filled[0]!) && !filled.some((cell) => this.code.test(cell));
    if (notes) {
      this.tell(issue('notes-row', { file, line, params: { line, text: quotedLine(record) } }));
      return true;
    }
    return false;
  }

  /**
   * A unit's code written otherwise, read as the code where nothing else can be meant, noted once a
   * file: as a statistical division code (统计用区划代码: 12 digits, the code then zeros), or as a
   * number with decimals of zeros (a code column a script wrote as floating point: the code, then .0).
   */
  private unitCode(value: string, line: number, column: number): string {
    const read = this.codeWrittenOtherwise(value);
    if (read === undefined) return value;
    if (!this.codeNoted) {
      this.codeNoted = true;
      this.tell(
        issue('code-read', {
          file: this.file,
          line,
          column,
          field: this.active.columns.code,
          params: { value, code: read.code, variant: read.variant },
        }),
      );
    }
    return read.code;
  }

  /** The unit's code a text is, written otherwise (unitCode), and how (a variant of code-read in the catalog); undefined for any other text. */
  private codeWrittenOtherwise(text: string): { code: string; variant: 'decimal' | 'statistical' } | undefined {
    const decimal = /^(\d+)\.0+$/.exec(text);
    if (decimal && this.code.test(decimal[1]!)) return { code: decimal[1]!, variant: 'decimal' };
    if (text.length !== STATISTICAL_CODE_DIGITS) return undefined;
    const code = text.slice(0, this.shape.region.codeDigits);
    return this.code.test(code) && /^0+$/.test(text.slice(code.length)) ? { code, variant: 'statistical' } : undefined;
  }

  /** Whether a record's cell of the unit is one: a code in form, or (a file without codes) a unit's name. */
  private isUnitCell(raw: string): boolean {
    const text = cleanText(raw);
    return this.slots.named
      ? unitCodeByName(this.shape.region, text) !== undefined
      : this.code.test(text) || this.codeWrittenOtherwise(text) !== undefined;
  }

  /** Whether a record's filled cells, cleaned, are the header's. */
  private repeatsHeader(filled: readonly string[]): boolean {
    const header = (this.headerFilled ??= filledCells(this.headerCells));
    if (filled.length !== header.length) return false;
    for (let i = 0; i < filled.length; i++) if (filled[i] !== header[i]) return false;
    return true;
  }

  /**
   * The end of a total row's fix where the row is named as the whole alone (its own name, not a
   * total's word such as 合计): it may be the whole's own row (a city bureau's own figures) sent
   * without its code, which is how to give it.
   */
  private ownRowFix(cells: readonly string[]): { own: string; own_zh: string } {
    const { city } = this.shape.region;
    const names = [city.name, city.short].filter((name): name is string => !!name);
    if (!cells.slice(0, 3).some((cell) => names.includes(cleanText(cell).replace(SPACES, '')))) return { own: '', own_zh: '' };
    const code = this.active.columns.byId.get(this.active.columns.code)!.label;
    return {
      own: `; if it holds ${city.name_en}'s own figures, not a total, give it its code ${city.code} in the "${code}" column`,
      own_zh: `；若这是${city.name}本级的数据而非合计，请在“${code}”列填写 ${city.code}`,
    };
  }

  /** Whether one of a record's first three cells is a total's word (合计, 全县合计), its spaces aside. */
  private totalIn(cells: readonly string[]): boolean {
    for (let i = 0; i < cells.length && i < 3; i++) {
      const text = cleanText(cells[i]!);
      if (this.total.test(SPACE.test(text) ? text.replace(SPACES, '') : text)) return true;
    }
    return false;
  }

  /** The dataset whose columns the header names most of; the summary where two name as many. */
  private chooseDataset(record: RawRecord): void {
    if (this.datasets.length === 1) return;
    const labels = record.cells.map(cleanText).filter((text) => text !== '');
    const named = this.datasets.map((d) => labels.filter((text) => d.matcher.match(text)).length);
    this.active = this.datasets[named.indexOf(Math.max(...named))]!;
    this.columns = this.active.columns.list;
    this.matcher = this.active.matcher;
    const roster = this.active.roster;
    if (roster) {
      const columns = roster.gives.map((g) => g.column).join(', ');
      this.tell(
        issue('roster-read', {
          file: this.file,
          line: record.line,
          params: { roster: roster.title.en, roster_zh: roster.title.zh, columns },
        }),
      );
    }
  }

  /**
   * Reads the header, and keeps what its reading gave (the columns found, the problems) for the
   * files after it that repeat it (readFound).
   */
  private readHeader(record: RawRecord): void {
    const key = this.headerKey(record);
    const readings = this.readings();
    const issues: Issue[] = [];
    const tell = this.tell;
    this.tell = (found) => {
      issues.push(found);
      tell(found);
    };
    try {
      this.readHeaderCells(record);
    } finally {
      this.tell = tell;
    }
    if (key.length <= MAX_HEADER_KEY) {
      // Past the bound the readings kept so far are let go: a process that checks drop after drop keeps those of the latest.
      if (readings.size >= MAX_HEADER_READINGS) readings.clear();
      const { active, header, headerLine, codeIndex, certificateIndex, unusable, positions, width, slots } = this;
      readings.set(key, {
        active,
        header: header!,
        headerLine,
        codeIndex,
        certificateIndex,
        unusable,
        positions,
        width,
        slots,
        blankLabels: [...this.blankLabels],
        factors: [...this.factors],
        stated: this.stated,
        issues,
      });
    }
  }

  /** The headers read before with this table's columns, by headerKey. */
  private readings(): Map<string, HeaderReading> {
    let readings = headerReadings.get(this.shape.columns);
    if (!readings) headerReadings.set(this.shape.columns, (readings = new Map()));
    return readings;
  }

  /**
   * What makes a header's reading the same: its line and cells, the rosters, the header line given,
   * the period given and by what (--period or --baseline), and how a fix names the plan (a built-in
   * plan's columns, and so its readings, serve every check of a process: sharedPlan).
   */
  private headerKey(record: RawRecord): string {
    const { period, baseline, plan, rosters } = this.shape;
    const titled = this.titlePeriod ? `${this.titlePeriod.period}@${this.titlePeriod.line}:${this.titlePeriod.text}` : '';
    return `${record.line}\u0001${this.headerRow ?? ''}\u0001${this.titleUnit?.code ?? ''}\u0001${titled}\u0001${period ?? ''}\u0001${baseline ? 'baseline' : ''}\u0001${plan ? plan.option : '\u0002'}\u0001${(rosters ?? []).map((r) => r.id).join(',')}\u0001${record.cells.join('\u0000')}`;
  }

  /** The state a header's reading left, and its problems told at this file. */
  private restore(reading: HeaderReading): void {
    this.active = reading.active;
    this.columns = reading.active.columns.list;
    this.matcher = reading.active.matcher;
    this.header = reading.header;
    this.headerLine = reading.headerLine;
    this.codeIndex = reading.codeIndex;
    this.certificateIndex = reading.certificateIndex;
    this.unusable = reading.unusable;
    this.positions = reading.positions;
    this.width = reading.width;
    this.slots = reading.slots;
    for (const [column, seen] of reading.blankLabels) this.blankLabels.set(column, seen);
    for (const [id, factor] of reading.factors) this.factors.set(id, factor);
    this.stated = reading.stated;
    for (const found of reading.issues) this.tell({ ...found, file: this.file });
  }

  private readHeaderCells(record: RawRecord): void {
    this.chooseDataset(record);
    const seen = new Map<string, number>();
    const unknown: { label: string; column: number }[] = [];
    /** The columns the header names by their own labels, not by a certificate's: asked once a header has a certificate's. */
    let byOwnLabel: Set<string> | undefined;
    const namedItself = (id: string) => {
      byOwnLabel ??= new Set(record.cells.map((cell) => this.matcher.match(cell)).flatMap((m) => (m && !m.certificate ? [m.id] : [])));
      return byOwnLabel.has(id);
    };
    this.headerLine = record.line;
    this.certificateIndex = -1;
    this.header = record.cells.map((label, index) => {
      const column = index + 1;
      if (cleanText(label) === '') {
        this.blankLabels.set(column, false);
        return undefined;
      }
      const found = this.matcher.match(label);
      if (!found) {
        unknown.push({ label, column });
        return undefined;
      }
      // A column of certificates beside one of the ID numbers themselves is not read: the numbers are.
      if (found.certificate && namedItself(found.id)) return undefined;
      const spec = this.columns.find((c) => c.id === found.id)!;
      const other = seen.get(found.id);
      if (other !== undefined) {
        this.tell(
          issue('duplicate-label', {
            file: this.file,
            line: record.line,
            column,
            field: found.id,
            params: { label: cleanText(label), other, field: found.id },
          }),
        );
        return undefined;
      }
      seen.set(found.id, column);
      if (!this.unitFits(spec, label, record.line, column)) return undefined;
      if (found.certificate) this.certificateIndex = index;
      // A label converted is told so (unit-converted): its unit is what normalising it changed.
      if (found.normalised && !this.factors.has(spec.id)) {
        this.tell(
          issue('label-normalised', {
            file: this.file,
            line: record.line,
            column,
            field: found.id,
            params: { label: excerpt(oneLine(label)), canonical: spec.label, ...(found.certificate ? { variant: 'certificate' } : {}) },
          }),
        );
      }
      return spec;
    });
    this.codeIndex = this.header.findIndex((spec) => spec?.id === this.active.columns.code);
    if (this.headerRow !== undefined && this.header.every((spec) => spec === undefined)) {
      // The line --header-row names names no column at all: not the header (a data line, a title), rather than another plan's.
      const text = excerpt(oneLine(filledCells(record.cells).slice(0, 4).join(', ')));
      if (!this.toldMisread([{ line: record.line, cells: record.cells.slice(0, TITLE_CELLS_KEPT) }]))
        this.tell(
          issue('header-row', { file: this.file, line: record.line, params: { variant: 'no-columns', header_row: record.line, text } }),
        );
      this.unusable = true;
      return;
    }
    // Labels of a header of ids (county_code, period) misread in a wrong encoding, more than it names: so are its cells (是,
    // 否); one error, not a warning per column. A header of another plan is one error too.
    const misread =
      unknown.length > seen.size && this.toldMisread([{ line: record.line, cells: unknownCells(record.cells, unknown) }], true);
    // Each unknown label with the column it comes closest to, of those the header does not name; one like none is likely a
    // column of the file's own (备注, 序号, 联系电话), not read and not to be mended.
    const meants = misread ? [] : unknown.map(({ label }) => this.matcher.closest(label, seen));
    if (misread) this.unusable = true;
    else this.checkPlan(record, meants.filter((meant) => meant !== undefined).length);
    if (this.unusable) return;
    const { what, whats, what_zh, listed } = unknownWords(this.active.roster, this.shape.plan?.option);
    for (const [at, { label, column }] of unknown.entries()) {
      const meant = meants[at];
      // A label like no column (`own`) is folded with the file's others of its kind in a report for people (foldProblems).
      const fix: Record<string, string> =
        meant === undefined
          ? { own: 'yes', whats, listed: listed.en, listed_zh: listed.zh }
          : { variant: 'misspelt', meant, listed: listed.en, listed_zh: listed.zh };
      this.tell(
        issue('unknown-label', {
          file: this.file,
          line: record.line,
          column,
          params: { label: excerpt(oneLine(label.trim())), what, what_zh, ...fix },
        }),
      );
    }
    this.header.forEach((spec, index) => {
      if (spec) this.positions[spec.id] = index + 1;
    });
    const ids = this.header.flatMap((spec) => (spec ? [spec.id] : []));
    let slot = 0;
    const of = this.header.map((spec) => (spec ? slot++ : -1));
    // A file without a period column (a roster as a national system exports it) is of the period --period gives.
    const { period, dated } = this.active.columns;
    const given =
      this.shape.period !== undefined && !dated && !seen.has(period) ? { slot: ids.push(period) - 1, value: this.shape.period } : undefined;
    // A form whose title names its period (道县2025年12月民政统计表) and whose header has no period column: every row is of it.
    const titledPeriod =
      this.shape.period === undefined && !dated && !seen.has(period) && this.titlePeriod
        ? { slot: ids.push(period) - 1, value: this.titlePeriod.period }
        : undefined;
    // A file that names its units without their codes (as some systems export): each row's code is its unit's by name.
    const { code, name } = this.active.columns;
    const nameField = name === undefined || seen.has(code) ? -1 : this.header.findIndex((spec) => spec?.id === name);
    const named = nameField >= 0 ? { slot: ids.push(code) - 1, from: of[nameField]! } : undefined;
    // A form of one unit without a code or name column, whose title names the unit (填报单位：零陵区): every row is of it. Not a
    // roster's whose title names the whole (填报单位： its bureau): its persons are listed by units, which it does not name.
    const titleUnit = this.active.roster && this.titleUnit?.code === this.shape.region.city.code ? undefined : this.titleUnit;
    const titled = !seen.has(code) && !named && titleUnit ? { slot: ids.push(code) - 1, value: titleUnit.code } : undefined;
    const fixed = [given, titledPeriod, titled].filter((slot) => slot !== undefined);
    this.slots = { width: ids.length, of, ids, values: valuesMaker(ids), fixed, ...(named ? { named } : {}) };
    const label = (id: string) => this.active.columns.byId.get(id)!.label;
    if (given) {
      const by = this.shape.baseline
        ? { by_zh: '规划基期年', by_en: "the plan's baseline year, as --baseline reads it" }
        : { by_zh: ' --period 给出的', by_en: 'as --period gives it' };
      this.tell(
        issue('period-given', { file: this.file, line: record.line, params: { label: label(period), period: given.value, ...by } }),
      );
    }
    if (titledPeriod) {
      const { line, text } = this.titlePeriod!;
      this.tell(
        issue('period-given', {
          file: this.file,
          line: record.line,
          params: { variant: 'title', label: label(period), period: titledPeriod.value, title: line, text },
        }),
      );
    }
    if (titled) {
      const unit = this.shape.region.byCode.get(titled.value);
      const whole = this.shape.region.city;
      const { line, text } = this.titleUnit!;
      this.tell(
        issue('unit-given', {
          file: this.file,
          line: record.line,
          params: {
            label: label(code),
            name: unit?.name ?? whole.name,
            name_en: unit?.name_en ?? whole.name_en,
            code: titled.value,
            title: line,
            text,
          },
        }),
      );
    }
    if (named) {
      this.codeIndex = nameField;
      this.tell(
        issue('code-from-name', {
          file: this.file,
          line: record.line,
          column: nameField + 1,
          field: name,
          params: { label: label(code), name: label(name!) },
        }),
      );
    }
    // Trailing columns without a header (formatted but empty Excel cells) do not count.
    this.width = this.header.length;
    while (this.width > 0 && this.blankLabels.has(this.width)) this.width--;
    for (const spec of this.columns) {
      if (
        spec.required &&
        !seen.has(spec.id) &&
        !((given || titledPeriod) && spec.id === period) &&
        !((named || titled) && spec.id === code)
      ) {
        // A period the whole file shares may be given instead (a roster exported without one); a form's unit, by its title.
        const example = this.shape.region.units[0]?.name ?? '';
        const or =
          spec.id === period && !dated
            ? {
                or: ', or give every row its period with --period 2025-12, or name it in a title line above the header (2025年12月)',
                or_zh: '；或用 --period 2025-12 给出全文件的报告期，或在表头上方的标题行写明（2025年12月）',
              }
            : spec.id === code && example
              ? {
                  or: `, or, for a form of one unit, name it in a title line above the header (填报单位：${example})`,
                  or_zh: `；或者，一个单位的报表可在表头上方的标题行写明填报单位（如“填报单位：${example}”）`,
                }
              : { or: '', or_zh: '' };
        this.tell(
          issue('missing-label', {
            file: this.file,
            line: record.line,
            field: spec.id,
            params: { label: spec.label, field: spec.id, ...or },
          }),
        );
        this.unusable = true;
      }
    }
  }

  private toRow(record: RawRecord, checkShape: boolean): Row {
    const slots = new Array<CellValue>(this.slots.width).fill(null);
    let exact: Record<string, Rational> | undefined;
    const header = this.header!;
    const split = checkShape && this.commaSeparated && record.cells.length > this.width ? this.joinSplitNumber(record) : undefined;
    const cells = split?.cells ?? record.cells;
    if (checkShape && !this.shortRowsAreFine && cells.length < this.width) {
      this.tell(
        issue('missing-cell', {
          file: this.file,
          line: record.line,
          column: cells.length + 1,
          params: { count: cells.length, expected: this.width },
        }),
      );
    }
    for (let index = 0; index < cells.length; index++) {
      const raw = cells[index]!;
      const spec = header[index];
      if (spec) {
        let value = this.normalise(raw, spec.kind, index);
        if (index === this.certificateIndex) value = idOfCertificate(value);
        if (index === this.codeIndex && typeof value === 'string' && !this.slots.named && !this.code.test(value))
          value = this.unitCode(value, record.line, index + 1);
        const factor = this.factors.size > 0 ? this.factors.get(spec.id) : undefined;
        if (factor && typeof value === 'number') {
          // In the column's unit, exactly: a number that a double cannot hold is kept as a fraction.
          const converted = Rational.fromNumber(value).mul(factor);
          value = converted.toNumber();
          if (!converted.isHeldBy(value)) (exact ??= Object.create(null) as Record<string, Rational>)[spec.id] = converted;
        }
        slots[this.slots.of[index]!] = value;
        // A period written as itself (most) is no serial: only another is looked at.
        if (
          spec.kind === 'period' &&
          !this.serialNoted &&
          typeof value === 'string' &&
          value !== raw &&
          excelSerialMonth(cleanText(raw)) === value
        ) {
          this.serialNoted = true;
          this.tell(
            issue('period-serial', {
              file: this.file,
              line: record.line,
              column: index + 1,
              field: spec.id,
              params: { value: cleanText(raw), period: value },
            }),
          );
        }
        if (spec.kind === 'percent' && typeof value === 'number') this.countFraction(spec.id, value, raw);
      } else if (checkShape && cleanText(raw) !== '') {
        this.reportStrayCell(record, index + 1);
      }
    }
    const { fixed, named } = this.slots;
    for (let i = 0; i < fixed.length; i++) slots[fixed[i]!.slot] = fixed[i]!.value;
    if (named)
      slots[named.slot] =
        typeof slots[named.from] === 'string' ? (unitCodeByName(this.shape.region, slots[named.from] as string) ?? null) : null;
    const row: Row = {
      file: this.file,
      line: record.line,
      values: this.slots.values(slots),
      columns: split ? this.shiftedPositions(split) : this.positions,
      valid: true,
    };
    if (exact) row.exact = exact;
    if (this.stated) row.stated = this.stated;
    if (this.active.roster) row.roster = this.active.roster.id;
    return row;
  }

  /**
   * A cell's value; the values of the first cells seen in a column are remembered, since codes,
   * periods and 是/否 repeat on every row of a long file (ID numbers, which never repeat, are not).
   * A column whose full memo misses more than it finds (names, record numbers) is read without one.
   */
  private normalise(raw: string, kind: ColumnKind, index: number): CellValue {
    if (kind === 'id') return normaliseCell(raw, kind);
    // The same text as the row above (a unit's code, the period) is the most common case of all.
    if (this.lastText[index] === raw) return this.lastValue[index]!;
    let memo = this.memo[index];
    if (memo === null) return normaliseCell(raw, kind);
    if (memo === undefined) {
      // A column's first text needs no memo: a file of a row or two (a county's summary, each of a batch's 840) makes none.
      if (this.lastText[index] === undefined) return this.remember(index, raw, normaliseCell(raw, kind));
      memo = this.memo[index] = new Map();
      this.memoScore[index] = 0;
    }
    let value = memo.get(raw);
    if (value === undefined) {
      value = normaliseCell(raw, kind);
      if (memo.size < MEMO_SIZE) memo.set(raw, value);
      // A full memo that misses more than it finds is a column of texts that seldom repeat (names, record numbers): it is let go.
      else if (--this.memoScore[index]! < -MEMO_SIZE) this.memo[index] = null;
    } else if (memo.size === MEMO_SIZE) this.memoScore[index]!++;
    return this.remember(index, raw, value);
  }

  /** A column's value of the text read last in it, for the row after (normalise). */
  private remember(index: number, raw: string, value: CellValue): CellValue {
    this.lastText[index] = raw;
    this.lastValue[index] = value;
    return value;
  }

  /**
   * A number split at its thousands commas in a row of more cells than its header, where one is
   * found (splitNumber: the row's cells with it joined, or, where the row cannot tell which column
   * holds it, the columns it may be in left unread), or else a text split at its commas (a name or
   * a note: splitText), told as the extra cells at its column: the cells after it are read in
   * their columns, not each told as a fault of the column before.
   */
  private joinSplitNumber(record: RawRecord): SplitNumber | undefined {
    const header = this.header!;
    const read = (raw: string, column: number) => this.normalise(raw, header[column]!.kind, column);
    const split =
      splitNumber(record.cells, header, this.width, read) ??
      splitNumbers(record.cells, header, this.width, this.splitBudget, read) ??
      splitText(record.cells, header, this.width, this.fitsShape);
    if (!split) return undefined;
    // The first and last columns it may be in by their headers too, as the sheet shows them.
    const spec = header[split.from - 1]!;
    const [first, last] = [spec.label, header[split.to - 1]!.label].map((label) => excerpt(oneLine(label))) as [string, string];
    const { text } = split;
    const params: Record<string, string | number> = split.joined
      ? splitNumbersParams(split)
      : text === undefined
        ? { variant: split.number ? 'number-in-columns' : 'text-in-columns', from: split.from, to: split.to, first, last }
        : splitCellParams(text, split.number ? normaliseCell(text, spec.kind) : undefined);
    // The column of the number (or text), where the row tells which it is.
    const joinedFirst = split.joined ? split.joined[0]?.column === split.from : text !== undefined;
    this.tell(
      issue('extra-cell', {
        file: this.file,
        line: record.line,
        column: split.from,
        ...(joinedFirst ? { field: spec.id } : {}),
        params: { count: record.cells.length, expected: this.width, ...params },
      }),
    );
    return split;
  }

  /**
   * Whether a cell fits its column by its shape, as a row is looked at for a text split at its
   * commas: a unit's code, a period, a day, a number or yes/no as its column reads it; any text;
   * nothing under no header.
   */
  private readonly fitsShape = (raw: string, column: number): boolean => {
    const spec = this.header![column];
    if (!spec) return cleanText(raw) === '';
    const value = this.normalise(raw, spec.kind, column);
    if (value === null) return true;
    if (typeof value !== 'string') return true;
    if (column === this.codeIndex) return this.code.test(value);
    if (spec.kind === 'period') return PERIOD.test(value);
    if (spec.kind === 'date') return isCalendarDay(value);
    return spec.kind === 'text' || spec.kind === 'id';
  };

  /**
   * Where a row's fields stand in its line, a number split at its commas joined: those after the
   * number as many cells on as its commas. Made once for the header's positions and each place and
   * number of commas: a file whose every row is split alike shares one.
   */
  private shiftedPositions(split: SplitNumber): Record<string, number> {
    let byPlace = this.shifted.get(this.positions);
    if (!byPlace) this.shifted.set(this.positions, (byPlace = new Map()));
    const { shifts } = split;
    const place = shifts ? shifts.join(',') : `${split.to},${split.extra}`;
    let positions = byPlace.get(place);
    if (!positions) {
      positions = Object.create(null) as Record<string, number>;
      for (const id in this.positions) {
        const at = this.positions[id]!;
        positions[id] = at + (shifts ? (shifts[at - 1] ?? 0) : at > split.to ? split.extra : 0);
      }
      // Rows of several numbers split differently: a file's count of places is bounded by its rows' ways, kept to a few.
      if (byPlace.size < 1024) byPlace.set(place, positions);
    }
    return positions;
  }

  /** A value under a blank header, or beyond the header: reported once per column. */
  private reportStrayCell(record: RawRecord, column: number): void {
    if (column > this.header!.length) {
      this.tell(
        issue('extra-cell', {
          file: this.file,
          line: record.line,
          column,
          params: { count: record.cells.length, expected: this.width },
        }),
      );
      return;
    }
    if (this.blankLabels.get(column) === false) {
      this.blankLabels.set(column, true);
      this.tell(issue('blank-label', { file: this.file, line: this.headerLine, column, params: { column } }));
    }
  }
}

/** The digits of a statistical division code (统计用区划代码), which a unit's code may be written as. */
const STATISTICAL_CODE_DIGITS = 12;

/** DOS's end-of-file mark, SUB (Ctrl-Z). */
const END_OF_FILE_MARK = '\u001a';

/** The keywords of a column that says what it is and asks nothing of its values but to be text. */
const ANNOTATIONS = new Set(['title', 'description', 'type', 'x-role', 'x-id', 'x-aliases', 'x-certificates']);

function onlyAnnotated(property: object | undefined): boolean {
  return (
    property !== undefined &&
    (property as { type?: unknown }).type === 'string' &&
    Object.keys(property).every((keyword) => ANNOTATIONS.has(keyword))
  );
}

/** What reading a header left: the dataset and columns it names, and the problems it found. */
interface HeaderReading {
  active: Dataset;
  header: (ColumnSpec | undefined)[];
  headerLine: number;
  codeIndex: number;
  certificateIndex: number;
  unusable: boolean;
  positions: Record<string, number>;
  width: number;
  slots: TableReader['slots'];
  blankLabels: [number, boolean][];
  factors: [string, Rational][];
  stated: Record<string, string> | undefined;
  issues: Issue[];
}

/** A region's patterns of a unit's code and of a total's word, made once a region: every file of a batch is read against one. */
const regionPatterns = new WeakMap<Registry, { code: RegExp; total: RegExp }>();

function patternsOf(region: Registry): { code: RegExp; total: RegExp } {
  let made = regionPatterns.get(region);
  if (!made) {
    // A total word alone, or 合计/总计/小计 at either end of the cell (全县合计, 合计（全省）), or a part of a total (其中：城市).
    const words = region.totalWords.map((w) => escapeRegex(w.replace(/\s+/g, ''))).join('|');
    made = {
      code: new RegExp(`^\\d{${region.codeDigits}}$`),
      total: new RegExp(`^(?:${words})$|^(?:合计|总计|小计|其中)|(?:合计|总计|小计)$`, 'i'),
    };
    regionPatterns.set(region, made);
  }
  return made;
}

/** Headers read, by the columns they were read against (a built-in plan's serve every check of a process: sharedPlan): a batch of files repeats one. */
const headerReadings = new WeakMap<Columns, Map<string, HeaderReading>>();
const MAX_HEADER_READINGS = 64;
/** Headers longer than this (in characters, cells joined) are read each time. */
const MAX_HEADER_KEY = 64 * 1024;

/** A header's cells of the labels that name no column, the others blank. */
function unknownCells(cells: readonly string[], unknown: readonly { column: number }[]): string[] {
  const columns = new Set(unknown.map(({ column }) => column));
  return cells.map((cell, i) => (columns.has(i + 1) ? cell : ''));
}

/** The cells of a line that hold text, normalised (cleanText): what a line's reading looks at. */
function filledCells(cells: readonly string[]): string[] {
  return cells.map(cleanText).filter((text) => text !== '');
}

/** Fewest lines whose first cell names a column for the labels to be taken as running down a column. */
const LABELS_DOWN = 3;

/**
 * Where the lines' first filled cells name columns (区划代码, 报告期, 床位数 down column 1, their values
 * beside them): the column, the first such line and the labels; undefined where fewer than
 * LABELS_DOWN do, or they stand in different columns.
 */
function labelsDown(
  lines: readonly ReadLine[],
  names: (label: string) => boolean,
): { column: number; line: number; labels: string[] } | undefined {
  const found: { column: number; line: number; label: string }[] = [];
  for (const { line, cells } of lines) {
    const at = cells.findIndex((cell) => cleanText(cell) !== '');
    if (at >= 0 && names(cells[at]!)) found.push({ column: at + 1, line, label: cells[at]!.trim() });
  }
  if (found.length < LABELS_DOWN || found.some((f) => f.column !== found[0]!.column)) return undefined;
  return { column: found[0]!.column, line: found[0]!.line, labels: found.map((f) => f.label) };
}

/**
 * What extra-cell says of one cell split at its commas: a number read (`read`), or a text, or a
 * number with a word after it (2,650人, which the type check then refuses), read as one cell.
 */
function splitCellParams(text: string, read: CellValue | undefined): Record<string, string | number> {
  const cell = { text: excerpt(oneLine(text)), commas: text.split(',').length - 1 };
  return typeof read === 'number' ? { variant: 'number', ...cell, read: String(read) } : { variant: 'text', ...cell };
}

/** The cells filledCells keeps, as the file writes them (trimmed, not normalised): what a message quotes, to be found in the file. */
function writtenCells(cells: readonly string[]): string[] {
  return cells.filter((cell) => cleanText(cell) !== '').map((cell) => cell.trim());
}

/** A line as a message quotes it: its written cells, spaced, cut short where long. */
function quotedLine(record: RawRecord): string {
  return excerpt(writtenCells(record.cells).join(' '));
}

function spansBadLine(record: RawRecord, badLines: ReadonlySet<number>): boolean {
  let breaks = 0;
  for (const cell of record.cells) breaks += (cell.match(/\r\n|\r|\n/g) ?? []).length;
  for (let line = record.line; line <= record.line + breaks; line++) if (badLines.has(line)) return true;
  return false;
}
