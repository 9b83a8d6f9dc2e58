/**
 * Tables drawn with box-drawing lines for a terminal, in the compact style of cli-table3 (the
 * reference a property test holds this to): the head ruled off from the rows, the rows without
 * rules between them. Widths are measured on the text before it is painted, so colour codes
 * never count; a column given a width wraps its text between words (a word longer than the
 * line, such as a run of Chinese, is broken, never cut off).
 */
import { clip, textWidth, wrapWords } from './fit.js';

/** A cell's text, and the colour it is painted in (each line with something to see, after measuring). */
export interface BoxCell {
  text: string;
  paint?: (text: string) => string;
}

/**
 * The table as text, without a final newline. `widths`: each column's content width (without
 * the space either side); its text is wrapped to it. Without, each column is as wide as its
 * widest line. `paintOf`: the colour of a row's cell (by default its own `paint`), so that cells
 * of another kind are drawn as they are, without a copy of each.
 */
export function drawBox<C extends BoxCell>(
  head: readonly BoxCell[],
  rows: readonly (readonly C[])[],
  widths?: readonly number[],
  paintOf: (cell: C) => BoxCell['paint'] = (cell) => cell.paint,
): string {
  // Loops, not Math.max(...rows): a table may have more rows than a call takes arguments.
  const columns = rows.reduce((most, row) => Math.max(most, row.length), Math.max(head.length, widths?.length ?? 0));
  // A row's lines are made as it is drawn, never all at once: a region's table has hundreds of thousands of cells.
  const width = widths ? [...widths] : widestLines([head, ...rows], columns);
  const rule = (left: string, middle: string, right: string) => `${left}${width.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const drawRow = <T extends BoxCell>(cells: readonly T[], paintOf: (cell: T) => BoxCell['paint']) => {
    const lines = Array.from({ length: columns }, (_, i) => cellLines(cells[i]?.text ?? '', widths?.[i]));
    const height = lines.reduce((most, l) => Math.max(most, l.length), 1);
    return Array.from({ length: height }, (_, k) => {
      const parts = lines.map((l, i) => {
        const text = l[k] ?? '';
        const cell = cells[i];
        const paint = cell && paintOf(cell);
        return ` ${paint && text.trim() ? paint(text) : text}${' '.repeat(Math.max(0, width[i]! - textWidth(text)))} `;
      });
      return `│${parts.join('│')}│`;
    }).join('\n');
  };
  return [
    rule('┌', '┬', '┐'),
    drawRow(head, (cell) => cell.paint),
    ...(rows.length ? [rule('├', '┼', '┤'), ...rows.map((cells) => drawRow(cells, paintOf))] : []),
    rule('└', '┴', '┘'),
  ].join('\n');
}

/** Each column's width: that of its widest line, in any row. */
function widestLines(rows: readonly (readonly BoxCell[])[], columns: number): number[] {
  const width = new Array<number>(columns).fill(0);
  for (const cells of rows)
    for (let i = 0; i < columns; i++)
      for (const line of cellLines(cells[i]?.text ?? '', undefined)) width[i] = Math.max(width[i]!, textWidth(line));
  return width;
}

/** A cell's lines: as written (a tab as a space: a terminal would move to its next stop), or wrapped to `width` (a line no wrapping fits, cut to it). */
function cellLines(text: string, width: number | undefined): string[] {
  const lines = text.replace(/\t/g, ' ').split('\n');
  if (width === undefined) return lines;
  return lines.flatMap((line) =>
    textWidth(line) <= width
      ? [line]
      : wrapWords(line, width)
          .split('\n')
          .map((part) => (textWidth(part) > width ? clip(part, width) : part)),
  );
}
