/** A drop sent as a 7z or RAR archive, read through 7-Zip (src/input/seven-zip.ts) as the folder it unpacks to. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../src/catalog.js';
import { check, exitCode } from '../src/check.js';
import { MAX_UNPACKED_IN_MEMORY, unpackArchive } from '../src/input/seven-zip.js';
import { REPORTERS } from '../src/report/index.js';
import { rar5, rar5Volumes, sevenZipArchive, sevenZipVolumes } from '../scripts/archives.mjs';
import { daoxian, dongan, drop, errors, places } from './fixtures/archive-drop.js';
import { runInProcess, writeFiles } from './helpers.js';
import { makeXlsx } from './xlsx.js';

describe('a drop sent as a 7z or RAR archive', () => {
  it('is read as the folder it unpacks to, given or in a folder, with the results and places of its files unpacked', async () => {
    const dir = writeFiles({
      'drop.rar': rar5(drop),
      'drop.7z': await sevenZipArchive(drop, ['-mx=9']),
      ...Object.fromEntries(drop.map((file) => [`unpacked/${file.name}`, file.data])),
    });
    const unpacked = await check([join(dir, 'unpacked')]);
    for (const name of ['drop.rar', 'drop.7z']) {
      const archive = join(dir, name);
      const given = await check([archive]);
      expect(places(given)).toEqual([
        [join(archive, '2025-12', '东安县.csv'), join(archive, '2025-12', '道县.csv')],
        [`${join(archive, '2025-12', '说明.txt')}:: file-skipped`, `${join(archive, '2025-12', '道县.csv')}:2:21 type`],
        2,
      ]);
      expect(given.results).toEqual(unpacked.results);
    }
    // In a folder, beside the other's files: each read with the folder's, in the order of their paths.
    const both = await check([dir]);
    expect(both.files.filter((file) => !file.includes('unpacked'))).toEqual([
      join(dir, 'drop.7z', '2025-12', '东安县.csv'),
      join(dir, 'drop.7z', '2025-12', '道县.csv'),
      join(dir, 'drop.rar', '2025-12', '东安县.csv'),
      join(dir, 'drop.rar', '2025-12', '道县.csv'),
    ]);
  });

  it("is read from its first part where it was split into several (WinRAR's drop.part1.rar or drop.rar and drop.r00 …, 7-Zip's drop.7z.001 …), its later parts passed over with a notice", async () => {
    // Parts small enough that a file runs on from one into the next.
    const rar = rar5Volumes(drop, 200);
    const sevenZip = await sevenZipVolumes(drop, 200);
    expect(Math.min(rar.length, sevenZip.length)).toBeGreaterThan(2);
    const dir = writeFiles({
      ...Object.fromEntries(rar.map((part, at) => [`new/drop.part${at + 1}.rar`, part])),
      ...Object.fromEntries(rar.map((part, at) => [at === 0 ? 'old/drop.rar' : `old/drop.r${String(at - 1).padStart(2, '0')}`, part])),
      ...Object.fromEntries(sevenZip.map((part, at) => [`7z/drop.7z.${String(at + 1).padStart(3, '0')}`, part])),
      ...Object.fromEntries(drop.map((file) => [`unpacked/${file.name}`, file.data])),
    });
    const unpacked = await check([join(dir, 'unpacked')]);
    for (const [folder, first, later, count] of [
      ['new', 'drop.part1.rar', 'drop.part2.rar', rar.length],
      ['old', 'drop.rar', 'drop.r00', rar.length],
      ['7z', 'drop.7z.001', 'drop.7z.002', sevenZip.length],
    ] as const) {
      const report = await check([join(dir, folder)]);
      expect(report.files, folder).toEqual([
        join(dir, folder, first, '2025-12', '东安县.csv'),
        join(dir, folder, first, '2025-12', '道县.csv'),
      ]);
      expect(report.results).toEqual(unpacked.results);
      const parts = report.issues.filter((i) => i.code === 'archive-part');
      expect(parts.map((i) => [i.file, messageOf(i, 'en')])[0]).toEqual([
        join(dir, folder, later),
        `a later part of the archive ${first}, read with it`,
      ]);
      expect(parts).toHaveLength(count - 1);
      // A later part named on the command line: the archive read from its first.
      expect((await check([join(dir, folder, later)])).files).toEqual(report.files);
    }
    // Unpacked by hand into the folder an archive program names after it (drop, not drop.part1): its copy read, not the part's.
    mkdirSync(join(dir, 'new', 'drop', '2025-12'), { recursive: true });
    writeFileSync(join(dir, 'new', 'drop', '2025-12', '东安县.csv'), dongan);
    expect((await check([join(dir, 'new')])).files).toEqual([
      join(dir, 'new', 'drop', '2025-12', '东安县.csv'),
      join(dir, 'new', 'drop.part1.rar', '2025-12', '道县.csv'),
    ]);
  });

  it('tells a part missing between others by its name, a later part whose first is not beside it, and more parts than 7-Zip numbers', async () => {
    const rar = rar5Volumes(drop, 150);
    const dir = writeFiles({ 'drop.part1.rar': rar[0]!, 'drop.part3.rar': rar[2]!, 'other.part2.rar': rar[1]! });
    const report = await check([dir]);
    expect(errors(report, dir)).toEqual([
      ['drop.part1.rar', 'the RAR archive cannot be read: its part 2, drop.part2.rar, is missing'],
      [
        'other.part2.rar',
        'the RAR archive cannot be read: it is part 2 of an archive of several parts, whose first part, other.part1.rar, is not beside it',
      ],
    ]);
    expect(exitCode(report)).toBe(2);
    // More parts than 7-Zip numbers: refused before any is read.
    const many = rar5Volumes([{ name: 'a.csv', data: Buffer.alloc(10_010, 'x') }], 10);
    expect(many).toHaveLength(1001);
    const crowd = writeFiles(Object.fromEntries(many.map((part, at) => [`d.part${String(at + 1).padStart(4, '0')}.rar`, part])));
    expect(errors(await check([crowd]), crowd)).toEqual([['d.part0001.rar', 'the RAR archive cannot be read: it has more than 999 parts']]);
  });

  it('tells a damaged file of it at that file, and reads the others; an archive cut short, encrypted or of other bytes at the archive', async () => {
    const archive = rar5(drop);
    const damaged = Buffer.from(archive);
    // A figure of 道县's changed after the archive was made: its checksum no longer matches.
    damaged[damaged.indexOf('431124', damaged.indexOf(daoxian)) + 8]! ^= 1;
    const sevenZip = await sevenZipArchive(drop);
    const dir = writeFiles({
      'damaged.rar': damaged,
      'cut.7z': sevenZip.subarray(0, sevenZip.length - 40),
      'secret.7z': await sevenZipArchive(drop, ['-pSECRET', '-mhe=on']),
      'files.7z': await sevenZipArchive(drop, ['-pSECRET']),
      'notes.rar': Buffer.from('no archive'),
    });
    const report = await check([join(dir, 'damaged.rar')]);
    expect(errors(report, dir)).toEqual([
      ['damaged.rar/2025-12/道县.csv', 'the RAR archive cannot be read: 2025-12/道县.csv is damaged (its checksum does not match)'],
    ]);
    expect(report.files).toEqual([join(dir, 'damaged.rar', '2025-12', '东安县.csv'), join(dir, 'damaged.rar', '2025-12', '道县.csv')]);
    expect(report.rows.read).toBe(1);
    expect(errors(await check([join(dir, 'cut.7z')]), dir)).toEqual([
      ['cut.7z', 'the 7z archive cannot be read: it is cut short (a copy or download stopped, or a part of an archive of several parts)'],
    ]);
    expect(errors(await check([join(dir, 'secret.7z')]), dir)).toEqual([
      ['secret.7z', 'the 7z archive cannot be read: it is encrypted (it has a password)'],
    ]);
    // Its list readable, each file encrypted: told once, at the archive.
    expect(errors(await check([join(dir, 'files.7z')]), dir)).toEqual([
      ['files.7z', 'the 7z archive cannot be read: it is encrypted (it has a password)'],
    ]);
    const other = await check([join(dir, 'notes.rar')]);
    expect(errors(other, dir)).toEqual([['notes.rar', 'the RAR archive cannot be read: its bytes are no 7z or RAR archive']]);
    expect(messageOf(other.issues[0]!, 'zh')).toBe('无法读取 RAR 压缩包：其内容不是 7z 或 RAR 压缩包');
    // 7-Zip ends as a program does, setting the exit code of the process it runs in: the run's own is kept.
    expect(process.exitCode).toBeUndefined();
  });

  it('holds its files to the bounds of tables: none read past what a run unpacks in memory, or from a bomb', async () => {
    // A header that says its file unpacks to more than a run holds: refused before anything is unpacked.
    const liar = rar5([{ name: 'a.csv', data: dongan, size: MAX_UNPACKED_IN_MEMORY + 1 }]);
    // Past 4 MiB, a file unpacking to more than 100 times its packed bytes (5 MiB of blank lines).
    const bomb = await sevenZipArchive([{ name: 'a.csv', data: Buffer.concat([dongan, Buffer.alloc(5 << 20, '\n')]) }], ['-mx=1']);
    const dir = writeFiles({ 'liar.rar': liar, 'bomb.7z': bomb });
    expect(errors(await check([join(dir, 'liar.rar')]), dir)).toEqual([
      [
        'liar.rar',
        'the RAR archive cannot be read: its files unpack to 129 MiB, more than the 128 MiB plan-check unpacks of 7z, RAR and tar archives in memory in one run',
      ],
    ]);
    expect(errors(await check([join(dir, 'bomb.7z')]), dir)).toEqual([
      [
        'bomb.7z',
        'the 7z archive cannot be read: it unpacks to more than 100 times the bytes it is packed in, as no table does (a zip bomb?)',
      ],
    ]);
    // Listed past a number of files and folders (each costs memory before any bound on bytes applies): 7-Zip is stopped.
    const many = rar5(Array.from({ length: 30 }, (_, i) => ({ name: `${i}.csv`, data: dongan })));
    await expect(
      unpackArchive([{ name: 'archive.rar', bytes: Buffer.from(many) }], { left: MAX_UNPACKED_IN_MEMORY }, 20),
    ).rejects.toMatchObject({ reason: { en: 'it holds more than 20 files and folders' } });
    expect(
      (await unpackArchive([{ name: 'archive.rar', bytes: Buffer.from(many) }], { left: MAX_UNPACKED_IN_MEMORY }, 30)) as {
        files: unknown[];
      },
    ).toMatchObject({ files: { length: 30 } });
  });

  it('reads a workbook so named as a workbook, and a zip within it is to be unpacked', async () => {
    const book = makeXlsx({ Sheet1: { 1: ['区划代码', '报告期', '养老机构床位数（张）'], 2: ['431102', '2025-12', 100] } });
    const dir = writeFiles({ 'book.rar': book, 'drop.7z': await sevenZipArchive([...drop, { name: 'old.zip', data: book }]) });
    const read = await check([join(dir, 'book.rar')]);
    expect([read.files, read.rows.read, read.issues.filter((i) => i.severity !== 'info').map((i) => i.code)]).toEqual([
      [join(dir, 'book.rar')],
      1,
      ['workbook-renamed'],
    ]);
    expect((await check([join(dir, 'drop.7z')])).issues.filter((i) => i.code === 'archive-skipped').map((i) => i.file)).toEqual([
      join(dir, 'drop.7z', 'old.zip'),
    ]);
  });

  it('passes over a file unpacked beside it, and puts GitHub annotations of its files on the archive', async () => {
    const dir = writeFiles({ 'drop.rar': rar5(drop) });
    mkdirSync(join(dir, '2025-12'));
    writeFileSync(join(dir, '2025-12', '东安县.csv'), dongan);
    const report = await check([dir]);
    expect(report.files).toEqual([join(dir, '2025-12', '东安县.csv'), join(dir, 'drop.rar', '2025-12', '道县.csv')]);
    expect(report.issues.filter((i) => i.code === 'archive-unpacked').map((i) => i.file)).toEqual([
      join(dir, 'drop.rar', '2025-12', '东安县.csv'),
    ]);
    const annotations = REPORTERS.github!.render(await check([join(dir, 'drop.rar')]), { lang: 'en', color: false });
    expect(annotations).toContain(
      `::error file=${join(dir, 'drop.rar')},title=plan-check type · 2025-12/道县.csv%3A2%3A21::"abc" is not a whole number`,
    );
  });

  it('is an error of the data on the command line, in both languages, with the exit code of invalid input', async () => {
    const dir = writeFiles({ 'drop.rar': rar5(drop).subarray(0, 200) });
    const en = await runInProcess([join(dir, 'drop.rar')]);
    expect([en.code, en.stdout]).toEqual([
      2,
      expect.stringContaining('drop.rar: error archive-unreadable the RAR archive cannot be read: it is cut short'),
    ]);
    expect((await runInProcess([join(dir, 'drop.rar'), '--lang', 'zh'])).stdout).toContain(
      'drop.rar: error archive-unreadable 无法读取 RAR 压缩包：',
    );
  });
});
