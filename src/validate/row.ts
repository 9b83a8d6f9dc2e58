/**
 * Validating one row: the submission schema (types, ranges, cross-field limits) through Ajv,
 * then the registry (the code exists, the name matches it). Bad cells become null so that the
 * rules needing them report no_data, and the row is marked invalid. Messages speak of the
 * region in its own registry's words.
 */
import { cellPlace } from './cell.js';
import type { ErrorObject } from 'ajv';
import { issue, type IssueCode } from '../catalog.js';
import { Rational } from '../evaluate/rational.js';
import {
  AMBIGUOUS_PERIOD,
  excelSerialDay,
  excerpt,
  isCalendarDay,
  isoDay,
  isoMonth,
  writtenDay,
  unshownCharacter,
  yearLastDays,
  WORDED_NUMBER,
  type ColumnKind,
} from '../input/normalise.js';
import { countedScale, relateUnits } from '../input/units.js';
import { nameMatches, unitCodeByName, type Registry } from '../registry.js';
import type { Issue, Lang, Row } from '../types.js';
import type { Columns, ColumnSpec } from './columns.js';
import { creditCodeProblem, type CreditCodeProblem } from './credit-code.js';
import { DISABILITY_CERTIFICATE, idProblem, maskId, type IdProblem } from './id-number.js';

/** What a row is checked against: the plan's columns and its region; and whether its problems are told in full (else only counted). */
interface RowContext {
  columns: Columns;
  units: Registry;
  described: boolean;
  mergeable: boolean;
  /** How a fix names the plan to the listing commands (plan/load.ts planOption). */
  planOption: string;
}

/**
 * Validates a row in place and returns its issues: in full, or, where `described` is false (past
 * its file's listing limit, where they are only counted), with their codes and places alone.
 * `mergeable`: the row is of a CSV, where a cell merged in Excel was exported in its first row only.
 * `planOption`: how a fix names the plan to the listing commands (plan/load.ts planOption).
 */
export function validateRow(row: Row, columns: Columns, units: Registry, described = true, mergeable = false, planOption = ''): Issue[] {
  const found: Issue[] = [];
  const validate = columns.validate;
  const valid = validate(row.values) as boolean;
  if (!valid) {
    const context: RowContext = { columns, units, described, mergeable, planOption };
    const errors = validate.errors ?? [];
    // A limit against another column (x-lte) is not told where that column's own value is refused: its error says it.
    const refused = new Set(errors.filter((error) => error.keyword !== 'x-lte').map(fieldOf));
    const bad = new Set<string>();
    for (const error of errors) {
      const field = fieldOf(error);
      if (!field || bad.has(field)) continue;
      if (error.keyword === 'x-lte' && refused.has((error.params as { other?: string }).other)) continue;
      bad.add(field);
      found.push(toIssue(row, error, field, context));
    }
    for (const field of bad) row.values[field] = null;
  }
  for (const spec of columns.checkedColumns) if (valid || !found.some((f) => f.field === spec.id)) checkValue(row, spec, found, described);
  if (columns.dated) checkDay(row, columns.period, found);
  if (row.values[columns.code] === null || row.values[columns.period] === null) row.valid = false;
  const code = row.values[columns.code];
  // The whole's own row (a plan may read its values from it) has the whole's code.
  if (typeof code === 'string' && code !== units.city.code) {
    const unit = units.byCode.get(code);
    const name = columns.name === undefined ? undefined : row.values[columns.name];
    if (!unit) {
      found.push(foreignKey(row, columns.code, 'unknown-code', { code }, { columns, units, planOption }));
      row.values[columns.code] = null;
      row.valid = false;
    } else if (typeof name === 'string' && !nameMatches(unit, name, units.city.name)) {
      const unitName = { unit: `${unit.name} ${unit.name_en}`, unit_zh: unit.name };
      found.push(
        foreignKey(row, columns.name!, 'name-mismatch', { code, name: excerpt(name), ...unitName }, { columns, units, planOption }),
      );
      row.valid = false;
    }
  }
  return found;
}

/**
 * Whether a roster's row whose other cells are those of a row found clean (input/roster-lines.ts
 * OwnRow) holds: what its own cells can change, the schema (its types, patterns and limits, one
 * column against another), an ID number and a record's day, gives no problem. One that does not is validated
 * as any row is, which says why.
 */
export function ownCellsHold(row: Row, columns: Columns): boolean {
  if (!(columns.validate(row.values) as boolean)) return false;
  // An ID number or a credit code is checked as validateRow checks it: one that is none goes the usual way, to be told.
  for (const spec of columns.checkedColumns) {
    const value = row.values[spec.id];
    if (typeof value === 'string' && checkedProblem(spec, value) !== undefined) return false;
  }
  const day = columns.dated ? row.values[columns.period] : undefined;
  return typeof day !== 'string' || isCalendarDay(day);
}

/** What is wrong with a value of a column whose values carry a check character: an ID number's (x-id), else a credit code's (x-check). */
function checkedProblem(spec: ColumnSpec, value: string): IdProblem | CreditCodeProblem | undefined {
  return spec.idNumber ? idProblem(value) : creditCodeProblem(value);
}

/**
 * A value of a column of ID numbers or credit codes that is none (its shape, its check character,
 * an ID number's date of birth): an error, and the cell is not used. An ID number's is told masked
 * (id-number), a credit code's as a constraint.
 */
function checkValue(row: Row, spec: ColumnSpec, found: Issue[], described: boolean): void {
  const value = row.values[spec.id];
  if (typeof value !== 'string') return;
  const problem = checkedProblem(spec, value);
  if (!problem) return;
  const at = cellPlace(row, spec.id);
  row.values[spec.id] = null;
  if (!described) found.push(issue(spec.idNumber ? 'id-number' : 'constraint', at));
  else if (spec.idNumber) found.push(idIssue(row, spec.id, value, problem === 'shape' ? shapeProblem(value) : problem));
  else {
    found.push(issue('constraint', { ...at, params: { value: excerpt(value), variant: `credit-${problem}` } }));
  }
}

/** Why a text of an ID-number column is not of an ID number's shape (a variant of id-number in the catalog): Excel made it a number, it is a disability certificate's number (the ID number and two digits), a first-generation number (15 digits, a date of birth YYMMDD at 7-12), or another. */
function shapeProblem(value: string): string {
  if (EXCEL_NUMBER.test(value)) return 'excel';
  if (DISABILITY_CERTIFICATE.test(value) && idProblem(value.slice(0, 18).toUpperCase()) === undefined) return 'certificate';
  return FIRST_GENERATION.test(value) ? 'first-generation' : 'shape';
}

/** A first-generation ID number: the digits of the region and the year (YY), then MMDD, 3 of sequence. */
const FIRST_GENERATION = /^\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;

/**
 * What a constraint error says of its value: the kind of the breach (its variant in the catalog,
 * whose message and fix are written there) and what they name, as its params; a rule the
 * validator words itself (`rule`, an unknown variant) gets the catalog's message of any other.
 */
type Broken = Record<string, string | number> & { variant: string };

/** A code of many digits as Excel shows (and saves) it in a column not formatted as Text: 4.31102E+11. */
const EXCEL_SCIENTIFIC = /^\d(?:\.\d+)?E\+\d+$/i;

/** What Excel shows of a long number: 4.31102E+17. */
const EXCEL_NUMBER = /e\+?\d/i;

/** An id-number error of a kind (its variant in the catalog): its number masked, but for what Excel left of one (4.31124E+17), which names no one. */
function idIssue(row: Row, field: string, value: string, problem: string): Issue {
  const at = cellPlace(row, field);
  const shown = problem === 'excel' ? excerpt(value) : maskId(excerpt(value));
  return issue('id-number', { ...at, params: { value: shown, variant: problem } });
}

/** A record's day that has the shape of a date and is none (2025-02-30): an error, and the row has no period. */
function checkDay(row: Row, field: string, found: Issue[]): void {
  const value = row.values[field];
  if (typeof value !== 'string' || isCalendarDay(value)) return;
  if (found.some((f) => f.field === field)) return;
  found.push(
    issue('constraint', {
      ...cellPlace(row, field),
      params: { value: excerpt(value), variant: 'no-day' },
    }),
  );
  row.values[field] = null;
}

const codeLabel = (columns: Columns) => columns.byId.get(columns.code)!.label;

/**
 * The params of a required value left empty. A unit's code or name is often merged down over its
 * rows in Excel, which shows it in each but exports it to CSV in the first alone: its fix says so
 * in a CSV (a workbook's merged cells are read as they show: input/workbook-rows.ts).
 */
function requiredParams(field: string, label: string, unitCell: boolean, context: RowContext): Issue['params'] {
  const merged = unitCell && context.mergeable;
  return { label: field, label_zh: label, merged: merged ? MERGED_DOWN.en : '', merged_zh: merged ? MERGED_DOWN.zh : '' };
}

const MERGED_DOWN = {
  en: ' (where it was merged over several rows in Excel, its CSV holds it in the first row only: unmerge the cells and fill in each row)',
  zh: '（若在 Excel 中合并了多行单元格，导出的 CSV 只在第一行保留其值：请取消合并并逐行填写）',
};

/** The unit of a row of a file without codes whose name names none (input/table.ts finds codes by name): told at the name. */
function unnamedUnit(row: Row, context: RowContext): Issue {
  const { columns } = context;
  const field = columns.name!;
  const name = row.values[field];
  const at = cellPlace(row, field);
  if (typeof name !== 'string')
    return issue(
      'required',
      context.described ? { ...at, params: requiredParams(field, columns.byId.get(field)!.label, true, context) } : at,
    );
  if (!context.described) return issue('foreign-key', at);
  return foreignKey(row, field, 'unknown-name', { name: excerpt(name), code_column: columns.code }, context);
}

/** A foreign-key error of a variant (catalog.ts), with the whole's and the units' names its messages give. */
function foreignKey(
  row: Row,
  field: string,
  variant: string,
  params: Issue['params'],
  context: Pick<RowContext, 'columns' | 'units' | 'planOption'>,
): Issue {
  const { columns, units, planOption } = context;
  const { county } = units.levels;
  return issue('foreign-key', {
    ...cellPlace(row, field),
    params: {
      variant,
      ...params,
      code_label: codeLabel(columns),
      whole: units.city.name_en,
      whole_zh: units.city.name,
      level: county.en,
      level_zh: county.zh,
      plan_option: planOption,
    },
  });
}

function fieldOf(error: ErrorObject): string | undefined {
  if (error.keyword === 'required') return (error.params as { missingProperty: string }).missingProperty;
  return error.instancePath.split('/')[1];
}

function toIssue(row: Row, error: ErrorObject, field: string, context: RowContext): Issue {
  const spec = context.columns.byId.get(field);
  const digits = context.units.codeDigits;
  const isCode = field === context.columns.code;
  const at = cellPlace(row, field);
  const value = row.values[field];
  const shown = () => (typeof value === 'boolean' ? (value ? '是' : '否') : excerpt(String(value)));
  const told = (code: IssueCode, params: () => Issue['params']) => issue(code, context.described ? { ...at, params: params() } : at);
  if ((value === null || value === undefined) && isCode && row.columns[field] === undefined && context.columns.name !== undefined)
    return unnamedUnit(row, context);
  if (value === null || value === undefined)
    return told('required', () => requiredParams(field, spec?.label ?? field, isCode || field === context.columns.name, context));
  if (spec?.idNumber) return context.described ? idIssue(row, field, String(value), shapeProblem(String(value))) : issue('id-number', at);
  if (spec?.role === 'period' && AMBIGUOUS_PERIOD.test(String(value)))
    return told('period-ambiguous', () => ({ value: shown(), year: String(value).slice(0, 4) }));
  // A code Excel turned into 4.31103E+05 breaks the pattern, but its cause is a type.
  const mangledCode = isCode && /e\+?\d/i.test(String(value));
  if (error.keyword === 'type' || mangledCode) {
    return told('type', () => {
      const kind = spec?.kind ?? 'text';
      const expected = mangledCode
        ? { en: `a ${digits}-digit code`, zh: `${digits} 位${spec?.label ?? '代码'}` }
        : { en: expectedText(kind, 'en'), zh: expectedText(kind, 'zh') };
      const code = isCode ? { digits, label: spec?.label ?? field } : undefined;
      return {
        value: shown(),
        expected: expected.en,
        expected_zh: expected.zh,
        ...typeFixParams(String(value), kind, code, row.stated?.[field] ?? (kind === 'percent' ? '%' : spec?.unitZh), spec?.label),
      };
    });
  }
  return told('constraint', () => ({ value: shown(), ...constraintText(error, spec, context, value) }));
}

const EXPECTED: Record<ColumnKind, { zh: string; en: string }> = {
  integer: { zh: '整数', en: 'a whole number' },
  number: { zh: '数字', en: 'a number' },
  percent: { zh: '百分数（如 6.5 或 6.5%）', en: 'a percentage (6.5 or 6.5%)' },
  boolean: { zh: '是/否', en: 'yes/no (是/否)' },
  period: { zh: 'YYYY 或 YYYY-MM 格式的报告期', en: 'a period YYYY or YYYY-MM' },
  text: { zh: '文本', en: 'text' },
  id: { zh: '证件号码', en: 'an ID number' },
  date: { zh: 'YYYY-MM-DD 格式的日期', en: 'a date YYYY-MM-DD' },
};

/** How a column's expected type is described in messages. */
export function expectedText(kind: ColumnKind, lang: Lang): string {
  return EXPECTED[kind][lang];
}

/**
 * The fix to suggest for a value that does not fit its column, as the params of its type error
 * (the fix's kind, a variant of the catalog's, and what it names); `code` when the column holds
 * the unit's code; `unit`, the unit its cells are written in (its header's, or else the column's),
 * in which a figure the fix names is; `label`, the column's, whose words a yes/no answer may repeat.
 */
export function typeFixParams(
  value: string,
  kind: ColumnKind,
  code: { digits: number; label: string } | undefined,
  unit?: string,
  label?: string,
): Record<string, string | number> {
  const unshown = unshownCharacter(value);
  if (unshown) return { variant: 'unshown', character: unshown };
  if (/^=(?:[A-Za-z(]|\.\.\.$)/.test(value)) return { variant: 'formula' };
  if (/^#(?:DIV\/0!|REF!|VALUE!|N\/A|NAME\?|NUM!|NULL!)/i.test(value)) return { variant: 'excel-error' };
  if (code && /^\d+(?:\.\d+)?e\+?\d+$/i.test(value)) return { variant: 'code-scientific', code_label: code.label, digits: code.digits };
  if (/^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i.test(value)) return { variant: 'scientific' };
  if (/^[+-]?\d[\d,]{15,}(?:\.\d+)?%?$/.test(value)) return { variant: 'too-many-digits' };
  if (/^[+-]?0?\.0{15,}\d*%?$/.test(value)) return { variant: 'too-small' };
  if (/^0x[0-9a-f]+$/i.test(value)) return { variant: 'hexadecimal' };
  if (/^[+-]?(?:infinity|nan)$/i.test(value)) return { variant: 'not-a-number' };
  if (kind === 'integer' && /^[+-]?\d+\.\d+$/.test(value)) return { variant: 'whole-only' };
  // Thousands set apart by spaces (3 100), as some locales and pasted text write them.
  if (kind !== 'boolean' && /^[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?%?$/.test(value))
    return { variant: 'spaced', joined: value.replace(/ /g, '') };
  // A figure qualified (约2650, 2650左右, 2650余) or with a note in brackets (2650（含兼职）): the figure alone.
  const noted = NOTED.exec(value);
  if (noted && (kind === 'integer' || kind === 'number' || kind === 'percent'))
    return { variant: 'noted', number: noted[2] ?? noted[3]!, word: noted[1] ?? noted[4]! };
  // A number with a word after it, as a form's cell is sometimes filled in: 1.2万, 12人, 35 平方米.
  const worded = WORDED_NUMBER.exec(value);
  if (worded && (kind === 'integer' || kind === 'number' || kind === 'percent')) {
    const number = worded[1]!.replace(/,/g, '');
    const word = worded[2]!;
    // The figure in the unit the cell is written in (that its header states, or else its column's), where the word makes it
    // another: 14.6万户 is 146000 户 (14.6 where the header counts 万户), 55‰ is 5.5 %, 1.2万 alone 12000 of what is counted.
    const factor = wordFactor(word, unit);
    if (factor) return { variant: 'ten-thousands', written: value, whole: shortFigure(Rational.fromNumber(Number(number)).mul(factor)) };
    return { variant: 'worded', number, word };
  }
  if (/%$/.test(value)) return { variant: 'percent-sign' };
  if (kind !== 'boolean' && kind !== 'period' && kind !== 'date') {
    // A comma before decimals (4,5), as some locales write them; brackets around a number, as Excel's accounting formats show a negative.
    const decimalComma = /^([+-]?\d+),(\d+)$/.exec(value);
    if (decimalComma)
      return { variant: 'decimal-comma', point: `${decimalComma[1]}.${decimalComma[2]}`, joined: `${decimalComma[1]}${decimalComma[2]}` };
    const bracketed = /^\((\d[\d,]*(?:\.\d+)?)\)$/.exec(value);
    if (bracketed) return { variant: 'bracketed', number: bracketed[1]! };
  }
  const answered = kind === 'boolean' ? ANSWER_NOTED.exec(value) : null;
  if (answered) return { variant: 'answer-noted', answer: answered[1]!, word: answered[2]! };
  const inWords = kind === 'boolean' && label !== undefined ? answerInWords(value, label) : undefined;
  if (inWords !== undefined) return { variant: 'answer-worded', answer: inWords ? '是' : '否', meaning: inWords ? 'yes' : 'no' };
  if (kind === 'boolean' || kind === 'period' || kind === 'date') return { variant: kind };
  return { variant: kind === 'integer' || kind === 'percent' ? kind : 'number' };
}

/** A figure with a word that qualifies it before (约, 近, 超过) or after it (左右, 余, 多, 以上), or a note in brackets after it. */
const NOTED =
  /^(约|大约|近|将近|超过|超|逾|≈|~|～)\s*([+-]?\d+(?:\.\d+)?)$|^([+-]?\d+(?:\.\d+)?)\s*(左右|余|多|以上|以下|[(（][^()（）]{1,20}[)）])$/;

/** A yes or no with a note in brackets after it (是（已建成）). */
const ANSWER_NOTED = /^(是|否|有|无)\s*([(（][^()（）]{1,20}[)）])$/;

/**
 * A yes/no answer written in the words of its column's question: 符合 or 不符合 under
 * 符合生活补贴条件（是/否）, 已享受 or 未享受 under 享受生活补贴（是/否）, 已返回 under 接送返回（是/否）:
 * true or false; undefined for any other text.
 */
function answerInWords(value: string, label: string): boolean | undefined {
  const question = label.replace(/[(（]是[/／]否[)）]$/, '');
  const negated = /^[不未没无]/.test(value);
  const words = value.replace(/^[不未没无已]/, '');
  return words.length >= 2 && question.includes(words) ? !negated : undefined;
}

/** What 万 and 亿 stand for, exactly. */
const TEN_THOUSAND = Rational.of(10_000n)!;
const HUNDRED_MILLION = Rational.of(100_000_000n)!;

/**
 * What a cell's figure is multiplied by to be in `unit`, given the word written after it, where that
 * is not 1: the word's unit converted into `unit` (万户 into 户, ‰ into %); else, for a word of 万 or
 * 亿 (alone, or before a word that is no unit: 2万余), that multiple over what `unit` counts in.
 */
function wordFactor(word: string, unit: string | undefined): Rational | undefined {
  const relation = unit ? relateUnits(word, unit) : undefined;
  if (relation?.kind === 'convert') return relation.factor;
  if (relation?.kind === 'same' || (word[0] !== '万' && word[0] !== '亿')) return undefined;
  const factor = (word[0] === '万' ? TEN_THOUSAND : HUNDRED_MILLION).div(countedScale(unit ?? ''))!;
  return factor.compare(Rational.of(1n)!) === 0 ? undefined : factor;
}

/** A figure as a fix writes it: to four decimal places at most (0.8万元/人·年 is 666.6667 元/人·月). */
function shortFigure(figure: Rational): string {
  return String(Number(figure.toNumber().toFixed(4)));
}

/** Digits only. */
const DIGITS = /^\d+$/;

function constraintText(error: ErrorObject, spec: ColumnSpec | undefined, context: RowContext, value: unknown): Broken {
  const columns = context.columns.byId;
  const digits = context.units.codeDigits;
  const params = error.params as { limit?: number; other?: string; comparison?: string; pattern?: string };
  switch (error.keyword) {
    case 'minimum':
      return { variant: 'minimum', limit: String(params.limit) };
    case 'exclusiveMinimum':
      return { variant: 'exclusive-minimum', limit: String(params.limit) };
    case 'x-lte': {
      const other = params.other ?? '';
      const named = { other, other_zh: columns.get(other)?.label ?? other };
      if (spec?.kind === 'boolean') return { variant: 'yes-only-where', ...named };
      return { variant: 'more-than', ...named, limit: String(params.limit) };
    }
    case 'pattern': {
      if (spec?.role === 'period') return notAPeriod(String(value));
      if (spec?.role === 'date') return notADay(String(value));
      const pattern = String(params.pattern);
      if (spec?.role === 'unit-code') {
        const code = { digits, code_label: spec.label, plan_option: context.planOption };
        // A code of the region's length the plan's pattern refuses is no unit's: a plan whose pattern refuses a unit is refused as it loads.
        if (String(value).length === digits && DIGITS.test(String(value))) return { variant: 'no-unit-code', ...code, pattern };
        // A unit's name written in the code's column (双牌县 under 区划代码): its code is known.
        const named = unitCodeByName(context.units, String(value));
        if (named !== undefined) return { variant: 'unit-name', ...code, code: named };
        // A longer code that begins with a unit's (a township's 9 or 12 digits, as a national system exports them): a place within it.
        const within =
          DIGITS.test(String(value)) && String(value).length > digits
            ? context.units.byCode.get(String(value).slice(0, digits))
            : undefined;
        if (within)
          return {
            variant: 'place-code',
            ...code,
            code: within.code,
            within: `${within.code} ${within.name_en}`,
            within_zh: within.name,
          };
        return { variant: 'not-a-code', ...code };
      }
      // A credit code's pattern (x-check) is told in words; another column's (a township's code's): what the column is, then the pattern.
      // A code Excel turned into a number (4.31102E+11, a township's 12 digits; a public institution's credit code) has lost its digits.
      if (EXCEL_SCIENTIFIC.test(String(value))) return { variant: 'spoiled-by-excel' };
      if (spec?.checked) return { variant: 'credit-shape' };
      if (spec?.description) return { variant: 'pattern-described', label: spec.label, pattern, description: spec.description };
      if (spec) return { variant: 'pattern', label: spec.label, pattern };
      return { variant: 'pattern-alone', pattern };
    }
    default:
      return { variant: 'worded', rule: error.message ?? error.keyword };
  }
}

/** A record's day that is none: written with its year last, the days it may be year first; else not a date. */
function notADay(text: string): Broken {
  const days = yearLastDays(text);
  if (!days) return { variant: 'not-a-date' };
  const { monthFirst, dayFirst } = days;
  return monthFirst && dayFirst
    ? { variant: 'year-last', month_first: monthFirst, day_first: dayFirst }
    : { variant: 'year-last-one', day: (monthFirst ?? dayFirst)! };
}

function notAPeriod(text: string): Broken {
  const serial = excelSerialDay(text);
  const day = serial ? { year: serial.getUTCFullYear(), month: serial.getUTCMonth() + 1, day: serial.getUTCDate() } : writtenDay(text);
  if (!day) return { variant: 'not-a-period' };
  const month = String(isoMonth(day.year, day.month));
  return serial ? { variant: 'serial-day', day: isoDay(day.year, day.month, day.day), month } : { variant: 'day', month };
}
