/**
 * The results as CSV for Excel: UTF-8 with a byte-order mark so that Excel reads the Chinese
 * right, one row per result, numbers as numbers, text cells safe from formula injection.
 */
import type { Report } from '../check.js';
import type { Plan, Rule } from '../plan/plan.js';
import type { Lang, Result } from '../types.js';
import { unitName, type Registry } from '../registry.js';
import { csvCell } from './escape.js';
import { progressWord } from './layout.js';
import { reasonWord, statusWord } from './words.js';
import { textPieces, wholeReport, type ReporterOptions, type ReportPieces } from './options.js';

const HEAD = [
  'rule',
  'indicator',
  'level',
  'unit',
  'unit_name',
  'period',
  'value',
  'op',
  'target',
  'status',
  'attribute',
  'reason',
  'milestone',
  'progress',
  'gap',
  'gap_unit',
  'gap_field',
];

/** The same columns headed in Chinese, for --lang zh. */
const HEAD_ZH = [
  '规则',
  '指标',
  '层级',
  '单位代码',
  '单位名称',
  '报告期',
  '数值',
  '比较',
  '目标',
  '状态',
  '属性',
  '无数据原因',
  '进度目标',
  '进度',
  '差距',
  '差距单位',
  '差距字段',
];

const ATTRIBUTE_ZH: Record<string, string> = { binding: '约束性', expected: '预期性' };

/** What a result's row needs besides the result: the rules' titles, the units' names and the language. */
interface RowContext {
  lang: Lang;
  rules: ReadonlyMap<string, Rule>;
  names: ReadonlyMap<string, string>;
  levels: Registry['levels'];
}

function rowContext(plan: Plan, lang: Lang): RowContext {
  const registry = plan.registry;
  const names = new Map<string, string>([
    [registry.city.code, unitName(registry.city, lang)],
    ...registry.units.map((u) => [u.code, unitName(u, lang)] as [string, string]),
  ]);
  return { lang, rules: new Map(plan.rules.map((r) => [r.id, r])), names, levels: registry.levels };
}

/** One result's row, worded in the report's language; numbers stay numbers. */
function resultRow(r: Result, { lang, rules, names, levels }: RowContext): (string | number | null | undefined)[] {
  const target = Array.isArray(r.target) ? `${r.target[0]}-${r.target[1]}` : r.target;
  // In Chinese the words are Chinese (层级, 状态, 属性, 原因, 进度); codes, numbers and column ids stay as they are.
  const words =
    lang === 'zh'
      ? [
          r.level === 'city' ? levels.city.zh : levels.county.zh,
          statusWord(r.status, 'zh'),
          ATTRIBUTE_ZH[r.attribute] ?? r.attribute,
          r.reason && reasonWord(r.reason, 'zh', levels.city.zh),
          r.progress && progressWord(r.progress, 'zh'),
        ]
      : [r.level, r.status, r.attribute, r.reason, r.progress];
  const [level, status, attribute, reason, progress] = words;
  return [
    r.rule,
    rules.get(r.rule)?.title[lang],
    level,
    r.unit,
    names.get(r.unit),
    r.period,
    r.value,
    r.op,
    target,
    status,
    attribute,
    reason,
    r.milestone,
    progress,
    r.gap?.amount,
    lang === 'zh' ? r.gap?.unit : r.gap?.unit_en,
    r.gap?.field,
  ];
}

/** The results as a table: one row per result, headed and worded in the report's language; numbers stay numbers. */
export function resultTable(report: Report, lang: Lang): { head: string[]; rows: (string | number | null | undefined)[][] } {
  const context = rowContext(report.plan, lang);
  return { head: lang === 'zh' ? HEAD_ZH : HEAD, rows: report.results.map((r) => resultRow(r, context)) };
}

/** Renders the results as CSV (problems are in the JSON report and the exit code): its pieces, put together. */
export function csvReport(report: Report, options: ReporterOptions): string {
  return wholeReport(new CsvReportPieces(report.plan, options), report);
}

/** The CSV report written as its results come, a period at a time: the pieces together are csvReport's text, byte for byte. */
export class CsvReportPieces implements ReportPieces {
  private readonly context: RowContext;

  constructor(plan: Plan, options: ReporterOptions) {
    this.context = rowContext(plan, options.lang);
  }

  head(): string {
    return `\ufeff${(this.context.lang === 'zh' ? HEAD_ZH : HEAD).join(',')}\r\n`;
  }

  results(results: readonly Result[]): Generator<string, void, undefined> {
    return textPieces(results, (result) => `${csvLine(resultRow(result, this.context))}\r\n`);
  }

  tail(): string[] {
    return [];
  }
}

/** A table as CSV for Excel (a byte-order mark, CRLF line ends, every cell through csvCell), RESULTS_A_PIECE rows a piece, made as the rows come. */
export function csvTablePieces(
  head: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
): Generator<string, void, undefined> {
  return textPieces(rows, (row) => `${csvLine(row)}\r\n`, `\ufeff${head.join(',')}\r\n`);
}

/** One line of CSV for Excel, every cell through csvCell. */
function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}
