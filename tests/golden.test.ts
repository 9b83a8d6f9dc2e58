/**
 * One golden file per report format on the shipped samples. To accept a deliberate change:
 * UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts, then read the diff before committing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { REPORTERS } from '../src/report/index.js';
import type { Lang } from '../src/types.js';
import { validReport } from './report-schema.js';

function golden(name: string, actual: string): void {
  const path = new URL(`golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The JSON report's text, once checked against schemas/report.schema.json. */
const validJson = (text: string) => (validReport(text), text);

const render = async (paths: string[], format: string, lang: Lang) => REPORTERS[format]!.render(await check(paths), { lang, color: false });

describe('golden reports', () => {
  it('table, batch of 14 units, Chinese', async () =>
    golden('samples.table.zh.txt', await render(['data/samples/2025-12'], 'table', 'zh')));
  it('table, batch of 14 units, English', async () =>
    golden('samples.table.en.txt', await render(['data/samples/2025-12'], 'table', 'en')));
  it('table, one unit', async () =>
    golden('lengshuitan.table.en.txt', await render(['data/samples/2025-12/lengshuitan.csv'], 'table', 'en')));
  it('table, problems listed', async () => golden('problems.table.en.txt', await render(['tests/fixtures/problems'], 'table', 'en')));
  it('json, batch of 14 units', async () => golden('samples.json', validJson(await render(['data/samples/2025-12'], 'json', 'en'))));
  it('json, problems', async () => golden('problems.json', validJson(await render(['tests/fixtures/problems'], 'json', 'zh'))));
  it('csv, batch of 14 units', async () => golden('samples.csv', await render(['data/samples/2025-12'], 'csv', 'zh')));
  it('markdown, problems', async () => golden('problems.md', await render(['tests/fixtures/problems'], 'markdown', 'en')));
  it('html, problems', async () => golden('problems.html', await render(['tests/fixtures/problems'], 'html', 'zh')));
  it('junit, problems', async () => golden('problems.junit.xml', await render(['tests/fixtures/problems'], 'junit', 'en')));
  it('table, one unit at 80 columns, Chinese', async () =>
    golden(
      'daoxian.table.80.zh.txt',
      REPORTERS.table!.render(await check(['data/samples/2025-12/daoxian.csv']), { lang: 'zh', color: false, width: 80 }),
    ));
  it('table, batch at 100 columns, English', async () =>
    golden(
      'samples.table.100.en.txt',
      REPORTERS.table!.render(await check(['data/samples/2025-12']), { lang: 'en', color: false, width: 100 }),
    ));
  it('csv, one unit, English', async () => golden('daoxian.en.csv', await render(['data/samples/2025-12/daoxian.csv'], 'csv', 'en')));
  it('markdown, one unit, Chinese', async () =>
    golden('daoxian.zh.md', await render(['data/samples/2025-12/daoxian.csv'], 'markdown', 'zh')));
  it('junit, one unit, Chinese', async () =>
    golden('daoxian.junit.zh.xml', await render(['data/samples/2025-12/daoxian.csv'], 'junit', 'zh')));
  it('github, one unit and problems', async () =>
    golden('problems.github.txt', await render(['data/samples/2025-12/daoxian.csv', 'tests/fixtures/problems'], 'github', 'en')));
  it('html, batch, English', async () => golden('samples.en.html', await render(['data/samples/2025-12'], 'html', 'en')));
});
