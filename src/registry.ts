/**
 * The registry of a region: the whole (a city, a province, a county) and the units that report
 * for it, their codes, names, aliases and kinds, named groups of units, the code format, what
 * the two levels are called and the words of total rows. Every plan names its registry; the one
 * in data/units.yaml serves the built-in plans.
 */
import { dirname, relative, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { planProblems, problemAt } from './errors.js';
import { packagePath } from './paths.js';
import { FileMade } from './plan/text.js';
import { checkSchema, loadData, objectYaml, type YamlFile } from './plan/yaml.js';
import type { Bilingual, Lang } from './types.js';
import { COMMON_TOTAL_WORDS, DEFAULT_REGISTRY } from './defaults.js';

/** One reporting unit. */
export interface Unit {
  readonly code: string;
  readonly name: string;
  readonly name_en: string;
  /** Short names for narrow tables. */
  readonly short?: string;
  readonly short_en?: string;
  /** What kind of unit it is, in the region's own words (市辖区, 县, 镇 ...). */
  readonly kind: string;
  /** The kind in English, for listings in English; `kind` where none is given. */
  readonly kind_en?: string;
  /** In the registry's `divisions` group (for the files that mark it on the unit). */
  readonly division: boolean;
  readonly aliases: readonly string[];
}

/** The whole the units make up: its code and names, and how reports call it (全省, 全县 …). */
export interface Aggregate {
  code: string;
  name: string;
  name_en: string;
  short?: string;
  short_en?: string;
}

/** A named set of units that rules may refer to (`applies_to: divisions`). */
export interface UnitGroup {
  name: Bilingual;
  codes: ReadonlySet<string>;
}

/** The region: its whole and units, with look-ups and the words reports use for them. */
export interface Registry {
  /** The whole (reported at the `city` level of results, whatever the region is). */
  readonly city: Aggregate;
  readonly units: readonly Unit[];
  readonly byCode: Map<string, Unit>;
  readonly groups: ReadonlyMap<string, UnitGroup>;
  /** Digits of a unit code (6, 9 or 12). */
  readonly codeDigits: number;
  /** What the two levels are called: a unit (市州, 乡镇) and the whole (全省, 全县 …). */
  readonly levels: { county: Bilingual; city: Bilingual };
  /** Words that mark a total row in a submission (合计, 全省 …), besides the whole's names. */
  readonly totalWords: readonly string[];
  /** The file it was loaded from, for messages. */
  readonly file: string;
}

/** A unit as units.yaml writes it: `division` and `aliases` may be left out. */
type RawUnit = Omit<Unit, 'division' | 'aliases'> & Partial<Pick<Unit, 'division' | 'aliases'>>;

interface RawRegistry {
  city?: Aggregate;
  aggregate?: Aggregate;
  levels?: { county?: Bilingual; city?: Bilingual };
  code_digits?: number;
  total_words?: string[];
  groups?: Record<string, { name?: Bilingual; units: string[] }>;
  units: RawUnit[];
}

const DEFAULT_LEVELS = { county: { zh: '单位', en: 'unit' }, city: { zh: '全部', en: 'whole' } };

let registrySchema: object | undefined;

/** A registry file, as messages name it. */
const REGISTRY_WORDS = { en: 'registry', zh: '单位名录' };
/** Registries loaded from files, by path, while their files are unchanged. */
const cache = new FileMade<Registry>(32);

/**
 * Loads a registry from a YAML file (kept by path while the file is unchanged) or from an object
 * given in code or inline in a plan; `shown` names it in messages. Problems are PlanErrors with
 * file:line:column.
 */
export function loadRegistry(source: string | object, shown?: string): Registry {
  if (typeof source === 'string') {
    const path = resolve(source);
    return cache.get(path, () => buildRegistry(loadData(path, shown ?? source)));
  }
  return buildRegistry(objectYaml(source, shown ?? 'units'));
}

/** The registry of the built-in plans (data/units.yaml). */
export function registry(): Registry {
  return loadRegistry(packagePath(DEFAULT_REGISTRY), DEFAULT_REGISTRY);
}

/** A registry path relative to a plan file, or an inline registry, as a plan's `units:` names it. */
export function planRegistry(units: string | object | undefined, planFile: string | undefined): Registry {
  if (units === undefined) return registry();
  if (typeof units !== 'string') return loadRegistry(units, `${planFile ?? 'plan'} (units)`);
  const path = registryFilePath(units, planFile);
  return loadRegistry(path, relative('.', path));
}

/** The file of the registry a plan names: a path from the plan's folder, or the built-in one where it names none. */
export function registryFilePath(units: string | undefined, planFile: string | undefined): string {
  if (units === undefined) return packagePath(DEFAULT_REGISTRY);
  return planFile ? resolve(dirname(planFile), units) : resolve(units);
}

function buildRegistry(yaml: YamlFile): Registry {
  // A shipped registry is checked by the tests: its schema is read only for the others.
  if (!yaml.shipped)
    checkSchema(
      yaml,
      (registrySchema ??= JSON.parse(readFileSync(packagePath('schemas/registry.schema.json'), 'utf8')) as object),
      REGISTRY_WORDS,
    );
  const raw = yaml.value as RawRegistry;
  const problems: Bilingual[] = [];
  const city = (raw.aggregate ?? raw.city)!;
  if (raw.aggregate && raw.city)
    problems.push(
      problemAt(
        yaml.where(['aggregate']),
        `give the whole as aggregate or as city, not both`,
        `全域用 aggregate 或 city 之一给出，不能两者都写`,
      ),
    );
  if (!raw.aggregate && !raw.city)
    problems.push(
      problemAt(
        yaml.where([]),
        `the registry names no aggregate (the whole the units make up: code and names)`,
        `名录没有 aggregate（各单位组成的全域：代码和名称）`,
      ),
    );
  const units: Unit[] = raw.units.map((u) => ({ ...u, division: u.division ?? false, aliases: u.aliases ?? [] }));
  const digits = raw.code_digits ?? city?.code.length ?? 6;
  const byCode = new Map<string, Unit>();
  units.forEach((unit, i) => {
    if (unit.code.length !== digits)
      problems.push(
        problemAt(
          yaml.where(['units', i, 'code']),
          `code ${unit.code} has ${unit.code.length} digits, not ${digits} (code_digits)`,
          `代码 ${unit.code} 是 ${unit.code.length} 位，不是 ${digits} 位（code_digits）`,
        ),
      );
    if (byCode.has(unit.code) || unit.code === city?.code)
      problems.push(problemAt(yaml.where(['units', i, 'code']), `code ${unit.code} is used twice`, `代码 ${unit.code} 用了两次`));
    byCode.set(unit.code, unit);
  });
  if (city && city.code.length !== digits)
    problems.push(
      problemAt(
        yaml.where([raw.aggregate ? 'aggregate' : 'city', 'code']),
        `code ${city.code} has ${city.code.length} digits, not ${digits} (code_digits)`,
        `代码 ${city.code} 是 ${city.code.length} 位，不是 ${digits} 位（code_digits）`,
      ),
    );
  const groups = new Map<string, UnitGroup>();
  const marked = units.filter((u) => u.division).map((u) => u.code);
  if (marked.length > 0) groups.set('divisions', { name: { zh: '行政区域', en: 'administrative divisions' }, codes: new Set(marked) });
  for (const [name, group] of Object.entries(raw.groups ?? {})) {
    group.units.forEach(
      (code, i) =>
        byCode.has(code) ||
        problems.push(
          problemAt(
            yaml.where(['groups', name, 'units', i]),
            `group ${name}: ${code} is not a unit of the registry`,
            `分组 ${name}：${code} 不是名录中的单位`,
          ),
        ),
    );
    if (name === 'all')
      problems.push(
        problemAt(
          yaml.where(['groups', name]),
          `"all" names every unit already; give the group another name`,
          `“all”已指全部单位，请给分组换个名称`,
        ),
      );
    groups.set(name, { name: group.name ?? { zh: name, en: name }, codes: new Set(group.units) });
  }
  if (problems.length > 0) throw planProblems(REGISTRY_WORDS, yaml.file, problems);
  const names = [city.name, city.short, ...(raw.levels?.city ? [raw.levels.city.zh] : [])].filter((x): x is string => !!x);
  return {
    city,
    units,
    byCode,
    groups,
    codeDigits: digits,
    levels: { county: raw.levels?.county ?? DEFAULT_LEVELS.county, city: raw.levels?.city ?? DEFAULT_LEVELS.city },
    totalWords: [...new Set([...COMMON_TOTAL_WORDS, ...(raw.total_words ?? []), ...names])],
    file: yaml.file,
  };
}

/** True when a name is one of the unit's names (its name, short name, English name or an alias), spaces aside, the whole's name before it or not (a city's name, then its district's). */
export function nameMatches(unit: Unit, name: string, whole: string): boolean {
  return namesOf(unit).has(withoutWhole(nameKey(name), whole));
}

/**
 * The code of the unit a name names (nameMatches), or undefined: for a file that names its units
 * without their codes. A name two units go by names neither.
 */
export function unitCodeByName(units: Registry, name: string): string | undefined {
  let codes = codesByName.get(units);
  if (!codes) {
    codes = new Map();
    for (const unit of units.units) for (const key of namesOf(unit)) codes.set(key, codes.has(key) ? null : unit.code);
    codesByName.set(units, codes);
  }
  return codes.get(withoutWhole(nameKey(name), units.city.name)) ?? undefined;
}

/** The code of the unit a name names (unitCodeByName), or the whole's for one of its own names (its name, short name or English name): for a name a person gives, as --unit or a form's title does. */
export function codeOfName(units: Registry, name: string): string | undefined {
  const { city } = units;
  const whole = [city.name, city.short, city.name_en].filter((known): known is string => !!known).map(nameKey);
  return unitCodeByName(units, name) ?? (whole.includes(nameKey(name)) ? city.code : undefined);
}

/** A name as names are compared: without its spaces. */
const nameKey = (name: string) => name.replace(/\s+/g, '');

/** A unit's names as compared (nameKey), made once a unit. */
function namesOf(unit: Unit): ReadonlySet<string> {
  let names = unitNames.get(unit);
  if (!names)
    unitNames.set(
      unit,
      (names = new Set([unit.name, unit.short, unit.name_en, ...unit.aliases].filter((known): known is string => !!known).map(nameKey))),
    );
  return names;
}

const unitNames = new WeakMap<Unit, ReadonlySet<string>>();

/** A name read after the whole's name where that stands before it (a province's and a city's name, then a district's: the district's). */
function withoutWhole(name: string, whole: string): string {
  const at = name.lastIndexOf(whole);
  return at < 0 || at + whole.length === name.length ? name : name.slice(at + whole.length);
}

const codesByName = new WeakMap<Registry, Map<string, string | null>>();

/** A set of units: all of them, a named group of the registry, or a list of codes. */
export type UnitSet = string | readonly string[];

/** True when a unit is in a set: all units, a named group, or a list of codes. */
export function inUnitSet(set: UnitSet, code: string, units: Registry): boolean {
  if (set === 'all') return true;
  if (typeof set === 'string') return units.groups.get(set)?.codes.has(code) ?? false;
  return set.includes(code);
}

/** The unit's name in a language; `short` prefers the short name. */
export function unitName(unit: { name: string; name_en: string; short?: string; short_en?: string }, lang: Lang, short = false): string {
  if (lang === 'zh') return short ? (unit.short ?? unit.name) : unit.name;
  return short ? (unit.short_en ?? unit.name_en) : unit.name_en;
}
