/** Printable documents (the completion table, rankings) as one self-contained HTML page (no scripts, no outside resources). */
import { escapeHtml } from './escape.js';
import type { Block, ListedLines } from './layout.js';
import type { ReporterOptions } from './options.js';

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.92rem}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left}
th{background:#f4f4f4}td:first-child,td.short{white-space:nowrap}.pass{color:#17803d}.fail{color:#c62828;font-weight:600}.warn{color:#b26a00}.no_data{color:#888}
.note-bad{color:#c62828}.note-warn{color:#b26a00}.note-good{color:#17803d}.note-dim{color:#666}.error{color:#c62828}.warning{color:#b26a00}
@media screen and (max-width:900px){body{margin:1rem}}@media screen and (max-width:760px){td.short{white-space:normal}}
@media print{body{margin:0}table{font-size:.7rem}th,td{padding:.12rem .25rem}}`;

/** Cells of at most this many characters are not broken over lines. */
const SHORT_CELL = 8;

/** Blocks drawn as one self-contained HTML page, a block a piece, as they come. */
export function* htmlPieces(blocks: Iterable<Block>, title: string, options: ReporterOptions): Generator<string, void, undefined> {
  yield `<!DOCTYPE html>
<html lang="${options.lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
`;
  let between = '';
  for (const block of blocks) {
    yield `${between}${draw(block)}`;
    between = '\n';
  }
  yield `
</body>
</html>
`;
}

/** Blocks as HTML elements, for a page of their own or a section of another. */
export function blocksHtml(blocks: readonly Block[]): string {
  return blocks.map(draw).join('\n');
}

function draw(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'note':
      return `<p class="note-${block.tone}">${escapeHtml(block.text)}</p>`;
    case 'table': {
      const head = `<tr>${block.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
      // A short cell (a unit of measure, 达标, 预期性, a figure) is kept on one line, not broken a character a line.
      const classes = (c: { status?: string; text: string }) =>
        [c.status, c.text.length <= SHORT_CELL ? 'short' : undefined].filter(Boolean).join(' ');
      const rows = block.rows.map(
        (row) =>
          `<tr>${row.map((c) => `<td${classes(c) ? ` class="${classes(c)}"` : ''}>${c.strong && c.text !== '' ? `<strong>${escapeHtml(c.text)}</strong>` : escapeHtml(c.text)}</td>`).join('')}</tr>`,
      );
      return `${block.title ? `<h3>${escapeHtml(block.title)}</h3>\n` : ''}<table>\n${head}\n${rows.join('\n')}\n</table>`;
    }
    case 'problems':
      return `<h3>${escapeHtml(block.title)}</h3>\n${problemsHtml(block)}`;
  }
}

/** Problems (or notices) as a list, each at its place with its severity, code, field, message and fix; the count of the rest last. */
export function problemsHtml(problems: ListedLines): string {
  const items = problems.items.map(
    (p) =>
      `<li><code>${escapeHtml(p.place)}</code> <span class="${p.severity}">${escapeHtml(`${p.severity} ${p.code}`)}</span>${p.field ? ` [${escapeHtml(p.field)}]` : ''} ${escapeHtml(p.message)}<br><small>→ ${escapeHtml(p.hint)}</small></li>`,
  );
  if (problems.more) items.push(`<li>${escapeHtml(problems.more)}</li>`);
  return `<ul class="problems">\n${items.join('\n')}\n</ul>`;
}
