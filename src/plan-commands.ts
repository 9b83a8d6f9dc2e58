/**
 * The commands about plans rather than drops: the built-in plans, a plan's rules, one rule
 * explained, its region and columns, a blank submission to fill in, a new plan folder, and the
 * lint and audit of a plan. cli.ts wires them into the program with the run's streams.
 */
import { Option, type Command } from 'commander';
import { extname, join } from 'node:path';
import { CATALOG } from './catalog.js';
import { UsageError } from './errors.js';
import { isWorkbookName, OTHER_WORKBOOKS } from './input/sources.js';
import { explainRule, listRules, templateCsv, templateRows } from './listing.js';
import { periodOption, unitOption } from './option-values.js';
import { formatOfOutput, isUnwritten, writeReport, type StandardOutput } from './output.js';
import { auditPlan } from './plan/audit.js';
import { copyPlanFolder, initPlanFolder } from './plan/init.js';
import { lintPlan } from './plan/lint.js';
import { builtinPlanIds, loadPlan } from './plan/load.js';
import type { Plan } from './plan/plan.js';
import type { Roster } from './plan/rosters.js';
import { ruleNamed } from './plan/rules-named.js';
import { auditJson, auditText } from './report/audit.js';
import { terminalSafe } from './report/escape.js';
import { ROSTER_ROWS, templateWorkbook } from './report/template-xlsx.js';
import type { Lang } from './types.js';
import { DEFAULT_PLAN } from './defaults.js';

/** What the commands take of the run they are part of: its standard output and terminal, its language option, its exit code. */
export interface CommandRun {
  /** Writes to standard output. */
  out: StandardOutput;
  /** Prints the rows of a listing: tab-separated, or in columns on a terminal. */
  listing(rows: readonly (readonly string[])[]): void;
  /** The columns text fits on a terminal; undefined in a pipe. */
  width(): number | undefined;
  /** Whether standard output is coloured. */
  color(): boolean;
  /** The --lang option, its default the locale's. */
  langOption(): Option;
  /** Gives the run's exit code. */
  exit(code: number): void;
}

/** A roster of the plan by its id; another id is a usage error naming the plan's rosters. */
function rosterOf(plan: Plan, id: string): Roster {
  const roster = plan.rosters.find((r) => r.id === id);
  if (roster) return roster;
  const known = plan.rosters.map((r) => r.id).join(', ');
  throw new UsageError(`--roster ${id}: plan ${plan.id} has ${known ? `the rosters ${known}` : 'no rosters'}`, {
    option: 'roster',
    zh: `--roster ${id}：规划 ${plan.id} ${known ? `的名册为 ${known}` : '没有名册'}`,
  });
}

/** Adds the commands about plans to the program, writing through `run`. */
export function addPlanCommands(program: Command, run: CommandRun): void {
  const planOption = () => new Option('--plan <id|file>', 'built-in plan id or plan file').default(DEFAULT_PLAN);
  const { langOption, exit } = run;

  program
    .command('plans')
    .description('list the built-in plans')
    .addOption(langOption())
    .action((flags: { lang: Lang }) => {
      run.listing(
        builtinPlanIds().map((id) => {
          const plan = loadPlan(id);
          return [
            id,
            `${plan.period.start}-${plan.period.end}`,
            `${plan.rules.length} ${flags.lang === 'zh' ? '条规则' : 'rules'}`,
            plan.title[flags.lang],
          ];
        }),
      );
    });

  program
    .command('rules')
    .description("list a plan's rules: id, titles, attribute, levels, target, deadline, source")
    .addOption(planOption())
    .addOption(new Option('--format <name>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(langOption())
    .action((flags: { plan: string; format: 'table' | 'json'; lang: Lang }) => {
      const text = listRules(loadPlan(flags.plan), flags.format, flags.lang, run.width());
      run.out(flags.format === 'json' ? text : terminalSafe(text));
    });

  program
    .command('explain')
    .description('print one rule in full, with the sentence of the plan it comes from')
    .argument('<rule>', 'rule id, e.g. T2-10')
    .addOption(planOption())
    .addOption(langOption())
    .action((id: string, flags: { plan: string; lang: Lang }) => {
      const plan = loadPlan(flags.plan);
      const rule = ruleNamed(plan, id);
      run.out(terminalSafe(explainRule(plan, rule, plan.registry, flags.lang, run.width())));
    });

  program
    .command('template')
    .description(
      'write a blank submission to fill in (Chinese headers, UTF-8 with BOM for Excel; -o FILE.xlsx: a workbook whose codes, ID numbers and periods are typed as text)',
    )
    .addOption(planOption())
    .addOption(langOption())
    .option('--unit <code|name>', "one unit only, by its code or name (default: a row for each of the plan's units)")
    .option('--period <period>', 'the period to fill in, YYYY or YYYY-MM', periodOption)
    .option(
      '--roster <id>',
      "a roster's header instead (one row per person or institution; plan-check columns --roster ID lists its columns)",
    )
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output; a .xlsx file is a workbook')
    .action((flags: { plan: string; unit?: string; period?: string; output?: string; roster?: string }) => {
      const plan = loadPlan(flags.plan);
      const roster = flags.roster === undefined ? undefined : rosterOf(plan, flags.roster);
      const columns = roster?.columns ?? plan.columns;
      const units = plan.registry;
      const unit = flags.unit === undefined ? undefined : unitOption(units, flags.unit, flags.plan);
      const cityOnly = plan.rules.every((r) => r.city.source === 'reported');
      const cityRow = plan.rules.some((r) => r.city.source === 'reported' || r.city.ownRow);
      // A roster's template is its header alone: its rows are persons or institutions, typed in.
      const rows = roster ? [] : templateRows(plan.columns, units, unit, flags.period, cityOnly, cityRow);
      const named = flags.output === undefined ? '' : extname(flags.output).toLowerCase();
      const workbook = named === '.xlsx';
      // Text under another workbook's name (.xls, .ods …) opens with a warning in Excel, or not at all, and under a report's (.json, .html): refused.
      const report = flags.output === undefined ? undefined : formatOfOutput(flags.output);
      if (
        flags.output &&
        !workbook &&
        (isWorkbookName(flags.output) ||
          named in OTHER_WORKBOOKS ||
          isUnwritten(flags.output) ||
          (report !== undefined && report !== 'csv' && report !== 'table'))
      ) {
        throw new UsageError(`output ${flags.output}: a template is written as CSV (.csv) or as a workbook (.xlsx)`, {
          option: 'output',
          zh: `output ${flags.output}：模板只能写成 CSV（.csv）或工作簿（.xlsx）`,
        });
      }
      if (flags.output && workbook) {
        writeReport(
          flags.output,
          templateWorkbook(columns, rows, roster ? '名册' : '报送表', roster ? ROSTER_ROWS : rows.length),
          [],
          run.out,
        );
        return;
      }
      const text = templateCsv(columns, rows);
      if (flags.output) writeReport(flags.output, text, [], run.out);
      else run.out(text);
    });

  program
    .command('units')
    .description("list a plan's region: the whole, then each reporting unit with its kind and groups")
    .addOption(planOption())
    .addOption(langOption())
    .action((flags: { plan: string; lang: Lang }) => {
      const units = loadPlan(flags.plan).registry;
      const { city } = units;
      const rows = units.units.map((unit) => {
        const groups = [...units.groups].filter(([, g]) => g.codes.has(unit.code)).map(([name]) => name);
        return [
          unit.code,
          unit.name,
          unit.name_en,
          flags.lang === 'en' ? (unit.kind_en ?? unit.kind) : unit.kind,
          ...(groups.length ? [groups.join(', ')] : []),
        ];
      });
      run.listing([[city.code, city.name, city.name_en, units.levels.city[flags.lang]], ...rows]);
    });

  program
    .command('columns')
    .description('list the submission columns of a plan: id, Chinese header, unit')
    .addOption(planOption())
    .addOption(langOption())
    .option('--roster <id>', "a roster's columns instead (the plan's rosters are listed when the id is not one)")
    .action((flags: { plan: string; roster?: string; lang: Lang }) => {
      const plan = loadPlan(flags.plan);
      const columns = (flags.roster ? rosterOf(plan, flags.roster).columns : plan.columns).list;
      run.listing(
        columns.map((column) => {
          // The unit as the reports print it in the language asked for (人, 元/人·月 in Chinese).
          const unit = flags.lang === 'zh' ? (column.unitZh ?? column.unit) : column.unit;
          return [
            column.id,
            column.label,
            column.kind,
            ...[unit, column.required ? 'required' : undefined, column.role].filter((field): field is string => Boolean(field)),
          ];
        }),
      );
    });

  program
    .command('init')
    .description('write a plan folder to start from: plan, region, columns, a sample that meets every target, a README')
    .argument('<dir>', 'the folder to write (created if needed; nothing in it is overwritten)')
    .option(
      '--from <plan>',
      "a copy of this plan instead (a built-in id, a plan file or folder), with the region and columns it uses: the next plan's start",
    )
    .addOption(langOption())
    .action((dir: string, flags: { from?: string; lang: Lang }) => {
      const files = flags.from === undefined ? initPlanFolder(dir) : copyPlanFolder(dir, flags.from);
      const next = flags.from === undefined ? `plan-check ${join(dir, 'samples')} --plan ${dir}` : `plan-check template --plan ${dir}`;
      run.out(
        `${files.map((f) => `  ${f}`).join('\n')}\n${flags.lang === 'zh' ? '下一步：' : 'Next: '}${next}   ${flags.lang === 'zh' ? '以及' : 'and'}   plan-check lint ${dir}\n`,
      );
    });

  program
    .command('lint')
    .description(
      'every problem of a plan (file or folder), with file:line:column: what loading refuses, and what loads but cannot be meant',
    )
    .argument('[plan]', 'a built-in plan id, a plan file or a plan folder', DEFAULT_PLAN)
    .option('--strict', 'warnings give exit code 1')
    .addOption(langOption())
    .action((plan: string, flags: { strict?: boolean; lang: Lang }) => {
      const findings = lintPlan(plan, flags.lang);
      for (const f of findings) run.out(`${terminalSafe(f.place)}: ${f.severity}: ${terminalSafe(f.message)}\n`);
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      const counted =
        flags.lang === 'zh'
          ? `${errors} 个错误，${warnings} 个警告`
          : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      run.out(findings.length === 0 ? `${plan}: ${flags.lang === 'zh' ? '没有问题' : 'no problems'}\n` : `${counted}\n`);
      exit(errors > 0 ? 3 : warnings > 0 && flags.strict ? 1 : 0);
    });

  program
    .command('audit')
    .description(
      "where the plan's document disagrees with itself: its figures, printed growth rates and box totals recomputed, and wordings that differ",
    )
    .argument('[plan]', 'a built-in plan id, a plan file or a plan folder', DEFAULT_PLAN)
    .addOption(new Option('--format <name>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(langOption())
    .option('--strict', 'disagreements give exit code 1')
    .action((id: string, flags: { format: 'table' | 'json'; lang: Lang; strict?: boolean }) => {
      const plan = loadPlan(id);
      const items = auditPlan(plan);
      run.out(flags.format === 'json' ? auditJson(plan, items) : auditText(plan, items, flags.lang, run.color(), run.width()));
      exit(flags.strict && items.some((i) => !i.consistent) ? 1 : 0);
    });

  program
    .command('codes')
    .description('list the codes of every problem plan-check reports')
    .addOption(langOption())
    .action((flags: { lang: Lang }) => {
      run.listing(Object.entries(CATALOG).map(([code, entry]) => [code, entry.severity, entry.title[flags.lang]]));
    });
}
