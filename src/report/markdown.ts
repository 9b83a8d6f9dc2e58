/** The report for people as Markdown, for an issue, a wiki page or a CI summary. */
import type { Report } from '../check.js';
import { escapeMarkdown } from './escape.js';
import { layout, type Block } from './layout.js';
import type { ReporterOptions } from './options.js';

/** The report as Markdown, a block a piece. */
export function markdownReportPieces(report: Report, options: ReporterOptions): Iterable<string> {
  return markdownPieces(layout(report, options.lang, options));
}

/** Blocks drawn as Markdown, a block a piece, as they come. */
export function* markdownPieces(blocks: Iterable<Block>): Generator<string, void, undefined> {
  let between = '';
  for (const block of blocks) {
    yield `${between}${draw(block)}`;
    between = '\n\n';
  }
  yield '\n';
}

function draw(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `## ${escapeMarkdown(block.text)}`;
    case 'note':
      return block.tone === 'dim' ? `_${escapeMarkdown(block.text)}_` : `**${escapeMarkdown(block.text)}**`;
    case 'table': {
      const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
      const rows = [
        line(block.head.map(escapeMarkdown)),
        line(block.head.map(() => '---')),
        ...block.rows.map((row) =>
          line(row.map((c) => (c.strong && c.text !== '' ? `**${escapeMarkdown(c.text)}**` : escapeMarkdown(c.text)))),
        ),
      ];
      return `${block.title ? `### ${escapeMarkdown(block.title)}\n\n` : ''}${rows.join('\n')}`;
    }
    case 'problems': {
      const items = block.items.map(
        (p) =>
          `- \`${escapeMarkdown(p.place)}\` **${p.severity} ${escapeMarkdown(p.code)}**${p.field ? ` [${escapeMarkdown(p.field)}]` : ''} ${escapeMarkdown(p.message)}: ${escapeMarkdown(p.hint)}`,
      );
      if (block.more) items.push(`- ${escapeMarkdown(block.more)}`);
      return `### ${escapeMarkdown(block.title)}\n\n${items.join('\n')}`;
    }
  }
}
