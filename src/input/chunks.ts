/**
 * The order in which a file's rows and problems are handed on: rows gathered into chunks with
 * each problem in place among them, and problems held until their line is reached.
 */
import type { Issue, Row } from '../types.js';

/** What readRows yields: rows, and the problems a table finds between them, in the file's order. */
export type Read = Row | Issue;

/** Rows per chunk that readRows yields. */
const CHUNK_ROWS = 4096;

/**
 * A table's rows and problems gathered into chunks of up to CHUNK_ROWS items (one step of the
 * async iteration for many rows; a sheet's million rows, or a file's million blank lines, are
 * never held at once), each problem in place among the rows, so that they are told in the file's order.
 */
export class Chunks {
  private readonly pending: Issue[] = [];
  /** The reporter to give the table. */
  readonly tell = (found: Issue): void => {
    this.pending.push(found);
  };

  /** The table's rows (undefined for a record that gave none) with the problems reported before each. */
  *of(rows: Iterable<Row | undefined>): Generator<Read[]> {
    let chunk: Read[] = [];
    for (const row of rows) {
      this.moveInto(chunk);
      if (row) chunk.push(row);
      if (chunk.length >= CHUNK_ROWS) {
        yield chunk;
        chunk = [];
      }
    }
    this.moveInto(chunk);
    if (chunk.length > 0) yield chunk;
  }

  /**
   * The rows `fill` gives one by one (a block of lines read from their bytes), with the problems
   * reported before each, as one chunk however long: the block's tokenizer's problems are then all
   * told before its rows, as when the block is read the usual way.
   */
  *whole(fill: (take: (row: Row | undefined) => void) => void): Generator<Read[]> {
    const chunk: Read[] = [];
    fill((row) => {
      this.moveInto(chunk);
      if (row) chunk.push(row);
    });
    this.moveInto(chunk);
    if (chunk.length > 0) yield chunk;
  }

  /** The problems reported after the last rows (the table's finish()). */
  *rest(): Generator<Read[]> {
    const chunk: Read[] = [];
    this.moveInto(chunk);
    if (chunk.length > 0) yield chunk;
  }

  private moveInto(chunk: Read[]): void {
    // Most rows come with no problem before them: emptying an array by its length is a slow builtin.
    if (this.pending.length === 0) return;
    for (const found of this.pending) chunk.push(found);
    this.pending.length = 0;
  }
}

/** Problems held until a line is reached, then told in the order they were found. */
export class LinesInOrder {
  private readonly held: Issue[] = [];
  private next = 0;

  constructor(private readonly tell: (found: Issue) => void) {}

  add(found: Issue): void {
    this.held.push(found);
  }

  /** Tells the problems held of lines up to `line`. */
  tellUpTo(line: number): void {
    while (this.next < this.held.length && (this.held[this.next]!.line ?? 0) <= line) this.tell(this.held[this.next++]!);
    if (this.next === this.held.length) {
      this.held.length = 0;
      this.next = 0;
    }
  }
}
