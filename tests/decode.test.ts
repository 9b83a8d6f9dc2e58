import { isAscii, isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { misreadText, utf8OfGbk } from '../src/input/misread.js';
import { cleanText } from '../src/input/normalise.js';
import {
  BlockDecoder,
  countLines,
  decodeStream,
  detectFileEncoding,
  endsWithinCharacter,
  detectHeadEncoding,
  isGb2312,
  isUtf8Range,
  lineBlocks,
  scanEncoding,
  sniff,
  unmarkedUtf16,
  type EncodingScan,
  type Encoding,
} from '../src/input/decode.js';

async function decode(bytes: Buffer, encoding: Encoding, skip = 0, chunk = 7, mixed = false) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const bad: number[] = [];
  let text = '';
  for await (const piece of decodeStream(Readable.from(pieces), encoding, skip, ({ line }) => bad.push(line), mixed)) text += piece;
  return { text, bad };
}

describe('encoding detection', () => {
  it('reads byte-order marks and workbook signatures', () => {
    expect(sniff(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(sniff(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(sniff(Buffer.from('PK\x03\x04', 'latin1')).workbook).toBe('xlsx');
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])).workbook).toBe('xls');
  });

  it('tells a workbook written as markup (an HTML table, Excel 2003 XML) from text by its first bytes', () => {
    const of = (text: string) => sniff(Buffer.from(text)).markup;
    expect(
      [
        '<html><body><table>',
        '\ufeff  \r\n<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">',
        '<TABLE border=1>',
        '<meta charset="gb2312">\n<table>',
      ].map(of),
    ).toEqual(['html', 'html', 'html', 'html']);
    expect(
      of(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
      ),
    ).toBe('xml');
    expect(sniff(Buffer.from('<table>')).workbook).toBe('xls');
    // Other XML, a label in angle brackets, text: not markup.
    expect(['<?xml version="1.0"?><root/>', '<备注>,区划代码\n', '<tablet>', '区划代码,<html>'].map(of)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('tells UTF-16 without a byte-order mark by its zero bytes, and nothing else for it', async () => {
    const text = '区划代码,县市区,报告期,养老机构床位数（张）\r\n431102,零陵区,2025-12,3100\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect([unmarkedUtf16(le), unmarkedUtf16(be)]).toEqual(['utf-16le', 'utf-16be']);
    // A header of CJK and delimiters alone: few zeros, still on one side.
    expect(unmarkedUtf16(Buffer.from('区划代码,县市区,报告期,名称,类别', 'utf16le'))).toBe('utf-16le');
    for (const other of [
      Buffer.from(text),
      iconv.encode(text, 'gb18030'),
      Buffer.concat([Buffer.from(text), Buffer.alloc(64)]),
      Buffer.from('a\0b,c\0\0d,\0'),
    ])
      expect(unmarkedUtf16(other)).toBeUndefined();
    expect(detectHeadEncoding(le)).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(await detectFileEncoding([be], be)).toEqual({ encoding: 'utf-16be', bomLength: 0 });
  });

  it('tells binary data of no known kind by its control characters, and not text with a few, text cut short by zeros, or UTF-16', () => {
    const text = '区划代码,县市区,报告期,养老机构床位数（张）\r\n431102,零陵区,2025-12,3100\r\n'.repeat(8);
    const binary = { bomLength: 0, document: { en: 'binary data (no text)', zh: '二进制数据（不是文本）' } };
    // A program's first bytes (ELF), and a database file's header of field descriptors (dBase), each a field's length a control byte.
    const elf = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
      Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 256)),
    ]);
    const dbf = Buffer.concat([
      Buffer.from([0x03, 0x7d, 0x0c, 0x1f, 0x0e, 0, 0, 0, 0x81, 0x03, 0x30, 0]),
      Buffer.alloc(20),
      ...Array.from({ length: 24 }, (_, i) =>
        Buffer.concat([
          Buffer.from(`F${i}`.padEnd(11, '\0')),
          Buffer.from('C'),
          Buffer.alloc(4),
          Buffer.from([6 + (i % 20), 0]),
          Buffer.alloc(14),
        ]),
      ),
    ]);
    for (const bytes of [elf, dbf]) expect(detectHeadEncoding(bytes)).toEqual(binary);
    // Text with seven control characters, with vertical tabs where an export breaks a header's cells, or cut short by zeros: text still.
    const withControls = Buffer.from(`${text.slice(0, 40)}\u0001\u0002\u0003\u0004\u0005\u0006\u0007${text.slice(40)}`);
    const verticalTabs = Buffer.from(`${'养老机构\u000b床位数,'.repeat(40)}\r\n`);
    for (const bytes of [
      withControls,
      verticalTabs,
      Buffer.concat([iconv.encode(text, 'gb18030'), Buffer.alloc(4096)]),
      Buffer.alloc(4096),
    ])
      expect(detectHeadEncoding(bytes).document).toBeUndefined();
    expect(detectHeadEncoding(Buffer.from(text, 'utf16le'))).toEqual({ encoding: 'utf-16le', bomLength: 0 });
  });

  it("tells JSON in a table's place, a system's reply or a report of plan-check's, and not a table whose first cell has a brace", () => {
    expect(detectHeadEncoding(Buffer.from('\ufeff {"code":401,"msg":"未登录"}')).document).toEqual({
      en: 'JSON ({"code":401,"msg":"未登录"})',
      zh: ' JSON（{"code":401,"msg":"未登录"}）',
      reply: true,
    });
    expect(detectHeadEncoding(Buffer.from('[\n  {"a": 1}\n]')).document?.reply).toBe(true);
    expect(detectHeadEncoding(Buffer.from('{\n  "plan": "yongzhou-civil-affairs-14th",\n  "results": [')).document?.report).toBe(true);
    for (const text of ['{a},b\r\n1,2\r\n', '[1],2\n', '区划代码,报告期\n{"x"},1\n'])
      expect(detectHeadEncoding(Buffer.from(text)).document, text).toBeUndefined();
  });

  it('tells UTF-8 from GB18030 on the whole stream', async () => {
    const chinese = '区划代码,县市区\n431102,零陵区\n';
    expect(await scanEncoding(Readable.from([Buffer.from(chinese)]))).toMatchObject({ otherLines: 0 });
    expect(await scanEncoding(Readable.from([iconv.encode(chinese, 'gb18030')]))).toEqual({ utf8Lines: 0, otherLines: 2, eitherLines: 0 });
    const mixed = Buffer.concat([iconv.encode(chinese, 'gb18030'), Buffer.from('431103,冷水滩区\n')]);
    expect(await scanEncoding(Readable.from([mixed]))).toEqual({ utf8Lines: 1, otherLines: 2, eitherLines: 0 });
    expect(detectHeadEncoding(iconv.encode(chinese, 'gb18030')).encoding).toBe('gb18030');
  });
});

/** A block's lines counted one by one with Node's own tests: the reference countLines is held to. */
function countLinesOneByOne(block: Buffer): EncodingScan {
  const scan = { utf8Lines: 0, otherLines: 0, eitherLines: 0 };
  let from = 0;
  while (from < block.length) {
    let to = from;
    while (to < block.length && block[to] !== 0x0a && block[to] !== 0x0d) to++;
    if (to < block.length) to += block[to] === 0x0d && block[to + 1] === 0x0a ? 2 : 1;
    const line = block.subarray(from, to);
    if (!isAscii(line)) {
      if (!isUtf8(line)) scan.otherLines++;
      else if (isGb2312(line)) scan.eitherLines++;
      else scan.utf8Lines++;
    }
    from = to;
  }
  return scan;
}

describe('countLines', () => {
  it('counts each line as Node tells it, UTF-8, GB2312 or neither, on any bytes', () => {
    const samples = ['区划代码', '冷水滩区', '是', '𠀀', 'é', '\u00a0'];
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 6 }),
      fc.constantFrom(
        ...[
          0x0a, 0x0d, 0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xa1, 0xaa, 0xaf, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4,
          0xf5, 0xf7, 0xf8, 0xfe, 0xff,
        ].map((b) => Uint8Array.of(b)),
      ),
      fc.constantFrom(...samples.flatMap((text) => [Buffer.from(text), iconv.encode(text, 'gb18030')])),
      fc.constantFrom(Buffer.from('\r\n'), Buffer.from('\n'), Buffer.from('\r')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const block = Buffer.concat(pieces);
        const scan = { utf8Lines: 0, otherLines: 0, eitherLines: 0 };
        countLines(block, scan);
        expect(scan).toEqual(countLinesOneByOne(block));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('BlockDecoder.plainText', () => {
  it('decodes bytes exactly when they are text of ASCII, CJK ideographs and full-width forms of ASCII, as the decoder decodes them and cleanText makes them, in UTF-8 and GB18030', () => {
    const decoders = { 'utf-8': new BlockDecoder('utf-8', () => {}, false), gb18030: new BlockDecoder('gb18030', () => {}, false) };
    const lenient = { 'utf-8': new TextDecoder('utf-8'), gb18030: new TextDecoder('gb18030') };
    // Characters at the edges of what is plain and beside them: spaces of both kinds, controls, the ends of the ideographs (U+9FA6 on
    // is four bytes in GB18030), their compatibility forms, a character past the Basic Plane.
    const char = fc.oneof(
      {
        arbitrary: fc.constantFrom('a', 'Z', '1', ' ', '~', '\u4e00', '院', '\u9fa5', '\u9fff', '\uff01', '（', '）', 'Ａ', '\uff5e', '－'),
        weight: 12,
      },
      {
        arbitrary: fc.constantFrom(
          '\x7f',
          '\x1f',
          '\t',
          '\u3000',
          '\u4dff',
          '\ua000',
          '\uf900',
          '\uff00',
          '\uff5f',
          '\uffe5',
          '\u200b',
          '—',
          'é',
          '€',
          '\ue5e5',
          '𠀀',
        ),
        weight: 1,
      },
    );
    const text = fc.oneof(
      fc.array(char, { maxLength: 70 }).map((chars) => chars.join('')),
      // Long names of ideographs, about as long as plainText reads (192 bytes).
      fc.array(fc.constantFrom('院', '\u9fa5'), { minLength: 50, maxLength: 100 }).map((chars) => chars.join('')),
    );
    const encoding = fc.constantFrom('utf-8', 'gb18030') as fc.Arbitrary<'utf-8' | 'gb18030'>;
    // Text in the encoding, or any bytes: a lead byte without its trail or continuation, a lone 80, a four-byte sequence.
    const bytes = fc.oneof(
      fc.tuple(text, encoding).map(([t, e]) => [e === 'gb18030' ? iconv.encode(t, 'gb18030') : Buffer.from(t), e] as const),
      fc.tuple(fc.uint8Array({ maxLength: 12 }), encoding).map(([raw, e]) => [Buffer.from(raw), e] as const),
    );
    /** Whether GB18030 bytes hold a four-byte sequence (its second byte a digit), read a character at a time. */
    const fourBytes = (b: Buffer) => {
      for (let i = 0; i < b.length; i += b[i]! < 0x80 ? 1 : 2)
        if (b[i]! >= 0x80 && b[i + 1] !== undefined && b[i + 1]! >= 0x30 && b[i + 1]! <= 0x39) return true;
      return false;
    };
    fc.assert(
      fc.property(bytes, fc.nat(3), ([raw, e], before) => {
        // Within a line: what stands around the bytes is not read.
        const around = (t: string) => (e === 'gb18030' ? iconv.encode(t, 'gb18030') : Buffer.from(t));
        const line = Buffer.concat([around('院,'.slice(0, before)), raw, around(',院')]);
        const from = around('院,'.slice(0, before)).length;
        const plain = decoders[e].plainText(line, from, from + raw.length);
        const decoded = lenient[e].decode(raw);
        const whole = e === 'utf-8' ? isUtf8(raw) : !fourBytes(raw) && !decoded.includes('\ufffd');
        const isPlain =
          whole &&
          raw.length > 0 &&
          raw.length <= 192 &&
          /^[\x21-\x7e\u4e00-\u9fff\uff01-\uff5e](?:[\x20-\x7e\u4e00-\u9fff\uff01-\uff5e]*[\x21-\x7e\u4e00-\u9fff\uff01-\uff5e])?$/.test(
            decoded,
          );
        expect(plain, JSON.stringify([e, [...raw]])).toBe(isPlain ? cleanText(decoded) : undefined);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('BlockDecoder.isText', () => {
  it('says GB18030 bytes, alone or within a line, are text exactly when they decode (bytes without the lone 80 it leaves to the usual way)', () => {
    const decoder = new BlockDecoder('gb18030', () => {}, false);
    const strict = new TextDecoder('gb18030', { fatal: true });
    const decodes = (bytes: Uint8Array) => {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 4 }),
      fc.constantFrom(...['张三', '王小明', '𠀀', '€', '\ue5e5', '·'].map((text) => iconv.encode(text, 'gb18030'))),
      fc
        .tuple(
          fc.integer({ min: 0x81, max: 0xfe }),
          fc.integer({ min: 0x30, max: 0x39 }),
          fc.integer({ min: 0x81, max: 0xfe }),
          fc.integer({ min: 0x30, max: 0x39 }),
        )
        .map((bytes) => Uint8Array.from(bytes)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const bytes = Buffer.concat(pieces).filter((byte) => byte !== 0x80);
        expect(decoder.isText(bytes)).toBe(decodes(bytes));
        // The same bytes as a field of a line: what stands around them is not read.
        const line = Buffer.concat([Buffer.from([0xb0, 0x2c]), bytes, Buffer.from([0x81, 0x30])]);
        expect(decoder.isText(line, 2, 2 + bytes.length)).toBe(decodes(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isUtf8Range', () => {
  it('says bytes are UTF-8 exactly when isUtf8 does, alone or within a line', () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 4 }),
      fc.constantFrom(...['张三', 'é', '𠀀', '€', '\u07ff', '\uffff', '\u{10ffff}'].map((text) => Buffer.from(text))),
      fc.constantFrom(
        ...[
          [0xc0, 0x80],
          [0xe0, 0x9f, 0x80],
          [0xed, 0xa0, 0x80],
          [0xf0, 0x8f, 0xbf, 0xbf],
          [0xf4, 0x90, 0x80, 0x80],
          [0xf5, 0x80, 0x80, 0x80],
          [0xe4, 0xb8],
        ].map((bytes) => Buffer.from(bytes)),
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const bytes = Buffer.concat(pieces);
        expect(isUtf8Range(bytes, 0, bytes.length)).toBe(isUtf8(bytes));
        const line = Buffer.concat([Buffer.from([0x41, 0x2c]), bytes, Buffer.from([0x80, 0x80])]);
        expect(isUtf8Range(line, 2, 2 + bytes.length)).toBe(isUtf8(bytes));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('decodeStream', () => {
  it('decodes GB18030 cut at any byte', async () => {
    const text = '区划代码,县市区\r\n431102,零陵区\r\n431103,冷水滩区\r\n';
    for (const chunk of [1, 2, 3, 5, 64]) {
      expect(await decode(iconv.encode(text, 'gb18030'), 'gb18030', 0, chunk)).toEqual({ text, bad: [] });
    }
  });

  it('keeps a U+FEFF that begins a line, wherever the blocks are cut, and passes over only the byte-order mark it was told to skip', async () => {
    const text = '名称,床位\n\ufeff院,1\n\ufeff\ufeff,2\n';
    for (const chunk of [1, 3, 7, 64]) {
      expect(await decode(Buffer.from(text), 'utf-8', 0, chunk)).toEqual({ text, bad: [] });
      expect(await decode(Buffer.from(`\ufeff${text}`), 'utf-8', 3, chunk)).toEqual({ text, bad: [] });
      // A line that does not decode is read on its own: its U+FEFF kept too.
      expect(
        (await decode(Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0x0a]), Buffer.from('\ufeff院,3\n')]), 'utf-8', 0, chunk)).text,
      ).toBe(`${text}\ufffd\n\ufeff院,3\n`);
    }
  });

  it('reports the line of bytes that do not decode, never replacing them silently', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0x33, 0x2c, 0xff, 0xfe, 0x0a]), Buffer.from('5,6\n')]);
    const { text, bad } = await decode(bytes, 'utf-8');
    expect(bad).toEqual([3]);
    expect(text.split('\n')[3]).toBe('5,6');
  });

  it('in a mixed file, reports the UTF-8 lines among GB18030 ones', async () => {
    const bytes = Buffer.concat([
      iconv.encode('区划代码,县市区\r\n431102,零陵区\r\n', 'gb18030'),
      Buffer.from('431103,冷水滩区\r\n'),
      iconv.encode('431181,祁阳市\r\n', 'gb18030'),
    ]);
    expect((await decode(bytes, 'gb18030', 0, 5, true)).bad).toEqual([3]);
  });

  it('counts CR-only lines when locating bad bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('a\rb\rc\r'), Buffer.from([0xc3, 0x28, 0x0d])]);
    expect((await decode(bytes, 'utf-8')).bad).toEqual([4]);
  });

  it('skips the byte-order mark and decodes UTF-16LE', async () => {
    const text = '区划代码\t县市区\r\n431102\t零陵区\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await decode(bytes, 'utf-16le', 2)).toEqual({ text, bad: [] });
  });
});

describe('a file cut short within a character', () => {
  it('is told from text of another encoding: a character begun at the end and not finished, the bytes before it whole', () => {
    for (const [encoding, text] of [
      ['utf-8', '区划代码,养老🏠'],
      ['gb18030', '区划代码,养老'],
    ] as const) {
      const bytes = encoding === 'utf-8' ? Buffer.from(text) : iconv.encode(text, 'gb18030');
      const last = encoding === 'utf-8' ? 4 : 2;
      // Cut within the last character, at each of its bytes: cut short; whole, or cut after it: not.
      for (let cut = 1; cut < last; cut++)
        expect(endsWithinCharacter(bytes.subarray(0, bytes.length - cut), encoding), `${encoding} ${cut}`).toBe(true);
      expect(endsWithinCharacter(bytes, encoding)).toBe(false);
      // A byte that is no text before the end: another encoding, not a cut.
      const spoiled = Buffer.concat([Buffer.from([0xff]), bytes.subarray(0, bytes.length - 1)]);
      expect(endsWithinCharacter(spoiled, encoding)).toBe(false);
    }
    // A four-byte GB18030 character (U+10000 and above) cut after its second or third byte.
    const four = iconv.encode('表𠀀', 'gb18030');
    expect(four.length).toBe(6);
    for (const cut of [1, 2, 3]) expect(endsWithinCharacter(four.subarray(0, four.length - cut), 'gb18030'), `${cut}`).toBe(true);
    // GBK bytes read as UTF-8 end within no character: told as another encoding.
    expect(endsWithinCharacter(iconv.encode('区划代码', 'gb18030'), 'utf-8')).toBe(false);
  });

  it('is said of the line that ends the file, and of no other', async () => {
    const whole = Buffer.from('区划代码,报告期\n431102,2025-12,零陵区\n431103,2025-12,冷水滩区');
    const bad: { line: number; cut?: boolean }[] = [];
    const decoder = new BlockDecoder('utf-8', (line) => bad.push(line));
    for await (const block of lineBlocks(Readable.from([whole.subarray(0, whole.length - 2)]))) decoder.decode(block);
    expect(bad).toEqual([{ line: 3, utf8: false, cut: true }]);
    // A line of another encoding before the end is not cut short, though the file ends within a character too.
    bad.length = 0;
    const both = Buffer.concat([
      Buffer.from('区划代码,报告期\n'),
      iconv.encode('431102,零陵区\n', 'gb18030'),
      whole.subarray(0, whole.length - 2),
    ]);
    const again = new BlockDecoder('utf-8', (line) => bad.push(line));
    for await (const block of lineBlocks(Readable.from([both]))) again.decode(block);
    expect(bad).toEqual([
      { line: 2, utf8: false },
      { line: 5, utf8: false, cut: true },
    ]);
  });
});

describe('long lines and many bad lines', () => {
  it('cuts a line past 4 MiB only where no character is split, and reads it whole', async () => {
    const line = '中文,'.repeat(1_100_000);
    const bytes = iconv.encode(`a\n${line}\nb\n`, 'gb18030');
    const { text, bad } = await decode(bytes, 'gb18030', 0, 65_536);
    expect(bad).toEqual([]);
    expect(text).toBe(`a\n${line}\nb\n`);
    const blocks: number[] = [];
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1_000_000) }, (_, i) =>
      bytes.subarray(i * 1_000_000, (i + 1) * 1_000_000),
    );
    for await (const block of lineBlocks(Readable.from(chunks))) blocks.push(block.length);
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks.reduce((a, b) => a + b, 0)).toBe(bytes.length);
  });

  it('gives the bytes in blocks of whole lines from pieces read into the same memory each time, as the scan of an encoding reads a file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'bc', ',', '中', '\n', '\r\n', '\r'), { maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        async (parts, size) => {
          const bytes = Buffer.from(parts.join(''));
          // Each piece in the one buffer, written over by the next; what a block holds is taken as it comes.
          const memory = Buffer.alloc(size);
          async function* again() {
            for (let at = 0; at < bytes.length; at += size) {
              const length = bytes.copy(memory, 0, at, at + size);
              yield memory.subarray(0, length);
            }
          }
          const blocks: Buffer[] = [];
          for await (const block of lineBlocks(again())) blocks.push(Buffer.from(block));
          expect(Buffer.concat(blocks).equals(bytes)).toBe(true);
          // Every block but the last ends after a line break.
          for (const block of blocks.slice(0, -1)) expect([0x0a, 0x0d]).toContain(block.at(-1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports each undecodable line, in a GB18030 file and a UTF-8 one', async () => {
    const lines = Buffer.concat(Array.from({ length: 1000 }, (_, i) => (i % 2 ? Buffer.from('ok\n') : Buffer.from([0x41, 0xff, 0x0a]))));
    for (const encoding of ['gb18030', 'utf-8'] as const) {
      const { bad } = await decode(lines, encoding, 0, 4096);
      expect(bad).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i + 1));
    }
  });
});

describe('text misread in a wrong encoding and saved (乱码)', () => {
  /** A matcher of one column, 区划代码, as a header's labels are counted. */
  const names = (labels: readonly string[]) => labels.filter((label) => label === '区划代码').length;
  const misreadAsGbk = (text: string) => new TextDecoder('gbk').decode(Buffer.from(text));

  it('gives back the UTF-8 text a GBK reading of its bytes showed, wherever that reading kept every byte', () => {
    const characters = fc.constantFrom(...'区划代码报告期县市区养老机构床位数（张）其中护理型·、，abc 123-/'.split(''), '𠀀', 'é');
    fc.assert(
      fc.property(fc.array(characters, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        const shown = misreadAsGbk(text);
        fc.pre(!shown.includes('\ufffd'));
        expect(utf8OfGbk(shown)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any text, of any characters, without a fault: a line of the file, never an error of its own', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 6 }), { maxLength: 4 }), (cells) => {
        const lines = cells.map((line, i) => ({ line: i + 1, cells: line }));
        const found = misreadText(lines, names);
        if (found) expect(lines[found.line - 1]!.cells[found.column - 1]!.trim()).toBe(found.shown);
        for (const line of cells) for (const cell of line) expect(typeof utf8OfGbk(cell)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('tells a column label misread, at its line and cell, and not a title of plain Chinese', () => {
    const lines = [
      { line: 1, cells: ['永州市民政统计表', ''] },
      { line: 2, cells: [misreadAsGbk('县市区'), ` ${misreadAsGbk('区划代码')} `] },
    ];
    expect(misreadText(lines, names)).toEqual({ kind: 'utf8-as-gbk', line: 2, column: 2, shown: '鍖哄垝浠ｇ爜', meant: '区划代码' });
    expect(misreadText(lines.slice(0, 1), names)).toBeUndefined();
    expect(misreadText([{ line: 1, cells: ['区划代码x', '报告期'] }], names)).toBeUndefined();
  });

  /** Text's bytes in an encoding read as Windows-1252, as a program on a Western system reads them: the bytes it has no character for (81, 8D, 8F, 90, 9D) as their C1 controls, as Windows does. */
  const westernOf = (text: string, encoding: 'utf8' | 'gbk') =>
    [...(encoding === 'utf8' ? Buffer.from(text) : iconv.encode(text, 'gbk'))]
      .map((byte) =>
        [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(byte) ? String.fromCharCode(byte) : iconv.decode(Buffer.from([byte]), 'win1252'),
      )
      .join('');

  it('gives back the UTF-8 or GBK text a Windows-1252 reading of its bytes showed', () => {
    const characters = fc.constantFrom(...'区划代码报告期县市区养老机构床位数（张）其中护理型·、，abc 123-/'.split(''));
    fc.assert(
      fc.property(
        fc.array(characters, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('utf8' as const, 'gbk' as const),
        (chars, encoding) => {
          const text = chars.join('');
          fc.pre(!isAscii(Buffer.from(text)));
          const found = misreadText(
            [{ line: 1, cells: [westernOf(text, encoding)] }],
            (labels) => labels.filter((label) => label === text.trim()).length,
          );
          expect(found).toMatchObject({ kind: 'as-western', meant: text.trim(), encoding: encoding === 'utf8' ? 'UTF-8' : 'GBK' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tells a column label read as Windows-1252 and saved, at its line and cell, with the encoding it was', () => {
    expect(westernOf('区划代码', 'utf8')).toBe('åŒºåˆ’ä»£ç\u00a0\u0081');
    const lines = [{ line: 1, cells: ['Yongzhou', westernOf('县市区', 'utf8'), ` ${westernOf('区划代码', 'utf8')}`] }];
    expect(misreadText(lines, names)).toEqual({
      kind: 'as-western',
      line: 1,
      column: 3,
      shown: 'åŒºåˆ’ä»£ç\u00a0\u0081',
      meant: '区划代码',
      encoding: 'UTF-8',
    });
    expect(misreadText([{ line: 4, cells: [westernOf('区划代码', 'gbk')] }], names)).toEqual({
      kind: 'as-western',
      line: 4,
      column: 1,
      shown: 'Çø»®´úÂë',
      meant: '区划代码',
      encoding: 'GBK',
    });
    // Latin text that is no such reading: café, naïve, a ‰ alone.
    expect(misreadText([{ line: 1, cells: ['café', 'naïve', '‰'] }], names)).toBeUndefined();
  });

  it('tells characters replaced (U+FFFD, or 锟斤拷 saved as GBK again) where they are a quarter of the text past ASCII or more', () => {
    expect(misreadText([{ line: 1, cells: ['2025', '\ufffd\ufffd\ufffd', '区划代码报告'] }], names)).toEqual({
      kind: 'replaced',
      line: 1,
      column: 2,
      shown: '\ufffd\ufffd\ufffd',
    });
    expect(misreadText([{ line: 1, cells: ['永州市民政统计表，填报单位：\ufffd'] }], names)).toBeUndefined();
    expect(misreadText([{ line: 3, cells: ['a', '锟斤拷锟斤拷'] }], names)).toMatchObject({ kind: 'replaced', line: 3, column: 2 });
  });
});
