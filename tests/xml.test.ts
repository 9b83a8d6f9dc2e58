/** The workbook parts' XML scanner: events, pieces, entities, line ends and what it refuses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, MAX_TAG_CHARS, parseAttributes, XmlError, XmlScanner, type PlainElement, type XmlTag } from '../src/input/xml.js';

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
    const value = fc
      .array(fc.constantFrom('A1', ' ', '\t', '\r', '\n', '\r\n', '<', '>', '&amp;', '&lt;', '&#x4E2D;', '&bad', '"', "'", '中'), {
        maxLength: 4,
      })
      .map((parts) => parts.join(''));
    const quote = fc.constantFrom('"', "'");
    const attribute = fc
      .tuple(space, name, space, fc.constantFrom('=', '=', '', '=='), space, quote, value, fc.oneof(quote, fc.constant('')))
      .map((parts) => parts.join(''));
    const piece = fc.oneof(
      { weight: 4, arbitrary: attribute },
      { weight: 1, arbitrary: fc.constantFrom(' ', '=', '"', "'", '<', '>', '/', 'r', '&amp;') },
    );
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

/** Cells as writers write them, plainly or not: names, attributes, quotes, spaces, entities, line ends and children of every kind. */
const cellXml = (() => {
  /** Mostly plain, often not. */
  const mostly = <T>(plain: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: other });
  const value = mostly(
    fc.constantFrom('A1', 'B22', 's', 'n', '3', ''),
    fc.constantFrom('a&amp;b', 'x\ty', 'x\ny', "it's", 'A"B', 'A'.repeat(300), '<', '中'),
  );
  const attribute = fc
    .tuple(
      mostly(fc.constant(' '), fc.constantFrom('  ', '\n', '')),
      mostly(fc.constantFrom('r', 't', 's'), fc.constantFrom('cm', 'x:r')),
      value,
      fc.constantFrom('"', "'"),
    )
    .map(([space, name, v, quote]) => `${space}${name}=${quote}${v}${quote}`);
  const body = mostly(
    fc.constantFrom('><v>%</v></@>', '/>', '></@>', '><v></v></@>', ' />'),
    fc.constantFrom(
      '><f>1</f><v>%</v></@>',
      '><is><t>%</t></is></@>',
      '> <v>%</v></@>',
      '><v>%</v> </@>',
      '><v/></@>',
      '><v>%</v></v></@>',
      '><v>%</@>',
      '>%</@>',
    ),
  );
  const text = fc.constantFrom('1', 'abc', '', '&amp;', 'a\r\nb', 'a\rb', '中文', '&bogus;', '>', '\t');
  return fc
    .tuple(mostly(fc.constant('c'), fc.constantFrom('x:c', 'col', 'cc')), fc.array(attribute, { maxLength: 3 }), body, text)
    .map(([name, attributes, shape, t]) => `<${name}${attributes.join('')}${shape.replace(/@/g, name).replace('%', t)}`);
})();

/** The events of a document with cells taken whole where they are plain (or not at all), told as the events they stand for; and how many were. */
function plainEvents(pieces: string[], plain: boolean): { events: string[]; taken: number } {
  const out: string[] = [];
  let taken = 0;
  const open = (name: string, attributes: Record<string, string>) =>
    out.push(`open ${name} ${JSON.stringify(Object.entries(attributes).sort())}`);
  const text = (t: string) => {
    if (out.length > 0 && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
    else out.push(`text ${t}`);
  };
  const cells: PlainElement = {
    name: 'c',
    child: 'v',
    attributes: ['r', 't', 's'],
    take: (values, child) => {
      taken++;
      open('c', Object.fromEntries(['r', 't', 's'].flatMap((name, k) => (values[k] === undefined ? [] : [[name, values[k]!]]))));
      if (child !== undefined) {
        open('v', {});
        if (child !== '') text(child);
        out.push('close v');
      }
      out.push('close c');
    },
  };
  const scanner = new XmlScanner({
    open: (tag) => open(tag.name, tag.attributes),
    text,
    close: (name) => out.push(`close ${name}`),
    ...(plain ? { plain: cells } : {}),
  });
  try {
    for (const piece of pieces) scanner.write(piece);
    scanner.end();
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    out.push(`error ${error.message}`);
  }
  return { events: out, taken };
}

describe('plain elements', () => {
  it('are taken whole as the events they stand for, however the document is cut, and others go as events', () => {
    fc.assert(
      fc.property(fc.array(cellXml, { maxLength: 8 }), fc.uniqueArray(fc.nat(), { maxLength: 6 }), (cells, cuts) => {
        const doc = `<sheetData><row r="1">${cells.join('')}</row></sheetData>`;
        const at = [0, ...cuts.map((cut) => cut % doc.length).sort((a, b) => a - b), doc.length];
        const pieces = at.slice(1).map((end, i) => doc.slice(at[i], end));
        expect(plainEvents(pieces, true).events).toEqual(plainEvents([doc], false).events);
      }),
      { numRuns: 400 },
    );
  });

  it('are those written the plain way, in full in the piece at hand', () => {
    const plainCells = ['<c r="A1" t="s"><v>7</v></c>', '<c s=\'2\' r="B1"/>', '<c r="C1"></c>', '<c r="D1"  t="n" ><v></v></c>'];
    const others = [
      '<c r="E1" cm="1"><v>1</v></c>',
      '<c r="F1"><f>1</f><v>1</v></c>',
      '<c r="G1"><v>a&amp;b</v></c>',
      '<x:c r="H1"><v>1</v></x:c>',
      '<c r="I1" r="I1"><v>1</v></c>',
      '<c r="J1"><is><t>x</t></is></c>',
    ];
    const doc = `<row>${[...plainCells, ...others].join('')}</row>`;
    expect(plainEvents([doc], true).taken).toBe(plainCells.length);
    // A cell cut between two pieces goes as events.
    const cut = doc.indexOf('<v>7') + 2;
    expect(plainEvents([doc.slice(0, cut), doc.slice(cut)], true).taken).toBe(plainCells.length - 1);
  });
});
