/**
 * The metric language: a small grammar parsed here, never by eval. Numbers, column names,
 * + - * /, comparisons, and/or/not, parentheses and a fixed set of functions.
 *
 *   expr  := or
 *   or    := and ("or" and)*
 *   and   := not ("and" not)*
 *   not   := "not" not | cmp
 *   cmp   := sum (("<=" | "<" | ">=" | ">" | "=" | "!=") sum)?
 *   sum   := prod (("+" | "-") prod)*
 *   prod  := unary (("*" | "/") unary)*
 *   unary := "-" unary | atom
 *   atom  := NUMBER | "true" | "false" | NAME | NAME "(" [expr ("," expr)*] ")" | "(" expr ")"
 */
import type { Bilingual } from '../types.js';

/** A parsed expression; `at` is the offset of the node in the source text. */
export type Expr =
  | { kind: 'number'; value: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'column'; name: string; at: number }
  | { kind: 'call'; name: string; args: Expr[]; at: number }
  | { kind: 'unary'; op: '-' | 'not'; arg: Expr; at: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; at: number };

/** Binary operators of the grammar. */
export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '=' | '!=' | 'and' | 'or';

/** A syntax error at an offset of the expression text, said in English (message) and Chinese (zh). */
export class ExpressionError extends Error {
  readonly zh: string;

  constructor(
    said: Bilingual,
    readonly at: number,
  ) {
    super(said.en);
    this.zh = said.zh;
  }
}

interface Token {
  type: 'number' | 'name' | 'op' | 'end';
  text: string;
  at: number;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|!=|[-+*/()<>=,]))/y;
const SPACE = /\s*/y;

/** Most tokens an expression may hold: a metric is a line, and every walk over it stays shallow. */
export const MAX_TOKENS = 500;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    SPACE.lastIndex = at;
    SPACE.exec(text);
    if (SPACE.lastIndex >= text.length) break;
    if (tokens.length >= MAX_TOKENS) throw new ExpressionError({ en: `the expression is longer than ${MAX_TOKENS} numbers, names and operators; split it into columns or rules`, zh: `算式超过 ${MAX_TOKENS} 个数字、名称和运算符：请拆分为几列或几条规则` }, SPACE.lastIndex);
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) {
      const bad = SPACE.lastIndex;
      throw new ExpressionError({ en: `unexpected character "${text[bad]}"`, zh: `不应出现的字符“${text[bad]}”` }, bad);
    }
    const start = at + match[0].length - (match[1] ?? match[2] ?? match[3] ?? '').length;
    if (match[1] !== undefined && match[1].replace(/^0+|\./g, '').length > 15) throw new ExpressionError({ en: `the number ${match[1].slice(0, 20)}… has more than 15 digits`, zh: `数字 ${match[1].slice(0, 20)}… 超过 15 位` }, start);
    if (match[1] !== undefined) tokens.push({ type: 'number', text: match[1], at: start });
    else if (match[2] !== undefined) tokens.push({ type: 'name', text: match[2], at: start });
    else tokens.push({ type: 'op', text: match[3]!, at: start });
    at = TOKEN.lastIndex;
  }
  tokens.push({ type: 'end', text: '', at: text.length });
  return tokens;
}

/** Parses an expression, throwing ExpressionError with the offset of the problem. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  const isOp = (...ops: string[]): boolean => {
    const token = peek();
    return (token.type === 'op' || token.type === 'name') && ops.includes(token.text);
  };
  const expect = (op: string): void => {
    const token = next();
    if (token.text !== op) throw new ExpressionError({ en: `expected "${op}" but found ${describe(token).en}`, zh: `此处应为“${op}”，却是${describe(token).zh}` }, token.at);
  };

  const binaryLevel = (ops: string[], inner: () => Expr, once = false) => (): Expr => {
    let left = inner();
    while (isOp(...ops)) {
      const token = next();
      left = { kind: 'binary', op: token.text as BinaryOp, left, right: inner(), at: token.at };
      if (once) break;
    }
    return left;
  };

  const atom = (): Expr => {
    const token = next();
    if (token.type === 'number') return { kind: 'number', value: token.text, at: token.at };
    if (token.type === 'name') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'boolean', value: token.text === 'true', at: token.at };
      if (isOp('(') && peek().type === 'op') {
        next();
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            next();
            args.push(or());
          }
        }
        expect(')');
        return { kind: 'call', name: token.text, args, at: token.at };
      }
      return { kind: 'column', name: token.text, at: token.at };
    }
    if (token.text === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    throw new ExpressionError({ en: `expected a number, a column or "(" but found ${describe(token).en}`, zh: `此处应为数字、列名或“(”，却是${describe(token).zh}` }, token.at);
  };
  const unary = (): Expr => {
    if (isOp('-') && peek().type === 'op') {
      const token = next();
      return { kind: 'unary', op: '-', arg: unary(), at: token.at };
    }
    return atom();
  };
  const product = binaryLevel(['*', '/'], unary);
  const sum = binaryLevel(['+', '-'], product);
  const comparison = binaryLevel(['<', '<=', '>', '>=', '=', '!='], sum, true);
  const not = (): Expr => {
    if (isOp('not') && peek().type === 'name') {
      const token = next();
      return { kind: 'unary', op: 'not', arg: not(), at: token.at };
    }
    return comparison();
  };
  const and = binaryLevel(['and'], not);
  const or: () => Expr = binaryLevel(['or'], and);

  const tree = or();
  if (peek().type !== 'end') throw new ExpressionError({ en: `unexpected ${describe(peek()).en}`, zh: `不应出现${describe(peek()).zh}` }, peek().at);
  return tree;
}

function describe(token: Token): Bilingual {
  return token.type === 'end' ? { en: 'the end of the expression', zh: '算式的结尾' } : { en: `"${token.text}"`, zh: `“${token.text}”` };
}

/** Every column name an expression refers to. */
export function columnsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'column':
      return [expr.name];
    case 'call':
      return expr.args.flatMap(columnsOf);
    case 'unary':
      return columnsOf(expr.arg);
    case 'binary':
      return [...columnsOf(expr.left), ...columnsOf(expr.right)];
    default:
      return [];
  }
}
