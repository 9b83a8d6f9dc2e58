/**
 * The report for people in a terminal: the layout drawn in boxes (box.ts), colours through chalk
 * only when allowed, and symbols that carry the status without colour.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../check.js';
import type { Status } from '../types.js';
import { terminalSafe } from './escape.js';
import { fitTable, textWidth, wrapParts, wrapWords, type FittedTable } from './fit.js';
import { layout, type Block, type Cell } from './layout.js';
import type { ReporterOptions } from './options.js';
import { drawBox } from './box.js';

/** Renders the report as text tables. */
export function tableReport(report: Report, options: ReporterOptions): string {
  return drawText(layout(report, options.lang, options), options);
}

/** Draws blocks as text for a terminal. */
export function drawText(blocks: readonly Block[], options: ReporterOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  return `${blocks
    .map((block) => draw(block, paint, options.width))
    .join('\n\n')
    .replace(/\n\n\n+/g, '\n\n')}\n`;
}

function draw(block: Block, paint: ChalkInstance, width: number | undefined): string {
  switch (block.kind) {
    case 'heading':
      return paint.bold(fitHeading(terminalSafe(block.text), width));
    case 'note':
      return { good: paint.green, warn: paint.yellow, bad: paint.red, dim: paint.dim }[block.tone](fitText(terminalSafe(block.text), width));
    case 'table': {
      const safe = { ...block, head: block.head.map(terminalSafe), rows: block.rows.map((row) => row.map((cell) => ({ ...cell, text: terminalSafe(cell.text), short: cell.short === undefined ? undefined : terminalSafe(cell.short) }))) };
      const parts = fitTable(safe, width).map((part) => {
        if (part.records) return records(part, paint, width!);
        const head = part.head.map((text) => ({ text, paint: paint.bold }));
        return drawBox(head, part.rows.map((row) => row.map((cell) => ({ text: cell.text, paint: cellPaint(cell, paint) }))), part.widths);
      });
      return `${block.title ? `${paint.bold(terminalSafe(block.title))}\n` : ''}${parts.join('\n')}`;
    }
    case 'problems': {
      const lines = block.items.map((item) => {
        const tag = item.severity === 'error' ? paint.red(`error ${item.code}`) : item.severity === 'warning' ? paint.yellow(`warning ${item.code}`) : paint.dim(item.code);
        const field = item.field ? ` [${item.field}]` : '';
        const said = `${terminalSafe(item.place)}: ${tag}${terminalSafe(field)} ${terminalSafe(item.message)}`;
        const hint = `→ ${terminalSafe(item.hint)}`;
        return width === undefined ? `${said}\n    ${hint}` : `${wrapWords(said, width, '', '    ')}\n${wrapWords(hint, width, '    ', '      ')}`;
      });
      if (block.more) lines.push(paint.dim(block.more));
      return `${paint.bold(block.title)}\n${lines.join('\n')}`;
    }
  }
}

/**
 * A heading wrapped to the width between its parts (`title · Period 2025-12`) first, so that a
 * part that fits on a line stays whole, then between words where a part alone is too wide.
 */
function fitHeading(text: string, width: number | undefined): string {
  return width === undefined || textWidth(text) <= width ? text : wrapParts(text.split(' · '), width);
}

/** Text wrapped to the width, each of its lines on its own, a list's items (`R-01 (unit A, unit B); …`) kept whole where they fit. */
function fitText(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .map((line) => {
      const [separator, ending] = line.includes('；') ? ['；', '；'] : ['; ', ';'];
      return wrapParts(line.split(separator), width, '', '', separator, ending);
    })
    .join('\n');
}

/** Each row as a record: its first two cells on one line, then the other filled cells as `header text`, wrapped. */
function records(part: FittedTable, paint: ChalkInstance, width: number): string {
  return part.rows
    .map((row) => {
      const [first, second, ...rest] = row;
      const title = wrapWords([first?.text, second?.text].filter(Boolean).join('  '), width, '', '  ');
      const fields = rest
        .map((cell, i) => (cell.text === '' ? '' : `${paint.dim(part.head[i + 2]!)} ${paintCell(cell, paint)}`))
        .filter(Boolean);
      return `${paint.bold(title)}\n${wrapParts(fields, width, '  ')}`;
    })
    .join('\n');
}

function paintCell(cell: Cell, paint: ChalkInstance): string {
  return cellPaint(cell, paint)?.(cell.text) ?? cell.text;
}

/** The colour a cell is painted in: bold for a strong one, its status's colour, or none. */
function cellPaint(cell: Cell, paint: ChalkInstance): ((text: string) => string) | undefined {
  if (cell.strong) return paint.bold;
  return cell.status ? colour(cell.status, paint) : undefined;
}

function colour(state: Status, paint: ChalkInstance): (text: string) => string {
  return { pass: paint.green, fail: paint.red, warn: paint.yellow, no_data: paint.gray }[state];
}
