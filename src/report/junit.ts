/**
 * The report as JUnit XML for CI dashboards: one test case per result (a failed target is a
 * failure, no data is skipped) and one per problem in the data (an error).
 */
import { messageOf } from '../catalog.js';
import type { Report } from '../check.js';
import { escapeXml } from './escape.js';
import { gapText } from './layout.js';
import type { ReporterOptions } from './options.js';

/** One test case of a JUnit document. */
export interface JunitCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string };
  error?: { message: string; type: string };
  skipped?: string;
  out?: string;
}

/** Renders the report as JUnit XML. */
export function junitReport(report: Report, options: ReporterOptions): string {
  const cases: JunitCase[] = [];
  for (const r of report.results) {
    const gap = gapText(r, options.lang);
    const detail = `value ${r.value ?? 'none'}, target ${r.op} ${Array.isArray(r.target) ? r.target.join('-') : (r.target ?? 'none')}${r.milestone === undefined ? '' : `, milestone ${r.milestone}`}${gap ? `: ${gap}` : ''}`;
    const test: JunitCase = { classname: r.rule, name: `${r.unit} ${r.period}` };
    if (r.status === 'fail') test.failure = { message: detail, type: r.attribute };
    else if (r.status === 'no_data') test.skipped = `no data${r.reason ? `: ${r.reason}` : ''}`;
    else if (r.status === 'warn') test.out = `warn: ${detail}`;
    cases.push(test);
  }
  for (const found of report.issues.filter((i) => i.severity === 'error')) {
    const place = [found.file, found.line, found.column].filter((x) => x !== undefined).join(':');
    cases.push({ classname: 'input', name: place, error: { type: found.code, message: messageOf(found, options.lang) } });
  }
  return junitXml(report.plan.id, cases);
}

/** A JUnit XML document of one suite; the counts are taken from the cases. */
export function junitXml(suite: string, cases: readonly JunitCase[]): string {
  const body = cases.map((c) => {
    const inner = c.failure
      ? `<failure message="${escapeXml(c.failure.message)}" type="${escapeXml(c.failure.type)}"/>`
      : c.error
        ? `<error type="${escapeXml(c.error.type)}" message="${escapeXml(c.error.message)}"/>`
        : c.skipped !== undefined
          ? `<skipped message="${escapeXml(c.skipped)}"/>`
          : c.out !== undefined
            ? `<system-out>${escapeXml(c.out)}</system-out>`
            : '';
    return `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}">${inner}</testcase>`;
  });
  const count = (test: (c: JunitCase) => boolean) => cases.filter(test).length;
  const attrs = `tests="${cases.length}" failures="${count((c) => !!c.failure)}" errors="${count((c) => !!c.error)}" skipped="${count((c) => c.skipped !== undefined)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="plan-check" ${attrs}>
  <testsuite name="${escapeXml(suite)}" ${attrs}>
${body.join('\n')}
  </testsuite>
</testsuites>
`;
}
