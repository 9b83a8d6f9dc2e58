/** The row validators compiled at build time against Ajv compiling the same schemas at run time: the reference. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRowSchema, loadShippedValidator } from '../src/validate/ajv.js';

const NOT_ROWS = new Set(['plan.schema.json', 'registry.schema.json', 'report.schema.json']);
const schemas = readdirSync('schemas').filter((f) => f.endsWith('.schema.json') && !NOT_ROWS.has(f));

describe('validators built with the package', () => {
  it('exist for every shipped row schema, and the columns of a shipped schema use them', () => {
    for (const name of schemas) {
      const prebuilt = `dist/shipped/schemas/${name.replace('.schema.json', '.validate.cjs')}`;
      expect(() => loadShippedValidator(new URL(`../${prebuilt}`, import.meta.url).pathname), prebuilt).not.toThrow();
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

  it.each(schemas)('%s: the same verdict and errors as Ajv on any row', (name) => {
    const schema = JSON.parse(readFileSync(`schemas/${name}`, 'utf8')) as { properties: Record<string, unknown> };
    const reference = compileRowSchema(schema as never, `reference:${name}`);
    const built = loadShippedValidator(new URL(`../dist/shipped/schemas/${name.replace('.schema.json', '.validate.cjs')}`, import.meta.url).pathname);
    const value = fc.oneof(fc.constantFrom(null, true, false, 0, -1, 1, 2.5, 1e15, '', '431102', '4311', '2025-12', '2025-13', '2025', 'abc', '是', '11010519491231002X', '52431127MJ0000000A', '52431127mj0000000a', '2025-03-05', '431127100'), fc.integer({ min: -5, max: 5000 }), fc.string({ maxLength: 8 }));
    const ids = Object.keys(schema.properties);
    const row = fc.dictionary(fc.constantFrom(...ids, 'unknown_column'), value, { maxKeys: ids.length + 1 });
    fc.assert(
      fc.property(row, (values) => {
        const a = reference({ ...values });
        const b = built({ ...values });
        expect(b).toBe(a);
        const shape = (errors: typeof reference.errors) => (errors ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
        expect(shape(built.errors)).toEqual(shape(reference.errors));
      }),
      { numRuns: 300 },
    );
  });
});
