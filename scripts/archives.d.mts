/** The types of scripts/archives.mjs that the tests use. */

/** A RAR 5 archive of files stored as they are; `size` says another unpacked size than the data's (a header that lies, or a bomb's). */
export function rar5(files: readonly { name: string; data: Uint8Array; size?: number }[]): Buffer;

/** A RAR 5 archive of files stored as they are, in parts of `size` bytes of data each, as WinRAR splits one. */
export function rar5Volumes(files: readonly { name: string; data: Uint8Array }[], size: number): Buffer[];

/** A 7z archive of files made by 7-Zip with `options` (-mx=9, -pSECRET -mhe=on …). */
export function sevenZipArchive(files: readonly { name: string; data: Uint8Array }[], options?: readonly string[]): Promise<Uint8Array>;

/** A 7z archive of files split by 7-Zip into parts of `size` bytes (archive.7z.001 …), in turn. */
export function sevenZipVolumes(files: readonly { name: string; data: Uint8Array }[], size: number): Promise<Uint8Array[]>;

/** A tar archive written by hand; a name past 100 bytes given before its file as a pax path or a GNU long name; a Buffer name is those bytes. */
export function tarArchive(files: readonly { name: string | Buffer; data: Uint8Array }[], longNames?: 'pax' | 'gnu'): Buffer;
