/**
 * The report as JUnit XML for CI dashboards (valid by the Jenkins junit-10 schema that Jenkins,
 * GitLab and GitHub test reporters read): a suite per period, one test case per result, named by its rule and
 * unit in the report's language; a missed binding target is a failure, a missed expected one
 * and a result without data are skipped with their reason (dashboards show them apart from
 * passes); each problem in the data is an error named by its file, line and column.
 */
import { messageOf } from '../catalog.js';
import type { Report } from '../check.js';
import type { Plan, Rule } from '../plan/plan.js';
import { unitName } from '../registry.js';
import type { Result } from '../types.js';
import { escapeXml } from './escape.js';
import { gapText, noDataWhy, targetText, valueText } from './layout.js';
import { textPieces, wholeReport, type ReporterOptions, type ReportPieces } from './options.js';
import { statusWord } from './words.js';

/** One test case of a JUnit document. */
export interface JunitCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string };
  error?: { message: string; type: string };
  skipped?: string;
  out?: string;
}

/** Renders the report as JUnit XML: its pieces, put together. */
export function junitReport(report: Report, options: ReporterOptions): string {
  return wholeReport(new JunitReportPieces(report.plan, options), report);
}

/**
 * The JUnit report written as its results come, a period at a time: a suite per period, each with
 * its own counts, then one of the problems in the data. The pieces together are junitReport's text.
 */
export class JunitReportPieces implements ReportPieces {
  private readonly rules: ReadonlyMap<string, Rule>;

  constructor(
    private readonly plan: Plan,
    private readonly options: ReporterOptions,
  ) {
    this.rules = new Map(plan.rules.map((r) => [r.id, r]));
  }

  head(): string {
    return JUNIT_HEAD;
  }

  /**
   * A suite for each period of the results (they come in period order), its cases RESULTS_A_PIECE a
   * piece: its counts are those of the results' statuses, which are what resultCase makes of them.
   */
  *results(results: readonly Result[]): Generator<string, void, undefined> {
    for (let start = 0; start < results.length;) {
      const period = results[start]!.period;
      let end = start;
      const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
      for (; end < results.length && results[end]!.period === period; end++) {
        const status = results[end]!.status;
        if (status === 'fail') counts.failures++;
        else if (status !== 'pass') counts.skipped++;
      }
      counts.tests = end - start;
      yield* textPieces(
        results.slice(start, end),
        (r) => caseXml(this.resultCase(r)),
        suiteHead(`${this.plan.title[this.options.lang]} ${period}`, counts),
        SUITE_END,
      );
      start = end;
    }
  }

  /** The suite of the problems in the data, where there are any, and the end of the document. */
  tail(report: Report): string[] {
    const { lang } = this.options;
    const cases = report.issues
      .filter((found) => found.severity === 'error')
      .map((found): JunitCase => {
        const place = [found.file, found.line, found.column].filter((x) => x !== undefined).join(':');
        return {
          classname: lang === 'zh' ? '数据文件' : 'data files',
          name: `${place} ${found.code}`,
          error: { type: found.code, message: messageOf(found, lang) },
        };
      });
    return [(cases.length > 0 ? junitSuite(lang === 'zh' ? '数据文件' : 'data files', cases) : '') + JUNIT_TAIL];
  }

  private resultCase(r: Result): JunitCase {
    const { lang } = this.options;
    const registry = this.plan.registry;
    const rule = this.rules.get(r.rule)!;
    const unit = registry.byCode.get(r.unit) ?? registry.city;
    const colon = lang === 'zh' ? '：' : ': ';
    const gap = gapText(r, lang);
    const detail = `${valueText(r, rule, lang)}${lang === 'zh' ? '，目标 ' : ' against '}${targetText(r, rule, lang)}${gap ? ` · ${gap}` : ''}`;
    const test: JunitCase = { classname: `${r.rule} ${rule.title[lang]}`, name: `${unitName(unit, lang)} ${r.period}` };
    if (r.status === 'fail') test.failure = { message: detail, type: r.attribute };
    else if (r.status === 'warn') test.skipped = `${statusWord('warn', lang)}${colon}${detail}`;
    else if (r.status === 'no_data') test.skipped = `${statusWord('no_data', lang)}${colon}${noDataWhy(r, { registry }, lang)}`;
    else test.out = detail;
    return test;
  }
}

const JUNIT_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plan-check">\n';
const JUNIT_TAIL = '</testsuites>\n';

/** A JUnit XML document of one suite, RESULTS_A_PIECE cases a piece: the cases are gone through twice, to count them, then to write them. */
export function junitXmlPieces(suite: string, cases: Iterable<JunitCase>): Generator<string, void, undefined> {
  return textPieces(cases, caseXml, `${JUNIT_HEAD}${suiteHead(suite, countsOf(cases))}`, `${SUITE_END}${JUNIT_TAIL}`);
}

/** What a suite counts: its cases, and those failed, in error and skipped. */
interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** One <testsuite> element, its counts taken from its cases. */
function junitSuite(suite: string, cases: readonly JunitCase[]): string {
  return `${suiteHead(suite, countsOf(cases))}${cases.map(caseXml).join('')}${SUITE_END}`;
}

/** What cases count as, each as caseXml writes it: a failure, an error, skipped or none of them. */
function countsOf(cases: Iterable<JunitCase>): SuiteCounts {
  const counts: SuiteCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const c of cases) {
    counts.tests++;
    if (c.failure) counts.failures++;
    else if (c.error) counts.errors++;
    else if (c.skipped !== undefined) counts.skipped++;
  }
  return counts;
}

/** A <testsuite> element's opening tag. */
function suiteHead(suite: string, { tests, failures, errors, skipped }: SuiteCounts): string {
  return `  <testsuite name="${escapeXml(suite)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n`;
}

const SUITE_END = '  </testsuite>\n';

/** One <testcase> element, on a line of its own. */
function caseXml(c: JunitCase): string {
  let inner = '';
  if (c.failure) inner = `<failure message="${escapeXml(c.failure.message)}" type="${escapeXml(c.failure.type)}"/>`;
  else if (c.error) inner = `<error type="${escapeXml(c.error.type)}" message="${escapeXml(c.error.message)}"/>`;
  else if (c.skipped !== undefined) inner = `<skipped message="${escapeXml(c.skipped)}"/>`;
  else if (c.out !== undefined) inner = `<system-out>${escapeXml(c.out)}</system-out>`;
  return `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}">${inner}</testcase>\n`;
}
