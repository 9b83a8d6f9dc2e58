import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnsOf, ExpressionError, parseExpression } from '../src/evaluate/expression.js';
import { compileRowExpression, evaluateGroup, NoData } from '../src/evaluate/metric.js';
import { Rational } from '../src/evaluate/rational.js';
import type { CellValue, Row } from '../src/types.js';

describe('parseExpression', () => {
  it('binds * and / tighter than + and -, left to right', () => {
    const tree = parseExpression('a - b / c * 100');
    expect(tree).toMatchObject({ kind: 'binary', op: '-', left: { name: 'a' }, right: { op: '*', left: { op: '/' } } });
  });

  it('parses calls, unary minus, comparisons and logic', () => {
    const tree = parseExpression('share(x >= 1 and not y) * -100');
    expect(tree).toMatchObject({ op: '*', left: { kind: 'call', name: 'share' }, right: { kind: 'unary', op: '-' } });
    expect(columnsOf(tree)).toEqual(['x', 'y']);
  });

  it('reports the offset of a syntax error', () => {
    const attempt = (text: string) => {
      try {
        parseExpression(text);
      } catch (error) {
        return error as ExpressionError;
      }
      throw new Error('parsed');
    };
    expect(attempt('sum(a').at).toBe(5);
    expect(attempt('a + * b').at).toBe(4);
    expect(attempt('a $ b').at).toBe(2);
    // No member access, no strings: nothing of JavaScript gets through.
    expect(attempt('process.exit(1)').message).toMatch(/unexpected character "\."/);
    expect(attempt('constructor("x")').message).toMatch(/unexpected character/);
  });
});

describe('compileRowExpression', () => {
  it('gives what evaluateGroup gives on one row, for every expression of yes/no and number columns and any cells', () => {
    const units = new Map([
      ['a', {}],
      ['b', {}],
      ['x', {}],
      ['y', { unit: 'yuan/person/month' }],
    ]);
    // Well-typed expressions, as the plan checks make them: yes/no ones and number ones.
    const typed = fc.letrec<{ yes: string; num: string }>((tie) => ({
      yes: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('a', 'b', 'true', 'false'),
        fc.tuple(tie('yes'), fc.constantFrom('and', 'or', '=', '!='), tie('yes')).map(([l, op, r]) => `(${l} ${op} ${r})`),
        fc.tuple(tie('num'), fc.constantFrom('<', '<=', '>', '>=', '=', '!='), tie('num')).map(([l, op, r]) => `(${l} ${op} ${r})`),
        tie('yes').map((e) => `(not (${e}))`),
      ),
      num: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('x', 'y', '2', '0', '0.5', 'annual(y)', 'monthly(y)'),
        fc.tuple(tie('num'), fc.constantFrom('+', '-', '*', '/'), tie('num')).map(([l, op, r]) => `(${l} ${op} ${r})`),
        tie('num').map((e) => `(-(${e}))`),
      ),
    }));
    const expr = fc.oneof(typed.yes, typed.num);
    const yes = fc.constantFrom<CellValue>(null, true, false);
    const num = fc.constantFrom<CellValue>(null, 0, 1, 2.5, -3);
    fc.assert(
      fc.property(expr, yes, yes, num, num, (text, a, b, x, y) => {
        const parsed = parseExpression(text);
        const row: Row = { file: 'f', line: 2, values: { a, b, x, y }, columns: {}, valid: true };
        const expected = evaluateGroup(parsed, [row], units);
        const got = compileRowExpression(parsed, units)(row);
        expect(got instanceof NoData ? `no data: ${got.reason}` : String(got)).toBe(
          expected instanceof NoData ? `no data: ${expected.reason}` : String(expected),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('sum(column)', () => {
  it('is the exact sum of the cells, whole numbers near 2^53, decimals, fractions kept beside a row and a what-if change included; the first missing cell its no_data', () => {
    const units = new Map([['x', {}]]);
    const big = Number.MAX_SAFE_INTEGER;
    // Cells: whole numbers small and near the largest safe integer (sums past it), decimals, a whole number past it, missing; or a fraction the row keeps beside its cell.
    const cell = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map((n): [CellValue, Rational?] => [n]),
      fc.constantFrom(big, big - 1, -big, 2 ** 53, 2 ** 60, 0.1, 0.2, 51.8, -2.5, null).map((n): [CellValue, Rational?] => [n]),
      fc
        .tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: 1, max: 9 }))
        .map(([n, d]): [CellValue, Rational?] => [n / d, Rational.of(BigInt(n), BigInt(d))!]),
      // 1.00000000000000001 as written: its double is the whole number 1.
      fc.constant<[CellValue, Rational?]>([1, Rational.of(10n ** 17n + 1n, 10n ** 17n)!]),
    );
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 8 }),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: -5, max: 5 }))),
        (cells, change) => {
          const rows: Row[] = cells.map(([value, exact], line) => ({
            file: 'f',
            line,
            values: { x: value },
            columns: {},
            valid: true,
            ...(exact ? { exact: { x: exact } } : {}),
          }));
          const adjust = change ? { row: rows[change[0] % rows.length]!, column: 'x', by: Rational.of(BigInt(change[1]))! } : undefined;
          // The reference: each row's value as a fraction, added one by one.
          let expected: Rational | string = Rational.ZERO;
          for (const row of rows) {
            const value = row.exact?.x ?? (typeof row.values.x === 'number' ? Rational.fromNumber(row.values.x) : undefined);
            if (!value) {
              expected = 'no data: missing-value';
              break;
            }
            expected = expected.add(adjust?.row === row ? value.add(adjust.by) : value);
          }
          const got = evaluateGroup(parseExpression('sum(x)'), rows, units, adjust);
          expect(got instanceof NoData ? `no data: ${got.reason}` : String(got)).toBe(String(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
