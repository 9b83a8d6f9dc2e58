/** The published JSON Schema of the JSON report, for tests to hold every JSON report they see against it. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { expect } from 'vitest';

const schema = JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** What the schema finds wrong with a document: none for a valid report. */
export function reportSchemaErrors(document: unknown): string[] {
  return validate(document) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
}

/** Parses a JSON report and expects it valid by schemas/report.schema.json; returns it (as loosely typed as JSON.parse). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the callers read it as they read JSON.parse's result
export function validReport<T = any>(text: string): T {
  const document = JSON.parse(text) as T;
  expect(reportSchemaErrors(document).slice(0, 5)).toEqual([]);
  return document;
}
