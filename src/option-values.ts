/**
 * Commander's side of the command line: option values parsed (a period, a unit, a count, a
 * repeated option, a config's choice), and commander's own refusals worded as plan-check words its
 * usage errors, in the run's language.
 */
import { InvalidArgumentError, type Option } from 'commander';
import { closest, didYouMean } from './closest.js';
import { UsageError } from './errors.js';
import { periodSetting } from './input/normalise.js';
import { codeOfName, type Registry } from './registry.js';
import type { Lang } from './types.js';

/** Parses a period option, YYYY or YYYY-MM. */
export function periodOption(value: string): string {
  const period = periodSetting(value);
  if (period === undefined) throw new InvalidArgumentError(OPTION_REASONS.period);
  return period;
}

/** The code of the unit `--unit` names, by its code or one of its names (道县, Daoxian), the whole's among them; a usage error where it names none. */
export function unitOption(units: Registry, given: string, plan: string): string {
  const text = given.trim();
  if (units.byCode.has(text) || text === units.city.code) return text;
  const code = codeOfName(units, text);
  if (code) return code;
  throw new UsageError(`--unit ${given}: not the code or name of a unit; plan-check units --plan ${plan} lists them`, {
    zh: `--unit ${given}：不是单位的代码或名称；plan-check units --plan ${plan} 列出全部单位`,
  });
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses a whole number >= 1 for an option, or refuses it as a usage error. */
export function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(OPTION_REASONS.positive);
  return n;
}

/**
 * A config file's value of an option with choices that is none of them: a usage error at its
 * place (found only then: it parses the file's YAML), naming the choice it comes closest to.
 */
export function refuseUnlessChosen(option: Option, value: unknown, place: () => string): void {
  const choices = option.argChoices;
  if (!choices || choices.includes(String(value))) return;
  const meant = didYouMean(closest(String(value), choices));
  const name = option.attributeName();
  const at = place();
  throw new UsageError(`${at}: ${name} ${String(value)} is not one of ${choices.join(', ')}${meant.en}`, {
    zh: `${at}: ${name} ${String(value)} 不在可选值 ${choices.join('、')} 之中${meant.zh}`,
  });
}

/** Commander's own refusal as plan-check words its usage errors: the choice meant, in the run's language, then where usage is told. */
export function commanderError(text: string, lang: Lang): string {
  const said = lang === 'zh' ? commanderZh(withChoiceMeant(text)) : withChoiceMeant(text);
  if (!/^(?:error|错误)[:：]/.test(said)) return said;
  return `${said.trimEnd()}\n${USAGE_TOLD[lang]}\n`;
}

/** The line after a usage error that says where usage is told. */
export const USAGE_TOLD = { en: 'Run plan-check --help for usage.', zh: '用法见 plan-check --help。' };

/** Commander's refusal of a value not among an option's choices, with the choice it comes closest to, as an unknown option has it: "(Did you mean json?)". */
function withChoiceMeant(text: string): string {
  const refused = /^error: option '[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/m.exec(text);
  const meant = refused && closest(refused[1]!, refused[2]!.split(', '));
  return meant ? text.replace(refused[0], `${refused[0]}\n(Did you mean ${meant}?)`) : text;
}

/** Why an option's value is refused (commander prints it after "is invalid."), with its Chinese for commanderZh. */
const OPTION_REASONS = { period: 'Write YYYY or YYYY-MM.', positive: 'It must be a whole number of 1 or more.' } as const;
const OPTION_REASONS_ZH: Record<string, string> = {
  [OPTION_REASONS.period]: '应写成 YYYY 或 YYYY-MM',
  [OPTION_REASONS.positive]: '应为不小于 1 的整数',
};

/**
 * Commander's own refusals in Chinese (an unknown option or command, a missing argument, a value
 * not among the choices or refused for its reason), as the rest of the messages are under a Chinese locale or --lang zh.
 */
function commanderZh(text: string): string {
  return text
    .replace(/^error: option '([^']*)' argument '([^']*)' is invalid\. (.*)$/m, (line, option: string, value: string, reason: string) =>
      OPTION_REASONS_ZH[reason] ? `错误：选项 “${option}” 的取值 “${value}” 无效：${OPTION_REASONS_ZH[reason]}` : line,
    )
    .replace(/^error: unknown option '([^']*)'/m, '错误：未知选项 “$1”')
    .replace(/^error: unknown command '([^']*)'/m, '错误：未知命令 “$1”')
    .replace(/^error: missing required argument '([^']*)'/m, '错误：缺少参数 “$1”')
    .replace(/^error: option '([^']*)' argument missing/m, '错误：选项 “$1” 缺少取值')
    .replace(
      /^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./m,
      '错误：选项 “$1” 的取值 “$2” 无效，可选：$3。',
    )
    .replace(/^error: too many arguments/m, '错误：参数过多')
    .replace(/^\(Did you mean (.*)\?\)/m, '（是否想用 $1？）');
}
