/** The one map of reporters: it makes the --format choices and their help. */
import type { Report } from '../check.js';
import { CsvReportPieces, csvReport } from './csv.js';
import { githubReport } from './github.js';
import { htmlReportPieces } from './html-page.js';
import { JsonReportPieces, jsonReport } from './json.js';
import { JunitReportPieces, junitReport } from './junit.js';
import { markdownReportPieces } from './markdown.js';
import { whole, type ReporterOptions, type ReportPieces } from './options.js';
import type { Plan } from '../plan/plan.js';
import { tableReportPieces } from './table.js';

/** A reporter: a pure function from a report to text. */
export type Reporter = (report: Report, options: ReporterOptions) => string;

/** What a reporter is: `render` makes its text; the rest as REPORTERS says. */
interface ReporterEntry {
  render: Reporter;
  help: string;
  drawn?: (report: Report, options: ReporterOptions) => Iterable<string>;
  pieces?: (plan: Plan, options: ReporterOptions) => ReportPieces;
  fromHistory?: true;
  withoutProblems?: true;
}

/** A reporter that draws its text a piece at a time (`drawn`), its render the pieces joined. */
function drawnInPieces(drawn: NonNullable<ReporterEntry['drawn']>, help: string): ReporterEntry {
  return { drawn, render: whole(drawn), help, fromHistory: true };
}

/**
 * Reporters by --format name, with a line of help each; `pieces` where the report can be written
 * a period at a time (ReportPieces), and `fromHistory` where it draws only on the report's history
 * (the latest period, the last periods' values): either way a run of many periods never holds
 * every result. `drawn` where the report for people is written a piece at a time (a region of
 * thousands of units is not made one text). `withoutProblems` where the report lists no problems
 * in the data (CSV, a row per result): a run whose reports are all such tells them on standard error.
 */
export const REPORTERS: Record<string, ReporterEntry> = {
  table: drawnInPieces(tableReportPieces, 'tables for people in a terminal (default)'),
  json: {
    render: jsonReport,
    help: 'the JSON report of the contract, for machines',
    pieces: (plan, options) => new JsonReportPieces(plan, options),
  },
  csv: {
    render: csvReport,
    help: 'one row per result, UTF-8 with BOM for Excel',
    pieces: (plan, options) => new CsvReportPieces(plan, options),
    withoutProblems: true,
  },
  markdown: drawnInPieces(markdownReportPieces, 'Markdown, for an issue, a wiki or a CI summary'),
  html: drawnInPieces(htmlReportPieces, 'one self-contained HTML page'),
  junit: { render: junitReport, help: 'JUnit XML for CI test dashboards', pieces: (plan, options) => new JunitReportPieces(plan, options) },
  github: {
    render: githubReport,
    help: 'GitHub Actions annotations on the files, lines and columns (and Markdown to $GITHUB_STEP_SUMMARY)',
    fromHistory: true,
  },
};

/**
 * Formats written as bytes; their writer is loaded only when one is asked for. A workbook is made
 * whole in memory (about 8 KB a result): `maxResults` bounds it, and a run with more is told to write CSV.
 */
export const BINARY_REPORTERS: Record<
  string,
  { render: (report: Report, options: ReporterOptions) => Promise<Uint8Array>; help: string; maxResults: number }
> = {
  xlsx: {
    render: async (report, options) => (await import('./xlsx.js')).xlsxReport(report, options),
    help: 'an Excel workbook: results, values and statuses by unit, the completion table, problems, the comparison with --compare (at most 100,000 results)',
    maxResults: 100_000,
  },
};

export type { ReporterOptions } from './options.js';
