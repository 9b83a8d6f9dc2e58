/**
 * The report as one self-contained HTML page for a bureau (inline CSS and SVG, no script, no
 * network): a header with the plan, period, files and time; the summary first (counts, what
 * failed, why results have no data, the problems); the matrix of values coloured by status,
 * units that sent nothing shown as missing; a chart per indicator; with a history, a line per
 * indicator; printable on A4.
 */
import { groupBy } from '../arrays.js';
import { summarize, type Report } from '../check.js';
import { formatNumber } from '../format.js';
import { historyOf, type History } from '../history.js';
import type { Rule } from '../plan/plan.js';
import { unitName } from '../registry.js';
import type { Lang, Result, Status } from '../types.js';
import { escapeHtml } from './escape.js';
import { blocksHtml, problemsHtml } from './html.js';
import {
  applies,
  beyondThePeriod,
  compareIds,
  noDataWhy,
  matrixOf,
  noticeLines,
  type ListedLines,
  noticesCounted,
  NOT_APPLICABLE,
  rulesWithoutValues,
  problemLines,
  summaryLine,
  targetText,
  unvaluedText,
  valueText,
  whatMissed,
  wholeWords,
} from './layout.js';
import type { ReporterOptions } from './options.js';
import { barChart, STATUS_COLOUR, trendChart, type Bar } from './svg.js';
import { statusWord, SYMBOL, word } from './words.js';

const STYLE = `body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:1.5rem auto;max-width:1400px;color:#222;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#555;margin:0 0 1rem}.meta details{display:inline-block;vertical-align:top}.meta summary{cursor:pointer}.wide{overflow-x:auto}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}.count{border-radius:4px;padding:.35rem .7rem;color:#fff;font-weight:600}
.count.pass{background:${STATUS_COLOUR.pass}}.count.fail{background:${STATUS_COLOUR.fail}}.count.warn{background:${STATUS_COLOUR.warn}}.count.no_data{background:${STATUS_COLOUR.no_data}}.count.errors{background:#6a1b9a}
.note-bad{color:#c62828}.note-warn{color:#9a5b00}.note-dim{color:#555}.note-good{color:#2e7d32}.nowrap{white-space:nowrap}
table.matrix{border-collapse:collapse;font-size:.85rem}table.matrix th,table.matrix td{border:1px solid #ccc;padding:.15rem .35rem;text-align:right;white-space:nowrap}
table.matrix th{background:#f4f4f4;text-align:center}table.matrix td.id,table.matrix td.title{text-align:left}table.matrix td.title{white-space:normal;min-width:12rem}
td.pass{background:#e8f5e9}td.fail{background:#ffcdd2;font-weight:600}td.warn{background:#ffe0b2}td.no_data{background:#f5f5f5;color:#777}
table.matrix td.na{color:#999;text-align:center}th.missing,td.missing{background:repeating-linear-gradient(45deg,#eee,#eee 4px,#fafafa 4px,#fafafa 8px);color:#777}td.whole{font-weight:600}
.problems li{margin:.2rem 0}.problems code{background:#f4f4f4;padding:0 .2rem}.error{color:#c62828}.warning{color:#9a5b00}
.beyond table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0 .8rem}.beyond th,.beyond td{border:1px solid #ccc;padding:.15rem .4rem;text-align:left}.beyond th{background:#f4f4f4}.beyond h3{font-size:1rem;margin:1rem 0 .2rem}
figure{margin:1rem 0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:.2rem}svg{font-size:11px;max-width:100%;height:auto}svg .axis{fill:#555}
@page{size:A4;margin:12mm}@page wide{size:A4 landscape}@media print{body{margin:0;max-width:none}table.matrix{font-size:7pt}h2{break-after:avoid}.landscape{page:wide}.wide{overflow:visible}}`;

/** The report as one HTML page, a piece at a time: the matrix a rule's row, the charts a figure a piece (a region of thousands of units is not one text). */
export function* htmlReportPieces(report: Report, options: ReporterOptions): Generator<string, void, undefined> {
  const { lang } = options;
  const history = historyOf(report);
  const periods = history.periods;
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const unvalued = rulesWithoutValues(history.latest, report);
  let results = history.latest.filter((r) => !unvalued.has(r.rule));
  if (options.onlyFailing) {
    const failing = new Set(results.filter((r) => r.status === 'fail' || r.status === 'warn').map((r) => r.rule));
    results = results.filter((r) => failing.has(r.rule));
  }
  yield `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(report.plan.title[lang])}</title><style>${STYLE}</style></head>
<body>
`;
  // Sections one after another, a line between them.
  yield header(report, periods, options);
  yield `\n${summary(report, history.latest, options)}`;
  const leftOut = !options.onlyFailing && unvalued.size > 0 ? unvaluedText(unvalued, lang) : undefined;
  if (results.length > 0) {
    yield '\n';
    yield* matrix(report, results, rules, lang, leftOut);
    yield* charts(report, results, rules, lang);
  }
  // A rule without a value in the latest period keeps the trend of the periods before it.
  const trendFigures =
    periods.length > 1
      ? trends(report, history, new Set([...results.map((r) => r.rule), ...(options.onlyFailing ? [] : unvalued)]), rules, lang)
      : '';
  if (trendFigures) yield `\n${trendFigures}`;
  // The comparison with an earlier drop and the printed growth rates checked, as the table report draws them.
  const beyond = beyondThePeriod(report, lang);
  if (beyond.length > 0) yield `\n<section class="beyond">${blocksHtml(beyond)}</section>`;
  yield `
</body>
</html>
`;
}

function header(report: Report, periods: readonly string[], options: ReporterOptions): string {
  const { lang } = options;
  const files = report.files.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('');
  const [first, last] = [periods[0], periods.at(-1)];
  // The page shows the latest period; its counts, like the summary's, are of every period read.
  const meta = [
    periods.length > 1
      ? escapeHtml(word('periodOfMany', lang, { n: periods.length, first: first!, last: last! }))
      : last
        ? `${word('period', lang)} ${escapeHtml(last)}`
        : '',
    options.generatedAt ? escapeHtml(word('generatedAt', lang, { time: options.generatedAt })) : '',
    `<details><summary>${word('filesRead', lang, { n: report.files.length })}</summary><ul>${files}</ul></details>`,
  ].filter(Boolean);
  return `<header><h1>${escapeHtml(report.plan.title[lang])}</h1><div class="meta">${meta.join(' · ')}</div></header>`;
}

function summary(report: Report, latest: readonly Result[], options: ReporterOptions): string {
  const { lang } = options;
  const counts = summarize(report);
  const badge = (kind: Status | 'errors', n: number, label: string) =>
    `<span class="count ${kind}">${formatNumber(n)} ${escapeHtml(label)}</span>`;
  const badges = [
    badge('pass', counts.pass, statusWord('pass', lang)),
    badge('fail', counts.fail, statusWord('fail', lang)),
    badge('warn', counts.warn, statusWord('warn', lang)),
    badge('no_data', counts.no_data, statusWord('no_data', lang)),
  ];
  if (counts.errors > 0) badges.push(badge('errors', counts.errors, lang === 'zh' ? '个错误' : 'errors'));
  const notes = whatMissed(report, latest, lang).map((b) => (b.kind === 'note' ? `<p class="note-${b.tone}">${noteHtml(b.text)}</p>` : ''));
  const counted = options.notices ? undefined : noticesCounted(report, lang);
  if (counted) notes.push(`<p class="note-dim">${noteHtml(counted)}</p>`);
  const lists = [
    problemList(word('problems', lang), problemLines(report, lang)),
    options.notices ? problemList(word('notices', lang), noticeLines(report, lang)) : '',
  ];
  return `<section class="summary"><div class="counts">${badges.join('')}</div><p>${escapeHtml(summaryLine(report, lang))}</p>${notes.join('')}${lists.join('')}</section>`;
}

/** A heading and the list of problems (or notices) under it; nothing where there are none. */
function problemList(title: string, problems: ListedLines): string {
  return problems.items.length > 0 ? `<h2>${escapeHtml(title)}</h2>\n${problemsHtml(problems)}` : '';
}

/** A note's text for the page, an option it names (`--format json`) kept on one line: a browser breaks after a hyphen. */
function noteHtml(text: string): string {
  return escapeHtml(text).replace(
    /--[a-z][a-z-]*(?: (?:json|csv|junit|table|markdown|html|xlsx))?/g,
    (option) => `<span class="nowrap">${option}</span>`,
  );
}

/** The matrix of values by rule and unit, a rule's row a piece. */
function* matrix(
  report: Report,
  results: readonly Result[],
  rules: Map<string, Rule>,
  lang: Lang,
  leftOut: string | undefined,
): Generator<string, void, undefined> {
  const { ids, cellOf } = matrixOf(results);
  const reported = new Set(results.filter((r) => r.level === 'county').map((r) => r.unit));
  const units = report.registry.units;
  const city = report.registry.city;
  const head = units.map((u) =>
    reported.has(u.code)
      ? `<th>${escapeHtml(unitName(u, lang, true))}</th>`
      : `<th class="missing" title="${escapeHtml(word('notReported', lang))}">${escapeHtml(unitName(u, lang, true))}<br><small>${escapeHtml(word('notReported', lang))}</small></th>`,
  );
  const cell = (code: string, id: string, whole = false) => {
    const result = cellOf(id, code);
    if (!result) {
      if (!applies(rules.get(id)!, code, report.registry))
        return `<td class="na" title="${escapeHtml(word('notApplicable', lang))}">${NOT_APPLICABLE}</td>`;
      return whole || reported.has(code) ? '<td></td>' : '<td class="missing"></td>';
    }
    const text = result.value === null ? SYMBOL.no_data : `${SYMBOL[result.status]} ${formatNumber(result.value)}`;
    // A cell without a value says why in its title (the units that left a value empty).
    const status =
      result.status === 'no_data'
        ? `${statusWord(result.status, lang)}${lang === 'zh' ? '：' : ': '}${noDataWhy(result, report, lang)}`
        : statusWord(result.status, lang);
    return `<td class="${result.status}${whole ? ' whole' : ''}" title="${escapeHtml(`${status} · ${targetText(result, rules.get(id)!, lang)}`)}">${escapeHtml(text)}</td>`;
  };
  yield `<section class="landscape"><h2>${escapeHtml(word('matrixTitle', lang))}</h2><div class="wide"><table class="matrix"><thead><tr><th>${escapeHtml(word('rule', lang))}</th><th>${escapeHtml(word('indicator', lang))}</th>${head.join('')}<th>${escapeHtml(unitName(city, lang, true))}</th></tr></thead><tbody>`;
  for (const id of ids)
    yield `<tr><td class="id">${escapeHtml(id)}</td><td class="title">${escapeHtml(rules.get(id)!.title[lang])}</td>${units.map((u) => cell(u.code, id)).join('')}${cell(city.code, id, true)}</tr>`;
  yield `</tbody></table></div>${leftOut ? `<p class="note-dim">${noteHtml(leftOut)}</p>` : ''}<p class="note-dim">${escapeHtml(word('legend', lang))}</p></section>`;
}

/** A chart of each rule's values by unit, a figure a piece, after a line; nothing where no unit has a value. */
function* charts(report: Report, results: readonly Result[], rules: Map<string, Rule>, lang: Lang): Generator<string, void, undefined> {
  const byRule = groupBy(
    results.filter((r) => r.level === 'county' && r.value !== null),
    (r) => r.rule,
  );
  const ids = [...byRule.keys()].sort(compareIds);
  if (ids.length === 0) return;
  const figure = (id: string) => {
    const rule = rules.get(id)!;
    const own = byRule.get(id)!;
    const byUnit = groupBy(own, (r) => r.unit);
    const bars: Bar[] = report.registry.units.flatMap((u) =>
      (byUnit.get(u.code) ?? []).map((r) => ({ label: unitName(u, lang, true), value: r.value!, status: r.status })),
    );
    const targets = new Set(own.map((r) => (typeof r.target === 'number' ? r.target : undefined)));
    const milestones = new Set(own.map((r) => r.milestone));
    const one = <T>(values: Set<T>) => (values.size === 1 ? [...values][0] : undefined);
    const title = lang === 'zh' ? `${id} ${rule.title.zh}（${rule.unit.zh}）` : `${id} ${rule.title.en} (${rule.unit.en})`;
    const chart = barChart(title, bars, {
      target: one(targets) ?? undefined,
      milestone: one(milestones) ?? undefined,
      targetLabel: word('targetLine', lang),
      milestoneLabel: word('milestoneLine', lang),
    });
    const target = one(new Set(own.map((r) => targetText(r, rule, lang)))) ?? word('targetsDiffer', lang);
    return `<figure><figcaption>${escapeHtml(title)} · ${escapeHtml(word('target', lang))} ${escapeHtml(target)}</figcaption>${chart}</figure>`;
  };
  yield `\n<section><h2>${escapeHtml(word('chartsTitle', lang))}</h2>`;
  for (const [i, id] of ids.entries()) yield `${i === 0 ? '' : '\n'}${figure(id)}`;
  yield '</section>';
}

function trends(report: Report, history: History, shown: ReadonlySet<string>, rules: Map<string, Rule>, lang: Lang): string {
  const city = report.registry.city.code;
  const figures = [...shown].sort(compareIds).map((id) => {
    const rule = rules.get(id)!;
    const points = history.periods.map((period) => ({ period, value: history.wholeValue(id, period) }));
    const chart = trendChart(`${id} ${rule.title[lang]}`, points);
    const last = history.latest.filter((r) => r.unit === city && r.rule === id).at(-1);
    return chart
      ? `<figure><figcaption>${escapeHtml(`${id} ${rule.title[lang]}`)}${last ? ` · ${escapeHtml(valueText(last, rule, lang))}` : ''}</figcaption>${chart}</figure>`
      : '';
  });
  const shownFigures = figures.filter(Boolean);
  return shownFigures.length
    ? `<section><h2>${escapeHtml(word('trendsTitle', lang, wholeWords(report, lang)))}</h2>${shownFigures.join('\n')}</section>`
    : '';
}
