// A minimal .xlsx for the scripts: each sheet's sheetData XML, zipped as Excel lays it out
// (with the content types and root relationships other readers insist on).
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8, unzipSync, zipSync } from 'fflate';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** An .xlsx whose sheets S1, S2 … hold the sheetData XML given. */
export function workbook(sheets) {
  return zipSync(workbookParts(sheets), { level: 9 });
}

/** The parts of workbook(sheets), by path, unpacked. */
function workbookParts(sheets) {
  const files = {
    '[Content_Types].xml': strToU8(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="${PACKAGE}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheets.map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="${PACKAGE}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    ),
  };
  sheets.forEach(
    (xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<worksheet xmlns="${NS}"><sheetData>${xml}</sheetData></worksheet>`)),
  );
  return files;
}

/** Excel's name of the column at 0-based `index`: A … Z, AA … */
export function columnName(index) {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * An .xlsx of one sheet holding CSV lines as Excel saves them: text as shared strings, whole
 * numbers below the header as numbers, deflated.
 */
export function csvWorkbook(lines) {
  const strings = new Map();
  const shared = (text) => {
    if (!strings.has(text)) strings.set(text, strings.size);
    return strings.get(text);
  };
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = lines.map((line, r) => {
    const cells = line.split(',').map((value, c) => {
      const ref = `${columnName(c)}${r + 1}`;
      return r > 0 && /^\d{1,9}$/.test(value) ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}" t="s"><v>${shared(value)}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  const book = workbookParts([rows.join('')]);
  book['xl/sharedStrings.xml'] = strToU8(
    `<sst xmlns="${NS}" count="${strings.size}" uniqueCount="${strings.size}">${[...strings.keys()].map((text) => `<si><t>${escape(text)}</t></si>`).join('')}</sst>`,
  );
  book['xl/_rels/workbook.xml.rels'] = strToU8(
    `<Relationships xmlns="${PACKAGE}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  return zipSync(book, { level: 6 });
}

/**
 * Raw deflate of `prefix`, `unit` repeated `times` times and `suffix`, built without
 * compressing the whole: `unit` is compressed once into a self-contained, byte-aligned block
 * and the block repeated, so a stream that unpacks to gigabytes costs milliseconds to make.
 * Returns the stream with its unpacked size and CRC-32.
 */
export function repeatedDeflate(prefix, unit, times, suffix) {
  const block = (text) => deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH });
  const unitBlock = block(unit);
  const unitBytes = Buffer.from(unit);
  let crc = crc32(Buffer.from(prefix));
  for (let i = 0; i < times; i++) crc = crc32(unitBytes, crc);
  crc = crc32(Buffer.from(suffix), crc);
  const stream = Buffer.concat([block(prefix), ...Array.from({ length: times }, () => unitBlock), deflateRawSync(Buffer.from(suffix))]);
  return { stream, size: Buffer.byteLength(prefix) + unitBytes.length * times + Buffer.byteLength(suffix), crc };
}

/**
 * Rewrites a zip's central directory so that every part whose name matches `alias` points at
 * the stored stream of part `target` (method, sizes, CRC and offset), or, with `lie`, so that
 * `target` claims to unpack to `lie` bytes. The bytes are changed in place and returned.
 */
export function patchDirectory(zip, { target, alias, lie }) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  const records = [];
  for (let i = 0, at = view.getUint32(end + 16, true); i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    records.push({ at, name: Buffer.from(zip.subarray(at + 46, at + 46 + nameLength)).toString() });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  const source = records.find((r) => r.name === target);
  if (lie !== undefined) {
    view.setUint32(source.at + 24, lie, true);
    view.setUint32(view.getUint32(source.at + 42, true) + 22, lie, true);
  }
  for (const record of records.filter((r) => alias?.test(r.name) && r !== source)) {
    zip.copyWithin(record.at + 10, source.at + 10, source.at + 28); // method, time, CRC, sizes
    zip.copyWithin(record.at + 42, source.at + 42, source.at + 46); // local header offset
  }
  return zip;
}

/**
 * An .xlsx of one sheet whose stored stream is `stream` (raw deflate) with the size and CRC
 * given, written as a zip by hand around it.
 */
export function workbookAround({ stream, size, crc }, sheets = 1) {
  const book = workbook(Array.from({ length: sheets }, () => ''));
  const zip = unzipSync(book);
  const parts = Object.entries(zip).map(([name, data]) =>
    name === 'xl/worksheets/sheet1.xml'
      ? { name, data: stream, size, crc, method: 8 }
      : { name, data, size: data.length, crc: crc32(data), method: 0 },
  );
  return handZip(parts);
}

/**
 * A zip written by hand from its parts: each its name (text, or bytes as written), its data as
 * stored, its unpacked size and CRC as the headers claim them, its method (0 stored, 8 deflated),
 * and whether its name is marked UTF-8 (unmarked, as Chinese Windows writes GBK names).
 */
export function handZip(parts) {
  const chunks = [];
  const directory = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(part.utf8 ? 0x800 : 0, 6);
    header.writeUInt16LE(part.method, 8);
    header.writeUInt32LE(part.crc >>> 0, 14);
    header.writeUInt32LE(part.data.length, 18);
    header.writeUInt32LE(Math.min(part.size, 0xfffffffe), 22);
    header.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(part.utf8 ? 0x800 : 0, 8);
    entry.writeUInt16LE(part.method, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16);
    entry.writeUInt32LE(part.data.length, 20);
    entry.writeUInt32LE(Math.min(part.size, 0xfffffffe), 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(header, name, part.data);
    directory.push(entry, name);
    offset += 30 + name.length + part.data.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}
