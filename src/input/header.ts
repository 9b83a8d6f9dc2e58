/**
 * Header matching: a submission's header cells may be the column ids or their Chinese labels,
 * written with full-width brackets, spaces or without the unit in brackets.
 */
import type { ColumnSpec } from '../validate/columns.js';
import { cleanText } from './normalise.js';

/** Normal form of a header label: NFKC, no whitespace at all, lower case. */
export function labelKey(label: string): string {
  return cleanText(label).replace(/\s+/g, '').toLowerCase();
}

/** Label without a trailing unit in brackets: `养老机构床位数(张)` -> `养老机构床位数`. */
function baseKey(key: string): string {
  return key.replace(/\([^()]*\)$/, '');
}

/** How one header cell was matched. */
export interface HeaderMatch {
  id: string;
  /** True when the label was not exactly the column id or its label. */
  normalised: boolean;
}

const matchers = new WeakMap<readonly ColumnSpec[], HeaderMatcher>();

/** The matcher of a list of columns, made once per list (every file of a run is matched with it). */
export function headerMatcher(columns: readonly ColumnSpec[]): HeaderMatcher {
  let matcher = matchers.get(columns);
  if (!matcher) matchers.set(columns, (matcher = new HeaderMatcher(columns)));
  return matcher;
}

/** Finds column ids for header labels. */
export class HeaderMatcher {
  private readonly exact = new Map<string, string>();
  private readonly byKey = new Map<string, string>();
  private readonly byBase = new Map<string, string | null>();

  constructor(columns: readonly ColumnSpec[]) {
    for (const column of columns) {
      this.exact.set(column.id, column.id);
      this.exact.set(column.label, column.id);
      // Another name a column goes by is matched as a normalised label is (and noted so).
      for (const label of [column.id, column.label, ...(column.aliases ?? [])]) {
        const key = labelKey(label);
        this.byKey.set(key, column.id);
        const base = baseKey(key);
        // A base shared by two columns matches neither.
        this.byBase.set(base, this.byBase.has(base) && this.byBase.get(base) !== column.id ? null : column.id);
      }
    }
  }

  /** Labels already matched: the files of a batch repeat one header. */
  private readonly seen = new Map<string, HeaderMatch | undefined>();

  /** The column a label names, or undefined. */
  match(label: string): HeaderMatch | undefined {
    if (this.seen.has(label)) return this.seen.get(label);
    const found = this.lookUp(label);
    if (this.seen.size < 4096) this.seen.set(label, found);
    return found;
  }

  private lookUp(label: string): HeaderMatch | undefined {
    const exact = this.exact.get(label);
    if (exact) return { id: exact, normalised: false };
    const key = labelKey(label);
    const id = this.byKey.get(key) ?? this.byBase.get(key) ?? this.byBase.get(baseKey(key)) ?? undefined;
    return id ? { id, normalised: true } : undefined;
  }
}
