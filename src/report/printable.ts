/**
 * Documents of the commands beyond checking (the completion table, the league table): each is
 * made as blocks for people, a JSON document, a CSV table and JUnit cases, and drawn in the format
 * asked for by the same drawers as the check report, a piece at a time: a document of thousands of
 * units is drawn as its blocks and rows are made, never held whole as text.
 */
import { csvTablePieces } from './csv.js';
import { htmlPieces } from './html.js';
import { jsonPieces } from './json.js';
import { junitXmlPieces, type JunitCase } from './junit.js';
import type { Block } from './layout.js';
import { markdownPieces } from './markdown.js';
import { whole, type ReporterOptions } from './options.js';
import { drawTextPieces } from './table.js';

/** A document ready for every format; its blocks, rows and cases may be made anew each time they are gone through. */
export interface Printable {
  title: string;
  blocks: Iterable<Block>;
  json: unknown;
  csv: { head: string[]; rows: Iterable<(string | number | null | undefined)[]> };
  junit: { suite: string; cases: Iterable<JunitCase> };
}

/** How a format draws a Printable: its pieces, and the pieces put together. */
export interface PrintableFormat {
  pieces(doc: Printable, options: ReporterOptions): Iterable<string>;
  draw(doc: Printable, options: ReporterOptions): string;
  help: string;
}

function format(pieces: PrintableFormat['pieces'], help: string): PrintableFormat {
  return { pieces, draw: whole(pieces), help };
}

/** The formats a Printable is drawn in, with a line of help each. */
export const PRINTABLE_FORMATS: Record<string, PrintableFormat> = {
  table: format((doc, options) => drawTextPieces(doc.blocks, options), 'tables for people in a terminal (default)'),
  json: format((doc) => jsonPieces(doc.json as object), 'one JSON document, for machines'),
  csv: format((doc) => csvTablePieces(doc.csv.head, doc.csv.rows), 'one row per line of the table, UTF-8 with BOM for Excel'),
  markdown: format((doc) => markdownPieces(doc.blocks), 'Markdown, for a report or a wiki'),
  html: format((doc, options) => htmlPieces(doc.blocks, doc.title, options), 'one self-contained HTML page'),
  junit: format((doc) => junitXmlPieces(doc.junit.suite, doc.junit.cases), 'JUnit XML for CI dashboards'),
};
