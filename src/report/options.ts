/** What every reporter is told besides the report. */
import type { Report } from '../check.js';
import type { Lang, Result } from '../types.js';

/** Options common to reporters. */
export interface ReporterOptions {
  lang: Lang;
  /** Colour escapes allowed (a TTY without NO_COLOR). */
  color: boolean;
  /** Terminal columns the text report fits its tables to; undefined: as wide as they are. */
  width?: number;
  /** Reports for people show only the rules that fail or fall short. */
  onlyFailing?: boolean;
  /** Reports for people list the notices of how the files were read (--verbose), not only count them. */
  notices?: boolean;
  /** When the report was made, ISO 8601, shown in its header (left out when undefined, as in tests). */
  generatedAt?: string;
}

/** The most results a piece of a report is made of: a period of a region of thousands of units is written in many. */
export const RESULTS_A_PIECE = 2000;

/** Each item's text, joined RESULTS_A_PIECE items a piece, `first` before the first and `last` after the last; no empty piece. */
export function* textPieces<T>(items: Iterable<T>, text: (item: T) => string, first = '', last = ''): Generator<string, void, undefined> {
  let piece = first;
  let count = 0;
  for (const item of items) {
    piece += text(item);
    if (++count % RESULTS_A_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  piece += last;
  if (piece !== '') yield piece;
}

/** A report of ReportPieces put together whole: its head, its results' pieces and its tail. */
export function wholeReport(pieces: ReportPieces, report: Report): string {
  return pieces.head() + Array.from(pieces.results(report.results), String).join('') + [...pieces.tail(report)].join('');
}

/** A drawer of text in pieces as one that gives the whole text: its pieces joined. */
export function whole<A extends unknown[]>(pieces: (...args: A) => Iterable<string>): (...args: A) => string {
  return (...args) => [...pieces(...args)].join('');
}

/**
 * A report written as its results come, a period at a time, so that a run of many periods never
 * holds them all: head() first, results() for each period's, then tail() once the run is done.
 * The pieces put together are the whole report's text, byte for byte.
 */
export interface ReportPieces {
  /** The report up to its first result. */
  head(): string;
  /**
   * Results, after those written before, in pieces of at most RESULTS_A_PIECE results (as UTF-8 bytes
   * where the reporter has them so: valid until the next piece is asked for). A period of a region of
   * thousands of units is not made one text.
   */
  results(results: readonly Result[]): Iterable<string | Uint8Array>;
  /** The rest of the report, after the last result, in pieces of text: a run's problems and files, however many, are not one text. */
  tail(report: Report): Iterable<string>;
}
