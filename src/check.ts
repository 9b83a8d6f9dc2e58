/**
 * The pipeline: read -> validate -> evaluate. Takes paths, gives a Report that knows its own
 * exit code. Bad content never throws: it becomes Issues in the report.
 */
import type { Readable } from 'node:stream';
import { appendAll } from './arrays.js';
import { issue, messageOf } from './catalog.js';
import { UsageError } from './errors.js';
import { formatNumber } from './format.js';
import { compareResults, type ComparedResult, type Comparison } from './evaluate/compare.js';
import { monthIndex } from './evaluate/schedule.js';
import { evaluatePeriods, type UnitBaselines } from './evaluate/engine.js';
import { evaluateGroup } from './evaluate/metric.js';
import { Rational } from './evaluate/rational.js';
import { checkGrowth, type GrowthCheck } from './evaluate/growth.js';
import type { Encoding } from './input/decode.js';
import { readRows, smallFileBytes } from './input/read.js';
import { CleanRows, isKnownRow, OwnRow } from './input/roster-lines.js';
import { isSavedReport, readSavedReport } from './input/saved-report.js';
import {
  expandPaths,
  expandSources,
  isWorkbookName,
  repeatedIssue,
  skippedIssue,
  sourceSizes,
  type RowsInput,
  type Source,
} from './input/sources.js';
import { History } from './history.js';
import { planOption, sharedPlan } from './plan/load.js';
import { selectRules } from './plan/rules-named.js';
import { suggestPlan } from './plan/suggest.js';
import type { Plan } from './plan/plan.js';
import type { Registry } from './registry.js';
import type { Bilingual, Issue, Result, Row } from './types.js';
import { Batch } from './validate/batch.js';
import { checkedOptions } from './check-options.js';
import { RosterTotals } from './validate/roster.js';
import { checkRow, cumulativeFalls, missingUnits, missingValues, ToldMissing, wholeRow } from './validate/completeness.js';
import { ownCellsHold, validateRow } from './validate/row.js';
import { DEFAULT_MAX_ERRORS } from './defaults.js';

/** Options of a check run. */
export interface CheckOptions {
  /** Told how reading goes: after each file, and every 50,000 rows of a long one. */
  onProgress?: (progress: ReadProgress) => void;
  /**
   * The plan: a built-in id, a plan file or folder, a plan as an object (as its YAML reads), or a
   * loaded Plan; the default built-in plan when none is given.
   */
  plan?: string | object | Plan;
  /** The plan's registry instead of the one it names: a file or an object. */
  units?: string | object;
  /** The plan's submission schema instead of the one it names: a file, a built-in name or an object. */
  submission?: string | object;
  strict?: boolean;
  encoding?: Encoding;
  stdin?: Readable;
  /** The sheet to read in workbooks; the first by default. */
  sheet?: string;
  /** The header's line in every file, when title rows hide it. */
  headerRow?: number;
  /** Problems listed per file before the rest are only counted (default 1000). */
  maxErrors?: number;
  /** Only the rules whose ids match one of these patterns (`*` matches anything): `T2-*`, or `T2-*,C6-08`. */
  rules?: string | readonly string[];
  /** Judge every period against the final targets instead of the milestones. */
  final?: boolean;
  /** Files or directories of a drop of the baseline year: each unit's own baseline. */
  baseline?: readonly string[];
  /** An earlier drop (files or directories) or a saved JSON report, to compare the latest periods with. */
  compare?: readonly string[];
  /** With `compare`: a result that passed before and does not now (binding, or any with strict) makes the exit code 1. */
  failOnRegression?: boolean;
  /** Glob patterns of files a folder or pattern holds that are not to be read. */
  ignore?: readonly string[];
  /**
   * A complete drop is required: units that sent nothing, rows that report nothing and values a
   * rule needs left empty are errors (exit code 2), each with its own code.
   */
  complete?: boolean;
  /** The period every row must have, YYYY-MM or YYYY: rows of another period are errors; a file without a period column is of it. */
  period?: string;
  /**
   * Given each period's results in time order, as they are evaluated; they are then not kept in
   * the report (only counted), so that a run of many periods need not hold them all. The run
   * waits for a promise it returns (to write them out).
   */
  onResults?: (results: Result[]) => void | Promise<void>;
  /**
   * The results are kept only as the reports for people draw them (`history`: the latest period's
   * results, the last periods' values and the whole's), and counted: a run of many periods drawn
   * as a table, Markdown, HTML or annotations need not hold them all.
   */
  history?: boolean;
}

/** The outcome of a run: results, issues, and what is needed to report them. */
export interface Report {
  plan: Plan;
  registry: Registry;
  results: Result[];
  issues: Issue[];
  /** Names of the sources read, in order. */
  files: string[];
  /** Printed growth rates set against the compound rates. */
  growth: GrowthCheck[];
  /** Problems counted but not listed, past the per-file limit. */
  unlisted: { errors: number; warnings: number };
  strict: boolean;
  /** With --compare: the latest period set against an earlier drop's. */
  comparison?: Comparison;
  /** Regressions in the comparison make the exit code 1. */
  failOnRegression: boolean;
  /** Rows counted, and how many of them report nothing but their code and period. */
  rows: { read: number; empty: number };
  /** Where each unit's row of each period stands, by `period|unit`: for annotations on its file and line. */
  places?: Map<string, RowPlace>;
  /** With onResults or history: the results handed over or not kept, by status. */
  streamed?: Record<Result['status'], number>;
  /** With the history option: the results as the reports for people draw them (`results` is then empty). */
  history?: History;
}

/** Where a unit's row stands: its file, line, and the field number of each column. */
export interface RowPlace {
  file: string;
  line: number;
  columns: Readonly<Record<string, number>>;
}

/** True for a plan already loaded (by loadPlan), as opposed to a plan given as its YAML reads. */
function isLoaded(plan: object): plan is Plan {
  return 'baselineYear' in plan && 'columns' in plan && 'registry' in plan;
}

/** The plan a check runs, loaded with its parts. */
export function planOf(options: Pick<CheckOptions, 'plan' | 'units' | 'submission' | 'rules'>): Plan {
  const given = options.plan;
  if (given !== undefined && typeof given === 'object' && isLoaded(given)) {
    if (options.units !== undefined || options.submission !== undefined)
      throw new UsageError('units and submission go with a plan file, folder or object, not with a plan already loaded');
    return selectRules(given, options.rules);
  }
  return selectRules(sharedPlan(given, { units: options.units, submission: options.submission }), options.rules);
}

/** Checks submissions (files, directories, `-`) against a plan. */
export async function check(given: readonly (string | RowsInput)[], settings: CheckOptions = {}): Promise<Report> {
  const { paths, options } = checkedOptions(given, settings);
  const plan = planOf(options);
  const units = plan.registry;
  const { sources, skipped, repeated } = await expandPaths(paths, { ignore: options.ignore });
  const issues: Issue[] = [...skipped.map(skippedIssue), ...repeated.map(repeatedIssue)];
  const unlisted = { errors: 0, warnings: 0 };
  const rows = { read: 0, empty: 0 };
  const reader: BatchReader = { plan, options, issues, unlisted, rows };
  // A baseline drop is of the baseline year (a file without a period column too) and need not be complete: --period and
  // complete do not apply to it.
  const baselineReader: BatchReader = {
    ...reader,
    options: { ...options, period: undefined, complete: undefined },
    rows: { read: 0, empty: 0 },
    baselineYear: String(plan.baselineYear),
  };
  const baselines = options.baseline?.length ? await readBaselines(options.baseline, baselineReader) : undefined;
  const batch = await readBatch(sources, reader);
  appendAll(issues, cumulativeFalls(batch, plan.columns));
  if (options.failOnRegression && !options.compare?.length)
    throw new UsageError('failOnRegression needs compare: the earlier drop or saved report to compare with', {
      option: 'failOnRegression',
      zh: 'failOnRegression 需要 compare：用来比较的上一次报送数据或已保存的报告',
    });
  const places = new Map<string, RowPlace>();
  for (const [period, byUnit] of batch.periods) {
    for (const [unit, [row]] of byUnit) if (row) places.set(`${period}|${unit}`, { file: row.file, line: row.line, columns: row.columns });
  }
  // The earlier drop is read before any result is handed on: a drop that cannot be compared is refused before output begins.
  const earlier = options.compare?.length ? await earlierDrop(options.compare, plan, options) : undefined;
  if (earlier) refuseLater(earlier, batch);
  const { results: evaluated, growth, streamed, history } = await evaluateBatch(plan, batch, issues, options, baselines, dropName(paths));
  const results = streamed ? [] : evaluated;
  let comparison: Comparison | undefined;
  if (earlier) {
    comparison = compareResults(evaluated, earlier.results, earlier.source, options.strict ?? false);
    if (earlier.errors !== undefined) comparison.previous.errors = earlier.errors;
  }
  return {
    plan,
    registry: units,
    results,
    growth,
    issues,
    files: sources.map((s) => s.name),
    unlisted,
    strict: options.strict ?? false,
    rows,
    places,
    ...(streamed ? { streamed } : {}),
    ...(history ? { history } : {}),
    ...(comparison ? { comparison } : {}),
    failOnRegression: options.failOnRegression ?? false,
  };
}

/**
 * A drop as its problems name it (a unit that sent nothing): the folders, files and patterns as they
 * were given, the first three of many, not every file they hold.
 */
function dropName(paths: readonly (string | RowsInput)[]): string {
  const names = paths.map((path) => (typeof path === 'string' ? path : (path.name ?? 'rows')));
  if (names.length === 0) return '-';
  return names.length > 3 ? `${names.slice(0, 3).join(' ')} +${names.length - 3}` : names.join(' ');
}

/**
 * Every rule on the batch, a period at a time: what a complete drop lacks and the printed growth
 * rates are found as the periods go, and the results are kept, or handed to onResults or kept as
 * their history and only counted (the latest kept for a comparison where one is asked for).
 */
async function evaluateBatch(
  plan: Plan,
  batch: Batch,
  issues: Issue[],
  options: CheckOptions,
  baselines: UnitBaselines | undefined,
  drop: string,
) {
  const results: Result[] = [];
  const growth: GrowthCheck[] = [];
  const history = options.history && !options.onResults ? new History(plan.registry.city.code) : undefined;
  const streamed = options.onResults || history ? statusCounts([]) : undefined;
  const told = new ToldMissing();
  if (options.complete) appendAll(issues, missingUnits(batch, plan, drop));
  for (const period of evaluatePeriods(plan, batch, plan.registry, plan.columns.byId, {
    strict: options.strict,
    final: options.final,
    baselines,
  })) {
    if (options.complete) appendAll(issues, missingValues(period, batch, plan, told));
    appendAll(growth, checkGrowth(plan, period));
    if (!streamed) appendAll(results, period);
    else if (options.compare?.length) {
      // Streamed, only the latest period is kept, for the comparison (periods come in time order).
      results.length = 0;
      appendAll(results, period);
    }
    if (streamed) {
      statusCounts(period, streamed);
      if (history) history.add(period);
      else await options.onResults!(period);
    }
  }
  // Rule by rule, as the plan lists them (and period by period within a rule).
  const order = new Map(plan.rules.map((rule, index) => [rule.id, index]));
  growth.sort((a, b) => order.get(a.rule)! - order.get(b.rule)!);
  return { results, growth, streamed, history };
}

/** The results of the earlier drop of --compare, of its latest period, where they came from, and how many problems its files had (read as a drop). */
interface EarlierDrop {
  source: string;
  results: readonly ComparedResult[];
  errors?: number;
}

/**
 * The earlier drop of --compare: a saved JSON report, or the drop checked the same way (its
 * problems are counted, not listed: they belong to that drop).
 */
async function earlierDrop(paths: readonly string[], plan: Plan, options: CheckOptions): Promise<EarlierDrop> {
  const source = paths.join(' ');
  if (paths.length === 1 && isSavedReport(paths[0]!)) return { source, results: readSavedReport(paths[0]!, plan.id) };
  await expandSources(paths, 'compare');
  // Its results are its own, not handed to the run's onResults; only its latest period's are compared, and kept.
  const previous = await check(paths, {
    ...options,
    plan,
    units: undefined,
    submission: undefined,
    compare: undefined,
    failOnRegression: false,
    stdin: undefined,
    period: undefined,
    complete: undefined,
    onResults: undefined,
    history: true,
  });
  const errors = summarize(previous).errors;
  const latest = previous.history!.latest;
  if (latest.length === 0) {
    const why = problemsOfDrop(previous.issues, errors);
    // Files without a period column (a roster exported without one): --period is the latest drop's, so the earlier one is
    // checked with a period of its own, and its report compared. Only the period's missing-label offers --period (`or`).
    const undated = previous.issues.some((i) => i.code === 'missing-label' && Boolean(i.params?.or));
    const fix = undated
      ? {
          en: `check the earlier drop with its own --period and --format json -o earlier.json, and compare with that report`,
          zh: `请用上一次的 --period 和 --format json -o earlier.json 检查上一次报送数据，再与该报告比较`,
        }
      : {
          en: 'give a folder or files of an earlier drop, or a JSON report of an earlier run',
          zh: '请给出上一次报送的文件夹或文件，或上一次运行的 JSON 报告',
        };
    throw new UsageError(`compare ${source}: the earlier drop gives no result${why.en}; ${fix.en}`, {
      option: 'compare',
      zh: `compare ${source}：上一次报送数据得不出任何结果${why.zh}；${fix.zh}`,
    });
  }
  return { source, results: latest, errors };
}

/**
 * Refuses an earlier drop whose latest period is later than the batch's: the two named the other
 * way round (what passes now would be told "newly missed"). The same period is compared (a drop
 * sent again, corrected).
 */
function refuseLater(earlier: EarlierDrop, batch: Batch): void {
  const last = (periods: Iterable<string>) =>
    [...periods].reduce<string | undefined>((a, b) => (a === undefined || monthIndex(b) > monthIndex(a) ? b : a), undefined);
  const [before, now] = [last(earlier.results.map((r) => r.period)), last(batch.periods.keys())];
  if (before === undefined || now === undefined || monthIndex(before) <= monthIndex(now)) return;
  throw new UsageError(
    `compare ${earlier.source}: its latest period, ${before}, is later than the drop checked (${now}); name the earlier drop with --compare and check the later one`,
    {
      option: 'compare',
      zh: `compare ${earlier.source}：其最新报告期 ${before} 晚于本次检查的数据（${now}）；请用 --compare 指定较早的一期，检查较晚的一期`,
    },
  );
}

/**
 * Why a drop gave nothing, for a message about it: how many problems its files have and the first
 * of them at its place (" (2 problems in its files, the first at a.csv:1: …)"), or nothing.
 */
function problemsOfDrop(found: readonly Issue[], errors: number): Bilingual {
  const first = found.find((i) => i.severity === 'error');
  if (errors === 0 || first === undefined) return { en: '', zh: '' };
  const place = [first.file, first.line, first.column].filter((part) => part !== undefined).join(':');
  return {
    en: ` (${errors} ${errors === 1 ? 'problem' : 'problems'} in its files, the first at ${place}: ${messageOf(first, 'en')})`,
    zh: `（其文件中有 ${errors} 个问题，第一个在 ${place}：${messageOf(first, 'zh')}）`,
  };
}

/** What reading a set of sources into a batch needs, and where its findings go. */
interface BatchReader {
  plan: Plan;
  options: CheckOptions;
  issues: Issue[];
  unlisted: Report['unlisted'];
  /** Rows counted into the batch, and how many of them report nothing. */
  rows: Report['rows'];
  /** A baseline drop's year, the period of its files without a period column (the files of a run take --period's). */
  baselineYear?: string;
}

/** Reads, normalises and validates every row of the sources into a batch; problems become issues. */
async function readBatch(sources: readonly Source[], reader: BatchReader): Promise<Batch> {
  const { plan, options } = reader;
  const { registry: units, columns } = plan;
  const readsCityRows = plan.rules.some((r) => r.city.source === 'reported' || r.city.ownRow);
  const limit = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const batch = new Batch(columns);
  const reading = {
    columns,
    region: units,
    plan: { id: plan.id, option: planOption(plan), suggest: (labels: readonly string[]) => suggestPlan(labels, plan.id) },
    encoding: options.encoding,
    stdin: options.stdin,
    headerRow: options.headerRow,
    sheet: options.sheet,
    rosters: plan.rosters,
    period: reader.baselineYear ?? options.period,
    baseline: reader.baselineYear !== undefined,
    cleanRows: new CleanRows(),
  };
  const rosters = new RosterTotals(plan.rosters, columns, units);
  /** The first row of the file being read that reports nothing (empty-row). */
  let firstEmpty: Row | undefined;
  /** Whether the file being read is a CSV (validateRow). */
  let mergeable = false;
  /** Validates a row and counts it into the batch, or a roster's totals; problems go to `listing`. */
  const accept = (row: Row, listing: ListingReport): void => {
    // A row whose bytes did not decode was reported already; its cells are not worth checking.
    if (!row.valid) return;
    const roster = rosters.rosterOf(row);
    if (roster && isKnownRow(row)) {
      // Its cells but the ID number are those of a row checked before, and its ID number was checked as it was read:
      // that row's problems (if it was counted with some) are its own, at its line.
      if (row.faults) for (const found of row.faults) listing.tell({ ...found, line: row.line });
      const duplicate = rosters.addKnown(row, roster, listing.lists());
      if (duplicate) listing.tell(duplicate);
      else reader.rows.read++;
      return;
    }
    if (roster && row instanceof OwnRow && (row.checked || ownCellsHold(row, roster.columns))) {
      // The period is the clean row's, but for a record's day (a case's), which is the row's own.
      const checked = roster.columns.dated ? checkRow(row, plan, options, roster.columns) : undefined;
      if (checked === undefined || (checked.found.length === 0 && !checked.skip)) {
        // The problems of the cells it shares with the row it is like (if that row was counted with some) are its own, at its
        // line, and those cells are made empty, as validateRow makes a bad cell.
        if (row.faults) {
          for (const found of row.faults) {
            listing.tell({ ...found, line: row.line });
            row.values[found.field!] = null;
          }
        }
        const duplicate = rosters.addOwn(row, roster, listing.lists());
        if (duplicate) listing.tell(duplicate);
        else reader.rows.read++;
        return;
      }
    }
    if (roster) reading.cleanRows.checking(row);
    const cellProblems = validateRow(row, roster?.columns ?? columns, units, listing.lists(), mergeable, reading.plan.option);
    for (const found of cellProblems) listing.tell(found);
    const checked = checkRow(row, plan, options, roster?.columns, cellProblems.length > 0);
    for (const found of checked.found) listing.tell(found);
    if (checked.skip) return;
    // A roster lists each record under one of the units; a summary row of the whole is read only where a rule reads it.
    const whole = roster || !readsCityRows ? wholeRow(row, roster?.columns ?? columns, units) : undefined;
    if (whole) {
      listing.tell(whole);
      return;
    }
    if (roster) {
      // A roster's later lines that repeat it but for the ID number are counted as it is (input/roster-lines.ts), if they are waited on.
      if (cellProblems.length === 0 && checked.found.length === 0) reading.cleanRows.found(row);
      else if (row.valid) reading.cleanRows.faulty(row, [...cellProblems, ...checked.found]);
      const duplicate = row.valid ? rosters.add(row, roster, listing.lists()) : undefined;
      if (duplicate) listing.tell(duplicate);
      else if (row.valid) reader.rows.read++;
      return;
    }
    const duplicate = batch.add(row);
    if (duplicate) listing.tell(duplicate);
    else {
      reader.rows.read++;
      if (checked.found.some((f) => f.code === 'empty-row')) {
        reader.rows.empty++;
        firstEmpty ??= row;
      }
    }
  };
  let rowsSeen = 0;
  // What a progress bar measures: the bytes of the files read so far, of all of them where every size is known.
  const sizes = options.onProgress ? sourceSizes(sources) : undefined;
  const measure = { bytes: 0, done: 0, totalBytes: sizes?.reduce((a, b) => a + b, 0) };
  const onBytes = sizes && ((count: number) => void (measure.bytes += count));
  /** Tells the progress bar where the run stands: `files` read, the file at `index` being read. */
  const progress = (index: number, files: number) =>
    options.onProgress?.({
      files,
      total: sources.length,
      rows: rowsSeen,
      file: sources[index]!.name,
      bytes: measure.bytes,
      totalBytes: measure.totalBytes,
    });
  for (const [index, source] of sources.entries()) {
    const listing = new ListingReport(reader.issues, reader.unlisted, limit, source.name);
    const before = { ...reader.rows };
    // Set by accept, as the file is read.
    firstEmpty = undefined as Row | undefined;
    // A CSV, where Excel exports a merged cell's value in its first row alone; not rows a script gives, nor a workbook.
    mergeable = source.kind !== 'rows' && !isWorkbookName(source.name);
    for await (const chunk of readRows(source, { ...reading, bytes: smallFileBytes(source), onBytes }, listing.told)) {
      for (const item of chunk) {
        if (!('values' in item)) {
          listing.tell(item);
          continue;
        }
        if (++rowsSeen % PROGRESS_ROWS === 0) progress(index, index);
        accept(item, listing);
      }
    }
    // A file whose rows hold codes and periods and nothing else reports nothing, as a header alone does: it must not pass.
    if (firstEmpty && reader.rows.empty - before.empty === reader.rows.read - before.read) {
      listing.tell(
        issue('no-data-rows', {
          file: firstEmpty.file,
          line: firstEmpty.line,
          column: firstEmpty.columns[columns.code],
          params: NOTHING_REPORTED,
        }),
      );
    }
    listing.finish();
    // Each file counts whole once read, whatever was told of it (a workbook's bytes are not told as they are read).
    if (sizes) measure.bytes = measure.done += sizes[index]!;
    progress(index, index + 1);
  }
  rosters.intoBatch(batch, (found) => reader.issues.push(found));
  return batch;
}

/** What no-data-rows says of a file whose rows hold codes and periods only. */
const NOTHING_REPORTED = { what: 'of codes and periods only, every figure left empty', what_zh: '只有代码和报告期，数据全未填报' };

/** Rows between two progress reports within a file. */
const PROGRESS_ROWS = 50_000;

/** How far reading has come: files done of all, rows read, the file being read, bytes read of all. */
export interface ReadProgress {
  files: number;
  total: number;
  rows: number;
  file: string;
  bytes: number;
  /** The bytes of all the files; undefined where one has no size (standard input, a pipe, rows in memory). */
  totalBytes: number | undefined;
}

/** The baseline drop of --baseline read, and each unit's baselines taken from it. */
async function readBaselines(paths: readonly string[], reader: BatchReader): Promise<UnitBaselines> {
  const before = reader.issues.length;
  const batch = await readBatch(await expandSources(paths, 'baseline'), reader);
  return unitBaselines(batch, reader, reader.issues.slice(before));
}

/**
 * Each unit's own baseline from a drop of the plan's baseline year (`2020` or `2020-12`), for
 * every rule the plan gives a baseline. Rows of other periods are reported and not used.
 */
function unitBaselines(batch: Batch, reader: BatchReader, found: readonly Issue[]): UnitBaselines {
  const year = String(reader.plan.baselineYear);
  const periods = batch.sortedPeriods();
  const ofYear = periods.filter((p) => p === year || p === `${year}-12`);
  if (ofYear.length === 0) {
    const why = periods.length
      ? { en: ` (it holds ${periods.join(', ')})`, zh: `（只有 ${periods.join('、')}）` }
      : problemsOfDrop(found, found.filter((i) => i.severity === 'error').length + reader.unlisted.errors);
    throw new UsageError(`baseline: the baseline drop holds no row of ${year}, the plan's baseline year${why.en}`, {
      option: 'baseline',
      zh: `baseline：基期数据中没有规划基期年 ${year} 的行${why.zh}`,
    });
  }
  for (const period of periods.filter((p) => !ofYear.includes(p))) {
    reader.issues.push(issue('baseline-period', { file: '--baseline', params: { period, year } }));
  }
  const baselines = new Map<string, Map<string, { value: Rational; file: string; period: string }>>();
  for (const rule of reader.plan.rules) {
    if (typeof rule.baseline?.value !== 'number') continue;
    const byUnit = new Map<string, { value: Rational; file: string; period: string }>();
    for (const unit of reader.plan.registry.units) {
      const period = ofYear.find((p) => batch.periods.get(p)!.has(unit.code));
      const rows = period ? batch.periods.get(period)!.get(unit.code)! : [];
      const value = evaluateGroup(rule.metric, rows, reader.plan.columns.byId);
      if (period && value instanceof Rational) byUnit.set(unit.code, { value, file: rows[0]!.file, period });
    }
    baselines.set(rule.id, byUnit);
  }
  return baselines;
}

/**
 * A file's reporter: lists up to `limit` errors and warnings and counts the rest; finish() adds a
 * too-many-errors note with the exact count. A class, not a closure made for each file, so that
 * the per-row code that calls it stays compiled from one file to the next.
 */
class ListingReport {
  private listed = 0;
  private over = 0;
  /** tell() as a function, for the file's reader. */
  readonly told = (found: Issue): void => this.tell(found);

  constructor(
    private readonly issues: Issue[],
    private readonly unlisted: Report['unlisted'],
    private readonly limit: number,
    private readonly file: string,
  ) {}

  /** Lists a problem, or counts it once the file's limit is reached. */
  tell(found: Issue): void {
    if (found.severity === 'info' || this.listed < this.limit) {
      this.issues.push(found);
      if (found.severity !== 'info') this.listed++;
      return;
    }
    this.over++;
    if (found.severity === 'error') this.unlisted.errors++;
    else this.unlisted.warnings++;
  }

  /** Adds the count of the unlisted, if any. */
  finish(): void {
    if (this.over > 0)
      this.issues.push(
        issue('too-many-errors', {
          file: this.file,
          params: { count: this.over, n: formatNumber(this.over), limit: formatNumber(this.limit) },
        }),
      );
  }

  /** Whether an error or warning reported now would be listed (else it is only counted). */
  lists(): boolean {
    return this.listed < this.limit;
  }
}

/** Counts of results by status, and of issues by severity. */
export function summarize(report: Report): {
  pass: number;
  fail: number;
  warn: number;
  no_data: number;
  errors: number;
  warnings: number;
  rows: number;
  empty_rows: number;
} {
  const { pass, fail, warn, no_data } = report.streamed ?? statusCounts(report.results);
  return {
    pass,
    fail,
    warn,
    no_data,
    errors: report.issues.filter((i) => i.severity === 'error').length + report.unlisted.errors,
    warnings: report.issues.filter((i) => i.severity === 'warning').length + report.unlisted.warnings,
    rows: report.rows?.read ?? 0,
    empty_rows: report.rows?.empty ?? 0,
  };
}

/** How many results have each status, counted in one pass (added to counts where given). */
function statusCounts(
  results: readonly Result[],
  counts: Record<Result['status'], number> = { pass: 0, fail: 0, warn: 0, no_data: 0 },
): Record<Result['status'], number> {
  for (const result of results) counts[result.status]++;
  return counts;
}

/**
 * The exit code of docs/report.md: 2 for invalid input, else 1 when a result fails (or, with
 * --fail-on-regression, when a result passed in the earlier drop and does not now), else 0.
 */
export function exitCode(report: Report): 0 | 1 | 2 {
  if (report.unlisted.errors > 0 || report.issues.some((i) => i.severity === 'error')) return 2;
  if (report.failOnRegression && (report.comparison?.regressions.length ?? 0) > 0) return 1;
  return (report.streamed?.fail ?? 0) > 0 || report.results.some((r) => r.status === 'fail') ? 1 : 0;
}

/** How many results a run gave, those handed to onResults included. */
export function resultCount(report: Report): number {
  const streamed = report.streamed;
  return streamed ? streamed.pass + streamed.fail + streamed.warn + streamed.no_data : report.results.length;
}
