/**
 * Text decoded with the wrong encoding and saved so (乱码), told where no header is found: a
 * UTF-8 file opened as GBK, as Excel on Chinese Windows opens a CSV without a byte-order mark,
 * and saved, whose 区划代码 then reads 鍖哄垝浠ｇ爜; a UTF-8 or GBK file read as Western European
 * (Windows-1252, Latin-1), as a program on a Western system or a script's default reads it, and
 * saved, whose 区划代码 reads åŒºåˆ’ä»£ç or ÇøÓò´úÂë; or a GBK file opened as UTF-8 and saved,
 * each character replaced by U+FFFD (锟斤拷 where that was saved through GBK again).
 */
import { gb18030Pairs } from './decode.js';
import { excerpt } from './normalise.js';

/** A line of a file as read: its number and cells. */
export interface ReadLine {
  line: number;
  cells: readonly string[];
}

/** How a file's text was misread, at the first cell that shows it. */
export type Misread =
  | { kind: 'utf8-as-gbk'; line: number; column: number; shown: string; meant: string }
  | { kind: 'as-western'; line: number; column: number; shown: string; meant: string; encoding: 'UTF-8' | 'GBK' }
  | { kind: 'replaced'; line: number; column: number; shown: string };

/** What a GBK file read as UTF-8 shows for each character it could not read (U+FFFD), and that saved as GBK and read again (锟斤拷). */
const REPLACED = /\ufffd|锟斤拷/g;
/** A character past ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

/**
 * How the lines were misread, if they were: the first cell whose GBK bytes, read as UTF-8, name a
 * column (`names` counts the columns labels name), or whose Windows-1252 bytes, read as UTF-8 or
 * GBK, do; else the first cell of characters replaced, where they are a quarter of the lines'
 * characters past ASCII or more.
 */
export function misreadText(lines: readonly ReadLine[], names: (labels: readonly string[]) => number): Misread | undefined {
  for (const { line, cells } of lines) {
    for (const [at, cell] of cells.entries()) {
      if (!NON_ASCII.test(cell)) continue;
      const place = { line, column: at + 1, shown: cell.trim() };
      const meant = utf8OfGbk(cell).trim();
      if (names([meant]) > 0) return { kind: 'utf8-as-gbk', ...place, meant };
      const western = westernReadings(cell).find((reading) => names([reading.meant]) > 0);
      if (western) return { kind: 'as-western', ...place, ...western };
    }
  }
  let past = 0;
  let replaced = 0;
  let first: Misread | undefined;
  for (const { line, cells } of lines) {
    cells.forEach((cell, i) => {
      past += cell.match(NON_ASCII_ALL)?.length ?? 0;
      const found = cell.match(REPLACED);
      if (!found) return;
      replaced += found.join('').length;
      first ??= { kind: 'replaced', line, column: i + 1, shown: cell.trim() };
    });
  }
  return first && replaced * 4 >= past ? first : undefined;
}

/** The euro sign, GBK's one byte past ASCII (80). */
const EURO = 0x20ac;

/** Two bytes of GBK by character (0 for none), made from the decoder's table when first asked for. */
let gbkBytes: Uint16Array | undefined;

/** Text as the UTF-8 its GBK bytes are: a character GBK has no two bytes for stands for a byte no UTF-8 has, read as U+FFFD. */
export function utf8OfGbk(text: string): string {
  if (!gbkBytes) {
    gbkBytes = new Uint16Array(0x10000);
    const pairs = gb18030Pairs();
    // Were two pairs one character, the first is kept.
    for (let pair = pairs.length - 1; pair >= 0x8140; pair--) if (pairs[pair]) gbkBytes[pairs[pair]!] = pair;
  }
  const bytes = new Uint8Array(2 * text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit < 0x80 ? 0 : gbkBytes[unit]!;
    // GBK's one byte past ASCII, 80, is the euro sign (as Windows and the decoder read it): a UTF-8 character's continuation byte.
    if (unit < 0x80) bytes[n++] = unit;
    else if (unit === EURO) bytes[n++] = 0x80;
    else if (pair) {
      bytes[n++] = pair >> 8;
      bytes[n++] = pair & 0xff;
    } else bytes[n++] = 0xff;
  }
  return new TextDecoder().decode(bytes.subarray(0, n));
}

/** Windows-1252's characters for the bytes 80 to 9F; where it has none, the C1 control of the byte's number, as a decoder gives it. */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * The texts a cell may have been, where it shows that text's bytes read as Windows-1252 (or
 * Latin-1): the bytes read as UTF-8, and as GBK (a short text's bytes may be both); none where a
 * character is none of Windows-1252's or Latin-1's.
 */
function westernReadings(cell: string): { meant: string; encoding: 'UTF-8' | 'GBK' }[] {
  const bytes = new Uint8Array(cell.length);
  for (let i = 0; i < cell.length; i++) {
    const unit = cell.charCodeAt(i);
    const high = WINDOWS_1252.indexOf(cell[i]!);
    if (unit < 0x80 || (unit >= 0xa0 && unit <= 0xff)) bytes[i] = unit;
    else if (high >= 0) bytes[i] = 0x80 + high;
    else if (unit <= 0x9f) bytes[i] = unit;
    else return [];
  }
  const readings: { meant: string; encoding: 'UTF-8' | 'GBK' }[] = [];
  for (const [label, encoding] of [
    ['utf-8', 'UTF-8'],
    ['gb18030', 'GBK'],
  ] as const) {
    try {
      readings.push({ meant: new TextDecoder(label, { fatal: true }).decode(bytes).trim(), encoding });
    } catch {
      // Not text of this encoding.
    }
  }
  return readings;
}

/** The params of an `encoding` issue that tells how the text was misread (its kind, a variant in the catalog, and what it names). */
export function misreadDetail(misread: Misread): Record<string, string | number> {
  const shown = excerpt(misread.shown);
  if (misread.kind === 'as-western')
    return { line: misread.line, variant: 'as-western', encoding: misread.encoding, shown, meant: excerpt(misread.meant) };
  if (misread.kind === 'utf8-as-gbk') return { line: misread.line, variant: 'utf8-as-gbk', shown, meant: excerpt(misread.meant) };
  return { line: misread.line, variant: 'replaced', shown };
}
