/**
 * The plain-form YAML reader (src/plan/simple-yaml.ts) held to `yaml`, the parser it stands in
 * for: whatever it reads, `yaml` reads without an error or warning, to the same value, each node
 * and key at the same place; what it declines is left to `yaml`. Every YAML file shipped is of the
 * form it reads.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadPlan } from '../src/plan/load.js';
import { parseYaml, parseYamlFully, type YamlFile } from '../src/plan/yaml.js';
import { readSimpleYaml } from '../src/plan/simple-yaml.js';
import { tempDir } from './helpers.js';

/** The options src/plan/yaml.ts parses with. */
const OPTIONS = { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, strict: true } as const;

/** `yaml`'s reading of a text: its value, or its first error or warning. */
function yamlReads(text: string): { value: unknown } | { problem: string } {
  const doc = parseDocument(text, OPTIONS);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) return { problem: problem.message };
  try {
    return { value: doc.toJS({ maxAliasCount: 50 }) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** Where two values differ, keys in order and numbers by Object.is (-0 is not 0), else undefined. */
function difference(a: unknown, b: unknown, at = ''): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b) ? undefined : `${at || '/'}: ${String(a)} against ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at || '/'}: of other kinds`;
  const [keysA, keysB] = [Object.keys(a), Object.keys(b)];
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${at || '/'}: keys ${JSON.stringify(keysA)} against ${JSON.stringify(keysB)}`;
  for (const key of keysA) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${key}`);
    if (found) return found;
  }
  return undefined;
}

/** The path of every node of a value, and of a key or index of none under each collection, with steps of the other kind (an index of a mapping, digits of a sequence). */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const paths = [path];
  if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])));
    paths.push([...path, value.length], [...path, '0'], [...path, 'x']);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
    paths.push([...path, 'missing'], [...path, 0]);
  }
  return paths;
}

/** Every YAML file in a folder and those below it. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the plain-form YAML reader', () => {
  it('reads every YAML file shipped (plans, regions, examples, the init template) to yaml`s value, its nodes where yaml places them', () => {
    const files = [...yamlFiles('data'), ...yamlFiles('examples')];
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const read = readSimpleYaml(text)?.value;
      expect(read, file).not.toBeUndefined();
      const reads = yamlReads(text);
      expect('value' in reads && difference(read, reads.value), file).toBeUndefined();
      const [plain, full] = [parseYaml(text, file), parseYamlFully(text, file)];
      for (const path of pathsOf(read))
        expect([plain.where(path, 1), plain.whereKey!(path), plain.range!(path)], `${file} ${JSON.stringify(path)}`).toEqual([
          full.where(path, 1),
          full.whereKey!(path),
          full.range!(path),
        ]);
    }
  });

  // Scalars as a person may write them, among them every form YAML 1.2's core schema reads as a number, null or true/false, and near misses.
  const commonTexts = [
    'a',
    'abc',
    'a b',
    'a  b',
    '人',
    '永州市民政局',
    '（一）',
    '“引号”',
    '𠀀',
    'Ａ',
    'a\u3000b',
    '\u3000a',
    'a\u3000',
    '0',
    '12',
    '55.5',
    '2025',
    '3 万人',
    'sum(x) / sum(y) * 100',
  ];
  const plainTexts = [
    ...commonTexts,
    'null',
    'Null',
    'NULL',
    'nULL',
    '~',
    'true',
    'True',
    'TRUE',
    'tRUE',
    'false',
    'FALSE',
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    '0',
    '-0',
    '+0',
    '1',
    '+1',
    '-1',
    '007',
    '-007',
    '0o17',
    '0o8',
    '0O17',
    '0x1F',
    '0x1f',
    '0X1F',
    '-0x1',
    '0b101',
    '1_000',
    '1,000',
    '1e3',
    '1E-3',
    '+1e+3',
    '-.5e2',
    '1.5e',
    'e3',
    '.5',
    '5.',
    '-.5',
    '+.5',
    '.',
    '-.',
    '1.0',
    '1.50',
    '01.5',
    '1..5',
    '12345678901234567890',
    '9007199254740993',
    '1e400',
    '.inf',
    '-.Inf',
    '+.INF',
    '.INf',
    'inf',
    '.nan',
    '.NaN',
    '.NAN',
    '.nAn',
    'NaN',
    '2021-12-21',
    '2025',
    '2025-12',
    '55%',
    '3 万人',
    'count(a, b)',
    'sum(x) / sum(y) * 100',
    'a[0]',
    'a{b}',
    'a,b',
    'a, b',
    'a:b',
    'a: b',
    'a:',
    ':a',
    '-a',
    '-1a',
    '-',
    '- a',
    '?a',
    '? a',
    'a #b',
    'a#b',
    '#a',
    'a ,b',
    '[a]',
    '{a}',
    'a]',
    'a}',
    '&a',
    '*a',
    '!a',
    '!!str a',
    '|',
    '>',
    '|-',
    "a'b",
    'a"b',
    '%a',
    '@a',
    '`a',
    'a\\b',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '<<',
    '=',
    '>=',
    '<=',
  ];
  const plain = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...commonTexts) },
    { weight: 1, arbitrary: fc.constantFrom(...plainTexts) },
  );
  const escapes = ['\\"', '\\\\', '\\n', '\\t', '\\/', '\\x41', '\\u4e00', '\\0', '\\ ', '\\a', '\\e', '\\N', '\\'];
  const doubleQuoted = fc
    .array(fc.oneof(plain, fc.constantFrom(...escapes), fc.constantFrom("'", '#', ' #', ': ', ' ')), { maxLength: 4 })
    .map((parts) => `"${parts.join('')}"`);
  const singleQuoted = fc
    .array(fc.oneof(plain, fc.constantFrom("''", '"', '\\', ' #', ': ', ' ')), { maxLength: 4 })
    .map((parts) => `'${parts.join('')}'`);
  const scalar = fc.oneof({ weight: 6, arbitrary: plain }, { weight: 2, arbitrary: doubleQuoted }, { weight: 2, arbitrary: singleQuoted });
  const key = fc.oneof(
    { weight: 6, arbitrary: plain },
    { weight: 1, arbitrary: doubleQuoted },
    { weight: 1, arbitrary: singleQuoted },
    { weight: 1, arbitrary: fc.constantFrom('k'.repeat(1000), 'k'.repeat(1025), `"${'k'.repeat(1030)}"`) },
  );

  /** A flow collection on one line, of scalars and collections (with spaces, or none, around its marks). */
  type Flow = string;
  const { flow } = fc.letrec<{ flow: Flow; entry: string }>((tie) => ({
    flow: fc.oneof(
      fc
        .tuple(
          fc.array(tie('entry'), { maxLength: 3 }),
          fc.constantFrom(', ', ',', ' , '),
          fc.constantFrom('', ' '),
          fc.constantFrom('', ', ', ','),
        )
        .map(([items, comma, pad, trail]) => `[${pad}${items.join(comma)}${items.length ? trail : ''}${pad}]`),
      fc
        .tuple(
          fc.array(fc.tuple(key, tie('entry'), fc.constantFrom(': ', ':', ' : ')), { maxLength: 3 }),
          fc.constantFrom(', ', ','),
          fc.constantFrom('', ' '),
        )
        .map(([pairs, comma, pad]) => `{${pad}${pairs.map(([k, v, colon]) => `${k}${colon}${v}`).join(comma)}${pad}}`),
    ),
    entry: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('flow')),
  }));

  /** A block value's text at an indentation: a scalar or flow collection after its key, or a block on the lines after it. */
  interface Block {
    kind: 'map' | 'seq';
    entries: { key: string; value: Block | string }[];
  }
  const { block } = fc.letrec<{ block: Block; value: Block | string }>((tie) => ({
    block: fc.oneof(
      fc
        .array(fc.record({ key, value: tie('value') }), { minLength: 1, maxLength: 4 })
        .map((entries) => ({ kind: 'map' as const, entries })),
      fc
        .array(tie('value'), { minLength: 1, maxLength: 4 })
        .map((values) => ({ kind: 'seq' as const, entries: values.map((value) => ({ key: '', value })) })),
    ),
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, flow, fc.constant(''), tie('block')),
  }));

  interface Layout {
    keyPad: string;
    commentPad: string;
    step: number;
    compact: boolean;
    comments: boolean;
    blank: boolean;
    trailing: string;
    eol: string;
    dashSpaces: string;
  }
  /** How a block is laid out: its indentation step, sequences under a key at the key's indentation, comments, blank lines, spaces after values, line ends. */
  const layout: fc.Arbitrary<Layout> = fc.record({
    keyPad: fc.constantFrom('', '', ' '),
    commentPad: fc.constantFrom('', '  '),
    step: fc.integer({ min: 1, max: 4 }),
    compact: fc.boolean(),
    comments: fc.boolean(),
    blank: fc.boolean(),
    trailing: fc.constantFrom('', ' ', '  '),
    eol: fc.constantFrom('\n', '\n', '\r\n'),
    dashSpaces: fc.constantFrom(' ', ' ', '  '),
  });

  /** The lines of a block at an indentation, laid out. */
  function write(value: Block, indent: number, style: Layout, lines: string[], firstPrefix?: string): void {
    const pad = ' '.repeat(indent);
    value.entries.forEach(({ key, value: inner }, i) => {
      const head = i === 0 && firstPrefix !== undefined ? firstPrefix : pad;
      const lead = value.kind === 'map' ? `${head}${key}${style.keyPad}:` : `${head}-`;
      if (typeof inner === 'string') {
        lines.push(
          `${lead}${inner === '' ? '' : value.kind === 'map' ? ' ' : style.dashSpaces}${inner}${style.trailing}${style.comments && i % 2 ? ' # note' : ''}`,
        );
      } else if (value.kind === 'seq' && inner.kind === 'map' && i % 2 === 0) {
        // A mapping begun on its dash's line.
        write(inner, indent + 1 + style.dashSpaces.length, style, lines, `${head}-${style.dashSpaces}`);
      } else {
        lines.push(lead + (style.comments ? ' # of it' : ''));
        if (style.blank) lines.push('');
        const deeper = value.kind === 'map' && inner.kind === 'seq' && style.compact ? indent : indent + style.step;
        write(inner, deeper, style, lines);
      }
      if (style.comments && i === 0) lines.push(`${pad}${style.commentPad}# between`);
    });
  }

  /** Edits a person (or a hostile file) may make: a mark, a tab, a line end or an indentation put in, a stretch taken out, a line written twice. */
  const edit = fc.oneof(
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom(
          ':',
          ' ',
          '\t',
          '- ',
          '#',
          ' #',
          '"',
          "'",
          '\n',
          '\r',
          '  ',
          '[',
          ']',
          '{',
          '}',
          ',',
          '&a ',
          '*a',
          '!!str ',
          '---\n',
          '...\n',
          '%YAML 1.2\n',
          '? ',
          '|\n',
          '\u3000',
          '\ufeff',
          '\u2028',
          '\u0085',
          '\\',
        ),
      )
      .map(
        ([at, mark]) =>
          (text: string) =>
            text.slice(0, at % (text.length + 1)) + mark + text.slice(at % (text.length + 1)),
      ),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 6 })).map(
      ([at, n]) =>
        (text: string) =>
          text.slice(0, at % (text.length + 1)) + text.slice((at % (text.length + 1)) + n),
    ),
    fc.nat().map((at) => (text: string) => {
      const lines = text.split('\n');
      const line = at % lines.length;
      return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join('\n');
    }),
  );

  const document = fc
    .tuple(block, layout, fc.oneof(fc.constant([]), fc.array(edit, { minLength: 1, maxLength: 2 })))
    .map(([root, style, edits]) => {
      const lines: string[] = [];
      if (style.comments) lines.push('# a plan');
      write(root, 0, style, lines);
      return edits.reduce((text, change) => change(text), lines.join(style.eol) + style.eol);
    });

  it('reads what it reads as yaml does, and declines the rest, on generated texts and edits of them', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(document, (text) => {
        runs++;
        const fast = readSimpleYaml(text)?.value;
        if (fast === undefined) return;
        read++;
        const reads = yamlReads(text);
        expect(reads, text).toHaveProperty('value');
        expect(difference(fast, (reads as { value: unknown }).value), text).toBeUndefined();
        // Every node, a key or index of none, and steps of the wrong kind, placed as yaml places them.
        const [plain, full] = [parseYaml(text, 'f.yaml'), parseYamlFully(text, 'f.yaml')];
        for (const path of pathsOf(fast)) {
          const placed = (file: YamlFile) => [
            file.where(path),
            file.where(path, 2),
            file.whereKey!(path),
            file.source!(path),
            file.range!(path),
          ];
          expect(placed(plain), `${JSON.stringify(path)} in ${JSON.stringify(text)}`).toEqual(placed(full));
        }
      }),
      { numRuns: 3000 },
    );
    // Most texts are read here, not declined: the test holds the reader to something.
    expect(read).toBeGreaterThan(runs / 5);
  });

  it('declines what only yaml reads, or refuses', () => {
    const declined = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  b\n',
      'a: >\n  b\n',
      'a: b\n  c\n',
      'a:\n  b\n',
      '- - a\n',
      'a: b: c\n',
      '1: a\n',
      'null: a\n',
      'true: a\n',
      'a: 1\na: 2\n',
      '__proto__: 1\n',
      `${'k'.repeat(1025)}: 1\n`,
      'a: "\\x41"\n',
      'a: "b\n  c"\n',
      'a: [b,\n  c]\n',
      'a: [b, ]\n',
      'a: [b, , c]\n',
      '%YAML 1.2\n---\na: 1\n',
      '---\na: 1\n',
      'a:\tb\n',
      'a: b\r',
      '\ufeffa: 1\n',
      '  a: 1\n',
      '',
      '# nothing\n',
      'a\n',
      '- a\nb: 1\n',
      'a: 1\n- b\n',
      '? a\n: b\n',
      'a: {b}\n',
      'a: [b: c]\n',
      'a: {"b":c}\n',
    ];
    for (const text of declined) expect(readSimpleYaml(text)?.value, JSON.stringify(text)).toBeUndefined();
  });

  it('tells where a value of a file read the plain way stands, and a problem in it at its line and column', () => {
    const dir = tempDir();
    const file = join(dir, 'plan.yaml');
    const text = readFileSync('examples/county/plan.yaml', 'utf8');
    const parsed = parseYaml(text, 'plan.yaml');
    expect(parsed.where(['rules', 0, 'target'])).toBe(
      `plan.yaml:${text.split('\n').findIndex((line) => line.includes('target:')) + 1}:${
        text
          .split('\n')
          .find((line) => line.includes('target:'))!
          .indexOf('{') + 1
      }`,
    );
    expect(parsed.source?.(['period', 'start'])).toBe('2021');
    // A problem in a file of the plain form is told at its line and column, as before.
    const edited = text.replace('op: ">="', 'op: "≥"');
    const line = edited.split('\n').findIndex((written) => written.includes('"≥"'));
    writeFileSync(file, edited);
    expect(() => loadPlan(file)).toThrow(`${file}:${line + 1}:${edited.split('\n')[line]!.indexOf('"≥"') + 1}: /rules/1/target/op`);
  });
});
