/** The engine is general: nothing of one region is written into the source, only into plans and registries. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** What would tie the engine to Yongzhou: its codes, its name, what its whole is called, its code length and unit counts. */
const REGIONAL = [
  { what: 'a Yongzhou or Hunan code', pattern: /\b43\d{4}\b/ },
  { what: 'the name of Yongzhou', pattern: /永州|yongzhou/i },
  { what: 'the word for the whole city', pattern: /全市/ },
  { what: 'six-digit codes', pattern: /6-digit|six[- ]digit|6 位|\\d\{6\}|\[0-9\]\{6\}/ },
  { what: "the region's unit counts", pattern: /\b(?:14|11) (?:units|divisions|county-level)|(?:14|11) 个(?:单位|县)/ },
  { what: 'county-level divisions', pattern: /县级|县市区/ },
];

describe('no region in the source', () => {
  it('src/ names no region: a grep of every file finds none of its marks', () => {
    const found: string[] = [];
    for (const file of sources('src')) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const { what, pattern } of REGIONAL) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the grep would see one: each mark matches what it stands for', () => {
    const samples = ['431102', '永州市', '全市指标', 'a 6-digit code', '14 units', '县级行政区域'];
    samples.forEach((sample, i) => expect(REGIONAL[i]!.pattern.test(sample), sample).toBe(true));
  });
});
