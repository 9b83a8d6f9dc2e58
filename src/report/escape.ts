/**
 * Escaping of text that came from users' files, one helper per kind of output, so that a
 * header or cell cannot inject into what plan-check writes.
 */

// CSI / OSC escape sequences, then any other C0/C1 control character but tab and newline.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Characters that reorder what a terminal or a browser shows (U+202E turns text around). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Any character CONTROL or BIDI removes (an escape sequence starts with one): text without is safe as it is. */
const UNSAFE = new RegExp(`${CONTROL.source}|${BIDI.source}`);

/** Text safe to print on a terminal: escape sequences, control and bidirectional characters removed. */
export function terminalSafe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '').replace(BIDI, '');
}

/** A value as the JSON documents plan-check writes: indented, C1 and bidi characters escaped, a final newline. */
export function jsonText(value: unknown): string {
  return `${jsonSafe(JSON.stringify(value, null, 2))}\n`;
}

/** The C1 controls and bidirectional characters JSON.stringify leaves raw, which the JSON plan-check writes has as \u escapes. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** Whether a text holds a character a global pattern matches: asked once (a non-global copy), before a replace, which costs a text without any several times as much (a report's millions of cells). */
function holds(pattern: RegExp): (text: string) => boolean {
  const once = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  return (text) => once.test(text);
}

const holdsJsonUnsafe = holds(JSON_UNSAFE);

/** JSON text with the C1 controls and bidirectional characters JSON.stringify leaves raw written as \u escapes (the same string to a parser). */
export function jsonSafe(json: string): string {
  if (!holdsJsonUnsafe(json)) return json;
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JSON text as jsonSafe writes it, as UTF-8 bytes in a buffer kept from one call to the next: a
 * report of many periods writes megabytes of results, most of them Chinese text, and encoding each
 * piece into memory of its own costs twice as much. What jsonSafe escapes is looked for in the
 * bytes (its characters begin with 7F, C2, D8 or E2, rare in a report), not in the text.
 */
export class JsonSafeEncoder {
  private scratch = Buffer.allocUnsafe(0);

  /**
   * The bytes of jsonSafe(pieces.join('')): valid until the next call, which writes over them. The
   * pieces are written one after another, not joined: a string joined to a long one is written to
   * UTF-8 several times slower than the two (a megabyte's results, 130 ms in 840 files' report).
   */
  encode(pieces: readonly string[]): Uint8Array {
    // A UTF-16 code unit is at most three bytes of UTF-8.
    const most = 3 * pieces.reduce((sum, piece) => sum + piece.length, 0);
    if (this.scratch.length < most) this.scratch = Buffer.allocUnsafe(Math.max(most, 2 * this.scratch.length));
    let length = 0;
    for (const piece of pieces) length += this.scratch.write(piece, length);
    const bytes = this.scratch.subarray(0, length);
    return escapedByJsonSafe(bytes) ? Buffer.from(jsonSafe(pieces.join(''))) : bytes;
  }
}

/** The first byte in UTF-8 of each character of JSON_UNSAFE (U+007F; U+0080-009F; U+061C; U+2xxx). */
const UNSAFE_LEADS = [0x7f, 0xc2, 0xd8, 0xe2];

/** Whether UTF-8 bytes hold a character jsonSafe escapes: the character at each of its first bytes is decoded and asked. */
function escapedByJsonSafe(bytes: Buffer): boolean {
  for (const lead of UNSAFE_LEADS) {
    for (let at = bytes.indexOf(lead); at >= 0; at = bytes.indexOf(lead, at + 1)) {
      JSON_UNSAFE.lastIndex = 0;
      if (JSON_UNSAFE.test(bytes.toString('utf8', at, Math.min(at + 3, bytes.length)))) return true;
    }
  }
  return false;
}

/** Text Excel could run as a formula: = + - @ (or their full-width forms) with something after them, or a leading tab or CR. */
const FORMULA_START = /^(?:[=+\-@＝＋－＠].|[\t\r])/s;

/** A CSV field as RFC 4180 writes it: quoted when it holds a delimiter, quote or line break. */
export function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV cell for Excel: numbers stay numbers; text that Excel could run as a formula (= + - @
 * or their full-width forms followed by more, or a leading tab or CR) gets a leading apostrophe;
 * a lone `=` (an operator column) stays as it is; quoted as needed.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const shown = visibleControls(value);
  return csvQuote(FORMULA_START.test(value) ? `'${shown}` : shown);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSEEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const holdsUnseen = holds(UNSEEN);

/**
 * Control and bidirectional characters made visible instead of acting: a C0 control as its
 * Unicode control picture (ESC as ␛), DEL as ␡, the rest as `<U+202E>`. For formats that can
 * show any character (HTML, Markdown, JUnit XML, CSV): escaped, not dropped.
 */
export function visibleControls(text: string): string {
  if (!holdsUnseen(text)) return text;
  return text.replace(UNSEEN, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/g;
const holdsHtmlSpecial = holds(HTML_SPECIAL);

/** Text safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: string): string {
  const shown = visibleControls(text);
  return holdsHtmlSpecial(shown) ? shown.replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c]!) : shown;
}

// Characters XML 1.0 does not allow at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const holdsXmlForbidden = holds(XML_FORBIDDEN);

/** Text safe in XML elements and attributes: control characters shown as pictures, U+FFFE and U+FFFF removed. */
export function escapeXml(text: string): string {
  const html = escapeHtml(text);
  return holdsXmlForbidden(html) ? html.replace(XML_FORBIDDEN, '') : html;
}

/** Text safe in a Markdown table cell: no pipes, backslashes, HTML or line breaks get through. */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/([\\|`*_[\]])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ');
}
