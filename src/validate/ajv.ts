/**
 * The one Ajv instance: strict, no type coercion, no $data. The submission schema is compiled
 * once; `x-unit`, `x-unit-zh` and `x-measure` are annotations and `x-lte` the cross-field limit ("covered <= eligible").
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { SubmissionSchema } from './columns.js';

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false, $data: false });
  ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-unit-zh', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-measure', schemaType: 'string' });
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
      const ok = typeof value !== 'number' || typeof limit !== 'number' || value <= limit;
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

/** The compiled row validator of a submission schema, compiled on first use. */
export function validateRowSchema(schema: SubmissionSchema): ValidateFunction {
  return ajv().getSchema(schema.$id as string) ?? ajv().compile(schema);
}
