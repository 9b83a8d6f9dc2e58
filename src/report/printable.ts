/**
 * Documents of the commands beyond checking (the completion table, the league table): each is
 * built once as blocks for people, a JSON document, a CSV table and JUnit cases, and drawn in the
 * format asked for by the same drawers as the check report.
 */
import { drawHtml } from './html.js';
import { jsonText } from './escape.js';
import { jsonPieces } from './json.js';
import { csvTable } from './csv.js';
import { junitXml, type JunitCase } from './junit.js';
import type { Block } from './layout.js';
import { drawMarkdown } from './markdown.js';
import type { ReporterOptions } from './options.js';
import { drawText } from './table.js';

/** A document ready for every format. */
export interface Printable {
  title: string;
  blocks: Block[];
  json: unknown;
  csv: { head: string[]; rows: (string | number | null | undefined)[][] };
  junit: { suite: string; cases: JunitCase[] };
}

/**
 * The formats a Printable is drawn in, with a line of help each; `pieces` where a format is written
 * a piece at a time (the JSON of a region of thousands of units is not made one text).
 */
export const PRINTABLE_FORMATS: Record<string, { draw: (doc: Printable, options: ReporterOptions) => string; pieces?: (doc: Printable) => Iterable<string>; help: string }> = {
  table: { draw: (doc, options) => drawText(doc.blocks, options), help: 'tables for people in a terminal (default)' },
  json: { draw: (doc) => jsonText(doc.json), pieces: (doc) => jsonPieces(doc.json as object), help: 'one JSON document, for machines' },
  csv: { draw: (doc) => csvTable(doc.csv.head, doc.csv.rows), help: 'one row per line of the table, UTF-8 with BOM for Excel' },
  markdown: { draw: (doc) => drawMarkdown(doc.blocks), help: 'Markdown, for a report or a wiki' },
  html: { draw: (doc, options) => drawHtml(doc.blocks, doc.title, options), help: 'one self-contained HTML page' },
  junit: { draw: (doc) => junitXml(doc.junit.suite, doc.junit.cases), help: 'JUnit XML for CI dashboards' },
};
