/**
 * The report for people in a terminal: the layout drawn in boxes (box.ts), colours through chalk
 * only when allowed, and symbols that carry the status without colour.
 */
import { Chalk } from 'chalk';
import type { Report } from '../check.js';
import type { Status } from '../types.js';
import { terminalSafe } from './escape.js';
import { fitTable, textWidth, wrapParts, wrapWords, type FittedTable } from './fit.js';
import { layout, type Block, type Cell } from './layout.js';
import { whole, type ReporterOptions } from './options.js';
import { drawBox } from './box.js';

/** The report as text tables, a block a piece. */
export function tableReportPieces(report: Report, options: ReporterOptions): Iterable<string> {
  return drawTextPieces(layout(report, options.lang, options), options);
}

/** Draws blocks as text for a terminal. */
export const drawText: (blocks: Iterable<Block>, options: ReporterOptions) => string = whole(drawTextPieces);

const NEWLINE = 10;

/**
 * Blocks drawn as text for a terminal, a block a piece, as they come: a blank line between them,
 * never two (a run of newlines is held back until the text after it says how long it is).
 */
export function* drawTextPieces(blocks: Iterable<Block>, options: ReporterOptions): Generator<string, void, undefined> {
  const paint = paintsOf(options.color);
  // The newlines held back: none yet, and no blank line before the first block.
  let held = -2;
  for (const block of blocks) {
    const text = draw(block, paint, options.width).replace(/\n\n\n+/g, '\n\n');
    let start = 0;
    while (text.charCodeAt(start) === NEWLINE) start++;
    // A block that draws nothing but newlines adds them, and the blank line before it, to the run.
    if (start === text.length) {
      held += start + 2;
      continue;
    }
    let end = text.length;
    while (text.charCodeAt(end - 1) === NEWLINE) end--;
    yield `${'\n'.repeat(Math.min(held + 2 + start, 2))}${text.slice(start, end)}`;
    held = text.length - end;
  }
  yield `${'\n'.repeat(Math.max(Math.min(held, 2), 0))}\n`;
}

/**
 * The colours a drawing paints in, each taken from chalk once: chalk keeps its styles as
 * properties of a function, slow to look up again for each of a region's millions of cells.
 */
interface Paints {
  bold: (text: string) => string;
  dim: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
  red: (text: string) => string;
  gray: (text: string) => string;
}

function paintsOf(color: boolean): Paints {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return { bold: chalk.bold, dim: chalk.dim, green: chalk.green, yellow: chalk.yellow, red: chalk.red, gray: chalk.gray };
}

function draw(block: Block, paint: Paints, width: number | undefined): string {
  switch (block.kind) {
    case 'heading':
      return paint.bold(fitHeading(terminalSafe(block.text), width));
    case 'note':
      return { good: paint.green, warn: paint.yellow, bad: paint.red, dim: paint.dim }[block.tone](
        fitText(terminalSafe(block.text), width),
      );
    case 'table': {
      const safe = { ...block, head: block.head.map(terminalSafe), rows: block.rows.map((row) => row.map(safeCell)) };
      const parts = fitTable(safe, width).map((part) => {
        if (part.records) return records(part, paint, width!);
        const head = part.head.map((text) => ({ text, paint: paint.bold }));
        return drawBox(head, part.rows, part.widths, (cell) => cellPaint(cell, paint));
      });
      return `${block.title ? `${paint.bold(terminalSafe(block.title))}\n` : ''}${parts.join('\n')}`;
    }
    case 'problems': {
      const lines = block.items.map((item) => {
        const tag =
          item.severity === 'error'
            ? paint.red(`error ${item.code}`)
            : item.severity === 'warning'
              ? paint.yellow(`warning ${item.code}`)
              : paint.dim(item.code);
        const field = item.field ? ` [${item.field}]` : '';
        const said = `${terminalSafe(item.place)}: ${tag}${terminalSafe(field)} ${terminalSafe(item.message)}`;
        const hint = `→ ${terminalSafe(item.hint)}`;
        return width === undefined
          ? `${said}\n    ${hint}`
          : `${wrapWords(said, width, '', '    ')}\n${wrapWords(hint, width, '    ', '      ')}`;
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
function records(part: FittedTable, paint: Paints, width: number): string {
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

/** A cell whose text is safe for a terminal: itself where it is already (most are), else a copy made safe. */
function safeCell(cell: Cell): Cell {
  const text = terminalSafe(cell.text);
  const short = cell.short === undefined ? undefined : terminalSafe(cell.short);
  return text === cell.text && short === cell.short ? cell : { ...cell, text, short };
}

function paintCell(cell: Cell, paint: Paints): string {
  return cellPaint(cell, paint)?.(cell.text) ?? cell.text;
}

/** The colour a cell is painted in: bold for a strong one, its status's colour, or none. */
function cellPaint(cell: Cell, paint: Paints): ((text: string) => string) | undefined {
  if (cell.strong) return paint.bold;
  return cell.status ? colour(cell.status, paint) : undefined;
}

/** The colour of each status. */
const STATUS_PAINT: Record<Status, keyof Paints> = { pass: 'green', fail: 'red', warn: 'yellow', no_data: 'gray' };

function colour(state: Status, paint: Paints): (text: string) => string {
  return paint[STATUS_PAINT[state]];
}
