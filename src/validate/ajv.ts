/**
 * The one Ajv instance: strict, no type coercion, no $data. The submission schema is compiled
 * once, its patterns matched in linear time (pattern.ts); `x-role`, `x-unit`, `x-unit-zh`,
 * `x-measure`, `x-id` and `x-check` are annotations (the ID and check-character checks are row.ts's) and `x-lte` the cross-field
 * limit ("covered <= eligible"; 是 only where eligible), written as generated code so that the
 * shipped schemas' validators can be compiled at build time (scripts/shipped-json.mjs). Ajv itself
 * is loaded only when a schema is compiled.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Ajv, KeywordCxt, Options, ValidateFunction } from 'ajv';
import type { SubmissionSchema } from './columns.js';
import { ajvPackage, requireFile } from '../lazy.js';
import { packagePath } from '../paths.js';
import { linearPattern } from './pattern.js';

/**
 * Ajv's hook for `pattern`: linear-time matching, case as written (Ajv passes its own flags, `u`,
 * which RE2 needs not). `code` is the name generated code calls it by.
 */
const patternOf = (source: string) => linearPattern(source);
const regExp = Object.assign(patternOf, { code: 'linearPattern' });

/**
 * The options of the project's Ajv; `source` keeps the generated code, for build-time validators.
 * A schema compiled as a run starts (a plan's own) skips Ajv's passes over its generated code,
 * which take a quarter of the compile (a submission schema of 90 columns: 55 -> 40 ms) and change
 * neither what the code does nor, measurably, how fast it checks a row; the build keeps them.
 */
export function ajvOptions(source = false): Options {
  return {
    allErrors: true,
    strict: true,
    coerceTypes: false,
    useDefaults: false,
    $data: false,
    code: { regExp, source, process: errorsInPlace, optimize: source },
  };
}

/**
 * Ajv's generated code takes the errors of each call of a $ref (a rule, a target; the root of a
 * meta-schema, `root0.validate`) with `vErrors.concat(...)`, which copies every error gathered
 * before: checking a plan of many rules at fault took time quadratic in its errors (10,000 rules
 * 8.5 s, 40,000 minutes). They are appended in place instead, the same errors in the same order.
 */
function errorsInPlace(code: string): string {
  return code.replace(
    /vErrors = vErrors === null \? ([\w.]+)\.errors : vErrors\.concat\(\1\.errors\);/g,
    'if (vErrors === null) vErrors = $1.errors; else for (const found of $1.errors) vErrors.push(found);',
  );
}

/** The roles a column may have (x-role): the unit's code and name, the period, a record's day, a record's number. */
export const COLUMN_ROLES = ['unit-code', 'unit-name', 'period', 'date', 'record-id'] as const;

/** A new Ajv instance with the project's keywords. */
export function makeAjv(options: Options = ajvOptions()): Ajv {
  const { Ajv, _, str } = ajvPackage();
  const ajv = new Ajv(options);
  for (const keyword of ['x-unit', 'x-unit-zh']) ajv.addKeyword({ keyword, schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-measure', schemaType: 'string', metaSchema: { enum: ['stock', 'cumulative'] } });
  ajv.addKeyword({ keyword: 'x-role', schemaType: 'string', metaSchema: { enum: [...COLUMN_ROLES] } });
  ajv.addKeyword({ keyword: 'x-id', schemaType: 'string', metaSchema: { enum: ['gb11643'] } });
  ajv.addKeyword({ keyword: 'x-check', schemaType: 'string', metaSchema: { enum: ['gb32100'] } });
  for (const keyword of ['x-aliases', 'x-certificates'])
    ajv.addKeyword({ keyword, schemaType: 'array', metaSchema: { type: 'array', items: { type: 'string', minLength: 1 } } });
  ajv.addKeyword({
    keyword: 'x-lte',
    schemaType: 'string',
    error: {
      message: ({ schema }) => str`must be <= ${schema as string}`,
      params: ({ schema, it }) => _`{other: ${schema as string}, limit: ${it.parentData}[${schema as string}]}`,
    },
    code(cxt: KeywordCxt) {
      const { data, it } = cxt;
      const limit = _`${it.parentData}[${cxt.schema as string}]`;
      // Between yes/no columns: 是 only where the other is 是; between numbers: at most the other.
      cxt.fail(
        _`typeof ${data} == "boolean" && typeof ${limit} == "boolean" ? ${data} && !${limit} : typeof ${data} == "number" && typeof ${limit} == "number" && ${data} > ${limit}`,
      );
    },
  });
  return ajv;
}

let shared: Ajv | undefined;

/**
 * The project's Ajv instance, made on first use. It does not check the schemas it compiles against
 * their meta-schema itself (compiling JSON Schema draft-07's took 30 ms of each run of a plan of
 * one's own): compileRowSchema has them checked first (checkSchema).
 */
export function ajv(): Ajv {
  shared ??= makeAjv({ ...ajvOptions(), validateSchema: false });
  return shared;
}

/** JSON Schema draft-07's id, as Ajv knows its meta-schema. */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

/** The file of the validator the build compiled for draft-07's meta-schema (scripts/shipped-json.mjs). */
export const DRAFT_07_VALIDATOR = 'dist/shipped/schemas/draft-07.validate.cjs';

let draft07: ValidateFunction | undefined;

/**
 * Checks a schema against its meta-schema as Ajv would before compiling it, with Ajv's verdict
 * and message (`schema is invalid: data/properties/beds/type must be ...`): draft-07's through the
 * validator the build compiled for it; any other $schema, or where there is no such validator,
 * by Ajv itself.
 */
function checkSchema(schema: object): void {
  const declared = (schema as { $schema?: unknown }).$schema;
  const built = packagePath(DRAFT_07_VALIDATOR);
  if ((declared !== undefined && (typeof declared !== 'string' || declared.replace(/#$/, '') !== DRAFT_07)) || !existsSync(built)) {
    ajv().validateSchema(schema, true);
    return;
  }
  draft07 ??= loadShippedValidator(built);
  if (!draft07(schema)) throw new Error(`schema is invalid: ${ajv().errorsText(draft07.errors)}`);
}

/** The key a row schema is compiled under: its file, so that two plans' schemas never collide on a shared or missing `$id`. */
export function rowSchemaId(key: string): string {
  return `plan-check:submission:${key}`;
}

/**
 * Compiles a submission schema's row validator under a key of its own (its file), in place of one
 * compiled before under that key: loadColumns keeps a file's columns while the file is unchanged,
 * and asks again once it was edited.
 */
export function compileRowSchema(schema: SubmissionSchema, key: string): ValidateFunction {
  const id = rowSchemaId(key);
  ajv().removeSchema(id);
  checkSchema(schema);
  return ajv().compile({ ...schema, $id: id });
}

/** The generated code of a validator compiled here, as loadShippedValidator reads it back: a factory taking linearPattern. */
export function shippedValidatorCode(standalone: string): string {
  return `"use strict";\nmodule.exports = function (linearPattern) {\n${errorsInPlace(standalone)
    .replace(/^"use strict";/, '')
    .replace(/module\.exports = (\w+);module\.exports\.default = \w+;/, 'const validate = $1;')}\nreturn validate;\n};\n`;
}

/** A shipped validator's code as loadShippedValidator takes it: a factory taking linearPattern. */
type ValidatorFactory = (pattern: typeof patternOf) => ValidateFunction;

/**
 * The shipped validators the bundle of the command line carries in itself (scripts/bundle.mjs),
 * by file name: compiled with the rest of it, from its code cache, instead of read from their files.
 */
export const BUNDLED_VALIDATORS = new Map<string, ValidatorFactory>();

/** A validator compiled at build time (shippedValidatorCode), from the bundle or loaded from its file. */
export function loadShippedValidator(file: string): ValidateFunction {
  const factory = BUNDLED_VALIDATORS.get(basename(file)) ?? (requireFile(file) as ValidatorFactory);
  return factory(patternOf);
}

/**
 * The validator the build compiled for a schema shipped in schemas/ (scripts/shipped-json.mjs),
 * while it is newer than the schema: a run of a built-in plan compiles nothing and loads no Ajv.
 * A schema of one's own whose `text` is a shipped schema's of its name, as `plan-check init
 * --from` copies them beside a plan, takes that one's: the same text compiles to the same
 * validator, and a plan started from a built-in one compiled five of them at each run (0.2 s).
 */
export function prebuiltValidator(path: string, text?: string): string | undefined {
  if (!path.endsWith('.schema.json')) return undefined;
  const shipped = packagePath(`schemas/${basename(path)}`);
  if (shipped !== path && (text === undefined || shippedText(shipped) !== text)) return undefined;
  const built = packagePath(`dist/shipped/schemas/${basename(path, '.schema.json')}.validate.cjs`);
  const stat = statSync(built, { throwIfNoEntry: false });
  return stat && stat.mtimeMs >= statSync(shipped).mtimeMs ? built : undefined;
}

/** The text of a schema shipped in schemas/, undefined where there is none of that name. */
function shippedText(shipped: string): string | undefined {
  try {
    return readFileSync(shipped, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The validator of one of plan-check's own documents (a plan, a registry, a config file) by its
 * schema in schemas/: the one the build compiled where it is fresh, else compiled now.
 */
export function documentValidator(schema: { $id: string }): ValidateFunction {
  const built = prebuiltValidator(packagePath(`schemas/${basename(schema.$id)}`));
  return built ? loadShippedValidator(built) : (ajv().getSchema(schema.$id) ?? ajv().compile(schema));
}
