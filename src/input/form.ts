/**
 * What a statistical form prints besides its header and rows, as bureaus' forms are laid out: a
 * title naming who filled it in, rows of column numbers (栏次) or units (计量单位) under the header,
 * and the signature lines under the table.
 */
import { codeOfName, type Registry } from '../registry.js';
import { normalisePeriod, PERIOD } from './normalise.js';
import { withoutUnitWord } from './units.js';

/** The words a form names who filled it in by, in its title or under it. */
const FILLED_BY_WORDS = '填报单位|填表单位|报送单位';

/** The signature lines under a form: 填表人：, 审核人：, 联系电话：, 填报日期：, 单位（盖章） … */
const FOOTER = new RegExp(
  `^(?:填表人|填报人|制表人|统计人|审核人|复核人|审批人|负责人|单位负责人|主要负责人|分管领导|联系人|联系电话|电话|手机|填表日期|填报日期|制表日期|报送日期|日期|${FILLED_BY_WORDS}|单位[(（]?盖章[)）]?|盖章|签字|签名)\\s*(?:[:：(（]|\\s|$)`,
);

/**
 * A cell of the rows a statistical form prints under its header: the columns' numbers (栏次: 甲 乙
 * 丙 …, then 1 2 3 …) or their units of measure (计量单位: 人, 张, 元/人·月, 单位：户), a label of
 * such a row among them.
 */
const COLUMN_NUMBER = /^(?:[甲乙丙丁戊己庚辛壬癸]|栏次|栏号|\d{1,3})$/;
const MEASURE = /^(?:人|人次|名|户|个|张|床|所|家|处|座|间|套|项|次|件|元|万元|亿元|%|平方米|m2|公顷|亩|年|月|日|天|岁|周岁)$/;
const MEASURE_LABEL = /^(?:计量单位|单位|是\/否)$/;

/** Whether a cell is a unit of measure as a form's units row writes it: 人, 元/人·月, （张）, 单位：户, （单位：张）, or such a row's label. */
function isMeasure(cell: string): boolean {
  if (MEASURE_LABEL.test(cell)) return true;
  const text = withoutUnitWord(cell.replace(/^[(（](.*)[)）]$/, '$1'));
  return text.split(/[/·]/).every((part) => MEASURE.test(part));
}

/**
 * What a row right under the header is, where it is a form's row of column numbers (栏次) or of units
 * (计量单位) rather than data: the numbers counted 1, 2, 3 … or a 甲乙丙 among them; units only.
 */
export function formRow(filled: readonly string[]): 'numbers' | 'units' | undefined {
  if (filled.length < 2) return undefined;
  if (filled.every((cell) => COLUMN_NUMBER.test(cell))) {
    const numbers = filled.filter((cell) => /^\d/.test(cell)).map(Number);
    const counted = numbers.length >= 3 && numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
    if (counted || numbers.length < filled.length) return 'numbers';
  }
  return filled.every(isMeasure) && filled.some((cell) => !MEASURE_LABEL.test(cell)) ? 'units' : undefined;
}

/** Who filled in a form, as its title line says: 填报单位：零陵区民政局. */
const FILLED_BY = new RegExp(`(?:${FILLED_BY_WORDS}|单位名称|单位)\\s*[:：]\\s*([^\\s,，;；:：]+)`);
/** What follows a unit's name where a bureau names itself: 零陵区民政局, 道县人民政府. */
const BUREAU = /(?:民政局|民政事务局|民政事务中心|人民政府|政府|民政)$/;

/**
 * The code of the unit a title line names: after 填报单位： (its bureau's words read off), or the one
 * unit whose name or short name alone the line holds (零陵区2025年12月民政统计表); the whole's for its
 * own name. Undefined where it names none, or more than one.
 */
export function unitOfTitle(region: Registry, text: string): string | undefined {
  const filledBy = FILLED_BY.exec(text)?.[1]?.replace(BUREAU, '');
  if (filledBy) return codeOfName(region, filledBy);
  const plain = text.replace(/\s+/g, '');
  const named = region.units.filter((unit) => [unit.name, unit.short].some((name) => name && name.length >= 2 && plain.includes(name)));
  return named.length === 1 ? named[0]!.code : undefined;
}

/**
 * The period a form's title names (道县2025年12月民政统计表: 2025-12; 2025年度: 2025; 2025年第四季度,
 * 2025年1-12月: 2025-12), where it names one; undefined where it names none or several, or names a
 * day (制表日期：2026年1月5日, the day the form was made, is no period of its figures).
 */
export function periodOfTitle(text: string): string | undefined {
  // A day (the day the form was made) or a span of years (2021-2025年, a plan's) is no period of the form's figures.
  if (text.length > TITLE_LENGTH || /日期|\d\s*[日号]|\d{4}\s*[-—–~至到]\s*\d{4}/.test(text)) return undefined;
  const found = new Set<string>();
  for (const [written] of text.matchAll(TITLE_PERIOD)) {
    const period = normalisePeriod(written.replace(/\s+/g, ''));
    if (!PERIOD.test(period)) return undefined;
    found.add(period);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** The longest title a period is looked for in. */
const TITLE_LENGTH = 200;

/** A year and what of it a title names: a month, months counted together, a quarter, a half, its end, or the year. */
const TITLE_PERIOD = /\d{4}\s*年(?:\s*\d{1,2}\s*(?:[-—–~至到]\s*\d{1,2}\s*)?月份?[末底]?|第?[一二三四1-4]季度|[上下]半年|度|[末底])?/g;

/**
 * The number a form sets before an item of a list, a column's label or a note's clause (1.、2、,
 * 3)、（4）、十二、), and the spaces after it, where words follow (not 1.5 nor 2025).
 */
export const LIST_NUMBER = /^(?:\d{1,2}\s*[.、．)）:：]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}\s*、)\s*(?=[^\d\s.])/;

/** How a form's rows under its header are named in messages. */
export const FORM_ROWS = {
  numbers: { en: 'column numbers (栏次)', zh: '栏次' },
  units: { en: 'units of measure (计量单位)', zh: '计量单位' },
} as const;

/** A date alone on a line under the table: 2025年12月31日. */
const DATE_LINE = /^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$/;

/** Whether a line is one of the signature lines under a form (填表人：…, 单位（盖章）), or a date alone. */
export function isFooter(filled: readonly string[]): boolean {
  return filled.some((cell) => FOOTER.test(cell)) || (filled.length === 1 && DATE_LINE.test(filled[0]!));
}
