/**
 * A progress bar on standard error for long runs: only on a terminal, never in CI or in a pipe,
 * and only once a run has taken a second, so that a quick check prints nothing more. Drawn by
 * cli-progress; cleared before the report is written.
 */
import type { SingleBar } from 'cli-progress';
import { progressPackage } from './lazy.js';
import type { ReadProgress } from './check.js';
import { terminalSafe } from './report/escape.js';
import { word } from './report/words.js';
import type { Lang } from './types.js';

/** Where a bar may be drawn: a terminal stream. */
export interface BarStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

/** Milliseconds a run goes before its bar appears. */
const QUIET_MS = 1000;

/** A progress callback and its end, or none where no bar is wanted (standard error no terminal, CI, NO_PROGRESS); its words in `lang`. */
export function progressBar(
  env: NodeJS.ProcessEnv,
  stream: BarStream | undefined,
  lang: Lang,
  now: () => number = Date.now,
): { onProgress: (progress: ReadProgress) => void; stop: () => void } | undefined {
  if (env.CI || env.NO_PROGRESS || !stream?.isTTY) return undefined;
  const started = now();
  let bar: SingleBar | undefined;
  return {
    onProgress(progress) {
      if (!bar && now() - started < QUIET_MS) return;
      // The bar fills with the bytes read where all the files' sizes are known (a single long roster moves it too), else file by file.
      const bytes = progress.totalBytes !== undefined && progress.totalBytes > 0;
      const [value, total] = bytes ? [progress.bytes, progress.totalBytes!] : [progress.files, progress.total];
      const payload = {
        files: word('barFiles', lang, { done: progress.files, total: progress.total }),
        rows: word('barRows', lang, { count: progress.rows, rows: progress.rows.toLocaleString('en') }),
        // The end of its name, by characters (a cut through a character's two halves would show as a stray mark).
        file: [...terminalSafe(progress.file)].slice(-40).join(''),
      };
      if (!bar) {
        const format = `{bar} ${bytes ? '{percentage}% · ' : ''}{files} · {rows} · {file}`;
        bar = new (progressPackage().SingleBar)({
          stream,
          format,
          barCompleteChar: '█',
          barIncompleteChar: '░',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 24,
          fps: 10,
        });
        bar.start(total, value, payload);
      } else bar.update(value, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}
