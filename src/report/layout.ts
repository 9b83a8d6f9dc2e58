/**
 * What the reports for people say, independent of how it is drawn: headings, tables of cells
 * that may carry a status, notes and the list of problems. The text, Markdown and HTML
 * reporters each draw these blocks their own way.
 */
import { hintOf, messageOf } from '../catalog.js';
import { summarize, type Report } from '../check.js';
import { formatNumber } from '../format.js';
import type { Rule } from '../plan/plan.js';
import { unitName } from '../registry.js';
import type { Lang, Result, Severity, Status } from '../types.js';
import { SYMBOL, statusWord, word } from './words.js';

/** A table cell; `status` lets a renderer colour it. */
export interface Cell {
  text: string;
  status?: Status;
  strong?: boolean;
}

/** One problem, ready to print. */
export interface ProblemLine {
  place: string;
  severity: Severity;
  code: string;
  field?: string;
  message: string;
  hint: string;
}

/** A block of a report for people. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'table'; title?: string; head: string[]; rows: Cell[][] }
  | { kind: 'note'; text: string; tone: 'good' | 'warn' | 'bad' | 'dim' }
  | { kind: 'problems'; title: string; items: ProblemLine[]; more?: string };

/** Rules across a matrix at most; with more, rules go down the page. */
const WIDE_MATRIX = 20;

/** Display columns an indicator may take in a matrix (its full title is in the detail tables). */
const TITLE_WIDTH = 28;

/** Terminal columns a character takes: two for CJK and other wide characters. */
export function charWidth(c: string): number {
  return /[\u1100-\uffff]/.test(c) ? 2 : 1;
}

/** Text cut to a display width, CJK characters counting two columns. */
export function clip(text: string, width: number): string {
  let used = 0;
  let out = '';
  for (const c of text) {
    const w = charWidth(c);
    if (used + w > width - 1 && out.length < text.length) return `${out}…`;
    used += w;
    out += c;
  }
  return out;
}

/** Problems listed in a report for people before "N more". */
export const SHOWN_PROBLEMS = 20;

const OP_SIGN: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** Lays out the report: problems, then per period a unit table or a matrix, then the summary. */
export function layout(report: Report, lang: Lang): Block[] {
  const blocks: Block[] = [];
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const problems = report.issues.filter((i) => i.severity !== 'info' || i.code === 'too-many-errors');
  if (problems.length > 0) {
    blocks.push({
      kind: 'problems',
      title: word('problems', lang),
      items: problems.slice(0, SHOWN_PROBLEMS).map((found) => ({
        place: [found.file, found.line, found.column].filter((x) => x !== undefined).join(':'),
        severity: found.severity,
        code: found.code,
        field: found.field,
        message: messageOf(found, lang),
        hint: hintOf(found, lang),
      })),
      more: problems.length > SHOWN_PROBLEMS ? word('more', lang, { n: problems.length - SHOWN_PROBLEMS }) : undefined,
    });
  }
  const byPeriod = new Map<string, Result[]>();
  for (const result of report.results) byPeriod.set(result.period, [...(byPeriod.get(result.period) ?? []), result]);
  if (byPeriod.size === 0) blocks.push({ kind: 'note', text: word('noResults', lang), tone: 'warn' });
  for (const [period, results] of byPeriod) {
    blocks.push({ kind: 'heading', text: `${report.plan.title[lang]} · ${word('period', lang)} ${period}` });
    const units = [...new Set(results.filter((r) => r.level === 'county').map((r) => r.unit))];
    if (units.length === 0) blocks.push(cityTable(results, rules, lang));
    else if (units.length === 1) blocks.push(...oneUnit(report, units[0]!, results, rules, lang));
    else blocks.push(...matrix(report, results, rules, lang));
  }
  if (report.growth.length > 0) blocks.push(...growthBlocks(report, lang));
  const counts = summarize(report);
  blocks.push({ kind: 'note', text: word('legend', lang), tone: 'dim' });
  blocks.push({
    kind: 'note',
    text: word('summary', lang, { results: report.results.length, ...counts }),
    tone: counts.errors > 0 || counts.fail > 0 ? 'bad' : counts.warn > 0 ? 'warn' : 'good',
  });
  return blocks;
}

function growthBlocks(report: Report, lang: Lang): Block[] {
  const wrong = report.growth.filter((g) => !g.agrees);
  const [printed, computed, kind] = word('growthHead', lang).split(',');
  const blocks: Block[] = [];
  if (wrong.length > 0) {
    const rows = wrong.map((g): Cell[] => [{ text: g.rule }, { text: g.printed }, { text: `${formatNumber(g.computed)}%`, status: 'fail' }, { text: g.kind }]);
    blocks.push({ kind: 'table', title: word('growth', lang), head: [word('rule', lang), printed!, computed!, kind!], rows });
  }
  blocks.push({ kind: 'note', text: word('growthAgree', lang, { n: report.growth.length - wrong.length }), tone: wrong.length ? 'warn' : 'good' });
  return blocks;
}

function oneUnit(report: Report, code: string, results: Result[], rules: Map<string, Rule>, lang: Lang): Block[] {
  const unit = report.registry.byCode.get(code)!;
  const rows = results.filter((r) => r.level === 'county').map((r) => detailRow(r, rules.get(r.rule)!, lang));
  const blocks: Block[] = [{ kind: 'table', title: `${unitName(unit, lang)} (${code})`, head: detailHead(lang), rows }];
  if (results.some((r) => r.level === 'city' && r.missing)) {
    blocks.push({ kind: 'note', text: word('cityNeedsAll', lang, { n: report.registry.units.length }), tone: 'dim' });
  }
  return blocks;
}

function matrix(report: Report, results: Result[], rules: Map<string, Rule>, lang: Lang): Block[] {
  const ids = [...new Set(results.map((r) => r.rule))];
  const byCell = new Map(results.map((r) => [`${r.unit}|${r.rule}`, r]));
  const mark = (code: string, id: string): Cell => {
    const result = byCell.get(`${code}|${id}`);
    return result ? { text: SYMBOL[result.status], status: result.status } : { text: '' };
  };
  const units = report.registry.units.filter((unit) => results.some((r) => r.unit === unit.code));
  const city = report.registry.city;
  let table: Block;
  if (ids.length <= WIDE_MATRIX) {
    // Units down, rules across.
    const rows = units.map((unit) => [{ text: unitName(unit, lang, lang === 'en') }, ...ids.map((id) => mark(unit.code, id))]);
    rows.push([{ text: unitName(city, lang, true), strong: true }, ...ids.map((id) => mark(city.code, id))]);
    table = { kind: 'table', head: [word('unit', lang), ...ids], rows };
  } else {
    // Many rules: rules down, units across (short names), the city last.
    const rows = ids.map((id) => [{ text: id }, { text: clip(rules.get(id)!.title[lang], TITLE_WIDTH) }, ...units.map((unit) => mark(unit.code, id)), { ...mark(city.code, id), strong: true }]);
    table = { kind: 'table', head: [word('rule', lang), word('indicator', lang), ...units.map((u) => unitName(u, lang, true)), unitName(city, lang, true)], rows };
  }
  const blocks: Block[] = [table];

  const cityResults = results.filter((r) => r.level === 'city');
  const missing = cityResults.find((r) => r.missing)?.missing;
  if (missing) {
    const names = missing.map((code) => unitName(report.registry.byCode.get(code)!, lang, true)).join(lang === 'zh' ? '、' : ', ');
    blocks.push({ kind: 'note', text: word('missingUnits', lang, { n: missing.length, units: names }), tone: 'warn' });
  } else {
    blocks.push(cityTable(cityResults, rules, lang));
  }
  return blocks;
}

function cityTable(results: Result[], rules: Map<string, Rule>, lang: Lang): Block {
  const rows = results.filter((r) => r.level === 'city').map((r) => detailRow(r, rules.get(r.rule)!, lang));
  return { kind: 'table', title: word('cityValues', lang), head: detailHead(lang), rows };
}

function detailHead(lang: Lang): string[] {
  return [word('rule', lang), word('indicator', lang), word('value', lang), word('target', lang), word('status', lang)];
}

function detailRow(result: Result, rule: Rule, lang: Lang): Cell[] {
  return [
    { text: result.rule },
    { text: rule.title[lang] },
    { text: valueText(result, rule, lang) },
    { text: targetText(result, rule, lang) },
    { text: `${SYMBOL[result.status]} ${statusWord(result.status, lang)}`, status: result.status },
  ];
}

function withUnit(n: number, rule: Rule, lang: Lang): string {
  return `${formatNumber(n)} ${rule.unit[lang]}`;
}

/** A result's value with its unit, or a dash for no data. */
export function valueText(result: Result, rule: Rule, lang: Lang): string {
  return result.value === null ? '—' : withUnit(result.value, rule, lang);
}

/** A result's target with its operator and unit. */
export function targetText(result: Result, rule: Rule, lang: Lang): string {
  const t = result.target;
  if (t === null) return rule.printedTarget ?? '—';
  if (Array.isArray(t)) return `${withUnit(t[0], rule, lang)} – ${withUnit(t[1], rule, lang)}`;
  return `${OP_SIGN[result.op]} ${withUnit(t, rule, lang)}`;
}
