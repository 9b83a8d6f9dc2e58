/** The JSON report of docs/report.md. */
import { hintOf, messageOf } from '../catalog.js';
import { jsonSafe, JsonSafeEncoder, jsonText } from './escape.js';
import { summarize, type Report } from '../check.js';
import type { Issue, Lang, Result } from '../types.js';
import type { Plan } from '../plan/plan.js';
import type { ReporterOptions, ReportPieces } from './options.js';

function issueJson(found: Issue, lang: Lang) {
  return {
    file: found.file,
    line: found.line ?? null,
    column: found.column ?? null,
    field: found.field ?? null,
    code: found.code,
    severity: found.severity,
    message: messageOf(found, lang),
    hint: hintOf(found, lang),
  };
}

/** Renders the report as one JSON document. */
export function jsonReport(report: Report, options: ReporterOptions): string {
  const document = {
    plan: report.plan.id,
    results: report.results,
    errors: report.issues.filter((i) => i.severity === 'error').map((i) => issueJson(i, options.lang)),
    warnings: report.issues.filter((i) => i.severity === 'warning').map((i) => issueJson(i, options.lang)),
    notices: report.issues.filter((i) => i.severity === 'info').map((i) => issueJson(i, options.lang)),
    growth_checks: report.growth,
    summary: summarize(report),
    unlisted: report.unlisted,
    files: report.files,
    strict: report.strict,
    ...(report.comparison ? { comparison: report.comparison } : {}),
  };
  return jsonText(document);
}

/** The JSON report written as its results come, a period at a time (ReportPieces): byte for byte jsonReport's text. */
export class JsonReportPieces implements ReportPieces {
  private written = 0;
  private readonly encoder = new JsonSafeEncoder();

  constructor(
    private readonly plan: Plan,
    private readonly options: ReporterOptions,
  ) {}

  /** The document up to its first result. */
  head(): string {
    return jsonSafe(`{\n  "plan": ${JSON.stringify(this.plan.id)},\n  "results": [`);
  }

  /** Results, each as the whole document would indent it, after those written before: bytes valid until the next call. */
  results(results: readonly Result[]): Uint8Array {
    if (results.length === 0) return new Uint8Array();
    // Stringified at the depth the document has them, then cut out of the wrapper: "\n    {...},\n    {...}".
    const wrapped = JSON.stringify({ results }, null, 2);
    const items = wrapped.slice('{\n  "results": ['.length, -'\n  ]\n}'.length);
    const before = this.written === 0 ? '' : ',';
    this.written += results.length;
    return this.encoder.encode(before, items);
  }

  /** The rest of the document, after the last result: problems, summary and files of the run. */
  tail(report: Report): string {
    const whole = jsonReport({ ...report, results: [] }, this.options);
    const empty = '"results": []';
    return `${this.written === 0 ? ']' : '\n  ]'}${whole.slice(whole.indexOf(empty) + empty.length)}`;
  }
}
