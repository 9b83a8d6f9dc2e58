/**
 * What a script hands check(): its paths and settings, each of the type it must be, refused with
 * a usage error naming the setting where it is not (a script in JavaScript has no compiler to say
 * so). The command line's options are checked by commander before they get here.
 */
import { UsageError } from './errors.js';
import { ENCODING_NAMES } from './input/decode.js';
import type { RowsInput } from './input/sources.js';
import { excerpt, periodSetting } from './input/normalise.js';
import type { CheckOptions } from './check.js';

/** The settings of each type, by name. */
const BOOLEANS = ['strict', 'final', 'failOnRegression', 'complete', 'history'] as const;
const COUNTS = ['headerRow', 'maxErrors'] as const;
const LISTS = ['baseline', 'compare', 'ignore'] as const;
const CALLBACKS = ['onProgress', 'onResults'] as const;

/** A value as a message shows it. */
const shown = (value: unknown) => excerpt(typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value));

function refuse(name: string, value: unknown, wanted: { en: string; zh: string }): never {
  throw new UsageError(`${name} ${shown(value)}: ${wanted.en}`, { option: name, zh: `${name} ${shown(value)}：${wanted.zh}` });
}

/** The paths and settings of a run as check() takes them; a usage error for one of another type. */
export function checkedOptions(
  paths: unknown,
  options: CheckOptions | null | undefined,
): { paths: readonly (string | RowsInput)[]; options: CheckOptions } {
  if (!Array.isArray(paths))
    refuse('paths', paths, { en: "give a list of files and folders, such as ['drop/']", zh: "请给出文件和文件夹的列表，如 ['drop/']" });
  for (const path of paths) {
    if (typeof path !== 'string' && (path === null || typeof path !== 'object'))
      refuse('paths', path, { en: 'each is a path, or { rows } of a script', zh: '每一项应为路径，或脚本给出的 { rows }' });
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const name of BOOLEANS)
    if (given[name] !== undefined && typeof given[name] !== 'boolean')
      refuse(name, given[name], { en: 'must be true or false', zh: '应为 true 或 false' });
  for (const name of COUNTS) {
    const value = given[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 1))
      refuse(name, value, { en: 'must be a whole number of 1 or more', zh: '应为不小于 1 的整数' });
  }
  for (const name of LISTS) {
    const value = given[name];
    if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string')))
      refuse(name, value, { en: 'must be a list of texts', zh: '应为文本的列表' });
  }
  for (const name of CALLBACKS)
    if (given[name] !== undefined && typeof given[name] !== 'function')
      refuse(name, given[name], { en: 'must be a function', zh: '应为函数' });
  if (given.sheet !== undefined && typeof given.sheet !== 'string')
    refuse('sheet', given.sheet, { en: "must be a sheet's name, as text", zh: '应为工作表名称（文本）' });
  const period = typeof given.period === 'string' ? periodSetting(given.period) : undefined;
  if (given.period !== undefined && period === undefined)
    refuse('period', given.period, { en: "write YYYY or YYYY-MM, as text ('2025-12')", zh: "应写成文本 YYYY 或 YYYY-MM（'2025-12'）" });
  const rules = given.rules;
  if (rules !== undefined && typeof rules !== 'string' && !(Array.isArray(rules) && rules.every((rule) => typeof rule === 'string')))
    refuse('rules', rules, { en: 'must be rule ids, as a text or a list of texts', zh: '应为规则编号（文本或文本列表）' });
  const encoding =
    given.encoding === undefined
      ? undefined
      : typeof given.encoding === 'string'
        ? ENCODING_NAMES[given.encoding.toLowerCase()]
        : undefined;
  if (given.encoding !== undefined && !encoding)
    refuse('encoding', given.encoding, {
      en: `must be one of ${Object.keys(ENCODING_NAMES).join(', ')}`,
      zh: `应为 ${Object.keys(ENCODING_NAMES).join('、')} 之一`,
    });
  // Taken as the command line takes them: 2025-6 is 2025-06, GBK is gb18030.
  return { paths, options: { ...(given as CheckOptions), ...(period ? { period } : {}), ...(encoding ? { encoding } : {}) } };
}
