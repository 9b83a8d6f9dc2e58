/** The validators compiled at build time (rows, plans, registries, config files) against Ajv compiling the same schemas at run time: the reference. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWrittenText } from '../src/plan/text.js';
import { parseYaml } from '../src/plan/yaml.js';
import { tempDir } from './helpers.js';
import { ajvOptions, compileRowSchema, DRAFT_07, loadShippedValidator, makeAjv, rowSchemaId } from '../src/validate/ajv.js';

/** The schemas of plan-check's own documents: validators built under their own $id (documentValidator). */
const DOCUMENTS = ['plan.schema.json', 'registry.schema.json', 'config.schema.json'];
const NOT_ROWS = new Set([...DOCUMENTS, 'report.schema.json']);
const schemas = readdirSync('schemas').filter((f) => f.endsWith('.schema.json') && !NOT_ROWS.has(f));

describe('validators built with the package', () => {
  it('exist for every shipped row schema, and the columns of a shipped schema use them', () => {
    for (const name of schemas) {
      const prebuilt = `dist/shipped/schemas/${name.replace('.schema.json', '.validate.cjs')}`;
      expect(() => loadShippedValidator(new URL(`../${prebuilt}`, import.meta.url).pathname), prebuilt).not.toThrow();
    }
  });

  it("read the shipped schemas, which a run takes as they are, as a user's file is read: UTF-8, no byte-order mark", () => {
    for (const name of readdirSync('schemas').filter((f) => f.endsWith('.json'))) {
      expect(readWrittenText(join('schemas', name), name), name).toBe(readFileSync(join('schemas', name), 'utf8'));
    }
  });

  it('spare a check against a built-in plan loading Ajv (only a helper of its runtime) or RE2', () => {
    const script = `import { check } from './dist/index.js'; import { createRequire } from 'node:module';
      await check(['data/samples/2025-12/daoxian.csv']);
      console.log(Object.keys(createRequire(import.meta.url).cache).filter((k) => (k.includes('node_modules/ajv/') && !k.includes('/runtime/')) || k.includes('node_modules/re2js/')).length);`;
    const run = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('0');
  });

  it('spare a run with a config file, and a plan file of its own over the built-in columns and region, compiling a schema or loading RE2', () => {
    const dir = tempDir();
    const root = process.cwd();
    writeFileSync(join(dir, 'plan-check.config.yaml'), 'lang: en\nstrict: false\n');
    const plan = readFileSync('data/plans/yongzhou-civil-affairs-14th.yaml', 'utf8')
      .replace('id: yongzhou-civil-affairs-14th', 'id: own')
      .replace('units: ../units.yaml', `units: ${join(root, 'data/units.yaml')}`)
      .replaceAll('../../schemas/', `${join(root, 'schemas')}/`);
    writeFileSync(join(dir, 'plan.yaml'), plan);
    const script = `import { check } from './dist/index.js'; import { loadConfig } from './dist/config.js'; import { createRequire } from 'node:module';
      loadConfig(${JSON.stringify(join(dir, 'plan-check.config.yaml'))});
      const report = await check(['data/samples/2025-12/daoxian.csv'], { plan: ${JSON.stringify(join(dir, 'plan.yaml'))} });
      console.log(report.results.length, Object.keys(createRequire(import.meta.url).cache).filter((k) => (k.includes('node_modules/ajv/') && !k.includes('/runtime/')) || k.includes('node_modules/re2js/')).length);`;
    const run = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('123 0');
  });

  it("check a row schema of a plan's own against its meta-schema as Ajv does, its verdict and message, through the one built for draft-07", () => {
    const base = JSON.parse(readFileSync('examples/county/submission.schema.json', 'utf8')) as {
      properties: Record<string, Record<string, unknown>>;
    };
    const columns = Object.keys(base.properties);
    // A keyword of a column, or of the schema itself, given a value of the right kind or not.
    const keywords = ['type', 'minimum', 'maximum', 'enum', 'pattern', 'maxLength', 'items', 'required', 'x-role', 'multipleOf', 'title'];
    const values = [null, 'int', 'string', ['string', 'null'], ['string', 'x'], 5, -1, 1.5, '0', [], ['a', 'a'], { type: 'q' }, true];
    const top = fc.record({
      key: fc.constantFrom('$schema', 'required', 'properties', 'additionalProperties', 'type'),
      value: fc.constantFrom<unknown>(
        ...values,
        'http://json-schema.org/draft-07/schema#',
        DRAFT_07,
        'https://json-schema.org/draft/2020-12/schema',
      ),
    });
    const column = fc.record({
      column: fc.constantFrom(...columns),
      key: fc.constantFrom(...keywords),
      value: fc.constantFrom<unknown>(...values),
    });
    let n = 0;
    // The reference: Ajv checking the schema itself as it compiles it (one instance: each schema has an id of its own).
    const reference = makeAjv();
    const outcome = (compile: () => unknown) => {
      try {
        compile();
        return 'compiled';
      } catch (error) {
        return (error as Error).message;
      }
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(top, column), { maxLength: 3 }), (changes) => {
        const schema = structuredClone(base) as Record<string, unknown>;
        const properties = schema.properties as Record<string, Record<string, unknown>>;
        for (const change of changes) {
          if ('column' in change) properties[change.column]![change.key] = change.value;
          else schema[change.key] = change.value;
        }
        const key = `meta-${n++}`;
        const expected = outcome(() => reference.compile({ ...schema, $id: rowSchemaId(key) }));
        expect(outcome(() => compileRowSchema(schema as never, key))).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('gather the errors of a $ref in place, not by concat (which copied every error before: quadratic), built or compiled at run time', () => {
    for (const file of readdirSync('dist/shipped/schemas'))
      expect(readFileSync(`dist/shipped/schemas/${file}`, 'utf8'), file).not.toContain('vErrors.concat(');
    const compiled = makeAjv().compile({
      ...(JSON.parse(readFileSync('schemas/plan.schema.json', 'utf8')) as object),
      $id: 'in-place-test',
    });
    expect(String(compiled)).toContain('vErrors.push(');
    expect(String(compiled)).not.toContain('vErrors.concat(');
  });

  it.each(DOCUMENTS)('%s: the built validator gives the same verdict and errors as Ajv on documents good and bad', (name) => {
    const schema = JSON.parse(readFileSync(`schemas/${name}`, 'utf8')) as { $id: string };
    // Ajv's own code, errors gathered by concat.
    const options = ajvOptions();
    const reference = makeAjv({ ...options, code: { ...options.code, process: undefined } }).compile(schema);
    const built = loadShippedValidator(
      new URL(`../dist/shipped/schemas/${name.replace('.schema.json', '.validate.cjs')}`, import.meta.url).pathname,
    );
    const good = {
      'plan.schema.json': parseYaml(readFileSync('data/init/plan.yaml', 'utf8'), 'plan.yaml').value,
      'registry.schema.json': parseYaml(readFileSync('data/units.yaml', 'utf8'), 'units.yaml').value,
      'config.schema.json': { plan: 'plan', lang: 'zh', reports: [{ format: 'json', output: 'r.json' }], 'max-errors': 5 },
    }[name] as Record<string, unknown>;
    const documents = [
      good,
      {},
      [],
      null,
      { ...good, surplus: 1 },
      ...Object.keys(good).flatMap((key) => [
        { ...good, [key]: null },
        { ...good, [key]: 'x' },
        { ...good, [key]: [1] },
        Object.fromEntries(Object.entries(good).filter(([k]) => k !== key)),
      ]),
    ];
    // Many items at fault, each with errors of its own and of a oneOf (a target ≥), as a plan written by hand has them.
    const items = Object.entries(good).filter(([, value]) => Array.isArray(value) && value.length > 0);
    for (const [key, value] of items)
      documents.push({
        ...good,
        [key]: [
          ...(value as unknown[]),
          {},
          { id: 'x', target: { op: '≥', value: 1 } },
          'x',
          ...(value as unknown[]).map((item) => ({ ...(item as object), extra: 1 })),
        ],
      });
    const shape = (errors: typeof reference.errors) =>
      (errors ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
    expect(built(good)).toBe(true);
    for (const document of documents) {
      expect(built(document)).toBe(reference(document));
      expect(shape(built.errors)).toEqual(shape(reference.errors));
    }
  });

  it.each(schemas)('%s: the same verdict and errors as Ajv on any row', (name) => {
    const schema = JSON.parse(readFileSync(`schemas/${name}`, 'utf8')) as { properties: Record<string, unknown> };
    const reference = compileRowSchema(schema as never, `reference:${name}`);
    const built = loadShippedValidator(
      new URL(`../dist/shipped/schemas/${name.replace('.schema.json', '.validate.cjs')}`, import.meta.url).pathname,
    );
    const value = fc.oneof(
      fc.constantFrom(
        null,
        true,
        false,
        0,
        -1,
        1,
        2.5,
        1e15,
        '',
        '431102',
        '4311',
        '2025-12',
        '2025-13',
        '2025',
        'abc',
        '是',
        '11010519491231002X',
        '52431127MJ0000000A',
        '52431127mj0000000a',
        '2025-03-05',
        '431127100',
      ),
      fc.integer({ min: -5, max: 5000 }),
      fc.string({ maxLength: 8 }),
    );
    const ids = Object.keys(schema.properties);
    const row = fc.dictionary(fc.constantFrom(...ids, 'unknown_column'), value, { maxKeys: ids.length + 1 });
    fc.assert(
      fc.property(row, (values) => {
        const a = reference({ ...values });
        const b = built({ ...values });
        expect(b).toBe(a);
        const shape = (errors: typeof reference.errors) =>
          (errors ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
        expect(shape(built.errors)).toEqual(shape(reference.errors));
      }),
      { numRuns: 300 },
    );
  });
});
