/** The one map of reporters: it makes the --format choices and their help. */
import type { Report } from '../check.js';
import { CsvReportPieces, csvReport } from './csv.js';
import { githubReport } from './github.js';
import { htmlReport } from './html-page.js';
import { JsonReportPieces, jsonReport } from './json.js';
import { JunitReportPieces, junitReport } from './junit.js';
import { markdownReport } from './markdown.js';
import type { ReporterOptions, ReportPieces } from './options.js';
import type { Plan } from '../plan/plan.js';
import { tableReport } from './table.js';

/** A reporter: a pure function from a report to text. */
export type Reporter = (report: Report, options: ReporterOptions) => string;

/**
 * Reporters by --format name, with a line of help each; `pieces` where the report can be written
 * a period at a time (ReportPieces), and `fromHistory` where it draws only on the report's history
 * (the latest period, the last periods' values): either way a run of many periods never holds
 * every result. `withoutProblems` where the report lists no problems in the data (CSV, a row per
 * result): a run whose reports are all such tells them on standard error.
 */
export const REPORTERS: Record<string, { render: Reporter; help: string; pieces?: (plan: Plan, options: ReporterOptions) => ReportPieces; fromHistory?: true; withoutProblems?: true }> = {
  table: { render: tableReport, help: 'tables for people in a terminal (default)', fromHistory: true },
  json: { render: jsonReport, help: 'the JSON report of the contract, for machines', pieces: (plan, options) => new JsonReportPieces(plan, options) },
  csv: { render: csvReport, help: 'one row per result, UTF-8 with BOM for Excel', pieces: (plan, options) => new CsvReportPieces(plan, options), withoutProblems: true },
  markdown: { render: markdownReport, help: 'Markdown, for an issue, a wiki or a CI summary', fromHistory: true },
  html: { render: htmlReport, help: 'one self-contained HTML page', fromHistory: true },
  junit: { render: junitReport, help: 'JUnit XML for CI test dashboards', pieces: (plan, options) => new JunitReportPieces(plan, options) },
  github: { render: githubReport, help: 'GitHub Actions annotations on the files, lines and columns (and Markdown to $GITHUB_STEP_SUMMARY)', fromHistory: true },
};

/**
 * Formats written as bytes; their writer is loaded only when one is asked for. A workbook is made
 * whole in memory (about 8 KB a result): `maxResults` bounds it, and a run with more is told to write CSV.
 */
export const BINARY_REPORTERS: Record<string, { render: (report: Report, options: ReporterOptions) => Promise<Uint8Array>; help: string; maxResults: number }> = {
  xlsx: { render: async (report, options) => (await import('./xlsx.js')).xlsxReport(report, options), help: 'an Excel workbook: results, values and statuses by unit, the completion table, problems, the comparison with --compare (at most 100,000 results)', maxResults: 100_000 },
};

export type { ReporterOptions, ReportPieces } from './options.js';
