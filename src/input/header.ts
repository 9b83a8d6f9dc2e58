/**
 * Header matching: a submission's header cells may be the column ids or their Chinese labels,
 * written with full-width brackets, spaces or without the unit in brackets.
 */
import { closest } from '../closest.js';
import type { ColumnSpec } from '../validate/columns.js';
import { LIST_NUMBER } from './form.js';
import { cleanText } from './normalise.js';
import { SLASH_UNIT } from './units.js';

/** Normal form of a header label: NFKC, no whitespace at all, lower case. */
export function labelKey(label: string): string {
  return cleanText(label).replace(/\s+/g, '').toLowerCase();
}

/** Label without a trailing unit in brackets: `养老机构床位数(张)` -> `养老机构床位数`. */
function baseKey(key: string): string {
  return key.replace(/\([^()]*\)$/, '');
}

/**
 * A base key as forms vary it: without 其中 (of which) before it, 数 (number of) after it, or the
 * 是否 (whether) that asks a yes/no column as a question: `护理型床位数` and `其中护理型床位` ->
 * `护理型床位`, `是否查明身份信息` -> `查明身份信息` (the base of `查明身份信息（是/否）`).
 */
function looseKey(base: string): string {
  return base.replace(/^(?:其中[:：]?|是否)/, '').replace(/数$/, '');
}

/** How one header cell was matched. */
export interface HeaderMatch {
  id: string;
  /** True when the label was not exactly the column id or its label. */
  normalised: boolean;
  /** The label is one of the column's certificates (ColumnSpec.certificates): its cells are read for the ID numbers in them. */
  certificate?: true;
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
  private readonly byLoose = new Map<string, string | null>();
  /** The columns read from certificates, by the base key (baseKey) of a certificate's header. */
  private readonly byCertificate = new Map<string, string>();

  constructor(private readonly columns: readonly ColumnSpec[]) {
    for (const column of columns) {
      for (const label of column.certificates ?? []) this.byCertificate.set(baseKey(labelKey(label)), column.id);
      this.exact.set(column.id, column.id);
      this.exact.set(column.label, column.id);
      // Another name a column goes by is matched as a normalised label is (and noted so).
      for (const label of [column.id, column.label, ...(column.aliases ?? [])]) {
        const key = labelKey(label);
        this.byKey.set(key, column.id);
        const base = baseKey(key);
        // A base shared by two columns matches neither.
        this.byBase.set(base, this.byBase.has(base) && this.byBase.get(base) !== column.id ? null : column.id);
        const loose = looseKey(base);
        this.byLoose.set(loose, this.byLoose.has(loose) && this.byLoose.get(loose) !== column.id ? null : column.id);
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

  /** closest() of labels asked before (each costs a comparison with every column), by label and the ids a header names. */
  private readonly near = new Map<string, string | undefined>();
  /** The ids a header names, as one text, made once a header. */
  private readonly namedText = new WeakMap<ReadonlyMap<string, unknown>, string>();

  /**
   * The label of the column an unknown label comes closest to (src/closest.ts), by its id or its
   * label, of those not in `named` (ids): `其中护理形床位` for `其中护理型床位（张）`. Past 256 labels a
   * run asks no more.
   */
  closest(label: string, named: ReadonlyMap<string, unknown>): string | undefined {
    const key = baseKey(labelKey(label));
    let names = this.namedText.get(named);
    if (names === undefined) this.namedText.set(named, (names = [...named.keys()].join(',')));
    const cached = `${key}\u0000${names}`;
    if (this.near.has(cached)) return this.near.get(cached);
    if (this.near.size >= NEAR_ASKED) return undefined;
    const unnamed = this.columns.filter((column) => !named.has(column.id));
    const found = closest(key, unnamed, (column) => [baseKey(labelKey(column.id)), baseKey(labelKey(column.label))])?.label;
    this.near.set(cached, found);
    return found;
  }

  private lookUp(label: string): HeaderMatch | undefined {
    const exact = this.exact.get(label);
    if (exact) return { id: exact, normalised: false };
    const bare = unmarked(label);
    const id = this.byLabel(label) ?? (bare === label ? undefined : this.byLabel(bare));
    if (id) return { id, normalised: true };
    const read = this.byCertificate.get(baseKey(labelKey(bare)));
    return read ? { id: read, normalised: true, certificate: true } : undefined;
  }

  /** The column a label names after normalising (labelKey), its unit in brackets, after a slash (床位数/张) or neither, and with or without 其中, 数 and 是否 (looseKey). */
  private byLabel(label: string): string | undefined {
    const key = labelKey(label);
    return (
      this.byKey.get(key) ??
      this.byBase.get(key) ??
      this.byBase.get(baseKey(key)) ??
      (SLASH_UNIT.test(key) ? this.byBase.get(key.replace(SLASH_UNIT, '')) : undefined) ??
      // Without 其中 or 是否 before it or 数 after it, where that names one column only.
      this.byLoose.get(looseKey(baseKey(key.replace(SLASH_UNIT, '')))) ??
      undefined
    );
  }
}

/** A mark a form sets after a label: a footnote's number or sign (①, ⑴, ⒈, ㉑, ¹, ^, *, ※, △, ▲). */
const MARK = /[\u2460-\u249b\u24ea\u3251-\u325f\u32b1-\u32bf\u00b9\u00b2\u00b3\u2070-\u2079*＊※△▲^\s]/;

/**
 * A label without the marks a form sets before or after it: a required field's star (*区划代码), a
 * column's number before it (1、养老机构床位数), a footnote's number or sign after it (①, ¹, [1],
 * ^①, ※, △), which NFKC would make a 1. Read character by character from either end, in time
 * linear in the label.
 */
function unmarked(label: string): string {
  let start = 0;
  let end = label.length;
  const starred = () => {
    while (start < end && /[\s*＊※]/.test(label[start]!)) start++;
  };
  // A star, then a column's number, then a star (*1、区划代码, 1、*区划代码).
  starred();
  start += LIST_NUMBER.exec(label.slice(start))?.[0].length ?? 0;
  starred();
  for (;;) {
    if (end > start && MARK.test(label[end - 1]!)) end--;
    else if (end - start > 3 && /^[[［]\d{1,2}[\]］]$/.test(label.slice(end - 4, end))) end -= 4;
    else if (end - start > 2 && /^[[［]\d[\]］]$/.test(label.slice(end - 3, end))) end -= 3;
    else break;
  }
  return label.slice(start, end);
}

/** Labels closest() works out in a run, at most. */
const NEAR_ASKED = 256;
