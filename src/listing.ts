/**
 * What the listing commands print: the rules of a plan (`rules`), one rule in full (`explain`),
 * and a blank submission for a unit to fill in (`template`). Pure functions: text in, text out.
 */
import { columnsOf } from './evaluate/expression.js';
import type { Plan, Rule, Target, UnitSet } from './plan/plan.js';
import { unitName, type Registry } from './registry.js';
import { csvQuote, jsonText, terminalSafe } from './report/escape.js';
import { textWidth, wrapWords } from './report/fit.js';
import type { Lang } from './types.js';
import type { Columns, ColumnSpec } from './validate/columns.js';
import { drawText } from './report/table.js';

/** Where in the plan a rule stands, e.g. `表2 第10行` or `第三章 第四节 专栏2`. */
export function sourceText(rule: Rule, lang: Lang): string {
  const s = rule.source;
  const parts =
    lang === 'zh'
      ? [s.table, s.row !== undefined ? `第${s.row}行` : undefined, s.chapter, s.section, s.box]
      : [s.table, s.row !== undefined ? `row ${s.row}` : undefined, s.chapter, s.section, s.box];
  return parts.filter(Boolean).join(' ');
}

/**
 * A target as written, ≥ and ≤ as signs; for people in Chinese (`named`), a column it is compared
 * with by what the column counts (≥ 居民上年度人均消费支出增速, not ≥ consumption_growth_prev).
 */
function writtenTarget(target: Target, named?: { columns: Columns; lang: Lang }): string {
  const text = target.printed.replace('>=', '≥').replace('<=', '≤');
  return named?.lang === 'zh' ? text.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (id) => named.columns.byId.get(id)?.noun ?? id) : text;
}

/**
 * The lines of a listing command (plans, units, columns, codes): its fields tab-separated, for a
 * script or a file; on a terminal of `width` columns, in columns a person reads down (a Chinese
 * character two columns wide, two spaces between). Where the columns cannot all fit across the
 * terminal, those past the ones that do go on a line of their own under each record, indented,
 * in columns of their own (a plan's columns: id, header, kind and whether required, then its unit).
 */
export function listingText(rows: readonly (readonly string[])[], width: number | undefined): string {
  if (width === undefined) return rows.map((row) => `${row.join('\t')}\n`).join('');
  const groups = columnGroups(columnWidths(rows, width), width);
  return rows
    .map((row) =>
      groups
        .map(({ from, starts }, g) => {
          const cells = row.slice(from, from + starts.length);
          const indent = g > 0 ? WRAPPED_INDENT : '';
          return g > 0 && cells.every((cell) => cell === '')
            ? undefined
            : `${indent}${alignedLine(cells, starts, width - indent.length).replaceAll('\n', `\n${indent}`)}\n`;
        })
        .filter((line) => line !== undefined)
        .join(''),
    )
    .join('');
}

/** How far a record's fields past the first line stand in. */
const WRAPPED_INDENT = '    ';

/**
 * The cells of a line, each at its column's start; a cell that stands out of its column moves the
 * next one on, which the one after may catch up. A cell that would end past the terminal's `width`
 * goes on to a line of its own under the record, indented, and the cells after it with it.
 */
function alignedLine(cells: readonly string[], starts: readonly number[], width: number): string {
  let text = '';
  let at = 0;
  cells.forEach((cell, i) => {
    let gap = i === 0 ? 0 : Math.max(starts[i]! - at, 1);
    const cellWidth = textWidth(cell);
    if (i > 0 && cellWidth > 0 && at + gap + cellWidth > width) {
      text = `${text.trimEnd()}\n${WRAPPED_INDENT}`;
      [at, gap] = [WRAPPED_INDENT.length, 0];
    }
    text += ' '.repeat(gap) + cell;
    at += gap + cellWidth;
  });
  // An empty last field leaves no spaces at the end.
  return text.trimEnd();
}

/**
 * The columns in groups that each fit across the terminal, from the first (the lines after a
 * record's first indented): each group's first column and where its columns start. A column wider
 * than the terminal is a group of its own.
 */
function columnGroups(widths: readonly number[], width: number): { from: number; starts: number[] }[] {
  const groups: { from: number; starts: number[] }[] = [];
  let group: { from: number; starts: number[] } | undefined;
  let end = 0;
  widths.forEach((column, i) => {
    // The first group has the whole width; a later one, its lines indented, less.
    const room = width - (groups.length > 1 ? WRAPPED_INDENT.length : 0);
    if (group && end + 2 + column <= room) {
      group.starts.push(end + 2);
      end += 2 + column;
      return;
    }
    group = { from: i, starts: [0] };
    groups.push(group);
    end = column;
  });
  return groups;
}

/**
 * A listing's columns' widths: each as wide as its widest cell where the lines then fit the
 * terminal; else as wide as nine of its ten cells, so that a few long ones (a label of 30
 * characters) stand out of their column rather than widen it past the terminal.
 */
function columnWidths(rows: readonly (readonly string[])[], width: number): number[] {
  const cells: number[][] = [];
  for (const row of rows) row.forEach((cell, i) => (cells[i] ??= []).push(textWidth(cell)));
  const widest = cells.map((widths) => Math.max(...widths));
  if (widest.reduce((sum, column) => sum + column + 2, -2) <= width) return widest;
  return cells.map((widths) => widths.sort((a, b) => a - b)[Math.ceil(widths.length * 0.9) - 1]!);
}

/** Pads a label to a display width, counting CJK characters as two columns. */
function pad(label: string, width: number): string {
  const shown = textWidth(label);
  return label + ' '.repeat(Math.max(1, width - shown));
}

function unitSetText(set: UnitSet, registry: Registry, lang: Lang): string {
  if (set === 'all') return lang === 'zh' ? `全部 ${registry.units.length} 个单位` : `all ${registry.units.length} units`;
  if (typeof set === 'string') {
    const group = registry.groups.get(set);
    return `${group?.name[lang] ?? set} (${group?.codes.size ?? 0})`;
  }
  return set.map((code) => unitName(registry.byCode.get(code)!, lang, true)).join(lang === 'zh' ? '、' : ', ');
}

/** Where a rule is judged, in the region's words: 市州、全省; township, county. */
function levelsText(rule: Rule, registry: Registry, lang: Lang): string {
  return rule.levels.map((level) => registry.levels[level][lang]).join(lang === 'zh' ? '、' : ', ');
}

/** One rule as JSON for scripts. */
export function ruleJson(rule: Rule) {
  return {
    id: rule.id,
    title: rule.title,
    attribute: rule.attribute,
    levels: rule.levels,
    unit: rule.unit,
    metric: rule.metricText,
    target: writtenTarget(rule.target),
    target_by_unit: Object.fromEntries([...rule.targetByUnit].map(([code, t]) => [code, writtenTarget(t)])),
    applies_to: rule.appliesTo,
    city: rule.city,
    deadline: rule.deadline ?? null,
    baseline: rule.baseline ?? null,
    trajectory: rule.trajectory,
    gap_field: rule.gapField ?? null,
    printed_target: rule.printedTarget ?? null,
    target_not_printed: rule.targetNotPrinted ?? null,
    printed_completion: rule.printedCompletion ?? null,
    source: rule.source,
    note: rule.note ?? null,
  };
}

/** Columns the rules listing is fitted to where no terminal says (a pipe, a file): its titles and sources are long. */
const LISTING_WIDTH = 120;

/** The rules of a plan: a table for people, fitted to `width` terminal columns (LISTING_WIDTH without), or JSON. */
export function listRules(plan: Plan, format: 'table' | 'json', lang: Lang, width = LISTING_WIDTH): string {
  if (format === 'json')
    return jsonText({ plan: plan.id, rules: plan.rules.map(ruleJson), unquantified: plan.unquantified, out_of_scope: plan.outOfScope });
  const zh = lang === 'zh';
  const head = zh
    ? ['规则', '指标', '属性', '层级', '目标', '期限', '出处']
    : ['Rule', 'Indicator', 'Attribute', 'Levels', 'Target', 'Deadline', 'Source'];
  const rows = plan.rules.map((rule) => {
    const attribute = zh ? (rule.attribute === 'binding' ? '约束性' : '预期性') : rule.attribute;
    const levels = levelsText(rule, plan.registry, lang);
    const byUnit = rule.targetByUnit.size
      ? zh
        ? `（另有 ${rule.targetByUnit.size} 个单位目标）`
        : ` (+${rule.targetByUnit.size} per unit)`
      : '';
    return [
      rule.id,
      rule.title[lang],
      attribute,
      levels,
      `${writtenTarget(rule.target, { columns: plan.columns, lang })} ${rule.unit[lang]}${byUnit}`,
      rule.deadline ?? '',
      sourceText(rule, lang),
    ].map((text) => ({ text }));
  });
  // drawText makes the cells safe for a terminal before it measures them.
  const table = drawText([{ kind: 'table', head, rows }], { lang, color: false, width });
  // The plan's sentences wrapped to the same width: a quote under its id, the reason under it.
  const listed = (items: Plan['unquantified'], title: string) => {
    const lines = items.map(
      (u) =>
        `${wrapWords(terminalSafe(`${u.id} ${u.source.quote ?? ''}`), width, '  ', '        ')}\n${wrapWords(terminalSafe(u.reason[lang]), width, '        ')}`,
    );
    return lines.length ? `\n${wrapWords(`${title}:`, width)}\n${lines.join('\n')}\n` : '';
  };
  const unquantified = listed(plan.unquantified, zh ? '未量化、不设规则的目标' : 'Targets the plan does not quantify (no rule)');
  const outOfScope = listed(
    plan.outOfScope,
    zh ? '不作检查的数字（投资估算、预测）' : 'Numbers that are not targets (investment estimates, projections)',
  );
  return `${wrapWords(terminalSafe(`${plan.title[lang]} (${plan.id}): ${plan.rules.length} ${zh ? '条规则' : 'rules'}`), width)}\n${table}${unquantified}${outOfScope}`;
}

/** One rule in full, with the plan's own sentence. */
export function explainRule(plan: Plan, rule: Rule, registry: Registry, lang: Lang, width?: number): string {
  const zh = lang === 'zh';
  // On a terminal of `width` columns a long value wraps under itself, past its label.
  const indent = zh ? 10 : 16;
  const line = (label: string, en: string, value: string | undefined) => {
    if (!value) return undefined;
    const labelled = pad(zh ? label : en, indent);
    return width === undefined ? `${labelled}${value}` : wrapWords(value, width, labelled, ' '.repeat(indent));
  };
  const byUnit = [...rule.targetByUnit].map(
    ([code, t]) =>
      `  ${unitName(registry.byCode.get(code)!, lang)} (${code}): ${writtenTarget(t, { columns: plan.columns, lang })} ${rule.unit[lang]}`,
  );
  const whole = registry.levels.city;
  const cityText = !rule.levels.includes('city')
    ? undefined
    : rule.city.source === 'reported'
      ? zh
        ? `取${whole.zh}自报数（${registry.city.code} 行）`
        : `read from the ${whole.en}'s own row (${registry.city.code})`
      : `${{ pooled: zh ? '各单位数据汇总计算（比率为合计之比）' : 'pooled over the units (a ratio is a ratio of sums)', min: zh ? '取最低的单位' : 'the lowest unit', max: zh ? '取最高的单位' : 'the highest unit' }[rule.city.aggregate]}${zh ? '；' : '; '}${unitSetText(rule.city.units, registry, lang)}`;
  const lines = [
    width === undefined
      ? `${rule.id}  ${rule.title.zh} / ${rule.title.en}`
      : wrapWords(`${rule.id}  ${rule.title.zh} / ${rule.title.en}`, width),
    '',
    line('规划', 'Plan', `${plan.title[lang]} (${plan.id})`),
    line('出处', 'Source', sourceText(rule, lang)),
    line('原文', 'Plan text', rule.source.quote),
    line(
      '属性',
      'Attribute',
      zh
        ? rule.attribute === 'binding'
          ? '约束性（未达标为 fail）'
          : '预期性（未达标为 warn）'
        : `${rule.attribute} (${rule.attribute === 'binding' ? 'a miss is fail' : 'a miss is warn'})`,
    ),
    line('层级', 'Levels', levelsText(rule, registry, lang)),
    line('计算', 'Metric', rule.metricText),
    line(
      '目标',
      'Target',
      `${writtenTarget(rule.target, { columns: plan.columns, lang })} ${rule.unit[lang]}${rule.printedTarget ? (zh ? `（规划原文：${rule.printedTarget}）` : ` (printed: ${rule.printedTarget})`) : ''}`,
    ),
    byUnit.length ? `${zh ? '分单位目标：' : 'Per-unit targets:'}\n${byUnit.join('\n')}` : undefined,
    line('适用单位', 'Applies to', unitSetText(rule.appliesTo, registry, lang)),
    line(`${whole.zh}数值`, `${whole.en[0]!.toUpperCase()}${whole.en.slice(1)} value`, cityText),
    line('期限', 'Deadline', rule.deadline),
    line('基期', 'Baseline', rule.baseline ? `${rule.baseline.year}: ${rule.baseline.printed}` : undefined),
    line('进度', 'Schedule', scheduleText(rule, lang)),
    line('计数口径', 'Counted', countedText(rule, plan.columns.list, lang)),
    line('名册', 'Rosters', rosterText(rule, plan, lang)),
    line(
      '专栏合计',
      'Box total',
      rule.boxTotal
        ? `${rule.boxTotal.value}${rule.boxTotal.outsideUnits ? (zh ? `（其中 ${rule.boxTotal.outsideUnits} 不属各单位）` : ` (of which ${rule.boxTotal.outsideUnits} outside the units)`) : ''}`
        : undefined,
    ),
    line('说明', 'Note', rule.note?.[lang]),
  ];
  return `${lines.filter((l) => l !== undefined).join('\n')}\n`;
}

/** How a rule is judged before its deadline (docs/report.md). */
function scheduleText(rule: Rule, lang: Lang): string {
  const zh = lang === 'zh';
  if (typeof rule.baseline?.value !== 'number' || !rule.deadline)
    return zh ? '每个报告期均按目标评价' : 'judged against its target in every period';
  const line =
    rule.trajectory === 'compound'
      ? zh
        ? '按年均增长率（复合）'
        : 'at a constant annual rate (compound)'
      : zh
        ? '按直线'
        : 'on a straight line';
  return zh
    ? `截止期前${line}自 ${rule.baseline.year} 年末基期值至 ${rule.deadline} 目标值逐月推算进度目标，按进度评价；--final 按最终目标评价`
    : `before ${rule.deadline}, judged on schedule against a milestone running ${line} from the baseline at the end of ${rule.baseline.year} to the target; --final judges against the target`;
}

/** The columns of the metric a roster gives, where the drop holds one (sum(disabled_living_covered) from the roster's rows), if any. */
function rosterText(rule: Rule, plan: Plan, lang: Lang): string | undefined {
  const zh = lang === 'zh';
  const used = new Set(columnsOf(rule.metric));
  const given = plan.rosters.flatMap((roster) => {
    const sums = roster.gives.filter((sum) => used.has(sum.column)).map((sum) => `${sum.column} = ${sum.text}`);
    if (sums.length === 0) return [];
    return [zh ? `${roster.title.zh}（${roster.id}）：${sums.join('；')}` : `${roster.title.en} (${roster.id}): ${sums.join('; ')}`];
  });
  if (given.length === 0) return undefined;
  return zh
    ? `${given.join('；')}。报送数据含名册时按名册逐行计算`
    : `${given.join('; ')}; counted from the roster's rows where the drop holds one`;
}

/** Which of the metric's columns count since the plan began (2021年以来累计), if any. */
function countedText(rule: Rule, columns: readonly ColumnSpec[], lang: Lang): string | undefined {
  const used = new Set(columnsOf(rule.metric));
  const cumulative = columns.filter((c) => used.has(c.id) && c.measure === 'cumulative').map((c) => c.id);
  if (cumulative.length === 0) return undefined;
  return lang === 'zh' ? `2021年以来累计数（${cumulative.join('、')}）` : `counts since 2021 (${cumulative.join(', ')})`;
}

/**
 * A blank submission's rows under its Chinese headers: a row per unit (or just the one asked for;
 * the whole's own row too where the plan reads it, alone where it reads nothing else) with code,
 * name and period filled in.
 */
export function templateRows(
  columns: Columns,
  registry: Registry,
  unit?: string,
  period = '',
  cityOnly = false,
  cityRow = false,
): string[][] {
  const all = cityRow ? [...registry.units, registry.city] : registry.units;
  const units = cityOnly || unit === registry.city.code ? [registry.city] : unit ? registry.units.filter((u) => u.code === unit) : all;
  return units.map((u) =>
    columns.list.map((c) => (c.id === columns.code ? u.code : c.id === columns.name ? u.name : c.id === columns.period ? period : '')),
  );
}

/** A blank submission as CSV: UTF-8 with BOM and CRLF, so that Excel opens it right. */
export function templateCsv(columns: Columns, rows: readonly (readonly string[])[]): string {
  const lines = [columns.list.map((c) => c.label), ...rows].map((cells) => cells.map(csvQuote).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
