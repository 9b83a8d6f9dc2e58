/**
 * A streaming CSV tokenizer that keeps positions: the line each record starts on, the line a
 * quote opened on, and the kind of each line break. csv-parse reports a record's end line and
 * an unclosed quote at the end of the file; the contract needs start lines and the opening line,
 * so the few states of RFC 4180 live here.
 */

/** One record as read: raw cell texts and the physical lines it spans. */
export interface RawRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
  /** True when the record had no delimiter, no quote and no text: an empty line. */
  empty: boolean;
  /** Of an empty line, the last of the empty lines in a row it stands for (a flood of them is one record). */
  through?: number;
  /**
   * True for a last line the file ends inside, without a line break after lines that had one, its last cell
   * not quoted: what a copy or download cut short leaves, that cell perhaps part of one.
   */
  unended?: true;
}

/** A structural problem found while tokenizing. */
export interface CsvProblem {
  code: 'unclosed-quote' | 'quote-spans-lines' | 'stray-quote' | 'mixed-line-breaks' | 'record-too-large' | 'zero-filled';
  line: number;
  column: number;
  params?: Record<string, string | number>;
}

/** How a physical line ends. */
export type LineBreak = 'LF' | 'CRLF' | 'CR';

/** Largest record accepted, in characters: a runaway quote or a giant line stops here. */
export const MAX_RECORD_CHARS = 1 << 20;

/**
 * NUL characters in a row from which they are a part of the file never written, as a save or a copy
 * cut short leaves it (its blocks on the disk allocated, their bytes still zeros): no text holds so
 * many. Fewer are read as a cell's invisible characters (normalise.ts).
 */
export const ZERO_RUN = 256;

/** NUL characters in a row past which the rest of the text is not read: a file of zeros that never ends (/dev/zero) ends there. */
export const ZERO_RUN_READ = 16 << 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const EQUALS = 61;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/** An unquoted cell in Excel's ="…": none, its first quote read, its second, or a quote more. */
const enum Formula {
  None,
  Opened,
  Closed,
  Broken,
}

/** Push text in with write(), then end(); records and problems arrive through the callbacks. */
export class CsvTokenizer {
  /** The delimiter's character code. */
  readonly delimiter: number;
  private state = State.FieldStart;
  private line = 1;
  private recordLine = 1;
  /** Set by end() for the record it flushes: the file ended inside its line (RawRecord.unended). */
  private unended = false;
  private quoteLine = 1;
  private quoteColumn = 1;
  private strayReported = false;
  /** Where the cell stands in Excel's ="…" (quoteInCell). */
  private formula = Formula.None;
  /** Set when the record swallowed lines into one cell: it is reported, not read. */
  private garbled = false;
  private cells: string[] = [];
  private field = '';
  private sawContent = false;
  private carry = '';
  private recordSize = 0;
  private oversized = false;
  private firstBreak: LineBreak | undefined;
  private mixedReported = false;
  /** Empty lines in a row not yet handed on: handed on as one record before anything else, or at the end. */
  private emptyRun: RawRecord | undefined;
  /** NUL characters in a row at the end of the text so far, and whether they were told as a part never written. */
  private nuls = 0;
  private nulsTold = false;

  constructor(
    delimiter: string,
    private readonly handOn: (record: RawRecord) => void,
    private readonly tellProblem: (problem: CsvProblem) => void,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * The line break of the text so far, when the tokenizer stands between two records with nothing
   * held back (no half of a CRLF, no open quote, no empty lines): whole lines may then be read elsewhere and passed
   * over with skipLines. Undefined otherwise, or before the first break.
   */
  betweenRecords(): LineBreak | undefined {
    const idle =
      this.state === State.FieldStart &&
      this.carry === '' &&
      this.cells.length === 0 &&
      this.field === '' &&
      !this.sawContent &&
      this.emptyRun === undefined;
    return idle ? this.firstBreak : undefined;
  }

  /** True once a run of NULs has gone on past ZERO_RUN_READ: the text after it is not to be read. */
  get zeroedOut(): boolean {
    return this.nuls >= ZERO_RUN_READ;
  }

  /** The line the record being read starts on (or the next one, between records): the lines before it are read through. */
  get recordStart(): number {
    return this.recordLine;
  }

  /** The line the next record starts on, between records. */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Takes a file's first line as write() would, from what the same line gave before: its cells
   * and its break. Only for a line of a record that quotes nothing, before anything is written.
   */
  replayFirstLine(cells: readonly string[], lineBreak: 'LF' | 'CRLF'): void {
    this.onRecord({ line: this.recordLine, cells: [...cells], empty: false });
    this.lineBreak(lineBreak);
  }

  /** Passes over whole lines read elsewhere, each ended by the break betweenRecords() gave. */
  skipLines(count: number): void {
    this.line += count;
    this.recordLine = this.line;
  }

  /** Feeds the next piece of decoded text. */
  write(text: string): void {
    if (this.carry !== '') {
      text = this.carry + text;
      this.carry = '';
    }
    // A CR at the end of a piece may be the first half of a CRLF: keep it for the next piece.
    if (text.charCodeAt(text.length - 1) === CR) {
      this.carry = '\r';
      text = text.slice(0, -1);
    }
    // Text without a NUL (all but a damaged file's) is scanned as it is.
    if (this.nuls === 0 && text.indexOf('\0') === -1) this.scan(text);
    else this.scanAroundNuls(text);
  }

  /**
   * Scans text, but for a run of ZERO_RUN NUL characters or more (which may begin in the piece before):
   * told once where it begins, passed over, and the record it stands in not read, since what stood there
   * is lost. A NUL or a few are scanned as the cell's text.
   */
  private scanAroundNuls(text: string): void {
    const n = text.length;
    let from = 0;
    for (;;) {
      let end = from;
      while (end < n && text.charCodeAt(end) === 0) end++;
      if (end > from) {
        this.nuls += end - from;
        if (!this.nulsTold && this.nuls >= ZERO_RUN) this.zeroFilled();
        if (!this.nulsTold) this.scan(text.slice(from, end));
        from = end;
      }
      if (from === n) return;
      this.nuls = 0;
      this.nulsTold = false;
      const next = text.indexOf('\0', from);
      this.scan(from === 0 && next === -1 ? text : text.slice(from, next === -1 ? n : next));
      if (next === -1) return;
      from = next;
    }
  }

  /** Tells a run of NULs at the cell it stands in (it holds no delimiter or break: its start's place too), its record not read. */
  private zeroFilled(): void {
    this.nulsTold = true;
    this.garbled = true;
    this.onProblem({ code: 'zero-filled', line: this.line, column: this.cells.length + 1, params: { line: this.line } });
  }

  private onRecord(record: RawRecord): void {
    this.handOnEmptyRun();
    this.handOn(record);
  }

  private onProblem(problem: CsvProblem): void {
    this.handOnEmptyRun();
    this.tellProblem(problem);
  }

  private handOnEmptyRun(): void {
    if (this.emptyRun === undefined) return;
    const run = this.emptyRun;
    this.emptyRun = undefined;
    this.handOn(run);
  }

  private scan(text: string): void {
    let start = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.Quoted: {
          // Jump to the next quote; only the line breaks on the way need a look. A break inside a
          // quoted cell belongs to the cell but still ends a physical line; Excel writes Alt+Enter
          // as LF inside CRLF rows, so these breaks do not count as mixing line breaks.
          const next = text.indexOf('"', i);
          const end = next === -1 ? n : next;
          for (let j = i; j < end; j++) {
            const b = text.charCodeAt(j);
            if (b === LF || b === CR) {
              if (b === CR && text.charCodeAt(j + 1) === LF) j++;
              this.line++;
            }
          }
          if (next === -1) {
            i = n;
            break;
          }
          i = next;
          this.field += text.slice(start, i);
          start = i + 1;
          this.state = State.QuoteInQuoted;
          break;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            start = i + 1;
            this.state = State.Quoted;
          } else if (c === this.delimiter || c === LF || c === CR) {
            this.state = State.Unquoted;
            start = i;
            i--; // the unquoted state ends the cell
          } else {
            // Text after a closing quote. When the quoted text ran over lines, the quote that
            // opened it was the stray one: say where it opened, and which lines it swallowed.
            if (this.line > this.quoteLine) {
              this.onProblem({
                code: 'quote-spans-lines',
                line: this.quoteLine,
                column: this.quoteColumn,
                params: { line: this.quoteLine, through: this.line },
              });
              this.strayReported = true;
              this.garbled = true;
            } else {
              this.stray();
            }
            this.state = State.Unquoted;
            start = i;
          }
          break;
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.quoteColumn = this.cells.length + 1;
            this.sawContent = true;
            start = i + 1;
            break;
          }
          this.state = State.Unquoted;
        // falls through
        case State.Unquoted: {
          // A run of plain characters is passed over in one loop, to the character that ends or marks the cell.
          const delimiter = this.delimiter;
          let stop = c;
          if (c !== delimiter && c !== LF && c !== CR && c !== QUOTE) {
            this.sawContent = true;
            let end = i + 1;
            for (; end < n; end++) {
              stop = text.charCodeAt(end);
              if (stop === delimiter || stop === LF || stop === CR || stop === QUOTE) break;
            }
            if (end === n) {
              i = n;
              break;
            }
            i = end;
          }
          if (stop === delimiter) {
            this.field += text.slice(start, i);
            this.endField();
            this.sawContent = true;
            start = i + 1;
          } else if (stop === LF || stop === CR) {
            this.field += text.slice(start, i);
            this.endRecord();
            if (stop === CR && text.charCodeAt(i + 1) === LF) {
              i++;
              this.lineBreak('CRLF');
            } else {
              this.lineBreak(stop === LF ? 'LF' : 'CR');
            }
            start = i + 1;
          } else {
            // A quote inside an unquoted cell: stray, but for the two of Excel's ="…".
            this.quoteInCell(text, start, i);
            this.sawContent = true;
          }
          break;
        }
      }
    }
    if (start < n) this.field += text.slice(start, n);
    this.limitSize();
  }

  /**
   * A quote in an unquoted cell. The cell ="0012", as systems write a code or an ID number so that
   * Excel keeps it as text, has two of its own: one right after the = the cell begins with, and the
   * one that ends the cell (endField asks); any other is stray.
   */
  private quoteInCell(text: string, start: number, at: number): void {
    const first = this.field !== '' ? this.field.charCodeAt(0) : text.charCodeAt(start);
    if (this.formula === Formula.None && this.field.length + (at - start) === 1 && first === EQUALS) this.formula = Formula.Opened;
    else if (this.formula === Formula.Opened) this.formula = Formula.Closed;
    else {
      this.formula = Formula.Broken;
      this.stray();
    }
  }

  /** At a cell's end: Excel's ="… unclosed, or text after its closing quote, is a stray quote. */
  private endFormula(): void {
    if (this.formula === Formula.Opened || (this.formula === Formula.Closed && this.field.charCodeAt(this.field.length - 1) !== QUOTE))
      this.stray();
    this.formula = Formula.None;
  }

  /** Reports a stray quote, once per cell however many it holds. */
  private stray(): void {
    if (this.strayReported) return;
    this.strayReported = true;
    this.onProblem({ code: 'stray-quote', line: this.line, column: this.cells.length + 1 });
  }

  /** True once the record has grown past the size limit. */
  private tooLarge(): boolean {
    if (!this.oversized && this.recordSize + this.field.length > this.maxRecordChars) this.oversized = true;
    return this.oversized;
  }

  /** Past the size limit a record's text is dropped, but its quotes are still followed. */
  private limitSize(): void {
    if (this.tooLarge()) {
      this.field = '';
      this.cells = [];
    }
  }

  /** Ends the input: flushes the last record and reports a quote still open. */
  end(): void {
    if (this.carry !== '') {
      this.carry = '';
      this.scanAroundNuls('\r');
    }
    if (this.state === State.Quoted) {
      this.onProblem({ code: 'unclosed-quote', line: this.quoteLine, column: this.quoteColumn, params: { line: this.quoteLine } });
      this.reset();
      return;
    }
    if (this.sawContent || this.field !== '' || this.cells.length > 0) {
      // A quoted last cell that was closed is whole, wherever the file ends after it.
      this.unended = this.recordLine > 1 && this.state !== State.QuoteInQuoted;
      this.endRecord();
    }
    this.handOnEmptyRun();
  }

  private endField(): void {
    if (this.formula !== Formula.None) this.endFormula();
    this.recordSize += this.field.length + 1;
    this.cells.push(this.field);
    this.limitSize();
    this.field = '';
    this.state = State.FieldStart;
    this.strayReported = false;
  }

  private endRecord(): void {
    if (this.tooLarge()) {
      this.onProblem({
        code: 'record-too-large',
        line: this.recordLine,
        column: 1,
        params: { limit: this.maxRecordChars, line: this.recordLine },
      });
      this.reset();
      return;
    }
    if (this.garbled) {
      this.reset();
      return;
    }
    if (this.formula !== Formula.None) this.endFormula();
    if (!this.sawContent && this.cells.length === 0 && this.field === '') {
      // An empty line: a run of them is one record, so that a flood of them is not a record a line.
      const run = this.emptyRun;
      if (run) run.through = this.recordLine;
      else this.emptyRun = { line: this.recordLine, cells: [''], empty: true, through: this.recordLine };
      this.reset();
      return;
    }
    this.cells.push(this.field);
    this.onRecord(
      this.unended
        ? { line: this.recordLine, cells: this.cells, empty: false, unended: true }
        : { line: this.recordLine, cells: this.cells, empty: false },
    );
    this.reset();
  }

  private reset(): void {
    this.recordSize = 0;
    this.oversized = false;
    // The cells handed on are the record's: an empty line handed on none.
    if (this.cells.length > 0) this.cells = [];
    this.field = '';
    this.sawContent = false;
    this.state = State.FieldStart;
    this.strayReported = false;
    this.formula = Formula.None;
    this.garbled = false;
  }

  private lineBreak(kind: LineBreak): void {
    this.countLine(kind);
    this.recordLine = this.line;
  }

  private countLine(kind: LineBreak): void {
    if (this.firstBreak === undefined) {
      this.firstBreak = kind;
    } else if (kind !== this.firstBreak && !this.mixedReported) {
      this.mixedReported = true;
      this.onProblem({
        code: 'mixed-line-breaks',
        line: this.line,
        column: 1,
        params: { found: kind, first: this.firstBreak },
      });
    }
    this.line++;
  }
}
