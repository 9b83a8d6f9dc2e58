/**
 * The data lines of a long roster read from their bytes, without decoding or tokenising them. A
 * roster of a million persons holds a few hundred different lines once its ID numbers are left
 * out (units x periods x yes/no answers): a line whose bytes besides its ID number are those of
 * an earlier line, whose row the checker found clean (no problem of its own cells: ReadOptions
 * cleanRows) or counted with problems of those cells (then told again at the line), and whose ID
 * number is one (GB 11643: shape, check character, date of birth), is that row again with its own
 * ID number and line. A roster of other records (rescue cases,
 * institutions, townships) differs from line to line by more than its record number (a day, a
 * name, beds): a line whose other fields are those of a row found clean is that row again with
 * its own fields read from their bytes (OwnRow), which are then checked. Every other line goes
 * the usual way, so that what is said of it is what the usual way says.
 */
import type { CellValue, Issue, Row } from '../types.js';
import { isDay, isoDay, isPlaceholder, type ColumnKind } from './normalise.js';
import { idKeyOfBytes } from '../validate/id-number.js';
import { withinLimit, type OwnCellsCheck } from '../validate/own-cells.js';
import type { CsvTokenizer, RawRecord } from './csv.js';
import type { BlockDecoder } from './decode.js';
import { LineTable, Pieces, piecesHash, type PiecesKey } from './line-table.js';
import type { TableReader } from './table.js';

/** A row read from its line's bytes: the cells of an earlier clean row, with its own record (ID number) and line. */
export class KnownRow implements Row {
  readonly valid = true;
  exact?: Row['exact'];
  roster?: string;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly values: Row['values'],
    readonly columns: Row['columns'],
    /** The ID number's key (idKeyOfBytes). */
    readonly key: number,
    private readonly bytes: Buffer,
    private readonly at: number,
    /** The problems of the row whose cells it shares, which was counted with them (CleanRows.faulty): its own, at its line. */
    readonly faults: readonly Issue[] | undefined,
  ) {}

  /** The ID number as a cell reads it (x as X), made text when it is asked for (a second listing's message): most rows never need it. */
  get record(): string {
    return this.bytes.toString('latin1', this.at, this.at + ID_LENGTH).toUpperCase();
  }
}

/**
 * A row of a roster line read from its bytes but for its own fields (TableReader.ownFieldShape:
 * the record's number, a day, a name, beds): its other values are those of a row found clean
 * (`like`), so that only what its own fields can change is checked again (check.ts).
 */
export class OwnRow implements Row {
  valid = true;
  roster?: string;
  /** Where its record is an ID number that its bytes showed to be one: its key (idKeyOfBytes), which the record index takes as it is. */
  key: number | undefined = undefined;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly values: Row['values'],
    readonly columns: Row['columns'],
    /** The values of the clean row whose other fields it repeats. */
    readonly like: Row['values'],
    /** Its own cells were read in a plain form that the schema and the calendar pass (validate/own-cells.ts). */
    readonly checked: boolean,
    /** The problems of that row's shared cells, which it was counted with (CleanRows.faulty): its own too, at its line. */
    readonly faults: readonly Issue[] | undefined,
  ) {}
}

/** Whether a row was read from its bytes (KnownLines): its record is its own, its other values are shared with a row checked already. */
export function isKnownRow(row: Row): row is KnownRow {
  return row instanceof KnownRow;
}

/**
 * The checker's word on the rows KnownLines waits on (their lines could be known once the row is
 * found clean). Only those are asked about and kept: a roster whose lines do not repeat costs a
 * lookup a row, not a set of every row.
 */
export class CleanRows {
  /** By row: waited on (0), checked with a problem so far (1), found clean (2), or counted with these problems (faulty). */
  private readonly verdicts = new WeakMap<Row, number | readonly Issue[]>();

  /** KnownLines waits on a row's verdict. */
  await(row: Row): void {
    this.verdicts.set(row, 0);
  }

  /** The checker takes a row up: a row waited on has a problem unless found() follows. */
  checking(row: Row): void {
    if (this.verdicts.get(row) === 0) this.verdicts.set(row, 1);
  }

  /** The checker found no problem of a row's own cells: kept if the row is awaited. */
  found(row: Row): void {
    if (this.verdicts.has(row)) this.verdicts.set(row, 2);
  }

  /**
   * The checker counted an awaited row with problems of its cells (a yes/no answer of another
   * word, 是 where the answer it depends on is 否): rows of its other cells have them too.
   */
  faulty(row: Row, problems: readonly Issue[]): void {
    if (this.verdicts.has(row)) this.verdicts.set(row, problems);
  }

  /** Whether an awaited row was found clean. */
  has(row: Row): boolean {
    return this.verdicts.get(row) === 2;
  }

  /** The problems an awaited row was counted with (faulty). */
  faultsOf(row: Row): readonly Issue[] | undefined {
    const verdict = this.verdicts.get(row);
    return typeof verdict === 'object' ? verdict : undefined;
  }

  /** Whether an awaited row was checked and not found clean. */
  refused(row: Row): boolean {
    const verdict = this.verdicts.get(row);
    return verdict === 1 || typeof verdict === 'object';
  }
}

/** Off, every line goes the usual way: the tests hold the two ways to the same report; `read` counts the lines read here. */
export const knownLines = { enabled: true, read: 0 };

/** The usual way's parts for a file, which lines not read from their bytes go through. */
export interface UsualWay {
  tokenizer: CsvTokenizer;
  /** Text into the tokenizer, the undecodable lines it passed then told (in line order with its own problems). */
  write(text: string): void;
  table: TableReader;
  decoder: BlockDecoder;
  /** Where the tokenizer puts the records it ends. */
  records: RawRecord[];
  badLines: ReadonlySet<number>;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const EQUALS = 0x3d;
const SPACE = 0x20;
/** The digit 1, the least category and grade of a disability certificate. */
const DIGIT_1 = 0x31;
/** Excel's mark of a text ('0012). */
const APOSTROPHE = 0x27;
/** An ID number's length (GB 11643). */
const ID_LENGTH = 18;
/** A check character typed x. */
const LOWER_X = 0x78;
/** Lines longer than this go the usual way (a roster's line is about 50 bytes). */
const LONG_LINE = 4096;
/** Lines remembered, known or waiting for the checker: memory stays bounded whatever the file. */
const MAX_REMEMBERED = 4096;
/** Lines looked at before a file that seldom repeats (under one line in eight) is left to the usual way. */
const GIVE_UP_AFTER = 16_384;

/** One file's known lines. */
export class KnownLines {
  /**
   * By a line's bytes besides its ID number (and the fields not read): the row its first line
   * gave, its cells, and whether the checker found it clean, which makes the lines like it known;
   * for lines with fields of their own, besides those fields, also the row's values by slot as they
   * were read (TableReader.slotsOf), and a row found not clean gives way to the next like it.
   */
  private readonly lines = new LineTable<{
    row: Row;
    cells: number;
    known: boolean;
    slots: CellValue[] | undefined;
    faults: readonly Issue[] | undefined;
  }>();
  /** The pieces of the line last looked up that are compared (rest, restWithout). */
  private readonly pieces = new Pieces();
  /**
   * How the lines are read, once the header is: `sparse` when some fields are not read, `skipped`
   * by field (the ID number's, a record's own and those not read), and the last of those; `own` by
   * field and their `kinds` for a roster of lines with fields of their own (null for ID numbers),
   * and which of them is the record's number (`record`, -1 for ID numbers).
   */
  private shape:
    | {
        keyField: number;
        /** The ID numbers' field holds disability certificates' numbers (the ID number, a category and a grade). */
        certificate: boolean;
        fields: number;
        delimiter: number;
        crlf: boolean;
        sparse: boolean;
        skipped: boolean[];
        lastSkipped: number;
        own: boolean[] | null;
        kinds: (ColumnKind | undefined)[];
        record: number;
      }
    | undefined
    | null = undefined;
  /** Of a line last looked up, where each of its own fields starts and ends, and whether it is all ASCII (by field: ownFieldShape). */
  private readonly ownFrom: number[] = [];
  private readonly ownTo: number[] = [];
  private readonly ownAscii: boolean[] = [];
  /** The values of a line's own fields, by field, for TableReader.ownRow. */
  private readonly ownValues: CellValue[] = [];
  /** The schema's word on own cells of a plain form (ownFieldShape), where the schema has one. */
  private ownCheck: OwnCellsCheck | undefined;
  /** The columns lines like one another share whose problems a line's own cells cannot change (ownFieldShape). */
  private shared: ReadonlySet<string> = NOTHING_SHARED;
  /** Where the ID number of the line last looked up starts. */
  private idAt = 0;
  /** Lines looked up, and how many repeated a clean row. */
  private looked = 0;
  private repeated = 0;
  /** Where the next CR of the block stands (at or after the line read): a stretch without one is searched once. */
  private nextCr = -1;
  /** The block being read as Latin-1 (a character a byte), once a line's own ASCII field is cut from it. */
  private latin1: string | undefined;

  /** The usual way's decoder, which tells whether a field that is not read is text, as it would of the line. */
  private decoder: BlockDecoder | undefined;
  /** The usual way's table, which makes the rows of lines read but for their own fields (ownRow). */
  private table: TableReader | undefined;
  /** Each byte's kind for restWithout (byteKindsOf the file's delimiter). */
  private byteKinds: Uint8Array = NO_BYTE_KINDS;

  constructor(
    private readonly file: string,
    private readonly clean: CleanRows,
  ) {}

  /**
   * Whether lines of the block can be read here: the header is read, its table is a roster named
   * by ID numbers (TableReader.knownLineShape) or of lines with fields of their own (ownFieldShape),
   * the delimiter is one byte and lines end in LF or CRLF. Decided once a header is read.
   */
  ready(usual: UsualWay | undefined): boolean {
    if (!usual || !knownLines.enabled || this.shape === null) return false;
    // Lines of a file that seldom repeat a clean row are read faster the usual way, a block at a time.
    if (this.looked >= GIVE_UP_AFTER && this.repeated * 8 < this.looked) this.shape = null;
    if (this.shape === null) return false;
    if (this.shape === undefined) {
      const lineBreak = usual.tokenizer.betweenRecords();
      const table = usual.table.knownLineShape() ?? usual.table.ownFieldShape();
      if (!table || lineBreak === undefined) return false;
      const own = 'own' in table ? table.own : null;
      const kinds = 'kinds' in table ? table.kinds : [];
      const keyField = 'keyField' in table ? table.keyField : -1;
      const certificate = 'certificate' in table && table.certificate;
      const record = 'record' in table ? table.record : -1;
      this.ownCheck = 'check' in table ? table.check : undefined;
      this.shared = 'shared' in table ? table.shared : NOTHING_SHARED;
      const skipped = table.ignored.map((ignored, field) => ignored || field === keyField || own?.[field] === true);
      // One object literal for every file, its properties in one order: the hot path's code stays right for the next file.
      this.shape =
        usual.tokenizer.delimiter < 0x80 && lineBreak !== 'CR'
          ? {
              keyField,
              certificate,
              fields: table.fields,
              delimiter: usual.tokenizer.delimiter,
              crlf: lineBreak === 'CRLF',
              sparse: own !== null || table.ignored.includes(true),
              skipped,
              lastSkipped: skipped.lastIndexOf(true),
              own,
              kinds,
              record,
            }
          : null;
      this.decoder = usual.decoder;
      this.table = usual.table;
      this.byteKinds = byteKindsOf(usual.tokenizer.delimiter);
    }
    return this.shape !== null;
  }

  /** The rows of a block of whole lines (ready() said yes) to `take`, each in its place: known rows, and the usual way's rows and undefined marks. */
  rows(block: Buffer, usual: UsualWay, take: (row: Row | undefined) => void): void {
    const { tokenizer, write, table, decoder, records, badLines } = usual;
    const crlf = this.shape!.crlf;
    this.nextCr = -1;
    this.latin1 = undefined;
    let skipped = 0;
    let start = 0;
    // Known lines leave the tokenizer where it stands: it is asked again after each usual one.
    let between = tokenizer.betweenRecords() !== undefined;
    let line = tokenizer.nextLine;
    for (let lf = block.indexOf(LF); lf !== -1; lf = block.indexOf(LF, start)) {
      const end = crlf ? lf - 1 : lf;
      const found = between && end >= start ? this.lookup(block, start, end, line) : undefined;
      this.looked++;
      if (found !== undefined && 'values' in found) {
        this.repeated++;
        skipped++;
        line++;
        knownLines.read++;
        table.tellBlankRun();
        take(found);
      } else {
        this.pass(usual, skipped);
        skipped = 0;
        write(decoder.decode(block.subarray(start, lf + 1)));
        const taken = records.splice(0);
        for (const row of table.take(taken, badLines)) {
          if (row && found !== undefined && taken.length === 1 && this.simplyQuoted(block, start, end))
            this.remember(block, found, row, taken[0]!.cells.length);
          take(row);
        }
        between = tokenizer.betweenRecords() !== undefined;
        line = tokenizer.nextLine;
      }
      start = lf + 1;
    }
    this.pass(usual, skipped);
    // A last line without its LF (a CRLF cut between blocks): the usual way, which keeps its CR.
    if (start < block.length) {
      write(decoder.decode(block.subarray(start)));
      for (const row of table.take(records.splice(0), badLines)) take(row);
    }
  }

  /** Lines read here, passed over by the usual way's tokenizer and decoder. */
  private pass(usual: UsualWay, lines: number): void {
    if (lines === 0) return;
    usual.tokenizer.skipLines(lines);
    usual.decoder.pass(lines);
  }

  /** The row a line repeats; or else its bytes besides its ID number as a key, when it could be one (for remember). */
  private lookup(block: Buffer, start: number, end: number, line: number): Row | PiecesKey | undefined {
    const { fields, crlf, sparse, own } = this.shape!;
    if (end - start > LONG_LINE || (crlf && block[end] !== CR)) return undefined;
    // A CR inside a line would end it for the usual way. (Quotes: a line is remembered only when each
    // of its quoted fields is simply quoted, so that bytes equal to its own are fields as they are.)
    if (this.nextCr < start) this.nextCr = indexOrLength(block, CR, start);
    if (this.nextCr < end) return undefined;
    if (!(sparse ? this.restWithout(block, start, end) : this.rest(block, start, end))) return undefined;
    if (own !== null) return this.ownLookup(block, line);
    const from = this.idAt;
    const key = idKeyOfBytes(block, from);
    if (key === undefined) return undefined;
    const hash = piecesHash(block, this.pieces);
    const seen = this.lines.get(block, this.pieces, hash);
    // A line not seen is a key to remember it by, while there is room to (remember).
    if (!seen) return this.lines.size < MAX_REMEMBERED ? { hash, pieces: this.pieces.copy() } : undefined;
    if (!seen.known) {
      // A line like a row found clean, or counted with problems of its other cells, which are then this line's too.
      if (seen.slots !== undefined || seen.cells !== fields) return undefined;
      seen.faults = this.clean.faultsOf(seen.row);
      if (!seen.faults && !this.clean.has(seen.row)) return undefined;
      seen.known = true;
    }
    const like = seen.row;
    const row = new KnownRow(this.file, line, like.values, like.columns, key, block, from, seen.faults);
    if (like.exact) row.exact = like.exact;
    if (like.roster !== undefined) row.roster = like.roster;
    return row;
  }

  /**
   * lookup() of a line with fields of its own (restWithout found them): the row of a line whose other
   * fields are those of a row found clean, with its own fields' values read from their bytes, to
   * have what they can change checked (check.ts); or the key to remember the line by.
   */
  private ownLookup(block: Buffer, line: number): Row | PiecesKey | undefined {
    const hash = piecesHash(block, this.pieces);
    const seen = this.lines.get(block, this.pieces, hash);
    if (!seen) return this.lines.size < MAX_REMEMBERED ? { hash, pieces: this.pieces.copy() } : undefined;
    const { own, fields, kinds, record } = this.shape!;
    if (!seen.known) {
      // Until a line like it is found clean, each is read the usual way, and takes the place of one kept found not clean (remember).
      if (seen.slots === undefined || seen.cells !== fields) return { hash, pieces: this.pieces.copy() };
      if (!this.clean.has(seen.row)) {
        // Or counted with problems of shared cells only (yes/no answers and texts, which no limit ties to a record's own
        // cells), where the schema asks nothing across columns besides (ownCheck): lines like it have them too (check.ts tells them).
        const faults = this.clean.faultsOf(seen.row);
        if (!faults || !this.ownCheck || !faults.every((found) => found.field !== undefined && this.shared.has(found.field)))
          return { hash, pieces: this.pieces.copy() };
        seen.faults = faults;
      }
      seen.known = true;
    }
    const values = this.ownValues;
    const check = this.ownCheck;
    // Whether every own cell is of a plain form the schema is known to pass; else the checker asks the schema.
    let checked = check !== undefined;
    let day: string | undefined;
    let idKey: number | undefined;
    for (let field = 0; field < fields; field++) {
      if (!own![field]) continue;
      const from = this.ownFrom[field]!;
      const to = this.ownTo[field]!;
      const asks = check?.fields[field];
      if (!this.ownAscii[field]) {
        // A name of ASCII, CJK ideographs and full-width forms of ASCII, read as a cell would read it.
        const plain = kinds[field] === 'text' ? this.decoder!.plainText(block, from, to) : undefined;
        if (plain !== undefined && !isPlaceholder(plain)) {
          values[field] = plain;
          checked &&= asks?.text?.(plain) === true;
          continue;
        }
        if (!this.decoder!.isText(block, from, to)) return undefined;
        const value = (values[field] = this.table!.cellValue(this.decoder!.text(block, from, to), field));
        checked &&= asks?.cell?.(value) === true;
        continue;
      }
      const kind = kinds[field];
      if (kind === 'id' && to - from === ID_LENGTH) {
        // An ID number is one when its bytes say so (shape, date of birth, check character), as a cell would be found.
        const key = idKeyOfBytes(block, from);
        // The record index takes the record's key (an ID number that is no record's, a person's in a case, is only checked).
        if (field === record) idKey = key;
        const text = (this.latin1 ??= block.toString('latin1')).slice(from, to);
        if (key === undefined) {
          // What is none is read as a cell is, and checked by the schema and validateRow's ways.
          values[field] = this.table!.cellValue(text, field);
          checked = false;
          continue;
        }
        // One is its bytes, a check character typed x read as X (normaliseCell).
        const id = (values[field] = block[to - 1] === LOWER_X ? text.toUpperCase() : text);
        checked &&= asks?.id?.(id) === true;
        continue;
      }
      const number = kind === 'integer' || kind === 'number' ? digitsValue(block, from, to) : -1;
      if (number >= 0) {
        values[field] = number;
        checked &&= asks?.digits?.(number) === true;
        continue;
      }
      // An ASCII field is its bytes, a character each: cut from the block made Latin-1 text once.
      const text = (this.latin1 ??= block.toString('latin1')).slice(from, to);
      if (kind === 'text' && plainAscii(block, from, to) && !isPlaceholder(text)) {
        values[field] = text;
        checked &&= asks?.text?.(text) === true;
      } else if (kind === 'date' && isDayShape(block, from, to)) {
        // A day written YYYY-MM-DD is itself, of the calendar or not (the check asks which).
        values[field] = text;
        checked &&= asks?.day?.(text) === true;
      } else if (kind === 'date' && (day = separatedDay(block, from, to)) !== undefined) {
        values[field] = day;
        checked &&= asks?.day?.(day) === true;
      } else {
        const value = (values[field] = this.table!.cellValue(text, field));
        checked &&= asks?.cell?.(value) === true;
      }
    }
    if (checked)
      for (const limit of check!.limits)
        checked &&= withinLimit(
          limit.field >= 0 ? values[limit.field] : seen.slots![limit.slot],
          limit.otherField >= 0 ? values[limit.otherField] : seen.slots![limit.otherSlot],
        );
    const row = this.table!.ownRow(seen.slots!, own!, values, line, seen.row.values, checked, seen.faults);
    row.key = idKey;
    return row;
  }

  /**
   * A line's bytes besides its ID number (this.idAt) into this.pieces; false when its ID number is
   * not 18 characters. Equal to those of a line found clean, it has that line's fields.
   */
  private rest(block: Buffer, start: number, end: number): boolean {
    const { keyField, fields, delimiter } = this.shape!;
    const pieces = this.pieces;
    pieces.clear();
    let from = start;
    for (let field = 0; field < keyField; field++) {
      const at = delimiterIn(block, delimiter, from, end);
      if (at >= end) return false;
      from = at + 1;
    }
    const after = keyField === fields - 1 ? end : delimiterIn(block, delimiter, from, end);
    if ((after >= end && keyField < fields - 1) || !this.idField(block, from, after)) return false;
    // Most rosters begin with the ID number: their rest is one piece.
    if (keyField > 0) pieces.push(start, from);
    pieces.push(after, end);
    return true;
  }

  /**
   * rest() of a header with fields not compared: the ID number's (idField), a record's own
   * (ownFieldShape: no quote, or in quotes with none inside, so that its cell is its bytes or those
   * between the quotes, and not beginning with a byte-order mark; where its cell starts and ends
   * goes to ownFrom and ownTo) and those not read (a name per person: each must still be text of the
   * file's encoding). The line must have the header's number of fields. Each run of fields
   * compared is a piece; only the fields up to the last one left out are found, those after it
   * compared as one piece, as rest() compares them: bytes equal to a remembered line's are as many
   * fields.
   */
  private restWithout(block: Buffer, start: number, end: number): boolean {
    const { fields, skipped, lastSkipped, keyField, own } = this.shape!;
    const kinds = this.byteKinds;
    const pieces = this.pieces;
    pieces.clear();
    // The start of the run of compared fields being passed; the field's start.
    let run = -1;
    let from = start;
    for (let field = 0; field <= lastSkipped; field++) {
      // The field's end, and whether its bytes are ASCII and hold a quote, in one pass.
      let at = from;
      let bits = 0;
      for (; at < end; at++) {
        const kind = kinds[block[at]!]!;
        if (kind === DELIMITER) break;
        bits |= kind;
      }
      const ascii = (bits & HIGH) === 0;
      const quoted = (bits & QUOTED) !== 0;
      const last = field === fields - 1;
      // The last field holds no delimiter (a line of more fields is the usual way's to tell); the others end before the line does.
      if (last ? at < end : at >= end) return false;
      if (!skipped[field]) {
        if (run < 0) run = from;
      } else {
        if (field === keyField) {
          if (!this.idField(block, from, at)) return false;
        } else if (own?.[field]) {
          // In quotes with none inside (an export that quotes every field), its cell is the bytes between them.
          if (quoted && !simpleField(block, from, at)) return false;
          const start = quoted ? from + 1 : from;
          const end = quoted ? at - 1 : at;
          // Whether its bytes are text of the encoding is asked as they are read (ownLookup).
          if (!ascii && startsWithBom(block, start, end)) return false;
          this.ownFrom[field] = start;
          this.ownTo[field] = end;
          this.ownAscii[field] = ascii;
        } else if ((quoted && !simpleField(block, from, at)) || (!ascii && !this.decoder!.isText(block, from, at))) {
          return false;
        }
        if (run >= 0) pieces.push(run, from - 1);
        run = -1;
      }
      if (last) return true;
      from = at + 1;
    }
    pieces.push(from, end);
    return true;
  }

  /**
   * Whether a field can be an ID number: 18 characters, in quotes or not, with spaces around them
   * or not (a cell is read trimmed), or in Excel's ="…"; where they start goes to this.idAt.
   */
  private idField(block: Buffer, from: number, to: number): boolean {
    if (this.idLength(block, from, to)) {
      this.idAt = from;
      return true;
    }
    // Excel's ="…", as systems export an ID number so that Excel keeps it text: the 18 between its quotes.
    if (isExcelId(block, from, to)) {
      this.idAt = from + 2;
      return true;
    }
    if (to - from >= 2 && block[from] === QUOTE && block[to - 1] === QUOTE) {
      from++;
      to--;
    }
    while (from < to && block[from] === SPACE) from++;
    while (to > from && block[to - 1] === SPACE) to--;
    this.idAt = from;
    return this.idLength(block, from, to);
  }

  /**
   * Whether bytes are of an ID number's length, or, in a field of certificates, of its length and two
   * more that are a category (1-7) and a grade (1-4): the ID number is the first 18 (idOfCertificate).
   */
  private idLength(block: Buffer, from: number, to: number): boolean {
    const length = to - from;
    if (length === ID_LENGTH) return true;
    if (length !== ID_LENGTH + 2 || !this.shape!.certificate) return false;
    const category = block[to - 2]!;
    const grade = block[to - 1]!;
    return category >= DIGIT_1 && category <= DIGIT_1 + 6 && grade >= DIGIT_1 && grade <= DIGIT_1 + 3;
  }

  /**
   * Whether every field of a line is simply quoted (simpleField), so that its delimiters are its
   * fields' ends; the ID number's may be in Excel's ="…" (idField), whose quotes hold no delimiter.
   */
  private simplyQuoted(block: Buffer, start: number, end: number): boolean {
    let from = start;
    const { delimiter, keyField } = this.shape!;
    const simple = (field: number, to: number) => simpleField(block, from, to) || (field === keyField && isExcelId(block, from, to));
    let field = 0;
    for (let at = delimiterIn(block, delimiter, start, end); at < end; at = delimiterIn(block, delimiter, from, end)) {
      if (!simple(field++, at)) return false;
      from = at + 1;
    }
    return simple(field, end);
  }

  /** Keeps the row of a line that could be known, for the lines like it once the checker has found it clean (after its block). */
  private remember(block: Buffer, rest: PiecesKey, row: Row, cells: number): void {
    // A line with fields of its own keeps its values as they were read, before checking makes bad ones null.
    const own = this.shape!.own !== null;
    const slots = own ? this.table!.slotsOf(row) : undefined;
    if (own && (!row.valid || !slots)) return;
    if (this.lines.size < MAX_REMEMBERED && this.lines.set(block, rest, { row, cells, known: false, slots, faults: undefined })) {
      this.clean.await(row);
      return;
    }
    // It takes the place of a line like it found not clean (a fault in that line's own fields), as it may be.
    const seen = own ? this.lines.get(block, rest.pieces, rest.hash) : undefined;
    if (!seen || seen.known || !this.clean.refused(seen.row)) return;
    seen.row = row;
    seen.cells = cells;
    seen.slots = slots;
    this.clean.await(row);
  }
}

/** Whether a field begins with a UTF-8 byte-order mark (EF BB BF): a character a decoder may drop at the start of what it decodes, left to the usual way, which decodes the line whole. */
function startsWithBom(block: Buffer, from: number, to: number): boolean {
  return to - from >= 3 && block[from] === 0xef && block[from + 1] === 0xbb && block[from + 2] === 0xbf;
}

/** A field of 18 characters in Excel's ="…", none of them a quote: an ID number kept as text (the tokenizer's cell is its bytes). */
function isExcelId(block: Buffer, from: number, to: number): boolean {
  if (to - from !== ID_LENGTH + 3 || block[from] !== EQUALS || block[from + 1] !== QUOTE || block[to - 1] !== QUOTE) return false;
  for (let i = from + 2; i < to - 1; i++) if (block[i] === QUOTE) return false;
  return true;
}

/** A field without quotes, or in quotes with none inside: its cell is its bytes, or those between its quotes. */
function simpleField(block: Buffer, from: number, to: number): boolean {
  const quoted = to - from >= 2 && block[from] === QUOTE && block[to - 1] === QUOTE;
  for (let i = quoted ? from + 1 : from; i < (quoted ? to - 1 : to); i++) if (block[i] === QUOTE) return false;
  return true;
}

/** Before a header is read, and for ID rosters (their lines' faults are told as KnownRow.faults). */
const NOTHING_SHARED: ReadonlySet<string> = new Set();

/** What restWithout looks for in a byte: the delimiter, a quote, a byte past ASCII. */
const DELIMITER = 1;
const QUOTED = 2;
const HIGH = 4;

/** Before a file's delimiter is known. */
const NO_BYTE_KINDS = new Uint8Array(256);

/** Each byte's kind (DELIMITER, QUOTED, HIGH or 0) for a delimiter: one look-up a byte. */
function byteKindsOf(delimiter: number): Uint8Array {
  const kinds = new Uint8Array(256).fill(HIGH, 0x80);
  kinds[QUOTE] = QUOTED;
  kinds[delimiter] = DELIMITER;
  return kinds;
}

/**
 * The number 1 to 15 ASCII digits write (as a cell of numbers reads them: normaliseCell), or -1
 * for any other bytes.
 */
function digitsValue(block: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = block[i]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A day of the calendar written YYYY/M/D, YYYY.M.D or YYYY-M-D (a month and a day of one or two
 * digits: Excel writes 2024/3/7) as normaliseDate makes it, YYYY-MM-DD; undefined for other bytes.
 */
function separatedDay(block: Buffer, from: number, to: number): string | undefined {
  if (to - from < 8 || to - from > 10 || !isSeparator(block[from + 4]!)) return undefined;
  const year = digitsValue(block, from, from + 4);
  let at = from + 5;
  const monthEnd = isSeparator(block[at + 1]!) ? at + 1 : at + 2;
  if (!isSeparator(block[monthEnd]!) || to - monthEnd - 1 < 1 || to - monthEnd - 1 > 2) return undefined;
  const month = digitsValue(block, at, monthEnd);
  at = monthEnd + 1;
  const day = digitsValue(block, at, to);
  return year >= 0 && month >= 0 && day >= 0 && isDay(year, month, day) ? isoDay(year, month, day) : undefined;
}

/** A day's separator: - / or . */
function isSeparator(byte: number): boolean {
  return byte === 0x2d || byte === 0x2f || byte === 0x2e;
}

/** Whether bytes are a day's shape, YYYY-MM-DD in ASCII digits (normaliseCell reads such a cell as itself, a day of the calendar or not). */
function isDayShape(block: Buffer, from: number, to: number): boolean {
  if (to - from !== 10 || block[from + 4] !== 0x2d || block[from + 7] !== 0x2d) return false;
  for (let i = from; i < to; i++) {
    const byte = block[i]!;
    if ((byte < 0x30 || byte > 0x39) && i !== from + 4 && i !== from + 7) return false;
  }
  return true;
}

/** Whether ASCII bytes are a cell's text as it stands (normaliseCell's cleanText): printable, no space at either end. */
function plainAscii(block: Buffer, from: number, to: number): boolean {
  // A text Excel's apostrophe begins ('0012) is read as a cell is (normaliseCell).
  if (to <= from || block[from] === SPACE || block[from] === APOSTROPHE || block[to - 1] === SPACE) return false;
  for (let i = from; i < to; i++) if (block[i]! < SPACE || block[i]! > 0x7e) return false;
  return true;
}

/** Where a byte next stands from `from`, or the block's length when nowhere. */
function indexOrLength(block: Buffer, byte: number, from: number): number {
  const at = block.indexOf(byte, from);
  return at === -1 ? block.length : at;
}

/** Where the first delimiter from `from` on and before `end` stands, or `end`: a line's fields are short, found by a loop, not a native call each. */
function delimiterIn(block: Buffer, delimiter: number, from: number, end: number): number {
  let at = from;
  while (at < end && block[at] !== delimiter) at++;
  return at;
}
