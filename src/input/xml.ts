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
}

/** What a scan reports; a handler may throw to stop it. */
export interface XmlHandlers {
  open?: (tag: XmlTag) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

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

  /** The tag named `name` whose attributes are `text` from `start` to `end`. */
  reset(name: string, text: string, start: number, end: number): this {
    this.name = name;
    this.text = text;
    this.start = start;
    this.end = end;
    this.cached = start === end ? NO_ATTRIBUTES : undefined;
    return this;
  }

  get attributes(): Record<string, string> {
    this.cached ??= parseAttributes(this.text.slice(this.start, this.end), this.name);
    return this.cached;
  }
}

const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

function parseAttributes(source: string, element: string): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  ATTRIBUTE.lastIndex = 0;
  while (ATTRIBUTE.lastIndex < source.length) {
    const at = ATTRIBUTE.lastIndex;
    const match = ATTRIBUTE.exec(source);
    if (!match) {
      if (source.slice(at).trim() === '') break;
      throw new XmlError(`the attributes of <${element}> are malformed`);
    }
    const value = (match[2] ?? match[3] ?? '').replace(/\r\n?|[\n\t]/g, ' ');
    attributes[match[1]!] = value.includes('&') ? decodeEntities(value) : value;
  }
  return attributes;
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

  constructor(private readonly handlers: XmlHandlers) {}

  /** Takes the next piece of the document. */
  write(piece: string): void {
    const text = this.rest === '' ? piece : this.rest + piece;
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
        if (name !== expected) throw this.error(expected === undefined ? `</${name}> closes nothing` : `</${name}> where </${expected}> was due`, i);
        handlers.close?.(name);
        i = end + 1;
      } else if (Number.isNaN(next)) {
        return i;
      } else {
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
