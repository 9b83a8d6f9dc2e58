/**
 * JSON a person wrote (a schema of a bureau's own), read with its faults placed: JSON.parse names
 * some by their offset and others only by a snippet (`Unexpected token '“', ..."床位", "type": “int...`),
 * so the offset is found by reading the text as JSON does, in one pass.
 */
import { PlanError } from '../errors.js';

/** Characters a Chinese input method types in place of JSON's quotes, commas and colons. */
const FULL_WIDTH = /[“”‘’，：｛｝［］]/;

/** Parses a JSON text; a PlanError at `shown:line:column` where it is not JSON, saying what to write. */
export function parseWrittenJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = jsonFaultAt(text);
    const { line, column } = lineColumn(text, at);
    const reason = (error as Error).message.replace(/ in JSON at position \d+$/, '').replace(/^(Unexpected token '.+?'), .*$/s, '$1');
    const found = text[at] ?? '';
    const fix = FULL_WIDTH.test(found)
      ? { en: `: write ${found} as ASCII (" , : { } [ ])`, zh: `：请把 ${found} 改为半角（" , : { } [ ]）` }
      : at >= text.length
        ? { en: ': the text ends before its last } or ]', zh: '：文本在最后的 } 或 ] 之前就结束了' }
        : { en: '', zh: '' };
    throw PlanError.of({
      en: `${shown}:${line}:${column}: not valid JSON (${reason})${fix.en}`,
      zh: `${shown}:${line}:${column}: 不是有效的 JSON（${reason}）${fix.zh}`,
    });
  }
}

/** The line and column (1-based) of an offset. */
function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
// eslint-disable-next-line no-control-regex -- a string's text is every character but its quote, backslash and control characters
const STRING_PART = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

/** The offset of the first character JSON does not take there (the text's length where it ends too soon), or -1 where it is JSON. */
export function jsonFaultAt(text: string): number {
  let i = 0;
  const open: string[] = [];
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const match = (pattern: RegExp) => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  const string = () => {
    if (text[i] !== '"') return false;
    i++;
    match(STRING_PART);
    if (text[i] !== '"') return false;
    i++;
    return true;
  };
  // A member's name and colon, then its value.
  const name = () => {
    space();
    if (!string()) return false;
    space();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  for (;;) {
    // A value.
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      space();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c);
        if (c === '{' && !name()) return i;
        continue;
      }
    } else if (!(c === '"' ? string() : match(NUMBER) || match(LITERAL))) return i;
    // After a value: close what it ends, or go on to the next.
    for (;;) {
      space();
      const within = open.at(-1);
      if (within === undefined) return i < text.length ? i : -1;
      if (text[i] === ',') {
        i++;
        if (within === '{' && !name()) return i;
        break;
      }
      if (text[i] !== (within === '{' ? '}' : ']')) return i;
      i++;
      open.pop();
    }
  }
}
