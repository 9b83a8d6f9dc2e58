/** The workbook parts' XML scanner: events, pieces, entities, line ends and what it refuses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TAG_CHARS, XmlError, XmlScanner } from '../src/input/xml.js';

/** The events of a document fed in the pieces given, adjacent text joined. */
function events(pieces: string[]): string[] {
  const out: string[] = [];
  const text = (t: string) => {
    if (out.length > 0 && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
    else out.push(`text ${t}`);
  };
  const scanner = new XmlScanner({
    open: (tag) => out.push(`open ${tag.name} ${JSON.stringify(tag.attributes)}`),
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
