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

/**
 * A RAR 5 archive of files stored as they are (WinRAR's "store" method), each `{ name, data }`;
 * `size` says another unpacked size than the data's (a header that lies, or a bomb's).
 * @param {{ name: string, data: Uint8Array, size?: number }[]} files
 */
export function rar5(files) {
  const parts = [Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'), block(1, 0, [vint(0)])];
  for (const { name, data, size } of files) {
    const named = Buffer.from(name);
    // Flags: a data area; the file's: its checksum given. Attributes 0x20 (archive), Windows, stored, no times.
    parts.push(block(2, 0x0002, [vint(0x0004), vint(size ?? data.length), vint(0x20), uint32(crc32(data)), vint(0), vint(0), vint(named.length), named], data.length), Buffer.from(data));
  }
  parts.push(block(5, 0, [vint(0)]));
  return Buffer.concat(parts);
}

/**
 * A 7z archive of files, `{ name, data }`, made by 7-Zip with `options` (-mx=9, -pSECRET -mhe=on …).
 * @param {{ name: string, data: Uint8Array }[]} files
 * @param {string[]} [options]
 * @returns {Promise<Uint8Array>}
 */
export async function sevenZipArchive(files, options = []) {
  const sevenZip = await createRequire(import.meta.url)('7z-wasm')({ print: () => {}, printErr: () => {} });
  sevenZip.FS.mkdir('/in');
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
    sevenZip.callMain(['a', '/out.7z', ...options, ...files.map((file) => file.name)]);
  } finally {
    process.exitCode = kept;
  }
  return sevenZip.FS.readFile('/out.7z');
}
