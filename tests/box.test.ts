/** Tables for a terminal (src/report/box.ts), held to cli-table3's compact style, the design card's table package. */
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainRule, listingText, listRules } from '../src/listing.js';
import { loadPlan } from '../src/plan/load.js';
import { drawBox, type BoxCell } from '../src/report/box.js';
import { textWidth } from '../src/report/fit.js';

const paint = new Chalk({ level: 1 });
const PAINTS = [undefined, paint.bold, paint.red, paint.green, paint.gray];

/** Text of the kinds reports hold: Latin, digits, Chinese, the status symbols and signs, spaces. */
const text = fc
  .array(fc.constantFrom(...'aZ09 -%.,/()_道县护理型床位占比（）“”：、✔✘▲≥≤=·—'.split('')), { maxLength: 14 })
  .map((chars) => chars.join(''));
// Blanks painted are not compared: nothing of them shows, and cli-table3 keeps their codes in the head only.
const cell = fc
  .record({ text, paint: fc.constantFrom(...PAINTS) }, { requiredKeys: ['text'] })
  .filter((c) => !c.paint || c.text.trim() !== '' || c.text === '');

/** What cli-table3 draws for the same cells, compact, without its own colours. */
function reference(head: readonly BoxCell[], rows: readonly (readonly BoxCell[])[], widths?: readonly number[]): string {
  const shown = (c: BoxCell) => (c.paint && c.text ? c.paint(c.text) : c.text);
  const table = new Table({
    head: head.map(shown),
    style: { head: [], border: [], compact: true },
    ...(widths ? { colWidths: widths.map((w) => w + 2), wordWrap: true } : {}),
  });
  for (const row of rows) table.push(row.map(shown));
  return table.toString();
}

describe('drawBox', () => {
  it('draws what cli-table3 draws, byte for byte, colours and all, for any table whose cells fit their columns', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((columns) =>
            fc.tuple(
              fc.array(cell, { minLength: columns, maxLength: columns }),
              fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 6 }),
              fc.array(fc.nat(6), { minLength: columns, maxLength: columns }),
            ),
          ),
        ([head, rows, extra]) => {
          expect(drawBox(head, rows)).toBe(reference(head, rows));
          // Given widths at least as wide as every cell: nothing wraps.
          const widths = head.map((h, i) => Math.max(1, textWidth(h.text), ...rows.map((r) => textWidth(r[i]!.text))) + extra[i]!);
          expect(drawBox(head, rows, widths)).toBe(reference(head, rows, widths));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wraps a cell too wide for its column between words, and breaks a word longer than the line instead of cutting it off', () => {
    const drawn = drawBox(
      [{ text: 'Rule' }, { text: 'Indicator' }],
      [[{ text: 'T2-04' }, { text: 'per 100 households 每百户居民拥有的城乡社区综合服务设施建筑面积' }]],
      [5, 12],
    );
    const lines = drawn.split('\n');
    expect(lines.every((line) => textWidth(line) === textWidth(lines[0]!))).toBe(true);
    const second = lines.slice(3, -1).map((line) => line.split('│')[2]!.trim());
    expect(second.join('').replace(/ /g, '')).toBe('per100households每百户居民拥有的城乡社区综合服务设施建筑面积');
    expect(second[0]).toBe('per 100');
    expect(lines.slice(3, -1).map((line) => line.split('│')[1]!.trim())).toEqual(['T2-04', ...Array(second.length - 1).fill('')]);
  });

  it('paints each wrapped line on its own, and measures the text, not the colour codes', () => {
    const drawn = drawBox([{ text: 'Status' }], [[{ text: 'fail fail fail', paint: paint.red }]], [9]);
    expect(drawn.split('\n').slice(3, -1)).toEqual(['│ \u001b[31mfail fail\u001b[39m │', '│ \u001b[31mfail\u001b[39m      │']);
  });

  it('keeps its lines aligned with a tab in a cell', () => {
    const lines = drawBox([{ text: 'Unit' }], [[{ text: 'Dao\tCounty' }], [{ text: 'x' }]]).split('\n');
    expect(lines[3]).toBe('│ Dao County │');
    expect(new Set(lines.map(textWidth)).size).toBe(1);
  });

  it('draws many thousands of rows (more than a call takes arguments)', () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => [{ text: String(i) }]);
    expect(drawBox([{ text: 'n' }], rows).split('\n')[1]).toBe('│ n      │');
  });
});

describe('the rules listing', () => {
  it('shows every indicator title whole, wrapped in its column, none cut off', () => {
    const plan = loadPlan();
    const lines = listRules(plan, 'table', 'zh')
      .split('\n')
      .filter((line) => line.startsWith('│'));
    const titles = new Map<string, string>();
    let id = '';
    for (const line of lines.slice(1)) {
      const [, rule, title] = line.split('│').map((cell) => cell.trim());
      if (rule) id = rule;
      titles.set(id, (titles.get(id) ?? '') + title);
    }
    expect(titles.size).toBe(plan.rules.length);
    for (const rule of plan.rules) expect(titles.get(rule.id), rule.id).toBe(rule.title.zh.replace(/ /g, ''));
    expect(plan.rules.some((rule) => textWidth(rule.title.zh) > 32)).toBe(true);
  });

  it('fits an 80-column terminal: each rule a record, no line wider', () => {
    const plan = loadPlan();
    const lines = listRules(plan, 'table', 'en', 80).split('\n');
    expect(lines.filter((line) => textWidth(line) > 80)).toEqual([]);
    for (const rule of plan.rules)
      expect(
        lines.some((line) => line.startsWith(`${rule.id} `)),
        rule.id,
      ).toBe(true);
  });

  it("explains which of a rule's columns a roster gives, and how", () => {
    const plan = loadPlan();
    const explained = (id: string, lang: 'en' | 'zh') =>
      explainRule(
        plan,
        plan.rules.find((rule) => rule.id === id)!,
        plan.registry,
        lang,
      );
    expect(explained('T2-09', 'zh')).toContain(
      '名册      困难残疾人两项补贴名册（disabled_allowances）：disabled_care_eligible = count(care_eligible)；disabled_care_covered = count(care_eligible and care_paid)。报送数据含名册时按名册逐行计算\n',
    );
    expect(explained('T2-05', 'en')).toMatch(
      /^Rosters {9}.*\(rescue_cases\): stranded_identified = count\(identified\); stranded_returned = count\(identified and returned\); counted from the roster's rows where the drop holds one$/m,
    );
    expect(explained('T2-03', 'en')).not.toContain('Rosters');
  });

  it('names a column a target is compared with by what it counts, in Chinese; by its id in English and in JSON', () => {
    const plan = loadPlan();
    const explained = (id: string, lang: 'en' | 'zh') =>
      explainRule(
        plan,
        plan.rules.find((rule) => rule.id === id)!,
        plan.registry,
        lang,
      );
    expect(explained('T2-02a', 'zh')).toContain('目标      ≥ 居民上年度人均消费支出增速 %（规划原文：不低于居民上年度人均消费支出增速）\n');
    expect(explained('T2-02a', 'en')).toContain(
      'Target          ≥ consumption_growth_prev % (printed: 不低于居民上年度人均消费支出增速)\n',
    );
    expect(listRules(plan, 'table', 'zh', 200)).toMatch(
      /│ T2-02a │ 城市低保标准年度增速 +│ 预期性 │ 县市区 +│ ≥ 居民上年度人均消费支出增速 % +│/,
    );
    expect(JSON.parse(listRules(plan, 'json', 'zh')).rules.find((rule: { id: string }) => rule.id === 'T2-02a').target).toBe(
      '≥ consumption_growth_prev',
    );
  });

  it('explains a rule within an 80-column terminal, and as written in a pipe', () => {
    const plan = loadPlan();
    for (const rule of plan.rules) {
      for (const lang of ['en', 'zh'] as const) {
        const fitted = explainRule(plan, rule, plan.registry, lang, 80);
        expect(
          fitted.split('\n').filter((line) => textWidth(line) > 80),
          `${rule.id} ${lang}`,
        ).toEqual([]);
        // The same text either way, but for where lines break (inside a run of Chinese too).
        const words = (text: string) => text.replace(/\s+/g, '');
        expect(words(fitted)).toBe(words(explainRule(plan, rule, plan.registry, lang)));
      }
    }
  });
});

describe('the listing commands', () => {
  const rows = [
    ['431100', '永州市', 'Yongzhou City', 'city'],
    ['431102', '零陵区', 'Lingling District', 'district'],
    ['431171', '永州经济技术开发区', 'Yongzhou Economic and Technological Development Zone', 'development zone'],
    ...['431103', '431122', '431123', '431124', '431125', '431126', '431127'].map((code) => [code, '东安县', "Dong'an County", 'county']),
  ];
  /** The display column each field of a line starts at. */
  const starts = (line: string) => [...line.matchAll(/(?:^|(?<= ))[^ ](?:[^ ]| (?! ))*/g)].map((m) => textWidth(line.slice(0, m.index)));

  it('writes fields tab-separated for a script, and in columns on a terminal, a Chinese character two columns wide', () => {
    expect(listingText(rows, undefined)).toBe(rows.map((row) => `${row.join('\t')}\n`).join(''));
    const lines = listingText(rows, 120).trimEnd().split('\n');
    expect(new Set(lines.map((line) => starts(line).join(',')))).toEqual(new Set(['0,8,28,82']));
  });

  it('lets a long cell stand out of its column rather than widen it past a narrow terminal, the next column catching up', () => {
    const lines = listingText(rows, 97).trimEnd().split('\n');
    // The zone's name stands out by one space; the other lines keep their columns, which it does not widen.
    expect(lines[2]).toBe('431171  永州经济技术开发区 Yongzhou Economic and Technological Development Zone development zone');
    expect(new Set(lines.filter((_, i) => i !== 2).map((line) => starts(line).join(',')))).toEqual(new Set(['0,8,16,35']));
    // Where it would pass the terminal's edge, the cells from the one that would go on to lines of their own, indented.
    const narrow = listingText(rows, 60).trimEnd().split('\n');
    expect(narrow.slice(2, 5)).toEqual([
      '431171  永州经济技术开发区',
      '    Yongzhou Economic and Technological Development Zone',
      '    development zone',
    ]);
    expect(Math.max(...narrow.map(textWidth))).toBeLessThanOrEqual(60);
    expect(new Set(narrow.filter((_, i) => i < 2 || i > 4).map((line) => starts(line).join(',')))).toEqual(new Set(['0,8,16,35']));
  });

  it('puts the columns past those that fit across the terminal on an indented line of their own under each record', () => {
    const columns = [
      ['social_org_staff', '社会组织专职工作人员数（人）', 'integer', 'persons'],
      ['urban_dibao_standard', '城市低保标准（元/人·月）', 'number', 'yuan/person/month'],
      ['county_name', '县市区', 'text', ''],
    ];
    expect(listingText(columns, 52)).toBe(
      [
        'social_org_staff      社会组织专职工作人员数（人）',
        '    integer  persons',
        'urban_dibao_standard  城市低保标准（元/人·月）',
        '    number   yuan/person/month',
        'county_name           县市区',
        '    text',
        '',
      ].join('\n'),
    );
    // Where they all fit, one line a record.
    expect(listingText(columns, 100).trimEnd().split('\n')).toHaveLength(3);
  });
});
