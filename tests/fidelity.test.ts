/**
 * Faithful to the document: each reading of the plan, with the sentence it rests on, and the
 * plan's own arithmetic that plan-check audit recomputes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { check, type Report } from '../src/check.js';
import { auditPlan } from '../src/plan/audit.js';
import { auditText } from '../src/report/audit.js';
import { textWidth } from '../src/report/fit.js';
import { loadPlan } from '../src/plan/load.js';
import { allUnits, csv, row, writeFiles, type RowInput } from './helpers.js';

const plan = loadPlan('yongzhou-civil-affairs-14th');
const rule = (id: string) => plan.rules.find((r) => r.id === id)!;
const seed = new URL('../../shared/seed/000_4fdbf21b79208b30.txt', import.meta.url);
const text = existsSync(seed) ? readFileSync(seed, 'utf8').replace(/\s+/g, '') : undefined;
/** The checklist of targets found in the plan's text (id, sentence), beside the plan where it is at hand. */
const checklistFile = new URL('../../shared/plan-targets.csv', import.meta.url);
const checklist = existsSync(checklistFile)
  ? (parse(readFileSync(checklistFile, 'utf8'), { columns: true }) as Record<string, string>[]).map((row) => ({
      id: row.id!,
      text: row.text_zh!,
    }))
  : undefined;
/** A quote stands in the plan; `……` marks words left out between its parts. */
const inText = (quote: string) => {
  for (const part of quote.split('……')) expect(text, quote).toContain(part.replace(/\s+/g, ''));
};

async function run(rows: RowInput[]): Promise<Report> {
  return check([writeFiles({ 'batch.csv': csv(rows) })]);
}
const result = (report: Report, id: string, unit: string) => report.results.find((r) => r.rule === id && r.unit === unit);

describe('readings of the plan, each with its sentence and a note', () => {
  it.skipIf(!text)('每个县 (C3-06, C3-07) is the 9 counties: chapter 6 names 各县 apart from 零陵区 and 冷水滩区', () => {
    inText('到2025年，每个县至少建有1所县级失能照护服务机构、2个以上区域养老服务中心。');
    inText('各县建立 2 所以上的精神障碍社区康复机构，零陵区、冷水滩区依托精神卫生机构按照一区一所的标准建设');
    for (const id of ['C3-06', 'C3-07']) expect(rule(id).appliesTo).toBe('counties');
    expect(plan.registry.groups.get('counties')!.codes.size).toBe(9);
    expect(rule('C3-06').note!.zh).toContain('第六章第五节');
    expect(rule('C3-07').note!.zh).toContain('同 C3-06');
  });

  it('judges neither district for C3-06, and takes the lowest county for the city', async () => {
    const report = await run(allUnits({ '431124': { disabled_elderly_care_institutions: 0 } }, { disabled_elderly_care_institutions: 1 }));
    expect(result(report, 'C3-06', '431102')).toBeUndefined();
    expect(result(report, 'C3-06', '431103')).toBeUndefined();
    expect(result(report, 'C3-06', '431100')).toMatchObject({ value: 0, status: 'warn', gap: { lowest: '431124' } });
  });

  it.skipIf(!text)('力争3-5家 (C4-11) is at least 3', async () => {
    inText('力争“十四五”期末每个县市区有3-5家社会组织全面参与儿童关爱保护工作。');
    expect(rule('C4-11').target).toMatchObject({ op: '>=' });
    expect(result(await run([row('431102', { child_care_social_orgs: 6 })]), 'C4-11', '431102')!.status).toBe('pass');
  });

  it('judges the funeral subsidy schemes and in-province marriage registration (C6-04, C6-06) for the 11 divisions only', async () => {
    const report = await run(allUnits({}, { funeral_subsidy_schemes: '是', marriage_in_province: '是' }));
    for (const zone of ['431171', '431172', '431173']) {
      expect(result(report, 'C6-04', zone)).toBeUndefined();
      expect(result(report, 'C6-06', zone)).toBeUndefined();
    }
    expect(result(report, 'C6-04', '431100')).toMatchObject({ value: 100, status: 'pass' });
  });

  it("pools the city bureau's own row into the city-wide counts of T2-01 and T2-13, where it is given", async () => {
    const units = allUnits({}, { social_org_staff: 2000 });
    const without = await run(units);
    expect(result(without, 'T2-01', '431100')).toMatchObject({ value: 28000, status: 'warn', own_row: false });
    const own = { county_code: '431100', county_name: '永州市', period: '2025-12', social_org_staff: 2000 };
    const withOwn = await check([writeFiles({ 'units.csv': csv(units), 'shiji.csv': csv([own as RowInput]) })]);
    expect(result(withOwn, 'T2-01', '431100')).toMatchObject({ value: 30000, status: 'pass', own_row: true });
    expect(withOwn.issues.filter((i) => i.code === 'city-row')).toEqual([]);
  });

  it.skipIf(!text)('C1-06 and C1-07 stand on the 14th plan’s own text, and say which', () => {
    inText('规范基本生活救助标准调整机制');
    inText('健全社会救助对象定期核对核查机制');
    for (const id of ['C1-06a', 'C1-06b']) expect(rule(id).note!.zh).toContain('第二章第一节');
    for (const id of ['C1-07a', 'C1-07b']) expect(rule(id).note!.zh).toContain('定期核对核查机制');
  });

  it('records T2-03’s reading: the baseline is the city’s own standard, the value the lowest county', () => {
    expect(rule('T2-03').city.aggregate).toBe('min');
    expect(rule('T2-03').note!.zh).toContain('4000 ÷ (570 × 12)');
  });

  it.skipIf(!text)('has a rule for each quantified target found without one, quoting its sentence', () => {
    const added = [
      'C6-14',
      'C4-14b',
      'C4-03',
      'C6-02',
      'C2-03',
      'C10-06',
      'C6-06b',
      'C4-12',
      'C11-01',
      'C10-01',
      'C10-07',
      'C10-04',
      'C9-01',
      'C3-05',
    ];
    for (const id of added) {
      expect(rule(id), id).toBeDefined();
      inText(rule(id).source.quote!);
    }
    expect(plan.unquantified.map((u) => u.id)).not.toContain('C4-12');
    expect(plan.unquantified.map((u) => u.id)).not.toContain('C11-01');
    for (const listed of [...plan.unquantified, ...plan.outOfScope]) inText(listed.source.quote!);
  });

  it.skipIf(!checklist)(
    'accounts for every target of the checklist: a rule, a target listed as unquantified or no target, or the reading of a rule or figure that quotes it',
    () => {
      // Targets another rule's or figure's sentence or note stands for (the plan states them twice, or their sums are audited).
      const readInto: Record<string, readonly string[]> = {
        'C2-01': ['C1-06a'],
        'C2-02': ['F-07'],
        'C3-01': ['F-06'],
        'C3-11': ['C3-06'],
        'C3-12': ['F-01'],
        'C6-03': ['C6-02'],
        'C6-09': ['C6-08'],
        'C6-18': ['F-15'],
        'C6-19': ['F-16'],
        'C6-20': ['F-16'],
        'C6-21': ['C6-17'],
        'C6-26': ['F-19'],
        'C6-27': ['F-20'],
        'C8-06': ['T2-14'],
      };
      const listed = new Set([...plan.unquantified, ...plan.outOfScope].map((l) => l.id));
      const words = (id: string) => {
        const figure = plan.figures.find((f) => f.id === id);
        if (figure) return figure.quotes.map((q) => q.quote).join('');
        const { source, note } = rule(id);
        return `${source.quote ?? ''}${note?.zh ?? ''}`;
      };
      for (const { id, text: sentence } of checklist!.filter((target) => target.id.startsWith('C'))) {
        if (plan.rules.some((r) => r.id === id || new RegExp(`^${id}[a-z]$`).test(r.id)) || listed.has(id)) continue;
        expect(readInto[id], `${id} ${sentence}`).toBeDefined();
        // A run of eight characters of the checklist's sentence stands in the reading's words.
        const said = words(readInto[id]![0]!).replace(/\s+/g, '');
        const plain = sentence.replace(/\s+/g, '');
        expect(
          Array.from({ length: Math.max(0, plain.length - 7) }, (_, k) => plain.slice(k, k + 8)).some((run) => said.includes(run)),
          `${id} in ${readInto[id]![0]}`,
        ).toBe(true);
      }
    },
  );

  it('checks the spending share against last year, and the 特困 age against 18', async () => {
    const report = await run([row('431102', { spending_share: 3.1, spending_share_prev: 3.2, tekun_minor_age_limit: 16 })]);
    expect(result(report, 'C11-01', '431102')).toMatchObject({ status: 'warn', target: 3.2 });
    expect(result(report, 'C2-03', '431102')).toMatchObject({ status: 'warn', gap: { amount: 2, unit: '周岁' } });
  });
});

describe("the plan's own arithmetic (plan-check audit)", () => {
  const items = auditPlan(plan);

  it('lists the disagreements a reading found, and nothing that agrees among them', () => {
    expect(items.filter((i) => !i.consistent).map((i) => i.id)).toEqual([
      'F-01',
      'F-02',
      'F-03',
      'F-04',
      'F-05',
      'F-06',
      'F-11',
      'F-12',
      'F-23',
    ]);
  });

  it('recomputes: 40,791 beds over 1.0044 million elderly is 40.61 per 1,000, not 40.39; 50 % is no share of 11', () => {
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('F-03')!.detail.en).toMatch(/= 40\.6123, not the 40\.39 printed/);
    expect(byId.get('F-02')!.detail.en).toBe('no whole number of 11 gives 50 % (5/11 = 45.45%, 6/11 = 54.55%)');
  });

  it('shows 58.48 = 4000 / 6840 and the 83.9 % and 102 % increases as consistent', () => {
    const consistent = items.filter((i) => i.consistent).map((i) => i.id);
    expect(consistent).toEqual(expect.arrayContaining(['F-07', 'F-08', 'F-09', 'F-15', 'F-16', 'F-17', 'C6-24/box']));
  });

  it.skipIf(!text)('quotes every figure from the plan', () => {
    for (const figure of plan.figures) for (const q of figure.quotes) inText(q.quote);
  });

  it('is printed under the plan title, in the language asked for, disagreements first', () => {
    const zh = auditText(plan, items, 'zh', false).split('\n');
    expect(zh[0]).toBe('永州市“十四五”民政事业发展规划 (yongzhou-civil-affairs-14th)：9 处不一致，24 处一致');
    expect(zh.indexOf('不一致')).toBeLessThan(zh.indexOf('一致'));
    expect(auditText(plan, items, 'en', false).split('\n')[0]).toBe(
      `${plan.title.en} (yongzhou-civil-affairs-14th): 9 disagreements, 24 consistent`,
    );
  });

  it('fits an 80-column terminal, each wrapped line indented under its own, the same words as in a pipe', () => {
    for (const lang of ['zh', 'en'] as const) {
      const fitted = auditText(plan, items, lang, true, 80);
      const lines = stripVTControlCharacters(fitted).split('\n');
      expect(
        lines.filter((line) => textWidth(line) > 80),
        lang,
      ).toEqual([]);
      // A note's later lines are indented under its arrow's text.
      expect(
        lines.some((line, i) => lines[i - 1]?.startsWith('    → ') && line.startsWith('      ') && !line.startsWith('       ')),
        lang,
      ).toBe(true);
      expect(fitted.replace(/\s+/g, '')).toBe(auditText(plan, items, lang, true).replace(/\s+/g, ''));
    }
  });

  it("finds row 19's 222 % in the 13th plan's Table 1 and footnote 1 on row 18", () => {
    const thirteenth = auditPlan(loadPlan('yongzhou-civil-affairs-13th'));
    expect(thirteenth.filter((i) => !i.consistent).map((i) => i.id)).toEqual(['F-01', 'T1-19/actual']);
    expect(thirteenth.filter((i) => i.kind === 'growth')).toHaveLength(42);
  });
});
