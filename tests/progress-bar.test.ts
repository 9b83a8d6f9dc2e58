/** The progress bar: on a terminal after a second of reading, never in CI or a pipe. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { check, type ReadProgress } from '../src/check.js';
import { readRows } from '../src/input/read.js';
import { loadPlan } from '../src/plan/load.js';
import { progressBar, type BarStream } from '../src/progress.js';
import type { Lang } from '../src/types.js';
import { writeFiles } from './helpers.js';
import { makeXlsx } from './xlsx.js';
import { handZip } from '../scripts/workbook.mjs';

/** A stream that says it is a terminal and keeps what is written to it. */
function terminal(tty = true): BarStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & BarStream;
  Object.assign(stream, { isTTY: tty, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('progress bar', () => {
  it('appears on a terminal once reading has taken a second, and says files and rows', async () => {
    let clock = 0;
    const stream = terminal();
    const bar = progressBar({}, stream, 'en', () => clock)!;
    const report = await check(['data/samples/2025-12'], {
      onProgress: (progress) => {
        clock += 200;
        bar.onProgress(progress);
      },
    });
    bar.stop();
    expect(report.files).toHaveLength(15);
    expect(stream.text()).toMatch(/\d+% · \d+\/15 files · \d+ rows/);
  });

  it('fills with the bytes read of all the files, so that one long file moves it; file by file where a size is unknown', async () => {
    const seen: ReadProgress[] = [];
    await check(['data/samples/2025-12/daoxian.csv', 'data/samples/rosters/2025-12/shuangpai.csv'], {
      onProgress: (progress) => seen.push(progress),
    });
    const size = statSync('data/samples/2025-12/daoxian.csv').size + statSync('data/samples/rosters/2025-12/shuangpai.csv').size;
    expect(seen.every((p) => p.totalBytes === size)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ files: 2, bytes: size });
    expect(seen.map((p) => p.bytes)).toEqual([...seen.map((p) => p.bytes)].sort((a, b) => a - b));
    // The same files sent as a zip: by the bytes they unpack to, as its directory gives them.
    const zipped: ReadProgress[] = [];
    const parts = ['data/samples/2025-12/daoxian.csv', 'data/samples/rosters/2025-12/shuangpai.csv'].map((path) => {
      const data = readFileSync(path);
      return { name: path.split('/').pop()!, data: deflateRawSync(data), size: data.length, crc: crc32(data), method: 8 as const };
    });
    const drop = writeFiles({ 'drop.zip': handZip(parts) });
    await check([join(drop, 'drop.zip')], { onProgress: (progress) => zipped.push(progress) });
    expect(zipped.every((p) => p.totalBytes === size)).toBe(true);
    expect(zipped.at(-1)).toMatchObject({ files: 2, bytes: size });
    // Gzipped: by the bytes each one's trailer says it unpacks to.
    const gzipped: ReadProgress[] = [];
    const gz = writeFiles(
      Object.fromEntries(
        ['data/samples/2025-12/daoxian.csv', 'data/samples/rosters/2025-12/shuangpai.csv'].map((path) => [
          `${path.split('/').pop()}.gz`,
          gzipSync(readFileSync(path)),
        ]),
      ),
    );
    await check([gz], { onProgress: (progress) => gzipped.push(progress) });
    expect(gzipped.every((p) => p.totalBytes === size)).toBe(true);
    expect(gzipped.at(-1)).toMatchObject({ files: 2, bytes: size });
    // What a bar draws of one progress, on a terminal, in a language.
    let clock = 0;
    const drawn = (progress: ReadProgress, lang: Lang = 'en') => {
      const stream = terminal();
      const bar = progressBar({}, stream, lang, () => (clock += 2000))!;
      bar.onProgress(progress);
      bar.stop();
      return stream.text();
    };
    expect(drawn({ files: 0, total: 1, rows: 500_000, file: 'roster.csv', bytes: 25, totalBytes: 100 })).toContain(
      '██████░░░░░░░░░░░░░░░░░░ 25% · 0/1 files · 500,000 rows · roster.csv',
    );
    expect(drawn({ files: 1, total: 4, rows: 10, file: '-', bytes: 25, totalBytes: undefined })).toContain(
      '██████░░░░░░░░░░░░░░░░░░ 1/4 files · 10 rows · -',
    );
    // In the run's language, a row one row.
    expect(drawn({ files: 1, total: 4, rows: 12_000, file: '道县.csv', bytes: 25, totalBytes: 100 }, 'zh')).toContain(
      '25% · 1/4 个文件 · 12,000 行 · 道县.csv',
    );
    expect(drawn({ files: 1, total: 1, rows: 1, file: 'a.csv', bytes: 100, totalBytes: 100 })).toContain(
      '100% · 1/1 files · 1 row · a.csv',
    );
    // A long name's end, by characters: never half of one (𠀀 is two UTF-16 units).
    const long = drawn({ files: 1, total: 1, rows: 1, file: `${'𠀀'.repeat(2)}${'x'.repeat(39)}`, bytes: 1, totalBytes: 1 });
    expect(long).toContain(` · 𠀀${'x'.repeat(39)}`);
    expect(long).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    // A workbook is read whole before its rows: its bytes count once its rows are read, not at once.
    const dir = writeFiles({
      'a.xlsx': makeXlsx({ Sheet1: { 1: ['区划代码', '报告期', '养老机构床位数（张）'], 2: ['431102', '2025-12', 100] } }),
      'b.csv': '区划代码,报告期\n431103,2025-12\n',
    });
    const told: number[] = [];
    const plan = loadPlan();
    // Read by the reader itself, and from the bytes a batch reads ahead (smallFileBytes).
    for (const ahead of [false, true]) {
      for (const name of ['a.xlsx', 'b.csv']) {
        const path = join(dir, name);
        const options = {
          columns: plan.columns,
          region: plan.registry,
          onBytes: (n: number) => told.push(n),
          ...(ahead ? { bytes: readFileSync(path) } : {}),
        };
        for await (const chunk of readRows({ kind: 'file', name, path }, options, () => undefined)) void chunk;
        told.push(-1);
      }
    }
    const csvSize = statSync(join(dir, 'b.csv')).size;
    expect(told).toEqual([-1, csvSize, -1, -1, csvSize, -1]);
    const mixed: ReadProgress[] = [];
    await check([dir], { onProgress: (progress) => mixed.push(progress) });
    expect(mixed.map((p) => p.bytes)).toEqual([statSync(join(dir, 'a.xlsx')).size, statSync(join(dir, 'a.xlsx')).size + csvSize]);
    const rows = await check([{ rows: [{ county_code: '431102', period: '2025-12' }] }], { onProgress: (progress) => seen.push(progress) });
    expect(rows.files).toHaveLength(1);
    expect(seen.at(-1)!.totalBytes).toBeUndefined();
  });

  it('stays away from pipes, CI and NO_PROGRESS, and from quick runs', () => {
    expect(progressBar({}, terminal(false), 'en')).toBeUndefined();
    expect(progressBar({ CI: 'true' }, terminal(), 'en')).toBeUndefined();
    expect(progressBar({ NO_PROGRESS: '1' }, terminal(), 'en')).toBeUndefined();
    const stream = terminal();
    const quick = progressBar({}, stream, 'en', () => 0)!;
    quick.onProgress({ files: 1, total: 2, rows: 10, file: 'a.csv', bytes: 100, totalBytes: 200 });
    quick.stop();
    expect(stream.text()).toBe('');
  });
});
