/**
 * The report as JUnit XML for CI dashboards (valid by the Jenkins junit-10 schema that Jenkins,
 * GitLab and GitHub test reporters read): one test case per result, named by its rule and
 * unit in the report's language; a missed binding target is a failure, a missed expected one
 * and a result without data are skipped with their reason (dashboards show them apart from
 * passes); each problem in the data is an error named by its file, line and column.
 */
import { messageOf } from '../catalog.js';
import type { Report } from '../check.js';
import { unitName } from '../registry.js';
import { escapeXml } from './escape.js';
import { gapText, targetText, valueText } from './layout.js';
import type { ReporterOptions } from './options.js';
import { reasonWord, statusWord } from './words.js';

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
  const { lang } = options;
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const cases: JunitCase[] = [];
  const colon = lang === 'zh' ? '：' : ': ';
  for (const r of report.results) {
    const rule = rules.get(r.rule)!;
    const unit = report.registry.byCode.get(r.unit) ?? report.registry.city;
    const gap = gapText(r, lang);
    const detail = `${valueText(r, rule, lang)}${lang === 'zh' ? '，目标 ' : ' against '}${targetText(r, rule, lang)}${gap ? ` · ${gap}` : ''}`;
    const test: JunitCase = { classname: `${r.rule} ${rule.title[lang]}`, name: `${unitName(unit, lang)} ${r.period}` };
    if (r.status === 'fail') test.failure = { message: detail, type: r.attribute };
    else if (r.status === 'warn') test.skipped = `${statusWord('warn', lang)}${colon}${detail}`;
    else if (r.status === 'no_data') test.skipped = `${statusWord('no_data', lang)}${colon}${reasonWord(r.reason, lang, report.registry.levels.city[lang])}`;
    else test.out = detail;
    cases.push(test);
  }
  for (const found of report.issues.filter((i) => i.severity === 'error')) {
    const place = [found.file, found.line, found.column].filter((x) => x !== undefined).join(':');
    cases.push({ classname: lang === 'zh' ? '数据文件' : 'data files', name: `${place} ${found.code}`, error: { type: found.code, message: messageOf(found, lang) } });
  }
  return junitXml(report.plan.title[lang], cases);
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
  // The schema gives <testsuites> no skipped count; <testsuite> has one.
  const totals = `tests="${cases.length}" failures="${count((c) => !!c.failure)}" errors="${count((c) => !!c.error)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="plan-check" ${totals}>
  <testsuite name="${escapeXml(suite)}" ${totals} skipped="${count((c) => c.skipped !== undefined)}">
${body.join('\n')}
  </testsuite>
</testsuites>
`;
}
