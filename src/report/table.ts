/**
 * The report for people in a terminal: the layout drawn with cli-table3, colours through chalk
 * only when allowed, and symbols that carry the status without colour.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../check.js';
import type { Status } from '../types.js';
import { terminalSafe } from './escape.js';
import { layout, type Block, type Cell } from './layout.js';
import type { ReporterOptions } from './options.js';

/** Renders the report as text tables. */
export function tableReport(report: Report, options: ReporterOptions): string {
  return drawText(layout(report, options.lang), options);
}

/** Draws blocks as text for a terminal. */
export function drawText(blocks: readonly Block[], options: ReporterOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  return `${blocks
    .map((block) => draw(block, paint))
    .join('\n\n')
    .replace(/\n\n\n+/g, '\n\n')}\n`;
}

function draw(block: Block, paint: ChalkInstance): string {
  switch (block.kind) {
    case 'heading':
      return paint.bold(terminalSafe(block.text));
    case 'note':
      return { good: paint.green, warn: paint.yellow, bad: paint.red, dim: paint.dim }[block.tone](terminalSafe(block.text));
    case 'table': {
      const table = new Table({ head: block.head.map((h) => paint.bold(terminalSafe(h))), style: { head: [], border: [], compact: true } });
      for (const row of block.rows) table.push(row.map((cell) => paintCell(cell, paint)));
      return `${block.title ? `${paint.bold(terminalSafe(block.title))}\n` : ''}${table.toString()}`;
    }
    case 'problems': {
      const lines = block.items.map((item) => {
        const tag = item.severity === 'error' ? paint.red(`error ${item.code}`) : item.severity === 'warning' ? paint.yellow(`warning ${item.code}`) : paint.dim(item.code);
        const field = item.field ? ` [${item.field}]` : '';
        return `${terminalSafe(item.place)}: ${tag}${terminalSafe(field)} ${terminalSafe(item.message)}\n    → ${terminalSafe(item.hint)}`;
      });
      if (block.more) lines.push(paint.dim(block.more));
      return `${paint.bold(block.title)}\n${lines.join('\n')}`;
    }
  }
}

function paintCell(cell: Cell, paint: ChalkInstance): string {
  const text = terminalSafe(cell.text);
  if (cell.strong) return paint.bold(text);
  return cell.status ? colour(cell.status, paint)(text) : text;
}

function colour(state: Status, paint: ChalkInstance): (text: string) => string {
  return { pass: paint.green, fail: paint.red, warn: paint.yellow, no_data: paint.gray }[state];
}
