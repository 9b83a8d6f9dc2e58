/**
 * The completion table for people and machines: laid out as the plan's own Table 1 (指标, 单位,
 * 基期, 目标, 完成值, 预期/实际年均增长率, 完成情况, 属性), the city first, then each unit.
 */
import { groupBy, mapped, remade } from '../arrays.js';
import type { Report } from '../check.js';
import type { Completion, CompletionRow, CompletionTable } from '../evaluate/completion.js';
import { formatNumber } from '../format.js';
import { unitName } from '../registry.js';
import type { Lang, Status } from '../types.js';
import type { JunitCase } from './junit.js';
import { unitList, type Block, type Cell } from './layout.js';
import type { Printable } from './printable.js';
import { word } from './words.js';
import { OP_SIGN } from '../defaults.js';

const COMPLETION: Record<Completion, { zh: string; en: string }> = {
  met: { zh: '达标', en: 'met' },
  not_met: { zh: '未达标', en: 'not met' },
  on_track: { zh: '符合进度', en: 'on track' },
  behind: { zh: '滞后', en: 'behind' },
  no_data: { zh: '无数据', en: 'no data' },
};

/** How a completion is coloured: a miss of a binding target as a fail, of an expected one as a warning. */
function tone(row: CompletionRow): Status {
  if (row.completion === 'no_data') return 'no_data';
  if (row.completion === 'met' || row.completion === 'on_track') return 'pass';
  return row.attribute === 'binding' ? 'fail' : 'warn';
}

const num = (n: number | null) => (n === null ? '——' : formatNumber(n));

/** A growth rate, with the printed one beside it where the plan prints another. */
function growth(rate: number | null, printed: string | undefined, agrees: boolean | undefined, lang: Lang): Cell {
  if (rate === null) return { text: printed ?? '——' };
  const text = `${formatNumber(rate)}%`;
  if (printed === undefined || agrees !== false) return { text };
  return { text: `${text}${word('printedAs', lang, { printed })}`, status: 'fail' };
}

function target(row: CompletionRow): string {
  const t = row.target.value;
  if (t === null) return row.target.printed;
  if (Array.isArray(t)) return `${formatNumber(t[0])}–${formatNumber(t[1])}`;
  // As Table 1 prints it: 100, not = 100.
  return `${row.target.op === '=' ? '' : (OP_SIGN[row.target.op] ?? '')}${formatNumber(t)}`;
}

/**
 * 完成情况, with the plan's printed one beside it where they differ (a target the plan did not
 * print), and the units that left a value empty beside no data.
 */
function completionText(row: CompletionRow, lang: Lang, report: Report): string {
  const left =
    row.completion === 'no_data' && row.without_value
      ? word('leftEmpty', lang, { units: unitList(row.without_value, report, lang) })
      : undefined;
  const empty = left === undefined ? '' : lang === 'zh' ? `（${left}）` : ` (${left})`;
  const ours = `${COMPLETION[row.completion][lang]}${empty}`;
  const printed = row.printed_completion;
  if (!printed || printed === COMPLETION[row.completion].zh) return ours;
  return `${ours}${word('printedAs', lang, { printed })}`;
}

/** The columns of the completion table in CSV and the workbook, in each language. */
const COMPLETION_HEAD: Record<Lang, string[]> = {
  en: [
    'rule',
    'indicator',
    'unit_of_measure',
    'level',
    'unit',
    'unit_name',
    'baseline',
    'target',
    'actual',
    'planned_growth',
    'actual_growth',
    'printed_planned_growth',
    'printed_actual_growth',
    'completion',
    'printed_completion',
    'attribute',
  ],
  zh: [
    '规则',
    '指标',
    '计量单位',
    '层级',
    '单位代码',
    '单位名称',
    '基期值',
    '目标值',
    '实际值',
    '规划年均增速',
    '实际年均增速',
    '规划印发的规划增速',
    '规划印发的实际增速',
    '完成情况',
    '规划印发的完成情况',
    '属性',
  ],
};

/** The completion table as a document in a language. */
export function completionPrintable(table: CompletionTable, report: Report, lang: Lang): Printable {
  const name = (code: string) => unitName(report.registry.byCode.get(code) ?? report.registry.city, lang);
  const years = { base: report.plan.baselineYear, end: report.plan.period.end, at: table.as_of };
  const head = word('completionHead', lang, years).split('|');
  const cells = (row: CompletionRow): Cell[] => [
    { text: row.rule },
    { text: row.indicator[lang] },
    { text: row.measure[lang] },
    { text: row.baseline.value === null ? row.baseline.printed : num(row.baseline.value) },
    { text: target(row) },
    { text: num(row.actual) },
    growth(row.planned_growth, row.printed_growth?.planned, row.printed_growth?.planned_agrees, lang),
    growth(row.actual_growth, row.printed_growth?.actual, row.printed_growth?.actual_agrees, lang),
    { text: completionText(row, lang, report), status: tone(row) },
    { text: word(row.attribute, lang) },
  ];
  const stage = word(table.stage === 'final' ? 'finalEvaluation' : 'midTermEvaluation', lang);
  // Each form made as it is drawn, a unit's table or a row at a time: a run of thousands of units holds none of them whole.
  function* blocks(): Generator<Block, void, undefined> {
    yield { kind: 'heading', text: `${report.plan.title[lang]} · ${stage} · ${table.as_of}` };
    for (const [code, rows] of groupBy(table.rows, (r) => r.unit)) {
      yield { kind: 'table', title: `${name(code)} (${code})`, head, rows: rows.map(cells) };
    }
    const counts = Object.fromEntries(Object.entries(table.summary).map(([k, n]) => [k, n]));
    yield { kind: 'note', text: word(table.stage === 'final' ? 'completionFinal' : 'completionMidTerm', lang), tone: 'dim' };
    for (const rule of report.plan.rules.filter((r) => r.targetNotPrinted)) {
      yield { kind: 'note', text: `${rule.id} ${rule.title[lang]}: ${rule.targetNotPrinted![lang]}`, tone: 'dim' };
    }
    yield {
      kind: 'note',
      text: word('completionSummary', lang, counts),
      tone: table.summary.not_met + table.summary.behind > 0 ? 'warn' : 'good',
    };
  }
  const junitCase = (row: CompletionRow): JunitCase => {
    const test: JunitCase = { classname: row.rule, name: `${row.unit} ${table.as_of}` };
    const detail = `${COMPLETION[row.completion].en}: actual ${row.actual ?? 'none'}, target ${target(row)}`;
    if (row.completion === 'no_data') test.skipped = 'no data';
    else if (tone(row) === 'fail') test.failure = { message: detail, type: row.attribute };
    else if (tone(row) === 'warn') test.out = detail;
    return test;
  };
  const csvRow = (r: CompletionRow) => [
    r.rule,
    r.indicator[lang],
    r.measure[lang],
    lang === 'zh' ? report.registry.levels[r.level].zh : r.level,
    r.unit,
    name(r.unit),
    r.baseline.value ?? r.baseline.printed,
    target(r),
    r.actual,
    r.planned_growth,
    r.actual_growth,
    r.printed_growth?.planned,
    r.printed_growth?.actual,
    COMPLETION[r.completion][lang],
    r.printed_completion,
    word(r.attribute, lang),
  ];
  return {
    title: `${report.plan.title[lang]} · ${stage}`,
    blocks: remade(blocks),
    json: { ...table, files: report.files },
    csv: { head: COMPLETION_HEAD[lang], rows: remade(() => mapped(table.rows, csvRow)) },
    junit: { suite: `${report.plan.id} ${table.stage} ${table.as_of}`, cases: remade(() => mapped(table.rows, junitCase)) },
  };
}
