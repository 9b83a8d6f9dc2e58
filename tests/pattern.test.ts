/** Patterns from plans and configurations: matched in linear time, refused clearly where they cannot be. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { globRegex } from '../src/input/sources.js';
import { loadColumns } from '../src/validate/columns.js';
import { re2Package } from '../src/lazy.js';
import { isPlainSequence, linearPattern, PatternError, REVIEWED_PATTERNS, wildcardMatcher } from '../src/validate/pattern.js';
import { tempDir } from './helpers.js';

const schema = (properties: Record<string, object>) => ({
  type: 'object',
  properties: {
    unit_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code', pattern: '^[0-9]{6}$' },
    period: { title: '报告期', type: 'string', 'x-role': 'period', pattern: '^[0-9]{4}(-[0-9]{2})?$' },
    ...properties,
  },
});

describe('patterns', () => {
  it('a pattern that backtracks exponentially in RegExp answers at once on a long cell', () => {
    const evil = linearPattern('^(a+)+$');
    expect(evil.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(evil.test('aaaa')).toBe(true);
    expect(linearPattern('^\\d*\\d*$').test(`${'1'.repeat(100_000)}x`)).toBe(false);
  });

  it('finds a match anywhere, as RegExp does, and repeats its answer for a repeated text', () => {
    const p = linearPattern('b+');
    expect([p.test('abba'), p.test('abba'), p.test('aa')]).toEqual([true, true, false]);
    expect(linearPattern('^r-0', true).test('R-01')).toBe(true);
  });

  it('a schema keeps each column its own pattern (Ajv keys patterns by their text)', () => {
    const { validate } = loadColumns(
      schema({ a: { title: 'A', type: 'string', pattern: '^x+$' }, b: { title: 'B', type: 'string', pattern: '^y+$' } }),
    );
    expect(validate({ unit_code: '431102', period: '2025', a: 'xx', b: 'yy' })).toBe(true);
    expect(validate({ unit_code: '431102', period: '2025', a: 'yy', b: 'xx' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath).sort()).toEqual(['/a', '/b']);
  });

  it('lookaround and backreferences are refused at the column that has them, in the schema file', () => {
    const dir = tempDir();
    const file = join(dir, 'look.schema.json');
    writeFileSync(file, JSON.stringify(schema({ name: { title: '名称', type: 'string', pattern: '^(?!x)\\w+$' } }), null, 2));
    expect(() => loadColumns(file)).toThrow(
      /look\.schema\.json:\d+:\d+: column name: the pattern "\^\(\?!x\)\\\\w\+\$" cannot be used: .*without lookaround or backreferences/,
    );
    expect(() => linearPattern('(a)\\1')).toThrow(PatternError);
    // A long pattern is quoted in part, cut between characters, never within one beyond the BMP.
    const long = `${'a'.repeat(79)}\u{20000}(?!x)`;
    expect(() => linearPattern(long)).toThrow(`the pattern "${'a'.repeat(79)}…" cannot be used`);
  });

  it('a file pattern with a broken class is a usage error naming it', () => {
    expect(() => globRegex('data/[z-a].csv')).toThrow(UsageError);
    expect(() => globRegex('data/[z-a].csv')).toThrow(
      /file pattern "data\/\[z-a\]\.csv" cannot be read: invalid character class range: z-a/,
    );
    expect(globRegex('data/**/*.csv').test('data/2025/x.csv')).toBe(true);
  });
});

describe('the patterns of the shipped schemas', () => {
  it('are every pattern those schemas hold, and matched natively as RE2 matches them', () => {
    // Every pattern of the schemas a run reads, however deep: rows and rosters, plans, registries, configuration files.
    const shipped = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'pattern' && typeof value === 'string') shipped.add(value);
          else collect(value);
        }
      }
    };
    for (const name of readdirSync('schemas').filter((f) => f.endsWith('.schema.json') && f !== 'report.schema.json'))
      collect(JSON.parse(readFileSync(`schemas/${name}`, 'utf8')));
    expect([...shipped].sort()).toEqual([...REVIEWED_PATTERNS].sort());
    const { RE2JS } = re2Package();
    const text = fc.oneof(
      fc.stringMatching(/^[0-9A-Za-z-]{0,20}$/),
      fc.stringMatching(/^-?[0-9.%_a-zA-Z-]{0,12}$/),
      fc.constantFrom(
        '431102',
        '2025-12',
        '2025-13',
        '2025',
        '2025-03-05',
        '431127100',
        '431127100001',
        '4311271000',
        '52431127MJ0000000A',
        '52431127mj0000000a',
        '2025-12\n',
        'T2-02a',
        'C4.13b',
        '-T2',
        'yongzhou-14th',
        'Yongzhou',
        'a_b-c',
        '_a',
        '-20.51%',
        '3%',
        '3.%',
        '.5%',
        '-%',
        '20.51%x',
      ),
      fc.string({ maxLength: 20 }),
    );
    for (const source of REVIEWED_PATTERNS) {
      const re2 = RE2JS.compile(source);
      const native = linearPattern(source);
      fc.assert(
        fc.property(text, (t) => {
          expect(native.test(t), `${source} on ${JSON.stringify(t)}`).toBe(re2.matcher(t).find());
        }),
        { numRuns: 500 },
      );
      // Long cells that almost match are answered as RE2 answers them (a backtracking blow-up would not end).
      for (const long of ['1'.repeat(100_000), `${'a'.repeat(100_000)}!`, `-${'1'.repeat(100_000)}.${'1'.repeat(100_000)}x`])
        expect(native.test(long), source).toBe(re2.matcher(long).find());
    }
  });
});

describe("the patterns of a plan's own", () => {
  it('a sequence of single characters, at most one of them repeated a varying number of times after ^, is matched natively as RE2 matches it', () => {
    const { RE2JS } = re2Package();
    const atom = fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '中',
      '_',
      '\\d',
      '\\w',
      '\\.',
      '\\-',
      '[0-9]',
      '[A-Z]',
      '[a-z0-9_]',
      '[一-龥]',
      '[\\d.]',
      '[-a]',
      '[a-]',
      '[\\d-z]',
      '[^0-9]',
      '.',
      '(a)',
      'a|b',
    );
    const times = fc.constantFrom('', '', '?', '*', '+', '{2}', '{1,3}', '{2,}', '{0,1}', '{3,1}');
    const pattern = fc
      .tuple(fc.boolean(), fc.array(fc.tuple(atom, times), { maxLength: 5 }), fc.boolean())
      .map(([start, atoms, end]) => `${start ? '^' : ''}${atoms.map(([a, t]) => a + t).join('')}${end ? '$' : ''}`);
    const text = fc
      .array(fc.constantFrom('a', 'Z', '0', '1', '-', '.', '中', '_', ' ', '\n', 'b'), { maxLength: 8 })
      .map((cs) => cs.join(''));
    let plain = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 12 }), (source, texts) => {
        let re2: ReturnType<typeof RE2JS.compile>;
        try {
          re2 = RE2JS.compile(source);
        } catch {
          expect(() => linearPattern(source)).toThrow(PatternError);
          return;
        }
        const ours = linearPattern(source);
        if (isPlainSequence(source)) plain++;
        for (const t of texts) expect(ours.test(t), `${source} on ${JSON.stringify(t)}`).toBe(re2.matcher(t).find());
      }),
      { numRuns: 1000 },
    );
    // Both kinds were tried: patterns matched natively, and others.
    expect(plain).toBeGreaterThan(100);
    expect(plain).toBeLessThan(900);
    // A plan's case number and code are matched natively, and answer on a cell of 100,000 characters; two repeated atoms stay RE2's.
    for (const source of ['^[A-Z]{2}[0-9]{7}$', '^[0-9]+$', '^LS\\d{7}$'])
      expect(linearPattern(source).test(`${'1'.repeat(100_000)}x`)).toBe(false);
    expect(isPlainSequence('^[A-Z]{2}[0-9]{7}$')).toBe(true);
    expect(isPlainSequence('^\\d*\\d*$')).toBe(false);
    expect(isPlainSequence('[0-9]+$')).toBe(false);
  });
});

describe('wildcard patterns (--rules)', () => {
  it('match whole texts as RE2 matches the pattern with * as .*, case aside', () => {
    const { RE2JS } = re2Package();
    const chars = fc.constantFrom('T', 't', '2', '-', '0', '8', 'a', 'C', '*', '.');
    const word = (max: number) => fc.array(chars, { maxLength: max }).map((c) => c.join(''));
    fc.assert(
      fc.property(word(8), word(10), (pattern, text) => {
        fc.pre(!text.includes('*'));
        const re2 = RE2JS.compile(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, RE2JS.CASE_INSENSITIVE);
        expect(wildcardMatcher(pattern)(text), `${pattern} on ${text}`).toBe(re2.matcher(text).find());
      }),
      { numRuns: 3000 },
    );
  });

  it('answer for a pattern of many stars over a long text, going back only to the last star', () => {
    const matches = wildcardMatcher(`${'*a'.repeat(200)}*b`);
    expect(matches('a'.repeat(5000))).toBe(false);
    expect(matches(`${'a'.repeat(5000)}b`)).toBe(true);
  });
});
