/**
 * A streaming XML scanner for the parts of a workbook: fed text in pieces, it reports open tags,
 * close tags and text as it goes, in time linear in the input and memory bounded by its
 * longest tag (text is passed on piece by piece, never gathered). It checks what a reader
 * needs to trust (tags nest and close, entities are XML's own, no DTD) and nothing more.
 */

/** An element as it opens; its attributes are parsed only when asked for. Valid only during the call. */
export interface XmlTag {
  /** The name as written, with any namespace prefix (`x:row`). */
  readonly name: string;
  /** The attributes by name as written (prefixes kept), entities decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** One attribute's value by its name as written, or undefined; all of them checked as for `attributes`, none other made. */
  attribute(name: string): string | undefined;
}

/** What a scan reports; a handler may throw to stop it. */
export interface XmlHandlers {
  open?: (tag: XmlTag) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
  /** Elements of one name taken whole when written the plain way, instead of as events (PlainElement). */
  plain?: PlainElement;
}

/**
 * Elements of one name (what a sheet holds for each cell) written the plain way: `<name` with
 * only the attributes named, each once, in quotes, none longer than 256 characters or with `&`,
 * `<` or a control character in it, plain spaces around them; then `/>`, `></name>` or
 * `><child>text</child></name>`, with no `<`, `&` or CR in the text, all in the piece at hand.
 * Such an element is handed to take() whole; any other goes through open, text and close, which
 * must make of it what take() makes (the tests hold the two ways to one result).
 */
export interface PlainElement {
  name: string;
  child: string;
  attributes: readonly string[];
  /** The element's attribute values in the order named (undefined where absent), and its child's text (undefined without a child). */
  take(values: readonly (string | undefined)[], text: string | undefined): void;
}

/** Off, plain elements go through open, text and close too: the tests hold the two ways to the same result. */
export const plainElements = { enabled: true };

/** Longest attribute value of a plain element: a cell's reference, type and style are a few characters. */
const PLAIN_VALUE_CHARS = 256;

/** Why a part is not XML a workbook may hold; the message says where. */
export class XmlError extends Error {}

/** Longest tag, comment or CDATA section taken whole; a part with a longer one was not written by a spreadsheet. */
export const MAX_TAG_CHARS = 1 << 20;

/** Deepest nesting taken; workbook parts nest fewer than ten deep. */
const MAX_DEPTH = 1000;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

class LazyTag implements XmlTag {
  name = '';
  private text = '';
  private start = 0;
  private end = 0;
  private cached: Record<string, string> | undefined;
  /** Where attribute() found the attributes, once walked for this tag. */
  private readonly found = new AttributePlaces();
  private walked = false;

  /** The tag named `name` whose attributes are `text` from `start` to `end`. */
  reset(name: string, text: string, start: number, end: number): this {
    this.name = name;
    this.text = text;
    this.start = start;
    this.end = end;
    this.cached = start === end ? NO_ATTRIBUTES : undefined;
    this.walked = false;
    return this;
  }

  get attributes(): Record<string, string> {
    this.cached ??= parseAttributes(this.text.slice(this.start, this.end), this.name);
    return this.cached;
  }

  attribute(name: string): string | undefined {
    if (this.cached) return this.cached[name];
    const { text, found } = this;
    // Walked once for the tag: where each attribute's name and value stand.
    if (!this.walked) {
      walkAttributes(text, this.start, this.end, this.name, found);
      this.walked = true;
    }
    const at = found.at;
    // The last of a name, as in `attributes`.
    for (let k = 4 * (found.count - 1); k >= 0; k -= 4) {
      if (at[k + 1]! - at[k]! === name.length && startsAt(text, at[k]!, name)) return attributeValue(text.slice(at[k + 2], at[k + 3]));
    }
    return undefined;
  }
}

/** Where the attributes of a tag stand in its text: four numbers each (name start and end, value start and end). */
class AttributePlaces {
  at = new Int32Array(32);
  count = 0;

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    if (4 * this.count === this.at.length) {
      const larger = new Int32Array(this.at.length * 2);
      larger.set(this.at);
      this.at = larger;
    }
    const k = 4 * this.count++;
    this.at[k] = nameStart;
    this.at[k + 1] = nameEnd;
    this.at[k + 2] = valueStart;
    this.at[k + 3] = valueEnd;
  }
}

/** The places parseAttributes walks into (it runs to its end before it is called again). */
const parsed = new AttributePlaces();

/**
 * The attributes of a tag from the text after its name: `name = "value"` or `'value'`, white space
 * (as \s) around each part, values without `<`, line ends and tabs read as spaces, entities
 * decoded. Anything else but white space is an XmlError.
 */
export function parseAttributes(source: string, element: string): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  walkAttributes(source, 0, source.length, element, parsed);
  const at = parsed.at;
  for (let k = 0; k < 4 * parsed.count; k += 4)
    attributes[source.slice(at[k], at[k + 1])] = attributeValue(source.slice(at[k + 2], at[k + 3]));
  return attributes;
}

/**
 * Walks the attributes in `text` from `start` to `end` as parseAttributes reads them, into where
 * each name and value (between its quotes) stand: a loop over the text, not a regular
 * expression with an array for each match (a sheet has three attributes for each cell), and no
 * text made for what is not asked for.
 */
function walkAttributes(text: string, start: number, end: number, element: string, places: AttributePlaces): void {
  places.count = 0;
  let i = start;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i === end) return;
    const nameStart = i;
    while (i < end && isNameCharacter(text.charCodeAt(i))) i++;
    const nameEnd = i;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (nameEnd === nameStart || i === end || text.charCodeAt(i) !== 61 /* = */) break;
    i++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const quote = i < end ? text.charCodeAt(i) : 0;
    if (quote !== 34 /* " */ && quote !== 39 /* ' */) break;
    const close = text.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close === -1 || close >= end) break;
    const valueStart = i + 1;
    // Looked for within the value only: a search of the text past it could run to the end of the piece for each attribute.
    let entities = false;
    let at = valueStart;
    for (; at < close; at++) {
      const c = text.charCodeAt(at);
      if (c === 60 /* < */) break;
      if (c === 38 /* & */) entities = true;
    }
    if (at < close) break;
    // Its entities are checked in the order the attributes come, asked for or not, as parseAttributes decodes them.
    if (entities) decodeEntities(text.slice(valueStart, close));
    i = close + 1;
    places.add(nameStart, nameEnd, valueStart, close);
  }
  throw new XmlError(`the attributes of <${element}> are malformed`);
}

/** An attribute's value as written between its quotes: line ends and tabs as spaces, entities decoded. */
function attributeValue(written: string): string {
  let value = written;
  if (value.includes('\r') || value.includes('\n') || value.includes('\t')) value = value.replace(/\r\n?|[\n\t]/g, ' ');
  return value.includes('&') ? decodeEntities(value) : value;
}

/** White space as \s matches it (and String.prototype.trim removes). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

/** A character of an attribute's name: none of white space, =, / and >. */
function isNameCharacter(c: number): boolean {
  return c !== 61 /* = */ && c !== 47 /* / */ && c !== 62 /* > */ && !isSpace(c);
}

/** Text with XML's five entities and character references decoded; anything else after `&` is an error. */
export function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]{0,10});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`"&${name}" is not an entity (a bare & is written &amp;)`);
    const known = ENTITIES[name];
    if (known !== undefined && Object.hasOwn(ENTITIES, name)) return known;
    const code = /^#x[0-9a-f]{1,6}$/i.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]{1,7}$/.test(name) ? Number(name.slice(1)) : NaN;
    if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) return String.fromCodePoint(code);
    throw new XmlError(`"&${name};" is not an entity XML knows`);
  });
}

/** Scans one XML document fed in pieces; `end` checks that it ended whole. */
export class XmlScanner {
  private rest = '';
  private readonly open: string[] = [];
  private readonly tag = new LazyTag();
  /** Characters taken before `rest`, to say where an error is. */
  private offset = 0;
  /** The attribute values of the plain element being read, and how its child and itself close. */
  private readonly plainValues: (string | undefined)[];
  private plainClosing: string | undefined;

  constructor(private readonly handlers: XmlHandlers) {
    this.plainValues = (handlers.plain?.attributes ?? []).map(() => undefined);
  }

  /** Takes the next piece of the document. */
  write(piece: string): void {
    // Joined into one flat string: `rest + piece` makes a pair of strings that V8 reads through at each character (10% of a sheet's reading).
    const text = this.rest === '' ? piece : [this.rest, piece].join('');
    const done = this.scan(text);
    this.offset += done;
    this.rest = text.slice(done);
    if (this.rest.length > MAX_TAG_CHARS) throw this.error(`a tag, comment or section is longer than ${MAX_TAG_CHARS} characters`, 0);
  }

  /** Ends the document: an error if a tag or element is left open. */
  end(): void {
    if (this.rest.trim() !== '') throw this.error(`it ends inside ${this.rest.startsWith('<') ? 'a tag' : 'an entity'}`, 0);
    if (this.open.length > 0) throw this.error(`it ends before </${this.open[this.open.length - 1]}>`, 0);
  }

  private error(message: string, at: number): XmlError {
    return new XmlError(`${message} (at character ${this.offset + at + 1})`);
  }

  /** Scans what is complete in `text`; returns how many characters were taken. */
  private scan(text: string): number {
    const { handlers } = this;
    let i = 0;
    while (i < text.length) {
      if (text.charCodeAt(i) !== 60 /* < */) {
        let end = text.indexOf('<', i);
        if (end === -1) {
          end = text.length;
          const amp = text.lastIndexOf('&');
          // A piece may end inside an entity or a CR LF: keep that for the next piece.
          if (amp >= i && text.indexOf(';', amp) === -1 && text.length - amp <= 12) end = amp;
          else if (text.charCodeAt(end - 1) === 13) end--;
        }
        if (handlers.text && end > i) {
          const run = lineEnds(text.slice(i, end));
          try {
            handlers.text(run.includes('&') ? decodeEntities(run) : run);
          } catch (error) {
            throw error instanceof XmlError ? this.error(error.message, i) : error;
          }
        }
        if (end < text.length && text.charCodeAt(end) !== 60) return end;
        i = end;
        continue;
      }
      const next = text.charCodeAt(i + 1);
      if (next === 33 /* ! */) {
        if (text.startsWith('<!--', i)) {
          const end = text.indexOf('-->', i + 4);
          if (end === -1) return i;
          i = end + 3;
        } else if (text.startsWith('<![CDATA[', i)) {
          const end = text.indexOf(']]>', i + 9);
          if (end === -1) return i;
          handlers.text?.(lineEnds(text.slice(i + 9, end)));
          i = end + 3;
        } else if (text.length - i < 9) {
          return i;
        } else {
          throw this.error('a DOCTYPE or declaration is not allowed in a workbook part', i);
        }
      } else if (next === 63 /* ? */) {
        const end = text.indexOf('?>', i + 2);
        if (end === -1) return i;
        i = end + 2;
      } else if (next === 47 /* / */) {
        const end = text.indexOf('>', i + 2);
        if (end === -1) return i;
        const name = text.slice(i + 2, end).trim();
        const expected = this.open.pop();
        if (name !== expected)
          throw this.error(expected === undefined ? `</${name}> closes nothing` : `</${name}> where </${expected}> was due`, i);
        handlers.close?.(name);
        i = end + 1;
      } else if (Number.isNaN(next)) {
        return i;
      } else {
        if (handlers.plain && plainElements.enabled && this.open.length + 2 <= MAX_DEPTH) {
          const after = this.plainElement(text, i, handlers.plain);
          if (after !== -1) {
            i = after;
            continue;
          }
        }
        const end = tagEnd(text, i + 1);
        if (end === -1) return i;
        if (end - i > MAX_TAG_CHARS) throw this.error(`a tag is longer than ${MAX_TAG_CHARS} characters`, i);
        const selfClosing = text.charCodeAt(end - 1) === 47;
        const stop = selfClosing ? end - 1 : end;
        const nameStop = nameEnd(text, i + 1, stop);
        if (nameStop === i + 1) throw this.error(`"<${text.slice(i + 1, i + 20)}" is not a tag`, i);
        const name = text.slice(i + 1, nameStop);
        if (!selfClosing) {
          if (this.open.length >= MAX_DEPTH) throw this.error(`elements nest more than ${MAX_DEPTH} deep`, i);
          this.open.push(name);
        }
        try {
          handlers.open?.(this.tag.reset(name, text, nameStop, stop));
        } catch (error) {
          throw error instanceof XmlError ? this.error(error.message, i) : error;
        }
        if (selfClosing) handlers.close?.(name);
        i = end + 1;
      }
    }
    return i;
  }

  /**
   * The plain element (XmlHandlers.plain) whose tag starts at `i`, handed to take(): where it
   * ends; -1 for an element to read the usual way (another, one not written plainly, or one whose
   * end is not in `text` yet).
   */
  private plainElement(text: string, i: number, plain: PlainElement): number {
    const { name, child, attributes } = plain;
    if (!startsAt(text, i + 1, name)) return -1;
    const values = this.plainValues;
    for (let k = 0; k < values.length; k++) values[k] = undefined;
    let j = i + 1 + name.length;
    let c = text.charCodeAt(j);
    if (c !== 32 && c !== 47 /* / */ && c !== 62 /* > */) return -1;
    // The attributes, then the end of the tag.
    for (;;) {
      while (c === 32) c = text.charCodeAt(++j);
      if (c === 47 /* / */) {
        if (text.charCodeAt(j + 1) !== 62) return -1;
        this.takePlain(plain, undefined, i);
        return j + 2;
      }
      if (c === 62 /* > */) break;
      const nameStart = j;
      while (j < text.length && c !== 61 /* = */ && c !== 32 && c !== 62 && c !== 47) c = text.charCodeAt(++j);
      if (c !== 61) return -1;
      let k = attributes.length - 1;
      while (k >= 0 && !(attributes[k]!.length === j - nameStart && startsAt(text, nameStart, attributes[k]!))) k--;
      if (k === -1 || values[k] !== undefined) return -1;
      const quote = text.charCodeAt(j + 1);
      if (quote !== 34 /* " */ && quote !== 39 /* ' */) return -1;
      const valueStart = j + 2;
      const limit = Math.min(text.length, valueStart + PLAIN_VALUE_CHARS);
      for (j = valueStart; j < limit; j++) {
        c = text.charCodeAt(j);
        if (c === quote) break;
        if (c === 38 /* & */ || c === 60 /* < */ || c < 32) return -1;
      }
      if (j === limit) return -1;
      values[k] = text.slice(valueStart, j);
      c = text.charCodeAt(++j);
    }
    j++;
    // `></name>`: no child.
    if (
      text.charCodeAt(j) === 60 &&
      text.charCodeAt(j + 1) === 47 &&
      startsAt(text, j + 2, name) &&
      text.charCodeAt(j + 2 + name.length) === 62
    ) {
      this.takePlain(plain, undefined, i);
      return j + 3 + name.length;
    }
    // `><child>text</child></name>`.
    if (text.charCodeAt(j) !== 60 || !startsAt(text, j + 1, child) || text.charCodeAt(j + 1 + child.length) !== 62) return -1;
    const textStart = j + 2 + child.length;
    const textEnd = text.indexOf('<', textStart);
    if (textEnd === -1) return -1;
    for (let t = textStart; t < textEnd; t++) {
      c = text.charCodeAt(t);
      if (c === 38 /* & */ || c === 13) return -1;
    }
    const closing = (this.plainClosing ??= `</${child}></${name}>`);
    if (!startsAt(text, textEnd, closing)) return -1;
    this.takePlain(plain, text.slice(textStart, textEnd), i);
    return textEnd + closing.length;
  }

  private takePlain(plain: PlainElement, text: string | undefined, at: number): void {
    try {
      plain.take(this.plainValues, text);
    } catch (error) {
      throw error instanceof XmlError ? this.error(error.message, at) : error;
    }
  }
}

/** Whether `text` holds `word` at `at`: a loop, cheaper than startsWith for the few characters of a tag's name. */
function startsAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** CR LF and lone CR as LF, as XML reads line ends. */
function lineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Where the tag starting at `from` ends (its `>`, outside quoted values); -1 when not in `text` yet. */
function tagEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62 /* > */) return i;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = text.indexOf(text[i]!, i + 1);
      if (close === -1) return -1;
      i = close;
    }
  }
  return -1;
}

/** Where the name of a tag starting at `from` ends, at most at `stop`. */
function nameEnd(text: string, from: number, stop: number): number {
  for (let i = from; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) return i;
  }
  return stop;
}
