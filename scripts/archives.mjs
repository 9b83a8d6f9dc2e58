// Archives of other kinds than zip made for the tests and npm run hostile: a RAR archive written by
// hand (no program on this system writes RAR), and 7z archives made by 7-Zip itself, compiled to
// WebAssembly (the 7z-wasm package plan-check reads them with).
import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';

/** RAR 5's variable-length integer: seven bits a byte, the lowest first, the high bit set on all but the last. */
function vint(value) {
  const bytes = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

function uint32(value) {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}

/** A RAR 5 header block: its checksum, its size, its type and flags, then its fields (rarlab.com's technote). */
function block(type, flags, fields, dataSize) {
  const body = Buffer.concat([vint(type), vint(flags), ...(dataSize === undefined ? [] : [vint(dataSize)]), ...fields]);
  const sized = Buffer.concat([vint(body.length), body]);
  return Buffer.concat([uint32(crc32(sized)), sized]);
}

/** RAR 5's signature, which every part of an archive begins with. */
const SIGNATURE = Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1');

/**
 * A file's header and its piece of data, stored as it is: its unpacked size, and its checksum where
 * the piece is its last (a piece goes on in the next part: `after`; came from the one before: `before`).
 * Attributes 0x20 (archive), Windows, stored, no times.
 */
function fileBlock(name, piece, { size, crc, before = false, after = false }) {
  const named = Buffer.from(name);
  const flags = 0x0002 | (before ? 0x0008 : 0) | (after ? 0x0010 : 0);
  const checksum = after ? [] : [uint32(crc)];
  return [
    block(
      2,
      flags,
      [vint(after ? 0 : 0x0004), vint(size), vint(0x20), ...checksum, vint(0), vint(0), vint(named.length), named],
      piece.length,
    ),
    Buffer.from(piece),
  ];
}

/**
 * A RAR 5 archive of files stored as they are (WinRAR's "store" method), each `{ name, data }`;
 * `size` says another unpacked size than the data's (a header that lies, or a bomb's).
 * @param {{ name: string, data: Uint8Array, size?: number }[]} files
 */
export function rar5(files) {
  const blocks = files.flatMap(({ name, data, size }) => fileBlock(name, data, { size: size ?? data.length, crc: crc32(data) }));
  return Buffer.concat([SIGNATURE, block(1, 0, [vint(0)]), ...blocks, block(5, 0, [vint(0)])]);
}

/**
 * A RAR 5 archive of files stored as they are, in parts (volumes) of `size` bytes of data each, as
 * WinRAR splits one (drop.part1.rar, drop.part2.rar …): a file's data may run on into the next part,
 * whose header says so; its checksum is in its last part's header.
 * @param {{ name: string, data: Uint8Array }[]} files
 * @param {number} size
 * @returns {Buffer[]}
 */
export function rar5Volumes(files, size) {
  /** The pieces of data each part holds: a file's name, data, its full size and checksum, and whether it began before and goes on after. */
  const parts = [[]];
  let room = size;
  for (const { name, data } of files) {
    for (let at = 0; at < data.length || (at === 0 && data.length === 0);) {
      if (room === 0) {
        parts.push([]);
        room = size;
      }
      const piece = data.subarray(at, at + room);
      parts.at(-1).push({ name, piece, whole: data, before: at > 0, after: at + piece.length < data.length });
      at += piece.length;
      room -= piece.length;
      if (data.length === 0) break;
    }
  }
  return parts.map((pieces, number) => {
    const last = number === parts.length - 1;
    const blocks = pieces.flatMap(({ name, piece, whole, before, after }) =>
      fileBlock(name, piece, { size: whole.length, crc: crc32(whole), before, after }),
    );
    return Buffer.concat([
      SIGNATURE,
      block(1, 0, [vint(0x0001 | (number > 0 ? 0x0002 : 0)), ...(number > 0 ? [vint(number)] : [])]),
      ...blocks,
      block(5, 0, [vint(last ? 0 : 0x0001)]),
    ]);
  });
}

/**
 * The files 7-Zip writes of an archive of `files` (`{ name, data }`) made with `options`: archive.7z,
 * or with -vSIZE its parts, archive.7z.001 …, by name in turn.
 * @param {{ name: string, data: Uint8Array }[]} files
 * @param {string[]} options
 * @returns {Promise<Uint8Array[]>}
 */
async function sevenZipWrites(files, options) {
  const sevenZip = await createRequire(import.meta.url)('7z-wasm')({ print: () => {}, printErr: () => {} });
  sevenZip.FS.mkdir('/in');
  sevenZip.FS.mkdir('/out');
  for (const { name, data } of files) {
    const parts = name.split('/');
    for (let at = 1; at < parts.length; at++) {
      const folder = `/in/${parts.slice(0, at).join('/')}`;
      if (!sevenZip.FS.analyzePath(folder).exists) sevenZip.FS.mkdir(folder);
    }
    sevenZip.FS.writeFile(`/in/${name}`, data);
  }
  sevenZip.FS.chdir('/in');
  const kept = process.exitCode;
  try {
    sevenZip.callMain(['a', '/out/archive.7z', ...options, ...files.map((file) => file.name)]);
  } finally {
    process.exitCode = kept;
  }
  return sevenZip.FS.readdir('/out')
    .filter((name) => name.startsWith('archive.7z'))
    .sort()
    .map((name) => sevenZip.FS.readFile(`/out/${name}`));
}

/**
 * A 7z archive of files, `{ name, data }`, made by 7-Zip with `options` (-mx=9, -pSECRET -mhe=on …).
 * @param {{ name: string, data: Uint8Array }[]} files
 * @param {string[]} [options]
 * @returns {Promise<Uint8Array>}
 */
export async function sevenZipArchive(files, options = []) {
  return (await sevenZipWrites(files, options))[0];
}

/**
 * A 7z archive of files split by 7-Zip into parts of `size` bytes (archive.7z.001 …), in turn.
 * @param {{ name: string, data: Uint8Array }[]} files
 * @param {number} size
 * @returns {Promise<Uint8Array[]>}
 */
export async function sevenZipVolumes(files, size) {
  return sevenZipWrites(files, [`-v${size}b`]);
}

/** A pax extended header's record, `length key=value\n`, its length counting its own digits. */
function paxRecord(key, value) {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

/** A ustar header of a name's bytes (its first 100), a size and a type, its checksum worked out. */
function tarHeader(name, size, type) {
  const header = Buffer.alloc(512);
  name.copy(header, 0, 0, Math.min(name.length, 100));
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write(type, 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/**
 * A tar archive written by hand: each file a ustar header and its bytes, padded to 512; a name longer
 * than a header holds (100 bytes) given before it as `longNames` says: 'pax' (an extended header's
 * path, as bsdtar and GNU tar --format=posix write) or 'gnu' (a ././@LongLink record, GNU tar's
 * default). A name is its bytes where given as a Buffer (GB18030, as a Chinese Windows writes one), else UTF-8.
 * @param {{ name: string | Buffer, data: Uint8Array }[]} files
 * @param {'pax' | 'gnu'} [longNames]
 * @returns {Buffer}
 */
export function tarArchive(files, longNames = 'pax') {
  const padded = (data) => Buffer.concat([Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512)]);
  const records = [];
  for (const { name, data } of files) {
    const bytes = Buffer.isBuffer(name) ? name : Buffer.from(name);
    if (bytes.length > 100 && longNames === 'gnu') {
      const long = Buffer.concat([bytes, Buffer.from([0])]);
      records.push(tarHeader(Buffer.from('././@LongLink'), long.length, 'L'), padded(long));
    } else if (bytes.length > 100) {
      const pax = paxRecord('path', bytes);
      records.push(tarHeader(Buffer.from('PaxHeader/long'), pax.length, 'x'), padded(pax));
    }
    records.push(tarHeader(bytes, data.length, '0'), padded(data));
  }
  return Buffer.concat([...records, Buffer.alloc(1024)]);
}
