/**
 * A config file of a run's settings, so that CI and an office's scripts need not repeat them:
 * `plan-check.config.yaml` (or `.plan-check.yaml`) found from the working folder upwards, or
 * the file --config names. Its keys are the options of the command line without their dashes
 * (`plan`, `lang`, `strict`, `complete`, `ignore` …), and `reports`, the formats and files to
 * write. Paths in it (a plan file, baselines, report files) are read from the file's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { meantClause } from './input/sources.js';
import { packagePath } from './paths.js';
import { checkSchema, loadYaml } from './plan/yaml.js';

/** The files looked for, in this order, in the working folder and each folder above it. */
export const CONFIG_FILES = ['plan-check.config.yaml', '.plan-check.yaml'];

/** The first name looked for, as help and messages say it. */
export const CONFIG_FILE = CONFIG_FILES[0]!;

/** The schema of a config file (schemas/config.schema.json), read when there is one. */
let schema: object | undefined;

/** A config file's settings and where they came from. */
export interface Config {
  /** The file read; undefined when there is none. */
  file?: string;
  /** The settings keyed as the command line's options are (camelCase), paths resolved. */
  settings: Record<string, unknown>;
  /** Where a setting (by its option's name), or a value within it, stands in the file: file:line:column. */
  place(name: string, ...within: (string | number)[]): string;
}

/** The config file of a run: the one named, else the nearest from `from` upwards. */
export function findConfig(from: string = process.cwd()): string | undefined {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    for (const name of CONFIG_FILES) {
      const file = join(folder, name);
      if (existsSync(file)) return file;
    }
    if (dirname(folder) === folder) return undefined;
  }
}

/** The settings of a config file (the one named, else the nearest); none when there is no file, or the name is "" (--config ""). */
export function loadConfig(path?: string): Config {
  const file = path === '' ? undefined : (path ?? findConfig());
  if (!file) return { settings: {}, place: () => '' };
  if (!existsSync(file)) {
    const meant = meantClause(file);
    throw new UsageError(`config ${file}: no such file${meant?.en ?? ''}`, {
      option: 'config',
      zh: `config ${file}：没有这个文件${meant?.zh ?? ''}`,
    });
  }
  const yaml = loadYaml(file);
  if (yaml.value === null || yaml.value === undefined) return { file, settings: {}, place: () => file };
  checkSchema(yaml, (schema ??= JSON.parse(readFileSync(packagePath('schemas/config.schema.json'), 'utf8')) as object), {
    en: 'config file',
    zh: '配置文件',
  });
  const folder = dirname(resolve(file));
  const here = (path: string) => (isAbsolute(path) || path === '-' ? path : join(folder, path));
  const settings: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(yaml.value as Record<string, unknown>)) {
    const name = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    keys.set(name, key);
    if (name === 'plan' && typeof value === 'string' && /[/\\]|\.ya?ml$/i.test(value)) settings.plan = here(value);
    else if (name === 'baseline') settings.baseline = (value as string[]).map(here);
    else if (name === 'output') settings.output = here(value as string);
    else if (name === 'reports')
      settings.reports = (value as { format: string; output?: string }[]).map((r) => ({
        format: r.format,
        output: r.output === undefined ? undefined : here(r.output),
      }));
    else settings[name] = value;
  }
  return { file, settings, place: (name, ...within) => yaml.where([keys.get(name) ?? name, ...within]) };
}
