/**
 * The commands of drops: check (the default), evaluate (the completion table at a date) and rank
 * (a league table of one rule), with the options of reading and judging submissions they share.
 * cli.ts wires them into the program with the run's streams.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { check, exitCode, planOf, resultCount, type CheckOptions, type Report } from './check.js';
import { closest } from './closest.js';
import { CONFIG_FILE } from './config.js';
import { UsageError } from './errors.js';
import { completionTable } from './evaluate/completion.js';
import { rankUnits, type RankBy } from './evaluate/rank.js';
import { comparePeriods } from './evaluate/schedule.js';
import { formatNumber, namesText } from './format.js';
import { ENCODING_NAMES } from './input/decode.js';
import { localeLang, type Io } from './io.js';
import { collect, periodOption, positive } from './option-values.js';
import { formatNamedBy, openReportStream, reportTargets, type ReportTarget } from './output.js';
import type { CommandRun } from './plan-commands.js';
import { builtinPlanIds, loadPlan } from './plan/load.js';
import { ruleNamed } from './plan/rules-named.js';
import { progressBar } from './progress.js';
import { completionPrintable } from './report/completion.js';
import { terminalSafe } from './report/escape.js';
import { BINARY_REPORTERS, REPORTERS, type ReporterOptions } from './report/index.js';
import { problemLines, summaryLine, type Block } from './report/layout.js';
import { PRINTABLE_FORMATS, type Printable } from './report/printable.js';
import { rankPrintable } from './report/rank.js';
import { drawText } from './report/table.js';
import { word } from './report/words.js';
import type { Bilingual, Lang, Status } from './types.js';
import { DEFAULT_MAX_ERRORS, DEFAULT_PLAN } from './defaults.js';

/** What the commands of drops take of the run they are part of, besides what the commands about plans take. */
export interface DropRun extends CommandRun {
  /** The run's streams and environment. */
  io: Io;
  /** The command line as given: the order of --format and -o pairs is read from it, and a mistyped command told. */
  argv: readonly string[];
  /** Colour on standard output, or, with `terminal` given, on standard error where that is a terminal. */
  color(terminal?: boolean): boolean;
  /** Writes a document to a file (atomically, never over an input) or to standard output. */
  write(text: string | Uint8Array, output: string | undefined, inputs: readonly string[]): void;
  /** The help of a command's formats and of the exit codes, in the help's language. */
  formatHelp(formats: Record<string, { help: string }>): string;
}

/** The flags every command that reads submissions shares. */
interface ReadingFlags {
  plan: string;
  strict?: boolean;
  lang: Lang;
  encoding?: string;
  headerRow?: number;
  sheet?: string;
  maxErrors: number;
  rules?: string;
  output?: string;
  debug?: boolean;
  baseline: string[];
  ignore: string[];
  complete?: boolean;
  period?: string;
}

interface CheckFlags extends ReadingFlags {
  format: string;
  final?: boolean;
  compare: string[];
  failOnRegression?: boolean;
  onlyFailing?: boolean;
  verbose?: boolean;
  /** From the config file: the formats and files to write when the command line names none. */
  reports?: ReportTarget[];
}

/**
 * Adds the options of reading and judging submissions that check, evaluate and rank share; rank
 * names a period of its own, so `period` leaves --period out.
 */
function readingOptions(command: Command, run: DropRun, period = true): Command {
  const withPeriod = period
    ? command.option(
        '--period <period>',
        'the period every row must have, YYYY or YYYY-MM: rows of another are errors; a file without a period column is of it',
        periodOption,
      )
    : command;
  return withPeriod
    .option('--plan <id|file>', `built-in plan id or plan file (${builtinPlanIds().join(', ')})`, DEFAULT_PLAN)
    .option('--strict', 'expected (预期性) targets missed count as fail')
    .option(
      '--baseline <path>',
      "a drop of the plan's baseline year (file or folder; repeatable): each unit's own line to its target",
      collect,
      [],
    )
    .option('--rules <ids>', 'only these rules, comma-separated, * as a wildcard (e.g. "T2-*,C6-08")')
    .option('--ignore <pattern>', 'files of a folder not to read: a glob such as "**/old/**" or "*-draft.csv" (repeatable)', collect, [])
    .option('--complete', 'require a complete drop: units that sent nothing, rows and values left empty are errors (exit 2)')
    .option('--config <file>', `settings from a file (default: ${CONFIG_FILE} in the working folder or the nearest above it; "" for none)`)
    .option('--print-config', 'print the settings the run would use and where each comes from, then stop')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['zh', 'en']).default(localeLang(run.io.env)))
    .addOption(new Option('--encoding <name>', 'encoding of the input instead of detecting it').choices(Object.keys(ENCODING_NAMES)))
    .option(
      '--sheet <name>',
      "the sheet to read in workbooks (default: the first that has the header); '*' every sheet that has it, '*月' those so named, '!汇总' all but those so named",
    )
    .option('--header-row <line>', 'the line that holds the header, when title rows stand above it', positive)
    .option('--max-errors <n>', 'problems listed per file; the rest are counted', positive, DEFAULT_MAX_ERRORS)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .option('--debug', 'show stack traces of internal errors');
}

/** check() with a progress bar on standard error where the run is long and stderr a terminal, in the run's language. */
async function checkWithProgress(io: Io, paths: readonly string[], options: CheckOptions, lang: Lang): Promise<Report> {
  const progress = progressBar(io.env, io.errTerminal(), lang);
  try {
    return await check(paths, { ...options, onProgress: progress?.onProgress });
  } finally {
    progress?.stop();
  }
}

/** A check whose report is written a period at a time (ReportPieces), to its file or standard output. */
async function checkIntoPieces(
  io: Io,
  paths: readonly string[],
  options: CheckOptions,
  target: ReportTarget,
  reporterOptions: ReporterOptions,
): Promise<Report> {
  const plan = planOf(options);
  const out = openReportStream(target.output, io.out);
  const pieces = REPORTERS[target.format]!.pieces!(plan, reporterOptions);
  // Nothing is written before the first results: a run refused before them (a path that does not exist) writes no report.
  let started = false;
  const writeHead = async () => {
    if (!started) await out.write(pieces.head());
    started = true;
  };
  const onResults: CheckOptions['onResults'] = async (results) => {
    await writeHead();
    for (const piece of pieces.results(results)) await out.write(piece);
  };
  try {
    const report = await checkWithProgress(
      io,
      paths,
      { ...options, plan, units: undefined, submission: undefined, onResults },
      reporterOptions.lang,
    );
    await writeHead();
    for (const piece of pieces.tail(report)) await out.write(piece);
    await out.finish(report.files);
    return report;
  } catch (error) {
    out.abandon();
    throw error;
  }
}

/** A document of evaluate or rank written in its format, a piece at a time (a document of thousands of units is never one text). */
async function writePrintable(
  run: DropRun,
  doc: Printable,
  format: string,
  flags: { lang: Lang; output?: string },
  inputs: readonly string[],
): Promise<void> {
  const options = { lang: flags.lang, color: !flags.output && run.color(), width: flags.output ? undefined : run.width() };
  await writeInPieces(run, PRINTABLE_FORMATS[format]!.pieces(doc, options), flags.output, inputs);
}

/** Text written piece by piece to a file (put in place at the end, never over one of `inputs`) or to standard output; nothing left of a file on an error. */
async function writeInPieces(run: DropRun, pieces: Iterable<string>, output: string | undefined, inputs: readonly string[]): Promise<void> {
  const out = openReportStream(output, run.io.out);
  try {
    for (const piece of pieces) await out.write(piece);
    await out.finish(inputs);
  } catch (error) {
    out.abandon();
    throw error;
  }
}

/** check()'s options from the shared flags. */
function checkOptions(flags: ReadingFlags, io: Io): CheckOptions {
  return {
    plan: flags.plan,
    strict: flags.strict,
    encoding: flags.encoding ? ENCODING_NAMES[flags.encoding] : undefined,
    headerRow: flags.headerRow,
    sheet: flags.sheet,
    maxErrors: flags.maxErrors,
    rules: flags.rules,
    baseline: flags.baseline,
    ignore: flags.ignore,
    complete: flags.complete,
    period: flags.period,
    stdin: io.stdin,
  };
}

/**
 * The format of a document a command draws (evaluate, rank): --format where given, else the one its
 * -o names by its extension (a .csv is CSV, as a check's report is); a workbook, which it does not
 * write, is refused with the way to one.
 */
function documentFormat(command: Command, flags: { format: string; output?: string }, workbookWay: Bilingual): string {
  if (command.getOptionValueSource('format') !== 'default' || !flags.output) return flags.format;
  const named = formatNamedBy(flags.output);
  if (named === 'xlsx') {
    throw new UsageError(
      `-o ${flags.output}: plan-check ${command.name()} writes no workbook; write -o FILE.csv, which Excel opens, ${workbookWay.en}`,
      {
        option: 'output',
        zh: `-o ${flags.output}：plan-check ${command.name()} 不写工作簿；请写 -o 文件.csv（Excel 可以打开），${workbookWay.zh}`,
      },
    );
  }
  return named && named in PRINTABLE_FORMATS ? named : flags.format;
}

/**
 * The problems in the data of a run whose product is a document drawn from its results (evaluate,
 * rank) or a report that lists none (CSV), listed on standard error as a check's table lists them:
 * standard output holds the document alone, and a run that exits 2 says why. The rest are a
 * check's JSON report (`json` says how to have it).
 */
function tellProblems(run: DropRun, report: Report, lang: Lang, json = 'plan-check check --format json'): void {
  const problems = problemLines(report, lang, json);
  if (problems.items.length === 0) return;
  const terminal = run.io.errTerminal();
  const block: Block = { kind: 'problems', title: word('problems', lang), ...problems };
  run.io.err(drawText([block], { lang, color: run.color(terminal !== undefined), width: terminal?.columns }));
}

/**
 * A first word that is no file and comes close to a command (`plan-check evalute drops/`), which
 * the default command would take for a path: refused as neither, with the command it comes
 * closest to (a folder not there yet, `input` for `init`, is told as missing too).
 */
function refuseMistypedCommand(first: string, program: Command): void {
  if (!/^[a-z-]+$/.test(first) || existsSync(first)) return;
  const meant = closest(
    first,
    program.commands.map((c) => c.name()),
  );
  if (meant)
    throw new UsageError(`${first}: no such file or directory, nor a command (did you mean ${meant}?)`, {
      zh: `${first}：没有这个文件或文件夹，也不是命令（是否为 ${meant}？）`,
    });
}

/** The exit code of a document drawn from some results: 2 for invalid input, 1 when one of them fails. */
function documentExitCode(report: Report, statuses: readonly (Status | null)[]): number {
  return exitCode(report) === 2 ? 2 : statuses.includes('fail') ? 1 : 0;
}

/**
 * Appends the Markdown report to the job summary GitHub Actions names ($GITHUB_STEP_SUMMARY). The
 * summary is beside the run's reports: a file that cannot be written is told on standard error, and
 * the run keeps the exit code of its results.
 */
function appendStepSummary(io: Io, file: string, markdown: string, lang: Lang): void {
  try {
    appendFileSync(file, markdown);
  } catch (error) {
    const why = terminalSafe((error as Error).message);
    io.err(
      lang === 'zh'
        ? `plan-check：无法把摘要追加到 $GITHUB_STEP_SUMMARY（${terminalSafe(file)}）：${why}\n`
        : `plan-check: cannot append the summary to $GITHUB_STEP_SUMMARY (${terminalSafe(file)}): ${why}\n`,
    );
  }
}

/** Adds the commands of drops to the program (check the default), writing through `run`. */
export function addDropCommands(program: Command, run: DropRun): void {
  readingOptions(
    program
      .command('check', { isDefault: true })
      .description(
        'check submissions (the default command): files, directories (every .csv, .tsv, .xlsx and .xls, sub-folders included), archives (.zip, .7z, .rar, .tar.gz: read as the folder they unpack to) or - for standard input',
      )
      .argument('<paths...>', 'CSV or .xlsx files, directories, archives (.zip, .7z, .rar, .tar.gz), or - for standard input')
      .addOption(
        new Option('--format <name>', 'output format')
          .choices([...Object.keys(REPORTERS), ...Object.keys(BINARY_REPORTERS)])
          .default('table'),
      )
      .option('--final', 'judge every period against the final targets, not the milestones on the way')
      .option(
        '--compare <path>',
        'an earlier drop (file or folder; repeatable) or a saved JSON report: what newly fails, what was fixed, what moved',
        collect,
        [],
      )
      .option('--fail-on-regression', 'with --compare: exit 1 when a binding result (any, with --strict) that passed before does not now')
      .option('--only-failing', 'in the reports for people (table, markdown, html): only the rules that fail or fall short')
      .option(
        '--verbose',
        'in the reports for people: also the notices of how each file was read (encoding, sheet, codes found by name, units converted), not only their count',
      ),
    run,
  )
    .addHelpText('after', () => `\n${run.formatHelp({ ...REPORTERS, ...BINARY_REPORTERS })}`)
    .action(async (paths: string[], flags: CheckFlags, command: Command) => {
      // Named, the check command takes its first word for a path; as the default, it may be a command mistyped.
      if (run.argv.slice(2).find((arg) => !arg.startsWith('-')) !== 'check') refuseMistypedCommand(paths[0]!, program);
      const targets = reportTargets(run.argv, flags.reports ?? [{ format: flags.format, output: flags.output }]);
      // The HTML page is for a bureau: Chinese unless a language was asked for.
      const langOf = (format: string): Lang =>
        format === 'html' && command.getOptionValueSource('lang') === 'default' ? 'zh' : flags.lang;
      const generatedAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
      const options: CheckOptions = {
        ...checkOptions(flags, run.io),
        final: flags.final,
        compare: flags.compare,
        failOnRegression: flags.failOnRegression,
      };
      // A JSON, CSV or JUnit report alone is written as the periods are evaluated: a run of many periods never holds every result.
      const streaming = targets.length === 1 && REPORTERS[targets[0]!.format]?.pieces !== undefined;
      // Reports for people alone draw on the latest period and the last periods' values: only those are kept.
      const history = targets.every((t) => REPORTERS[t.format]?.fromHistory);
      const report = streaming
        ? await checkIntoPieces(run.io, paths, options, targets[0]!, { lang: langOf(targets[0]!.format), color: false })
        : await checkWithProgress(run.io, paths, { ...options, history }, flags.lang);
      // A report that cannot hold the run is refused before any is written.
      const count = resultCount(report);
      for (const target of targets) {
        const limit = BINARY_REPORTERS[target.format]?.maxResults;
        if (limit !== undefined && count > limit) {
          throw new UsageError(
            `--format ${target.format}: the run has ${formatNumber(count)} results, more than the ${formatNumber(limit)} a workbook report holds: write --format csv (Excel opens it too) or json, or check fewer periods at a time`,
            {
              option: 'format',
              zh: `--format ${target.format}：本次运行有 ${formatNumber(count)} 项结果，超过工作簿报告可容纳的 ${formatNumber(limit)} 项：请改用 --format csv（Excel 也能打开）或 json，或每次检查较少的报告期`,
            },
          );
        }
      }
      for (const target of streaming ? [] : targets) {
        const toFile = target.output !== undefined;
        const binary = BINARY_REPORTERS[target.format];
        if (binary) {
          if (!toFile && run.io.outTerminal())
            throw new UsageError(`--format ${target.format} writes a workbook, not text: give -o FILE.${target.format}`, {
              option: 'output',
              zh: `--format ${target.format} 生成的是工作簿而不是文本：请用 -o 文件.${target.format}`,
            });
          run.write(await binary.render(report, { lang: langOf(target.format), color: false }), target.output, report.files);
          continue;
        }
        const reporter = REPORTERS[target.format]!;
        const reporterOptions = {
          lang: langOf(target.format),
          color: !toFile && run.color(),
          width: toFile ? undefined : run.width(),
          onlyFailing: flags.onlyFailing,
          notices: flags.verbose,
          generatedAt,
        };
        await writeInPieces(
          run,
          reporter.drawn?.(report, reporterOptions) ?? [reporter.render(report, reporterOptions)],
          target.output,
          report.files,
        );
      }
      // Reports that list no problems (CSV): the problems are told on standard error, as evaluate tells them.
      if (targets.every((t) => REPORTERS[t.format]?.withoutProblems)) tellProblems(run, report, flags.lang, '--format json');
      // With every report in a file, the log still says how the run went.
      if (targets.every((t) => t.output !== undefined))
        run.io.err(
          `plan-check: ${terminalSafe(summaryLine(report, flags.lang))} → ${targets.map((t) => terminalSafe(t.output!)).join(', ')}\n`,
        );
      const stepSummary = run.io.env.GITHUB_STEP_SUMMARY;
      if (stepSummary && targets.some((t) => t.format === 'github'))
        appendStepSummary(
          run.io,
          stepSummary,
          REPORTERS.markdown!.render(report, { lang: flags.lang, color: false, onlyFailing: flags.onlyFailing, notices: flags.verbose }),
          flags.lang,
        );
      run.exit(exitCode(report));
    });

  readingOptions(
    program
      .command('evaluate')
      .description(
        "the plan's completion table (完成情况, as the plan's Table 1) at a date: baseline, target, actual, growth rates, met or on schedule; the city and each unit",
      )
      .argument('<paths...>', 'drops: files, directories or archives (a history of drops is read recursively)')
      .addOption(new Option('--format <name>', 'output format').choices(Object.keys(PRINTABLE_FORMATS)).default('table'))
      .option(
        '--as-of <period>',
        'the evaluation date, YYYY or YYYY-MM (default: the latest period in the drops); before the plan ends it is a mid-term evaluation',
        periodOption,
      ),
    run,
  )
    .addHelpText('after', () => `\n${run.formatHelp(PRINTABLE_FORMATS)}`)
    .action(async (paths: string[], flags: ReadingFlags & { format: string; asOf?: string }, command: Command) => {
      const format = documentFormat(command, flags, {
        en: 'or check the drops with -o FILE.xlsx, whose Completion sheet is this table',
        zh: '或检查报送数据时用 -o 文件.xlsx，其“完成情况”工作表即此表',
      });
      const report = await checkWithProgress(run.io, paths, checkOptions(flags, run.io), flags.lang);
      const table = completionTable(report, flags.asOf);
      await writePrintable(run, completionPrintable(table, report, flags.lang), format, flags, report.files);
      tellProblems(run, report, flags.lang);
      run.exit(
        documentExitCode(
          report,
          table.rows.map((r) => r.status),
        ),
      );
    });

  readingOptions(
    program
      .command('rank')
      .description("order the units by one rule's value, what they still lack, or progress: the league table of a period")
      .argument('<rule>', 'rule id, e.g. T2-10')
      .argument('<paths...>', 'drops: files, directories or archives')
      .addOption(new Option('--by <what>', 'order by').choices(['value', 'gap', 'progress']).default('value'))
      .option('--period <period>', 'the period, YYYY or YYYY-MM (default: the latest)', periodOption)
      .addOption(new Option('--format <name>', 'output format').choices(Object.keys(PRINTABLE_FORMATS)).default('table')),
    run,
    false,
  )
    .addHelpText('after', () => `\n${run.formatHelp(PRINTABLE_FORMATS)}`)
    .action(
      async (id: string, paths: string[], flags: ReadingFlags & { format: string; by: RankBy; period?: string }, command: Command) => {
        const format = documentFormat(command, flags, {
          en: 'or --format html for a page to print',
          zh: '或用 --format html 得到可打印的网页',
        });
        const plan = loadPlan(flags.plan);
        const rule = ruleNamed(plan, id);
        if (!rule.levels.includes('county'))
          throw new UsageError(`${rule.id} is judged for the city only: there are no units to rank`, {
            zh: `${rule.id} 只有${plan.registry.levels.city.zh}指标：没有可排名的单位`,
          });
        // rank's --period is the period to rank, not one the drops must hold.
        const report = await checkWithProgress(
          run.io,
          paths,
          { ...checkOptions(flags, run.io), period: undefined, plan, rules: [rule.id] },
          flags.lang,
        );
        const ranking = rankUnits(report.results, rule.id, flags.by, flags.period);
        if (flags.period && ranking.places.length === 0) {
          // The periods the drops hold, as evaluate's --as-of names them.
          const held = namesText(
            [...new Set(report.results.filter((r) => r.rule === rule.id).map((r) => r.period))].sort(comparePeriods),
            12,
          );
          throw new UsageError(`--period ${flags.period}: no result of ${rule.id} for that period (the drops hold ${held.en})`, {
            zh: `--period ${flags.period}：该报告期没有 ${rule.id} 的结果（报送数据中有 ${held.zh}）`,
          });
        }
        await writePrintable(run, rankPrintable(ranking, report, flags.lang), format, flags, report.files);
        tellProblems(run, report, flags.lang);
        run.exit(
          documentExitCode(
            report,
            ranking.places.map((p) => p.result.status),
          ),
        );
      },
    );
}
