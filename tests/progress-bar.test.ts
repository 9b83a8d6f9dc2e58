/** The progress bar: on a terminal after a second of reading, never in CI or a pipe. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { progressBar, type BarStream } from '../src/progress.js';

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
    const bar = progressBar({}, stream, () => clock)!;
    const report = await check(['data/samples/2025-12'], {
      onProgress: (progress) => {
        clock += 200;
        bar.onProgress(progress);
      },
    });
    bar.stop();
    expect(report.files).toHaveLength(15);
    expect(stream.text()).toMatch(/\d+\/15 files · \d+ rows/);
  });

  it('stays away from pipes, CI and NO_PROGRESS, and from quick runs', () => {
    expect(progressBar({}, terminal(false))).toBeUndefined();
    expect(progressBar({ CI: 'true' }, terminal())).toBeUndefined();
    expect(progressBar({ NO_PROGRESS: '1' }, terminal())).toBeUndefined();
    const stream = terminal();
    const quick = progressBar({}, stream, () => 0)!;
    quick.onProgress({ files: 1, total: 2, rows: 10, file: 'a.csv' });
    quick.stop();
    expect(stream.text()).toBe('');
  });
});
