/**
 * The registry of reporting units (data/units.yaml): codes, names, aliases, kinds, and which
 * units are county-level administrative divisions.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from './paths.js';
import { checkSchema, loadYaml } from './plan/yaml.js';

/** One county-level reporting unit. */
export interface Unit {
  code: string;
  name: string;
  name_en: string;
  /** Short Chinese and English names for narrow tables. */
  short?: string;
  short_en?: string;
  kind: string;
  /** True for the 11 county-level administrative divisions (县级行政区域). */
  division: boolean;
  aliases: string[];
}

/** The city and its units, with look-ups. */
export interface Registry {
  city: { code: string; name: string; name_en: string };
  units: Unit[];
  byCode: Map<string, Unit>;
}

let cached: Registry | undefined;

/** Loads and checks data/units.yaml once. */
export function registry(): Registry {
  if (cached) return cached;
  const yaml = loadYaml(packagePath('data/units.yaml'));
  checkSchema(yaml, JSON.parse(readFileSync(packagePath('schemas/registry.schema.json'), 'utf8')), 'registry');
  const value = yaml.value as { city: Registry['city']; units: Unit[] };
  const units = value.units.map((unit) => ({ ...unit, aliases: unit.aliases ?? [] }));
  cached = { city: value.city, units, byCode: new Map(units.map((unit) => [unit.code, unit])) };
  return cached;
}

/** True when a name (or alias) is one of the unit's names, after removing spaces. */
export function nameMatches(unit: Unit, name: string): boolean {
  const wanted = name.replace(/\s+/g, '');
  return wanted === unit.name || wanted === unit.name_en || unit.aliases.includes(wanted);
}

/** True when a unit is in a set: all units, the administrative divisions, or a list of codes. */
export function inUnitSet(set: 'all' | 'divisions' | readonly string[], code: string, units: Registry = registry()): boolean {
  if (set === 'all') return true;
  if (set === 'divisions') return units.byCode.get(code)?.division === true;
  return set.includes(code);
}

/** The unit's name in a language; `short` prefers the short English name. */
export function unitName(unit: { name: string; name_en: string; short?: string; short_en?: string }, lang: 'zh' | 'en', short = false): string {
  if (lang === 'zh') return short ? (unit.short ?? unit.name) : unit.name;
  return short ? (unit.short_en ?? unit.name_en) : unit.name_en;
}
