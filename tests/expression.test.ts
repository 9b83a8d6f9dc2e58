import { describe, expect, it } from 'vitest';
import { columnsOf, ExpressionError, parseExpression } from '../src/evaluate/expression.js';

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
