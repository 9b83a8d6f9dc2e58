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

/** The tokens, each matched where the last one ended (sticky, and tested: no match arrays made). */
const NUMBER = /\d+(?:\.\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATOR = /<=|>=|!=|[-+*/()<>=,]/y;
const SPACE = /\s*/y;

/** Most tokens an expression may hold: a metric is a line, and every walk over it stays shallow. */
export const MAX_TOKENS = 500;

/** Whether a sticky pattern matches at `at`; its lastIndex is then where the match ends. */
function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    matchesAt(SPACE, text, at);
    at = SPACE.lastIndex;
    if (at >= text.length) break;
    if (tokens.length >= MAX_TOKENS)
      throw new ExpressionError(
        {
          en: `the expression is longer than ${MAX_TOKENS} numbers, names and operators; split it into columns or rules`,
          zh: `算式超过 ${MAX_TOKENS} 个数字、名称和运算符：请拆分为几列或几条规则`,
        },
        at,
      );
    const type = matchesAt(NUMBER, text, at)
      ? 'number'
      : matchesAt(NAME, text, at)
        ? 'name'
        : matchesAt(OPERATOR, text, at)
          ? 'op'
          : undefined;
    if (type === undefined) throw new ExpressionError({ en: `unexpected character "${text[at]}"`, zh: `不应出现的字符“${text[at]}”` }, at);
    const end = (type === 'number' ? NUMBER : type === 'name' ? NAME : OPERATOR).lastIndex;
    const token = text.slice(at, end);
    if (type === 'number' && token.replace(/^0+|\./g, '').length > 15)
      throw new ExpressionError(
        { en: `the number ${token.slice(0, 20)}… has more than 15 digits`, zh: `数字 ${token.slice(0, 20)}… 超过 15 位` },
        at,
      );
    tokens.push({ type, text: token, at });
    at = end;
  }
  tokens.push({ type: 'end', text: '', at: text.length });
  return tokens;
}

/** The operators of each level of the grammar (a word among them: and, or, not). */
const PRODUCT: ReadonlySet<string> = new Set(['*', '/']);
const SUM: ReadonlySet<string> = new Set(['+', '-']);
const COMPARISON: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '=', '!=']);
const AND: ReadonlySet<string> = new Set(['and']);
const OR: ReadonlySet<string> = new Set(['or']);

/** Parses an expression, throwing ExpressionError with the offset of the problem. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  /** Whether the next token is an operator (or a word such as and) among `ops`, or the one given. */
  const isOp = (ops: ReadonlySet<string> | string): boolean => {
    const token = peek();
    return (token.type === 'op' || token.type === 'name') && (typeof ops === 'string' ? token.text === ops : ops.has(token.text));
  };
  const expect = (op: string): void => {
    const token = next();
    if (token.text !== op)
      throw new ExpressionError(
        { en: `expected "${op}" but found ${describe(token).en}`, zh: `此处应为“${op}”，却是${describe(token).zh}` },
        token.at,
      );
  };

  const binaryLevel =
    (ops: ReadonlySet<string>, inner: () => Expr, once = false) =>
    (): Expr => {
      let left = inner();
      while (isOp(ops)) {
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
    throw new ExpressionError(
      {
        en: `expected a number, a column or "(" but found ${describe(token).en}`,
        zh: `此处应为数字、列名或“(”，却是${describe(token).zh}`,
      },
      token.at,
    );
  };
  const unary = (): Expr => {
    if (isOp('-') && peek().type === 'op') {
      const token = next();
      return { kind: 'unary', op: '-', arg: unary(), at: token.at };
    }
    return atom();
  };
  const product = binaryLevel(PRODUCT, unary);
  const sum = binaryLevel(SUM, product);
  const comparison = binaryLevel(COMPARISON, sum, true);
  const not = (): Expr => {
    if (isOp('not') && peek().type === 'name') {
      const token = next();
      return { kind: 'unary', op: 'not', arg: not(), at: token.at };
    }
    return comparison();
  };
  const and = binaryLevel(AND, not);
  const or: () => Expr = binaryLevel(OR, and);

  const tree = or();
  if (peek().type !== 'end')
    throw new ExpressionError({ en: `unexpected ${describe(peek()).en}`, zh: `不应出现${describe(peek()).zh}` }, peek().at);
  return tree;
}

function describe(token: Token): Bilingual {
  return token.type === 'end' ? { en: 'the end of the expression', zh: '算式的结尾' } : { en: `"${token.text}"`, zh: `“${token.text}”` };
}

/** The columns of each expression asked for, found once: a gap asks for its metric's every time. */
const columnsFound = new WeakMap<Expr, readonly string[]>();

/** Every column name an expression refers to, in the order written. */
export function columnsOf(expr: Expr): readonly string[] {
  let found = columnsFound.get(expr);
  if (!found) columnsFound.set(expr, (found = columnsIn(expr)));
  return found;
}

function columnsIn(expr: Expr): string[] {
  switch (expr.kind) {
    case 'column':
      return [expr.name];
    case 'call':
      return expr.args.flatMap(columnsIn);
    case 'unary':
      return columnsIn(expr.arg);
    case 'binary':
      return [...columnsIn(expr.left), ...columnsIn(expr.right)];
    default:
      return [];
  }
}
