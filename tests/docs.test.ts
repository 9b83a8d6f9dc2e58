/** The documents that describe the contract stay in step with the code they describe. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/catalog.js';
import { columnSpecs, submissionSchema } from '../src/validate/columns.js';

const read = (path: string) => readFileSync(path, 'utf8');

describe('docs', () => {
  it('docs/columns*.md list every column of every submission schema with its Chinese label', () => {
    for (const [name, doc] of [
      ['submission', 'docs/columns.md'],
      ['submission-13th', 'docs/columns-13th.md'],
    ]) {
      const text = read(doc!);
      // Its label, with the other headers it goes by (x-aliases) where it has some.
      for (const column of columnSpecs(submissionSchema(name)))
        expect(text).toContain(
          `| ${column.id} | ${column.aliases?.length ? `${column.label} (also read: ${column.aliases.join(', ')})` : column.label} |`,
        );
    }
  });

  it("docs/rosters.md lists every roster's columns with their Chinese labels and the headers they go by", () => {
    const text = read('docs/rosters.md');
    // The unit's code and name and the period are listed once, with the first roster's; the others' say "as above" (the
    // townships' with headers of their own).
    const shared = new Set(['county_code', 'county_name', 'period']);
    for (const name of ['disabled_allowances', 'elderly_institutions', 'townships', 'rescue_cases'])
      for (const column of columnSpecs(submissionSchema(name)).filter(
        (c) => name === 'disabled_allowances' || name === 'townships' || !shared.has(c.id),
      ))
        expect(text, name).toContain(
          `| ${column.id} | ${column.aliases?.length ? `${column.label} (also read: ${column.aliases.join(', ')})` : column.label} |`,
        );
  });

  it('docs/codes.md lists every problem code with its severity', () => {
    const doc = read('docs/codes.md');
    for (const [code, entry] of Object.entries(CATALOG)) expect(doc).toContain(`| ${code} | ${entry.severity} |`);
  });

  it("every kind of a problem the code names is written in the catalog (a variant's name mistyped would be told in the catalog's general words)", () => {
    const written = new Set(Object.values(CATALOG).flatMap((entry) => Object.keys(('variants' in entry && entry.variants) || {})));
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const named = sources('src').flatMap((file) =>
      [...read(file).matchAll(/variant: (?:[\w.]+ \? )?'([\w-]+)'(?: : '([\w-]+)')?/g)].flatMap((m) =>
        m
          .slice(1)
          .filter(Boolean)
          .map((name) => `${file}: ${name}`),
      ),
    );
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((at) => !written.has(at.split(': ')[1]!))).toEqual([]);
  });

  it('the README quick start is the two commands CI relies on', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/npm ci && npm start/);
    expect(readme).toMatch(/^npm test/m);
    expect(read('.ci/run')).toMatch(/^npm test$/m);
  });
});
