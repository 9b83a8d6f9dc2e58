/**
 * Where each record of a roster was first listed in a period, to find a second listing however
 * far apart the two are. Exact: every record is kept, none is hashed away. ID numbers are kept
 * as one number each in typed arrays (about 20 bytes a person, so 10 million fit in a few
 * hundred MB); other record numbers in a Map.
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
  add(record: string, at: Listing): Listing | undefined;
}

/** A record index for a column's values: ID numbers (checked already: validateRow) by their number, others by their text. */
export function recordIndex(idNumbers: boolean): RecordIndex {
  return idNumbers ? new IdNumberIndex() : new TextIndex();
}

class TextIndex implements RecordIndex {
  private readonly seen = new Map<string, Listing>();

  add(record: string, at: Listing): Listing | undefined {
    const earlier = this.seen.get(record);
    if (!earlier) this.seen.set(record, at);
    return earlier;
  }
}

/** An open-addressing hash table of ID numbers (as idKey gives them), doubling at 5/8 full. */
class IdNumberIndex implements RecordIndex {
  private keys = new Float64Array(1024);
  private files = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private units = new Uint32Array(1024);
  private size = 0;
  /** ID numbers that are not valid (they were reported): kept by their text. */
  private readonly others = new TextIndex();

  add(record: string, at: Listing): Listing | undefined {
    // The check character follows from the rest: only checked numbers come here, others by their text.
    const key = record.length === 18 ? checkedIdKey(record) : undefined;
    if (key === undefined) return this.others.add(record, at);
    // Slot keys hold the number plus one: an empty slot holds 0.
    const slot = this.find(key + 1);
    if (this.keys[slot] !== 0) return { file: this.files[slot]!, line: this.lines[slot]!, unit: this.units[slot]! };
    this.put(slot, key + 1, at);
    if (++this.size * 8 > this.keys.length * 5) this.grow();
    return undefined;
  }

  private find(stored: number): number {
    const mask = this.keys.length - 1;
    let slot = hash(stored) & mask;
    while (this.keys[slot] !== 0 && this.keys[slot] !== stored) slot = (slot + 1) & mask;
    return slot;
  }

  private put(slot: number, stored: number, at: Listing): void {
    this.keys[slot] = stored;
    this.files[slot] = at.file;
    this.lines[slot] = at.line;
    this.units[slot] = at.unit;
  }

  private grow(): void {
    const { keys, files, lines, units } = this;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.files = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.units = new Uint32Array(capacity);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== 0) this.put(this.find(keys[i]!), keys[i]!, { file: files[i]!, line: lines[i]!, unit: units[i]! });
    }
  }
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
