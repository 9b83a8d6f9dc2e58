import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnsOf, ExpressionError, parseExpression } from '../src/evaluate/expression.js';
import { compileRowExpression, evaluateGroup, NoData } from '../src/evaluate/metric.js';
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
    const units = new Map([['a', {}], ['b', {}], ['x', {}], ['y', { unit: 'yuan/person/month' }]]);
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
        expect(got instanceof NoData ? `no data: ${got.reason}` : String(got)).toBe(expected instanceof NoData ? `no data: ${expected.reason}` : String(expected));
      }),
      { numRuns: 500 },
    );
  });
});
