/**
 * The report as an Excel workbook for a bureau: the results (one row each, numbers as numbers),
 * the matrix of values by unit and of statuses, the completion table (as the plan's Table 1)
 * and the problems in the data, a sheet each, in the report's language. Written by SheetJS,
 * loaded only when a workbook is asked for.
 */
import { hintOf, messageOf } from '../catalog.js';
import type { Report } from '../check.js';
import type { Change, Comparison } from '../evaluate/compare.js';
import { completionTable } from '../evaluate/completion.js';
import { historyOf, seriesKey } from '../history.js';
import { unitName } from '../registry.js';
import type { Lang } from '../types.js';
import { completionPrintable } from './completion.js';
import { sheetJsPackage } from '../lazy.js';
import { resultTable } from './csv.js';
import { compareIds, matrixOf } from './layout.js';
import type { ReporterOptions } from './options.js';
import { statusWord, word } from './words.js';
import { REPORT_SHEETS } from './xlsx-sheets.js';

type Table = (string | number | null | undefined)[][];

const PROBLEM_HEAD = {
  zh: ['文件', '行', '列', '字段', '代码', '级别', '说明', '建议'],
  en: ['file', 'line', 'column', 'field', 'code', 'severity', 'message', 'hint'],
};

/** The matrices of the latest period: a row per rule, a column per unit and the whole. */
function matrices(report: Report, lang: Lang): { values: Table; statuses: Table } {
  const results = historyOf(report).latest;
  const { ids, cellOf } = matrixOf(results);
  const units = [...report.registry.units, report.registry.city];
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const head = [lang === 'zh' ? '规则' : 'rule', lang === 'zh' ? '指标' : 'indicator', ...units.map((u) => unitName(u, lang, true))];
  const row = (id: string, cell: (code: string) => string | number | null | undefined) => [
    id,
    rules.get(id)!.title[lang],
    ...units.map((u) => cell(u.code)),
  ];
  return {
    values: [head, ...ids.map((id) => row(id, (code) => cellOf(id, code)?.value))],
    statuses: [
      head,
      ...ids.map((id) =>
        row(id, (code) => {
          const result = cellOf(id, code);
          return result && statusWord(result.status, lang);
        }),
      ),
    ],
  };
}

const COMPARISON_HEAD = {
  zh: [
    '规则',
    '指标',
    '层级',
    '单位代码',
    '单位',
    '此前报告期',
    '此前数值',
    '此前状态',
    '现在报告期',
    '现在数值',
    '现在状态',
    '变化',
    '比较',
  ],
  en: [
    'rule',
    'indicator',
    'level',
    'unit',
    'unit_name',
    'period_before',
    'value_before',
    'status_before',
    'period_now',
    'value_now',
    'status_now',
    'moved',
    'change',
  ],
};

/**
 * The comparison with an earlier drop (--compare), a row for each result that newly misses, was
 * fixed, or whose value moved, in rule order: as the table report's lists, every one of them.
 */
function comparisonTable(report: Report, comparison: Comparison, lang: Lang): Table {
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const named = (code: string) => unitName(report.registry.byCode.get(code) ?? report.registry.city, lang);
  const kinds = new Map<string, { change: Change; kind?: string }>();
  for (const change of comparison.changes) kinds.set(seriesKey(change), { change });
  for (const [list, kind] of [
    [comparison.newly_failing, word('newlyMissedOne', lang)],
    [comparison.fixed, word('fixedOne', lang)],
  ] as const)
    for (const change of list) kinds.set(seriesKey(change), { change, kind });
  const moved = (c: Change) =>
    c.direction === undefined ? undefined : word(c.direction === 'good' ? 'towardsTarget' : 'awayFromTarget', lang);
  const rows = [...kinds.values()]
    .sort((a, b) => compareIds(a.change.rule, b.change.rule) || a.change.unit.localeCompare(b.change.unit))
    .map(({ change: c, kind }) => [
      c.rule,
      rules.get(c.rule)?.title[lang],
      c.level,
      c.unit,
      named(c.unit),
      c.before?.period,
      c.before?.value,
      c.before && statusWord(c.before.status, lang),
      c.after?.period,
      c.after?.value,
      c.after && statusWord(c.after.status, lang),
      moved(c),
      kind,
    ]);
  return [COMPARISON_HEAD[lang], ...rows];
}

/** Renders the report as an .xlsx workbook's bytes. */
export async function xlsxReport(report: Report, options: ReporterOptions): Promise<Uint8Array> {
  const { utils, write } = sheetJsPackage();
  const { lang } = options;
  const book = utils.book_new();
  const add = (name: { zh: string; en: string }, table: Table) =>
    utils.book_append_sheet(book, utils.aoa_to_sheet(table.map((row) => row.map((cell) => cell ?? null))), name[lang]);
  const results = resultTable(report, lang);
  add(REPORT_SHEETS.results, [results.head, ...results.rows]);
  const { values, statuses } = matrices(report, lang);
  add(REPORT_SHEETS.values, values);
  add(REPORT_SHEETS.statuses, statuses);
  if (report.results.length > 0) {
    const completion = completionPrintable(completionTable(report), report, lang).csv;
    add(REPORT_SHEETS.completion, [completion.head, ...completion.rows]);
  }
  const problems = report.issues.filter((i) => i.severity !== 'info');
  add(REPORT_SHEETS.problems, [
    PROBLEM_HEAD[lang],
    ...problems.map((i) => [i.file, i.line, i.column, i.field, i.code, i.severity, messageOf(i, lang), hintOf(i, lang)]),
  ]);
  if (report.comparison) add(REPORT_SHEETS.comparison, comparisonTable(report, report.comparison, lang));
  return write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}
