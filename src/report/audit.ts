/** The audit of a plan's own arithmetic for people (disagreements first, with their quotes) and as JSON. */
import { Chalk } from 'chalk';
import type { AuditItem } from '../plan/audit.js';
import type { Plan } from '../plan/plan.js';
import type { Lang } from '../types.js';
import { jsonText, terminalSafe } from './escape.js';
import { wrapWords } from './fit.js';

/** The audit as text: every disagreement with its quotes and note, then one line per consistent item; on a terminal of `width` columns, wrapped to it. */
export function auditText(plan: Plan, items: readonly AuditItem[], lang: Lang, color: boolean, width?: number): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  /** A line wrapped to the terminal's width, its later lines indented under its first's text. */
  const fit = (text: string, first: string, rest: string) =>
    width === undefined ? `${first}${text}` : wrapWords(text, width, first, rest);
  const zh = lang === 'zh';
  const wrong = items.filter((i) => !i.consistent);
  const right = items.filter((i) => i.consistent);
  const named = `${plan.title[lang]} (${plan.id})`;
  const lines = [
    paint.bold(
      fit(
        zh
          ? `${named}：${wrong.length} 处不一致，${right.length} 处一致`
          : `${named}: ${wrong.length} disagreements, ${right.length} consistent`,
        '',
        '',
      ),
    ),
  ];
  if (wrong.length > 0) {
    lines.push('', paint.bold(zh ? '不一致' : 'Disagreements'));
    for (const item of wrong) {
      lines.push(fit(`${item.id} ${item.title[lang]}`, `${paint.red('✘')} `, '  '), fit(item.detail[lang], '    ', '    '));
      for (const q of item.quotes) lines.push(fit(`${q.where}: “${q.quote}”`, '    ', '      '));
      if (item.note) lines.push(paint.dim(fit(`→ ${item.note[lang]}`, '    ', '      ')));
    }
  }
  if (right.length > 0) {
    lines.push('', paint.bold(zh ? '一致' : 'Consistent'));
    for (const item of right) lines.push(fit(`${item.id} ${item.title[lang]}: ${item.detail[lang]}`, `${paint.green('✔')} `, '  '));
  }
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

/** The audit as one JSON document. */
export function auditJson(plan: Plan, items: readonly AuditItem[]): string {
  return jsonText({ plan: plan.id, disagreements: items.filter((i) => !i.consistent), consistent: items.filter((i) => i.consistent) });
}
