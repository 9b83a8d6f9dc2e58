/**
 * Reading a JSON report saved by an earlier run (`plan-check … --format json -o last.json`), so
 * that `--compare last.json` needs no earlier drop on disk. It is read a piece at a time and only
 * the results of its latest period are kept, with what a comparison reads of them: a report of
 * years of periods, or of a region of thousands of units, is compared in the memory of its latest
 * period's results.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { ComparedResult } from '../evaluate/compare.js';
import { comparePeriods } from '../evaluate/schedule.js';
import type { Bilingual, Result } from '../types.js';
import { JsonFault, MAX_DEPTH, MAX_PIECE_BYTES, readJsonPieces, type JsonPieceHandler } from './json-pieces.js';

const STATUSES = new Set(['pass', 'fail', 'warn', 'no_data']);

/** True when a path names a saved JSON report rather than a submission. */
export function isSavedReport(path: string): boolean {
  return /\.json$/i.test(path);
}

/** A path that names something that cannot be read as a file (a folder named x.json). */
const UNREADABLE: Bilingual = { en: 'not a file that can be read', zh: '不是可读取的文件' };

/** Whether an element of a saved report's results has what a result of plan-check has. */
function looksLikeResult(r: unknown): r is Result {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  return (
    typeof x.rule === 'string' &&
    (x.level === 'county' || x.level === 'city') &&
    typeof x.unit === 'string' &&
    typeof x.period === 'string' &&
    STATUSES.has(x.status as string) &&
    (x.value === null || typeof x.value === 'number')
  );
}

/**
 * The results of the latest period of a saved report of the same plan, with what a comparison reads
 * of them; anything else is a usage error naming the file (and the line and column where it is not
 * JSON). `chunkBytes`: how much of the file is read at a time.
 */
export function readSavedReport(path: string, plan: string, chunkBytes?: number): ComparedResult[] {
  const found = new SavedResults();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw refused(path, missing ? { en: 'no such file', zh: '没有这个文件' } : UNREADABLE);
  }
  try {
    readJsonPieces((into) => readSync(fd, into, 0, into.length, null), found, chunkBytes);
  } catch (error) {
    if (!(error instanceof JsonFault)) {
      if ((error as NodeJS.ErrnoException).code === undefined) throw error;
      throw refused(path, UNREADABLE);
    }
    const place = `${path}:${error.line}:${error.column}`;
    if (error.kind === 'invalid') throw refused(place, notJson(error.found));
    const why =
      error.kind === 'large'
        ? { en: `a value of more than ${MAX_PIECE_BYTES / 2 ** 20} MiB`, zh: `一个值超过 ${MAX_PIECE_BYTES / 2 ** 20} MiB` }
        : { en: `lists and objects nested more than ${MAX_DEPTH} deep`, zh: `列表和对象嵌套超过 ${MAX_DEPTH} 层` };
    throw new UsageError(`compare ${place}: not a plan-check JSON report (${why.en})`, {
      option: 'compare',
      zh: `compare ${place}：不是 plan-check 的 JSON 报告（${why.zh}）`,
    });
  } finally {
    closeSync(fd);
  }
  if (!found.listed) {
    throw new UsageError(`compare ${path}: not a plan-check JSON report (it has no "results" list)`, {
      option: 'compare',
      zh: `compare ${path}：不是 plan-check 的 JSON 报告（没有 "results" 列表）`,
    });
  }
  if (found.plan !== plan) {
    throw new UsageError(
      `compare ${path}: a report of plan ${String(found.plan)}, not of ${plan}; compare with a report of ${plan}, or name the plan of that report with --plan`,
      {
        option: 'compare',
        zh: `compare ${path}：这是规划 ${String(found.plan)} 的报告，不是 ${plan} 的；请与 ${plan} 的报告比较，或用 --plan 指定该报告的规划`,
      },
    );
  }
  const bad = found.firstBad;
  if (bad !== undefined)
    throw new UsageError(`compare ${path}: result ${bad} is not a plan-check result (rule, level, unit, period, value, status)`, {
      option: 'compare',
      zh: `compare ${path}：第 ${bad} 项不是 plan-check 的结果（rule、level、unit、period、value、status）`,
    });
  return found.latest();
}

/** "Not valid JSON", and what stands where it stops being JSON (JsonFault.found). */
function notJson(found: string | undefined): Bilingual {
  if (found === undefined)
    return { en: 'not valid JSON: the text ends before its last } or ]', zh: '不是有效的 JSON：文本在最后的 } 或 ] 之前就结束了' };
  if (found === '') return { en: 'not valid JSON: a character that cannot stand there', zh: '不是有效的 JSON：此处不能有这个字符' };
  return { en: `not valid JSON: ${JSON.stringify(found)} cannot stand there`, zh: `不是有效的 JSON：此处不能是 ${JSON.stringify(found)}` };
}

/** A saved report that cannot be read as one, and what to give instead. */
function refused(shown: string, reason: Bilingual): UsageError {
  return new UsageError(`compare ${shown}: ${reason.en}; give a folder or files of an earlier drop, or a JSON report of an earlier run`, {
    option: 'compare',
    zh: `compare ${shown}：${reason.zh}；请给出上一次报送的文件夹或文件，或上一次运行的 JSON 报告`,
  });
}

/**
 * What a saved report holds, as it is read: its plan, whether it has a list of results, the first
 * that is not a result, and the results of its latest period so far. As with the whole parsed, a
 * name given twice counts the second time.
 */
class SavedResults implements JsonPieceHandler {
  plan: unknown;
  listed = false;
  firstBad: number | undefined;
  private count = 0;
  /** The latest period so far, and the results of it (and of any period ranked the same, which compareResults tells apart). */
  private top: string | undefined;
  private kept: ComparedResult[] = [];

  value(member: string, value: unknown): void {
    if (member === 'plan') this.plan = value;
    if (member === 'results') this.start(false);
  }

  list(member: string): void {
    if (member === 'results') this.start(true);
  }

  element(member: string, value: unknown): void {
    if (member !== 'results') return;
    this.count++;
    if (!looksLikeResult(value)) this.firstBad ??= this.count;
    else this.keep(value);
  }

  document(): void {}

  /** The results of the latest period. */
  latest(): ComparedResult[] {
    return this.kept;
  }

  private start(listed: boolean): void {
    this.listed = listed;
    this.firstBad = undefined;
    this.count = 0;
    this.top = undefined;
    this.kept = [];
  }

  private keep({ rule, level, unit, period, value, status, attribute, op, target }: Result): void {
    const rank = this.top === undefined ? 1 : comparePeriods(period, this.top);
    if (rank < 0) return;
    if (rank > 0) [this.top, this.kept] = [period, []];
    this.kept.push({ rule, level, unit, period, value, status, attribute, op, target });
  }
}
