/**
 * Places in a plan's submission schema, for the problems of a plan that stand there: a column's
 * key at file:line:column, and the units whose codes the unit-code column's pattern refuses.
 */
import { relative } from 'node:path';
import { problemAt } from '../errors.js';
import type { Registry } from '../registry.js';
import type { Bilingual } from '../types.js';
import { jsonKeyPlace, type Columns } from '../validate/columns.js';
import { linearPattern } from '../validate/pattern.js';
import { readWrittenText } from './text.js';

/** The schema file's text and its name for messages (relative to the working folder), when it is a file. */
export function schemaFile(columns: Columns): { text?: string; name: string } {
  const path = columns.path;
  if (!path) return { name: columns.file };
  try {
    return { text: readWrittenText(path, relative('.', path)), name: relative('.', path) };
  } catch {
    return { name: relative('.', path) };
  }
}

/**
 * The units whose codes the pattern of the unit-code column refuses, each a problem at that
 * column in the schema: such a unit could never report (a region of 9-digit codes whose schema
 * still asks six), and the whole's own row (`ownRow`, where a rule reads it) could never be read.
 */
export function codesRefused(columns: Columns, registry: Registry, ownRow: boolean): Bilingual[] {
  const pattern = columns.schema.properties[columns.code]?.['pattern' as never] as string | undefined;
  if (!pattern) return [];
  const test = linearPattern(pattern);
  const refused = registry.units.filter((unit) => !test.test(unit.code));
  const city = ownRow && !test.test(registry.city.code);
  if (refused.length === 0 && !city) return [];
  const schema = schemaFile(columns);
  const place = jsonKeyPlace(schema.name, schema.text, columns.code);
  const problems = refused.map((unit) =>
    problemAt(
      place,
      `unit ${unit.code} (${unit.name}) can never report: the pattern ${pattern} of ${columns.code} refuses its code`,
      `单位 ${unit.code}（${unit.name}）永远无法报送：${columns.code} 的格式 ${pattern} 不接受它的代码`,
    ),
  );
  if (city)
    problems.push(
      problemAt(
        place,
        `the whole's own row (${registry.city.code}) can never be read: the pattern ${pattern} of ${columns.code} refuses its code`,
        `全域本级的行（${registry.city.code}）永远无法读取：${columns.code} 的格式 ${pattern} 不接受它的代码`,
      ),
    );
  return problems;
}
