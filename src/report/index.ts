/** The one map of reporters: it makes the --format choices and their help. */
import type { Report } from '../check.js';
import { jsonReport } from './json.js';
import type { ReporterOptions } from './options.js';
import { tableReport } from './table.js';

/** A reporter: a pure function from a report to text. */
export type Reporter = (report: Report, options: ReporterOptions) => string;

/** Reporters by --format name, with a line of help each. */
export const REPORTERS: Record<string, { render: Reporter; help: string }> = {
  table: { render: tableReport, help: 'tables for people (default)' },
  json: { render: jsonReport, help: 'the JSON report of the contract, for machines' },
};

export type { ReporterOptions } from './options.js';
