/** A drop sent as a tar archive (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2 …), read in memory (src/input/tar.ts) as the folder it unpacks to. */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../src/catalog.js';
import { check } from '../src/check.js';
import { archiveMember } from '../src/input/archive.js';
import { unpackTar } from '../src/input/tar.js';
import { REPORTERS } from '../src/report/index.js';
import { sevenZipArchive, tarArchive } from '../scripts/archives.mjs';
import { daoxian, dongan, drop, errors, places } from './fixtures/archive-drop.js';
import { writeFiles } from './helpers.js';

describe('a drop sent as a tar archive', () => {
  it('is read as the folder it unpacks to, packed (gzip, xz, bzip2) or not, as written by hand and by 7-Zip, given or in a folder', async () => {
    const byHand = tarArchive(drop);
    const by7Zip = Buffer.from(await sevenZipArchive(drop, ['-ttar']));
    // Packed by xz or bzip2 (by 7-Zip, which plan-check unpacks them with).
    const packedBy = async (kind: string) => Buffer.from(await sevenZipArchive([{ name: 'drop.tar', data: byHand }], [`-t${kind}`]));
    const xz = await packedBy('xz');
    const dir = writeFiles({
      'drop.tar': byHand,
      'drop.tar.gz': gzipSync(by7Zip),
      'drop.tgz': gzipSync(byHand),
      'drop.tar.xz': xz,
      'drop.tbz2': await packedBy('bzip2'),
      'cut.tar.xz': xz.subarray(0, xz.length - 40),
      ...Object.fromEntries(drop.map((file) => [`unpacked/${file.name}`, file.data])),
    });
    const unpacked = await check([join(dir, 'unpacked')]);
    for (const name of ['drop.tar', 'drop.tar.gz', 'drop.tgz', 'drop.tar.xz', 'drop.tbz2']) {
      const archive = join(dir, name);
      const given = await check([archive]);
      expect(places(given), name).toEqual([
        [join(archive, '2025-12', '东安县.csv'), join(archive, '2025-12', '道县.csv')],
        [`${join(archive, '2025-12', '说明.txt')}:: file-skipped`, `${join(archive, '2025-12', '道县.csv')}:2:21 type`],
        2,
      ]);
      expect(given.results).toEqual(unpacked.results);
    }
    expect(errors(await check([join(dir, 'cut.tar.xz')]), dir)).toEqual([
      ['cut.tar.xz', 'the tar archive cannot be read: it is cut short'],
    ]);
    // In a folder, each archive's files read as a folder's, beside the copies unpacked.
    const all = await check([dir]);
    expect(all.files.filter((file) => file.includes('drop.t'))).toEqual(
      ['drop.tar', 'drop.tar.gz', 'drop.tar.xz', 'drop.tbz2', 'drop.tgz'].flatMap((name) => [
        join(dir, name, '2025-12', '东安县.csv'),
        join(dir, name, '2025-12', '道县.csv'),
      ]),
    );
  });

  it('names its files by long names, in pax headers or GNU long-name records, and by names in GB18030, its folders left out', () => {
    const long = `${'很长的文件夹名'.repeat(6)}/道县.csv`;
    const namesOf = (bytes: Buffer) => {
      const unpacked = unpackTar(bytes, false, { left: 1 << 20 });
      return 'files' in unpacked ? unpacked.files.map((file) => [file.path, Buffer.from(file.bytes!).toString()]) : unpacked;
    };
    for (const kind of ['pax', 'gnu'] as const) {
      expect(
        namesOf(
          tarArchive(
            [
              { name: long, data: daoxian },
              { name: 'b.csv', data: dongan },
            ],
            kind,
          ),
        ),
        kind,
      ).toEqual([
        [long, daoxian.toString()],
        ['b.csv', dongan.toString()],
      ]);
    }
    // A folder as old tars mark one (a file whose name ends in a slash) is no file.
    expect(
      namesOf(
        tarArchive([
          { name: '2025-12/', data: Buffer.alloc(0) },
          { name: iconv.encode('2025-12/道县.csv', 'gb18030'), data: daoxian },
        ]),
      ),
    ).toEqual([['2025-12/道县.csv', daoxian.toString()]]);
  });

  it('is refused whole, saying why, where it is cut short, damaged, no tar, or past the bytes held in memory', async () => {
    const whole = tarArchive(drop);
    // The first file's size changed in its header, and the second's: their checksums no longer hold.
    const sizeChanged = (header: number) => {
      const changed = Buffer.from(whole);
      changed.writeUInt8(changed.readUInt8(header + 134) ^ 1, header + 134);
      return changed;
    };
    const first = sizeChanged(0);
    const second = sizeChanged(512 + Math.ceil(daoxian.length / 512) * 512);
    const dir = writeFiles({
      // Cut at a record's end past its first file: its other files lost, which must not pass unseen.
      'records.tar': whole.subarray(0, 1024),
      'within.tar': whole.subarray(0, 700),
      'first.tar': first,
      'second.tar': second,
      'text.tar': dongan,
      'cut.tar.gz': gzipSync(whole).subarray(0, 60),
    });
    const told = async (name: string) => errors(await check([join(dir, name)]), dir);
    const cut = 'the tar archive cannot be read: it is cut short (a copy or a download that did not finish)';
    expect(await told('records.tar')).toEqual([['records.tar', cut]]);
    expect(await told('within.tar')).toEqual([['within.tar', cut]]);
    expect(await told('first.tar')).toEqual([['first.tar', 'the tar archive cannot be read: its bytes are no tar archive']]);
    expect(await told('second.tar')).toEqual([['second.tar', 'the tar archive cannot be read: its list of files is damaged']]);
    expect(await told('text.tar')).toEqual([['text.tar', 'the tar archive cannot be read: its bytes are no tar archive']]);
    expect(await told('cut.tar.gz')).toEqual([
      ['cut.tar.gz', 'the tar archive cannot be read: it is cut short (copied or downloaded in part?)'],
    ]);
    // Gzipped, it unpacks within what a run holds of a tar in memory; its files within what is left of the run's budget.
    // (129 gzip members of 1 MiB each, as a concatenation writes them: one member of 129 MiB took 0.6 s to pack.)
    const member = gzipSync(Buffer.alloc(1 << 20));
    const past = Buffer.concat(Array.from({ length: 129 }, () => member));
    expect(() => unpackTar(past, true, { left: 1 << 30 })).toThrow(
      'it unpacks to more than the 128 MiB plan-check holds of a tar in memory: unpack it, then check the folder it unpacks to',
    );
    expect(() => unpackTar(whole, false, { left: 10 })).toThrow(/its files unpack to 1 MiB, more than the 128 MiB/);
  });

  it('told by its bytes under another name, as a tar to be named so', async () => {
    const dir = writeFiles({ 'drop.csv': tarArchive(drop) });
    const report = await check([join(dir, 'drop.csv')]);
    expect(report.issues.map((i) => [i.code, messageOf(i, 'en')])).toEqual([['not-a-table', 'the file is a tar archive, not a table']]);
  });

  it('passes over a file unpacked beside it, in a folder of its name without .tar.gz, and puts GitHub annotations of its files on the archive', async () => {
    const dir = writeFiles({ 'drop.tar.gz': gzipSync(tarArchive(drop)), [`drop/${drop[0]!.name}`]: daoxian });
    const report = await check([dir]);
    expect(report.issues.filter((i) => i.code === 'archive-unpacked').map((i) => i.file)).toEqual([
      join(dir, 'drop.tar.gz', drop[0]!.name),
    ]);
    expect(report.files).toEqual([join(dir, 'drop', '2025-12', '道县.csv'), join(dir, 'drop.tar.gz', '2025-12', '东安县.csv')]);
    const annotations = REPORTERS.github!.render(await check([join(dir, 'drop.tar.gz')]), { lang: 'en', color: false });
    expect(annotations).toContain(
      `::error file=${join(dir, 'drop.tar.gz')},title=plan-check type · 2025-12/道县.csv%3A2%3A21::"abc" is not a whole number`,
    );
    // The archive of a file so named, whatever its kind, its part's name too (drop.7z.001); none of a folder's.
    expect(
      ['a/drop.tgz/x.csv', 'drop.7z.001/2025-12/x.csv', 'drop.part1.rar/x.csv', 'b/drop.zip/c.zip/x.csv', 'a/b/x.csv'].map(archiveMember),
    ).toEqual([
      { archive: 'a/drop.tgz', path: 'x.csv' },
      { archive: 'drop.7z.001', path: '2025-12/x.csv' },
      { archive: 'drop.part1.rar', path: 'x.csv' },
      { archive: 'b/drop.zip', path: 'c.zip/x.csv' },
      undefined,
    ]);
  });
});
