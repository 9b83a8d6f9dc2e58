/**
 * A JSON document read a piece at a time: each value of its top-level object, and each element of
 * a list that is such a value, is handed on parsed as soon as its last byte is read, so that a
 * document of any length is read in the memory of its largest piece. Between the pieces the
 * document's own punctuation is checked byte by byte; a piece is checked by JSON.parse. Where it is
 * not JSON, a JsonFault names the line and column (counted in characters).
 */
import { jsonFaultAt } from '../plan/json.js';

/** What the document holds, as it is read. */
export interface JsonPieceHandler {
  /** A value of the top-level object that is not a list. */
  value(member: string, value: unknown): void;
  /** A list, the value of `member`: its elements follow. */
  list(member: string): void;
  /** An element of the list of `member`. */
  element(member: string, value: unknown): void;
  /** The document is not an object: its value. */
  document(value: unknown): void;
}

/** Most bytes of one piece (a plan-check result is under a kilobyte). */
export const MAX_PIECE_BYTES = 16 * 2 ** 20;

/** Most lists and objects one inside another in a piece (a plan-check result holds three). */
export const MAX_DEPTH = 64;

/** Why a document is refused: not JSON, a piece past MAX_PIECE_BYTES, or nested past MAX_DEPTH. */
export type JsonFaultKind = 'invalid' | 'large' | 'deep';

/** Where a document is refused, and why; where it is not JSON, what stands there: an ASCII character, '' for another, nothing at the end of the text. */
export class JsonFault extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly kind: JsonFaultKind = 'invalid',
    readonly found?: string,
  ) {
    super(`${line}:${column}: ${kind}`);
  }
}

/** What a JsonFault says stands at a fault: a character code, or none at the end of the text. */
const foundOf = (code: number | undefined) => (code === undefined ? undefined : code < 0x80 ? String.fromCharCode(code) : '');

// What the next byte that is not white space may be, between pieces.
const TOP = 0;
const KEY_OR_CLOSE = 1;
const KEY = 2;
const COLON = 3;
const VALUE = 4;
const AFTER_VALUE = 5;
const ELEMENT_OR_CLOSE = 6;
const ELEMENT = 7;
const AFTER_ELEMENT = 8;
const END = 9;
const PIECE = 10;

// What a piece is: the state that follows it.
const ROLE_NEXT = { top: END, key: COLON, value: AFTER_VALUE, element: AFTER_ELEMENT } as const;
type Role = keyof typeof ROLE_NEXT;

const [SPACE, TAB, LF, CR, QUOTE, COMMA, COLON_BYTE, BACKSLASH] = [0x20, 0x09, 0x0a, 0x0d, 0x22, 0x2c, 0x3a, 0x5c];
const [OPEN_LIST, CLOSE_LIST, OPEN_OBJECT, CLOSE_OBJECT] = [0x5b, 0x5d, 0x7b, 0x7d];
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const NO_BYTES = Buffer.alloc(0);
/** The bytes of a number or a word: letters, digits, + - and the point. */
const BARE = new Uint8Array(256).map((_, b) => Number(/[\w+.-]/.test(String.fromCharCode(b))));

/**
 * Reads a JSON document from `read` (which fills a buffer and gives how many bytes it put there,
 * 0 at the end) `chunkBytes` at a time, handing its pieces to `handler`. A UTF-8 byte-order mark
 * before it is passed over.
 */
export function readJsonPieces(read: (into: Buffer) => number, handler: JsonPieceHandler, chunkBytes = 2 ** 20): void {
  const s = new Scanner(handler);
  let buffer = Buffer.allocUnsafe(chunkBytes);
  for (let length = read(buffer); length > 0; length = read(buffer)) {
    s.scan(buffer, length);
    // A piece not yet ended holds its bytes of this buffer: the next bytes go to another.
    if (s.parts.length > 0) buffer = Buffer.allocUnsafe(chunkBytes);
  }
  s.end();
}

/** The scanner's state, kept from one buffer to the next. */
class Scanner {
  state = TOP;
  /** Bytes before the buffer being scanned. */
  offset = 0;
  line = 1;
  /** How many bytes of a UTF-8 byte-order mark begin the document. */
  markBytes = 0;
  /** The offset where the line begins, and the UTF-8 bytes after a first byte seen on it (to count characters). */
  lineStart = 0;
  following = 0;
  member = '';
  // The piece being read: its role, whether it is a bare word (a number, true, false, null), its depth of lists and
  // objects, whether in a string and after a backslash there, its bytes of earlier buffers, where it starts.
  role: Role = 'top';
  bare = false;
  depth = 0;
  inString = false;
  escaped = false;
  parts: Buffer[] = [];
  partBytes = 0;
  pieceLine = 1;
  pieceColumn = 1;

  constructor(private readonly handler: JsonPieceHandler) {}

  /** The column of an offset on the current line. */
  private column(at: number): number {
    return at - this.lineStart - this.following + 1;
  }

  /** Scans the first `length` bytes of `buffer`. */
  scan(buffer: Buffer, length: number): void {
    let i = 0;
    let pieceStart = this.state === PIECE ? i : -1;
    while (i < length) {
      if (this.state === PIECE) {
        i = this.bare ? this.scanBare(buffer, i, length) : this.scanNested(buffer, i, length);
        if (this.state !== PIECE) this.finish(buffer, pieceStart, i);
        continue;
      }
      const b = buffer[i]!;
      if (b === SPACE || b === TAB || b === CR) {
        i++;
        continue;
      }
      if (b === LF) {
        this.newLine(this.offset + i + 1);
        i++;
        continue;
      }
      const at = this.offset + i;
      switch (this.state) {
        case TOP:
          if (at < 3 && b === BYTE_ORDER_MARK[at] && this.markBytes === at) {
            // The first line begins after the mark.
            if (++this.markBytes === 3) this.lineStart = 3;
            break;
          }
          if (this.markBytes % 3 !== 0) this.fault(0, BYTE_ORDER_MARK[0]);
          if (b === OPEN_OBJECT) this.state = KEY_OR_CLOSE;
          else pieceStart = this.begin('top', buffer, i);
          break;
        case KEY_OR_CLOSE:
        case KEY:
          if (b === QUOTE) pieceStart = this.begin('key', buffer, i);
          else if (b === CLOSE_OBJECT && this.state === KEY_OR_CLOSE) this.state = END;
          else this.fault(at, b);
          break;
        case COLON:
          if (b !== COLON_BYTE) this.fault(at, b);
          this.state = VALUE;
          break;
        case VALUE:
          if (b === OPEN_LIST) {
            this.handler.list(this.member);
            this.state = ELEMENT_OR_CLOSE;
          } else pieceStart = this.begin('value', buffer, i);
          break;
        case AFTER_VALUE:
          this.state = this.separated(b, at, KEY, CLOSE_OBJECT, END);
          break;
        case ELEMENT_OR_CLOSE:
        case ELEMENT:
          if (b === CLOSE_LIST && this.state === ELEMENT_OR_CLOSE) this.state = AFTER_VALUE;
          else pieceStart = this.begin('element', buffer, i);
          break;
        case AFTER_ELEMENT:
          this.state = this.separated(b, at, ELEMENT, CLOSE_LIST, AFTER_VALUE);
          break;
        default:
          this.fault(at, b);
      }
      if (this.state !== PIECE) i++;
    }
    if (this.state === PIECE) this.hold(buffer.subarray(pieceStart, length));
    this.offset += length;
  }

  /** After a member or an element: a comma goes on to `next`, the bracket `close` to `closed`. */
  private separated(b: number, at: number, next: number, close: number, closed: number): number {
    if (b === COMMA) return next;
    if (b === close) return closed;
    return this.fault(at, b);
  }

  /** Begins a piece at `buffer[i]`; gives where it starts. */
  private begin(role: Role, buffer: Buffer, i: number): number {
    const b = buffer[i]!;
    const at = this.offset + i;
    this.bare = b !== QUOTE && b !== OPEN_LIST && b !== OPEN_OBJECT;
    // Punctuation, or anything else that cannot begin a value.
    if (this.bare && !BARE[b]) this.fault(at, b);
    this.state = PIECE;
    this.role = role;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.pieceLine = this.line;
    this.pieceColumn = this.column(at);
    return i;
  }

  /** A number or a word (true, false, null): up to the first byte that cannot be in one, which JSON.parse then judges. */
  private scanBare(buffer: Buffer, i: number, length: number): number {
    for (; i < length; i++) {
      if (!BARE[buffer[i]!]) {
        this.state = ROLE_NEXT[this.role];
        break;
      }
    }
    return i;
  }

  /** A string, list or object: up to the quote or bracket that closes it. */
  private scanNested(buffer: Buffer, i: number, length: number): number {
    let { depth, inString, escaped } = this;
    for (; i < length; i++) {
      const b = buffer[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (depth === 0) {
            i++;
            this.state = ROLE_NEXT[this.role];
            break;
          }
        } else if (b >= 0x80 && b < 0xc0) this.following++;
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_LIST) {
        if (++depth > MAX_DEPTH) throw new JsonFault(this.line, this.column(this.offset + i), 'deep');
      } else if (b === CLOSE_OBJECT || b === CLOSE_LIST) {
        if (--depth === 0) {
          i++;
          this.state = ROLE_NEXT[this.role];
          break;
        }
      } else if (b === LF) this.newLine(this.offset + i + 1);
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return i;
  }

  /** Keeps a piece's bytes of a buffer until it ends. */
  private hold(part: Buffer): void {
    this.parts.push(part);
    this.partBytes += part.length;
    if (this.partBytes > MAX_PIECE_BYTES) throw new JsonFault(this.pieceLine, this.pieceColumn, 'large');
  }

  /** A piece has ended at `buffer[end]`: parsed and handed on. */
  private finish(buffer: Buffer, start: number, end: number): void {
    const last = buffer.subarray(start, end);
    if (this.partBytes + last.length > MAX_PIECE_BYTES) throw new JsonFault(this.pieceLine, this.pieceColumn, 'large');
    const text = (this.parts.length > 0 ? Buffer.concat([...this.parts, last]) : last).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.faultInPiece(text);
    }
    if (this.role === 'key') this.member = value as string;
    else if (this.role === 'value') this.handler.value(this.member, value);
    else if (this.role === 'element') this.handler.element(this.member, value);
    else this.handler.document(value);
  }

  private newLine(start: number): void {
    this.line++;
    this.lineStart = start;
    this.following = 0;
  }

  /** The end of the document: nothing may be left open. A piece it ends in is judged as it stands (a word ends there; the rest is cut short where JSON.parse says). */
  end(): void {
    if (this.state === PIECE) {
      this.state = ROLE_NEXT[this.role];
      this.finish(NO_BYTES, 0, 0);
    }
    if (this.state !== END) this.fault(this.offset);
  }

  /** Not JSON at offset `at`, where the byte `b` stands (none at the end). */
  private fault(at: number, b?: number): never {
    throw new JsonFault(this.line, this.column(at), 'invalid', foundOf(b));
  }

  /** Where in a piece JSON.parse refused it, as a line and column of the document. */
  private faultInPiece(text: string): never {
    const at = Math.max(jsonFaultAt(text), 0);
    const before = text.slice(0, at);
    const lastBreak = before.lastIndexOf('\n');
    const lines = before.split('\n').length - 1;
    const characters = (s: string) => s.length - (s.match(/[\udc00-\udfff]/g)?.length ?? 0);
    const found = foundOf(text.codePointAt(at));
    if (lastBreak < 0) throw new JsonFault(this.pieceLine, this.pieceColumn + characters(before), 'invalid', found);
    throw new JsonFault(this.pieceLine + lines, characters(before.slice(lastBreak + 1)) + 1, 'invalid', found);
  }
}
