/**
 * What the reports for people say, independent of how it is drawn: headings, tables of cells
 * that may carry a status, notes and the list of problems. The text, Markdown and HTML
 * reporters each draw these blocks their own way.
 */
import { groupBy } from '../arrays.js';
import { CATALOG, hintOf, messageOf, type IssueCode } from '../catalog.js';
import { resultCount, summarize, type Report } from '../check.js';
import type { Change, Comparison } from '../evaluate/compare.js';
import { displayValue } from '../evaluate/engine.js';
import { Rational } from '../evaluate/rational.js';
import { formatAmount, formatNumber, namesText } from '../format.js';
import { historyOf, seriesKey, seriesRule, type History } from '../history.js';
import type { Rule } from '../plan/plan.js';
import { inUnitSet, unitName, type Registry } from '../registry.js';
import type { Issue, Lang, NoDataReason, Result, Severity, Status } from '../types.js';
import { reasonWord, SYMBOL, statusWord, word } from './words.js';
import { markedCharacter } from '../input/normalise.js';
import { OP_SIGN } from '../defaults.js';

/** A table cell; `status` lets a renderer colour it. */
export interface Cell {
  text: string;
  /** A shorter text (a matrix cell's symbol without its value) for when the table is too wide. */
  short?: string;
  status?: Status;
  strong?: boolean;
}

/** One problem, ready to print. */
export interface ProblemLine {
  place: string;
  severity: Severity;
  code: string;
  field?: string;
  message: string;
  hint: string;
}

/** A block of a report for people. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'table'; title?: string; head: string[]; rows: Cell[][]; keys?: number }
  | { kind: 'note'; text: string; tone: 'good' | 'warn' | 'bad' | 'dim' }
  | { kind: 'problems'; title: string; items: ProblemLine[]; more?: string };

/** Rules across a matrix at most; with more, rules go down the page. */
const WIDE_MATRIX = 20;

/** Problems listed in a report for people before "N more". */
export const SHOWN_PROBLEMS = 20;

/** Problems of one kind (a file's of one code and column) listed before the rest of them are told in one line. */
export const SHOWN_OF_A_KIND = 3;

/**
 * A problem as the reports for people list it: one, or (`rest`) several in one line, the rest of its
 * kind after its examples (their fix where they share one) or a header's labels of no column, at
 * the `line` they share where they do.
 */
export interface FoldedProblem {
  found: Issue;
  rest?: { count: number; message: string; hint: string; line?: number };
}

/** Where a report for people sends for the problems it does not list: a check's JSON report. */
const JSON_REPORT = '--format json';

/**
 * Problems in their order, the first SHOWN_OF_A_KIND of each kind (a file's problems of one code
 * and column) and after them one entry for the rest of the kind (how many, from which line to
 * which), so that a column Excel spoiled on every line leaves room for the file's other problems;
 * a kind of one more than that is shown whole.
 */
export function foldProblems(problems: readonly Issue[], lang: Lang, json = JSON_REPORT): FoldedProblem[] {
  const own = ownColumns(problems, lang);
  // Of each kind: how many, the lines of those past its examples, and their fix where they share one.
  const kinds = new Map<string, { count: number; first?: number; last?: number; hint?: string | null }>();
  for (const found of problems) {
    if (own.has(found)) continue;
    const key = kindOf(found);
    const kind = kinds.get(key) ?? { count: 0 };
    kinds.set(key, kind);
    if (++kind.count <= SHOWN_OF_A_KIND) continue;
    const hint = hintOf(found, lang);
    kind.hint = kind.hint === undefined || kind.hint === hint ? hint : null;
    if (found.line === undefined) continue;
    kind.first = Math.min(kind.first ?? found.line, found.line);
    kind.last = Math.max(kind.last ?? found.line, found.line);
  }
  const folded: FoldedProblem[] = [];
  const shown = new Map<string, number>();
  for (const found of problems) {
    const grouped = own.get(found);
    if (grouped !== undefined) {
      if (grouped) folded.push(grouped);
      continue;
    }
    const key = kindOf(found);
    const n = (shown.get(key) ?? 0) + 1;
    shown.set(key, n);
    const kind = kinds.get(key)!;
    // One past the examples is shown as itself: a line that says "1 more" would take its place and hide what it says.
    const examples = kind.count === SHOWN_OF_A_KIND + 1 ? kind.count : SHOWN_OF_A_KIND;
    if (n > examples) continue;
    folded.push({ found });
    const count = kind.count - examples;
    if (n < examples || count <= 0) continue;
    const lines =
      kind.first === undefined
        ? ''
        : kind.first === kind.last
          ? word('sameKindLine', lang, { line: formatNumber(kind.first) })
          : word('sameKindLines', lang, { first: formatNumber(kind.first), last: formatNumber(kind.last!) });
    folded.push({
      found,
      rest: {
        count,
        message: word('sameKind', lang, { n: formatNumber(count), lines }),
        hint: kind.hint ?? word('eachFix', lang, { json }),
      },
    });
  }
  return folded;
}

/**
 * The columns of files' own (labels like no column: 序号, 姓名, 联系电话, 备注, as a national system's
 * export has them), a warning each: in a report for people, one line for a file's, and for the
 * files whose headers hold the same (a drop of such exports), that of the first of them. By each
 * warning: its line (the first of its files'), or null where another's line tells it; none where
 * a file has one such label only.
 */
function ownColumns(problems: readonly Issue[], lang: Lang): Map<Issue, FoldedProblem | null> {
  const byFile = new Map<string, Issue[]>();
  for (const found of problems) {
    if (found.code !== 'unknown-label' || found.params?.own !== 'yes') continue;
    const issues = byFile.get(found.file) ?? [];
    byFile.set(found.file, issues);
    issues.push(found);
  }
  const groups = new Map<string, { files: string[]; issues: Issue[] }>();
  for (const [file, issues] of byFile) {
    const key = issues.map((found) => `${found.params!.label}\u0000${found.params!.what}`).join('\u0001');
    const group = groups.get(key) ?? { files: [], issues: [] };
    groups.set(key, group);
    group.files.push(file);
    group.issues.push(...issues);
  }
  const folded = new Map<Issue, FoldedProblem | null>();
  for (const { files, issues } of groups.values()) {
    if (issues.length < 2) continue;
    const first = issues[0]!;
    const labels = namesText(
      byFile.get(files[0]!)!.map((found) => String(found.params!.label)),
      Infinity,
      true,
    );
    const others = files.slice(1).map((file) => file.split(/[\\/]/).pop()!);
    const names = namesText(others, 3);
    const also =
      others.length === 0
        ? ''
        : word('ownColumnsAlso', lang, { n: formatNumber(others.length), s: others.length === 1 ? '' : 's', names: names[lang] });
    const what = lang === 'zh' ? String(first.params!.what_zh) : String(first.params!.whats);
    const message = word('ownColumns', lang, { labels: labels[lang], what, also });
    for (const found of issues) folded.set(found, null);
    const hint = word('ownColumnsFix', lang, { listed: String(first.params![lang === 'zh' ? 'listed_zh' : 'listed']) });
    folded.set(first, {
      found: first,
      rest: { count: issues.length, message, hint, ...(first.line === undefined ? {} : { line: first.line }) },
    });
  }
  return folded;
}

/**
 * A notice of how a file was read (an encoding detected, a sheet chosen, codes found by names):
 * severity info, but for the one a report for people tells among the problems, that a file's
 * problems were too many to list.
 */
const isNotice = (found: Issue) => found.severity === 'info' && found.code !== 'too-many-errors';

/** Lines a report for people lists, at most SHOWN_PROBLEMS; `more` counts those not told. */
export interface ListedLines {
  items: ProblemLine[];
  more?: string;
}

/** The problems a report for people lists (foldProblems); `json` says how to have the rest (a check's JSON report). */
export function problemLines(report: Report, lang: Lang, json = JSON_REPORT): ListedLines {
  return foldedLines(
    report.issues.filter((i) => !isNotice(i)),
    lang,
    json,
  );
}

/** The notices, listed as problemLines lists problems (--verbose). */
export function noticeLines(report: Report, lang: Lang): ListedLines {
  return foldedLines(report.issues.filter(isNotice), lang, JSON_REPORT);
}

/** Where the notices are not listed (without --verbose): one line of how many there are of each kind, undefined where there are none. */
export function noticesCounted(report: Report, lang: Lang): string | undefined {
  const kinds = new Map<string, number>();
  for (const found of report.issues) if (isNotice(found)) kinds.set(found.code, (kinds.get(found.code) ?? 0) + 1);
  if (kinds.size === 0) return undefined;
  const n = [...kinds.values()].reduce((sum, count) => sum + count, 0);
  const title = (code: string) => CATALOG[code as IssueCode].title[lang];
  // Titles inside a sentence: "encoding detected (13)", as English writes a phrase that does not begin one.
  const each = [...kinds].map(
    ([code, count]) =>
      `${lang === 'zh' ? title(code) : title(code).replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase())}${lang === 'zh' ? `（${formatNumber(count)}）` : ` (${formatNumber(count)})`}`,
  );
  return word('noticesCounted', lang, { n: formatNumber(n), kinds: each.join(lang === 'zh' ? '、' : ', ') });
}

function foldedLines(problems: readonly Issue[], lang: Lang, json: string): ListedLines {
  const shown = foldProblems(problems, lang, json).slice(0, SHOWN_PROBLEMS);
  const told = shown.reduce((sum, { rest }) => sum + (rest ? rest.count : 1), 0);
  const items = shown.map(({ found, rest }) =>
    rest
      ? {
          ...problemLine(found, lang),
          place: onOneLine([found.file, rest.line].filter((x) => x !== undefined).join(':')),
          message: onOneLine(rest.message),
          hint: onOneLine(rest.hint),
        }
      : problemLine(found, lang),
  );
  const left = problems.length - told;
  return { items, ...(left > 0 ? { more: word('problemsMore', lang, { n: formatNumber(left), json }) } : {}) };
}

/**
 * A problem's place, message or fix on one line: a line break in it (a file's name, a cell of two
 * lines it quotes) written <U+000A>, as a message writes a character not shown, so that a text from
 * outside cannot start a line of its own; a tab (1<TAB>2 in a cell) written <U+0009>, which a
 * terminal would widen to its next stop past the width the line was wrapped to, and shows as spaces.
 */
const onOneLine = (text: string) => (/[\t\r\n]/.test(text) ? text.replace(/[\t\r\n]/g, markedCharacter) : text);

/** The kind a problem is of, in a report for people: its file, code and column (by its id, else by its place: a header's labels are each their own). */
const kindOf = (found: Issue) => `${found.file}\u0000${found.code}\u0000${found.field ?? found.column ?? ''}`;

function problemLine(found: Issue, lang: Lang): ProblemLine {
  return {
    place: onOneLine([found.file, found.line, found.column].filter((x) => x !== undefined).join(':')),
    severity: found.severity,
    code: found.code,
    field: found.field,
    message: onOneLine(messageOf(found, lang)),
    hint: onOneLine(hintOf(found, lang)),
  };
}

/** Lays out the report: problems and notices, then per period a unit table or a matrix, then the summary. */
export function layout(report: Report, lang: Lang, options: { onlyFailing?: boolean; notices?: boolean } = {}): Block[] {
  const { onlyFailing = false } = options;
  const blocks: Block[] = [];
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const problems = problemLines(report, lang);
  if (problems.items.length > 0) blocks.push({ kind: 'problems', title: word('problems', lang), ...problems });
  const notices = options.notices ? noticeLines(report, lang) : undefined;
  if (notices && notices.items.length > 0) blocks.push({ kind: 'problems', title: word('notices', lang), ...notices });
  const history = historyOf(report);
  const periods = history.periods;
  if (periods.length === 0) blocks.push({ kind: 'note', text: word('noResults', lang), tone: 'warn' });
  // With a history, the tables show the latest period and each value's trend; JSON has every period.
  const latest = periods.at(-1);
  const trends = periods.length > 1 ? trendsOf(history) : undefined;
  if (latest) {
    const all = history.latest;
    // --only-failing: the rules with a fail or warn anywhere, each with all its units.
    const failing = new Set(all.filter(isProblem).map((r) => r.rule));
    // Rules without a value where the tables would show one: a unit's own results in its table, every result in a matrix.
    const county = all.filter((r) => r.level === 'county');
    const unvalued = rulesWithoutValues(new Set(county.map((r) => r.unit)).size === 1 ? county : all, report);
    // A rule with values in earlier periods keeps its rows: their trends show what the latest period lacks.
    for (const key of trends?.keys() ?? []) unvalued.delete(seriesRule(key));
    const results = (onlyFailing ? all.filter((r) => failing.has(r.rule)) : all).filter((r) => !unvalued.has(r.rule));
    if (onlyFailing && results.length === 0) blocks.push({ kind: 'note', text: word('noneFailing', lang), tone: 'good' });
    if (trends)
      blocks.push({ kind: 'note', text: word('history', lang, { n: periods.length, first: periods[0]!, last: latest }), tone: 'dim' });
    blocks.push({ kind: 'heading', text: `${report.plan.title[lang]} · ${word('period', lang)} ${latest}` });
    const view: View = { report, rules, lang, trends, onlyFailing };
    const units = [...new Set(results.filter((r) => r.level === 'county').map((r) => r.unit))];
    // --only-failing with nothing failing is said above: no empty table.
    if (results.length > 0) {
      if (units.length === 0) blocks.push(cityTable(results, view));
      else if (units.length === 1) blocks.push(...oneUnit(units[0]!, results, view));
      else blocks.push(...matrix(results, view));
    }
    if (!onlyFailing && unvalued.size > 0) blocks.push({ kind: 'note', text: unvaluedText(unvalued, lang), tone: 'dim' });
    const schedule = scheduleNote(results, view);
    if (schedule) blocks.push(schedule);
  }
  blocks.push(...beyondThePeriod(report, lang));
  const counts = summarize(report);
  blocks.push({ kind: 'note', text: word('legend', lang), tone: 'dim' });
  blocks.push(...whatMissed(report, history.latest, lang));
  // Not listed, the notices are counted where the run's summary is read.
  const counted = notices ? undefined : noticesCounted(report, lang);
  if (counted) blocks.push({ kind: 'note', text: counted, tone: 'dim' });
  // A drop that holds codes and periods and nothing else must not read as a clean one.
  const nothing = counts.rows > 0 && counts.empty_rows === counts.rows;
  blocks.push({
    kind: 'note',
    text: summaryLine(report, lang),
    tone: nothing || counts.errors > 0 || counts.fail > 0 ? 'bad' : counts.warn > 0 ? 'warn' : 'good',
  });
  return blocks;
}

/** What a report for people has after the period's tables: the comparison with an earlier drop (--compare), and the plan's printed growth rates checked. */
export function beyondThePeriod(report: Report, lang: Lang): Block[] {
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  return [
    ...(report.comparison ? comparisonBlocks(report.comparison, { report, rules, lang, trends: undefined }) : []),
    ...(report.growth.length > 0 ? growthBlocks(report, lang) : []),
  ];
}

function growthBlocks(report: Report, lang: Lang): Block[] {
  const wrong = report.growth.filter((g) => !g.agrees);
  const [printed, computed, kind] = word('growthHead', lang).split(',');
  const blocks: Block[] = [];
  if (wrong.length > 0) {
    const rows = wrong.map((g): Cell[] => [
      { text: g.rule },
      { text: g.printed },
      { text: `${formatNumber(g.computed)}%`, status: 'fail' },
      { text: g.kind },
    ]);
    blocks.push({ kind: 'table', title: word('growth', lang), head: [word('rule', lang), printed!, computed!, kind!], rows });
  }
  blocks.push({
    kind: 'note',
    text: word('growthAgree', lang, { n: report.growth.length - wrong.length }),
    tone: wrong.length ? 'warn' : 'good',
  });
  return blocks;
}

const isProblem = (r: Result) => r.status === 'fail' || r.status === 'warn';

/** The one line that says how a run went: its counts, or that a drop reported nothing. */
export function summaryLine(report: Report, lang: Lang): string {
  const counts = summarize(report);
  const nothing = counts.rows > 0 && counts.empty_rows === counts.rows;
  // Counts grouped in thousands, as every other number for people (a roster's run gives 46,410 results).
  const shown = Object.fromEntries(Object.entries({ ...counts, results: resultCount(report) }).map(([key, n]) => [key, formatNumber(n)]));
  return word(nothing ? 'nothingReported' : 'summary', lang, shown);
}

/** Rules named in a summary line before "and N more". */
const NAMED_RULES = 12;

/**
 * The summary's own lines for the latest period's results: which rules failed and fell short, with
 * the units that did, and why the results without data have none, by reason.
 */
export function whatMissed(report: Report, results: readonly Result[], lang: Lang): Block[] {
  const sep = lang === 'zh' ? '；' : '; ';
  const listOf = (status: Status) => {
    // Grouped by rule, then the rules put in order (a stable sort keeps ids that rank alike in the order they came).
    const byRule = groupBy(
      results.filter((x) => x.status === status),
      (r) => r.rule,
    );
    const rules = [...byRule.keys()].sort(compareIds);
    const named = rules.slice(0, NAMED_RULES).map(
      (rule) =>
        `${rule} (${unitList(
          byRule.get(rule)!.map((r) => r.unit),
          report,
          lang,
        )})`,
    );
    if (byRule.size > NAMED_RULES) named.push(word('andMore', lang, { n: byRule.size - NAMED_RULES }));
    return named.join(sep);
  };
  const blocks: Block[] = [];
  const failed = listOf('fail');
  if (failed) blocks.push({ kind: 'note', text: word('failedList', lang, { list: failed }), tone: 'bad' });
  const warned = listOf('warn');
  if (warned) blocks.push({ kind: 'note', text: word('warnedList', lang, { list: warned }), tone: 'warn' });
  const reasons = new Map<NoDataReason | undefined, number>();
  for (const r of results.filter((x) => x.status === 'no_data')) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  if (reasons.size > 0) {
    const { whole } = wholeWords(report, lang);
    const why = [...reasons]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => word('reasonCount', lang, { n: formatNumber(n), why: reasonWord(reason, lang, whole) }));
    blocks.push({ kind: 'note', text: word('noDataWhy', lang, { list: why.join(sep) }), tone: 'dim' });
  }
  const counted = fromRosters(report, results, lang);
  if (counted) blocks.push({ kind: 'note', text: word('fromRosters', lang, { list: counted }), tone: 'dim' });
  return blocks;
}

/** Reasons for no data that mean nothing was sent for a rule: no value, no row, not every unit. */
const NOTHING_SENT: ReadonlySet<NoDataReason | undefined> = new Set(['missing-value', 'no-rows', 'missing-units']);

/**
 * The rules of a period that no unit gave a value for (each of their results no data for want of
 * a value or a row), where other rules have one: a roster informs two rules of a plan, and the
 * tables for people leave the others to one line (unvaluedText) instead of rows of dots. A city
 * result some of whose units gave the value it lacks (without_value names the others) is not one.
 */
export function rulesWithoutValues(results: readonly Result[], { plan, registry }: Pick<Report, 'plan' | 'registry'>): Set<string> {
  const rules = new Map(plan.rules.map((rule) => [rule.id, rule]));
  // The units a rule's whole counts, counted once a rule, not once a result.
  const counted = new Map<string, number>();
  const unitsOf = (id: string) =>
    counted.get(id) ??
    counted.set(id, registry.units.filter((unit) => inUnitSet(rules.get(id)!.city.units, unit.code, registry)).length).get(id)!;
  const someGave = (r: Result) => r.without_value !== undefined && r.without_value.length < unitsOf(r.rule);
  const nothing = new Map<string, boolean>();
  for (const r of results)
    nothing.set(r.rule, (nothing.get(r.rule) ?? true) && r.status === 'no_data' && NOTHING_SENT.has(r.reason) && !someGave(r));
  const ids = [...nothing].filter(([, none]) => none).map(([id]) => id);
  return ids.length < nothing.size ? new Set(ids) : new Set();
}

/** The line that names the rules the tables leave out for want of any value (rulesWithoutValues). */
export function unvaluedText(ids: ReadonlySet<string>, lang: Lang): string {
  const sorted = [...ids].sort(compareIds);
  const named = sorted.slice(0, NAMED_RULES).join(lang === 'zh' ? '、' : ', ');
  const more =
    sorted.length > NAMED_RULES ? `${lang === 'zh' ? '' : ', '}${word('andMore', lang, { n: sorted.length - NAMED_RULES })}` : '';
  return word('withoutValues', lang, { n: ids.size, list: `${named}${more}` });
}

/** The rosters the period's results were counted from, each with its rules: `困难残疾人两项补贴名册（T2-08、T2-09）`. */
function fromRosters(report: Report, results: readonly Result[], lang: Lang): string {
  const rules = new Map<string, Set<string>>();
  for (const result of results) for (const id of result.rosters ?? []) rules.set(id, (rules.get(id) ?? new Set()).add(result.rule));
  const title = (id: string) => report.plan.rosters.find((r) => r.id === id)?.title[lang] ?? id;
  const list = [...rules].map(([id, ids]) =>
    lang === 'zh'
      ? `${title(id)}（${[...ids].sort(compareIds).join('、')}）`
      : `the ${title(id)} (${[...ids].sort(compareIds).join(', ')})`,
  );
  return list.join(lang === 'zh' ? '；' : '; ');
}

/** The mark of a matrix cell whose rule does not apply to its unit. */
export const NOT_APPLICABLE = '—';

/** Whether a rule gives a result for a unit (or for the whole, by its code): its levels, and the units it applies to. */
export function applies(rule: Rule, code: string, registry: Registry): boolean {
  if (code === registry.city.code) return rule.levels.includes('city');
  return rule.levels.includes('county') && inUnitSet(rule.appliesTo, code, registry);
}

/**
 * Rule ids in natural order, as a reader counts them (T2-2 before T2-10), case aside: the order of
 * ICU's numeric collation for the characters ids are made of (_ - . before digits before letters;
 * held to it by a property test), without loading ICU's collation data, which costs a short run
 * more than its tables.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a, i) && isDigit(b, j)) {
      const [x, nextI] = digitRun(a, i);
      const [y, nextJ] = digitRun(b, j);
      if (x.length !== y.length) return x.length - y.length;
      if (x !== y) return x < y ? -1 : 1;
      [i, j] = [nextI, nextJ];
      continue;
    }
    const difference = idRank(a, i) - idRank(b, j);
    if (difference !== 0) return difference;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

const isDigit = (text: string, at: number) => text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57;

/** The digits from `at`, without leading zeros (a number's value), and where they end. */
function digitRun(text: string, at: number): [string, number] {
  let end = at;
  while (end < text.length && isDigit(text, end)) end++;
  return [text.slice(at, end).replace(/^0+/, ''), end];
}

/** Where a character that is not a digit sorts: the punctuation of ids, then digits, then letters without case, then the rest by code. */
function idRank(text: string, at: number): number {
  const punctuation = '_-.'.indexOf(text[at]!);
  if (punctuation >= 0) return punctuation;
  return 4 + text[at]!.toLowerCase().charCodeAt(0);
}

/** Detail rows: problems first (fail, warn), then passes, then no data; by rule id within each. */
const STATUS_ORDER: Record<Status, number> = { fail: 0, warn: 1, pass: 2, no_data: 3 };
const byRule = (results: readonly Result[]) =>
  [...results].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || compareIds(a.rule, b.rule));

/** What the tables of one period are drawn with. */
interface View {
  report: Report;
  rules: Map<string, Rule>;
  lang: Lang;
  /** Detail tables list only the results that fail or fall short. */
  onlyFailing?: boolean;
  /** With a history: each result's trend, by rule, level and unit. */
  trends: Map<string, string> | undefined;
}

function oneUnit(code: string, results: readonly Result[], view: View): Block[] {
  const { report, lang } = view;
  const unit = report.registry.byCode.get(code)!;
  const rows = byRule(results.filter((r) => r.level === 'county' && (!view.onlyFailing || isProblem(r)))).map((r) => detailRow(r, view));
  const blocks: Block[] = [{ kind: 'table', title: `${unitName(unit, lang)} (${code})`, head: detailHead(view), rows }];
  if (results.some((r) => r.level === 'city' && r.missing)) {
    blocks.push({
      kind: 'note',
      text: word('cityNeedsAll', lang, { n: report.registry.units.length, ...wholeWords(report, lang) }),
      tone: 'dim',
    });
  }
  return blocks;
}

/**
 * A period's results as a matrix: its rules' ids in order, and the result of a rule and unit (the
 * last of a rule and unit where a list has two), found without a key made of each: a region of
 * 3,000 units and 120 rules made 360,000 such keys for each report drawn.
 */
export function matrixOf(results: readonly Result[]): { ids: string[]; cellOf: (rule: string, unit: string) => Result | undefined } {
  const byRule = new Map<string, Map<string, Result>>();
  for (const result of results) {
    let byUnit = byRule.get(result.rule);
    if (!byUnit) byRule.set(result.rule, (byUnit = new Map()));
    byUnit.set(result.unit, result);
  }
  return { ids: [...byRule.keys()].sort(compareIds), cellOf: (rule, unit) => byRule.get(rule)?.get(unit) };
}

function matrix(results: readonly Result[], view: View): Block[] {
  const { report, rules, lang } = view;
  const { ids, cellOf } = matrixOf(results);
  const mark = (code: string, id: string): Cell => {
    const result = cellOf(id, code);
    // A rule that does not apply there (a level it has not, a unit it leaves out) is marked so; blank is a row not sent.
    if (!result) return applies(rules.get(id)!, code, report.registry) ? { text: '' } : { text: NOT_APPLICABLE, short: NOT_APPLICABLE };
    const symbol = SYMBOL[result.status];
    return { text: result.value === null ? symbol : `${symbol} ${formatNumber(result.value)}`, short: symbol, status: result.status };
  };
  const present = new Set(results.map((r) => r.unit));
  const units = report.registry.units.filter((unit) => present.has(unit.code));
  const city = report.registry.city;
  let table: Block;
  if (ids.length <= WIDE_MATRIX) {
    // Units down, rules across.
    const rows = units.map((unit) => [{ text: unitName(unit, lang, lang === 'en') }, ...ids.map((id) => mark(unit.code, id))]);
    rows.push([{ text: unitName(city, lang, true), strong: true }, ...ids.map((id) => mark(city.code, id))]);
    table = { kind: 'table', head: [word('unit', lang), ...ids], rows, keys: 1 };
  } else {
    // Many rules: rules down, units across (short names), the city last.
    // Titles whole: a terminal's table cuts them to fit, Markdown and HTML keep them.
    const rows = ids.map((id) => [
      { text: id },
      { text: rules.get(id)!.title[lang] },
      ...units.map((unit) => mark(unit.code, id)),
      { ...mark(city.code, id), strong: true },
    ]);
    table = {
      kind: 'table',
      head: [word('rule', lang), word('indicator', lang), ...units.map((u) => unitName(u, lang, true)), unitName(city, lang, true)],
      rows,
      keys: 2,
    };
  }
  const blocks: Block[] = [table];

  const cityResults = results.filter((r) => r.level === 'city');
  const missing = cityResults.find((r) => r.missing)?.missing;
  if (missing) {
    const names = unitList(missing, report, lang);
    blocks.push({
      kind: 'note',
      text: word('missingUnits', lang, { n: missing.length, units: names, ...wholeWords(report, lang) }),
      tone: 'warn',
    });
  } else {
    blocks.push(cityTable(cityResults, view));
  }
  return blocks;
}

function cityTable(results: readonly Result[], view: View): Block {
  const rows = byRule(results.filter((r) => r.level === 'city' && (!view.onlyFailing || isProblem(r)))).map((r) => detailRow(r, view));
  return { kind: 'table', title: word('cityValues', view.lang, wholeWords(view.report, view.lang)), head: detailHead(view), rows };
}

function detailHead(view: View): string[] {
  const lang = view.lang;
  const head = [
    word('rule', lang),
    word('indicator', lang),
    word('value', lang),
    word('target', lang),
    word('milestone', lang),
    word('status', lang),
    word('progress', lang),
    word('gap', lang),
  ];
  return view.trends ? [...head, word('trend', lang)] : head;
}

function detailRow(result: Result, view: View): Cell[] {
  const { lang } = view;
  const rule = view.rules.get(result.rule)!;
  const cells: Cell[] = [
    { text: result.rule },
    { text: rule.title[lang] },
    { text: valueText(result, rule, lang) },
    { text: targetText(result, rule, lang) },
    { text: milestoneText(result, rule, lang) },
    { text: `${SYMBOL[result.status]} ${statusWord(result.status, lang)}`, status: result.status },
    { text: result.progress ? progressWord(result.progress, lang) : '' },
    // Without a value, what it takes is what the value lacks: the units that left it empty, a denominator not zero.
    { text: result.status === 'no_data' ? noDataWhy(result, view.report, lang) : gapText(result, lang) },
  ];
  if (view.trends) cells.push({ text: view.trends.get(seriesKey(result)) ?? '' });
  return cells;
}

/** Why a result has no value, in words: the units that left a value empty where some did, else its reason. */
export function noDataWhy(result: Result, report: Pick<Report, 'registry'>, lang: Lang): string {
  return result.without_value
    ? word('leftEmpty', lang, { units: unitList(result.without_value, report, lang) })
    : reasonWord(result.reason, lang, wholeWords(report, lang).whole);
}

/** Units by their short names, as a list in a sentence. */
export function unitList(codes: readonly string[], report: Pick<Report, 'registry'>, lang: Lang): string {
  return namesText(
    codes.map((code) => unitName(report.registry.byCode.get(code) ?? report.registry.city, lang, true)),
    NAMED_UNITS,
  )[lang];
}

/** Units named in a list before "and N more": a region of thousands of units is not listed whole in a sentence (the JSON report lists them all). */
const NAMED_UNITS = 20;

/** The gap that matters for a result's status: to the milestone when it is behind one, else to the target. */
export function gapText(result: Result, lang: Lang): string {
  if (result.gap_to_milestone && result.judged_against === 'milestone')
    return `${result.gap_to_milestone.text[lang]}${word('toMilestone', lang)}`;
  return result.gap?.text[lang] ?? '';
}

/** A note saying what the milestones of a period were drawn from, when any result has one. */
function scheduleNote(results: readonly Result[], view: View): Block | undefined {
  const judged = results.filter((r) => r.milestone !== undefined);
  if (judged.length === 0) return undefined;
  const own = new Set(judged.filter((r) => r.baseline?.source === 'unit').map((r) => r.unit));
  const final = judged.every((r) => r.judged_against === 'target');
  const text = final
    ? word('scheduleFinal', view.lang)
    : own.size > 0
      ? word('scheduleOwn', view.lang, { n: own.size })
      : word('schedulePlan', view.lang);
  return { kind: 'note', text, tone: 'dim' };
}

const BARS = '▁▂▃▄▅▆▇█';

/** Each result's values over the last periods as a small bar chart and the change since the period before. */
function trendsOf(history: History): Map<string, string> {
  const trends = new Map<string, string>();
  for (const [key, values] of history.trends()) {
    const known = values.filter((v): v is number => v !== null);
    if (known.length === 0) continue;
    const [low, high] = [Math.min(...known), Math.max(...known)];
    const bars = values.map((v) => (v === null ? ' ' : BARS[high === low ? 3 : Math.round(((v - low) / (high - low)) * 7)])).join('');
    const [last, before] = [values.at(-1), values.at(-2)];
    const change = typeof last === 'number' && typeof before === 'number' ? Math.round((last - before) * 100) / 100 : undefined;
    trends.set(key, `${bars}${change === undefined ? '' : ` ${change > 0 ? '+' : ''}${formatNumber(change)}`}`);
  }
  return trends;
}

/** What the region's whole is called (a city, 全省, 全县 …), for the words of a report. */
export function wholeWords(report: Pick<Report, 'registry'>, lang: Lang): { whole: string; Whole: string } {
  const whole = report.registry.levels.city[lang];
  return { whole, Whole: `${whole.charAt(0).toUpperCase()}${whole.slice(1)}` };
}

/** Rows of changes listed before "N more". */
const SHOWN_CHANGES = 20;

/** The comparison with an earlier drop: what newly misses, what was fixed, what got worse, who is missing. */
function comparisonBlocks(comparison: Comparison, view: View): Block[] {
  const { report, lang } = view;
  const blocks: Block[] = [
    { kind: 'heading', text: word('compared', lang, { period: comparison.previous.period ?? '—', source: comparison.previous.source }) },
  ];
  // The earlier drop's problems are its own, counted, not listed: what they leave out of the comparison is said.
  const { errors } = comparison.previous;
  if (errors)
    blocks.push({
      kind: 'note',
      text: word('earlierErrors', lang, { n: formatNumber(errors), source: comparison.previous.source }),
      tone: 'warn',
    });
  const name = (code: string) => unitName(report.registry.byCode.get(code) ?? report.registry.city, lang, true);
  const point = (p: Change['before'], rule: Rule | undefined) =>
    p ? `${p.value === null ? '—' : rule ? withUnit(p.value, rule, lang) : p.value} ${SYMBOL[p.status]}` : '—';
  const table = (title: string, changes: Change[]): Block => ({
    kind: 'table',
    title,
    head: [word('rule', lang), word('unit', lang), word('before', lang), word('now', lang)],
    rows: changes.slice(0, SHOWN_CHANGES).map((c) => {
      const rule = view.rules.get(c.rule);
      return [
        { text: c.rule },
        { text: name(c.unit) },
        { text: point(c.before, rule) },
        { text: point(c.after, rule), status: c.after?.status },
      ];
    }),
  });
  const list = (title: 'newlyFailing' | 'fixed' | 'worse', changes: Change[]) => {
    if (changes.length === 0) return;
    blocks.push(table(word(title, lang, { n: changes.length }), changes));
    if (changes.length > SHOWN_CHANGES)
      blocks.push({ kind: 'note', text: word('more', lang, { n: changes.length - SHOWN_CHANGES }), tone: 'dim' });
  };
  const worse = comparison.changes.filter((c) => c.direction === 'bad');
  list('newlyFailing', comparison.newly_failing);
  list('fixed', comparison.fixed);
  list('worse', worse);
  const better = comparison.changes.filter((c) => c.direction === 'good').length;
  blocks.push({ kind: 'note', text: word('moved', lang, { better, worse: worse.length }), tone: worse.length > better ? 'warn' : 'dim' });
  if (comparison.missing_units.length) {
    blocks.push({
      kind: 'note',
      text: word('missingNow', lang, {
        n: comparison.missing_units.length,
        units: comparison.missing_units.map(name).join(lang === 'zh' ? '、' : ', '),
      }),
      tone: 'bad',
    });
  }
  if (comparison.regressions.length)
    blocks.push({
      kind: 'note',
      text: word('regressions', lang, { n: comparison.regressions.length }),
      tone: report.failOnRegression ? 'bad' : 'warn',
    });
  return blocks;
}

/** A progress word: 已达目标 / 符合进度 / 滞后. */
export function progressWord(progress: NonNullable<Result['progress']>, lang: Lang): string {
  return word(progress === 'on_track' ? 'onTrack' : progress, lang);
}

function withUnit(n: number, rule: Rule, lang: Lang): string {
  return formatAmount(n, rule.unit[lang], lang);
}

/**
 * A result's milestone with its unit, for people: as a value is shown (displayValue), kept on its
 * side of the value shown (a milestone of 55.9167 beside a value shown as 55.92 is 55.917), to
 * the four decimals the JSON report has at most; nothing without one.
 */
export function milestoneText(result: Result, rule: Rule, lang: Lang): string {
  const line = result.milestone;
  if (line === undefined) return '';
  return withUnit(displayValue(Rational.fromNumber(line), result.value === null ? [] : [Rational.fromNumber(result.value)]), rule, lang);
}

/** A result's value with its unit, or a dash for no data. */
export function valueText(result: Result, rule: Rule, lang: Lang): string {
  return result.value === null ? '—' : withUnit(result.value, rule, lang);
}

/** A result's target with its operator and unit. */
export function targetText(result: Result, rule: Rule, lang: Lang): string {
  const t = result.target;
  if (t === null) return rule.printedTarget ?? '—';
  if (Array.isArray(t)) return `${withUnit(t[0], rule, lang)} – ${withUnit(t[1], rule, lang)}`;
  return `${OP_SIGN[result.op]} ${withUnit(t, rule, lang)}`;
}
