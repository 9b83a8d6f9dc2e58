/** Builds small .xlsx workbooks for tests, the way Excel lays them out. */
import { crc32 } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { columnName, handZip } from '../scripts/workbook.mjs';

/** A cell: text (shared string), a number, a number with a percent or date format, an error, or a formula with its value or without. */
export type XlsxCell =
  string | number | null | { n: number; format: 'percent' | 'date' } | { error: string } | { formula: string; value?: number };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An .xlsx file; `sheets` maps sheet names to rows keyed by Excel row number; `merges` a sheet's merged cells (A4:A6), listed after its rows as Excel lists them; `hidden` the sheets Excel hides. */
export function makeXlsx(
  sheets: Record<string, Record<number, XlsxCell[]>>,
  merges: Record<string, string[]> = {},
  hidden: readonly string[] = [],
): Uint8Array {
  const strings: string[] = [];
  const stringIndex = (s: string) => {
    const at = strings.indexOf(s);
    return at === -1 ? strings.push(s) - 1 : at;
  };
  const files: Record<string, Uint8Array> = {};
  const names = Object.keys(sheets);
  names.forEach((name, i) => {
    const rows = Object.entries(sheets[name]!).map(([r, cells]) => {
      const xml = cells
        .map((cell, c) => {
          const ref = `${columnName(c)}${r}`;
          if (cell === null || cell === undefined) return '';
          if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${stringIndex(cell)}</v></c>`;
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          if ('error' in cell) return `<c r="${ref}" t="e"><v>${escape(cell.error)}</v></c>`;
          // A formula with its value, as Excel saves one, or without (a program that does not calculate).
          if ('formula' in cell)
            return `<c r="${ref}"><f>${escape(cell.formula)}</f>${cell.value === undefined ? '' : `<v>${cell.value}</v>`}</c>`;
          return `<c r="${ref}" s="${cell.format === 'percent' ? 1 : 2}"><v>${cell.n}</v></c>`;
        })
        .join('');
      return `<row r="${r}">${xml}</row>`;
    });
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData>${merges[name]?.length ? `<mergeCells count="${merges[name].length}">${merges[name].map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : ''}</worksheet>`,
    );
  });
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names.map((n, i) => `<sheet name="${escape(n)}" sheetId="${i + 1}"${hidden.includes(n) ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
  );
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings.map((s) => `<si><t>${escape(s)}</t></si>`).join('')}</sst>`,
  );
  files['xl/styles.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
  );
  files['[Content_Types].xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );
  return zipSync(files);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook from its parts as written: `sheets` are the sheetData XML of each sheet (or
 * `chart` for a chart sheet), `styles` the cellXfs' numFmtIds and custom codes. Part names
 * and the workbook's folder can be changed, as other writers do.
 */
export function rawXlsx(options: {
  sheets: Record<string, string | 'chart'>;
  formats?: (number | string)[];
  folder?: string;
  rename?: (path: string) => string;
  date1904?: boolean;
  level?: number;
  /** The shared strings part's elements, as written inside its <sst>. */
  strings?: string;
}): Uint8Array {
  const folder = options.folder ?? 'xl';
  const rename = options.rename ?? ((path: string) => path);
  const files: Record<string, Uint8Array> = {};
  const put = (path: string, xml: string) => (files[rename(path)] = strToU8(`<?xml version="1.0" encoding="UTF-8"?>${xml}`));
  const names = Object.keys(options.sheets);
  const rels = names.map((name, i) => {
    const chart = options.sheets[name] === 'chart';
    const target = chart ? `chartsheets/sheet${i + 1}.xml` : `worksheets/sheet${i + 1}.xml`;
    if (chart) put(`${folder}/${target}`, `<chartsheet xmlns="${NS}"/>`);
    else put(`${folder}/${target}`, `<worksheet xmlns="${NS}"><sheetData>${options.sheets[name]}</sheetData></worksheet>`);
    return `<Relationship Id="rId${i + 1}" Type="${REL}/${chart ? 'chartsheet' : 'worksheet'}" Target="${target}"/>`;
  });
  const codes = (options.formats ?? []).map((f, i) => (typeof f === 'string' ? { id: 164 + i, code: f } : { id: f, code: undefined }));
  put(
    `${folder}/styles.xml`,
    `<styleSheet xmlns="${NS}"><numFmts>${codes
      .filter((c) => c.code)
      .map((c) => `<numFmt numFmtId="${c.id}" formatCode="${escape(c.code!)}"/>`)
      .join('')}</numFmts><cellXfs><xf numFmtId="0"/>${codes.map((c) => `<xf numFmtId="${c.id}"/>`).join('')}</cellXfs></styleSheet>`,
  );
  put(
    `${folder}/book.xml`,
    `<workbook xmlns="${NS}" xmlns:r="${REL}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${names.map((n, i) => `<sheet name="${escape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  if (options.strings !== undefined) put(`${folder}/strings.xml`, `<sst xmlns="${NS}">${options.strings}</sst>`);
  const strings = options.strings === undefined ? '' : `<Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="strings.xml"/>`;
  put(
    `${folder}/_rels/book.xml.rels`,
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>${strings}</Relationships>`,
  );
  put(
    '_rels/.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${folder}/book.xml"/></Relationships>`,
  );
  return zipSync(files, { level: (options.level ?? 6) as 6 });
}

/**
 * A zip archive of files stored as they are, their names the bytes given, marked UTF-8 or not (as
 * an archive made on Chinese Windows writes GBK names, unmarked).
 */
export function storedZip(files: [name: Uint8Array, data: Uint8Array][], utf8 = false): Uint8Array {
  return handZip(files.map(([name, data]) => ({ name, data, size: data.length, crc: crc32(data), method: 0, utf8 })));
}
