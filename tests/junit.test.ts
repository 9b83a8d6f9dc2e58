/** The JUnit report: valid by the schema CI dashboards read, readable names, the chosen language. */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { REPORTERS } from '../src/report/index.js';

const SCHEMA = { fileName: 'junit-10.xsd', contents: readFileSync(new URL('corpora/junit/junit-10.xsd', import.meta.url), 'utf8') };

describe('--format junit', () => {
  it('validates against the Jenkins junit-10 schema, in both languages, problems included', async () => {
    const report = await check(['data/samples/2025-12', 'tests/fixtures/problems']);
    for (const lang of ['zh', 'en'] as const) {
      const xml = REPORTERS.junit!.render(report, { lang, color: false });
      const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [SCHEMA] });
      expect(result.errors.map((e) => e.message)).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it('names cases by rule and unit, fails binding misses, skips expected misses and no data with their reason', async () => {
    const xml = REPORTERS.junit!.render(await check(['data/samples/2025-12/daoxian.csv']), { lang: 'zh', color: false });
    expect(xml).toContain(
      '<testcase classname="T2-10 养老机构护理型床位占比" name="道县 2025-12"><failure message="54.9 %，目标 ≥ 55 % · 护理型床位需增加 1 张" type="binding"/></testcase>',
    );
    expect(xml).toMatch(
      /<testcase classname="T2-04 [^"]+" name="道县 2025-12"><skipped message="未达预期：34\.66 平方米，目标 ≥ 35 平方米/,
    );
    expect(xml).toContain('<skipped message="无数据：全市指标需要全部单位的数据"/>');
    expect(xml).toMatch(/<testsuite name="[^"]+ 2025-12" tests="123" failures="2" errors="0" skipped="78">/);
  });

  it('gives each period a suite of its own, with its own counts, and the problems one after them', async () => {
    const report = await check(['data/samples', 'tests/fixtures/problems']);
    const xml = REPORTERS.junit!.render(report, { lang: 'en', color: false });
    const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [SCHEMA] });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map((m) => ({
      name: m[1]!,
      tests: +m[2]!,
      failures: +m[3]!,
      errors: +m[4]!,
    }));
    const periods = [...new Set(report.results.map((r) => r.period))];
    expect(periods.length).toBeGreaterThan(1);
    expect(suites.map((s) => s.name)).toEqual([...periods.map((p) => `${report.plan.title.en} ${p}`), 'data files']);
    for (const period of periods) {
      const suite = suites.find((s) => s.name.endsWith(` ${period}`))!;
      const own = report.results.filter((r) => r.period === period);
      expect([suite.tests, suite.failures, suite.errors]).toEqual([own.length, own.filter((r) => r.status === 'fail').length, 0]);
    }
    const errors = report.issues.filter((i) => i.severity === 'error').length;
    expect(suites.at(-1)).toMatchObject({ tests: errors, errors });
  });
});
