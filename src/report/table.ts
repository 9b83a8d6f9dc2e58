/**
 * The report for people: one unit gives a row per rule; a batch gives a unit x rule matrix with
 * the city row and the city's values; then the problems found and a one-line summary.
 * Symbols carry the status without colour.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { hintOf, messageOf } from '../catalog.js';
import { summarize, type Report } from '../check.js';
import type { Rule } from '../plan/plan.js';
import { unitName } from '../registry.js';
import type { Issue, Lang, Result, Status } from '../types.js';
import { terminalSafe } from './escape.js';
import type { ReporterOptions } from './options.js';
import { SYMBOL, statusWord, word } from './words.js';

/** Problems listed per report before "N more". */
const SHOWN_ISSUES = 20;

const OP_SIGN: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** Renders the report as text tables. */
export function tableReport(report: Report, options: ReporterOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const { lang } = options;
  const out: string[] = [];
  const title = report.plan.title[lang];
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const byPeriod = groupBy(report.results, (r) => r.period);
  const issues = report.issues.filter((i) => i.severity !== 'info');

  if (issues.length > 0) out.push(problems(issues, paint, lang));
  if (byPeriod.size === 0) out.push(paint.yellow(word('noResults', lang)));
  for (const [period, results] of byPeriod) {
    const units = [...new Set(results.filter((r) => r.level === 'county').map((r) => r.unit))];
    out.push(paint.bold(`${title} · ${word('period', lang)} ${period}`));
    if (units.length === 1) out.push(oneUnit(report, units[0]!, results, rules, paint, lang));
    else out.push(matrix(report, results, rules, paint, lang));
  }
  const counts = summarize(report);
  out.push(paint.dim(word('legend', lang)));
  const line = word('summary', lang, { results: report.results.length, ...counts });
  out.push(counts.errors > 0 || counts.fail > 0 ? paint.red(line) : counts.warn > 0 ? paint.yellow(line) : paint.green(line));
  return `${out.join('\n\n')}\n`;
}

function oneUnit(report: Report, code: string, results: Result[], rules: Map<string, Rule>, paint: ChalkInstance, lang: Lang): string {
  const unit = report.registry.byCode.get(code)!;
  const table = newTable([word('rule', lang), word('indicator', lang), word('value', lang), word('target', lang), word('status', lang)], paint);
  for (const result of results.filter((r) => r.level === 'county')) {
    const rule = rules.get(result.rule)!;
    table.push([result.rule, rule.title[lang], value(result, rule, lang), target(result, rule, lang), status(result.status, paint, lang)]);
  }
  const city = results.find((r) => r.level === 'city' && r.missing);
  const note = city ? `\n${paint.dim(word('cityNeedsAll', lang, { n: report.registry.units.length }))}` : '';
  return `${paint.bold(`${unitName(unit, lang)} (${code})`)}\n${table.toString()}${note}`;
}

function matrix(report: Report, results: Result[], rules: Map<string, Rule>, paint: ChalkInstance, lang: Lang): string {
  const ids = [...new Set(results.map((r) => r.rule))];
  const cell = new Map(results.map((r) => [`${r.unit}|${r.rule}`, r]));
  const table = newTable([word('unit', lang), ...ids], paint);
  const unitsWithRows = report.registry.units.filter((u) => results.some((r) => r.unit === u.code));
  for (const unit of unitsWithRows) {
    table.push([unitName(unit, lang, true), ...ids.map((id) => mark(cell.get(`${unit.code}|${id}`), paint))]);
  }
  const city = report.registry.city;
  table.push([paint.bold(unitName(city, lang, true)), ...ids.map((id) => mark(cell.get(`${city.code}|${id}`), paint))]);

  const cityResults = results.filter((r) => r.level === 'city');
  const missing = cityResults.find((r) => r.missing)?.missing;
  if (missing) {
    const names = missing.map((code) => unitName(report.registry.byCode.get(code)!, lang, true)).join(lang === 'zh' ? '、' : ', ');
    return `${table.toString()}\n${paint.yellow(word('missingUnits', lang, { n: missing.length, units: names }))}`;
  }
  const detail = newTable([word('rule', lang), word('indicator', lang), word('value', lang), word('target', lang), word('status', lang)], paint);
  for (const result of cityResults) {
    const rule = rules.get(result.rule)!;
    detail.push([result.rule, rule.title[lang], value(result, rule, lang), target(result, rule, lang), status(result.status, paint, lang)]);
  }
  return `${table.toString()}\n\n${paint.bold(word('cityValues', lang))}\n${detail.toString()}`;
}

function newTable(head: string[], paint: ChalkInstance): Table.Table {
  return new Table({ head: head.map((h) => paint.bold(h)), style: { head: [], border: [], compact: true } });
}

function mark(result: Result | undefined, paint: ChalkInstance): string {
  return result ? colour(result.status, paint)(SYMBOL[result.status]) : '';
}

function colour(state: Status, paint: ChalkInstance): (text: string) => string {
  return { pass: paint.green, fail: paint.red, warn: paint.yellow, no_data: paint.gray }[state];
}

function status(state: Status, paint: ChalkInstance, lang: Lang): string {
  return colour(state, paint)(`${SYMBOL[state]} ${statusWord(state, lang)}`);
}

/** A number for people: thousands grouped, decimals as computed. */
export function formatNumber(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

function withUnit(n: number, rule: Rule, lang: Lang): string {
  const unit = rule.unit[lang];
  return unit === '%' ? `${formatNumber(n)} %` : `${formatNumber(n)} ${unit}`;
}

function value(result: Result, rule: Rule, lang: Lang): string {
  return result.value === null ? '—' : withUnit(result.value, rule, lang);
}

function target(result: Result, rule: Rule, lang: Lang): string {
  const t = result.target;
  if (t === null) return rule.printedTarget ?? '—';
  if (Array.isArray(t)) return `${withUnit(t[0], rule, lang)} – ${withUnit(t[1], rule, lang)}`;
  return `${OP_SIGN[result.op]} ${withUnit(t, rule, lang)}`;
}

function problems(issues: Issue[], paint: ChalkInstance, lang: Lang): string {
  const lines = issues.slice(0, SHOWN_ISSUES).map((found) => {
    const place = [found.file, found.line, found.column].filter((x) => x !== undefined).join(':');
    const tag = found.severity === 'error' ? paint.red(`error ${found.code}`) : paint.yellow(`warning ${found.code}`);
    const field = found.field ? ` [${found.field}]` : '';
    return terminalSafe(`${place}: ${tag}${field} ${messageOf(found, lang)}\n    → ${hintOf(found, lang)}`);
  });
  if (issues.length > SHOWN_ISSUES) lines.push(paint.dim(word('more', lang, { n: issues.length - SHOWN_ISSUES })));
  return `${paint.bold(word('problems', lang))}\n${lines.join('\n')}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
