// The shipped sample drop of 2025-12 as the scripts use it: each unit's file (the city bureau's
// own shiji.csv left out) decoded, with whether it is GBK as counties send it.
import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';

const folder = new URL('../data/samples/2025-12', import.meta.url).pathname;

/** Each unit's sample file: its name, its text (without a BOM), and whether it is GBK. */
export function unitSamples() {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.csv') && name !== 'shiji.csv')
    .map((name) => {
      const bytes = readFileSync(join(folder, name));
      const gbk = !isUtf8(bytes);
      return { name, gbk, text: (gbk ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8')).replace(/^\ufeff/, '') };
    });
}
