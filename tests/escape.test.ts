import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import fc from 'fast-check';
import { csvCell, escapeHtml, escapeMarkdown, escapeXml, jsonSafe, JsonSafeEncoder, terminalSafe } from '../src/report/escape.js';
import { REPORTERS } from '../src/report/index.js';
import { csv, row, writeFiles } from './helpers.js';
import { validReport } from './report-schema.js';

describe('escaping helpers', () => {
  it('neutralises formulas in CSV text cells but keeps numbers', () => {
    for (const formula of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '＝1', '＋1', '－1', '＠x']) {
      expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell(-3.5)).toBe('-3.5');
    // An operator column's lone = or - is not a formula, and stays readable.
    for (const op of ['=', '-', '>=', '<']) expect(csvCell(op)).toBe(op);
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
  });

  it('escapes HTML, XML and Markdown', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
    expect(escapeXml('a\u0000b\u001bc<\uffff')).toBe('a\u2400b\u241bc&lt;');
    expect(escapeHtml('x\u202ey\u009bz')).toBe('x&lt;U+202E&gt;y&lt;U+009B&gt;z');
    expect(csvCell('\u001b[31mred')).toBe('\u241b[31mred');
    expect(escapeMarkdown('a|b\\c\n<i>*x*')).toBe('a\\|b\\\\c &lt;i&gt;\\*x\\*');
  });

  it('strips terminal escape sequences and control characters', () => {
    expect(terminalSafe('a\u001b[31mred\u001b[0m\u001b]0;title\u0007b\u0008')).toBe('aredb');
    expect(terminalSafe('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});

describe('reports escape what came from a file', () => {
  it('no report lets a hostile header through', async () => {
    const hostile = '<script>alert(1)</script>\u001b[2J=HYPERLINK("x")|';
    const report = await check([writeFiles({ 'a.csv': csv([row('431102', { [hostile]: '1' })]) })]);
    const render = (format: string) => REPORTERS[format]!.render(report, { lang: 'en', color: false });
    expect(render('html')).not.toContain('<script>');
    expect(render('markdown')).not.toContain('<script>');
    expect(render('table')).not.toContain('\u001b');
    expect(render('junit')).not.toContain('\u001b');
    expect(validReport(render('json')).warnings[0].code).toBe('unknown-label');
  });

  it('no format carries a raw control or bidirectional character from a file name, header or cell', async () => {
    const nasty = '\u001b]0;owned\u0007\u001b[31m\u202e\u009b\u0000';
    const dir = writeFiles({
      [`c${nasty.replace('\u0000', '')}.csv`]: csv([
        row('431102', { county_name: `零陵${nasty}`, [`x${nasty}`]: '1', elderly_beds: `12${nasty}` }),
      ]),
    });
    const report = await check([dir]);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const raw = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    for (const [format, reporter] of Object.entries(REPORTERS)) {
      for (const lang of ['zh', 'en'] as const) {
        const text = reporter.render(report, { lang, color: false });
        expect(raw.exec(text)?.[0], `${format} ${lang}`).toBeUndefined();
      }
    }
    const json = validReport(REPORTERS.json!.render(report, { lang: 'en', color: false }));
    expect(JSON.stringify(json)).toContain('owned');
  });
});

describe('plan text on terminals and in JSON', () => {
  it('strips bidirectional overrides on a terminal, and writes C1 and bidi characters in JSON as escapes', () => {
    const title = 'Share \u001b]0;pwned\u0007\u001b[31mred\u202e\u009b';
    expect(terminalSafe(title)).toBe('Share red');
    const json = jsonSafe(JSON.stringify({ title }));
    expect(json).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual({ title });
  });

  it('writes as bytes the text jsonSafe writes, told from the bytes, whatever the characters near those it escapes, in pieces, one text after another', () => {
    // Each escaped character, and neighbours that share its first UTF-8 bytes (“ ” m² Arabic, Chinese).
    const near = [
      '\u007e',
      '\u007f',
      '\u0080',
      '\u009f',
      '\u00a0',
      '\u00b2',
      '\u061b',
      '\u061c',
      '\u061d',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u2010',
      '\u201c',
      '\u2027',
      '\u2028',
      '\u2029',
      '\u202a',
      '\u202e',
      '\u202f',
      '\u2065',
      '\u2066',
      '\u2069',
      '\u206a',
      '\u4e00',
      '达',
    ];
    const text = fc
      .array(fc.oneof(fc.constantFrom(...near), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 })
      .map((parts) => parts.join(''));
    // One encoder for all the texts, as a report's pieces share one: each text's bytes are its own whatever came before.
    const encoder = new JsonSafeEncoder();
    fc.assert(
      fc.property(fc.array(text, { maxLength: 3 }), (values) => {
        // A report's results come as a comma and the text after it: pieces written one after another.
        const pieces = values.map((value) => JSON.stringify({ value }));
        expect(Buffer.from(encoder.encode(pieces)).equals(Buffer.from(jsonSafe(pieces.join(''))))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
