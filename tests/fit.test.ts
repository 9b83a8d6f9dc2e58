/** Fitting text reports to a terminal's width, and amounts as English writes them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { formatAmount } from '../src/format.js';
import { fitTable, textWidth, wrapParts, wrapWords } from '../src/report/fit.js';
import { REPORTERS } from '../src/report/index.js';
import type { Lang } from '../src/types.js';

const widest = (text: string) => Math.max(...text.split('\n').map(textWidth));

describe('tables fit the terminal', () => {
  for (const [paths, lang] of [
    [['data/samples/2025-12'], 'zh'],
    [['data/samples/2025-12'], 'en'],
    [['data/samples/2025-12/daoxian.csv'], 'en'],
    [['tests/fixtures/problems'], 'zh'],
  ] as [string[], Lang][]) {
    it(`${paths[0]} in ${lang}: no line wider than 80 or 60 columns, nothing lost`, async () => {
      const report = await check(paths);
      const wide = REPORTERS.table!.render(report, { lang, color: false });
      for (const width of [80, 60]) {
        const text = REPORTERS.table!.render(report, { lang, color: false, width });
        expect(widest(text)).toBeLessThanOrEqual(width);
        // Every rule id shown wide is still shown narrow.
        for (const id of new Set(wide.match(/\b[TC]\d+-\d+[a-z]?\b/g))) expect(text).toContain(id);
      }
      expect(widest(wide)).toBeGreaterThan(80);
    });
  }

  it('breaks a heading between its parts first, so that the period stays on one line', async () => {
    const report = await check(['data/samples/2025-12/daoxian.csv']);
    const heading = (width: number) => REPORTERS.table!.render(report, { lang: 'en', color: false, width }).split('\n\n')[0]!;
    // 85 columns wide: at 80 the title and the period go on two lines, each whole.
    expect(heading(100)).toBe('Yongzhou Civil Affairs Development Plan for the 14th Five-Year Period · Period 2025-12');
    expect(heading(80)).toBe('Yongzhou Civil Affairs Development Plan for the 14th Five-Year Period\nPeriod 2025-12');
    // A part wider than the line is broken between its words.
    expect(heading(40)).toBe('Yongzhou Civil Affairs Development Plan\nfor the 14th Five-Year Period\nPeriod 2025-12');
  });

  it('a matrix shows values where they fit and symbols alone where they do not', () => {
    const table = {
      head: ['rule', 'a', 'b'],
      rows: [[{ text: 'R1' }, { text: '✔ 54.9', short: '✔' }, { text: '✘ 1,020', short: '✘' }]],
      keys: 1,
    };
    expect(fitTable(table, 40)[0]!.rows[0]!.map((c) => c.text)).toEqual(['R1', '✔ 54.9', '✘ 1,020']);
    expect(fitTable(table, 20)[0]!.rows[0]!.map((c) => c.text)).toEqual(['R1', '✔', '✘']);
    expect(fitTable(table, 14).map((part) => part.head)).toEqual([
      ['rule', 'a'],
      ['rule', 'b'],
    ]);
  });

  it('leaves out columns empty in every row, and draws rows as records when columns would be too narrow', () => {
    const table = {
      head: ['Rule', 'Indicator', 'Milestone', 'Gap'],
      rows: [
        [
          { text: 'T2-10' },
          { text: 'Share of care-type beds in elderly-care institutions' },
          { text: '' },
          { text: 'raise care_beds by 1 bed' },
        ],
      ],
    };
    expect(fitTable(table, undefined)[0]!.head).toEqual(['Rule', 'Indicator', 'Gap']);
    const narrowed = fitTable(table, 70)[0]!;
    expect(narrowed.records).toBeUndefined();
    expect(narrowed.widths!.reduce((sum, w) => sum + w + 3, 1)).toBeLessThanOrEqual(70);
    expect(fitTable(table, 40)[0]).toMatchObject({ records: true });
  });

  it('narrows the columns of short words before one whose id would be cut, where that fits', () => {
    const head = ['Rule', 'Indicator', 'Value', 'Target', 'Status', 'What it takes'];
    const rows = [
      [
        { text: 'T2-08' },
        { text: 'Living-allowance coverage of eligible persons with disabilities' },
        { text: '96.99 %' },
        { text: '= 100 %' },
        { text: '✘ fail' },
        { text: 'raise disabled_living_covered by 24,067 persons' },
      ],
    ];
    const [part] = fitTable({ head, rows }, 84);
    expect(part!.widths![5]).toBeGreaterThanOrEqual('disabled_living_covered'.length);
    expect(part!.widths!.reduce((sum, w) => sum + w + 3, 1)).toBeLessThanOrEqual(84);
    // Where even that does not fit, the widest column gives way as before: the table still fits.
    const [narrow] = fitTable({ head, rows }, 80);
    expect(narrow!.widths!.reduce((sum, w) => sum + w + 3, 1)).toBeLessThanOrEqual(80);
  });

  it('counts no column for a colour, so painted words wrap where plain ones do', () => {
    const dim = (text: string) => `\u001b[2m${text}\u001b[22m`;
    expect(textWidth(dim('What it takes'))).toBe(13);
    const words = ['Value 99.9 %', 'Target = 100 %', 'What it takes raise disabled_care_covered by 5'];
    const plain = wrapWords(words.join(' · '), 40, '  ');
    expect(wrapWords(words.map(dim).join(' · '), 40, '  ').replaceAll('\u001b[2m', '').replaceAll('\u001b[22m', '')).toBe(plain);
  });

  it('wraps fields between them first, so that a Chinese field that fits on a line is not cut, and one too wide as words wrap', () => {
    const fields = ['单位 人', '2023-06 完成值 25,563', '预期年均增长率 5.46%', '实际年均增长率 4.32%'];
    expect(wrapParts(fields, 48, '  ').split('\n')).toEqual([
      '  单位 人 · 2023-06 完成值 25,563',
      '  预期年均增长率 5.46% · 实际年均增长率 4.32%',
    ]);
    // A field wider than a line is broken within, the next joining its last line where it fits.
    const wide = wrapParts(['完成情况 滞后', '精神障碍社区康复服务机构覆盖率达到百分之八十', '属性 预期性'], 24, '  ', '    ').split('\n');
    expect(wide.every((line) => textWidth(line) <= 24)).toBe(true);
    expect(wide[0]).toBe('  完成情况 滞后');
    expect(wide.at(-1)).toMatch(/ · 属性 预期性$/);
    expect(wide.join('').replace(/[\s·]/g, '')).toBe('完成情况滞后精神障碍社区康复服务机构覆盖率达到百分之八十属性预期性');
    // A list's line broken between items keeps its semicolon, within the width.
    expect(wrapParts(['C2-03 (Xintian)', 'C2-05 (Lanshan, Yongzhou City)'], 30, '', '', '; ', ';')).toBe(
      'C2-03 (Xintian);\nC2-05 (Lanshan, Yongzhou City)',
    );
    expect(wrapParts(['Failed: T2-09 (Daoxian)', 'T2-10 (Daoxian)'], 24, '', '', '; ', ';').split('\n')).toEqual([
      'Failed: T2-09 (Daoxian);',
      'T2-10 (Daoxian)',
    ]);
  });

  it('wraps between words, and inside a run of Chinese longer than a line', () => {
    expect(wrapWords('aaa bbb ccc', 7, '', '  ')).toBe('aaa bbb\n  ccc');
    const lines = wrapWords('差距 精神障碍社区康复机构需增加 1 所', 12, '  ').split('\n');
    expect(lines.every((l) => textWidth(l) <= 12)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe('差距精神障碍社区康复机构需增加1所');
  });

  it('breaks a run of Chinese after a Chinese character, not inside an id or a number that fits on the next line', () => {
    const text = '81 条规则在所有单位均无数值：C1-06a、C1-06b、C1-07a、C1-07b、C2-03、C2-04、C2-05';
    const lines = wrapWords(text, 30, '', '  ').split('\n');
    expect(lines.every((l) => textWidth(l) <= 30)).toBe(true);
    for (const id of ['C1-06a', 'C1-06b', 'C1-07a', 'C1-07b', 'C2-03', 'C2-04', 'C2-05'])
      expect(
        lines.some((l) => l.includes(id)),
        id,
      ).toBe(true);
    // An ASCII run longer than a line is still cut to fit.
    expect(
      wrapWords('数值：ABCDEFGHIJKLMNOPQRSTUVWXYZ', 12, '', '    ')
        .split('\n')
        .every((l) => textWidth(l) <= 12),
    ).toBe(true);
  });

  it('begins a run of Chinese on the line where there is room for it, as Chinese fills its lines; a word of Latin letters moves whole', () => {
    // The message an analyst saw at 80 columns: 第 1 at the end of one line, 行不是表头… on the next.
    const said = 'roster.csv:1: warning title-row 第 1 行不是表头（“永州市养老机构名册(2025年12月)”），已跳过';
    const lines = wrapWords(said, 60, '', '    ').split('\n');
    expect(lines[0]).toMatch(/第 1 行不是表头/);
    expect(lines.every((l) => textWidth(l) <= 60)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe(said.replace(/\s/g, ''));
    // No line begins with a closing mark where the room left ends just before one.
    expect(wrapWords('一二三 四，五', 10).split('\n')).toEqual(['一二三', '四，五']);
    expect(wrapWords('abc defghij', 10)).toBe('abc\ndefghij');
  });

  it('starts no line with a closing mark and ends none with an opening one, as Chinese is set', () => {
    const text = '缺少 11 个单位的数据，全市指标无法计算：祁阳、双牌、道县、江永、宁远、蓝山、新田、江华、经开区、金洞、回龙圩（市本级）';
    for (let width = 20; width <= 80; width++) {
      const lines = wrapWords(text, width).split('\n');
      expect(lines.every((l) => textWidth(l) <= width)).toBe(true);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      for (const l of lines.slice(1)) expect(l, `${width}: ${lines.join(' | ')}`).not.toMatch(/^[、，。：；）]/);
      for (const l of lines.slice(0, -1)) expect(l, `${width}: ${lines.join(' | ')}`).not.toMatch(/[（“]$/);
    }
    // Nor with an ASCII mark or the slash of 是/否, where Chinese runs around them.
    const said = '是 在“查明身份信息（是/否）”为“否”时不能为“是”，附文件:行:列';
    for (let width = 20; width <= 60; width++) {
      const lines = wrapWords(said, width, '', '    ').split('\n');
      expect(lines.join('').replace(/ /g, '')).toBe(said.replace(/ /g, ''));
      for (const l of lines.slice(1)) expect(l.trimStart(), `${width}: ${lines.join(' | ')}`).not.toMatch(/^[/:]/);
    }
    // Nor with an ASCII quote that closes a Chinese label, nor ends one with a quote that opens one, as an English message quotes them.
    const quoted = '"序号", "姓名", "联系电话", "备注" are not columns of the roster';
    for (let width = 12; width <= 40; width++) {
      const lines = wrapWords(quoted, width, '', '    ').split('\n');
      expect(lines.join('').replace(/ /g, '')).toBe(quoted.replace(/ /g, ''));
      for (let i = 1; i < lines.length; i++) {
        const [before, after] = [lines[i - 1]!, lines[i]!.trimStart()];
        expect(/[一-龥]$/u.test(before) && after.startsWith('"'), `${width}: ${lines.join(' | ')}`).toBe(false);
        expect(before.endsWith('"') && /^[一-龥]/u.test(after), `${width}: ${lines.join(' | ')}`).toBe(false);
      }
    }
    // The line the terminal of 80 columns showed: 新田 ended one line, 、江华 began the next.
    expect(wrapWords(text, 80).split('\n')[1]).toMatch(/^田、江华/);
    // Three marks in a row (”），), which a title quoted in brackets ends with: the break goes before the character they follow.
    const title = 'messy.csv:1: warning title-row 第 1 行不是表头（“道县2025年12月民政事业统计表”），已跳过';
    for (let width = 30; width <= 80; width++) {
      const lines = wrapWords(title, width, '', '    ').split('\n');
      expect(lines.join('').replace(/ /g, '')).toBe(title.replace(/ /g, ''));
      for (const l of lines.slice(1)) expect(l.trimStart(), `${width}: ${lines.join(' | ')}`).not.toMatch(/^[，）”]/);
    }
  });

  it('never writes a line wider than asked, and loses no character, whatever the words', () => {
    const piece = fc.constantFrom('C1-06a', '、', '数值', '无', ' ', 'x', '12,345', '——', '。');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 8, max: 40 }),
        fc.constantFrom('', '  '),
        fc.constantFrom('', '    '),
        (pieces, width, first, rest) => {
          const text = pieces.join('');
          const lines = wrapWords(text, width, first, rest).split('\n');
          expect(lines.every((l) => textWidth(l) <= width)).toBe(true);
          expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('amounts in English', () => {
  it('one is singular, scaled units are spelled out', () => {
    expect(formatAmount(1, 'bases', 'en')).toBe('1 base');
    expect(formatAmount(1, 'cemeteries', 'en')).toBe('1 cemetery');
    expect(formatAmount(2, 'bases', 'en')).toBe('2 bases');
    expect(formatAmount(4, '10k persons', 'en')).toBe('40,000 persons');
    expect(formatAmount(0.35, '10k persons', 'en')).toBe('3,500 persons');
    expect(formatAmount(3.7, '100 million yuan', 'en')).toBe('370 million yuan');
    expect(formatAmount(1, '%', 'en')).toBe('1 %');
    expect(formatAmount(4, '万人', 'zh')).toBe('4 万人');
  });
});

describe('what a reader sees first', () => {
  it('the summary names the failed rules with their units, and why results have no data', async () => {
    const text = REPORTERS.table!.render(await check(['data/samples/2025-12/daoxian.csv']), { lang: 'en', color: false });
    expect(text).toMatch(/Failed: T2-09 \(Daoxian\); T2-10 \(Daoxian\)/);
    expect(text).toMatch(/No data: 57 \(city results need every unit\); 19 \(no row for the unit\)/);
  });

  it('--only-failing keeps the rules that fail or fall short, problems first', async () => {
    const report = await check(['data/samples/2025-12/daoxian.csv']);
    const text = REPORTERS.table!.render(report, { lang: 'en', color: false, onlyFailing: true });
    const ids = [...text.matchAll(/^│ ([TC]\d+-\d+[a-z]?) /gm)].map((m) => m[1]);
    expect(ids).toEqual(['T2-09', 'T2-10', 'C6-02', 'T2-04']);
    const markdown = REPORTERS.markdown!.render(report, { lang: 'zh', color: false, onlyFailing: true });
    expect(markdown).toContain('T2-10');
    expect(markdown).not.toContain('T2-03');
  });
});
