/**
 * The command line's help in Chinese, under a Chinese locale or PLAN_CHECK_LANG=zh: every
 * description, argument and option said in Chinese, commander's titles and notes translated,
 * and widths counted as a terminal shows Chinese (two columns a character). The help is
 * written in English in cli.ts, drop-commands.ts and plan-commands.ts; this is its translation,
 * keyed by the English text.
 */
import { Help, type Argument, type Command, type HelpConfiguration, type Option } from 'commander';
import { CONFIG_FILE } from './config.js';
import { builtinPlanIds } from './plan/load.js';
import { textWidth, wrapWords } from './report/fit.js';

/** The Chinese of each English help text of the command line. */
export function chineseHelpTexts(): Record<string, string> {
  return {
    "Check county data submissions (CSV) against a development plan's targets.":
      '按发展规划的目标检查各县（市、区）报送的数据（CSV 或 Excel）。',
    'check submissions (the default command): files, directories (every .csv, .tsv, .xlsx and .xls, sub-folders included), archives (.zip, .7z, .rar, .tar.gz: read as the folder they unpack to) or - for standard input':
      '检查报送数据（默认命令）：文件、文件夹（其中每个 .csv、.tsv、.xlsx 和 .xls，含子文件夹）、压缩包（.zip、.7z、.rar、.tar.gz：像解压出的文件夹一样读取）或 - 表示标准输入',
    "the plan's completion table (完成情况, as the plan's Table 1) at a date: baseline, target, actual, growth rates, met or on schedule; the city and each unit":
      '某一时点的规划完成情况表（同规划表 1）：基期值、目标值、实际值、增速、是否达标或符合进度；总体及各单位',
    "order the units by one rule's value, what they still lack, or progress: the league table of a period":
      '按某一指标的数值、差距或进度给各单位排序：某一报告期的排名表',
    'list the built-in plans': '列出内置的规划',
    "list a plan's rules: id, titles, attribute, levels, target, deadline, source":
      '列出规划的规则：编号、名称、属性、层级、目标、期限、出处',
    'print one rule in full, with the sentence of the plan it comes from': '完整显示一条规则及其在规划原文中的出处',
    'write a blank submission to fill in (Chinese headers, UTF-8 with BOM for Excel; -o FILE.xlsx: a workbook whose codes, ID numbers and periods are typed as text)':
      '生成待填写的空白报送表（中文表头，带 BOM 的 UTF-8，Excel 可直接打开；-o 文件.xlsx：生成工作簿，代码、证件号码和报告期单元格设为文本格式）',
    "list a plan's region: the whole, then each reporting unit with its kind and groups":
      '列出规划的区域：总体，再列出每个报送单位及其类型和分组',
    'list the submission columns of a plan: id, Chinese header, unit': '列出规划的报送列：编号、中文表头、计量单位',
    'write a plan folder to start from: plan, region, columns, a sample that meets every target, a README':
      '生成一个规划文件夹作为起点：规划、区域、报送列、一份全部达标的样例和说明',
    'every problem of a plan (file or folder), with file:line:column: what loading refuses, and what loads but cannot be meant':
      '列出规划（文件或文件夹）的全部问题，附文件:行:列：无法加载的，以及能加载但不合情理的',
    "where the plan's document disagrees with itself: its figures, printed growth rates and box totals recomputed, and wordings that differ":
      '规划文本自相矛盾之处：重算其数字、所印增速和专栏合计，并列出表述不一之处',
    'list the codes of every problem plan-check reports': '列出 plan-check 报告的全部问题代码',
    'the period every row must have, YYYY or YYYY-MM: rows of another are errors; a file without a period column is of it':
      '每行必须属于的报告期，YYYY 或 YYYY-MM：其他报告期的行记为错误；没有报告期列的文件按此报告期',
    [`built-in plan id or plan file (${builtinPlanIds().join(', ')})`]: `内置规划编号或规划文件（${builtinPlanIds().join('、')}）`,
    'expected (预期性) targets missed count as fail': '预期性目标未达到也记为未达标',
    "a drop of the plan's baseline year (file or folder; repeatable): each unit's own line to its target":
      '规划基期年的报送数据（文件或文件夹，可重复）：按各单位自身基数计算进度',
    'only these rules, comma-separated, * as a wildcard (e.g. "T2-*,C6-08")': '只检查这些规则，逗号分隔，* 为通配符（如 "T2-*,C6-08"）',
    'files of a folder not to read: a glob such as "**/old/**" or "*-draft.csv" (repeatable)':
      '文件夹中不读取的文件：如 "**/old/**" 或 "*-draft.csv"（可重复）',
    'require a complete drop: units that sent nothing, rows and values left empty are errors (exit 2)':
      '要求报送完整：未报送的单位、空行和规则所需的空值均记为错误（退出码 2）',
    [`settings from a file (default: ${CONFIG_FILE} in the working folder or the nearest above it; "" for none)`]: `从文件读取设置（默认：工作文件夹或其上最近一级文件夹中的 ${CONFIG_FILE}；"" 表示不读取）`,
    'print the settings the run would use and where each comes from, then stop': '显示本次运行将使用的设置及其来源，然后退出',
    "the sheet to read in workbooks (default: the first that has the header); '*' every sheet that has it, '*月' those so named, '!汇总' all but those so named":
      "读取工作簿中的哪个工作表（默认：第一个含表头的）；'*' 读取所有含表头的工作表，'*月' 读取名称与之匹配的，'!汇总' 读取除此之外的",
    'the line that holds the header, when title rows stand above it': '表头所在的行（表头上方有标题行时）',
    'problems listed per file; the rest are counted': '每个文件列出的问题数；其余只计数',
    'write the report to a file (atomically) instead of standard output': '将报告写入文件（原子写入），而不是标准输出',
    'show stack traces of internal errors': '显示内部错误的调用栈',
    'judge every period against the final targets, not the milestones on the way': '各报告期均按最终目标评判，而不是按途中的进度目标',
    'an earlier drop (file or folder; repeatable) or a saved JSON report: what newly fails, what was fixed, what moved':
      '与之前的报送（文件或文件夹，可重复）或保存的 JSON 报告比较：新增未达标、已改正和变化的指标',
    'with --compare: exit 1 when a binding result (any, with --strict) that passed before does not now':
      '与 --compare 同用：之前达标的约束性指标（用 --strict 时为任何指标）现在未达标时，退出码为 1',
    'in the reports for people (table, markdown, html): only the rules that fail or fall short':
      '在供人阅读的报告（table、markdown、html）中只列未达标或未达预期的规则',
    'in the reports for people: also the notices of how each file was read (encoding, sheet, codes found by name, units converted), not only their count':
      '在供人阅读的报告中逐条列出读取各文件的提示（编码、工作表、按名称查找的代码、换算的单位），而不只是条数',
    'the evaluation date, YYYY or YYYY-MM (default: the latest period in the drops); before the plan ends it is a mid-term evaluation':
      '评估时点，YYYY 或 YYYY-MM（默认：数据中最新的报告期）；规划期结束前为中期评估',
    'the period, YYYY or YYYY-MM (default: the latest)': '报告期，YYYY 或 YYYY-MM（默认：最新）',
    "one unit only, by its code or name (default: a row for each of the plan's units)":
      '只生成一个单位，按代码或名称（默认：规划的每个单位一行）',
    'the period to fill in, YYYY or YYYY-MM': '要填写的报告期，YYYY 或 YYYY-MM',
    "a roster's header instead (one row per person or institution; plan-check columns --roster ID lists its columns)":
      '改为生成名册的表头（每人或每个机构一行；plan-check columns --roster 编号 列出其各列）',
    "a roster's columns instead (the plan's rosters are listed when the id is not one)": '改为列出名册的各列（编号不对时列出规划的名册）',
    'write to a file (atomically) instead of standard output': '写入文件（原子写入），而不是标准输出',
    'write to a file (atomically) instead of standard output; a .xlsx file is a workbook':
      '写入文件（原子写入），而不是标准输出；.xlsx 文件为工作簿',
    'warnings give exit code 1': '有警告时退出码为 1',
    'disagreements give exit code 1': '有不一致时退出码为 1',
    'language of the report': '报告的语言',
    'encoding of the input instead of detecting it': '指定输入文件的编码，不自动检测',
    'output format': '输出格式',
    'order by': '排序依据',
    'built-in plan id or plan file': '内置规划编号或规划文件',
    language: '语言',
    'CSV or .xlsx files, directories, archives (.zip, .7z, .rar, .tar.gz), or - for standard input':
      'CSV 或 .xlsx 文件、文件夹、压缩包（.zip、.7z、.rar），或 - 表示标准输入',
    'drops: files, directories or archives (a history of drops is read recursively)':
      '报送数据：文件、文件夹或压缩包（历次报送按子文件夹读取）',
    'rule id, e.g. T2-10': '规则编号，如 T2-10',
    'drops: files, directories or archives': '报送数据：文件、文件夹或压缩包',
    "a copy of this plan instead (a built-in id, a plan file or folder), with the region and columns it uses: the next plan's start":
      '改为复制这份规划（内置规划 id、规划文件或文件夹）及其所用的地区和列：编制下一期规划的起点',
    'the folder to write (created if needed; nothing in it is overwritten)': '要写入的文件夹（不存在则创建；不覆盖其中已有的文件）',
    'a built-in plan id, a plan file or a plan folder': '内置规划编号、规划文件或规划文件夹',
    'display help for command': '显示命令的帮助',
    'tables for people in a terminal (default)': '供终端阅读的表格（默认）',
    'the JSON report of the contract, for machines': '契约规定的 JSON 报告，供程序读取',
    'one row per result, UTF-8 with BOM for Excel': '每项结果一行，带 BOM 的 UTF-8，供 Excel 打开',
    'Markdown, for an issue, a wiki or a CI summary': 'Markdown，用于议题、维基或 CI 摘要',
    'one self-contained HTML page': '独立的 HTML 页面',
    'JUnit XML for CI test dashboards': '供 CI 测试面板读取的 JUnit XML',
    'GitHub Actions annotations on the files, lines and columns (and Markdown to $GITHUB_STEP_SUMMARY)':
      'GitHub Actions 注释，标在文件、行和列上（并将 Markdown 写入 $GITHUB_STEP_SUMMARY）',
    'one JSON document, for machines': '一个 JSON 文档，供程序读取',
    'one row per line of the table, UTF-8 with BOM for Excel': '表格每行一行，带 BOM 的 UTF-8，供 Excel 打开',
    'Markdown, for a report or a wiki': 'Markdown，用于报告或维基',
    'JUnit XML for CI dashboards': '供 CI 面板读取的 JUnit XML',
    'an Excel workbook: results, values and statuses by unit, the completion table, problems, the comparison with --compare (at most 100,000 results)':
      'Excel 工作簿：结果、各单位数值和状态、完成情况表、数据问题，用 --compare 时还有比较（最多 100,000 项结果）',
    'output the version number': '显示版本号',
  };
}

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

/** Commander's help configured to speak Chinese. */
export function chineseHelp(): HelpConfiguration {
  const texts = chineseHelpTexts();
  const say = (text: string | undefined) => (text ? (texts[text] ?? text) : '');
  const notes = (text: string) =>
    text
      .replace(/\bchoices: /, '可选：')
      .replace(/\bdefault: /, '默认：')
      .replace(/, (?=默认|可选)/g, '，');
  return {
    styleTitle: (title: string) => TITLES[title] ?? title,
    displayWidth: textWidth,
    // Chinese has no spaces to break at: lines break inside a run of it too.
    boxWrap: (text: string, width: number) =>
      width < 40
        ? text
        : text
            .split(/\r?\n/)
            .map((line) => wrapWords(line, width))
            .join('\n'),
    commandDescription: (command: Command) => say(command.description()),
    subcommandDescription: (command: Command) => say(command.summary() || command.description()),
    optionDescription: (option: Option) => {
      const english = Help.prototype.optionDescription.call(new Help(), option);
      const own = option.description ?? '';
      return english.startsWith(own) ? `${say(own)}${notes(english.slice(own.length))}` : notes(english);
    },
    argumentDescription: (argument: Argument) => {
      const english = Help.prototype.argumentDescription.call(new Help(), argument);
      const own = argument.description ?? '';
      return english.startsWith(own) ? `${say(own)}${notes(english.slice(own.length))}` : notes(english);
    },
  };
}
