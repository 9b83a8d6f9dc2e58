/**
 * Rosters, as their rows are read: each valid row is folded at once into its unit's and period's
 * counts and sums (plan/rosters.ts), and a record listed twice in a period, in any unit, is an
 * error naming both places. Memory grows with units, periods and records, never with the row
 * objects, which are dropped as soon as they are counted. At the end the totals become summary
 * rows: a unit's roster gives its columns, beside its summary row or in place of one.
 */
import { issue } from '../catalog.js';
import { compileRowExpression, NoData, type Outcome } from '../evaluate/metric.js';
import { Rational } from '../evaluate/rational.js';
import { cellPlace } from './cell.js';
import type { Roster, RosterSum } from '../plan/rosters.js';
import type { Registry } from '../registry.js';
import type { CellValue, Issue, Row } from '../types.js';
import type { Batch } from './batch.js';
import { idNumberKey, isOwnColumn, type Columns } from './columns.js';
import { columnsOf } from '../evaluate/expression.js';
import { maskId } from './id-number.js';
import { digitsOf, excerpt } from '../input/normalise.js';
import { INDEX_LIMITS, recordIndex, RecordIndexFull, type IndexLimits, type Listing, type RecordIndex } from './record-index.js';
import { PlanCheckError } from '../errors.js';

/** One unit's roster of one period, added up so far. */
interface Totals {
  file: string;
  line: number;
  /** Per `gives` entry: a count, a sum, or null once a row lacked what it needs. */
  values: (number | Rational | null)[];
}

/** The rosters of a run: totals by roster, period and unit, and the records seen. */
export class RosterTotals {
  private readonly totals = new Map<string, Map<string, Map<string, Totals>>>();
  private readonly records = new Map<Roster, Map<string, RecordIndex>>();
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly unitIndex: Map<string, number>;
  private readonly byId: Map<string, Roster>;
  /** Each roster's counts and sums, with what each takes of a row. */
  private readonly foldings: Map<Roster, Folding[]>;
  /** The record index last used: the rows of a period come together. */
  private last: { roster: Roster; period: string; index: RecordIndex } | undefined;
  /** The periods' totals the last row counted in (periodsOf). */
  private readonly lastCounted: { roster: Roster | undefined; period: string; periods: Map<string, Totals>[] } = {
    roster: undefined,
    period: '',
    periods: [],
  };
  /** Per roster, the totals by unit that a row's period (or day) counts in, by that period as written or a day's month (monthOfDay). */
  private readonly countedIn = new Map<Roster, Map<string | number, Map<string, Totals>[]>>();
  /** What rows read from the bytes of lines like a clean row's share in the fold (addKnown, addOwn), by that row's values. */
  private readonly alike = new WeakMap<object, Alike>();
  /** Per roster, readsOwnCells. */
  private readonly readsOwn: Map<Roster, boolean>;
  /** Where the row being added is listed, for its record index. */
  private readonly listing: Listing = { file: 0, line: 0, unit: 0 };

  constructor(
    rosters: readonly Roster[],
    private readonly summary: Columns,
    private readonly registry: Registry,
    private readonly limits: IndexLimits = INDEX_LIMITS,
  ) {
    this.byId = new Map(rosters.map((r) => [r.id, r]));
    this.foldings = new Map(
      rosters.map((r) => [
        r,
        r.gives.map((sum) => ({ sum, ...(sum.of ? { of: shareOf(sum, compileRowExpression(sum.of, r.columns.byId)) } : {}) })),
      ]),
    );
    this.unitIndex = new Map(registry.units.map((u, i) => [u.code, i]));
    this.readsOwn = new Map(rosters.map((r) => [r, readsOwnCells(r)]));
  }

  /** The roster a row was read as. */
  rosterOf(row: Row): Roster | undefined {
    return row.roster === undefined ? undefined : this.byId.get(row.roster);
  }

  /**
   * Folds a valid roster row into its unit's totals; an issue when its record is listed already
   * this period, told in full only where `described` (one past a file's listing limit is only counted).
   */
  add(row: Row, roster: Roster, described = true): Issue | undefined {
    const key = roster.columns.key;
    const record = key === undefined ? undefined : row.values[key];
    return this.count(row, roster, typeof record === 'string' ? record : undefined, undefined, this.sharesOf(row, roster), described);
  }

  /**
   * add() for a row read from its bytes (input/roster-lines.ts): its record and its ID number's key
   * are its own, its other values another row's, so its record index, file, unit, totals and what
   * each count or sum takes of it are worked out once for all the rows that share them.
   */
  addKnown(row: Row & { readonly record: string; readonly key: number }, roster: Roster, described = true): Issue | undefined {
    const { columns } = roster;
    // The rows read from one line's bytes share its values: their index, file, unit, totals and shares, found at the first of them.
    let alike = this.alike.get(row.values);
    if (!alike) this.alike.set(row.values, (alike = this.alikeOf(row, roster, true)));
    // The ID number's text is made only for a message of a second listing (row.record).
    const duplicate = this.listIn(
      alike.index,
      alike.file,
      alike.unit,
      roster,
      columns.dated ? '' : (row.values[columns.period] as string),
      row,
      row.key,
      row,
      row.values[columns.code] as string,
      described,
    );
    if (duplicate) return duplicate;
    for (const totals of (alike.totals ??= this.unitTotals(row, roster))) foldInto(totals, roster.gives, alike.shares!);
    return undefined;
  }

  /**
   * add() for a row whose cells but its own are those of a row found clean (input/roster-lines.ts
   * OwnRow): what each count or sum takes of it is worked out once for all the rows like it, where
   * none takes anything of a record's own cells (yes/no answers); else row by row.
   */
  addOwn(row: Row & { readonly like: object; readonly key?: number }, roster: Roster, described = true): Issue | undefined {
    const { columns } = roster;
    const record = row.values[columns.key!];
    if (typeof record !== 'string') return this.add(row, roster, described);
    let alike = this.alike.get(row.like);
    if (!alike) this.alike.set(row.like, (alike = this.alikeOf(row, roster, false)));
    const period = row.values[columns.period] as string;
    // Listed where the rows like it are: their index, file and unit.
    const duplicate = this.listIn(
      alike.index,
      alike.file,
      alike.unit,
      roster,
      columns.dated ? '' : period,
      record,
      row.key,
      row,
      row.values[columns.code] as string,
      described,
    );
    if (duplicate) return duplicate;
    // Its unit's totals of its period, or of its day's month and year, as the first row like it found them.
    let counted: Totals[];
    if (columns.dated) {
      const month = monthOfDay(period);
      const known = month < 0 ? undefined : alike.byMonth?.get(month);
      counted = known ?? this.unitTotals(row, roster);
      if (!known && month >= 0) (alike.byMonth ??= new ByMonth()).set(month, counted);
    } else {
      counted = alike.totals ??= this.unitTotals(row, roster);
    }
    // What each count or sum takes of it: the rows' like it, unless one takes a record's own cells (beds).
    const shares = alike.shares ?? this.sharesOf(row, roster);
    for (const totals of counted) foldInto(totals, roster.gives, shares);
    return undefined;
  }

  /**
   * What the rows like a clean row share in the fold (addKnown, addOwn), worked out at the first of
   * them; their shares too where `allShared` (all but the record's number) or no count or sum reads
   * a record's own cells.
   */
  private alikeOf(row: Row, roster: Roster, allShared: boolean): Alike {
    const { columns } = roster;
    return {
      shares: allShared || !this.readsOwn.get(roster) ? this.sharesOf(row, roster) : undefined,
      file: this.fileNumber(row.file),
      unit: this.unitIndex.get(row.values[columns.code] as string) ?? 0,
      index: this.indexOf(roster, columns.dated ? '' : (row.values[columns.period] as string)),
      totals: undefined,
      byMonth: undefined,
    };
  }

  /** What each count or sum of a roster takes of a row. */
  private sharesOf(row: Row, roster: Roster): Share[] {
    return this.foldings.get(roster)!.map((folding) => folding.of?.(row));
  }

  /** A row's unit's totals in the periods it counts in, made where they are not yet. */
  private unitTotals(row: Row, roster: Roster): Totals[] {
    const code = row.values[roster.columns.code] as string;
    return this.periodsOf(roster, row.values[roster.columns.period] as string).map((byUnit) => unitTotalsIn(byUnit, code, row, roster));
  }

  /** A file's place in the run's list of files, which listings name it by. */
  private fileNumber(file: string): number {
    let number = this.fileIndex.get(file);
    if (number === undefined) {
      this.fileIndex.set(file, (number = this.files.length));
      this.files.push(file);
    }
    return number;
  }

  /**
   * Counts a row with its shares (what each count or sum takes of it; undefined for count()),
   * unless its record (its text, or a row read from bytes that makes it when asked, its key given)
   * is listed already.
   */
  private count(
    row: Row,
    roster: Roster,
    record: string | { readonly record: string } | undefined,
    key: number | undefined,
    shares: Share[],
    described: boolean,
  ): Issue | undefined {
    const { columns } = roster;
    const code = row.values[columns.code] as string;
    const period = row.values[columns.period] as string;
    if (record !== undefined) {
      // A dated record (a case) is listed once in all: its day says its periods.
      const duplicate = this.listedBefore(roster, columns.dated ? '' : period, record, row, code, key, described);
      if (duplicate) return duplicate;
    }
    for (const byUnit of this.periodsOf(roster, period)) foldInto(unitTotalsIn(byUnit, code, row, roster), roster.gives, shares);
    return undefined;
  }

  /** The totals by unit of the periods a row of this period (or day: its month and its year) counts in. */
  private periodsOf(roster: Roster, period: string): Map<string, Totals>[] {
    // The rows of a period (of most rosters) come together: the last one's are at hand.
    const last = this.lastCounted;
    if (last.roster === roster && last.period === period) return last.periods;
    last.roster = roster;
    last.period = period;
    return (last.periods = this.periodsOfNew(roster, period));
  }

  /** periodsOf() of a period or day other than the last row's: looked up, or made on its first row. */
  private periodsOfNew(roster: Roster, period: string): Map<string, Totals>[] {
    let byValue = this.countedIn.get(roster);
    if (!byValue) this.countedIn.set(roster, (byValue = new Map()));
    // A day counts where its month does: found by the month's number, so that no day's text is hashed.
    const month = roster.columns.dated ? monthOfDay(period) : -1;
    const key = month < 0 ? period : month;
    let periods = byValue.get(key);
    if (!periods) {
      let byPeriod = this.totals.get(roster.id);
      if (!byPeriod) this.totals.set(roster.id, (byPeriod = new Map()));
      // A record of a day counts in its month and in its year.
      periods = (roster.columns.dated ? [period.slice(0, 7), period.slice(0, 4)] : [period]).map((counted) => {
        let byUnit = byPeriod.get(counted);
        if (!byUnit) byPeriod.set(counted, (byUnit = new Map()));
        return byUnit;
      });
      byValue.set(key, periods);
    }
    return periods;
  }

  private listedBefore(
    roster: Roster,
    period: string,
    given: string | { readonly record: string },
    row: Row,
    code: string,
    idKey: number | undefined,
    described: boolean,
  ): Issue | undefined {
    return this.listIn(
      this.indexOf(roster, period),
      this.fileNumber(row.file),
      this.unitIndex.get(code) ?? 0,
      roster,
      period,
      given,
      idKey,
      row,
      code,
      described,
    );
  }

  /**
   * Lists a row's record in an index (its key where it has one: an ID number's), from its file
   * and unit by number; the issue of a second listing where it was listed before.
   */
  private listIn(
    index: RecordIndex,
    file: number,
    unit: number,
    roster: Roster,
    period: string,
    given: string | { readonly record: string },
    idKey: number | undefined,
    row: Row,
    code: string,
    described: boolean,
  ): Issue | undefined {
    // One listing for every row: the index keeps a number of it, or a copy past what that holds.
    const at = this.listing;
    at.file = file;
    at.line = row.line;
    at.unit = unit;
    let earlier: Listing | undefined;
    try {
      earlier =
        idKey !== undefined && index.addKey ? index.addKey(idKey, at) : index.add(typeof given === 'string' ? given : given.record, at);
    } catch (error) {
      if (error instanceof RecordIndexFull) throw indexFullError(error, roster, period, row);
      throw error;
    }
    return earlier && this.secondListing(roster, period, typeof given === 'string' ? given : given.record, row, code, earlier, described);
  }

  /** The issue of a record listed again (its first listing `earlier`): in full where `described`, else its place alone. */
  private secondListing(
    roster: Roster,
    period: string,
    record: string,
    row: Row,
    code: string,
    earlier: Listing,
    described: boolean,
  ): Issue {
    const { columns } = roster;
    const key = columns.key!;
    // Only counted: what it would say (masked, with both units' names) is not worked out.
    if (!described) return issue('roster-duplicate', cellPlace(row, key));
    const unitParams = (prefix: string, listing: Listing | { unit: number }) => {
      const unit = this.registry.units[listing.unit]!;
      return { [prefix]: `${unit.code} ${unit.name_en}`, [`${prefix}_zh`]: `${unit.code} ${unit.name}` };
    };
    const shown = idNumberKey(columns) ? maskId(record) : excerpt(record);
    // The record by its column (each person_id, 同一身份证号), once a period or, for dated records (cases), once in all.
    const named = {
      record: key,
      record_zh: columns.byId.get(key)?.noun || key,
      ...(columns.dated
        ? { once: 'once in all', once_zh: '只能列入一次' }
        : { once: 'once per period', once_zh: '每个报告期只能列入一次' }),
    };
    const params = {
      id: shown,
      period: period || String(row.values[columns.period]),
      other: `${this.files[earlier.file]}:${earlier.line}`,
      ...named,
      ...unitParams('other_unit', earlier),
      ...unitParams('unit', { unit: this.unitIndex.get(code) ?? 0 }),
    };
    return issue('roster-duplicate', { ...cellPlace(row, key), params });
  }

  /** The records of a roster's period (the last one asked for is at hand: rows of a period come together). */
  private indexOf(roster: Roster, period: string): RecordIndex {
    const last = this.last;
    if (last?.roster === roster && last.period === period) return last.index;
    // By roster, then by the period's own text: a roster of many periods in turn looks its index up each row.
    let byPeriod = this.records.get(roster);
    if (!byPeriod) this.records.set(roster, (byPeriod = new Map()));
    let index = byPeriod.get(period);
    if (!index) byPeriod.set(period, (index = recordIndex(idNumberKey(roster.columns) !== undefined, this.limits)));
    this.last = { roster, period, index };
    return index;
  }

  /**
   * Puts the totals into the batch as summary rows. A unit with a summary row of the period gets
   * the roster's figures in it (a reported figure that differs is a warning); a unit without one
   * gets a row of the roster's figures alone.
   */
  intoBatch(batch: Batch, tell: (found: Issue) => void): void {
    for (const [id, byPeriod] of this.totals) {
      const roster = this.byId.get(id)!;
      for (const [period, byUnit] of byPeriod) {
        for (const [code, totals] of byUnit) {
          const reported = batch.periods.get(period)?.get(code)?.[0];
          const given: Record<string, CellValue> = Object.create(null);
          // The summary's exact values stay, but for the columns the roster gives: a sum a number
          // cannot hold exactly is kept as a fraction beside it, as a converted cell is.
          const exact: Record<string, Rational> = Object.assign(Object.create(null), reported?.exact);
          roster.gives.forEach((sum, i) => {
            const total = totals.values[i]!;
            given[sum.column] = total === null ? null : typeof total === 'number' ? total : total.toNumber();
            if (total instanceof Rational && !total.isHeldBy(given[sum.column] as number)) exact[sum.column] = total;
            else delete exact[sum.column];
          });
          if (reported) this.compare(reported, given, roster, period, code, tell);
          const row: Row = reported
            ? {
                ...reported,
                values: Object.assign(Object.assign(Object.create(null), reported.values), given),
                rosters: [...(reported.rosters ?? []), id],
              }
            : {
                file: totals.file,
                line: totals.line,
                values: Object.assign(given, { [this.summary.code]: code, [this.summary.period]: period }),
                columns: {},
                valid: true,
                rosters: [id],
                rosterOnly: true,
              };
          if (Object.keys(exact).length > 0) row.exact = exact;
          else delete row.exact;
          batch.put(period, code, row);
        }
      }
    }
  }

  /** A summary row's figure that the roster's rows do not add up to: a warning at its cell. */
  private compare(
    summary: Row,
    given: Record<string, CellValue>,
    roster: Roster,
    period: string,
    code: string,
    tell: (found: Issue) => void,
  ): void {
    for (const [column, counted] of Object.entries(given)) {
      const reported = summary.values[column];
      if (reported === null || reported === undefined || reported === counted) continue;
      const label = this.summary.byId.get(column)?.label ?? column;
      const at = { file: summary.file, line: summary.line, column: summary.columns[column], field: column };
      tell(
        issue('roster-differs', {
          ...at,
          params: {
            unit: code,
            period,
            field: column,
            label,
            reported: String(reported),
            counted: counted === null ? '—' : String(counted),
            roster: roster.title.en,
            roster_zh: roster.title.zh,
          },
        }),
      );
    }
  }
}

/** A day's month as one number (year x 12 + month - 1), read from its digits; -1 for text not of the form YYYY-MM-DD. */
function monthOfDay(day: string): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 0x2d || day.charCodeAt(7) !== 0x2d) return -1;
  const year = digitsOf(day, 0, 4);
  const month = digitsOf(day, 5, 7);
  return year >= 0 && month >= 1 && month <= 12 ? year * 12 + month - 1 : -1;
}

/** What the rows read from the bytes of lines like one clean row (input/roster-lines.ts KnownRow, OwnRow) share in the fold. */
interface Alike {
  /** What each count or sum takes of each of them; undefined where one takes a record's own cells (isOwnColumn: beds). */
  shares: Share[] | undefined;
  /** Their file's and unit's numbers in a listing. */
  file: number;
  unit: number;
  /** The records they are listed among: their period's, or a dated roster's one for all. */
  index: RecordIndex;
  /** Their unit's totals in their period; in a dated roster, by a day's month (monthOfDay), in its month and year. */
  totals: Totals[] | undefined;
  byMonth: ByMonth | undefined;
}

/** Months (monthOfDay) kept in an array from the first one found, on either side; others in a map. */
const NEAR_MONTHS = 128;

/** Totals by a day's month: the days of a roster fall within a few years, found by their place in an array. */
class ByMonth {
  private base = -1;
  private readonly near: (Totals[] | undefined)[] = [];
  private far: Map<number, Totals[]> | undefined;

  get(month: number): Totals[] | undefined {
    const at = month - this.base;
    return this.base >= 0 && at >= 0 && at < NEAR_MONTHS ? this.near[at] : this.far?.get(month);
  }

  set(month: number, totals: Totals[]): void {
    if (this.base < 0) this.base = Math.max(0, month - NEAR_MONTHS / 2);
    const at = month - this.base;
    if (at >= 0 && at < NEAR_MONTHS) this.near[at] = totals;
    else (this.far ??= new Map()).set(month, totals);
  }
}

/** A unit's totals of a period (by unit), made at the row that is its first. */
function unitTotalsIn(byUnit: Map<string, Totals>, code: string, row: Row, roster: Roster): Totals {
  let totals = byUnit.get(code);
  if (!totals) byUnit.set(code, (totals = { file: row.file, line: row.line, values: roster.gives.map(() => 0) }));
  return totals;
}

/** A row's shares folded into totals. */
function foldInto(totals: Totals, gives: readonly RosterSum[], shares: readonly Share[]): void {
  const values = totals.values;
  for (let i = 0; i < values.length; i++) values[i] = fold(values[i]!, gives[i]!, shares[i]);
}

/** Whether a count or sum of a roster takes something of a record's own cells (isOwnColumn: beds), so that rows like one another do not share what they give. */
function readsOwnCells(roster: Roster): boolean {
  return roster.gives.some(
    (sum) =>
      sum.of !== undefined &&
      columnsOf(sum.of).some((id) => {
        const spec = roster.columns.byId.get(id);
        return spec === undefined || isOwnColumn(spec, roster.columns);
      }),
  );
}

/** What a row gives a count or sum: a yes/no, a value (a whole number as itself), or undefined for count(). */
type Share = Outcome | number | undefined;

/** A count or a sum with what it takes of one row (compiled once per run; none for count()). */
interface Folding {
  sum: RosterSum;
  of?: (row: Row) => Outcome | number;
}

/**
 * What a row gives a sum of a column: the cell's number itself when it is a whole number a double
 * holds exactly (most: beds, persons), else its exact value; what a count or another sum takes, as
 * compiled.
 */
function shareOf(sum: RosterSum, compiled: (row: Row) => Outcome): (row: Row) => Outcome | number {
  const of = sum.of;
  if (sum.kind !== 'sum' || of?.kind !== 'column') return compiled;
  const name = of.name;
  return (row) => {
    const value = row.values[name];
    return typeof value === 'number' && Number.isSafeInteger(value) && row.exact?.[name] === undefined ? value : compiled(row);
  };
}

/**
 * A count or a sum with one row's share in it (undefined: count(), every row); a row without what
 * it needs leaves no total. A sum of whole numbers is kept as a number while a double holds it
 * exactly, and as an exact fraction from the first share or total that is not one.
 */
function fold(total: number | Rational | null, sum: RosterSum, share: Share): number | Rational | null {
  if (total === null) return null;
  if (share === undefined) return (total as number) + 1;
  if (share instanceof NoData) return null;
  if (sum.kind === 'count') return share === true ? (total as number) + 1 : total;
  if (typeof share === 'number' && typeof total === 'number') {
    const whole = total + share;
    if (Number.isSafeInteger(whole)) return whole;
  }
  return exactly(total).add(exactly(share as Rational | number));
}

const exactly = (value: number | Rational): Rational => (typeof value === 'number' ? Rational.fromNumber(value) : value);

/**
 * A roster of more records in a period than an index keeps: the run stops (exit 2) at the row
 * that would pass the bound, saying how to check the roster in parts.
 */
function indexFullError(full: RecordIndexFull, roster: Roster, period: string, row: Row): PlanCheckError {
  const { records, textUnits } = full.limits;
  const count = records.toLocaleString('en-US');
  const units = textUnits.toLocaleString('en-US');
  const where = `${row.file}:${row.line}`;
  const when = period ? { en: ` in ${period}`, zh: `在 ${period} ` } : { en: '', zh: '' };
  return new PlanCheckError(
    `${where}: the ${roster.title.en} lists more records${when.en} than plan-check keeps to find one listed twice (${count} records, ${units} characters of record numbers): split the file by period and check each part`,
    2,
    {
      zh: `${where}：${roster.title.zh}${when.zh}的记录超过 plan-check 查重所能保存的数量（${count} 条记录、${units} 个字符的记录编号）：请按报告期拆分文件，分别检查`,
    },
  );
}
