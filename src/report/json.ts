/** The JSON report of docs/report.md. */
import { hintOf, messageOf } from '../catalog.js';
import { jsonText } from './escape.js';
import { summarize, type Report } from '../check.js';
import type { Issue, Lang } from '../types.js';
import type { ReporterOptions } from './options.js';

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
