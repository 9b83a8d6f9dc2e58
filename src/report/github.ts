/**
 * The report as GitHub Actions workflow commands: an annotation for each problem in the data
 * (`::error file=…,line=…,col=…::`, a sheet's on its workbook; three of a kind, then one for the rest of it) and for each result that misses its target in the latest
 * period (binding ones as errors, expected ones as warnings), on the unit's row and the column
 * that would close the gap; then the summary line. The CLI also appends the Markdown report to
 * $GITHUB_STEP_SUMMARY when it is set.
 */
import { hintOf, messageOf } from '../catalog.js';
import type { Report } from '../check.js';
import { archiveMember } from '../input/archive.js';
import { historyOf } from '../history.js';
import { unitName } from '../registry.js';
import type { Result } from '../types.js';
import { terminalSafe } from './escape.js';
import { foldProblems, gapText, summaryLine, targetText, valueText } from './layout.js';
import type { ReporterOptions } from './options.js';
import { word } from './words.js';

/** Annotations GitHub shows per step; the rest are summed up in one notice. */
const MAX_ANNOTATIONS = 50;

/** A workflow command's message: %, CR and LF escaped as GitHub reads them. */
function data(text: string): string {
  return terminalSafe(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A workflow command's property value: also , and : escaped. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation stands. */
interface Place {
  file?: string;
  line?: number;
  col?: number;
}

/**
 * A place as GitHub finds it: a problem of a workbook's sheet, named `a.xlsx[道县]`, on the
 * workbook's file (one of those read), the sheet said in the title instead; one of a zip's file,
 * named `2025-12.zip/道县.csv` (or of a 7z, RAR or tar archive's), on the archive, the file and its line
 * and column said in the title (a line of the archive's bytes is none of the file's).
 */
function onFile({ file, line, col }: Place, title: string, files: readonly string[]): Place & { title: string } {
  // A workbook's sheet in a zip too (2025-12.zip/区县.xlsx[道县]): on the zip; so a 7z, RAR or tar archive's.
  const member = file === undefined ? undefined : archiveMember(file);
  if (member) return { file: member.archive, title: `${title} · ${[member.path, line, col].filter((x) => x !== undefined).join(':')}` };
  const workbook = file?.endsWith(']') ? files.find((read) => file.startsWith(`${read}[`)) : undefined;
  if (workbook !== undefined) return { file: workbook, line, col, title: `${title} · ${file!.slice(workbook.length + 1, -1)}` };
  return { file, line, col, title };
}

/** One workflow command line. */
function command(
  level: 'error' | 'warning' | 'notice',
  place: { file?: string; line?: number; col?: number; title?: string },
  message: string,
): string {
  const props = [
    place.file === undefined || place.file === '-' ? '' : `file=${property(place.file)}`,
    place.line === undefined ? '' : `line=${place.line}`,
    place.col === undefined ? '' : `col=${place.col}`,
    place.title === undefined ? '' : `title=${property(place.title)}`,
  ].filter(Boolean);
  return `::${level}${props.length ? ` ${props.join(',')}` : ''}::${data(message)}`;
}

/** Renders the report as workflow commands. */
export function githubReport(report: Report, options: ReporterOptions): string {
  const { lang } = options;
  const lines: string[] = [];
  // Three of each kind of problem, and one annotation on the file for the rest of the kind.
  for (const { found, rest } of foldProblems(
    report.issues.filter((i) => i.severity !== 'info'),
    lang,
  )) {
    const level = found.severity === 'error' ? 'error' : 'warning';
    const place = rest ? { file: found.file, line: rest.line } : { file: found.file, line: found.line, col: found.column };
    lines.push(
      command(
        level,
        onFile(place, `plan-check ${found.code}`, report.files),
        rest ? `${rest.message} → ${rest.hint}` : `${messageOf(found, lang)} → ${hintOf(found, lang)}`,
      ),
    );
  }
  const rules = new Map(report.plan.rules.map((r) => [r.id, r]));
  const missed = historyOf(report).latest.filter((r) => r.status === 'fail' || r.status === 'warn');
  for (const result of missed) lines.push(missedTarget(result, report, options, rules.get(result.rule)!));
  // Errors first, so that the cap never hides a failed target behind warnings.
  lines.sort((a, b) => Number(a.startsWith('::warning')) - Number(b.startsWith('::warning')));
  const shown = lines.slice(0, MAX_ANNOTATIONS);
  if (lines.length > MAX_ANNOTATIONS) shown.push(command('notice', {}, word('more', lang, { n: lines.length - MAX_ANNOTATIONS })));
  shown.push(summaryLine(report, lang));
  return `${shown.join('\n')}\n`;
}

function missedTarget(result: Result, report: Report, options: ReporterOptions, rule: Report['plan']['rules'][number]): string {
  const { lang } = options;
  const unit = report.registry.byCode.get(result.unit) ?? report.registry.city;
  const place = report.places?.get(`${result.period}|${result.unit}`);
  const field = result.gap?.field;
  const col = field !== undefined ? place?.columns[field] : undefined;
  const gap = gapText(result, lang);
  const against =
    lang === 'zh'
      ? `${valueText(result, rule, lang)}，目标 ${targetText(result, rule, lang)}`
      : `${valueText(result, rule, lang)} against ${targetText(result, rule, lang)}`;
  const message = `${unitName(unit, lang)} ${result.period}: ${against}${gap ? ` · ${gap}` : ''}`;
  return command(
    result.status === 'fail' ? 'error' : 'warning',
    onFile({ file: place?.file, line: place?.line, col }, `${result.rule} ${rule.title[lang]}`, report.files),
    message,
  );
}
