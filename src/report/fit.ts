/**
 * Fitting a table to a terminal's width: columns empty in every row are left out; a table
 * with key columns (a matrix) first shows symbols instead of values, then is cut into
 * several tables of whole columns, its key columns repeated in each; any other table has
 * its widest columns narrowed, their text wrapped, until it fits, or, where that would leave
 * columns too narrow to read, is drawn as one record per row.
 */
import type { Cell } from './layout.js';

/** A table ready to draw: its header, rows and, when narrowed, each column's content width (text wraps within it). */
export interface FittedTable {
  head: string[];
  rows: Cell[][];
  widths?: number[];
  /** Too narrow for columns: each row drawn as a record, its first two cells then `header text` pairs. */
  records?: boolean;
}

/** What a table block gives the fitter. */
export interface TableShape {
  head: string[];
  rows: Cell[][];
  /** Leading columns repeated in each part when the table is cut; none: the table wraps instead. */
  keys?: number;
}

/** Narrowest a key column (an indicator's title) is made before the table is cut. */
const NARROWEST_KEY = 12;

/** Width a key column (an indicator's title) is cut to first, where it is wider. */
const KEY_WIDTH = 28;

/** Narrowest a wrapped column is made. */
const NARROWEST = 8;

/** Narrower than this, a column of text wraps into too many lines, and a table is drawn as records. */
const READABLE = 16;

/** Terminal columns a character takes: two for East Asian wide and fullwidth characters. */
export function charWidth(c: string): number {
  const code = c.codePointAt(0)!;
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
    ? 2
    : 1;
}

/** Text cut to a display width, wide characters counting two columns. */
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

/** Text of printable ASCII alone: as many columns as characters. */
const NARROW = /^[ -~]*$/;

/** A colour's escape sequence (SGR), which takes no column. */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const COLOUR = /\u001b\[[0-9;]*m/g;

/** The terminal columns a text takes (its widest line); colours take none. */
export function textWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let widest = 0;
  for (const line of (text.includes('\u001b') ? text.replace(COLOUR, '') : text).split('\n')) {
    let width = 0;
    for (const c of line) width += charWidth(c);
    widest = Math.max(widest, width);
  }
  return widest;
}

/** Columns a drawn table takes: each column's content, a space either side and a border. */
const drawnWidth = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w + 3, 1);

/** The table as one or more tables that fit `width` terminal columns (undefined: as wide as it is). */
export function fitTable(table: TableShape, width: number | undefined): FittedTable[] {
  const keep = table.head.map((_, i) => i === 0 || table.rows.some((row) => (row[i]?.text ?? '') !== ''));
  const head = table.head.filter((_, i) => keep[i]);
  const rows = table.rows.map((row) => row.filter((_, i) => keep[i]));
  const natural = (cells: Cell[][]) => head.map((h, i) => Math.max(textWidth(h), ...cells.map((row) => textWidth(row[i]?.text ?? ''))));
  const widths = natural(rows);
  // A matrix's indicator titles are cut to a title's width even where nothing limits it: the matrix is about its cells.
  if (width === undefined)
    return [table.keys !== undefined && table.keys > 1 ? clipKey({ head, rows }, table.keys - 1, KEY_WIDTH) : { head, rows }];
  if (drawnWidth(widths) <= width) return [{ head, rows }];
  if (table.keys === undefined) {
    const fitted = narrowed(
      widths,
      head,
      width,
      head.map((_, i) => rows.reduce((longest, row) => Math.max(longest, longestRun(row[i]?.text ?? '')), 0)),
    );
    // Columns squeezed below a readable width make rows of many short lines: records read better.
    const squeezed = fitted.some((w, i) => w < Math.min(widths[i]!, READABLE));
    return [squeezed ? { head, rows, records: true } : { head, rows, widths: fitted }];
  }
  // A matrix: values beside symbols where they fit, the indicator's title as wide as it is, at a
  // title's width, or narrow; else symbols alone the same way; else the table cut into parts.
  const keys = Math.min(table.keys, head.length - 1);
  const last = keys - 1;
  const symbols = rows.map((row) => row.map((cell) => (cell.short === undefined ? cell : { ...cell, text: cell.short })));
  const keyWidthsTried = (full: number) =>
    keys > 1 ? [full, KEY_WIDTH, NARROWEST_KEY].filter((w, i, all) => w <= full && all.indexOf(w) === i) : [full];
  for (const cells of [rows, symbols]) {
    const cellWidths = natural(cells);
    for (const w of keyWidthsTried(cellWidths[last]!)) {
      const tried = cellWidths.map((c, i) => (i === last ? w : c));
      if (drawnWidth(tried) <= width) return [clipKey({ head, rows: cells }, last, w)];
    }
  }
  const cellWidths = natural(symbols);
  const [parts, keyWidths] = keyWidthsTried(cellWidths[last]!)
    .map((w) =>
      partsOf(
        cellWidths,
        keys,
        cellWidths.slice(0, keys).map((k, i) => (i === last ? w : k)),
        width,
      ),
    )
    .reduce((best, next) => (next[0].length < best[0].length ? next : best));
  const clipped = clipKey({ head, rows: symbols }, last, keyWidths[last]!).rows;
  return parts.map((indices) => {
    const picked = [...keyWidths.keys(), ...indices];
    return {
      head: picked.map((i) => head[i]!),
      rows: clipped.map((row) => picked.map((i) => row[i] ?? { text: '' })),
      widths: picked.map((i) => (i < keys ? keyWidths[i]! : cellWidths[i]!)),
    };
  });
}

/** The table with column `key` cut to `width` terminal columns. */
function clipKey(table: FittedTable, key: number, width: number): FittedTable {
  return {
    ...table,
    rows: table.rows.map((row) =>
      row.map((cell, i) => (i === key && textWidth(cell.text) > width ? { ...cell, text: clip(cell.text, width) } : cell)),
    ),
  };
}

/** The data columns (after `keys`) in groups that fit `width` beside key columns of `keyWidths`. */
function partsOf(widths: readonly number[], keys: number, keyWidths: number[], width: number): [number[][], number[]] {
  const parts: number[][] = [];
  let part: number[] = [];
  for (let i = keys; i < widths.length; i++) {
    if (part.length > 0 && drawnWidth([...keyWidths, ...part.map((j) => widths[j]!), widths[i]!]) > width) {
      parts.push(part);
      part = [];
    }
    part.push(i);
  }
  parts.push(part);
  return [parts, keyWidths];
}

/**
 * Widths narrowed, the widest first, until the table fits or every column is at its narrowest:
 * first no narrower than a column's longest run without a break (an id such as
 * disabled_living_covered), so that other columns give way before one is cut inside a word.
 */
function narrowed(widths: readonly number[], head: readonly string[], width: number, runs: readonly number[]): number[] {
  const out = [...widths];
  const floor = out.map((w, i) => Math.min(w, Math.max(NARROWEST, textWidth(head[i]!))));
  const whole = out.map((w, i) => Math.max(floor[i]!, Math.min(w, runs[i]!)));
  let excess = drawnWidth(out) - width;
  for (const stop of [whole, floor]) {
    while (excess > 0) {
      let widest = -1;
      for (let i = 0; i < out.length; i++) if (out[i]! > stop[i]! && (widest === -1 || out[i]! > out[widest]!)) widest = i;
      if (widest === -1) break;
      out[widest]!--;
      excess--;
    }
  }
  return out;
}

/** The columns of a text's longest run without a place to break it: between spaces, and not across a Chinese character. */
function longestRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    const breaks = c === ' ' || c === '\n' || charWidth(c) === 2;
    run = breaks ? 0 : run + 1;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Where a piece of a word may be broken: after its last wide (Chinese) character; 0 when it has none. */
function afterLastWide(piece: string): number {
  let at = 0;
  let end = 0;
  for (const c of piece) {
    end += c.length;
    if (charWidth(c) === 2) at = end;
  }
  return at;
}

/** Whether a text's first wide (Chinese) character, and what comes before it, fit in `room` columns: a line may break after it. */
function wideFits(text: string, room: number): boolean {
  let used = 0;
  for (const c of text) {
    const width = charWidth(c);
    used += width;
    if (used > room) return false;
    if (width === 2) return true;
  }
  return false;
}

/** The most characters a break moves back to keep marks with the text they close or open: three marks in a row (表”），) and the character before them. */
const MOST_MOVED = 3;

/** Marks no line of Chinese starts with (a comma, a full stop, a colon, a closing bracket or quote, full-width or not; a slash, as in 是/否) … */
const NO_LINE_START = new Set('、，。：；！？）》」』】〉”’…·,.:;!?)/');
/** … and none ends with (an opening bracket or quote). */
const NO_LINE_END = new Set('（《「『【〈“‘(');

/**
 * Whether a line may not break between `before` and `after`: the line after would start with a
 * closing mark, or the line before end with an opening one. An ASCII quote is either: after a
 * Chinese character it closes ("备注"), before one it opens.
 */
function heldTogether(before: string, after: string): boolean {
  return (
    NO_LINE_START.has(after) ||
    NO_LINE_END.has(before) ||
    (after === '"' && charWidth(before) === 2) ||
    (before === '"' && charWidth(after) === 2)
  );
}

/**
 * A break inside a run of Chinese (`at` in `piece`, `next` coming after it) moved back up to
 * MOST_MOVED characters where the line after it would start with a closing mark (、 ，) or the line
 * before it end with an opening one (（ “), as Chinese is set; where it cannot move, `at`.
 */
function keptTogether(piece: string, at: number, next: string): number {
  let moved = at;
  for (let step = 0; step < MOST_MOVED && moved > 1; step++) {
    const after = moved < piece.length ? piece[moved]! : next;
    if (!heldTogether(piece[moved - 1]!, after)) return moved;
    // Only between two characters of the Basic Plane that are not spaces: a surrogate pair stays whole.
    const before = piece.charCodeAt(moved - 1);
    if ((before >= 0xd800 && before <= 0xdfff) || before === 0x20) return at;
    moved--;
  }
  const after = moved < piece.length ? piece[moved]! : next;
  return heldTogether(piece[moved - 1]!, after) ? at : moved;
}

/**
 * `text` in lines of at most `width` columns, broken between words (and inside a word, such
 * as a run of Chinese, longer than a line); the first line starts with `first`, the others with `rest`.
 */
export function wrapWords(text: string, width: number, first = '', rest = first): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - textWidth(line);
  for (const word of text.split(/ +/)) {
    const spaced = empty ? word : ` ${word}`;
    if (textWidth(spaced) <= room()) {
      line += spaced;
      empty = false;
      continue;
    }
    // A word that fits on a line of its own goes there, unless it is Chinese that can begin here: Chinese fills its lines.
    if (!empty && textWidth(word) <= width - textWidth(rest) && !wideFits(spaced, room())) {
      lines.push(line);
      line = rest + word;
      continue;
    }
    // A word longer than the room left: as much as fits here, the rest on following lines, broken
    // after a Chinese character (where Chinese breaks) rather than inside an id or a number.
    let piece = empty ? '' : ' ';
    for (const c of word) {
      if (textWidth(piece) + charWidth(c) > room()) {
        const wide = keptTogether(piece, afterLastWide(piece), c);
        // What follows it moves on with the character, where a new line holds them.
        const at = wide > 0 && textWidth(rest) + textWidth(piece.slice(wide)) + charWidth(c) <= width ? wide : piece.length;
        // Without the space before the word, where the line was full.
        lines.push((line + piece.slice(0, at)).trimEnd());
        line = rest;
        piece = piece.slice(at);
      }
      piece += c;
    }
    line += piece;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * `parts` joined by `separator` in lines of at most `width` columns, broken between parts first,
 * so that a part that fits on a line stays whole (预期年均增长率 5.46% is not cut after 预期年),
 * then, in a part too wide for a line alone, as wrapWords breaks it; the first line starts with
 * `first`, the others with `rest`. A line broken between parts ends with `ending` (the `;` of a
 * list; nothing after a ` · `).
 */
export function wrapParts(parts: readonly string[], width: number, first = '', rest = first, separator = ' · ', ending = ''): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  parts.forEach((part, i) => {
    // Room for the ending where another part may follow.
    const room = i === parts.length - 1 ? width : width - textWidth(ending);
    const joined = empty ? line + part : `${line}${separator}${part}`;
    if (textWidth(joined) <= room) {
      line = joined;
      empty = false;
      return;
    }
    if (!empty) {
      lines.push(line + ending);
      line = rest;
    }
    const wrapped = wrapWords(part, room, line, rest).split('\n');
    lines.push(...wrapped.slice(0, -1));
    line = wrapped.at(-1)!;
    empty = false;
  });
  lines.push(line);
  return lines.join('\n');
}
