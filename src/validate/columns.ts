/**
 * The submission's columns, read from schemas/submission.schema.json: the schema is the one
 * place where a column's id, Chinese label, type, unit and cross-field limit are written.
 */
import { readFileSync } from 'node:fs';
import type { ColumnKind } from '../input/normalise.js';
import { packagePath } from '../paths.js';

/** One submission column as the pipeline uses it. */
export interface ColumnSpec {
  id: string;
  /** The Chinese header label. */
  label: string;
  /** English description. */
  description: string;
  kind: ColumnKind;
  /** Unit of measure, e.g. `yuan/person/month`, `percent`. */
  unit?: string;
  /** The unit in Chinese, as reports print it: `张`, `元/人·年`. */
  unitZh?: string;
  /** What the column counts, in Chinese: the label without its unit or a leading 其中. */
  noun: string;
  /**
   * `stock`: the value at the period (beds in use); `cumulative`: a count since the plan began
   * (2021年以来累计: new builds, people trained), so that a box's five-year total can be judged.
   */
  measure: 'stock' | 'cumulative';
  /** Column this one may not exceed. */
  lte?: string;
  required: boolean;
}

interface PropertySchema {
  title: string;
  description: string;
  type: string | string[];
  'x-unit'?: string;
  'x-unit-zh'?: string;
  'x-measure'?: 'stock' | 'cumulative';
  'x-lte'?: string;
}

/** The submission JSON Schema as shipped. */
export interface SubmissionSchema {
  required: string[];
  properties: Record<string, PropertySchema>;
  [key: string]: unknown;
}

/** The schema every plan uses unless it names another. */
export const DEFAULT_SUBMISSION = 'submission';

const cache = new Map<string, SubmissionSchema>();

/** Loads a submission schema (schemas/NAME.schema.json) once. */
export function submissionSchema(name: string = DEFAULT_SUBMISSION): SubmissionSchema {
  let schema = cache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(packagePath(`schemas/${name}.schema.json`), 'utf8')) as SubmissionSchema;
    cache.set(name, schema);
  }
  return schema;
}

function kindOf(id: string, property: PropertySchema): ColumnKind {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (id === 'period') return 'period';
  if (types.includes('boolean')) return 'boolean';
  if (property['x-unit'] === 'percent') return 'percent';
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  return 'text';
}

/** A label's trailing bracket: `护理型床位（张）` -> `张`; `（2021年以来累计，个）` -> `个`. */
const TRAILING_UNIT = /（([^（）]*)）$/;

/** The columns in schema order. */
export function columnSpecs(schema: SubmissionSchema = submissionSchema()): ColumnSpec[] {
  const specs = Object.entries(schema.properties).map(([id, property]): ColumnSpec => {
    const bracket = TRAILING_UNIT.exec(property.title)?.[1]?.split(/[，,]/).pop();
    const kind = kindOf(id, property);
    return {
      id,
      label: property.title,
      description: property.description,
      kind,
      unit: property['x-unit'],
      unitZh: property['x-unit-zh'] ?? (property['x-unit'] && bracket ? bracket : undefined),
      noun: property.title.replace(TRAILING_UNIT, '').replace(/^其中/, '').replace(/(.)数$/, '$1'),
      measure: property['x-measure'] ?? 'stock',
      lte: property['x-lte'],
      required: schema.required.includes(id),
    };
  });
  // `其中设有志愿服务站点的` is a part of the column it may not exceed: name what it counts.
  const nouns = new Map(specs.map((c) => [c.id, c.noun]));
  for (const spec of specs) if (spec.noun.endsWith('的') && spec.lte) spec.noun += nouns.get(spec.lte) ?? '';
  return specs;
}
