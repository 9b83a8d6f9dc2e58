/** The JSON report of docs/report.md. */
import { hintOf, messageOf } from '../catalog.js';
import { jsonSafe, JsonSafeEncoder, jsonText } from './escape.js';
import { summarize, type Report } from '../check.js';
import type { Issue, Lang, Result } from '../types.js';
import type { Plan } from '../plan/plan.js';
import { RESULTS_A_PIECE, type ReporterOptions, type ReportPieces } from './options.js';
import { slices } from '../arrays.js';

function issueJson(found: Issue, lang: Lang) {
  return {
    file: found.file,
    line: found.line ?? null,
    column: found.column ?? null,
    field: found.field ?? null,
    code: found.code,
    severity: found.severity,
    message: messageOf(found, lang),
    hint: hintOf(found, lang),
  };
}

/** Renders the report as one JSON document. */
export function jsonReport(report: Report, options: ReporterOptions): string {
  const rest = Object.entries(documentAfterResults(report)).map(([key, value]) => [key, asJson(key, value, options.lang)]);
  return jsonText({ plan: report.plan.id, results: report.results, ...Object.fromEntries(rest) });
}

/** The keys of the JSON report after its results, in their order: problems (as Issues: asJson makes them the report's), growth checks, summary, files. */
function documentAfterResults(report: Report) {
  return {
    errors: report.issues.filter((i) => i.severity === 'error'),
    warnings: report.issues.filter((i) => i.severity === 'warning'),
    notices: report.issues.filter((i) => i.severity === 'info'),
    growth_checks: report.growth,
    summary: summarize(report),
    unlisted: report.unlisted,
    files: report.files,
    strict: report.strict,
    ...(report.comparison ? { comparison: report.comparison } : {}),
  };
}

/** A value of documentAfterResults as the report has it: problems in the report's words. */
function asJson(key: string, value: unknown, lang: Lang): unknown {
  return key === 'errors' || key === 'warnings' || key === 'notices' ? (value as Issue[]).map((found) => issueJson(found, lang)) : value;
}

/** How many results (or problems, or files) are stringified at once: their text (about 300 characters each) stays short of what V8 keeps apart from its other strings (128 KB). */
const ITEMS_A_PIECE = 50;

/**
 * The items of a list of the document (at `path`: its key and the keys of the objects it is in),
 * ITEMS_A_PIECE at a time, as the document indents them: each piece stringified at their depth and
 * cut out of its wrapper ("\n    {...},\n    {...}"), led by a comma where items come before it
 * (`before` of them in earlier pieces); `asItems` makes the items of a piece what the document holds.
 */
function* listPieces(
  path: readonly string[],
  items: readonly unknown[],
  before: number,
  asItems: (items: readonly unknown[]) => unknown = (slice) => slice,
): Generator<string, void, undefined> {
  const wrap = (inner: unknown) =>
    JSON.stringify(
      path.reduceRight((value, key) => ({ [key]: value }), inner),
      null,
      2,
    );
  // The wrapper up to the list's [, and after its last item: a line break, the ] indented at the list's depth, and the rest.
  const empty = wrap([]);
  const open = empty.lastIndexOf('[]') + 1;
  const close = empty.length - open + 1 + 2 * path.length;
  for (let at = 0; at < items.length; at += ITEMS_A_PIECE) {
    const text = wrap(asItems(items.slice(at, at + ITEMS_A_PIECE)));
    yield `${before + at === 0 ? '' : ','}${text.slice(open, -close)}`;
  }
}

/** The JSON report written as its results come, a period at a time (ReportPieces): byte for byte jsonReport's text. */
export class JsonReportPieces implements ReportPieces {
  private written = 0;
  private readonly encoder = new JsonSafeEncoder();

  constructor(
    private readonly plan: Plan,
    private readonly options: ReporterOptions,
  ) {}

  /** The document up to its first result. */
  head(): string {
    return jsonSafe(`{\n  "plan": ${JSON.stringify(this.plan.id)},\n  "results": [`);
  }

  /**
   * Results, each as the whole document would indent it, after those written before: bytes valid
   * until the next piece. Stringified ITEMS_A_PIECE at a time: V8 builds a long text in pieces and
   * joins them into fresh memory when it is first read, which for a period of 700 results costs
   * twice the stringifying (840 files' report: 190 ms -> 90 ms).
   */
  *results(results: readonly Result[]): Generator<Uint8Array, void, undefined> {
    for (const slice of slices(results, RESULTS_A_PIECE)) {
      const bytes = this.encoder.encode([...listPieces(['results'], slice, this.written)]);
      this.written += slice.length;
      yield bytes;
    }
  }

  /**
   * The rest of the document, after the last result: problems, summary and files of the run, each
   * key as jsonReport writes it, its long lists ITEMS_A_PIECE items a piece (a run of thousands of
   * files and problems is not made one text of tens of megabytes).
   */
  *tail(report: Report): Generator<string, void, undefined> {
    yield this.written === 0 ? ']' : '\n  ]';
    const { lang } = this.options;
    yield* keyPieces(Object.entries(documentAfterResults(report)), true, (key, value) => asJson(key, value, lang));
    yield '\n}\n';
  }
}

/**
 * Keys of a JSON document as jsonText indents them, each led by a comma where a key comes before it
 * (`after`: keys were written before these), inside the objects of `parents`' keys: a value whole,
 * a long list ITEMS_A_PIECE items a piece, an object that holds one a key at a time (a comparison's
 * lists); `asValue` makes a value (or a piece of a list) what the document holds.
 */
function* keyPieces(
  entries: Iterable<[string, unknown]>,
  after: boolean,
  asValue: (key: string, value: unknown) => unknown = (_, value) => value,
  parents: readonly string[] = [],
): Generator<string, void, undefined> {
  const indent = '  '.repeat(parents.length + 1);
  let lead = after ? `,\n${indent}` : `\n${indent}`;
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    const path = [...parents, key];
    if (Array.isArray(value) && value.length > 0) {
      yield `${lead}${JSON.stringify(key)}: [`;
      for (const piece of listPieces(path, value, 0, (items) => asValue(key, items))) yield jsonSafe(piece);
      yield `\n${indent}]`;
    } else if (holdsLongList(value)) {
      yield `${lead}${JSON.stringify(key)}: {`;
      yield* keyPieces(Object.entries(value), false, undefined, path);
      yield `\n${indent}}`;
    } else {
      // Stringified on its own: its lines indented at its depth (a line break in JSON's text is only ever between its parts).
      yield jsonSafe(`${lead}${JSON.stringify(key)}: ${JSON.stringify(asValue(key, value), null, 2).replaceAll('\n', `\n${indent}`)}`);
    }
    lead = `,\n${indent}`;
  }
}

/** True for an object (not a list) one of whose values is a list of more than ITEMS_A_PIECE items. */
function holdsLongList(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).some((inner) => Array.isArray(inner) && inner.length > ITEMS_A_PIECE)
  );
}

/** A JSON document of plain data (an object) as jsonText writes it, in pieces: its long lists ITEMS_A_PIECE items a piece. */
export function* jsonPieces(document: object): Generator<string, void, undefined> {
  const entries = Object.entries(document).filter(([, value]) => value !== undefined);
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  yield* keyPieces(entries, false);
  yield '\n}\n';
}
