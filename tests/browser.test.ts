/**
 * The HTML report in a real browser: headless Chromium (Debian's, driven by playwright-core)
 * opens the page of the samples with a history, with no console error; the matrix and the
 * charts render with size; it prints on A4. A screenshot of its top is kept in test-artifacts/
 * for people to look at. Without Chromium the test is skipped and says why, except in CI, which
 * installs it (.ci/run) and must run it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { completionTable } from '../src/evaluate/completion.js';
import { completionPrintable } from '../src/report/completion.js';
import { REPORTERS } from '../src/report/index.js';
import { PRINTABLE_FORMATS } from '../src/report/printable.js';
import { tempDir } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const why = `no Chromium at ${CHROMIUM} (install Debian's chromium and fonts-noto-cjk, or set CHROMIUM_PATH)`;
if (!present && !process.env.CI) console.warn(`browser test skipped: ${why}`);

describe(present || process.env.CI ? 'the HTML report in Chromium' : `the HTML report in Chromium (skipped: ${why})`, () => {
  it.skipIf(!present && !process.env.CI)(
    'renders the matrix and the charts without a console error, and prints on A4',
    async () => {
      expect(present, why).toBe(true);
      const report = await check(['data/samples/2023-06', 'data/samples/2025-12']);
      const file = join(tempDir(), 'report.html');
      writeFileSync(file, REPORTERS.html!.render(report, { lang: 'zh', color: false, generatedAt: '2026-01-01 00:00 UTC' }));
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const errors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('request', (request) => {
          if (!request.url().startsWith('file:')) errors.push(`a request left the page: ${request.url()}`);
        });
        await page.goto(pathToFileURL(file).href);
        const matrix = await page.locator('table.matrix').boundingBox();
        expect(matrix!.width).toBeGreaterThan(600);
        expect(await page.locator('table.matrix tbody tr').count()).toBe(
          new Set(report.results.filter((r) => r.period === '2025-12').map((r) => r.rule)).size,
        );
        expect(await page.locator('td.fail').count()).toBeGreaterThan(0);
        const charts = page.locator('svg.chart');
        expect(await charts.count()).toBeGreaterThan(10);
        expect((await charts.first().boundingBox())!.height).toBeGreaterThan(100);
        expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(100);
        expect(await page.locator('svg.trend polyline').count()).toBeGreaterThan(0);
        // Chinese text is drawn with a font that has it: a 8-character title is wider than 8 Latin letters.
        const title = await page.locator('h1').boundingBox();
        expect(title!.width).toBeGreaterThan(200);
        mkdirSync('test-artifacts', { recursive: true });
        // The first 2,400 pixels, where a reader starts (the summary, the problems, the matrix): the whole
        // page, its charts a hundred screens long, took seven times as long to draw (3.4 s against 0.5 s).
        await page.setViewportSize({ width: 1400, height: 2400 });
        await page.screenshot({ path: 'test-artifacts/report.png' });
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        // The matrix, 14 units across, prints on landscape pages of its own (A4 is 842.88 by 595.92 points), within their
        // printable width (1,033 pixels between margins of 12 mm), the rest on portrait ones.
        const sizes = [...pdf.toString('latin1').matchAll(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map(([, w, h]) =>
          Number(w) > Number(h) ? 'landscape' : 'portrait',
        );
        expect(new Set(sizes)).toEqual(new Set(['landscape', 'portrait']));
        await page.setViewportSize({ width: 1033, height: 1000 });
        await page.emulateMedia({ media: 'print' });
        expect((await page.locator('table.matrix').boundingBox())!.width).toBeLessThanOrEqual(1033);
        await page.emulateMedia({ media: 'screen' });
        // The completion table (Table 1's form), in either language: its short cells on one line on a screen, and no
        // wider than an A4 page's printable width (718 pixels) in print.
        for (const lang of ['zh', 'en'] as const) {
          const table = join(tempDir(), `completion.${lang}.html`);
          writeFileSync(
            table,
            PRINTABLE_FORMATS.html!.draw(completionPrintable(completionTable(report), report, lang), { lang, color: false }),
          );
          await page.setViewportSize({ width: 1100, height: 1000 });
          await page.goto(pathToFileURL(table).href);
          // The lines each short cell's text is laid out on: one each.
          // (Code for the page, as text: the project's types have no DOM.)
          const lines = (await page.evaluate(`[...document.querySelectorAll('td.short')].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        })`)) as number[];
          expect(lines.length, lang).toBeGreaterThan(100);
          expect(Math.max(...lines), lang).toBe(1);
          await page.setViewportSize({ width: 718, height: 1000 });
          await page.emulateMedia({ media: 'print' });
          const [scroll, client] = (await page.evaluate(
            '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
          )) as [number, number];
          expect(scroll, lang).toBeLessThanOrEqual(client);
          await page.emulateMedia({ media: 'screen' });
        }
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
