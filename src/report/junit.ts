/**
 * The report as JUnit XML for CI dashboards: one test case per result (a failed target is a
 * failure, no data is skipped) and one per problem in the data (an error).
 */
import { messageOf } from '../catalog.js';
import { summarize, type Report } from '../check.js';
import { escapeXml } from './escape.js';
import type { ReporterOptions } from './options.js';

/** Renders the report as JUnit XML. */
export function junitReport(report: Report, options: ReporterOptions): string {
  const cases: string[] = [];
  for (const r of report.results) {
    const name = `${r.unit} ${r.period}`;
    const detail = `value ${r.value ?? 'none'}, target ${r.op} ${Array.isArray(r.target) ? r.target.join('-') : (r.target ?? 'none')}`;
    let body = '';
    if (r.status === 'fail') body = `<failure message="${escapeXml(detail)}" type="${r.attribute}"/>`;
    else if (r.status === 'no_data') body = `<skipped message="${escapeXml(`no data${r.reason ? `: ${r.reason}` : ''}`)}"/>`;
    else if (r.status === 'warn') body = `<system-out>${escapeXml(`warn: ${detail}`)}</system-out>`;
    cases.push(`    <testcase classname="${escapeXml(r.rule)}" name="${escapeXml(name)}">${body}</testcase>`);
  }
  const problems = report.issues.filter((i) => i.severity === 'error');
  for (const found of problems) {
    const place = [found.file, found.line, found.column].filter((x) => x !== undefined).join(':');
    cases.push(`    <testcase classname="input" name="${escapeXml(place)}"><error type="${escapeXml(found.code)}" message="${escapeXml(messageOf(found, options.lang))}"/></testcase>`);
  }
  const counts = summarize(report);
  const attrs = `tests="${cases.length}" failures="${counts.fail}" errors="${problems.length}" skipped="${counts.no_data}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="plan-check" ${attrs}>
  <testsuite name="${escapeXml(report.plan.id)}" ${attrs}>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
