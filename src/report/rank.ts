/** The league table of a rule for people and machines: rank, unit, value, target, milestone, status, progress, gap. */
import type { Report } from '../check.js';
import type { Ranking } from '../evaluate/rank.js';
import { unitName } from '../registry.js';
import type { Lang, Result } from '../types.js';
import type { JunitCase } from './junit.js';
import { gapText, milestoneText, progressWord, targetText, valueText, type Block, type Cell } from './layout.js';
import type { Printable } from './printable.js';
import { SYMBOL, statusWord, word } from './words.js';

/** The columns of a ranking in CSV, in each language. */
const RANK_HEAD: Record<Lang, string[]> = {
  en: ['rank', 'unit', 'unit_name', 'period', 'value', 'op', 'target', 'milestone', 'status', 'progress', 'gap', 'gap_unit', 'gap_field'],
  zh: ['名次', '单位代码', '单位名称', '报告期', '数值', '比较', '目标', '进度目标', '状态', '进度', '差距', '差距单位', '差距字段'],
};

/** The league table as a document in a language. */
export function rankPrintable(ranking: Ranking, report: Report, lang: Lang): Printable {
  const rule = report.plan.rules.find((r) => r.id === ranking.rule)!;
  const name = (code: string) => unitName(report.registry.byCode.get(code) ?? report.registry.city, lang);
  const cells = (rank: string, r: Result): Cell[] => [
    { text: rank },
    { text: name(r.unit) },
    { text: valueText(r, rule, lang) },
    { text: targetText(r, rule, lang) },
    { text: milestoneText(r, rule, lang) },
    { text: `${SYMBOL[r.status]} ${statusWord(r.status, lang)}`, status: r.status },
    { text: r.progress ? progressWord(r.progress, lang) : '' },
    { text: gapText(r, lang) },
  ];
  const rows = ranking.places.map((p) => cells(String(p.rank), p.result));
  if (ranking.city) rows.push(cells('', ranking.city).map((c) => ({ ...c, strong: true })));
  const head = word('rankHead', lang).split('|');
  const blocks: Block[] = [
    { kind: 'heading', text: `${rule.id} ${rule.title[lang]} · ${word('period', lang)} ${ranking.period ?? '—'}` },
    { kind: 'table', head, rows },
    {
      kind: 'note',
      text: word(ranking.by === 'value' ? 'rankByValue' : ranking.by === 'gap' ? 'rankByGap' : 'rankByProgress', lang),
      tone: 'dim',
    },
  ];
  const cases: JunitCase[] = ranking.places.map((p) => {
    const test: JunitCase = { classname: rule.id, name: `${p.rank}. ${p.result.unit} ${p.result.period}` };
    if (p.result.status === 'fail')
      test.failure = { message: `value ${p.result.value}, target ${targetText(p.result, rule, 'en')}`, type: p.result.attribute };
    else if (p.result.status === 'no_data') test.skipped = 'no data';
    return test;
  });
  return {
    title: `${rule.id} ${rule.title[lang]}`,
    blocks,
    json: {
      plan: report.plan.id,
      rule: ranking.rule,
      period: ranking.period,
      by: ranking.by,
      ranking: ranking.places.map((p) => ({ rank: p.rank, ...p.result })),
      city: ranking.city,
    },
    csv: {
      head: RANK_HEAD[lang],
      // In Chinese the words are Chinese (状态, 进度, 差距单位); codes, numbers and column ids stay as they are.
      rows: ranking.places.map(({ rank, result: r }) => {
        const zh = lang === 'zh';
        const [status, progress, gapUnit] = zh
          ? [statusWord(r.status, 'zh'), r.progress && progressWord(r.progress, 'zh'), r.gap?.unit]
          : [r.status, r.progress, r.gap?.unit_en];
        return [
          rank,
          r.unit,
          name(r.unit),
          r.period,
          r.value,
          r.op,
          Array.isArray(r.target) ? r.target.join('-') : r.target,
          r.milestone,
          status,
          progress,
          r.gap?.amount,
          gapUnit,
          r.gap?.field,
        ];
      }),
    },
    junit: { suite: `${report.plan.id} ${rule.id} ${ranking.period ?? ''}`, cases },
  };
}
