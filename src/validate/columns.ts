/**
 * The submission's columns, read from a plan's submission schema (a JSON Schema): the one place
 * where a column's id, Chinese label, type, unit, role and cross-field limit are written. The
 * `x-` annotations are listed in docs/schema.md.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { PlanError, planMalformed, problemAt } from '../errors.js';
import { parseWrittenJson } from '../plan/json.js';
import { FileMade, readWrittenText } from '../plan/text.js';
import type { ColumnKind } from '../input/normalise.js';
import { packagePath } from '../paths.js';
import { COLUMN_ROLES, compileRowSchema, loadShippedValidator, prebuiltValidator } from './ajv.js';
import { PatternError } from './pattern.js';
import { excerpt } from '../input/normalise.js';
import { closest, didYouMean } from '../closest.js';
import type { Bilingual } from '../types.js';
import { DEFAULT_SUBMISSION } from '../defaults.js';

/**
 * What a column is for besides its value: the unit's code, the unit's name, the period; in a roster,
 * the record's identity, and a record's day (`date`) where its month and year are its periods.
 */
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** One submission column as the pipeline uses it. */
export interface ColumnSpec {
  readonly id: string;
  /** The Chinese header label. */
  readonly label: string;
  /** English description. */
  readonly description: string;
  readonly kind: ColumnKind;
  /** The JSON Schema type(s) of the column. */
  readonly type: string | string[];
  readonly role?: ColumnRole;
  /** Unit of measure, e.g. `yuan/person/month`, `percent`. */
  readonly unit?: string;
  /** The unit in Chinese, as reports print it: `张`, `元/人·年`. */
  readonly unitZh?: string;
  /** What the column counts, in Chinese: the label without its unit or a leading 其中. */
  readonly noun: string;
  /**
   * `stock`: the value at the period (beds in use); `cumulative`: a count since the plan began
   * (new builds, people trained), so that a five-year total can be judged on the latest figure.
   */
  readonly measure: 'stock' | 'cumulative';
  /** Column this one may not exceed (for yes/no columns: 是 only where that one is 是). */
  readonly lte?: string;
  /** The ID-number standard the column's values follow: checked, and never printed in full. */
  readonly idNumber?: 'gb11643';
  /** The code standard whose check character the column's values carry (`gb32100`: unified social credit codes), checked on every row. */
  readonly checked?: 'gb32100';
  /** Other headers the column goes by in the forms and systems counties export from (`身份证号码`). */
  readonly aliases?: readonly string[];
  /**
   * Headers of a column of disability certificate numbers (`残疾人证号`: the ID number, then its
   * holder's category and grade, a digit each), from which an ID-number column is read, its first
   * 18 characters, in a file that has no column of the ID numbers themselves.
   */
  readonly certificates?: readonly string[];
  readonly required: boolean;
  /**
   * A text of any words (a name, an address, a note): no pattern, list of values or check
   * character, and not a code's or a record's number. A comma written outside quotes is looked
   * for in such a cell alone (input/split-number.ts).
   */
  readonly freeText?: true;
}

interface PropertySchema {
  title: string;
  description?: string;
  type: string | string[];
  'x-role'?: ColumnRole;
  'x-unit'?: string;
  'x-unit-zh'?: string;
  'x-measure'?: 'stock' | 'cumulative';
  'x-lte'?: string;
  'x-id'?: 'gb11643';
  'x-check'?: 'gb32100';
  'x-aliases'?: string[];
  'x-certificates'?: string[];
  pattern?: string;
  enum?: unknown[];
}

/** A submission JSON Schema: one object per row. */
export interface SubmissionSchema {
  required?: string[];
  properties: Record<string, PropertySchema>;
  [key: string]: unknown;
}

/** A plan's submission columns, with the ids of the role columns and the compiled row validator. */
export interface Columns {
  readonly list: readonly ColumnSpec[];
  readonly byId: ReadonlyMap<string, ColumnSpec>;
  /** The column of the unit's code. */
  readonly code: string;
  /** The column of the unit's name, if the schema has one. */
  readonly name?: string;
  /** The column of the reporting period, or of a record's day (`dated`). */
  readonly period: string;
  /** The period column holds days (YYYY-MM-DD): a record counts in its month and in its year. */
  readonly dated?: boolean;
  /** In a roster, the column that names the record (a person's ID number): one row per record and period. */
  readonly key?: string;
  /** The columns whose values carry a check character, checked on every row: ID numbers (x-id) and unified social credit codes (x-check). */
  readonly checkedColumns: readonly ColumnSpec[];
  readonly schema: SubmissionSchema;
  readonly validate: ValidateFunction;
  /** Where the schema came from, for messages. */
  readonly file: string;
  /** The schema file's absolute path, when it came from a file. */
  readonly path?: string;
}

/** The column a roster names its records by, where it is a citizen ID number (x-id gb11643): checked, masked, kept as a number. */
export function idNumberKey(columns: Columns): ColumnSpec | undefined {
  const key = columns.key === undefined ? undefined : columns.byId.get(columns.key);
  return key?.idNumber ? key : undefined;
}

/** Whether a column's cells are numbers (integers, numbers, percentages). */
export function isNumeric(column: ColumnSpec): boolean {
  return column.kind === 'integer' || column.kind === 'number' || column.kind === 'percent';
}

/**
 * Whether a roster's column holds what is a record's own, differing from one record to the next
 * (its number, a day, a name, beds), rather than what many records share (the unit's code and
 * name, the period, yes/no answers). A roster's lines are read from their bytes but for these
 * (input/roster-lines.ts).
 */
export function isOwnColumn(spec: ColumnSpec, columns: Columns): boolean {
  return spec.kind !== 'boolean' && spec.id !== columns.code && spec.id !== columns.name && spec.role !== 'period';
}

/** Columns loaded from schema files, by path, while their files are unchanged. */
const cache = new FileMade<Columns>(32);

/** A built-in schema by name (schemas/NAME.schema.json), as older plans name it. */
const BUILTIN_NAME = /^[a-z0-9_-]+$/;

/**
 * The columns a plan's `submission:` names: a built-in schema by name (`submission-13th`), a
 * path relative to the plan file, or a schema given inline. None means the built-in default.
 */
export function planColumns(submission: string | object | undefined, planFile: string | undefined): Columns {
  if (typeof submission === 'object') return loadColumns(submission, `${planFile ?? 'plan'} (submission)`);
  const path = schemaFilePath(submission, planFile);
  return loadColumns(
    path,
    submission === undefined || BUILTIN_NAME.test(submission) ? relative(packagePath('.'), path) : relative('.', path),
  );
}

/** The file of a schema a plan names: a built-in one by its name (`submission`, the default where none is named), else a path from the plan's folder. */
export function schemaFilePath(named: string | undefined, planFile: string | undefined): string {
  if (named === undefined || BUILTIN_NAME.test(named)) return packagePath(`schemas/${named ?? DEFAULT_SUBMISSION}.schema.json`);
  return planFile ? resolve(dirname(planFile), named) : resolve(named);
}

let inline = 0;

/** Loads a submission schema from a JSON file (kept by path while the file is unchanged) or an object; problems are PlanErrors naming it. */
export function loadColumns(source: string | object, shown?: string): Columns {
  if (typeof source !== 'string') return buildColumns(source, shown ?? 'submission schema', `inline-${++inline}`);
  const path = resolve(source);
  return cache.get(path, () => columnsOfFile(path, source, shown));
}

/** The columns of a schema file. */
function columnsOfFile(path: string, source: string, shown: string | undefined): Columns {
  let schema: unknown;
  let text: string | undefined;
  try {
    // A schema shipped in schemas/ is the package's own, UTF-8 as the tests hold it: read without the checks of a user's text.
    text = dirname(path) === packagePath('schemas') ? readFileSync(path, 'utf8') : readWrittenText(path, shown ?? source);
    schema = parseWrittenJson(text, shown ?? source);
  } catch (error) {
    if (error instanceof PlanError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw PlanError.of({ en: `no submission schema ${shown ?? source}`, zh: `没有报送表结构文件 ${shown ?? source}` }, { cause: error });
    throw PlanError.of(
      {
        en: `submission schema ${shown ?? source}: ${(error as Error).message}`,
        zh: `报送表结构 ${shown ?? source}：${(error as Error).message}`,
      },
      { cause: error },
    );
  }
  return buildColumns(schema, shown ?? source, path, text, prebuiltValidator(path, text), path);
}

/** The schema of a built-in schema name, for listings and tests. */
export function submissionSchema(name: string = DEFAULT_SUBMISSION): SubmissionSchema {
  return planColumns(name, undefined).schema;
}

/** Where a key first stands in a JSON text, `file:line:column`; the file alone without the text. */
export function jsonKeyPlace(file: string, text: string | undefined, key: string): string {
  if (text === undefined) return file;
  const quoted = `"${key}"`;
  for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + 1)) {
    if (!/^\s*:/.test(text.slice(at + quoted.length, at + quoted.length + 64))) continue;
    const before = text.slice(0, at).split('\n');
    return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
  }
  return file;
}

function buildColumns(value: unknown, shown: string, key: string, text?: string, prebuilt?: string, path?: string): Columns {
  const schema = value as SubmissionSchema;
  if (typeof value !== 'object' || value === null || typeof schema.properties !== 'object' || schema.properties === null) {
    throw PlanError.of({
      en: `submission schema ${shown}: not a JSON Schema of a row (it needs "properties": one per column)`,
      zh: `报送表结构 ${shown}：不是一行数据的 JSON Schema（须有 "properties"，每列一项）`,
    });
  }
  const place = (id: string) => jsonKeyPlace(shown, text, id);
  const problems: Bilingual[] = [];
  for (const [id, property] of Object.entries(schema.properties)) {
    if (typeof property !== 'object' || property === null || typeof property.title !== 'string') {
      // A title typed another way (titel, Title) is named.
      const typed =
        property !== null && typeof property === 'object'
          ? Object.keys(property).find((key) => key !== 'title' && closest(key.toLowerCase(), ['title']) !== undefined)
          : undefined;
      const seen = typed === undefined ? { en: '', zh: '' } : { en: ` (it has "${excerpt(typed)}")`, zh: `（写成了“${excerpt(typed)}”）` };
      problems.push(
        problemAt(
          place(id),
          `column ${excerpt(id)} needs a "title", the Chinese header${seen.en}`,
          `列 ${excerpt(id)} 须有 "title"，即中文表头${seen.zh}`,
        ),
      );
    } else if (typeof property['x-role'] === 'string' && !(COLUMN_ROLES as readonly string[]).includes(property['x-role'])) {
      // Before the roles are looked for, which would only miss it.
      const role = property['x-role'];
      const meant = didYouMean(closest(role, COLUMN_ROLES));
      const takes = KEYWORD_VALUES['x-role']!;
      problems.push(
        problemAt(
          place(id),
          `column ${excerpt(id)}: x-role takes ${takes.en}, not "${excerpt(role)}"${meant.en}`,
          `列 ${excerpt(id)}：x-role 的值须为${takes.zh}，不是“${excerpt(role)}”${meant.zh}`,
        ),
      );
    }
  }
  if (problems.length > 0) throw malformedSchema(shown, problems);
  const list = columnSpecs(schema);
  for (const column of list) {
    // A certificate's first 18 characters are an ID number: a column of any other kind is not read from one.
    if (column.certificates && !column.idNumber)
      problems.push(
        problemAt(
          place(column.id),
          `column ${excerpt(column.id)}: x-certificates is for a column of ID numbers (x-id: gb11643)`,
          `列 ${excerpt(column.id)}：x-certificates 只用于身份证号列（x-id: gb11643）`,
        ),
      );
    if (column.lte !== undefined && !schema.properties[column.lte]) {
      problems.push(
        problemAt(
          place(column.id),
          `column ${excerpt(column.id)}: x-lte names "${excerpt(column.lte)}", which is not a column`,
          `列 ${excerpt(column.id)}：x-lte 写的“${excerpt(column.lte)}”不是一列`,
        ),
      );
    }
  }
  if (problems.length > 0) throw malformedSchema(shown, problems);
  const roles = rolesOf(list, shown);
  const columns = {
    list,
    byId: new Map(list.map((c) => [c.id, c])),
    ...roles,
    checkedColumns: list.filter((c) => c.idNumber || c.checked),
    schema,
    file: shown,
    ...(path ? { path } : {}),
  };
  // A validator the build made is loaded when the first row needs it: a plan's rosters cost nothing in a run without them.
  if (prebuilt) {
    let loaded: ValidateFunction | undefined;
    return {
      ...columns,
      get validate() {
        return (loaded ??= loadShippedValidator(prebuilt));
      },
    };
  }
  let validate: ValidateFunction;
  try {
    validate = compileRowSchema(schema, key);
  } catch (error) {
    if (error instanceof PatternError) {
      const column = Object.keys(schema.properties).find((id) => (schema.properties[id] as { pattern?: unknown }).pattern === error.source);
      const said = column
        ? problemAt(place(column), `column ${column}: ${error.message}`, `列 ${column}：${error.message}`)
        : { en: error.message, zh: error.message };
      throw malformedSchema(shown, [said]);
    }
    const fault = schemaFault(schema, (error as Error).message);
    if (fault) throw malformedSchema(shown, [problemAt(place(fault.key), fault.text.en, fault.text.zh)]);
    throw PlanError.of(
      { en: `submission schema ${shown}: ${(error as Error).message}`, zh: `报送表结构 ${shown}：${(error as Error).message}` },
      { cause: error },
    );
  }
  return { ...columns, validate };
}

/** The role columns: marked with x-role, or (in schemas without any) named county_code, county_name and period. */
function rolesOf(
  list: readonly ColumnSpec[],
  shown: string,
): { code: string; name?: string; period: string; dated?: boolean; key?: string } {
  const withRole = (role: ColumnRole) => list.filter((c) => c.role === role).map((c) => c.id);
  const [codes, names, periods, dates, keys] = [
    withRole('unit-code'),
    withRole('unit-name'),
    withRole('period'),
    withRole('date'),
    withRole('record-id'),
  ];
  const problems: Bilingual[] = [];
  for (const [role, ids] of [
    ['unit-code', codes],
    ['unit-name', names],
    ['period', periods],
    ['date', dates],
    ['record-id', keys],
  ] as const) {
    if (ids.length > 1)
      problems.push({
        en: `${ids.length} columns have x-role ${role} (${ids.join(', ')}): one may`,
        zh: `${ids.length} 列的 x-role 都是 ${role}（${ids.join('、')}）：只能有一列`,
      });
  }
  if (codes.length === 0)
    problems.push({ en: "no column has x-role unit-code (the unit's code)", zh: '没有 x-role 为 unit-code 的列（单位的代码）' });
  if (periods.length + dates.length === 0)
    problems.push({
      en: "no column has x-role period (the reporting period) or date (a record's day, in a roster)",
      zh: '没有 x-role 为 period（报告期）或 date（名册中一条记录的日期）的列',
    });
  if (periods.length > 0 && dates.length > 0)
    problems.push({ en: 'a schema has a period column or a date column, not both', zh: '表结构只能有报告期列或日期列之一，不能两者都有' });
  for (const id of [...codes, ...names, ...periods, ...dates]) {
    const types = [list.find((c) => c.id === id)!.type].flat();
    if (!types.includes('string')) {
      problems.push({
        en: `the role column ${excerpt(id)} must be of type string (codes and periods are text, such as "0431" or "2025-06")`,
        zh: `角色列 ${excerpt(id)} 的类型须为 string（代码和报告期是文本，如 "0431" 或 "2025-06"）`,
      });
    }
  }
  if (problems.length > 0)
    throw PlanError.of({
      en: `submission schema ${shown}: ${problems.map((p) => p.en).join('; ')}`,
      zh: `报送表结构 ${shown}：${problems.map((p) => p.zh).join('；')}`,
    });
  return {
    code: codes[0]!,
    ...(names[0] ? { name: names[0] } : {}),
    period: periods[0] ?? dates[0]!,
    ...(dates[0] ? { dated: true } : {}),
    ...(keys[0] ? { key: keys[0] } : {}),
  };
}

/** What the project's keywords take (validate/ajv.ts), told when a schema gives one something else. */
const KEYWORD_VALUES: Record<string, Bilingual> = {
  'x-id': { en: '"gb11643" (citizen ID numbers)', zh: '"gb11643"（公民身份号码）' },
  'x-check': { en: '"gb32100" (unified social credit codes)', zh: '"gb32100"（统一社会信用代码）' },
  'x-aliases': { en: 'a list of headers, such as ["身份证号码"]', zh: '表头的列表，如 ["身份证号码"]' },
  'x-certificates': { en: 'a list of headers, such as ["残疾人证号"]', zh: '表头的列表，如 ["残疾人证号"]' },
  'x-unit': { en: 'a text, such as "percent" or "persons"', zh: '文本，如 "percent" 或 "persons"' },
  'x-unit-zh': { en: 'a text, such as "张"', zh: '文本，如 "张"' },
  'x-measure': { en: '"stock" or "cumulative"', zh: '"stock" 或 "cumulative"' },
  'x-role': {
    en: `one of ${COLUMN_ROLES.map((role) => `"${role}"`).join(', ')}`,
    zh: `${COLUMN_ROLES.map((role) => `"${role}"`).join('、')} 之一`,
  },
  'x-lte': { en: 'the id of another column', zh: '另一列的编号' },
};

/** JSON Schema's types, as a column's `type` may name them. */
const TYPES = {
  en: '"string", "integer", "number", "boolean" or "null", or a list of them',
  zh: '"string"、"integer"、"number"、"boolean" 或 "null"，或它们的列表',
};

/** The error of a submission schema's problems, each at its place. */
const malformedSchema = (shown: string, problems: readonly Bilingual[]) =>
  planMalformed({ en: 'submission schema', zh: '报送表结构' }, shown, problems);
const JSON_TYPES = new Set<unknown>(['string', 'integer', 'number', 'boolean', 'null', 'object', 'array']);

/**
 * What Ajv refused in a schema, from its message, told at the key of the file it stands at (a
 * column, `required`, an unknown keyword) with what to write instead; undefined for another message.
 */
function schemaFault(schema: SubmissionSchema, message: string): { key: string; text: Bilingual } | undefined {
  const column = (id: string, en: string, zh: string): Bilingual => ({
    en: `column ${excerpt(id)}: ${en}`,
    zh: `列 ${excerpt(id)}：${zh}`,
  });
  /** What a keyword takes, said at its column: a project keyword's values, with where they are told, else a JSON type. */
  const keywordTakes = (id: string, keyword: string, type: string | undefined) => {
    const takes = KEYWORD_VALUES[keyword] ?? { en: `a ${type}`, zh: type! };
    const docs = keyword.startsWith('x-') ? { en: ' (docs/schema.md)', zh: '（见 docs/schema.md）' } : { en: '', zh: '' };
    return { key: id, text: column(id, `${keyword} takes ${takes.en}${docs.en}`, `${keyword} 的值须为${takes.zh}${docs.zh}`) };
  };
  const unknown = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
  if (unknown !== undefined)
    return {
      key: unknown,
      text: {
        en: `unknown keyword "${excerpt(unknown)}" (the x- keywords are listed in docs/schema.md)`,
        zh: `没有关键字“${excerpt(unknown)}”（x- 关键字见 docs/schema.md）`,
      },
    };
  const required = /required property "([^"]+)" is not defined/.exec(message)?.[1];
  if (required !== undefined)
    return {
      key: 'required',
      text: { en: `"required" names ${excerpt(required)}, which is not a column`, zh: `"required" 写的 ${excerpt(required)} 不是一列` },
    };
  const strict = /missing type "(\w+)" for keyword "(\w+)" at "[^"]*#\/properties\/([^"/]+)"/.exec(message);
  if (strict) {
    const [, type, keyword] = strict as unknown as [string, string, string];
    const id = pointerKey(strict[3]!);
    const kind = type === 'string' ? { en: 'text', zh: '文本' } : { en: `${type}s`, zh: type };
    return {
      key: id,
      text: column(
        id,
        `${keyword} is for ${kind.en}, which the column's type does not take: add "${type}" to its type, or take ${keyword} away`,
        `${keyword} 用于${kind.zh}，而该列的类型不含它：在 type 中加上 "${type}"，或去掉 ${keyword}`,
      ),
    };
  }
  // A project keyword's value not among those it takes (`keyword "x-id" value is invalid at path "#/properties/id"`), or any keyword's of the wrong type (`minimum value must be ["number"]`).
  const listed = /keyword "(x-[\w-]+)" value is invalid at path "#\/properties\/([^"/]+)"/.exec(message);
  const typed = /^([\w-]+) value must be \["(\w+)"\]/.exec(message);
  const keyword = listed?.[1] ?? typed?.[1];
  const entries = Object.entries(schema.properties as Record<string, object>) as [string, Record<string, unknown>][];
  const id = listed
    ? pointerKey(listed[2]!)
    : typed
      ? entries.find(([, property]) => typed[1]! in property && jsonType(property[typed[1]!]) !== typed[2])?.[0]
      : undefined;
  if (keyword !== undefined && id !== undefined) return keywordTakes(id, keyword, typed?.[2]);
  // A type of no JSON type: `type must be JSONType or JSONType[]: int` (one), or (in a list) as the next.
  if (/^type must be JSONType/.test(message)) {
    const id = Object.keys(schema.properties).find((key) =>
      [(schema.properties[key] as { type?: unknown }).type].flat().some((type) => !JSON_TYPES.has(type)),
    );
    if (id !== undefined) return { key: id, text: column(id, `type takes ${TYPES.en}`, `type 的值须为${TYPES.zh}`) };
  }
  // `schema is invalid: data/properties/beds/type must be equal to one of the allowed values, …`: the first.
  const invalid = /^schema is invalid: data\/properties\/([^/ ]+)((?:\/\S*)?) (must [^,]*)/.exec(message);
  if (invalid) {
    const [, id, path, said] = invalid as unknown as [string, string, string, string];
    if (path.split('/')[1] === 'type')
      return { key: pointerKey(id), text: column(pointerKey(id), `type takes ${TYPES.en}`, `type 的值须为${TYPES.zh}`) };
    // A keyword's value of another JSON type (`minimum must be number`): said as Ajv's own check of it is (`minimum value must be ["number"]`).
    const typed = /^\/([\w-]+) must be (\w+)$/.exec(`${path} ${said}`);
    if (typed) return keywordTakes(pointerKey(id), typed[1]!, typed[2]);
    const what = `${path.slice(1).replace(/\//g, '.')} ${said}`.trim();
    return { key: pointerKey(id), text: column(pointerKey(id), what, what) };
  }
  return undefined;
}

/** A value's type as JSON Schema names it (an integer is a number). */
const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A key as a JSON Pointer writes it (`~1` for /, `~0` for ~). */
const pointerKey = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

/** Older schemas mark no roles: their role columns have these ids. */
const LEGACY_ROLES: Record<string, ColumnRole> = { county_code: 'unit-code', county_name: 'unit-name', period: 'period' };

function kindOf(role: ColumnRole | undefined, property: PropertySchema): ColumnKind {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (role === 'period') return 'period';
  if (role === 'date') return 'date';
  if (property['x-id'] !== undefined) return 'id';
  if (types.includes('boolean')) return 'boolean';
  if (property['x-unit'] === 'percent' || property['x-unit'] === '%') return 'percent';
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  return 'text';
}

/** Whether a column's cells are texts of any words (ColumnSpec.freeText). */
function isFreeText(role: ColumnRole | undefined, property: PropertySchema): boolean {
  const checked = property.pattern !== undefined || property.enum !== undefined || property['x-check'] !== undefined;
  return kindOf(role, property) === 'text' && !checked && role !== 'unit-code' && role !== 'record-id';
}

/** A unit of measure written in Chinese (`元/人·月`) is its own Chinese unit. */
const CJK = /[\u3400-\u9fff]/;

/** A label's trailing bracket: `护理型床位（张）` -> `张`; `（2021年以来累计，个）` -> `个`. */
const TRAILING_UNIT = /（([^（）]*)）$/;

/** The columns of a schema, in its order. */
export function columnSpecs(schema: SubmissionSchema = submissionSchema()): ColumnSpec[] {
  const entries = Object.entries(schema.properties);
  const marked = entries.some(([, p]) => p['x-role'] !== undefined);
  const required = schema.required ?? [];
  const specs = entries.map(([id, property]): ColumnSpec => {
    const role = marked ? property['x-role'] : LEGACY_ROLES[id];
    const bracket = TRAILING_UNIT.exec(property.title)?.[1]?.split(/[，,]/).pop();
    return {
      id,
      label: property.title,
      description: property.description ?? '',
      kind: kindOf(role, property),
      type: property.type,
      ...(role ? { role } : {}),
      unit: property['x-unit'],
      unitZh:
        property['x-unit-zh'] ??
        (property['x-unit'] && bracket ? bracket : CJK.test(property['x-unit'] ?? '') ? property['x-unit'] : undefined),
      noun: property.title
        .replace(TRAILING_UNIT, '')
        .replace(/^其中/, '')
        .replace(/(.)数$/, '$1'),
      measure: property['x-measure'] ?? 'stock',
      lte: property['x-lte'],
      ...(property['x-id'] ? { idNumber: property['x-id'] } : {}),
      ...(property['x-check'] ? { checked: property['x-check'] } : {}),
      ...(property['x-aliases'] ? { aliases: property['x-aliases'] } : {}),
      ...(property['x-certificates'] ? { certificates: property['x-certificates'] } : {}),
      required: required.includes(id),
      ...(isFreeText(role, property) ? { freeText: true as const } : {}),
    };
  });
  // `其中设有志愿服务站点的` is a part of the column it may not exceed: name what it counts.
  const nouns = new Map(specs.map((c) => [c.id, c.noun]));
  return specs.map((spec) => (spec.noun.endsWith('的') && spec.lte ? { ...spec, noun: spec.noun + (nouns.get(spec.lte) ?? '') } : spec));
}
