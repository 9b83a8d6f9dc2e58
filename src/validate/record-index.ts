/**
 * Where each record of a roster was first listed in a period, to find a second listing however
 * far apart the two are. Exact: every record is kept, none is hashed away. ID numbers are kept
 * as one number each in typed arrays (29 to 42 bytes a person as the hash table fills, so 10
 * million fit in a few hundred MB); other record numbers of digits and capitals (case numbers,
 * credit codes, township codes) as one number each, or two where they are longer than ten
 * characters; the rest by their text.
 */
import { checkedIdKey } from './id-number.js';

/** Where a record was listed: the index of its file in the run's list, its line, its unit's index. */
export interface Listing {
  file: number;
  line: number;
  unit: number;
}

/** The records of one period: add() tells of an earlier listing of the same record. */
export interface RecordIndex {
  /** `at` is read, not kept: the caller may give the same object again. */
  add(record: string, at: Listing): Listing | undefined;
  /** In an index of ID numbers: add() of a number by its key (checkedIdKey, idKeyOfBytes), without its text. */
  addKey?(key: number, at: Listing): Listing | undefined;
}

/**
 * How much one index keeps: records, and code units of record text. 33 million records is
 * almost three times the nation's disabled persons in one roster and period. At the bounds an
 * index of ID numbers holds about 1.3 GB and one of texts at most 2.3 GB, instead of growing
 * until the system stops the run without a word.
 */
export interface IndexLimits {
  records: number;
  textUnits: number;
}

/** The bounds of every index a run makes. */
export const INDEX_LIMITS: IndexLimits = { records: 2 ** 25, textUnits: 2 ** 29 };

/** Thrown by add() once the index is full (any record, kept before or not): the caller says where. */
export class RecordIndexFull extends Error {
  constructor(readonly limits: IndexLimits) {
    super(`a record index holds at most ${limits.records} records and ${limits.textUnits} code units of their text`);
  }
}

/** A record index for a column's values: ID numbers (checked already: validateRow) by their number, codes by two numbers, others by their text. */
export function recordIndex(idNumbers: boolean, limits: IndexLimits = INDEX_LIMITS): RecordIndex {
  return idNumbers ? new IdNumberIndex(limits) : new CodeIndex(limits);
}

/**
 * Records kept by number in the order they came, found by an open-addressing table of each one's
 * hash (31 bits) beside its number plus one (0: an empty slot), doubling at 5/8 full: eight bytes
 * a slot, so that the table an insert looks into at random is small. By number: a value of the
 * record's own (`values`: what tells two records apart, with same()) and where it was listed,
 * packed, or NaN for one kept in `far` (past what the packing holds: a line past 134 million, the
 * 16,385th file, the 4,097th unit).
 */
abstract class HashedRecords {
  private slots = new Int32Array(2 * 1024);
  /** Records kept. */
  count = 0;
  protected readonly values = new PagedNumbers();
  private readonly places = new PagedNumbers();
  private readonly far = new Map<number, Listing>();

  constructor(protected readonly limits: IndexLimits) {}

  /** Whether record `index` is the one of this value being added. */
  protected abstract same(index: number, value: number): boolean;

  /** The listing of the record of this hash and value kept before; or undefined, the record then kept. */
  protected addHashed(hash: number, value: number, at: Listing): Listing | undefined {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    for (let number = slots[2 * slot + 1]!; number !== 0; number = slots[2 * slot + 1]!) {
      if (slots[2 * slot] === hash && this.same(number - 1, value)) return this.listing(number - 1);
      slot = (slot + 1) & mask;
    }
    const index = this.count++;
    this.values.add(value);
    const place = packListing(at);
    this.places.add(place);
    // A copy: the caller may give the same object for its next record.
    if (Number.isNaN(place)) this.far.set(index, { file: at.file, line: at.line, unit: at.unit });
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = index + 1;
    if (this.count * 16 > slots.length * 5) this.grow();
    return undefined;
  }

  private listing(index: number): Listing {
    const place = this.places.get(index);
    return Number.isNaN(place) ? this.far.get(index)! : unpackListing(place);
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2));
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let slot = old[i]! & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[i]!;
      slots[2 * slot + 1] = old[i + 1]!;
    }
  }
}

/**
 * Records by their text: the texts' code units one after another in one array (a byte each while
 * they fit), each text's value where it ends there (doubles, exact past 2^31). A text is copied
 * there, not kept: a cell's text can be a slice that holds its whole block of the file in memory.
 */
class TextIndex extends HashedRecords implements RecordIndex {
  private units: Uint8Array | Uint16Array = new Uint8Array(16 * 1024);

  add(record: string, at: Listing): Listing | undefined {
    // The text is copied after the last one as its hash is worked out, and kept there only if it is new.
    const start = this.start(this.count);
    const end = start + record.length;
    if (end > this.limits.textUnits || this.count >= this.limits.records) throw new RecordIndexFull(this.limits);
    if (end > this.units.length) this.units = grown(this.units, Math.max(end, this.units.length * 2));
    let units = this.units;
    let h = 0x811c9dc5;
    let i = 0;
    // Texts are kept a byte a code unit until one needs two (most record numbers are ASCII): a loop
    // for each kind of array, so that each stays of one kind.
    if (units instanceof Uint8Array) {
      for (; i < record.length; i++) {
        const unit = record.charCodeAt(i);
        if (unit > 0xff) break;
        units[start + i] = unit;
        h = Math.imul(h ^ unit, 0x01000193);
      }
      if (i < record.length) units = this.units = Uint16Array.from(units);
    }
    for (; i < record.length; i++) {
      const unit = record.charCodeAt(i);
      units[start + i] = unit;
      h = Math.imul(h ^ unit, 0x01000193);
    }
    return this.addHashed((h ^ (h >>> 15)) >>> 1, end, at);
  }

  /** Where text `index` starts in `units`: where the one before it ends. */
  private start(index: number): number {
    return index === 0 ? 0 : this.values.get(index - 1);
  }

  /** Whether text `index` has the code units of the text being added, which ends at `end`. */
  protected same(index: number, end: number): boolean {
    const from = this.start(index);
    const start = this.start(this.count);
    if (this.values.get(index) - from !== end - start) return false;
    const units = this.units;
    for (let i = 0; i < end - start; i++) if (units[from + i] !== units[start + i]) return false;
    return true;
  }
}

/** A typed array of `length` holding `array` at its start. */
function grown<T extends Uint8Array | Uint16Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

/** Numbers a page of PagedNumbers holds (512 KiB), as bits of an index. */
const PAGE_BITS = 16;
const PAGE_MASK = 2 ** PAGE_BITS - 1;

/**
 * Numbers added one after another, kept in pages of 65,536, so that growing copies nothing and
 * leaves no old array behind for the collector: a full index holds what it keeps, not that and
 * the arrays it outgrew. The first page grows from 1,024, so that the index of a small roster
 * stays small.
 */
class PagedNumbers {
  private readonly pages: Float64Array[] = [new Float64Array(1024)];
  /** Numbers added. */
  length = 0;

  get(index: number): number {
    return this.pages[index >>> PAGE_BITS]![index & PAGE_MASK]!;
  }

  add(value: number): void {
    const offset = this.length & PAGE_MASK;
    let page = this.pages[this.length >>> PAGE_BITS];
    if (page === undefined) this.pages.push((page = new Float64Array(PAGE_MASK + 1)));
    else if (offset === page.length) {
      // Only the first page is short: it doubles until it is whole.
      const larger = new Float64Array(page.length * 2);
      larger.set(page);
      page = this.pages[0] = larger;
    }
    page[offset] = value;
    this.length++;
  }
}

/** Bits of a listing packed in one number: its line, its file's index and its unit's index (53 in all, exact in a double). */
const LINE_BITS = 2 ** 27;
const FILE_BITS = 2 ** 14;
const UNIT_BITS = 2 ** 12;

/** A listing as one number; NaN past what the packing holds (a line past 134 million, the 16,385th file, the 4,097th unit). */
function packListing(at: Listing): number {
  return at.line < LINE_BITS && at.file < FILE_BITS && at.unit < UNIT_BITS ? (at.unit * FILE_BITS + at.file) * LINE_BITS + at.line : NaN;
}

function unpackListing(place: number): Listing {
  return { line: place % LINE_BITS, file: Math.floor(place / LINE_BITS) % FILE_BITS, unit: Math.floor(place / (LINE_BITS * FILE_BITS)) };
}

/**
 * Records kept by numbers where their text has numbers (an ID number, a code), and by their text
 * where it has none; one bound for both: any record, kept before or not, once the index holds as
 * many as it may.
 */
abstract class NumberedRecords extends HashedRecords {
  /** Records kept by their text. */
  protected readonly others: TextIndex;

  constructor(limits: IndexLimits) {
    super(limits);
    this.others = new TextIndex(limits);
  }

  /** Throws RecordIndexFull once the records kept both ways reach the bound. */
  protected checkRoom(): void {
    if (this.count + this.others.count >= this.limits.records) throw new RecordIndexFull(this.limits);
  }
}

/** ID numbers by their key (checkedIdKey: an integer below 2^53, a double each); invalid ones (they were reported) by their text. */
class IdNumberIndex extends NumberedRecords implements RecordIndex {
  add(record: string, at: Listing): Listing | undefined {
    // The check character follows from the rest: only checked numbers come here, others by their text.
    const key = record.length === 18 ? checkedIdKey(record) : undefined;
    if (key !== undefined) return this.addKey(key, at);
    this.checkRoom();
    return this.others.add(record, at);
  }

  addKey(key: number, at: Listing): Listing | undefined {
    this.checkRoom();
    return this.addHashed(hash(key) >>> 1, key, at);
  }

  protected same(index: number, key: number): boolean {
    return this.values.get(index) === key;
  }
}

/** Characters of a code packed into one number: 37^10 is below 2^53. */
const CODE_HALF = 10;

/**
 * Record numbers of 1 to 20 digits and capital letters (case numbers, credit codes, township
 * codes: what rosters name most records by) as two numbers each, their first ten characters and
 * the rest, each written in base 37 without a zero digit, so that each text has numbers of its own
 * ("0" and "00" included): 16 bytes a record and no text kept (24 once a code is longer than ten),
 * where a text takes its characters and 16 bytes. Other texts are kept in a TextIndex; a text is
 * always kept the one way or the other.
 */
class CodeIndex extends NumberedRecords implements RecordIndex {
  /** The second numbers, made when the first code longer than CODE_HALF comes: until then every one is 0. */
  private lows: PagedNumbers | undefined;
  /** The second number of the code being added (same() compares it). */
  private low = 0;

  add(record: string, at: Listing): Listing | undefined {
    this.checkRoom();
    const length = record.length;
    if (length === 0 || length > 2 * CODE_HALF) return this.others.add(record, at);
    let high = 0;
    let low = 0;
    for (let i = 0; i < length; i++) {
      const unit = record.charCodeAt(i);
      // Digits are 1 to 10, capitals 11 to 36.
      const digit = unit >= 0x30 && unit <= 0x39 ? unit - 0x2f : unit >= 0x41 && unit <= 0x5a ? unit - 0x36 : 0;
      if (digit === 0) return this.others.add(record, at);
      if (i < CODE_HALF) high = high * 37 + digit;
      else low = low * 37 + digit;
    }
    this.low = low;
    const earlier = this.addHashed(codeHash(high, low), high, at);
    if (earlier) return earlier;
    if (low !== 0 && this.lows === undefined) {
      this.lows = new PagedNumbers();
      while (this.lows.length < this.count - 1) this.lows.add(0);
    }
    this.lows?.add(low);
    return undefined;
  }

  protected same(index: number, high: number): boolean {
    return this.values.get(index) === high && (this.lows === undefined ? 0 : this.lows.get(index)) === this.low;
  }
}

/** Codes hashed to neighbouring slots in runs of this many: a roster's numbers mostly come in order. */
const RUN = 16;

/**
 * The hash of a code's two numbers (CodeIndex), 31 bits. Codes that differ only in their last
 * number's place in a run of RUN (JZ00000001, JZ00000002, …) get neighbouring hashes, so that a
 * roster of numbers in order fills neighbouring slots of the table, a memory line at a time,
 * instead of one anywhere in it per record; runs are spread as any hash spreads.
 */
function codeHash(high: number, low: number): number {
  const last = low === 0 ? high : low;
  const run = Math.floor(last / RUN);
  const spread = low === 0 ? hash(run) : hash(high) ^ Math.imul(hash(run), 0x9e3779b1);
  return (((spread >>> 5) << 4) | (last - run * RUN)) >>> 0;
}

/** Mixes the high and low 32 bits of an exact integer below 2^53 into a 32-bit hash. */
function hash(key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 4294967296);
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
