/**
 * Charts as inline SVG for the HTML report: a bar per unit against the target and the
 * milestone, and a line over the periods of a history. No script, no outside resource.
 */
import { formatNumber } from '../format.js';
import type { Status } from '../types.js';
import { escapeHtml } from './escape.js';

/** One bar: a unit's label, its value and status. */
export interface Bar {
  label: string;
  value: number;
  status: Status;
}

/** Colours of the statuses, shared with the page's CSS. */
export const STATUS_COLOUR: Record<Status, string> = { pass: '#2e7d32', fail: '#c62828', warn: '#ef8f00', no_data: '#9e9e9e' };

const WIDTH = 640;
const LABEL = 120;
const ROW = 20;
const TOP = 22;
/** The width of a digit of a bar's value at the charts' 11px, a little over. */
const DIGIT = 7;

/** Where the scale of a chart ends: past every value and line drawn, on a round number. */
function scaleEnd(numbers: readonly number[]): number {
  const high = Math.max(...numbers, 0);
  if (high <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(high));
  return Math.ceil((high * 1.05) / step) * step;
}

/** A horizontal bar chart: a bar per unit, a solid line at the target, a dashed one at the milestone. */
export function barChart(
  title: string,
  bars: readonly Bar[],
  lines: { target?: number; milestone?: number; targetLabel: string; milestoneLabel: string },
): string {
  const end = scaleEnd([...bars.map((b) => b.value), lines.target ?? 0, lines.milestone ?? 0]);
  const plot = WIDTH - LABEL - 70;
  const x = (v: number) => LABEL + (Math.max(0, v) / end) * plot;
  const height = TOP + bars.length * ROW + 26;
  const crossing = [lines.target, lines.milestone].filter((v): v is number => v !== undefined).map(x);
  const rows = bars.map((bar, i) => {
    const y = TOP + i * ROW;
    const shown = formatNumber(bar.value);
    // The value is written after its bar, and after a line it would otherwise be drawn across (a value just short of its target).
    const end = x(bar.value);
    const at = Math.max(end, ...crossing.filter((lx) => lx >= end - 1 && lx <= end + 4 + shown.length * DIGIT)) + 4;
    return `<text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(bar.label)}</text><rect x="${LABEL}" y="${y + 3}" width="${(end - LABEL).toFixed(1)}" height="${ROW - 6}" fill="${STATUS_COLOUR[bar.status]}"/><text x="${at.toFixed(1)}" y="${y + 14}">${shown}</text>`;
  });
  const bottom = TOP + bars.length * ROW;
  // A line's value to two decimals, as values are shown (a milestone has four).
  const shownAt = (v: number) => formatNumber(Math.round(v * 100) / 100);
  const target =
    lines.target === undefined ? undefined : { v: lines.target, text: `${lines.targetLabel} ${shownAt(lines.target)}`, dashed: false };
  const milestone =
    lines.milestone === undefined || lines.milestone === lines.target
      ? undefined
      : { v: lines.milestone, text: `${lines.milestoneLabel} ${shownAt(lines.milestone)}`, dashed: true };
  const drawn = [target, milestone].filter((l) => l !== undefined).sort((a, b) => a.v - b.v);
  // Each label under its line; two lines too close for that have theirs turned away from each other, the lower one's to its left.
  const apart = drawn.length < 2 || x(drawn[1]!.v) - x(drawn[0]!.v) >= (labelWidth(drawn[0]!.text) + labelWidth(drawn[1]!.text)) / 2 + 6;
  const line = ({ v, text, dashed }: { v: number; text: string; dashed: boolean }, i: number) => {
    const [anchor, shift] = apart ? ['middle', 0] : i === 0 ? ['end', -3] : ['start', 3];
    return `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${TOP - 4}" y2="${bottom + 4}" stroke="#222" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 3"' : ''}/><text x="${(x(v) + shift).toFixed(1)}" y="${bottom + 18}" text-anchor="${anchor}" class="axis">${escapeHtml(text)}</text>`;
  };
  return `<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${rows.join('')}${drawn.map(line).join('')}</svg>`;
}

/** About how wide a label is drawn at the charts' 11px: a Chinese character a square, other characters a little over half. */
function labelWidth(text: string): number {
  let width = 0;
  for (const c of text) width += c.charCodeAt(0) > 0x2e7f ? 11 : 6.5;
  return width;
}

/** A line over the periods (gaps where a period has no value), its last value written at its end. */
export function trendChart(title: string, points: readonly { period: string; value: number | null }[]): string {
  const known = points.filter((p): p is { period: string; value: number } => p.value !== null);
  if (known.length < 2) return '';
  const [w, h, pad] = [WIDTH, 120, 30];
  const low = Math.min(...known.map((p) => p.value));
  const high = Math.max(...known.map((p) => p.value));
  const y = (v: number) => (high === low ? h / 2 : h - pad - ((v - low) / (high - low)) * (h - 2 * pad));
  const x = (i: number) => LABEL + (i / Math.max(1, points.length - 1)) * (w - LABEL - 70);
  const path = points
    .map((p, i) => (p.value === null ? '' : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const last = known.at(-1)!;
  const first = known[0]!;
  const lastIndex = points.indexOf(last);
  const firstIndex = points.indexOf(first);
  return `<svg class="trend" role="img" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title><polyline fill="none" stroke="#1565c0" stroke-width="2" points="${path}"/><text x="${LABEL - 6}" y="${h - 8}" text-anchor="end" class="axis">${escapeHtml(points[0]!.period)}</text><text x="${(x(points.length - 1) + 4).toFixed(1)}" y="${h - 8}" class="axis">${escapeHtml(points.at(-1)!.period)}</text><text x="${(x(firstIndex) - 6).toFixed(1)}" y="${(y(first.value) + 4).toFixed(1)}" text-anchor="end">${formatNumber(first.value)}</text><text x="${(x(lastIndex) + 6).toFixed(1)}" y="${(y(last.value) + 4).toFixed(1)}">${formatNumber(last.value)}</text></svg>`;
}
