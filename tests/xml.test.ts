/** The workbook parts' XML scanner: events, pieces, entities, line ends and what it refuses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, MAX_TAG_CHARS, parseAttributes, XmlError, XmlScanner, type XmlTag } from '../src/input/xml.js';

/** The events of a document fed in the pieces given, adjacent text joined (or what `open` makes of its tags). */
function events(pieces: string[], open?: (tag: XmlTag) => void): string[] {
  const out: string[] = [];
  const text = (t: string) => {
    if (out.length > 0 && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
    else out.push(`text ${t}`);
  };
  const scanner = new XmlScanner({
    open: open ?? ((tag) => out.push(`open ${tag.name} ${JSON.stringify(tag.attributes)}`)),
    text,
    close: (name) => out.push(`close ${name}`),
  });
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return out;
}

const refusal = (doc: string) => {
  try {
    events([doc]);
  } catch (error) {
    if (error instanceof XmlError) return error.message;
    throw error;
  }
  return 'accepted';
};

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- made by hand -->\r\n<x:sheet xmlns:x="urn:s" a='1 &gt; 0' b="x>y"><row r="2"><c r="A2" t="s"><v>3</v></c><c/><is><t>a &amp; b&#x4E2D;&#25991;\r\nline\rend</t></is><![CDATA[<raw> & ]]></row></x:sheet>`;

/** The attributes as a regular expression reads them: the reference parseAttributes is held to. */
function attributesByExpression(source: string): Record<string, string> | 'malformed' {
  const attribute = /\s*([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  while (attribute.lastIndex < source.length) {
    const at = attribute.lastIndex;
    const match = attribute.exec(source);
    if (!match) {
      if (source.slice(at).trim() === '') break;
      return 'malformed';
    }
    const value = (match[2] ?? match[3] ?? '').replace(/\r\n?|[\n\t]/g, ' ');
    attributes[match[1]!] = value.includes('&') ? decodeEntities(value) : value;
  }
  return attributes;
}

describe('attributes', () => {
  it('are read as the regular expression of XML attributes reads them, or refused where it finds none', () => {
    // Attributes, near misses of them, and stray characters, one after another.
    const space = fc.constantFrom('', '', ' ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u2028', '\ufeff');
    const name = fc.constantFrom('r', 't', 'rt', 'x:id', '中', 'a/b', 'a>b', '', '=');
    const value = fc.array(fc.constantFrom('A1', ' ', '\t', '\r', '\n', '\r\n', '<', '>', '&amp;', '&lt;', '&#x4E2D;', '&bad', '"', "'", '中'), { maxLength: 4 }).map((parts) => parts.join(''));
    const quote = fc.constantFrom('"', "'");
    const attribute = fc.tuple(space, name, space, fc.constantFrom('=', '=', '', '=='), space, quote, value, fc.oneof(quote, fc.constant(''))).map((parts) => parts.join(''));
    const piece = fc.oneof({ weight: 4, arbitrary: attribute }, { weight: 1, arbitrary: fc.constantFrom(' ', '=', '"', "'", '<', '>', '/', 'r', '&amp;') });
    const attempt = (source: string) => {
      try {
        return parseAttributes(source, 'c');
      } catch (error) {
        if (error instanceof XmlError && /attributes of <c> are malformed/.test(error.message)) return 'malformed';
        return `other: ${(error as Error).message}`;
      }
    };
    const reference = (source: string) => {
      try {
        return attributesByExpression(source);
      } catch (error) {
        return `other: ${(error as Error).message}`;
      }
    };
    const sources = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(sources, (source) => {
        expect(attempt(source)).toEqual(reference(source));
      }),
      { numRuns: 5000 },
    );
    // A tag's attribute(), which finds one value without making the others, as its attributes give it.
    const names = ['r', 't', 'x', 'x:id', '中', 'a'];
    const read = (doc: string, one: boolean) => {
      const found: (string | undefined)[][] = [];
      try {
        events([doc], (tag) => found.push(names.map((name) => (one ? tag.attribute(name) : tag.attributes[name]))));
      } catch (error) {
        return (error as Error).message;
      }
      return found;
    };
    fc.assert(
      fc.property(sources, (source) => {
        const doc = `<c ${source}></c>`;
        expect(read(doc, true)).toEqual(read(doc, false));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('XmlScanner', () => {
  it('reports tags, attributes and text with entities decoded and line ends as LF', () => {
    expect(events([SAMPLE])).toEqual([
      'text \n\n',
      `open x:sheet {"xmlns:x":"urn:s","a":"1 > 0","b":"x>y"}`,
      'open row {"r":"2"}',
      'open c {"r":"A2","t":"s"}',
      'open v {}',
      'text 3',
      'close v',
      'close c',
      'open c {}',
      'close c',
      'open is {}',
      'open t {}',
      'text a & b中文\nline\nend',
      'close t',
      'close is',
      'text <raw> & ',
      'close row',
      'close x:sheet',
    ]);
  });

  it('gives the same events however the document is cut into pieces', () => {
    const whole = events([SAMPLE]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: SAMPLE.length - 1 }), { maxLength: 8 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), SAMPLE.length];
        expect(events(at.slice(1).map((end, i) => SAMPLE.slice(at[i], end)))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what a spreadsheet does not write, saying where', () => {
    expect(refusal('<a><b></a>')).toMatch(/<\/a> where <\/b> was due \(at character 7\)/);
    expect(refusal('<a></b>')).toMatch(/<\/b> where <\/a> was due/);
    expect(refusal('</a>')).toMatch(/<\/a> closes nothing/);
    expect(refusal('<a>')).toMatch(/ends before <\/a>/);
    expect(refusal('<a b="1"')).toMatch(/ends inside a tag/);
    expect(refusal('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toMatch(/DOCTYPE/);
    expect(refusal('<a>fish & chips</a>')).toMatch(/bare & is written &amp;/);
    expect(refusal('<a>&bogus;</a>')).toMatch(/not an entity XML knows/);
    expect(refusal('<a>&#xD800;</a>')).toMatch(/not an entity/);
    expect(refusal('<a>&#0;</a>')).toMatch(/not an entity/);
    expect(refusal('<a>&constructor;</a>')).toMatch(/not an entity/);
    expect(refusal(`${'<a>'.repeat(1001)}`)).toMatch(/nest more than 1000 deep/);
  });

  it('refuses a tag longer than its limit instead of gathering it', () => {
    const scanner = new XmlScanner({});
    scanner.write('<a><b x="');
    expect(() => {
      for (let i = 0; i < 20; i++) scanner.write('y'.repeat(MAX_TAG_CHARS / 16));
    }).toThrow(/longer than/);
  });

  it('passes long text on piece by piece, never gathering it', () => {
    const sizes: number[] = [];
    const scanner = new XmlScanner({ text: (t) => sizes.push(t.length) });
    scanner.write('<a>');
    for (let i = 0; i < 100; i++) scanner.write(' '.repeat(65_536));
    scanner.write('</a>');
    scanner.end();
    expect(sizes.length).toBe(100);
    expect(Math.max(...sizes)).toBe(65_536);
  });
});
