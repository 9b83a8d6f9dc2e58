/** Writing a plan of one's own: plan-check init scaffolds a folder, plan-check lint finds its problems. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { builtinPlanIds, loadPlan } from '../src/plan/load.js';
import { lintPlan } from '../src/plan/lint.js';
import { copyPlanFolder, initPlanFolder } from '../src/plan/init.js';
import { runInProcess, tempDir } from './helpers.js';
import { validReport } from './report-schema.js';

const run = (args: string[], cwd: string) => runInProcess(args, { cwd });

describe('plan-check init', () => {
  it('writes a plan folder whose sample checks clean, from a folder outside the package', async () => {
    const dir = tempDir();
    const init = await run(['init', 'mine'], dir);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('mine/plan.yaml');
    const checked = await run(['mine/samples', '--plan', 'mine', '--format', 'json'], dir);
    expect(checked.code).toBe(0);
    const report = validReport(checked.stdout) as { results: { status: string }[]; errors: unknown[]; warnings: unknown[] };
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.every((r) => r.status === 'pass')).toBe(true);
    expect((await run(['lint', 'mine'], dir)).stdout).toContain('no problems');
  });

  it('never overwrites a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plan.yaml'), 'mine');
    expect(() => initPlanFolder(dir)).toThrow(/plan\.yaml already there/);
    // The files as the folder was named (here absolute), as the next steps printed after them name it.
    const other = join(dir, 'other');
    expect(initPlanFolder(other)).toContain(join(other, 'plan.yaml'));
    // A folder under a file is a usage error at the command line, not a crash.
    expect(() => initPlanFolder(join(dir, 'plan.yaml', 'x'))).toThrow(
      expect.objectContaining({ exitCode: 3, message: expect.stringMatching(/: a part of .*plan\.yaml\/x is a file, not a folder$/) }),
    );
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toBe('mine');
  });
});

describe('plan-check init --from', () => {
  it("copies a plan to start the next one from: its text as written, its region and columns beside it, the folder's name its id", async () => {
    const dir = join(tempDir(), 'yongzhou-15th');
    const files = copyPlanFolder(dir, 'yongzhou-civil-affairs-14th');
    const schemas = ['submission', 'disabled_allowances', 'elderly_institutions', 'townships', 'rescue_cases'].map(
      (name) => `${name}.schema.json`,
    );
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['README.md', 'plan.yaml', 'units.yaml', ...schemas].sort());
    // The plan's own lines (its comments among them) as they were, but for the id and the names of its parts.
    const original = readFileSync('data/plans/yongzhou-civil-affairs-14th.yaml', 'utf8').split('\n');
    const copied = readFileSync(join(dir, 'plan.yaml'), 'utf8').split('\n');
    expect(copied).toHaveLength(original.length);
    expect(copied.filter((line, i) => line !== original[i])).toEqual([
      'id: yongzhou-15th',
      'units: units.yaml',
      'submission: submission.schema.json',
      ...schemas.slice(1).map((name) => `    schema: ${name}`),
    ]);
    expect(readFileSync(join(dir, 'units.yaml'), 'utf8')).toBe(readFileSync('data/units.yaml', 'utf8'));
    expect(lintPlan(dir)).toEqual([]);
    // It judges a drop as the plan it was copied from, under its own id.
    const [copy, builtin] = await Promise.all([check(['data/samples/2025-12'], { plan: dir }), check(['data/samples/2025-12'])]);
    expect(copy.plan.id).toBe('yongzhou-15th');
    expect(copy.results).toEqual(builtin.results);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('plan-check init --from yongzhou-civil-affairs-14th');
    // Its period and baseline year made the next plan's, lint names each deadline and baseline still the last plan's.
    writeFileSync(
      join(dir, 'plan.yaml'),
      readFileSync(join(dir, 'plan.yaml'), 'utf8')
        .replace('period: { start: 2021, end: 2025 }', 'period: { start: 2026, end: 2030 }')
        .replace('baseline_year: 2020', 'baseline_year: 2025'),
    );
    const next = lintPlan(dir);
    const said = (pattern: RegExp) => next.filter((f) => pattern.test(f.message));
    const rules = loadPlan('yongzhou-civil-affairs-14th').rules;
    expect(said(/the deadline 2025 lies outside the plan's period 2026-2030/)).toHaveLength(
      rules.filter((r) => r.deadline === '2025').length,
    );
    expect(said(/: the baseline is of 2020, not of the plan's baseline year 2025$/)).toHaveLength(rules.filter((r) => r.baseline).length);
    expect(said(/baseline is of/)[0]).toMatchObject({ place: expect.stringMatching(/plan\.yaml:\d+:23$/), severity: 'warning' });
    // In the order of the plan's lines, as its author mends them from the top: a rule's baseline (line 65) before its deadline (66).
    const lines = next.filter((f) => f.place.includes('plan.yaml')).map((f) => f.place.split(':').slice(-2).map(Number));
    expect(lines).toEqual([...lines].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
  });

  it('keeps the id where the folder name is none, copies from a folder, and overwrites nothing', async () => {
    const dir = join(tempDir(), '十五五');
    copyPlanFolder(dir, 'yongzhou-civil-affairs-14th');
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toMatch(/^id: yongzhou-civil-affairs-14th$/m);
    writeFileSync(join(dir, 'units.yaml'), 'mine');
    expect(() => copyPlanFolder(dir, 'yongzhou-civil-affairs-14th')).toThrow(
      /plan\.yaml, units\.yaml, .* already there; plan-check init never overwrites a file/,
    );
    expect(readFileSync(join(dir, 'units.yaml'), 'utf8')).toBe('mine');
    // A copy of a plan folder of its own (the county example's 12-digit townships) loads as the original.
    const county = join(tempDir(), 'county-2030');
    copyPlanFolder(county, 'examples/county');
    expect(loadPlan(county).registry.codeDigits).toBe(12);
    expect(readFileSync(join(county, 'units.yaml'), 'utf8')).toBe(readFileSync('examples/county/units.yaml', 'utf8'));
    // A plan that uses the built-in region and columns without naming them: they are copied and named at its end.
    const bare = join(tempDir(), 'bare.yaml');
    writeFileSync(
      bare,
      [
        'id: beds',
        'title: { zh: 床位, en: Beds }',
        'issuer: { zh: 民政局, en: Bureau }',
        'period: { start: 2026, end: 2030 }',
        'baseline_year: 2025',
        'rules:',
        '  - id: R-01',
        '    title: { zh: 护理型床位占比, en: Care beds }',
        '    attribute: binding',
        '    levels: [county]',
        '    unit: { zh: "%", en: "%" }',
        '    metric: care_beds / elderly_beds * 100',
        '    target: { op: ">=", value: 60 }',
        '    source: { chapter: 一 }',
        '',
      ].join('\n'),
    );
    const uses = join(tempDir(), 'uses-builtin');
    expect(
      copyPlanFolder(uses, bare)
        .map((f) => f.slice(uses.length + 1))
        .sort(),
    ).toEqual(['README.md', 'plan.yaml', 'submission.schema.json', 'units.yaml']);
    expect(readFileSync(join(uses, 'plan.yaml'), 'utf8')).toMatch(/\nunits: units\.yaml\nsubmission: submission\.schema\.json\n$/);
    expect(loadPlan(uses).registry.units).toHaveLength(14);
    // A folder of a built-in plan's name would never be the plan --plan names.
    for (const args of [['--from', 'yongzhou-civil-affairs-14th'], []])
      expect(await run(['init', 'yongzhou-civil-affairs-14th', ...args], tempDir())).toMatchObject({
        code: 3,
        stderr: expect.stringMatching(/^plan-check: init yongzhou-civil-affairs-14th: a built-in plan has that name/),
      });
    // A plan that is no plan is named by the option that gave it.
    expect(await run(['init', 'x', '--from', 'examples/countyx'], tempDir())).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^plan-check: --from examples\/countyx: neither a built-in plan/),
    });
  });
});

describe('plan-check lint', () => {
  it('finds nothing in the built-in plans and the examples', () => {
    for (const plan of [...builtinPlanIds(), 'examples/province', 'examples/county']) expect(lintPlan(plan), plan).toEqual([]);
  });

  it('reports what loads but cannot be meant, each at its place', () => {
    const dir = tempDir();
    initPlanFolder(dir);
    const schemaFile = join(dir, 'submission.schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    schema.properties.volunteers = { title: '志愿者（人）', type: ['integer', 'null'], minimum: 0 };
    writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
    const planFile = join(dir, 'plan.yaml');
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('deadline: "2030"', 'deadline: "2035"'));
    const findings = lintPlan(dir);
    expect(findings).toContainEqual({
      place: expect.stringMatching(/submission\.schema\.json:\d+:5$/),
      severity: 'warning',
      message: 'column volunteers (志愿者（人）) is read by no rule',
    });
    expect(findings).toContainEqual({
      place: expect.stringMatching(/plan\.yaml:\d+:15$/),
      severity: 'warning',
      message: "rule R-01: the deadline 2035 lies outside the plan's period 2026-2030",
    });
  });

  it('refuses a plan whose unit-code pattern refuses a unit of its region, at the pattern, in lint and in a check (exit 3)', async () => {
    const dir = tempDir();
    initPlanFolder(dir);
    const schemaFile = join(dir, 'submission.schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    schema.properties.unit_code.pattern = '^99000[12]$';
    writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
    const place = expect.stringMatching(/submission\.schema\.json:\d+:5$/);
    expect(lintPlan(dir)).toEqual([
      {
        place,
        severity: 'error',
        message: 'unit 990003 (示例县级市) can never report: the pattern ^99000[12]$ of unit_code refuses its code',
      },
    ]);
    // A check of its sample is refused before a row is read: the plan is at fault, not the county's data.
    const checked = await run(['check', join(dir, 'sample'), '--plan', dir, '--lang', 'en'], dir);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toMatch(/submission\.schema\.json:\d+:5: unit 990003 \(示例县级市\) can never report/);
    expect(checked.stdout).toBe('');
  });

  it("reports every problem loading refuses, with the plan's line and column, and exits 3", async () => {
    const dir = tempDir();
    initPlanFolder(dir);
    const planFile = join(dir, 'plan.yaml');
    writeFileSync(
      planFile,
      readFileSync(planFile, 'utf8').replace('sum(social_workers)', 'sum(social_worker)').replace('sum(care_beds)', 'sum(care_bed)'),
    );
    const findings = lintPlan(dir);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('unknown column "care_bed"'),
      expect.stringContaining('unknown column "social_worker"'),
    ]);
    expect(findings.every((f) => /plan\.yaml:\d+:\d+$/.test(f.place) && f.severity === 'error')).toBe(true);
    expect((await run(['lint', dir], dir)).code).toBe(3);
  });

  it("reports a rule its schema refuses and the other rules' problems together, in the file's order", () => {
    const dir = tempDir();
    initPlanFolder(dir);
    const planFile = join(dir, 'plan.yaml');
    const text = readFileSync(planFile, 'utf8');
    // R-01 reads a column that is none; R-02's target has a comparison that is none.
    writeFileSync(
      planFile,
      text.replace('sum(care_beds)', 'sum(care_bed)').replace('target: { op: ">=", value: 1500 }', 'target: { op: "≥", value: 1500 }'),
    );
    const findings = lintPlan(dir);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('unknown column "care_bed"'),
      expect.stringMatching(/^\/rules\/1\/target\/op must be equal to one of the allowed values/),
    ]);
    const lines = findings.map((f) => Number(/:(\d+):\d+$/.exec(f.place)![1]));
    expect(lines[0]).toBeLessThan(lines[1]!);
    // A plan whose keys are refused (not a rule's) is told by its schema alone: nothing else can be read soundly.
    writeFileSync(planFile, text.replace('sum(care_beds)', 'sum(care_bed)').replace('baseline_year: 2025', 'baseline_year: later'));
    expect(lintPlan(dir).map((f) => f.message)).toEqual([expect.stringMatching(/^\/baseline_year must be integer/)]);
  });

  it('places a broken registry at its own file', () => {
    const dir = tempDir();
    initPlanFolder(dir);
    const unitsFile = join(dir, 'units.yaml');
    writeFileSync(unitsFile, readFileSync(unitsFile, 'utf8').replace('code: "990002"', 'code: "99000"'));
    const [finding] = lintPlan(dir);
    expect(finding).toMatchObject({ severity: 'error', place: expect.stringMatching(/units\.yaml:\d+:\d+$/) });
  });
});
