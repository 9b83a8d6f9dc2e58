/**
 * Lines remembered by some of their bytes: pieces of a line (byte ranges of the block it stands
 * in), each read as ended by LF, are found by a hash of those bytes where they stand, without
 * making a string of every line looked up. A hash holds a few entries at most, so that lines made
 * to share one cost a few comparisons each, never more.
 */

const LF = 0x0a;
/** Entries kept under one hash; more are not kept. */
const PER_HASH = 4;

/** Pieces of a line: start and end (exclusive) of each, one after another in `bounds`, `length` of them used. */
export class Pieces {
  bounds = new Int32Array(16);
  length = 0;

  /** Starts again with no piece. */
  clear(): void {
    this.length = 0;
  }

  /** Adds the piece from `from` to `to` (exclusive). */
  push(from: number, to: number): void {
    if (this.length + 2 > this.bounds.length) {
      const larger = new Int32Array(Math.max(16, this.bounds.length * 2));
      larger.set(this.bounds);
      this.bounds = larger;
    }
    this.bounds[this.length++] = from;
    this.bounds[this.length++] = to;
  }

  /** A copy, which later clear() and push() leave as it is. */
  copy(): Pieces {
    const copy = new Pieces();
    copy.bounds = this.bounds.slice(0, this.length);
    copy.length = this.length;
    return copy;
  }
}

/** A line's pieces as one key: its hash and the pieces where they stand. */
export interface PiecesKey {
  hash: number;
  pieces: Pieces;
}

/** Values by the bytes of lines' pieces (an entry keeps a copy of them). */
export class LineTable<T> {
  private readonly byHash = new Map<number, { bytes: Uint8Array; value: T }[]>();
  /** Entries kept. */
  size = 0;

  /** The value kept for these pieces of the block, of this hash (piecesHash). */
  get(block: Uint8Array, pieces: Pieces, hash: number): T | undefined {
    const entries = this.byHash.get(hash);
    if (!entries) return undefined;
    for (const entry of entries) if (samePieces(block, pieces, entry.bytes)) return entry.value;
    return undefined;
  }

  /** Keeps a value for these pieces of the block (false when its hash holds as many as it keeps, or the pieces are kept already). */
  set(block: Uint8Array, key: PiecesKey, value: T): boolean {
    let entries = this.byHash.get(key.hash);
    if (!entries) this.byHash.set(key.hash, (entries = []));
    if (entries.length >= PER_HASH || entries.some((entry) => samePieces(block, key.pieces, entry.bytes))) return false;
    entries.push({ bytes: joined(block, key.pieces), value });
    this.size++;
    return true;
  }
}

/** The hash (FNV-1a) of pieces of a block, each read as ended by LF. */
export function piecesHash(block: Uint8Array, pieces: Pieces): number {
  let h = 0x811c9dc5;
  const bounds = pieces.bounds;
  for (let p = 0; p < pieces.length; p += 2) {
    for (let i = bounds[p]!; i < bounds[p + 1]!; i++) h = Math.imul(h ^ block[i]!, 0x01000193);
    h = Math.imul(h ^ LF, 0x01000193);
  }
  return h >>> 0;
}

/** Whether the pieces of a block, each ended by LF, are the bytes kept. */
function samePieces(block: Uint8Array, pieces: Pieces, bytes: Uint8Array): boolean {
  let k = 0;
  const bounds = pieces.bounds;
  for (let p = 0; p < pieces.length; p += 2) {
    const from = bounds[p]!;
    const to = bounds[p + 1]!;
    if (k + (to - from) >= bytes.length) return false;
    for (let i = from; i < to; i++) if (block[i] !== bytes[k++]) return false;
    if (bytes[k++] !== LF) return false;
  }
  return k === bytes.length;
}

/** A copy of the pieces of a block, each ended by LF. */
function joined(block: Uint8Array, pieces: Pieces): Uint8Array {
  const bounds = pieces.bounds;
  let length = 0;
  for (let p = 0; p < pieces.length; p += 2) length += bounds[p + 1]! - bounds[p]! + 1;
  const bytes = new Uint8Array(length);
  let k = 0;
  for (let p = 0; p < pieces.length; p += 2) {
    bytes.set(block.subarray(bounds[p]!, bounds[p + 1]!), k);
    k += bounds[p + 1]! - bounds[p]!;
    bytes[k++] = LF;
  }
  return bytes;
}
