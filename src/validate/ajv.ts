/**
 * The one Ajv instance: strict, no type coercion, no $data. The submission schema is compiled
 * once, its patterns matched in linear time (pattern.ts); `x-role`, `x-unit`, `x-unit-zh`, `x-measure` and `x-id` are annotations (the ID check is row.ts's) and `x-lte` the cross-field limit ("covered <= eligible"; 是 only where eligible).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { SubmissionSchema } from './columns.js';
import { linearPattern } from './pattern.js';

/** Ajv's hook for `pattern`: linear-time matching (`code` names it in generated code). */
const regExp = Object.assign((source: string) => linearPattern(source), { code: 'linearPattern' });

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false, $data: false, code: { regExp } });
  ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-unit-zh', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-measure', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-role', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-id', schemaType: 'string', metaSchema: { enum: ['gb11643'] } });
  ajv.addKeyword({
    keyword: 'x-lte',
    schemaType: 'string',
    errors: true,
    validate: function lte(
      other: string,
      value: unknown,
      _schema: unknown,
      context?: { parentData?: Record<string, unknown> },
    ): boolean {
      const limit = context?.parentData?.[other];
      // Between yes/no columns: 是 only where the other is 是 (true counts as 1).
      const ok = typeof value === 'boolean' && typeof limit === 'boolean' ? !value || limit : typeof value !== 'number' || typeof limit !== 'number' || value <= limit;
      if (!ok) {
        (lte as unknown as { errors: Partial<ErrorObject>[] }).errors = [
          { keyword: 'x-lte', params: { other, limit }, message: `must be <= ${other}` },
        ];
      }
      return ok;
    },
  });
  return ajv;
}

let shared: Ajv | undefined;

/** The project's Ajv instance, made on first use. */
export function ajv(): Ajv {
  shared ??= makeAjv();
  return shared;
}

/**
 * Compiles a submission schema's row validator under a key of its own (its file), so that two
 * plans' schemas never collide on a shared or missing `$id`.
 */
export function compileRowSchema(schema: SubmissionSchema, key: string): ValidateFunction {
  const id = `plan-check:submission:${key}`;
  return ajv().getSchema(id) ?? ajv().compile({ ...schema, $id: id });
}
