/**
 * The command line: commander wiring only. Options -> check() -> reporter -> standard output, and
 * the exit code set once, here: run() gives it, main() sets it as the process's.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { closest } from './closest.js';
import { CONFIG_FILE, loadConfig } from './config.js';
import { chineseHelp, chineseHelpTexts } from './help-zh.js';
import { check, DEFAULT_MAX_ERRORS, exitCode, planOf, resultCount, type CheckOptions, type Report } from './check.js';
import { completionTable } from './evaluate/completion.js';
import { formatNumber, namesText } from './format.js';
import { comparePeriods } from './evaluate/schedule.js';
import { rankUnits, type RankBy } from './evaluate/rank.js';
import { PlanCheckError, UsageError } from './errors.js';
import { ENCODING_NAMES } from './input/decode.js';
import { builtinPlanIds, DEFAULT_PLAN, loadPlan } from './plan/load.js';
import { ruleNamed } from './plan/rules-named.js';
import { terminalSafe } from './report/escape.js';
import { formatNamedBy, openReportStream, reportTargets, writeReport, type ReportTarget } from './output.js';
import { processIo, type Io } from './io.js';
import { addPlanCommands } from './plan-commands.js';
import { progressBar } from './progress.js';
import { packagePath } from './paths.js';
import { completionPrintable } from './report/completion.js';
import { BINARY_REPORTERS, REPORTERS, type ReporterOptions } from './report/index.js';
import { problemLines, summaryLine, type Block } from './report/layout.js';
import { drawText } from './report/table.js';
import { word } from './report/words.js';
import { textWidth, wrapWords } from './report/fit.js';
import { PRINTABLE_FORMATS } from './report/printable.js';
import { rankPrintable } from './report/rank.js';
import type { Bilingual, Lang, Status } from './types.js';
import { listingText } from './listing.js';
import { collect, commanderError, periodOption, positive, refuseUnlessChosen, USAGE_TOLD } from './option-values.js';

const version = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

/**
 * The interface language from the locale: Chinese for zh_*, English otherwise. Where no variable
 * names one (Windows, whose users' locale is the system's), the system's as Node's Intl reads it
 * (through PluralRules, which loads no calendars or number formats: 0.4 ms against 13).
 */
export function localeLang(env: NodeJS.ProcessEnv = process.env, system: () => string = () => new Intl.PluralRules().resolvedOptions().locale): Lang {
  if (env.PLAN_CHECK_LANG === 'zh' || env.PLAN_CHECK_LANG === 'en') return env.PLAN_CHECK_LANG;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || system();
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** The streams and environment of the run under way (run() sets them). */
let io: Io = processIo();

/** Colour on standard output (`terminal`: on standard error): a terminal, unless NO_COLOR is set; FORCE_COLOR forces it. */
function useColor(terminal = io.outTerminal() !== undefined): boolean {
  const { NO_COLOR, FORCE_COLOR } = io.env;
  if (NO_COLOR !== undefined && NO_COLOR !== '') return false;
  if (FORCE_COLOR !== undefined && FORCE_COLOR !== '') return FORCE_COLOR !== '0';
  return terminal;
}

/** The columns text reports fit: $COLUMNS when set, else the terminal's; undefined (as wide as they are) in a pipe. */
function terminalWidth(): number | undefined {
  const columns = Number(io.env.COLUMNS);
  if (Number.isInteger(columns) && columns >= 20) return columns;
  return io.outTerminal()?.columns || undefined;
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
function readingOptions(command: Command, period = true): Command {
  const withPeriod = period ? command.option('--period <period>', 'the period every row must have, YYYY or YYYY-MM: rows of another are errors; a file without a period column is of it', periodOption) : command;
  return withPeriod
    .option('--plan <id|file>', `built-in plan id or plan file (${builtinPlanIds().join(', ')})`, DEFAULT_PLAN)
    .option('--strict', 'expected (预期性) targets missed count as fail')
    .option('--baseline <path>', "a drop of the plan's baseline year (file or folder; repeatable): each unit's own line to its target", collect, [])
    .option('--rules <ids>', 'only these rules, comma-separated, * as a wildcard (e.g. "T2-*,C6-08")')
    .option('--ignore <pattern>', 'files of a folder not to read: a glob such as "**/old/**" or "*-draft.csv" (repeatable)', collect, [])
    .option('--complete', 'require a complete drop: units that sent nothing, rows and values left empty are errors (exit 2)')
    .option('--config <file>', `settings from a file (default: ${CONFIG_FILE} in the working folder or the nearest above it)`)
    .option('--print-config', 'print the settings the run would use and where each comes from, then stop')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['zh', 'en']).default(localeLang(io.env)))
    .addOption(new Option('--encoding <name>', 'encoding of the input instead of detecting it').choices(Object.keys(ENCODING_NAMES)))
    .option('--sheet <name>', "the sheet to read in workbooks (default: the first that has the header); '*' every sheet that has it, '*月' those so named, '!汇总' all but those so named")
    .option('--header-row <line>', 'the line that holds the header, when title rows stand above it', positive)
    .option('--max-errors <n>', 'problems listed per file; the rest are counted', positive, DEFAULT_MAX_ERRORS)
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .option('--debug', 'show stack traces of internal errors');
}

/** check() with a progress bar on standard error where the run is long and stderr a terminal. */
async function checkWithProgress(paths: readonly string[], options: CheckOptions): Promise<Report> {
  const progress = progressBar(io.env, io.errTerminal());
  try {
    return await check(paths, { ...options, onProgress: progress?.onProgress });
  } finally {
    progress?.stop();
  }
}

/** A check whose report is written a period at a time (ReportPieces), to its file or standard output. */
async function checkIntoPieces(paths: readonly string[], options: CheckOptions, target: ReportTarget, reporterOptions: ReporterOptions): Promise<Report> {
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
    await out.write(pieces.results(results));
  };
  try {
    const report = await checkWithProgress(paths, { ...options, plan, units: undefined, submission: undefined, onResults });
    await writeHead();
    await out.write(pieces.tail(report));
    await out.finish(report.files);
    return report;
  } catch (error) {
    out.abandon();
    throw error;
  }
}

/** check()'s options from the shared flags. */
function checkOptions(flags: ReadingFlags): CheckOptions {
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

/** The language of help: --lang on the command line (plan-check --help --lang zh), else the locale's (buildProgram sets it). */
let helpLang: Lang = 'en';
const chinese = () => helpLang === 'zh';
const say = (zh: string, en: string) => (chinese() ? zh : en);

/** The language of the command that runs, once its options are settled (--lang, or the config file's lang): its error messages are in it. */
let commandLang: Lang | undefined;

const exitCodes = () => say('退出码：0 数据有效且无目标未达标，1 有目标未达标，2 输入无效，3 用法或规划错误。', 'Exit codes: 0 all valid and no target failed, 1 a target failed, 2 invalid input, 3 usage or plan error.');

function formatHelp(formats: Record<string, { help: string }>): string {
  const texts = chinese() ? chineseHelpTexts() : {};
  return helpLines(`${say('格式：', 'Formats:')}\n${Object.entries(formats).map(([name, f]) => `  ${name.padEnd(8)} ${texts[f.help] ?? f.help}`).join('\n')}\n\n${exitCodes()}`);
}

/**
 * Help text of our own wrapped as commander wraps its options (to the terminal, else 80 columns):
 * a line of a name and its description (two or more spaces between) goes on under the description,
 * or, where that leaves too little room, under the name, indented.
 */
function helpLines(text: string): string {
  const width = terminalWidth() ?? 80;
  return text
    .split('\n')
    .map((line) => {
      if (textWidth(line) <= width) return line;
      const [, column = '', name = ''] = /^((\s*)\S+(?: \S+)*\s{2,})?/.exec(line)!;
      const indent = ' '.repeat(name.length + 4);
      if (column && width - textWidth(column) >= MIN_HELP_ROOM) return wrapWords(line.slice(column.length), width, column, ' '.repeat(textWidth(column)));
      if (column) return `${column.trimEnd()}\n${wrapWords(line.slice(column.length), width, indent)}`;
      return wrapWords(line.trim(), width, line.slice(0, line.length - line.trimStart().length));
    })
    .join('\n');
}

/** Columns a description needs beside its name before it goes under it instead. */
const MIN_HELP_ROOM = 24;

/** Prints one line of a listing, its text (which may come from a user's plan) made safe for a terminal. */
function printLine(text: string): void {
  io.out(`${terminalSafe(text)}\n`);
}

/** Prints the rows of a listing command: tab-separated, or in columns on a terminal (listingText). */
function printListing(rows: readonly (readonly string[])[]): void {
  io.out(listingText(rows.map((row) => row.map(terminalSafe)), io.outTerminal() ? (terminalWidth() ?? 80) : undefined));
}

/** Writes a document to a file (atomically, never over an input) or to standard output. */
function write(text: string | Uint8Array, output: string | undefined, inputs: readonly string[]): void {
  if (output) writeReport(output, text, inputs, io.out);
  else io.out(text);
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
    throw new UsageError(`-o ${flags.output}: plan-check ${command.name()} writes no workbook; write -o FILE.csv, which Excel opens, ${workbookWay.en}`, {
      option: 'output',
      zh: `-o ${flags.output}：plan-check ${command.name()} 不写工作簿；请写 -o 文件.csv（Excel 可以打开），${workbookWay.zh}`,
    });
  }
  return named && named in PRINTABLE_FORMATS ? named : flags.format;
}

/**
 * The problems in the data of a run whose product is a document drawn from its results (evaluate,
 * rank) or a report that lists none (CSV), listed on standard error as a check's table lists them:
 * standard output holds the document alone, and a run that exits 2 says why. The rest are a
 * check's JSON report (`json` says how to have it).
 */
function tellProblems(report: Report, lang: Lang, json = 'plan-check check --format json'): void {
  const problems = problemLines(report, lang, json);
  if (problems.items.length === 0) return;
  const terminal = io.errTerminal();
  const block: Block = { kind: 'problems', title: word('problems', lang), ...problems };
  io.err(drawText([block], { lang, color: useColor(terminal !== undefined), width: terminal?.columns }));
}

/**
 * A first word that is no file and comes close to a command (`plan-check evalute drops/`), which
 * the default command would take for a path: refused as neither, with the command it comes
 * closest to (a folder not there yet, `input` for `init`, is told as missing too).
 */
function refuseMistypedCommand(first: string, program: Command): void {
  if (!/^[a-z-]+$/.test(first) || existsSync(first)) return;
  const meant = closest(first, program.commands.map((c) => c.name()));
  if (meant) throw new UsageError(`${first}: no such file or directory, nor a command (did you mean ${meant}?)`, { zh: `${first}：没有这个文件或文件夹，也不是命令（是否为 ${meant}？）` });
}

/** The exit code of a document drawn from some results: 2 for invalid input, 1 when one of them fails. */
function documentExitCode(report: Report, statuses: readonly (Status | null)[]): number {
  return exitCode(report) === 2 ? 2 : statuses.includes('fail') ? 1 : 0;
}

/**
 * Fills the options a command was not given from the config file (plan-check.config.yaml found
 * upwards, or --config): what the command line says wins; a value the option does not allow is
 * a usage error. With --print-config, says the settings and where each comes from, and stops.
 */
function applyConfig(command: Command): void {
  const options = new Map(command.options.map((o) => [o.attributeName(), o]));
  if (!options.has('config')) return;
  const config = loadConfig(command.opts<{ config?: string }>().config);
  for (const [key, value] of Object.entries(config.settings)) {
    const option = options.get(key);
    const format = options.get('format');
    if (key === 'reports' && format) {
      (value as { format: string }[]).forEach((report, index) => refuseUnlessChosen(format, report.format, config.place(key, index, 'format')));
      command.setOptionValueWithSource(key, value, 'config');
    }
    if (!option) continue;
    const source = command.getOptionValueSource(key);
    if (source === 'cli' || source === 'env') continue;
    refuseUnlessChosen(option, value, config.place(key));
    command.setOptionValueWithSource(key, value, 'config');
  }
  // An output the config names without a format is written in its extension's format, as an -o alone is.
  const { output } = command.opts<{ output?: string }>();
  const format = options.get('format');
  if (format && output !== undefined && command.getOptionValueSource('output') === 'config' && command.getOptionValueSource('format') === 'default') {
    const named = formatNamedBy(output, `${config.place('output')}: output ${output}`);
    if (named !== undefined && format.argChoices?.includes(named)) command.setOptionValueWithSource('format', named, 'config');
  }
  commandLang = command.opts<{ lang?: Lang }>().lang ?? commandLang;
  if (command.opts<{ printConfig?: boolean }>().printConfig) {
    const where = (source: string | undefined) => (source === 'config' ? config.file! : source === 'cli' ? say('命令行', 'command line') : say('默认', 'default'));
    printLine(`# plan-check ${command.name()}: ${config.file ? `${say('配置文件', 'config')} ${config.file}` : say('没有配置文件', 'no config file')}`);
    for (const [key, value] of Object.entries(command.opts())) {
      if (value === undefined || ['printConfig', 'config', 'debug'].includes(key)) continue;
      // Each key as a config file writes it (max-errors), so that a line can be copied into one.
      printLine(`${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${JSON.stringify(value)}    # ${where(command.getOptionValueSource(key))}`);
    }
    throw new CommanderError(0, 'plan-check.printConfig', '');
  }
}

/** The command line as given (the order of --format and -o pairs is read from it); its actions give their exit code to `exit`. */
function buildProgram(argv: readonly string[], exit: (code: number) => void): Command {
  const program = new Command('plan-check');
  helpLang = messageLang(argv);
  if (chinese()) program.configureHelp(chineseHelp());
  program
    .description('Check county data submissions (CSV) against a development plan\'s targets.')
    .version(version, '-V, --version')
    .showSuggestionAfterError()
    .exitOverride()
    .hook('preAction', (_program, action) => applyConfig(action))
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(commanderError(text, messageLang(argv))) })
    // Help texts are drawn when help is asked for: fitting them to the terminal opens standard output.
    .addHelpText('after', () =>
      helpLines(
        say(
        `\n示例：\n  plan-check data/samples/2025-12                 检查一个文件夹的报送数据\n  plan-check county.csv --format json --strict    输出 JSON 报告，预期性目标从严\n\n检查的选项（--plan、--format、--strict、--lang、--output …）：plan-check check --help`,
        `\nExamples:\n  plan-check data/samples/2025-12                 check a folder of submissions\n  plan-check county.csv --format json --strict    the JSON report, expected targets strict\n\nThe options of checking (--plan, --format, --strict, --lang, --output ...): plan-check check --help`,
        ),
      ),
    );

  readingOptions(
    program
      .command('check', { isDefault: true })
      .description('check submissions (the default command): files, directories (every .csv, .tsv, .xlsx and .xls, sub-folders included), archives (.zip, .7z, .rar: read as the folder they unpack to) or - for standard input')
      .argument('<paths...>', 'CSV or .xlsx files, directories, archives (.zip, .7z, .rar), or - for standard input')
      .addOption(new Option('--format <name>', 'output format').choices([...Object.keys(REPORTERS), ...Object.keys(BINARY_REPORTERS)]).default('table'))
      .option('--final', 'judge every period against the final targets, not the milestones on the way')
      .option('--compare <path>', 'an earlier drop (file or folder; repeatable) or a saved JSON report: what newly fails, what was fixed, what moved', collect, [])
      .option('--fail-on-regression', 'with --compare: exit 1 when a binding result (any, with --strict) that passed before does not now')
      .option('--only-failing', 'in the reports for people (table, markdown, html): only the rules that fail or fall short')
      .option('--verbose', 'in the reports for people: also the notices of how each file was read (encoding, sheet, codes found by name, units converted), not only their count'),
  )
    .addHelpText('after', () => `\n${formatHelp({ ...REPORTERS, ...BINARY_REPORTERS })}`)
    .action(async (paths: string[], flags: CheckFlags, command: Command) => {
      // Named, the check command takes its first word for a path; as the default, it may be a command mistyped.
      if (argv.slice(2).find((arg) => !arg.startsWith('-')) !== 'check') refuseMistypedCommand(paths[0]!, program);
      const targets = reportTargets(argv, flags.reports ?? [{ format: flags.format, output: flags.output }]);
      // The HTML page is for a bureau: Chinese unless a language was asked for.
      const langOf = (format: string): Lang => (format === 'html' && command.getOptionValueSource('lang') === 'default' ? 'zh' : flags.lang);
      const generatedAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
      const options: CheckOptions = { ...checkOptions(flags), final: flags.final, compare: flags.compare, failOnRegression: flags.failOnRegression };
      // A JSON, CSV or JUnit report alone is written as the periods are evaluated: a run of many periods never holds every result.
      const streaming = targets.length === 1 && REPORTERS[targets[0]!.format]?.pieces !== undefined;
      // Reports for people alone draw on the latest period and the last periods' values: only those are kept.
      const history = targets.every((t) => REPORTERS[t.format]?.fromHistory);
      const report = streaming ? await checkIntoPieces(paths, options, targets[0]!, { lang: langOf(targets[0]!.format), color: false }) : await checkWithProgress(paths, { ...options, history });
      // A report that cannot hold the run is refused before any is written.
      const count = resultCount(report);
      for (const target of targets) {
        const limit = BINARY_REPORTERS[target.format]?.maxResults;
        if (limit !== undefined && count > limit) {
          throw new UsageError(`--format ${target.format}: the run has ${formatNumber(count)} results, more than the ${formatNumber(limit)} a workbook report holds: write --format csv (Excel opens it too) or json, or check fewer periods at a time`, { option: 'format', zh: `--format ${target.format}：本次运行有 ${formatNumber(count)} 项结果，超过工作簿报告可容纳的 ${formatNumber(limit)} 项：请改用 --format csv（Excel 也能打开）或 json，或每次检查较少的报告期` });
        }
      }
      for (const target of streaming ? [] : targets) {
        const toFile = target.output !== undefined;
        const binary = BINARY_REPORTERS[target.format];
        if (binary) {
          if (!toFile && io.outTerminal()) throw new UsageError(`--format ${target.format} writes a workbook, not text: give -o FILE.${target.format}`, { option: 'output', zh: `--format ${target.format} 生成的是工作簿而不是文本：请用 -o 文件.${target.format}` });
          write(await binary.render(report, { lang: langOf(target.format), color: false }), target.output, report.files);
          continue;
        }
        const text = REPORTERS[target.format]!.render(report, { lang: langOf(target.format), color: !toFile && useColor(), width: toFile ? undefined : terminalWidth(), onlyFailing: flags.onlyFailing, notices: flags.verbose, generatedAt });
        write(text, target.output, report.files);
      }
      // Reports that list no problems (CSV): the problems are told on standard error, as evaluate tells them.
      if (targets.every((t) => REPORTERS[t.format]?.withoutProblems)) tellProblems(report, flags.lang, '--format json');
      // With every report in a file, the log still says how the run went.
      if (targets.every((t) => t.output !== undefined)) io.err(`plan-check: ${terminalSafe(summaryLine(report, flags.lang))} → ${targets.map((t) => terminalSafe(t.output!)).join(', ')}\n`);
      const stepSummary = io.env.GITHUB_STEP_SUMMARY;
      if (stepSummary && targets.some((t) => t.format === 'github')) appendStepSummary(stepSummary, REPORTERS.markdown!.render(report, { lang: flags.lang, color: false, onlyFailing: flags.onlyFailing, notices: flags.verbose }), flags.lang);
      exit(exitCode(report));
    });

  readingOptions(
    program
      .command('evaluate')
      .description("the plan's completion table (完成情况, as the plan's Table 1) at a date: baseline, target, actual, growth rates, met or on schedule; the city and each unit")
      .argument('<paths...>', 'drops: files, directories or archives (a history of drops is read recursively)')
      .addOption(new Option('--format <name>', 'output format').choices(Object.keys(PRINTABLE_FORMATS)).default('table'))
      .option('--as-of <period>', 'the evaluation date, YYYY or YYYY-MM (default: the latest period in the drops); before the plan ends it is a mid-term evaluation', periodOption),
  )
    .addHelpText('after', () => `\n${formatHelp(PRINTABLE_FORMATS)}`)
    .action(async (paths: string[], flags: ReadingFlags & { format: string; asOf?: string }, command: Command) => {
      const format = documentFormat(command, flags, { en: 'or check the drops with -o FILE.xlsx, whose Completion sheet is this table', zh: '或检查报送数据时用 -o 文件.xlsx，其“完成情况”工作表即此表' });
      const report = await checkWithProgress(paths, checkOptions(flags));
      const table = completionTable(report, flags.asOf);
      const text = PRINTABLE_FORMATS[format]!.draw(completionPrintable(table, report, flags.lang), { lang: flags.lang, color: !flags.output && useColor(), width: flags.output ? undefined : terminalWidth() });
      write(text, flags.output, report.files);
      tellProblems(report, flags.lang);
      exit(documentExitCode(report, table.rows.map((r) => r.status)));
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
    false,
  )
    .addHelpText('after', () => `\n${formatHelp(PRINTABLE_FORMATS)}`)
    .action(async (id: string, paths: string[], flags: ReadingFlags & { format: string; by: RankBy; period?: string }, command: Command) => {
      const format = documentFormat(command, flags, { en: 'or --format html for a page to print', zh: '或用 --format html 得到可打印的网页' });
      const plan = loadPlan(flags.plan);
      const rule = ruleNamed(plan, id);
      if (!rule.levels.includes('county')) throw new UsageError(`${rule.id} is judged for the city only: there are no units to rank`, { zh: `${rule.id} 只有${plan.registry.levels.city.zh}指标：没有可排名的单位` });
      // rank's --period is the period to rank, not one the drops must hold.
      const report = await checkWithProgress(paths, { ...checkOptions(flags), period: undefined, plan, rules: [rule.id] });
      const ranking = rankUnits(report.results, rule.id, flags.by, flags.period);
      if (flags.period && ranking.places.length === 0) {
        // The periods the drops hold, as evaluate's --as-of names them.
        const held = namesText([...new Set(report.results.filter((r) => r.rule === rule.id).map((r) => r.period))].sort(comparePeriods), 12);
        throw new UsageError(`--period ${flags.period}: no result of ${rule.id} for that period (the drops hold ${held.en})`, { zh: `--period ${flags.period}：该报告期没有 ${rule.id} 的结果（报送数据中有 ${held.zh}）` });
      }
      const text = PRINTABLE_FORMATS[format]!.draw(rankPrintable(ranking, report, flags.lang), { lang: flags.lang, color: !flags.output && useColor(), width: flags.output ? undefined : terminalWidth() });
      write(text, flags.output, report.files);
      tellProblems(report, flags.lang);
      exit(documentExitCode(report, ranking.places.map((p) => p.result.status)));
    });

  addPlanCommands(program, {
    out: (text) => io.out(text),
    listing: printListing,
    width: terminalWidth,
    color: () => useColor(),
    langOption: () => new Option('--lang <lang>', 'language').choices(['zh', 'en']).default(localeLang(io.env)),
    exit,
  });
  return program;
}

/**
 * Appends the Markdown report to the job summary GitHub Actions names ($GITHUB_STEP_SUMMARY). The
 * summary is beside the run's reports: a file that cannot be written is told on standard error, and
 * the run keeps the exit code of its results.
 */
function appendStepSummary(file: string, markdown: string, lang: Lang): void {
  try {
    appendFileSync(file, markdown);
  } catch (error) {
    const why = terminalSafe((error as Error).message);
    io.err(lang === 'zh' ? `plan-check：无法把摘要追加到 $GITHUB_STEP_SUMMARY（${terminalSafe(file)}）：${why}\n` : `plan-check: cannot append the summary to $GITHUB_STEP_SUMMARY (${terminalSafe(file)}): ${why}\n`);
  }
}

/** Runs the command line on argv as a program: the process's streams, its exit code set. */
export async function main(argv: string[] = process.argv): Promise<void> {
  process.exitCode = await run(argv);
}

/**
 * Runs the command line on argv (`node plan-check ARGS...`) with the streams and environment given
 * (the process's own by default); never throws, and gives the exit code.
 */
export async function run(argv: readonly string[], given: Io = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const outer = io;
  io = given;
  commandLang = undefined;
  let code = 0;
  try {
    const program = buildProgram(argv, (set) => (code = set));
    // Nothing to check: the usage, on standard error, and the exit code of a usage error (a job that runs plan-check alone is not green).
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return 3;
    }
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    // --help and --version end with code 0; everything else commander refuses is usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 3;
    if (error instanceof PlanCheckError) {
      const zh = (commandLang ?? messageLang(argv)) === 'zh';
      io.err(`plan-check${zh ? '：' : ': '}${terminalSafe(messageChain(error, zh))}\n`);
      if (error instanceof UsageError) io.err(`${USAGE_TOLD[zh ? 'zh' : 'en']}\n`);
      if (debug) io.err(`${error.stack}\n`);
      return error.exitCode;
    }
    io.err(`plan-check: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    io.err(debug ? `${(error as Error)?.stack}\n` : 'This is a bug in plan-check; run again with --debug to see where it happened.\n');
    return 3;
  } finally {
    io = outer;
  }
}

/** An error's message and its causes', in Chinese where one is written and asked for. */
function messageChain(error: PlanCheckError, zh: boolean): string {
  const parts = [error.commandLine(zh ? 'zh' : 'en')];
  // A cause is said where the message does not say it already.
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) if (!parts.some((part) => part.includes(cause.message))) parts.push(cause.message);
  return parts.join(zh ? '：' : ': ');
}

/** The language of messages: --lang on the command line, else the locale. */
function messageLang(argv: readonly string[]): Lang {
  const at = argv.indexOf('--lang');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return given === 'zh' || given === 'en' ? given : localeLang(io.env);
}
