/**
 * Reading a JSON report saved by an earlier run (`plan-check … --format json -o last.json`), so
 * that `--compare last.json` needs no earlier drop on disk. Only its results are used.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Result } from '../types.js';

const STATUSES = new Set(['pass', 'fail', 'warn', 'no_data']);

/**
 * Most bytes of a saved report read: JSON is parsed whole, at about three times its size in memory
 * (a drop's report is under a megabyte; five years of monthly drops about 30 MB). A larger one is refused
 * by its size, not read as text past what a string holds and called invalid.
 */
export const MAX_SAVED_REPORT_BYTES = 256 * 1024 * 1024;

/** True when a path names a saved JSON report rather than a submission. */
export function isSavedReport(path: string): boolean {
  return /\.json$/i.test(path);
}

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

/** The results of a saved report of the same plan; anything else is a usage error naming the file. */
export function readSavedReport(path: string, plan: string): Result[] {
  let document: unknown;
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size > MAX_SAVED_REPORT_BYTES) {
    const mib = MAX_SAVED_REPORT_BYTES / 2 ** 20;
    throw new UsageError(`compare ${path}: a report of ${Math.ceil(size / 2 ** 20)} MiB, more than the ${mib} MiB read of one; compare with the files of the earlier drop instead`, {
      option: 'compare',
      zh: `compare ${path}：报告有 ${Math.ceil(size / 2 ** 20)} MiB，超过可读取的 ${mib} MiB；请改为与上一次报送的文件比较`,
    });
  }
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const reason = missing ? { en: 'no such file', zh: '没有这个文件' } : { en: 'not valid JSON', zh: '不是有效的 JSON' };
    throw new UsageError(`compare ${path}: ${reason.en}; give a folder or files of an earlier drop, or a JSON report of an earlier run`, { option: 'compare', zh: `compare ${path}：${reason.zh}；请给出上一次报送的文件夹或文件，或上一次运行的 JSON 报告` });
  }
  const report = document as { plan?: unknown; results?: unknown };
  if (typeof report !== 'object' || report === null || !Array.isArray(report.results)) {
    throw new UsageError(`compare ${path}: not a plan-check JSON report (it has no "results" list)`, { option: 'compare', zh: `compare ${path}：不是 plan-check 的 JSON 报告（没有 "results" 列表）` });
  }
  if (report.plan !== plan) {
    throw new UsageError(`compare ${path}: a report of plan ${String(report.plan)}, not of ${plan}; compare with a report of ${plan}, or name the plan of that report with --plan`, {
      option: 'compare',
      zh: `compare ${path}：这是规划 ${String(report.plan)} 的报告，不是 ${plan} 的；请与 ${plan} 的报告比较，或用 --plan 指定该报告的规划`,
    });
  }
  const bad = report.results.findIndex((r) => !looksLikeResult(r));
  if (bad >= 0) throw new UsageError(`compare ${path}: result ${bad + 1} is not a plan-check result (rule, level, unit, period, value, status)`, { option: 'compare', zh: `compare ${path}：第 ${bad + 1} 项不是 plan-check 的结果（rule、level、unit、period、value、status）` });
  return report.results as Result[];
}
