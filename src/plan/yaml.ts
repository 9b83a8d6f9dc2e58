/**
 * Safe YAML loading for plan and registry files: YAML 1.2 core schema, no merge keys, unique
 * keys, a small alias budget, a size cap, and every warning treated as an error. Positions of
 * nodes are kept so that later checks can point at file:line:column.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Alias, Document, LineCounter } from 'yaml';
import { yamlPackage } from '../lazy.js';
import type { ErrorObject } from 'ajv';
import { closest, didYouMean } from '../closest.js';
import { inFileOrder, PlanError, planMalformed, problemAt } from '../errors.js';
import type { Bilingual } from '../types.js';
import { packagePath } from '../paths.js';
import { documentValidator } from '../validate/ajv.js';
import { readSimpleYaml, simplePlaces, type Places } from './simple-yaml.js';
import { readWrittenText } from './text.js';

/** A parsed YAML file that can say where each of its values stands. */
export interface YamlFile {
  file: string;
  value: unknown;
  /** Read from the build's JSON of a file shipped in data/: valid by its schema, as the test suite checks, so not checked again. */
  shipped?: boolean;
  /** `file:line:column` of the node at a path of keys and indexes (the nearest existing parent). */
  where(path: readonly (string | number)[], offsetInString?: number): string;
  /** `file:line:column` of the key a path ends with (a key of no property is told where it is written), else as where() has it. */
  whereKey?(path: readonly (string | number)[]): string;
  /** The text of the scalar at a path as the file writes it (`0012` where the value is 12), where there is a file. */
  source?(path: readonly (string | number)[]): string | undefined;
  /** Where the scalar at a path stands in the file's text, [start, end), where there is a file. */
  range?(path: readonly (string | number)[]): [number, number] | undefined;
}

/** Reads and parses a YAML file, refusing anything unsafe or malformed with a PlanError; `shown` names it in messages. */
export function loadYaml(path: string, shown: string = path): YamlFile {
  let text: string;
  try {
    text = readWrittenText(path, shown);
  } catch (error) {
    if (error instanceof PlanError) throw error;
    throw PlanError.of(
      { en: `${shown}: cannot read: ${(error as Error).message}`, zh: `${shown}：无法读取：${(error as Error).message}` },
      { cause: error },
    );
  }
  return parseYaml(text, shown);
}

/**
 * Reads a plan or registry file for a run: one shipped in data/ from the JSON the build made of it
 * (scripts/shipped-json.mjs; valid, so no positions are needed) while that is newer than the
 * YAML, any other as loadYaml does.
 */
export function loadData(path: string, shown: string = path): YamlFile {
  const absolute = resolve(path);
  if (absolute.startsWith(packagePath('data') + sep)) {
    const cache = packagePath(`dist/shipped/${relative(packagePath('.'), absolute)}.json`);
    const built = statSync(cache, { throwIfNoEntry: false });
    if (built && built.mtimeMs >= statSync(absolute).mtimeMs) {
      return { file: shown, value: JSON.parse(readFileSync(cache, 'utf8')) as unknown, shipped: true, where: () => shown };
    }
  }
  return loadYaml(path, shown);
}

/** Deepest nesting accepted in a plan file; real plans nest about 6 deep. */
export const MAX_YAML_DEPTH = 64;

/** What the scan of tooDeep stops at, outside quotes, in double quotes and in single quotes: line ends, quotes, escapes, comments and brackets. */
const OUTSIDE = /[\n"'#[\]{}]/g;
const IN_DOUBLE = /[\n"\\]/g;
const IN_SINGLE = /[\n']/g;

/**
 * Where the text nests deeper than the limit (flow brackets, indentation or `- - -` runs), so
 * that a nesting bomb is refused before a parser, which recurses on it, runs out of memory. The
 * text is scanned from one character that matters to the next, by a native search between them
 * (a plan file of the 14th plan's size, cold: 5-7 ms, where a scan a character at a time took 16).
 */
export function tooDeep(text: string): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length;) {
    const scan = quote === '"' ? IN_DOUBLE : quote === "'" ? IN_SINGLE : OUTSIDE;
    scan.lastIndex = i;
    const found = scan.exec(text);
    if (!found) break;
    i = found.index;
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      // The line's run of spaces and dashes (indentation, `- - -`), up to one character past the limit.
      let dashes = 0;
      let end = lineStart;
      for (
        let code = text.charCodeAt(end);
        (code === 0x20 || code === 0x2d) && end - lineStart <= 4 * MAX_YAML_DEPTH;
        code = text.charCodeAt(++end)
      )
        if (code === 0x2d) dashes++;
      if (end - lineStart > 4 * MAX_YAML_DEPTH || dashes > MAX_YAML_DEPTH) return { line, column: 1 };
      i++;
    } else if (quote) {
      // An escape passes over the character after it; the quote that opened the scalar closes it.
      if (c === '\\') i += 2;
      else {
        quote = undefined;
        i++;
      }
    } else if (c === '"' || c === "'") {
      // Only a quote where a scalar starts opens a quoted scalar: in `it's` it is a letter.
      if (startsScalar(text, i, lineStart)) quote = c;
      i++;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else {
      if ((c === '[' || c === '{') && ++depth > MAX_YAML_DEPTH) return { line, column: i - lineStart + 1 };
      if ((c === ']' || c === '}') && depth > 0) depth--;
      i++;
    }
  }
  return undefined;
}

/** Whether position `i` starts a scalar: after a line's indentation, or after `: - [ { , ?`. */
function startsScalar(text: string, i: number, lineStart: number): boolean {
  let j = i - 1;
  while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < lineStart || ':-[{,?'.includes(text[j]!);
}

/**
 * A value given as an object (in code, or inline in a plan) in the shape of a parsed file, so
 * that the same checks apply; places are paths into it (`units:/units/3/code`).
 */
export function objectYaml(value: unknown, name: string): YamlFile {
  return { file: name, value, where: (path) => `${name}:/${path.join('/')}` };
}

/** The text of a 1-based line. */
function lineAt(text: string, line: number): string {
  return (text.split('\n', line)[line - 1] ?? '').replace(/\r$/, '');
}

/**
 * What a person typing YAML on a Chinese system most likely did on the line a parse error names:
 * a tab or full-width spaces to indent, the input method's full-width colon between a key and its
 * value, no space after the colon, or a value left without quotes that YAML reads as syntax (`*`).
 */
function typingFix(line: string): Bilingual | undefined {
  if (/^[ ]*\t/.test(line)) return { en: 'indent with spaces, not tabs', zh: '用空格缩进，不能用 Tab' };
  if (/^[ ]*\u3000/.test(line)) return { en: 'indent with ASCII spaces, not full-width ones', zh: '用半角空格缩进，不能用全角空格' };
  if (!/:(?:\s|$)/.test(line) && /^\s*(?:- )?[\w-]+\s*\uff1a/.test(line))
    return {
      en: 'write the full-width colon ： as an ASCII colon and a space (key: value)',
      zh: '把全角冒号“：”改为半角冒号加空格（key: value）',
    };
  if (/^\s*(?:- )?[\w-]+:[^\s/]/.test(line) && !/:\s/.test(line))
    return { en: 'put a space after the colon (key: value)', zh: '冒号后须加空格（key: value）' };
  // A value that begins with a character YAML reads as syntax (sheet: *, ignore: *.bak, an alias; @ and ` are reserved).
  const syntax = /^\s*(?:- |[\w-]+:\s+(?:- )?)([*&@`])/.exec(line)?.[1];
  if (syntax)
    return {
      en: `put the value in quotes ('${syntax}…'): YAML reads a value that begins with ${syntax} as its own syntax`,
      zh: `给该值加上引号（'${syntax}…'）：YAML 把以 ${syntax} 开头的值当作其语法`,
    };
  return undefined;
}

/**
 * Parses YAML text; `file` names it in messages. Text of the plain form plans are written in is
 * read without the `yaml` package (readSimpleYaml), with the places of its nodes.
 */
export function parseYaml(text: string, file: string): YamlFile {
  const deep = tooDeep(`\n${text}`);
  if (deep)
    throw PlanError.of({
      en: `${file}:${deep.line - 1}:${deep.column}: nested more than ${MAX_YAML_DEPTH} levels deep`,
      zh: `${file}:${deep.line - 1}:${deep.column}: 嵌套超过 ${MAX_YAML_DEPTH} 层`,
    });
  const simple = readSimpleYaml(text);
  // Its nodes are read again where a place is asked for, rather than kept with the plan.
  if (simple) return yamlFile(file, simple.value, () => simplePlaces(text, readSimpleYaml(text)!));
  return parseYamlFully(text, file);
}

/** YAML text parsed by the `yaml` package, whatever its form: what parseYaml does with a text not of the plain form, and what the tests hold the plain-form reader to. */
export function parseYamlFully(text: string, file: string): YamlFile {
  const parsed = parsedYaml(text, file);
  return yamlFile(file, documentValue(parsed, text, file), () => documentPlaces(parsed));
}

/** A YAML text parsed by `yaml`, with the line counter of its offsets. */
interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
}

/** The text parsed by `yaml` with plan-check's options; its first error or warning, at its place, as a PlanError. */
function parsedYaml(text: string, file: string): ParsedYaml {
  const { LineCounter: Lines, parseDocument } = yamlPackage();
  const lineCounter = new Lines();
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    prettyErrors: true,
    lineCounter,
    strict: true,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const at = problem.linePos?.[0];
    const place = at ? `${file}:${at.line}:${at.col}` : file;
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const fix = at ? typingFix(lineAt(text, at.line)) : undefined;
    throw PlanError.of({
      en: `${place}: ${message}${fix ? `: ${fix.en}` : ''}`,
      zh: `${place}: 不是有效的 YAML（${message}）${fix ? `：${fix.zh}` : ''}`,
    });
  }
  return { doc, lineCounter };
}

/** A parsed document's value, with at most 50 aliases; an alias without its anchor told at its place. */
function documentValue({ doc, lineCounter }: ParsedYaml, text: string, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // An alias without its anchor (ignore: *.bak, a pattern left without quotes) is told at its place.
    const alias = unresolvedAlias(doc);
    const at = alias?.range ? lineCounter.linePos(alias.range[0]) : undefined;
    const place = at ? `${file}:${at.line}:${at.col}` : file;
    const fix = at ? typingFix(lineAt(text, at.line)) : undefined;
    const message = (error as Error).message;
    throw PlanError.of(
      { en: `${place}: ${message}${fix ? `: ${fix.en}` : ''}`, zh: `${place}: 不是有效的 YAML（${message}）${fix ? `：${fix.zh}` : ''}` },
      { cause: error },
    );
  }
}

/** The places of a document's nodes as `yaml` parsed them. */
function documentPlaces({ doc, lineCounter }: ParsedYaml): Places {
  const { isMap, isNode, isScalar } = yamlPackage();
  return {
    node(path) {
      const node = doc.getIn(path, true);
      if (!isNode(node) || !node.range) return undefined;
      const scalar = isScalar(node);
      return {
        start: node.range[0],
        end: node.range[1],
        scalar,
        quoted: scalar && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'),
        source: scalar ? node.source : undefined,
      };
    },
    keyAt(path) {
      const parent = doc.getIn(path.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1)) : undefined;
      return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    },
    linePos: (offset) => lineCounter.linePos(offset),
  };
}

/** A file's value, and places in it (`placed`, found when first asked for). */
function yamlFile(file: string, value: unknown, placed: () => Places): YamlFile {
  let places: Places | undefined;
  const at = () => (places ??= placed());
  return {
    file,
    value,
    shipped: false,
    where: (path, offset) => locate(at(), file, path, offset),
    whereKey: (path) => {
      const key = at().keyAt(path);
      return key === undefined ? locate(at(), file, path) : placeAt(at(), file, key);
    },
    source: (path) => at().node(path)?.source,
    range: (path) => {
      const node = at().node(path);
      return node?.scalar ? [node.start, node.end] : undefined;
    },
  };
}

/** The first alias of a document whose anchor is not set before it, if any. */
function unresolvedAlias(doc: Document): Alias | undefined {
  const { visit } = yamlPackage();
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc)) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** `file:line:column` of the node at a path, else of its nearest parent; `offsetInString`, of a character within a scalar (after a quote). */
function locate(places: Places, file: string, path: readonly (string | number)[], offsetInString = 0): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = places.node(path.slice(0, depth));
    if (node) {
      const exact = depth === path.length;
      // Inside a scalar, point at the character; a quoted scalar's text starts after the quote.
      const shift = exact && offsetInString > 0 ? offsetInString + (node.quoted ? 1 : 0) : 0;
      return placeAt(places, file, node.start + shift);
    }
  }
  return file;
}

/** `file:line:column` of an offset in a file's text. */
function placeAt(places: Places, file: string, offset: number): string {
  const pos = places.linePos(offset);
  return `${file}:${pos.line}:${pos.col}`;
}

/** Validates a parsed file against a JSON Schema; the first problems become one PlanError. */
export function checkSchema(yaml: YamlFile, schema: object, what: Bilingual): void {
  const { said } = schemaProblems(yaml, schema);
  if (said.length > 0) throw planMalformed(what, yaml.file, said);
}

/**
 * What a document's schema refuses in it: the first ten problems, each once, at their places, and
 * the JSON pointer of every value refused; none for a shipped document.
 */
export function schemaProblems(yaml: YamlFile, schema: object): { said: Bilingual[]; paths: string[] } {
  // Compiling a schema costs more than a check of submissions reads: the shipped plans are checked by the tests instead.
  if (yaml.shipped) return { said: [], paths: [] };
  const validate = documentValidator(schema as { $id: string });
  if (validate(yaml.value)) return { said: [], paths: [] };
  const errors = closestBranches(validate.errors ?? []);
  // Each problem once (the branches of a oneOf may say the same).
  const problems = new Map(
    errors
      .slice(0, 10)
      .map((error) => describe(yaml, error, schema))
      .map((said) => [said.en, said]),
  );
  return { said: inFileOrder([...problems.values()]), paths: errors.map((error) => error.instancePath) };
}

/**
 * The errors of a value that matched no branch of a oneOf, told of the branch it came closest to
 * only: the one with fewest errors, then the one whose errors reach deepest into the value. A
 * target written `{ op: "≥", value: 60 }` is then one error (op is none of >=, >, <=, <, =), not
 * six (that of the comparison, four of the range it is not, and the oneOf's own); one written
 * `{ op: between, min: 50 }` is the range's missing max. Where branches tie, all their errors are
 * told, with the oneOf's.
 */
function closestBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  // Ajv gives a oneOf's error right after its branches' (nested ones' within them): each oneOf takes
  // back the errors of its branches from the end of those kept so far, in one pass.
  const kept: ErrorObject[] = [];
  for (const failed of errors) {
    if (failed.keyword !== 'oneOf') {
      kept.push(failed);
      continue;
    }
    const prefix = `${failed.schemaPath}/`;
    const inside = (error: ErrorObject) =>
      error.schemaPath.startsWith(prefix) &&
      (error.instancePath === failed.instancePath || error.instancePath.startsWith(`${failed.instancePath}/`));
    let from = kept.length;
    while (from > 0 && inside(kept[from - 1]!)) from--;
    const branches = new Map<string, ErrorObject[]>();
    for (let at = from; at < kept.length; at++) {
      const branch = kept[at]!.schemaPath.slice(prefix.length).split('/')[0]!;
      let found = branches.get(branch);
      if (!found) branches.set(branch, (found = []));
      found.push(kept[at]!);
    }
    const depth = (found: readonly ErrorObject[]) =>
      found.reduce((deepest, error) => Math.max(deepest, error.instancePath.split('/').length), 0);
    const [best, next] = [...branches.values()].sort((a, b) => a.length - b.length || depth(b) - depth(a));
    if (!best || (next && next.length === best.length && depth(next) === depth(best))) {
      kept.push(failed);
      continue;
    }
    kept.length = from;
    for (const error of best) kept.push(error);
  }
  return kept;
}

function describe(yaml: YamlFile, error: ErrorObject, schema: object): Bilingual {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const field = error.instancePath || '(top level)';
  let value = yaml.value;
  for (const key of path)
    value =
      value !== null && typeof value === 'object' && Object.hasOwn(value, key)
        ? (value as Record<string | number, unknown>)[key]
        : undefined;
  const said = schemaWords(error, schema, value);
  const hint = quoteHint(yaml, path, error, value);
  // A key of no property is told at its own line, not at the object's first.
  const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
  const place = extra === undefined ? yaml.where(path) : (yaml.whereKey?.([...path, extra]) ?? yaml.where(path));
  return problemAt(place, `${field} ${said.en}${hint.en}`, `${error.instancePath || '（顶层）'} ${said.zh}${hint.zh}`);
}

/**
 * The keys a schema gives the object at an error's place (its `properties`), found by walking the
 * place's path down the schema: properties, items, additionalProperties and local $refs (Ajv's own
 * schemaPath starts again inside each $ref). Where a oneOf or anyOf stands, none.
 */
function keysAt(schema: object, instancePath: string): string[] {
  const root = schema as Record<string, unknown>;
  const resolved = (node: unknown): Record<string, unknown> | undefined => {
    let at = node;
    for (let hops = 0; at !== null && typeof at === 'object' && typeof (at as { $ref?: unknown }).$ref === 'string' && hops < 8; hops++) {
      at = (at as { $ref: string }).$ref
        .replace(/^#\/?/, '')
        .split('/')
        .filter(Boolean)
        .reduce<unknown>((n, part) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[part] : undefined), root);
    }
    return at !== null && typeof at === 'object' ? (at as Record<string, unknown>) : undefined;
  };
  let node = resolved(root);
  for (const part of instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!node) return [];
    const properties = node.properties as Record<string, unknown> | undefined;
    // A key of the file's own (__proto__ among them) is looked up among the schema's own properties only.
    const named = properties !== undefined && Object.hasOwn(properties, part) ? properties[part] : undefined;
    node = resolved(/^\d+$/.test(part) && node.items !== undefined ? node.items : (named ?? node.additionalProperties));
  }
  const properties = node?.properties;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}

/**
 * Values of a plan as a person may write them instead: comparison signs in one character, and the
 * plan's own words for a target's attribute (约束性) and comparison (不低于).
 */
const WRITTEN_AS: Record<string, string> = {
  '≥': '>=',
  '≧': '>=',
  '≤': '<=',
  '≦': '<=',
  '=>': '>=',
  '=<': '<=',
  '==': '=',
  约束性: 'binding',
  约束值: 'binding',
  预期性: 'expected',
  预期值: 'expected',
  不低于: '>=',
  不少于: '>=',
  大于等于: '>=',
  达到: '>=',
  不高于: '<=',
  不超过: '<=',
  小于等于: '<=',
  超过: '>',
  大于: '>',
  高于: '>',
  低于: '<',
  小于: '<',
  少于: '<',
  等于: '=',
};

/** The allowed value a value none of them was meant to be: as WRITTEN_AS says, a word full-width or in another case, or the one it comes closest to. */
function meantValue(value: unknown, allowed: readonly unknown[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const texts = allowed.filter((a): a is string => typeof a === 'string');
  const plain = value.normalize('NFKC').trim();
  const written = Object.hasOwn(WRITTEN_AS, plain) ? WRITTEN_AS[plain]! : plain;
  return texts.find((text) => text.toLowerCase() === written.toLowerCase()) ?? closest(written, texts);
}

/** JSON Schema's types in words. */
const TYPE_WORDS: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '是否值（true/false）',
  object: '键值对象',
  array: '列表',
  null: '空值',
};

/** What a schema's keyword asks of a value, in both languages (Ajv's own words in English); a key of no meaning with the one it comes closest to. */
function schemaWords(error: ErrorObject, schema: object, value: unknown): Bilingual {
  const params = error.params as Record<string, unknown>;
  const en = error.message ?? error.keyword;
  switch (error.keyword) {
    case 'required':
      return { en, zh: `缺少必需的键 ${String(params.missingProperty)}` };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const meant = didYouMean(closest(key, keysAt(schema, error.instancePath)));
      return { en: `${en} "${key}"${meant.en}`, zh: `不能有键“${key}”${meant.zh}` };
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const meant = didYouMean(meantValue(value, allowed));
      return { en: `${en}: ${allowed.join(', ')}${meant.en}`, zh: `须为以下之一：${allowed.join('、')}${meant.zh}` };
    }
    case 'type':
      return {
        en,
        zh: `须为${String(params.type)
          .split(',')
          .map((t) => TYPE_WORDS[t] ?? t)
          .join('或')}`,
      };
    case 'const':
      return { en, zh: `须为 ${JSON.stringify(params.allowedValue)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { en, zh: `须 ${String(params.comparison)} ${String(params.limit)}` };
    case 'minItems':
      return { en, zh: `至少须有 ${String(params.limit)} 项` };
    case 'maxItems':
      return { en, zh: `最多 ${String(params.limit)} 项` };
    case 'minLength':
      return { en, zh: `至少须有 ${String(params.limit)} 个字符` };
    case 'maxLength':
      return { en, zh: `最多 ${String(params.limit)} 个字符` };
    case 'pattern':
      return { en, zh: `须符合格式 ${String(params.pattern)}` };
    case 'minProperties':
      return { en, zh: `至少须有 ${String(params.limit)} 个键` };
    case 'uniqueItems':
      return { en, zh: `第 ${Number(params.j) + 1} 项与第 ${Number(params.i) + 1} 项重复` };
    case 'oneOf':
    case 'anyOf':
      return { en, zh: '不符合任何一种允许的写法' };
    case 'propertyNames':
      return { en, zh: `键名“${String(params.propertyName)}”不符合要求` };
    case 'format':
      return { en, zh: `须符合 ${String(params.format)} 格式` };
    default:
      return { en, zh: en };
  }
}

/** Words for yes and no that YAML 1.1 read as true and false, and YAML 1.2 reads as text. */
const YES = new Set(['yes', 'y', 'on', '是']);
const YES_NO = new Set([...YES, 'no', 'n', 'off', '否']);

/**
 * Where a text is wanted and YAML read a number or true/false (deadline: 2030, code: 0431): the way
 * to write it as text. Where true or false is wanted and YAML 1.2 read a word (yes, no, on, 是): the
 * way to write it so.
 */
function quoteHint(yaml: YamlFile, path: readonly (string | number)[], error: ErrorObject, found: unknown): Bilingual {
  const wanted = error.keyword === 'type' ? (error.params as { type?: unknown }).type : undefined;
  if (wanted === 'boolean' && typeof found === 'string' && YES_NO.has(found.toLowerCase())) {
    const meant = YES.has(found.toLowerCase()) ? 'true' : 'false';
    return { en: ` (YAML 1.2 reads ${found} as text: write ${meant})`, zh: `（YAML 1.2 把 ${found} 读作文本：请写 ${meant}）` };
  }
  if (wanted !== 'string') return { en: '', zh: '' };
  if (typeof found !== 'number' && typeof found !== 'boolean') return { en: '', zh: '' };
  const written = yaml.source?.(path) ?? String(found);
  const kind = typeof found === 'number' ? { en: 'number', zh: '数字' } : { en: 'yes/no', zh: '是否值' };
  return {
    en: ` (YAML reads ${written} as a ${kind.en}: write "${written}", in quotes)`,
    zh: `（YAML 把 ${written} 读作${kind.zh}：请加引号写成 "${written}"）`,
  };
}
