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

/** How many results are stringified at once: their text (about 300 characters each) stays short of what V8 keeps apart from its other strings (128 KB). */
const RESULTS_A_PIECE = 50;

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

  /**
   * Results, each as the whole document would indent it, after those written before: bytes valid
   * until the next call. Stringified RESULTS_A_PIECE at a time: V8 builds a long text in pieces and
   * joins them into fresh memory when it is first read, which for a period of 700 results costs
   * twice the stringifying (840 files' report: 190 ms -> 90 ms).
   */
  results(results: readonly Result[]): Uint8Array {
    const pieces: string[] = [];
    for (let at = 0; at < results.length; at += RESULTS_A_PIECE) {
      // Stringified at the depth the document has them, then cut out of the wrapper: "\n    {...},\n    {...}".
      const wrapped = JSON.stringify({ results: results.slice(at, at + RESULTS_A_PIECE) }, null, 2);
      pieces.push(this.written + at === 0 ? '' : ',', wrapped.slice('{\n  "results": ['.length, -'\n  ]\n}'.length));
    }
    this.written += results.length;
    return this.encoder.encode(pieces);
  }

  /** The rest of the document, after the last result: problems, summary and files of the run. */
  tail(report: Report): string {
    const whole = jsonReport({ ...report, results: [] }, this.options);
    const empty = '"results": []';
    return `${this.written === 0 ? ']' : '\n  ]'}${whole.slice(whole.indexOf(empty) + empty.length)}`;
  }
}
