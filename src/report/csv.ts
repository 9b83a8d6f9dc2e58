/**
 * The results as CSV for Excel: UTF-8 with a byte-order mark so that Excel reads the Chinese
 * right, one row per result, numbers as numbers, text cells safe from formula injection.
 */
import type { Report } from '../check.js';
import { unitName } from '../registry.js';
import { csvCell } from './escape.js';
import type { ReporterOptions } from './options.js';

const HEAD = ['rule', 'indicator', 'level', 'unit', 'unit_name', 'period', 'value', 'op', 'target', 'status', 'attribute', 'reason', 'milestone', 'progress', 'gap', 'gap_unit', 'gap_field'];

/** Renders the results as CSV (problems are in the JSON report and the exit code). */
export function csvReport(report: Report, options: ReporterOptions): string {
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const names = new Map<string, string>([[report.registry.city.code, unitName(report.registry.city, options.lang)], ...report.registry.units.map((u) => [u.code, unitName(u, options.lang)] as [string, string])]);
  const rows = report.results.map((r) => {
    const target = Array.isArray(r.target) ? `${r.target[0]}-${r.target[1]}` : r.target;
    return [r.rule, rules.get(r.rule)?.title[options.lang], r.level, r.unit, names.get(r.unit), r.period, r.value, r.op, target, r.status, r.attribute, r.reason, r.milestone, r.progress, r.gap?.amount, r.gap?.unit, r.gap?.field];
  });
  return csvTable(HEAD, rows);
}

/** A table as CSV for Excel: a byte-order mark, CRLF line ends, every cell through csvCell. */
export function csvTable(head: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [head.join(','), ...rows.map((cells) => cells.map(csvCell).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
