/**
 * The value of a YAML file written the plain way plans, regions and configuration files are (block
 * mappings and sequences, one-line scalars and flow collections, comments), read without the
 * `yaml` package: a full-size plan of one's own took 300 ms to parse with it, which every run of
 * the command line paid before it checked a row. Anything else (anchors, tags, block or multi-line
 * scalars, escapes other than the plainest, tabs, a doubtful key) is declined, and the caller
 * parses the text with `yaml` as before. No positions are kept here: the caller parses a text read
 * here with `yaml` when it has a problem in it to point at. What is read here equals what `yaml`
 * reads (YAML 1.2's core schema, unique keys): tests/simple-yaml.test.ts holds the two to that on
 * generated texts.
 */

/** A line with something on it: its indentation (spaces) and the rest. */
interface Line {
  indent: number;
  body: string;
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
 * The value of a YAML text whose root is a block mapping or sequence written the plain way, as
 * `yaml` (YAML 1.2, core schema, unique keys, no merge keys) would give it; undefined for any
 * other text, left to `yaml`.
 */
export function simpleYamlValue(text: string): unknown {
  if (UNREAD.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    const body = line.slice(indent);
    if (body === '' || body[0] === '#') continue;
    // Directives and document markers are the full parser's.
    if (indent === 0 && (body[0] === '%' || body.startsWith('---') || body.startsWith('...'))) return undefined;
    lines.push({ indent, body });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new BlockReader(lines);
    const value = reader.block(0);
    return reader.done() ? value : undefined;
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
  block(indent: number): unknown {
    return isItem(this.lines[this.at]!.body) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The next line, if any. */
  private next(): Line | undefined {
    return this.lines[this.at];
  }

  /** What a key or item with nothing after it holds: the block of the deeper lines after it, a sequence at the key's own indentation, or null. */
  private nested(indent: number, ofKey: boolean): unknown {
    const next = this.next();
    if (!next || next.indent < indent) return null;
    if (next.indent === indent) return ofKey && isItem(next.body) ? this.sequence(indent, true) : null;
    return this.block(next.indent);
  }

  /** A block sequence whose dashes stand at `indent`; `compact`, at the indentation of the key it is the value of. */
  private sequence(indent: number, compact = false): unknown[] {
    const items: unknown[] = [];
    for (let line = this.next(); line && line.indent === indent && isItem(line.body); line = this.next()) {
      let start = 1;
      while (line.body.charCodeAt(start) === 0x20) start++;
      const content = line.body.slice(start);
      if (content === '' || content[0] === '#') {
        this.at++;
        items.push(this.nested(indent, false));
      } else if (isItem(content)) {
        decline();
      } else if (keyOf(content)) {
        // A mapping begun on the item's line: its keys stand where the first one does.
        this.lines[this.at] = { indent: indent + start, body: content };
        items.push(this.mapping(indent + start));
      } else {
        this.at++;
        items.push(inlineValue(content));
        this.endOfEntry(indent);
      }
    }
    // A compact sequence ends where its mapping's next key stands; any other block, where a line less indented does.
    const next = this.next();
    if (next && next.indent >= indent && !(compact && next.indent === indent)) decline();
    return items;
  }

  /** A block mapping whose keys stand at `indent`. */
  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.next(); line && line.indent === indent && !isItem(line.body); line = this.next()) {
      const entry = keyOf(line.body);
      if (!entry || Object.hasOwn(map, entry.key)) decline();
      this.at++;
      if (entry.rest === '' || entry.rest[0] === '#') {
        map[entry.key] = this.nested(indent, true);
      } else {
        map[entry.key] = inlineValue(entry.rest);
        this.endOfEntry(indent);
      }
    }
    const next = this.next();
    if (next && next.indent >= indent) decline();
    return map;
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
 * A line's key and what follows its colon (spaces trimmed), where it is a mapping's entry: a
 * quoted key, or a plain one that reads as text.
 */
function keyOf(body: string): { key: string; rest: string } | undefined {
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
  return { key: checkedKey(key), rest: body.slice(skipSpaces(body, after + 1)) };
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

/** The value written after a key or dash on its line (a scalar or a flow collection), with nothing but a comment after it. */
function inlineValue(text: string): unknown {
  const first = text[0]!;
  if (first === '"' || first === "'") {
    const quoted = quotedScalar(text, 0);
    restOfLine(text, quoted.end);
    return quoted.value;
  }
  if (first === '[' || first === '{') {
    const flow = flowValue(text, 0);
    restOfLine(text, flow.end);
    return flow.value;
  }
  if (!startsPlain(text, 0, false)) decline();
  const comment = text.indexOf(' #');
  const plain = withoutEndSpaces(comment < 0 ? text : text.slice(0, comment));
  // `a: b` after a key is a mapping YAML does not allow there; `a:` at the end a key.
  if (plain.includes(': ') || plain.endsWith(':')) decline();
  return plainValue(plain);
}

/** After a quoted scalar or flow collection: spaces, then a comment or nothing. */
function restOfLine(text: string, from: number): void {
  let at = from;
  while (text.charCodeAt(at) === 0x20) at++;
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

/** A flow sequence or mapping that closes on its line, starting at `from`: its value and where it ends. */
function flowValue(text: string, from: number): { value: unknown; end: number } {
  const close = text[from] === '[' ? ']' : '}';
  const values: unknown[] = [];
  const map: Record<string, unknown> = {};
  let at = skipSpaces(text, from + 1);
  if (text[at] === close) return { value: close === ']' ? values : map, end: at + 1 };
  for (;;) {
    if (close === ']') {
      const item = flowItem(text, at);
      values.push(item.value);
      at = item.end;
    } else {
      const key = flowKey(text, at);
      if (Object.hasOwn(map, key.key)) decline();
      const item = flowItem(text, skipSpaces(text, key.end));
      map[key.key] = item.value;
      at = item.end;
    }
    at = skipSpaces(text, at);
    if (text[at] === close) return { value: close === ']' ? values : map, end: at + 1 };
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

/** An entry of a flow collection at `from`: a quoted scalar, a nested collection or a plain scalar (without a colon or #). */
function flowItem(text: string, from: number): { value: unknown; end: number } {
  const first = text[from];
  if (first === '"' || first === "'") return quotedScalar(text, from);
  if (first === '[' || first === '{') return flowValue(text, from);
  if (!startsPlain(text, from, true)) decline();
  let end = from;
  while (end < text.length && !FLOW_INDICATORS.has(text[end]!)) end++;
  const plain = withoutEndSpaces(text.slice(from, end));
  if (plain.includes(':') || plain.includes('#')) decline();
  return { value: plainValue(plain), end: from + plain.length };
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
export function plainValue(text: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text)) return text[0] === 't' || text[0] === 'T';
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}
