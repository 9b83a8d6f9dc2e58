/**
 * A config file of a run's settings, so that CI and an office's scripts need not repeat them:
 * `.plan-check.yaml` in the working folder, or the file --config names. Its keys are the options
 * of the command line without their dashes (`plan`, `complete`, `period`, `ignore` …).
 */
import { existsSync } from 'node:fs';
import { UsageError } from './errors.js';
import { checkSchema, loadYaml } from './plan/yaml.js';

/** The file looked for in the working folder when --config names none. */
export const CONFIG_FILE = '.plan-check.yaml';

const SCHEMA = {
  $id: 'https://plan-check.dev/schemas/config.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    plan: { type: 'string', minLength: 1 },
    strict: { type: 'boolean' },
    complete: { type: 'boolean' },
    final: { type: 'boolean' },
    period: { type: 'string', pattern: '^[0-9]{4}(-(0[1-9]|1[0-2]))?$' },
    rules: { type: 'string', minLength: 1 },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 } },
    baseline: { type: 'array', items: { type: 'string', minLength: 1 } },
    lang: { enum: ['zh', 'en'] },
    format: { type: 'string', minLength: 1 },
    encoding: { type: 'string', minLength: 1 },
    sheet: { type: 'string', minLength: 1 },
    'header-row': { type: 'integer', minimum: 1 },
    'max-errors': { type: 'integer', minimum: 1 },
    'fail-on-regression': { type: 'boolean' },
  },
};

/** The settings of a config file, keyed as the command line's options are (camelCase); none when there is no file. */
export function loadConfig(path?: string): Record<string, unknown> {
  const file = path ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (!file) return {};
  if (!existsSync(file)) throw new UsageError(`config ${file}: no such file`, { option: 'config' });
  const yaml = loadYaml(file);
  if (yaml.value === null || yaml.value === undefined) return {};
  checkSchema(yaml, SCHEMA, 'config file');
  return Object.fromEntries(Object.entries(yaml.value as Record<string, unknown>).map(([key, value]) => [key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
}
