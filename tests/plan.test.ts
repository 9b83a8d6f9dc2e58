import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanError } from '../src/errors.js';
import { builtinPlanIds, loadPlan, loadPlanFile } from '../src/plan/load.js';
import { tempDir } from './helpers.js';

const HEAD = `id: test-plan
title: { zh: 测试, en: Test }
issuer: { zh: 局, en: Bureau }
period: { start: 2021, end: 2025 }
baseline_year: 2020
rules:
`;

const RULE = `  - id: R1
    title: { zh: 床位, en: Beds }
    attribute: binding
    levels: [county, city]
    unit: { zh: "%", en: "%" }
    metric: sum(care_beds) / sum(elderly_beds) * 100
    target: { op: ">=", value: 55 }
    source: { table: 表2, row: 10 }
`;

function planError(text: string): string {
  const file = join(tempDir(), 'plan.yaml');
  writeFileSync(file, text);
  try {
    loadPlanFile(file, 'plan.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).exitCode).toBe(3);
    return (error as Error).message;
  }
  throw new Error('the plan loaded');
}

describe('the built-in 14th plan', () => {
  const plan = loadPlan();

  it('has the 16 rule ids of Table 2 in the contract, each citing its row', () => {
    expect(plan.id).toBe('yongzhou-civil-affairs-14th');
    expect(plan.rules.map((r) => r.id)).toEqual(['T2-01', 'T2-02a', 'T2-02b', ...Array.from({ length: 13 }, (_, i) => `T2-${String(i + 3).padStart(2, '0')}`)]);
    for (const rule of plan.rules) expect(rule.source).toMatchObject({ table: '表2', row: expect.any(Number) });
  });

  it('marks the 5 binding targets of the plan note (约束性指标5个)', () => {
    expect(plan.rules.filter((r) => r.attribute === 'binding').map((r) => r.id)).toEqual(['T2-05', 'T2-06', 'T2-08', 'T2-09', 'T2-10']);
  });

  it('is listed among the built-in plans', () => {
    expect(builtinPlanIds()).toContain('yongzhou-civil-affairs-14th');
  });
});

describe('malformed plan files', () => {
  it('loads a well-formed one', () => {
    const file = join(tempDir(), 'ok.yaml');
    writeFileSync(file, HEAD + RULE);
    expect(loadPlanFile(file, 'ok.yaml').rules).toHaveLength(1);
  });

  it('points at YAML syntax errors', () => {
    expect(planError(`${HEAD}  - id: [unclosed\n`)).toMatch(/^plan\.yaml:8:\d+: /);
  });

  it('refuses duplicate keys, merge keys and unknown tags', () => {
    expect(planError(HEAD.replace('baseline_year: 2020', 'baseline_year: 2020\nbaseline_year: 2021') + RULE)).toMatch(/plan\.yaml:6:1: .*unique/i);
    expect(planError(`${HEAD}${RULE}  - <<: *x\n`)).toMatch(/plan\.yaml:/);
    expect(planError(`${HEAD}${RULE.replace('binding', '!!js/function binding')}`)).toMatch(/plan\.yaml:9:16: .*tag/i);
  });

  it('refuses an alias bomb', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(planError(bomb)).toMatch(/alias/i);
  });

  it('reports schema problems at the line of the value', () => {
    const message = planError(HEAD + RULE.replace('attribute: binding', 'attribute: mandatory'));
    expect(message).toMatch(/plan\.yaml:9:16: \/rules\/0\/attribute must be equal to one of the allowed values: binding, expected/);
    expect(planError(HEAD + RULE.replace('    source:', '    colour: red\n    source:'))).toMatch(/plan\.yaml:7:5: .*additional properties "colour"/);
  });

  it('points into a metric at an unknown column, with a suggestion', () => {
    const message = planError(HEAD + RULE.replace('sum(care_beds)', 'sum(care_bed)'));
    expect(message).toMatch(/plan\.yaml:12:17: rule R1: unknown column "care_bed" \(did you mean "care_beds"\?\)/);
  });

  it('reports unknown functions, bad syntax, and bare columns in a city total', () => {
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'avg(care_beds)'))).toMatch(/12:13: rule R1: unknown function "avg"/);
    expect(planError(HEAD + RULE.replace('* 100', '* * 100'))).toMatch(/12:\d+: rule R1: expected a number/);
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'care_beds'))).toMatch(/12:13: rule R1: column "care_beds" must be inside sum\(\)/);
  });

  it('refuses duplicate rule ids and codes outside the registry', () => {
    expect(planError(HEAD + RULE + RULE)).toMatch(/plan\.yaml:15:9: rule id R1 is used twice \(first at plan\.yaml:7:9\)/);
    expect(planError(HEAD + RULE.replace('    source:', '    applies_to: ["431199"]\n    source:'))).toMatch(/plan\.yaml:14:18: rule R1: 431199 is not a unit of the registry/);
  });
});

describe('nesting bombs', () => {
  it('refuses deep flow, block and sequence nesting before parsing', () => {
    expect(planError(`a: ${'['.repeat(10000)}${']'.repeat(10000)}\n`)).toMatch(/^plan\.yaml:1:\d+: nested more than 64 levels deep/);
    expect(planError(`a:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`)).toMatch(/nested more than 64 levels/);
    expect(planError(`a:\n  ${'- '.repeat(10000)}x\n`)).toMatch(/^plan\.yaml:2:1: nested more than 64/);
  });

  it('does not count brackets inside quotes or comments', () => {
    const file = join(tempDir(), 'ok.yaml');
    writeFileSync(file, `${HEAD}${RULE.replace('title: { zh: 床位, en: Beds }', `title: { zh: "${'['.repeat(100)}", en: Beds } # ${'{'.repeat(100)}`)}`);
    expect(loadPlanFile(file, 'ok.yaml').rules[0]!.title.zh).toHaveLength(100);
  });
});
