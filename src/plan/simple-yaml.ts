/**
 * The value of a YAML file written the plain way plans, regions and configuration files are (block
 * mappings and sequences, one-line scalars and flow collections, comments), read without the
 * `yaml` package: a full-size plan of one's own took 300 ms to parse with it, which every run of
 * the command line paid before it checked a row. Anything else (anchors, tags, block or multi-line
 * scalars, escapes other than the plainest, tabs, a doubtful key) is declined, and the caller
 * parses the text with `yaml` as before. Each node is read with where it stands, as `yaml` places
 * it, to point at a problem. What is read here equals what `yaml` reads (YAML 1.2's core schema,
 * unique keys), and stands where `yaml` places it: tests/simple-yaml.test.ts holds the two to that
 * on generated texts.
 */

/** A line with something on it: its indentation (spaces), the rest, and where the rest starts in the text. */
interface Line {
  indent: number;
  body: string;
  offset: number;
}

/**
 * A node read, where it stands in the text as `yaml` places it (its range): a collection where its
 * first key, dash or bracket stands; a scalar from its first character (a quoted one's quote) to
 * its last, an empty one where its value would have begun.
 */
export interface YamlNode {
  value: unknown;
  start: number;
  end: number;
  /** A scalar's text as written (a quoted one's as read, without its quotes), and whether it was quoted. */
  source: string;
  quoted: boolean;
  /** A mapping's entries, by key, each with where its key stands. */
  entries?: Map<string, { key: number; node: YamlNode }>;
  /** A sequence's items. */
  items?: YamlNode[];
}

/** Thrown where the text is not of the plain form read here. */
const DECLINED = Symbol('declined');

function decline(): never {
  throw DECLINED;
}

/** Characters left to `yaml`: tabs, controls, a CR not before an LF, line and paragraph separators, byte order marks and non-characters. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNREAD = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

/** Longest key read here: YAML allows an implicit key of at most 1,024 characters. */
const MAX_KEY = 1000;

/**
 * The root node of a YAML text whose root is a block mapping or sequence written the plain way,
 * as `yaml` (YAML 1.2, core schema, unique keys, no merge keys) would read it; undefined for any
 * other text, left to `yaml`.
 */
export function readSimpleYaml(text: string): YamlNode | undefined {
  if (UNREAD.test(text)) return undefined;
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = skipSpaces(line, 0);
    const body = line.slice(indent);
    const start = offset;
    offset += raw.length + 1;
    if (body === '' || body[0] === '#') continue;
    // Directives and document markers are the full parser's.
    if (indent === 0 && (body[0] === '%' || body.startsWith('---') || body.startsWith('...'))) return undefined;
    lines.push({ indent, body, offset: start + indent });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new BlockReader(lines);
    const root = reader.block(0);
    return reader.done() ? root : undefined;
  } catch (error) {
    if (error === DECLINED) return undefined;
    throw error;
  }
}

/** Reads block collections line by line. */
class BlockReader {
  private at = 0;

  constructor(private readonly lines: Line[]) {}

  /** Whether every line was read. */
  done(): boolean {
    return this.at === this.lines.length;
  }

  /** The block of the next line, at `indent`: a sequence or a mapping. */
  block(indent: number): YamlNode {
    return isItem(this.lines[this.at]!.body) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The next line, if any. */
  private next(): Line | undefined {
    return this.lines[this.at];
  }

  /**
   * What a key or item with nothing after it holds: the block of the deeper lines after it, a
   * sequence at the key's own indentation, or null (standing at `empty`, after the colon or dash
   * and the spaces after it).
   */
  private nested(indent: number, ofKey: boolean, empty: number): YamlNode {
    const next = this.next();
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && next.indent === indent && ofKey && isItem(next.body)) return this.sequence(indent, true);
    return scalarNode(null, empty, empty, '', false);
  }

  /** A block sequence whose dashes stand at `indent`; `compact`, at the indentation of the key it is the value of. */
  private sequence(indent: number, compact = false): YamlNode {
    const items: YamlNode[] = [];
    const start = this.next()!.offset;
    for (let line = this.next(); line && line.indent === indent && isItem(line.body); line = this.next()) {
      const from = skipSpaces(line.body, 1);
      const content = line.body.slice(from);
      if (content === '' || content[0] === '#') {
        this.at++;
        items.push(this.nested(indent, false, line.offset + from));
      } else if (isItem(content)) {
        decline();
      } else if (keyOf(content)) {
        // A mapping begun on the item's line: its keys stand where the first one does.
        this.lines[this.at] = { indent: indent + from, body: content, offset: line.offset + from };
        items.push(this.mapping(indent + from));
      } else {
        this.at++;
        items.push(inlineValue(line.body, from, line.offset));
        this.endOfEntry(indent);
      }
    }
    // A compact sequence ends where its mapping's next key stands; any other block, where a line less indented does.
    const next = this.next();
    if (next && next.indent >= indent && !(compact && next.indent === indent)) decline();
    return { value: items.map((item) => item.value), start, end: start, source: '', quoted: false, items };
  }

  /** A block mapping whose keys stand at `indent`. */
  private mapping(indent: number): YamlNode {
    const map: Record<string, unknown> = {};
    const entries = new Map<string, { key: number; node: YamlNode }>();
    const start = this.next()!.offset;
    for (let line = this.next(); line && line.indent === indent && !isItem(line.body); line = this.next()) {
      const entry = keyOf(line.body);
      if (!entry || entries.has(entry.key)) decline();
      this.at++;
      let node: YamlNode;
      if (entry.at === line.body.length || line.body[entry.at] === '#') {
        node = this.nested(indent, true, line.offset + entry.at);
      } else {
        node = inlineValue(line.body, entry.at, line.offset);
        this.endOfEntry(indent);
      }
      map[entry.key] = node.value;
      entries.set(entry.key, { key: line.offset, node });
    }
    const next = this.next();
    if (next && next.indent >= indent) decline();
    return { value: map, start, end: start, source: '', quoted: false, entries };
  }

  /** After a value on its key's or dash's line: a deeper line would continue it (a multi-line scalar), which is not read here. */
  private endOfEntry(indent: number): void {
    const next = this.next();
    if (next && next.indent > indent) decline();
  }
}

/** Whether a line's body is a sequence's item: a dash with a space or nothing after it. */
function isItem(body: string): boolean {
  return body[0] === '-' && (body.length === 1 || body[1] === ' ');
}

/** YAML's indicators, which a plain scalar may not begin with (but for a dash before another character). */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

/** Flow collections' indicators, which end a plain scalar inside one. */
const FLOW_INDICATORS = new Set([...',[]{}']);

/** Whether a plain scalar may begin at `at`: not with an indicator, but for a dash before a character that is no space (or, in a flow collection, no flow indicator). */
function startsPlain(text: string, at: number, flow: boolean): boolean {
  const first = text[at];
  if (first === undefined || first === ' ') return false;
  if (!INDICATORS.has(first)) return true;
  const second = text[at + 1];
  return first === '-' && second !== undefined && second !== ' ' && !(flow && FLOW_INDICATORS.has(second));
}

/** A key read as YAML reads it: text (a plain key that reads as a number, null or true/false is declined), not too long, not __proto__. */
function checkedKey(key: string): string {
  if (key.length > MAX_KEY || key === '__proto__') decline();
  return key;
}

/**
 * A line's key and where what follows its colon begins (after the spaces), where it is a
 * mapping's entry: a quoted key, or a plain one that reads as text.
 */
function keyOf(body: string): { key: string; at: number } | undefined {
  if (body[0] === '[' || body[0] === '{') return undefined;
  let key: string;
  let after: number;
  if (body[0] === '"' || body[0] === "'") {
    const quoted = quotedScalar(body, 0);
    key = quoted.value;
    after = skipSpaces(body, quoted.end);
  } else {
    after = keyColon(body);
    if (after < 0) return undefined;
    key = withoutEndSpaces(body.slice(0, after));
    if (!startsPlain(key, 0, false) || plainValue(key) !== key) decline();
  }
  if (body[after] !== ':' || (after + 1 < body.length && body[after + 1] !== ' ')) return undefined;
  return { key: checkedKey(key), at: skipSpaces(body, after + 1) };
}

/** Where a plain key's colon stands (one followed by a space or ending the line, before any comment), else -1. */
function keyColon(body: string): number {
  const comment = body.indexOf(' #');
  const end = comment < 0 ? body.length : comment;
  for (let at = body.indexOf(':'); at >= 0 && at < end; at = body.indexOf(':', at + 1)) {
    if (at + 1 === body.length || body[at + 1] === ' ') return at;
  }
  return -1;
}

/** A scalar's node. */
function scalarNode(value: unknown, start: number, end: number, source: string, quoted: boolean): YamlNode {
  return { value, start, end, source, quoted };
}

/**
 * The value written on a line from `from` on, after a key or dash (a scalar or a flow collection),
 * with nothing but a comment after it; `base`, where the line's body starts in the text.
 */
function inlineValue(body: string, from: number, base: number): YamlNode {
  const first = body[from]!;
  if (first === '"' || first === "'" || first === '[' || first === '{') {
    const node = first === '"' || first === "'" ? quotedNode(body, from, base) : flowValue(body, from, base);
    restOfLine(body, node.end - base);
    return node;
  }
  if (!startsPlain(body, from, false)) decline();
  const comment = body.indexOf(' #', from);
  const plain = withoutEndSpaces(body.slice(from, comment < 0 ? body.length : comment));
  // `a: b` after a key is a mapping YAML does not allow there; `a:` at the end a key.
  if (plain.includes(': ') || plain.endsWith(':')) decline();
  return scalarNode(plainValue(plain), base + from, base + from + plain.length, plain, false);
}

/** A quoted scalar's node; `base`, where the text starts. */
function quotedNode(text: string, from: number, base: number): YamlNode {
  const { value, end } = quotedScalar(text, from);
  return scalarNode(value, base + from, base + end, value, true);
}

/** After a quoted scalar or flow collection: spaces, then a comment or nothing. */
function restOfLine(text: string, from: number): void {
  const at = skipSpaces(text, from);
  if (at < text.length && (text[at] !== '#' || at === from)) decline();
}

/** Escapes read in a double-quoted scalar; the others are the full parser's. */
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t' };

/** A quoted scalar that ends on its line, starting at `from`: its text and where it ends. */
function quotedScalar(text: string, from: number): { value: string; end: number } {
  const quote = text[from]!;
  let value = '';
  let at = from + 1;
  // The next quote and backslash at or after `at`, each found again only once passed: linear in the line however many there are.
  let close = -1;
  let slash = quote === '"' ? -1 : text.length;
  for (;;) {
    if (close < at) close = indexOrEnd(text, quote, at);
    if (slash < at) slash = indexOrEnd(text, '\\', at);
    const next = Math.min(close, slash);
    if (next === text.length) decline();
    value += text.slice(at, next);
    if (next === slash) {
      const escaped = ESCAPES[text[next + 1] ?? ''];
      if (escaped === undefined) decline();
      value += escaped;
      at = next + 2;
    } else if (quote === "'" && text[next + 1] === "'") {
      value += "'";
      at = next + 2;
    } else {
      return { value, end: next + 1 };
    }
  }
}

/** Where a character next stands at or after `from`, else the text's length. */
function indexOrEnd(text: string, character: string, from: number): number {
  const at = text.indexOf(character, from);
  return at < 0 ? text.length : at;
}

/** A flow sequence or mapping that closes on its line, starting at `from`; `base`, where the text starts. */
function flowValue(text: string, from: number, base: number): YamlNode {
  const close = text[from] === '[' ? ']' : '}';
  const node: YamlNode =
    close === ']'
      ? { value: [], start: base + from, end: 0, source: '', quoted: false, items: [] }
      : { value: {}, start: base + from, end: 0, source: '', quoted: false, entries: new Map() };
  const { items, entries } = node;
  const done = (at: number) => {
    node.end = base + at + 1;
    return node;
  };
  let at = skipSpaces(text, from + 1);
  if (text[at] === close) return done(at);
  for (;;) {
    if (items) {
      const item = flowItem(text, at, base);
      items.push(item);
      (node.value as unknown[]).push(item.value);
      at = item.end - base;
    } else {
      const key = flowKey(text, at);
      if (entries!.has(key.key)) decline();
      const item = flowItem(text, skipSpaces(text, key.end), base);
      (node.value as Record<string, unknown>)[key.key] = item.value;
      entries!.set(key.key, { key: base + at, node: item });
      at = item.end - base;
    }
    at = skipSpaces(text, at);
    if (text[at] === close) return done(at);
    if (text[at] !== ',') decline();
    at = skipSpaces(text, at + 1);
    // A comma before the bracket, or an empty entry: the full parser's to read or refuse.
    if (text[at] === close || text[at] === ',') decline();
  }
}

/** A key of a flow mapping at `from`, quoted or plain, and where its value may start (after its colon and a space). */
function flowKey(text: string, from: number): { key: string; end: number } {
  let key: string;
  let colon: number;
  if (text[from] === '"' || text[from] === "'") {
    const quoted = quotedScalar(text, from);
    key = quoted.value;
    colon = skipSpaces(text, quoted.end);
  } else {
    if (!startsPlain(text, from, true)) decline();
    colon = from;
    while (colon < text.length && text[colon] !== ':' && text[colon] !== '#' && !FLOW_INDICATORS.has(text[colon]!)) colon++;
    key = withoutEndSpaces(text.slice(from, colon));
    if (plainValue(key) !== key) decline();
  }
  if (text[colon] !== ':' || text[colon + 1] !== ' ') decline();
  return { key: checkedKey(key), end: colon + 1 };
}

/** An entry of a flow collection at `from`: a quoted scalar, a nested collection or a plain scalar (without a colon or #); `base`, where the text starts. */
function flowItem(text: string, from: number, base: number): YamlNode {
  const first = text[from];
  if (first === '"' || first === "'") return quotedNode(text, from, base);
  if (first === '[' || first === '{') return flowValue(text, from, base);
  if (!startsPlain(text, from, true)) decline();
  let end = from;
  while (end < text.length && !FLOW_INDICATORS.has(text[end]!)) end++;
  const plain = withoutEndSpaces(text.slice(from, end));
  if (plain.includes(':') || plain.includes('#')) decline();
  return scalarNode(plainValue(plain), base + from, base + from + plain.length, plain, false);
}

/** Text without the spaces it ends with (only U+0020: YAML's other whitespace is the tab, which is not read here; a full-width space is text). */
function withoutEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end--;
  return text.slice(0, end);
}

/** Where the spaces (U+0020) from `from` end. */
function skipSpaces(text: string, from: number): number {
  let at = from;
  while (text.charCodeAt(at) === 0x20) at++;
  return at;
}

/** A plain scalar's value by YAML 1.2's core schema, with the tests and conversions of `yaml` (2.x). */
function plainValue(text: string): unknown {
  // Most scalars are words, which no test below matches: each test's text begins with one of these characters, or is empty.
  if (text !== '' && !'0123456789+-.~nNtTfF'.includes(text[0]!)) return text;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text)) return text[0] === 't' || text[0] === 'T';
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text))
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text))
    return parseFloat(text);
  return text;
}

/** A path into a document: keys of mappings and indexes of sequences. */
type Path = readonly (string | number)[];

/** Where the nodes of a file stand, whichever parser read it: what a file's places (where, whereKey, source, range) are found from. */
export interface Places {
  /** The node at a path, as `yaml`'s getIn finds it: where it starts and ends, and for a scalar whether it is quoted and its text as written. */
  node(path: Path): { start: number; end: number; scalar: boolean; quoted: boolean; source: string | undefined } | undefined;
  /** Where the key a path ends with stands, where the path's parent is a mapping that has it. */
  keyAt(path: Path): number | undefined;
  /** The line and column (from 1) of an offset. */
  linePos(offset: number): { line: number; col: number };
}

/** The places of a text's nodes read here (readSimpleYaml). */
export function simplePlaces(text: string, root: YamlNode): Places {
  let starts: number[] | undefined;
  return {
    node(path) {
      const node = nodeAt(root, path);
      return (
        node && {
          start: node.start,
          end: node.end,
          scalar: !node.entries && !node.items,
          quoted: node.quoted,
          source: node.entries || node.items ? undefined : node.source,
        }
      );
    },
    keyAt(path) {
      const last = path.at(-1);
      return typeof last === 'string' ? nodeAt(root, path.slice(0, -1))?.entries?.get(last)?.key : undefined;
    },
    linePos(offset) {
      starts ??= lineStarts(text);
      // The last line starting at or before the offset.
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle]! <= offset) low = middle;
        else high = middle - 1;
      }
      return { line: low + 1, col: offset - starts[low]! + 1 };
    },
  };
}

/** The node at a path, as `yaml`'s getIn finds it: a mapping's by a key that is text, a sequence's by an index (or its digits). */
function nodeAt(root: YamlNode, path: Path): YamlNode | undefined {
  let node: YamlNode | undefined = root;
  for (const step of path) {
    if (node?.entries) node = typeof step === 'string' ? node.entries.get(step)?.node : undefined;
    else if (node?.items) {
      const index = step && typeof step === 'string' ? Number(step) : step;
      node = typeof index === 'number' && Number.isInteger(index) && index >= 0 ? node.items[index] : undefined;
    } else return undefined;
  }
  return node;
}

/** Where each line of a text starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}
