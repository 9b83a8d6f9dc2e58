/**
 * The command line: commander wiring only. Options -> check() -> reporter -> standard output, and
 * the exit code set once, here: run() gives it, main() sets it as the process's.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from './config.js';
import { chineseHelp, chineseHelpTexts } from './help-zh.js';
import { PlanCheckError, UsageError } from './errors.js';
import { terminalSafe } from './report/escape.js';
import { formatNamedBy, writeReport } from './output.js';
import { localeLang, processIo, type Io } from './io.js';
import { addDropCommands } from './drop-commands.js';
import { addPlanCommands } from './plan-commands.js';
import { packagePath } from './paths.js';
import { textWidth, wrapWords } from './report/fit.js';
import type { Lang } from './types.js';
import { listingText } from './listing.js';
import { commanderError, refuseUnlessChosen, USAGE_TOLD } from './option-values.js';

const version = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

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

/** The language of help: --lang on the command line (plan-check --help --lang zh), else the locale's (buildProgram sets it). */
let helpLang: Lang = 'en';
const chinese = () => helpLang === 'zh';
const say = (zh: string, en: string) => (chinese() ? zh : en);

/** The language of the command that runs, once its options are settled (--lang, or the config file's lang): its error messages are in it. */
let commandLang: Lang | undefined;

const exitCodes = () =>
  say(
    '退出码：0 数据有效且无目标未达标，1 有目标未达标，2 输入无效，3 用法或规划错误。',
    'Exit codes: 0 all valid and no target failed, 1 a target failed, 2 invalid input, 3 usage or plan error.',
  );

function formatHelp(formats: Record<string, { help: string }>): string {
  const texts = chinese() ? chineseHelpTexts() : {};
  return helpLines(
    `${say('格式：', 'Formats:')}\n${Object.entries(formats)
      .map(([name, f]) => `  ${name.padEnd(8)} ${texts[f.help] ?? f.help}`)
      .join('\n')}\n\n${exitCodes()}`,
  );
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
      if (column && width - textWidth(column) >= MIN_HELP_ROOM)
        return wrapWords(line.slice(column.length), width, column, ' '.repeat(textWidth(column)));
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
  io.out(
    listingText(
      rows.map((row) => row.map(terminalSafe)),
      io.outTerminal() ? (terminalWidth() ?? 80) : undefined,
    ),
  );
}

/** Writes a document to a file (atomically, never over an input) or to standard output. */
function write(text: string | Uint8Array, output: string | undefined, inputs: readonly string[]): void {
  if (output) writeReport(output, text, inputs, io.out);
  else io.out(text);
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
      (value as { format: string }[]).forEach((report, index) =>
        refuseUnlessChosen(format, report.format, () => config.place(key, index, 'format')),
      );
      command.setOptionValueWithSource(key, value, 'config');
    }
    if (!option) continue;
    const source = command.getOptionValueSource(key);
    if (source === 'cli' || source === 'env') continue;
    refuseUnlessChosen(option, value, () => config.place(key));
    command.setOptionValueWithSource(key, value, 'config');
  }
  // An output the config names without a format is written in its extension's format, as an -o alone is.
  const { output } = command.opts<{ output?: string }>();
  const format = options.get('format');
  if (
    format &&
    output !== undefined &&
    command.getOptionValueSource('output') === 'config' &&
    command.getOptionValueSource('format') === 'default'
  ) {
    const named = formatNamedBy(output, () => `${config.place('output')}: output ${output}`);
    if (named !== undefined && format.argChoices?.includes(named)) command.setOptionValueWithSource('format', named, 'config');
  }
  commandLang = command.opts<{ lang?: Lang }>().lang ?? commandLang;
  if (command.opts<{ printConfig?: boolean }>().printConfig) {
    const where = (source: string | undefined) =>
      source === 'config' ? config.file! : source === 'cli' ? say('命令行', 'command line') : say('默认', 'default');
    printLine(
      `# plan-check ${command.name()}: ${config.file ? `${say('配置文件', 'config')} ${config.file}` : say('没有配置文件', 'no config file')}`,
    );
    for (const [key, value] of Object.entries(command.opts())) {
      if (value === undefined || ['printConfig', 'config', 'debug'].includes(key)) continue;
      // Each key as a config file writes it (max-errors), so that a line can be copied into one.
      printLine(
        `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${JSON.stringify(value)}    # ${where(command.getOptionValueSource(key))}`,
      );
    }
    throw new CommanderError(0, 'plan-check.printConfig', '');
  }
}

/** The command line as given (the order of --format and -o pairs is read from it); its actions give their exit code to `exit`. */
function buildProgram(argv: readonly string[], exit: (code: number) => void): Command {
  const program = new Command('plan-check');
  helpLang = messageLang(argv);
  // Chinese words in English help (完成情况) take two columns each, as in the Chinese help.
  program.configureHelp(chinese() ? chineseHelp() : { displayWidth: textWidth });
  program
    .description("Check county data submissions (CSV) against a development plan's targets.")
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

  const commandRun = {
    out: (text: string | Uint8Array) => io.out(text),
    listing: printListing,
    width: terminalWidth,
    color: (terminal?: boolean) => useColor(terminal),
    langOption: () => new Option('--lang <lang>', 'language').choices(['zh', 'en']).default(localeLang(io.env)),
    exit,
  };
  addDropCommands(program, { ...commandRun, io, argv, write, formatHelp });
  addPlanCommands(program, commandRun);
  return program;
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
      if (error instanceof UsageError && error.helpful) io.err(`${USAGE_TOLD[zh ? 'zh' : 'en']}\n`);
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
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause)
    if (!parts.some((part) => part.includes(cause.message))) parts.push(cause.message);
  return parts.join(zh ? '：' : ': ');
}

/** The language of messages: --lang on the command line, else the locale. */
function messageLang(argv: readonly string[]): Lang {
  const at = argv.indexOf('--lang');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return given === 'zh' || given === 'en' ? given : localeLang(io.env);
}
