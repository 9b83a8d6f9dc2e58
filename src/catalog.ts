/**
 * The issue catalog: every finding plan-check can report, with its stable code, severity,
 * title, message template and the fix to suggest, in Chinese and English. Templates use
 * `{name}` placeholders filled from Issue.params.
 */
import { fillTemplate } from './format.js';
import type { Bilingual, Issue, Lang, Severity } from './types.js';
import { maskIds } from './validate/id-number.js';

/** One catalog entry. */
export interface IssueKind {
  severity: Severity;
  title: Bilingual;
  message: Bilingual;
  hint: Bilingual;
  /** The kinds of this problem, by the issue's `variant` param, each with its message and (where it has one) its fix: `message` and `hint` are those of any other. */
  variants?: Readonly<Record<string, Variant>>;
}

/** A kind of a problem: its message and its fix, where it has its own. */
export interface Variant {
  message?: Bilingual;
  hint?: Bilingual;
}

const kind = (
  severity: Severity,
  title: Bilingual,
  message: Bilingual,
  hint: Bilingual,
  variants?: Record<string, Variant>,
): IssueKind => ({
  severity,
  title,
  message,
  hint,
  ...(variants ? { variants } : {}),
});

/** Why a folder's file was not read (file-skipped), by its `variant`. */
export const FILE_SKIPPED = {
  'lock-file': {
    message: { zh: 'Excel 打开文件时留下的锁文件，未读取', en: 'a lock file Excel leaves beside an open workbook: not read' },
  },
  'own-report': { message: { zh: 'plan-check 自己写出的报告，未读取', en: 'a report plan-check wrote: not read' } },
  'not-a-submission': {
    message: {
      zh: '不是提交表（只读 .csv、.tsv、.txt 和工作簿），未读取',
      en: 'not a submission (only .csv, .tsv, .txt and workbooks are read): not read',
    },
  },
  'text-not-unicode': {
    message: {
      zh: '.txt 文件没有 UTF-16 字节顺序标记（Excel 的“Unicode 文本”有），按说明文件处理，未读取',
      en: 'a .txt file without a UTF-16 byte-order mark (Excel\'s "Unicode text" has one): taken for notes, not read',
    },
  },
  ignored: { message: { zh: '与 --ignore 匹配，未读取', en: 'matches --ignore: not read' } },
  'hidden-folder': {
    message: {
      zh: '隐藏文件夹（如 .git、__MACOSX）或 node_modules，未读取',
      en: 'a hidden folder (.git, __MACOSX) or node_modules: not read',
    },
  },
  'resource-fork': {
    message: {
      zh: 'macOS 在文件旁写下的元数据文件（._ 开头），不是报送表，未读取',
      en: 'the metadata macOS writes beside a file (a name beginning ._), no submission: not read',
    },
  },
  'folder-link': {
    message: {
      zh: '指向文件夹的链接，不跟随读取（以免指回上级文件夹的链接被无休止地读取）',
      en: 'a link to a folder: not followed (a link back to a folder above would be read for ever)',
    },
    hint: { zh: '要读取它，请直接给出该文件夹', en: 'to read it, name the folder itself' },
  },
  'not-a-file': {
    message: {
      zh: '不是文件（命名管道、套接字或设备），未读取',
      en: 'not a file (a named pipe, a socket or a device): not read',
    },
  },
} satisfies Record<string, Variant>;

/** The fix of a line that does not decode: save the file again as UTF-8, or name its encoding. */
const RESAVE_UTF8 = {
  zh: '在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或用 --encoding 指定编码',
  en: 'save again from Excel as "CSV UTF-8 (Comma delimited)", or name the encoding with --encoding',
};

/** The fix of numbers written with thousands commas outside quotes. */
const THOUSANDS_IN_QUOTES = {
  zh: '带千位分隔逗号的数须写在引号中（"1,200"）或去掉逗号（1200）；否则删除多出的单元格，或为其补上表头',
  en: 'write numbers with thousands commas in quotes ("1,200") or without the commas (1200); otherwise, remove the extra cells or give them a header',
};

/** The fix of a day written for a period: its month. */
const PERIOD_MONTH = {
  zh: '写成报告期的月份（如 {month}），或月末日期',
  en: "write the period's month (such as {month}), or its last day",
};

/** The fix of a credit code that is none. */
const FROM_CERTIFICATE = { zh: '按登记证书核对后重新填写', en: 'copy the code from the registration certificate' };

/** All issue kinds by code. Codes are part of the JSON report: never rename one. */
/**
 * A fault of a workbook, framed as told: the sheet it is in (`sheet`), and where known the
 * workbook's sheets (`sheets`) and the row up to which rows were read and counted (`read`).
 */
const inWorkbook = (fault: Bilingual): Variant => ({
  message: {
    zh: `{sheet?工作表“{sheet}”：}${fault.zh}{sheets?（工作表：{sheets}）}{read?；第 {read} 行及以前的行已读取并计入}`,
    en: `{sheet?sheet "{sheet}": }${fault.en}{sheets? (sheets: {sheets})}{read?; the rows up to row {read} were read and are counted}`,
  },
});

/** A sheet --sheet names that is not there: one of the workbook's is named instead. */
const NAME_A_SHEET = { zh: '用 --sheet 指定其中一个工作表', en: 'name one of its sheets with --sheet' };

/** Why a workbook could not be read (workbook-unreadable), by its `variant`: the WorkbookErrors of the workbook readers, and a file too large. */
export const WORKBOOK_FAULTS = {
  'too-large': inWorkbook({ zh: '超过 {limit} 字节', en: 'larger than {limit} bytes' }),
  'too-large-xls': inWorkbook({
    zh: '超过 {limit} 字节（.xls 或 .et 文件）：请另存为 .xlsx 或 CSV',
    en: 'larger than {limit} bytes for an .xls or .et file: save it as .xlsx or CSV',
  }),
  'too-large-markup': inWorkbook({
    zh: '超过 {limit} 字节（{markup}）：请另存为 .xlsx 或 CSV',
    en: 'larger than {limit} bytes for {markup}: save it as .xlsx or CSV',
  }),
  xlsx: inWorkbook({ zh: '文件不是可读的 .xlsx 工作簿：{reason}', en: 'the file is not a readable .xlsx workbook: {reason}' }),
  'markup-line': inWorkbook({
    zh: '该 {markup} 无法按工作簿读取：第 {line} 行{not}',
    en: 'the {markup} cannot be read as a workbook: line {line} is not {not}',
  }),
  markup: inWorkbook({ zh: '该 {markup} 无法按工作簿读取：{reason}', en: 'the {markup} cannot be read as a workbook: {reason}' }),
  'markup-damaged': inWorkbook({
    zh: '该 {markup} 无法按工作簿读取：文件已损坏',
    en: 'the {markup} cannot be read as a workbook: it is damaged',
  }),
  // A page saved in the data's place: a system's sign-in or error page, where a download's session ran out.
  'markup-no-table': {
    ...inWorkbook({
      zh: '该 {markup} 无法按工作簿读取：页面{title?“{title}”|}中没有表格，像是下载时存成了别的网页（登录页或出错页？）',
      en: 'the {markup} cannot be read as a workbook: the page{title? "{title}"|} holds no table, as a page saved in the data\'s place does (a sign-in or error page?)',
    }),
    hint: {
      zh: '登录后重新下载数据，打开下载的文件确认其中有表格；或把工作表另存为 CSV UTF-8',
      en: 'download the data again, signed in, and open what is saved to see that it holds the table; or save the sheet as CSV UTF-8',
    },
  },
  'markup-unclosed': inWorkbook({
    zh: '该 {markup} 无法按工作簿读取：其中的表格没有结束标记（缺少 </table>）：文件可能不完整',
    en: 'the {markup} cannot be read as a workbook: its table is never closed (no </table>): the file may be cut short',
  }),
  'no-sheet': {
    ...inWorkbook({ zh: '工作簿中没有名为“{wanted}”的工作表', en: 'the workbook has no sheet "{wanted}"' }),
    hint: NAME_A_SHEET,
  },
  'no-sheet-matching': {
    ...inWorkbook({
      zh: '没有与“{pattern}”匹配且含有提交表表头的工作表',
      en: 'no sheet matching "{pattern}" holds a header of the submission',
    }),
    hint: NAME_A_SHEET,
  },
  'no-sheet-of-cells': inWorkbook({ zh: '工作簿中没有含单元格的工作表', en: 'the workbook has no sheet of cells' }),
  'chart-sheet': inWorkbook({
    zh: '“{wanted}”是图表工作表，不是含单元格的工作表',
    en: '"{wanted}" is a chart sheet, not a sheet of cells',
  }),
  unpack: inWorkbook({ zh: '工作簿无法解压：{reason}', en: 'the workbook cannot be unpacked: {reason}' }),
  'unpack-budget': inWorkbook({
    zh: '工作簿无法解压：{reason}；请把工作表另存为 CSV UTF-8，任何大小都能读取',
    en: 'the workbook cannot be unpacked: {reason}; save the sheet as CSV UTF-8, which is read whatever its size',
  }),
  'part-missing': inWorkbook({ zh: '工作簿中缺少 {part}', en: 'the workbook has no {part}' }),
  'part-large': inWorkbook({
    zh: '{part} 解压后超过 {most} 字节，远大于描述工作簿的部件应有的大小',
    en: '{part} unpacks to more than {most} bytes, more than a part that describes a workbook holds',
  }),
  xml: inWorkbook({ zh: '{part} 不是格式正确的 XML：{reason}', en: '{part} is not well-formed XML: {reason}' }),
  'not-utf8': inWorkbook({ zh: '{part} 不是 UTF-8 文本', en: '{part} is not UTF-8 text' }),
  'shared-strings': inWorkbook({
    zh: '{part} 的共享字符串超过 {most} 个，多于 {most} 个单元格的工作表所能用到的：请把数据另存为 CSV',
    en: '{part} holds more than {most} shared strings, more than a sheet of {most} cells can use: save the data as CSV',
  }),
  'shared-chars': inWorkbook({
    zh: '{part} 的共享字符串共超过 {most} 个字符：请把数据另存为 CSV',
    en: '{part} holds shared strings of more than {most} characters in all: save the data as CSV',
  }),
  'shared-string-long': inWorkbook({
    zh: '{part} 的第 {n} 个字符串远超 {most} 个字符（Excel 单元格的上限）',
    en: "string {n} of {part} holds far more than {most} characters, Excel's limit for a cell",
  }),
  elements: inWorkbook({
    zh: '{part} 的 XML 元素超过 {most} 个，多于 {cells} 个单元格的工作表所需：请把数据另存为 CSV',
    en: '{part} holds more than {most} XML elements, more than a sheet of {cells} cells needs: save the data as CSV',
  }),
  'sheet-cells': inWorkbook({
    zh: '工作表超过 {most} 个单元格（每行算到最后一个有内容的单元格）：请删除数据以外的行和列，或把数据另存为 CSV',
    en: 'the sheet spans more than {most} cells (each row counted to its last filled cell): delete the rows and columns past the data, or save the data as CSV',
  }),
  'past-xfd': inWorkbook({
    zh: '{part} 第 {row} 行有单元格超出 Excel 的最后一列 XFD',
    en: "row {row} of {part} has a cell past column XFD, Excel's last",
  }),
  'cell-long': inWorkbook({
    zh: '{part} 第 {row} 行有单元格远超 {most} 个字符（Excel 单元格的上限）',
    en: "a cell of row {row} of {part} holds far more than {most} characters, Excel's limit for a cell",
  }),
  'row-number': inWorkbook({
    zh: '{part} 有行号不在 Excel 的行 1 至 {most} 之内',
    en: "{part} has a row numbered outside 1 to {most}, Excel's rows",
  }),
} satisfies Record<string, Variant>;

/** A kind of a workbook's fault (workbook-unreadable). */
export type WorkbookFault = keyof typeof WORKBOOK_FAULTS;

/** Every problem plan-check tells, by its stable code (the contract's and docs/codes.md's): severity, title, message and fix. */
export const CATALOG = {
  // --- the file as a whole
  source: kind(
    'error',
    { zh: '无法读取文件', en: 'File cannot be read' },
    { zh: '无法读取：{reason}', en: 'cannot read: {reason}' },
    { zh: '检查文件是否存在、是否有读取权限', en: 'check that the file exists and is readable' },
    {
      // What the file system said, in words of plan-check's own (the system's words in `reason` otherwise).
      locked: {
        message: {
          zh: '文件被另一个程序锁定（在 Excel 或 WPS 中打开着？）',
          en: 'it is locked by another program (open in Excel or WPS?)',
        },
        hint: { zh: '在那个程序中关闭它，再检查', en: 'close it in that program, then check again' },
      },
      denied: {
        message: { zh: '没有读取它的权限', en: 'plan-check is not allowed to read it (permission denied)' },
        hint: {
          zh: '请求读取权限，或把它复制到自己的文件夹后再检查',
          en: 'ask for leave to read it, or copy it to a folder of your own and check that copy',
        },
      },
      gone: {
        message: { zh: '它在 plan-check 运行时被移走或删除了', en: 'it was moved or deleted while plan-check ran' },
        hint: { zh: '等文件夹中的文件不再变动后再检查', en: 'check again once the files of the folder stay put' },
      },
      io: {
        message: { zh: '磁盘或共享文件夹读取它时出错（输入/输出错误）', en: 'the disk or share failed to read it (an input/output error)' },
        hint: { zh: '从共享文件夹重新复制它，或检查磁盘', en: 'copy it from the share again, or check the disk' },
      },
      'broken-link': {
        message: { zh: '它是指向 {target} 的链接，而那里没有文件', en: 'it is a link to {target}, where there is no file' },
        hint: {
          zh: '让链接指向该文件（如挂载其所在的共享文件夹），或删除不属于本次报送的链接',
          en: 'make the link lead to the file (mount the share it is on, say), or remove it if it is not of the drop',
        },
      },
    },
  ),
  encoding: kind(
    'error',
    { zh: '编码错误', en: 'Encoding error' },
    { zh: '第 {line} 行无法解码', en: 'line {line} does not decode' },
    RESAVE_UTF8,
    {
      'cut-short': {
        message: {
          zh: '第 {line} 行在一个字符的中间结束了文件：文件不完整（复制或下载中断？）',
          en: 'line {line} ends the file within a character: the file was cut short (copied or downloaded in part?)',
        },
        hint: { zh: '重新复制或下载完整的文件', en: 'copy or download the whole file again' },
      },
      'utf8-among-gb18030': {
        message: {
          zh: '第 {line} 行是 UTF-8 编码，而文件其余部分是 GB18030',
          en: 'line {line} is UTF-8 while most of the file is GB18030',
        },
      },
      'gbk-among-utf8': {
        message: {
          zh: '第 {line} 行不是 UTF-8（可能是 GBK），而文件其余部分是 UTF-8',
          en: 'line {line} is not UTF-8 (GBK?) while most of the file is UTF-8',
        },
      },
      invalid: {
        message: { zh: '第 {line} 行含有无法按 {encoding} 解码的字节', en: 'line {line} has bytes that are not valid {encoding}' },
      },
      'reads-as': {
        message: {
          zh: '第 {line} 行含有无法按 {encoding} 解码的字节，而文件可按 {reads} 读取',
          en: 'line {line} has bytes that are not valid {encoding}, and the file reads as {reads}',
        },
        hint: {
          zh: '去掉 --encoding（每个文件的编码会自动识别），或改用 --encoding {reads_option}',
          en: "leave --encoding out (each file's encoding is found), or give --encoding {reads_option}",
        },
      },
      'as-western': {
        message: {
          zh: '第 {line} 行是 {encoding} 文本被当作西欧编码（Windows-1252）读取后保存的乱码：“{shown}”即误读的“{meant}”',
          en: 'line {line} holds {encoding} text read as Western European (Windows-1252) and saved so: "{shown}" is "{meant}" misread',
        },
        hint: {
          zh: '请检查保存此文件前的原文件，或重新导出；保存它的程序按西欧编码（Windows-1252、Latin-1）读取了文件：请让它按 {encoding} 读取',
          en: 'check the file this one was saved from, or export it again; the program that saved it read it as Western European (Windows-1252, Latin-1): have it read the file as {encoding}',
        },
      },
      'utf8-as-gbk': {
        message: {
          zh: '第 {line} 行是 UTF-8 文本被当作 GBK 打开后保存的乱码：“{shown}”即误读的“{meant}”',
          en: 'line {line} holds UTF-8 text opened as GBK and saved so: "{shown}" is "{meant}" misread',
        },
        hint: {
          zh: '请检查保存此文件前的 UTF-8 原文件，或重新导出；Excel 要按 UTF-8 打开 CSV，请用“数据 > 从文本/CSV”，“文件原始格式”选“65001: Unicode (UTF-8)”',
          en: 'check the UTF-8 file this one was saved from, or export it again; Excel opens a UTF-8 CSV as such through Data > From Text/CSV, File Origin "65001: Unicode (UTF-8)"',
        },
      },
      replaced: {
        message: {
          zh: '第 {line} 行含有因编码误读而丢失的字符（“{shown}”）：GBK 文件被当作 UTF-8 打开后保存，无法识别的字符都被替换成了 �（再存为 GBK 即成“锟斤拷”）',
          en: 'line {line} holds characters lost to a wrong encoding ("{shown}"): a GBK file opened as UTF-8 and saved has each character it could not read replaced by � (锟斤拷 once saved as GBK again)',
        },
        hint: {
          zh: '请检查保存此文件前的原文件，或重新导出：被替换的字符无法从此文件恢复',
          en: 'check the file this one was saved from, or export it again: the characters replaced cannot be recovered from this one',
        },
      },
    },
  ),
  'encoding-detected': kind(
    'info',
    { zh: '已识别编码', en: 'Encoding detected' },
    { zh: '按 {encoding} 解码', en: 'decoded as {encoding}' },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'encoding-unsupported': kind(
    'error',
    { zh: '不支持的编码', en: 'Encoding not read' },
    {
      zh: '文件以 {encoding} 的字节顺序标记开头，plan-check 不读取此编码',
      en: 'the file starts with a {encoding} byte-order mark, an encoding plan-check does not read',
    },
    {
      zh: '用文本编辑器或 Excel 另存为 UTF-8（或“CSV UTF-8”）后再检查',
      en: 'save it as UTF-8 (Excel: "CSV UTF-8") from a text editor or Excel, then check that file',
    },
  ),
  'encoding-bom': kind(
    'info',
    { zh: '按字节顺序标记解码', en: 'Decoded by its byte-order mark' },
    {
      zh: '文件带 {encoding} 字节顺序标记（BOM），按 {encoding} 解码；--encoding 只用于不带 BOM 的文件',
      en: 'the file has a {encoding} byte-order mark and was decoded as {encoding}; --encoding applies to files without one',
    },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  workbook: kind(
    'error',
    { zh: 'Excel 97-2003 工作簿', en: 'Excel 97-2003 workbook' },
    // The reason in the words of the reader of .xls files (SheetJS).
    {
      zh: '文件是 Excel 97-2003 工作簿（.xls），但无法读取：{reason}',
      en: 'the file is an Excel 97-2003 workbook (.xls) that cannot be read: {reason}',
    },
    {
      zh: '在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再检查',
      en: 'open it in Excel or WPS and "Save As" .xlsx or CSV, then check that file',
    },
    {
      damaged: {
        message: {
          zh: '文件是 Excel 97-2003 工作簿（.xls），但无法读取：文件已损坏',
          en: 'the file is an Excel 97-2003 workbook (.xls) that cannot be read: it is damaged',
        },
      },
      'zero-filled': {
        message: {
          zh: '文件是 Excel 97-2003 工作簿（.xls），但无法读取：其最后 {size} 个字节都是 0，是没有写入的部分（保存或复制中途中断）',
          en: 'the file is an Excel 97-2003 workbook (.xls) that cannot be read: its last {size} bytes are zeros, a part never written (a save or a copy cut short)',
        },
        hint: {
          zh: '从原处重新复制或导出该文件，确认它能完整打开后再检查',
          en: 'copy or export the file again from where it was made, and check that it opens whole',
        },
      },
    },
  ),
  'workbook-encrypted': kind(
    'error',
    { zh: '工作簿有密码', en: 'Workbook protected by a password' },
    { zh: '工作簿设置了打开密码，无法读取其中的单元格', en: 'the workbook is encrypted with a password, so its cells cannot be read' },
    {
      zh: '在 Excel 中打开，“文件 > 信息 > 保护工作簿 > 用密码进行加密”清空密码并保存，再检查',
      en: 'open it in Excel, clear the password (File > Info > Protect Workbook > Encrypt with Password), save, then check it again',
    },
  ),
  'not-a-table': kind(
    'error',
    { zh: '不是表格文件', en: 'Not a table' },
    { zh: '文件是{what}，不是表格', en: 'the file is {what}, not a table' },
    {
      zh: '从 Excel 或 WPS 把填好数据的工作表另存为 CSV 或 .xlsx 后再检查',
      en: 'save the sheet with the data as CSV or .xlsx from Excel or WPS, then check that file',
    },
    {
      'archive-read': {
        hint: {
          zh: '存为 {read_as} 文件后再检查（plan-check 压缩包{read_as}），其中的文件会像文件夹中的一样读取',
          en: "check it as a file named {read_as} (plan-check drop{read_as}), whose files are read as a folder's",
        },
      },
      archive: { hint: { zh: '解压后再检查解压出的文件夹', en: 'unpack it, then check the folder it unpacks to' } },
      report: {
        hint: {
          zh: '要与它比较，用 --compare 给出它；要检查数据，给出生成它的报送文件',
          en: 'to compare with it, give it with --compare; to check data, give the submissions it was made from',
        },
      },
      // A system's reply saved in the data's place (an error where a download or an export call failed).
      reply: {
        hint: {
          zh: '这像是系统的回复（如出错信息）被存成了数据文件：重新下载或导出数据，再检查',
          en: "it looks like a system's reply (an error) saved in the data's place: download or export the data again, then check",
        },
      },
    },
  ),
  'workbook-format': kind(
    'error',
    { zh: '不支持的工作簿格式', en: 'Workbook format not read' },
    { zh: '文件是 {format} 工作簿，plan-check 不能直接读取', en: 'the file is {a} {format} workbook, which plan-check does not read' },
    { zh: '在表格软件中“另存为” .xlsx 或 CSV 后再检查', en: 'save it as .xlsx or CSV from the spreadsheet program, then check that file' },
  ),
  'file-skipped': kind(
    'info',
    { zh: '未读取的文件', en: 'File not read' },
    { zh: '未读取', en: 'not read' },
    { zh: '要读取它，请直接给出文件名', en: 'to read it, name the file itself' },
    FILE_SKIPPED,
  ),
  'archive-skipped': kind(
    'warning',
    { zh: '未读取的压缩包', en: 'Archive not read' },
    {
      zh: 'plan-check 不打开这种压缩包（bz2、xz 压缩的文件，或压缩包中的压缩包），其中的文件未读取',
      en: 'an archive plan-check does not open (a file packed by bz2 or xz, or an archive within an archive): the files in it are not read',
    },
    { zh: '解压后再检查解压出的文件夹', en: 'unpack it, then check the folder it unpacks to' },
  ),
  'download-unfinished': kind(
    'error',
    { zh: '未下载完的文件', en: 'Download not finished' },
    {
      zh: '这是未下载完的文件（{ending}，浏览器或下载工具下载时所用的名字）：内容不完整，未读取',
      en: 'an unfinished download ({ending}, the name a browser or a download tool gives a file while it downloads): it is not all there and was not read',
    },
    {
      zh: '等下载完成，或重新下载该文件，再检查',
      en: 'let the download finish, or download the file again, then check',
    },
  ),
  'archive-unreadable': kind(
    'error',
    { zh: '无法读取压缩包', en: 'Archive cannot be read' },
    { zh: '无法读取{what_zh}：{reason_zh}', en: 'the {what} cannot be read: {reason}' },
    {
      zh: '用解压软件解压：若也失败，请重新索取文件；若能解压，检查解压出的文件',
      en: 'unpack it with an archive program: if that fails too, ask for the file again; if it unpacks, check what it unpacks to',
    },
  ),
  'archive-unpacked': kind(
    'info',
    { zh: '已解压的文件', en: 'File unpacked beside its archive' },
    {
      zh: '此文件已解压在压缩包旁边（{unpacked}），从那里读取，不再从压缩包读取',
      en: 'the file lies unpacked beside the archive ({unpacked}): it is read there, not again from the archive',
    },
    {
      zh: '无需处理；要读取压缩包中的文件，请直接给出压缩包的文件名',
      en: "nothing to do; to read the archive's files instead, name the archive itself",
    },
  ),
  'archive-part': kind(
    'info',
    { zh: '分卷压缩包的后续分卷', en: 'A later part of an archive' },
    { zh: '是分卷压缩包 {first} 的后续分卷，随它一起读取', en: 'a later part of the archive {first}, read with it' },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'file-repeated': kind(
    'info',
    { zh: '重复给出的文件', en: 'File given twice' },
    {
      zh: '与 {first} 是同一个文件（重复给出，或是指向它的链接），只读取一次',
      en: 'the same file as {first} (named again, or a link to it): read once',
    },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'workbook-renamed': kind(
    'warning',
    { zh: '扩展名与内容不符', en: 'Workbook under another name' },
    {
      zh: '文件扩展名是 {named}，内容却是 {holds} 工作簿，已按工作簿读取',
      en: 'the file is named {named} but holds an {holds} workbook; it was read as a workbook',
    },
    { zh: '把扩展名改为 {holds}，或在 Excel 中另存为 CSV', en: 'rename it to {holds}, or save it from Excel as CSV' },
  ),
  'workbook-unreadable': kind(
    'error',
    { zh: '无法读取工作簿', en: 'Workbook cannot be read' },
    { zh: '无法读取工作簿', en: 'the workbook cannot be read' },
    // A sheet's fault (its workbook's sheets known): another named, or the workbook saved again; the workbook's own: saved again.
    {
      zh: '{sheets?用 --sheet 指定工作表，或用 Excel 打开并重新保存|用 Excel 或 WPS 打开并重新保存（打不开则重新索取文件），或把工作表另存为 CSV UTF-8}',
      en: '{sheets?name the sheet with --sheet, or open and save it again in Excel|open it in Excel or WPS and save it again (if it does not open, ask for the file again), or save the sheet as CSV UTF-8}',
    },
    WORKBOOK_FAULTS,
  ),
  'sheet-chosen': kind(
    'info',
    { zh: '已选用含表头的工作表', en: 'Sheet with the header chosen' },
    { zh: '第一个工作表“{first}”没有表头，改读“{sheet}”', en: 'the first sheet "{first}" has no header; read "{sheet}"' },
    { zh: '可用 --sheet 指定工作表', en: 'name the sheet with --sheet' },
  ),
  'workbook-markup': kind(
    'info',
    { zh: '网页或 XML 格式的工作簿', en: 'Workbook written as markup' },
    {
      zh: '文件是{what_zh}（一些系统导出的“工作簿”即是如此），已按工作簿读取',
      en: 'the file is {what}, as some systems export a workbook: read as one',
    },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'sheets-unread': kind(
    'warning',
    { zh: '其他工作表未读取', en: 'Other sheets not read' },
    {
      zh: '只读取了工作表“{sheet}”；以下工作表也有表头，未读取：{others_zh}',
      en: 'only sheet "{sheet}" was read; these sheets have the header too and were not: {others}',
    },
    {
      zh: "若“{sheet}”是其他工作表的汇总，无需处理；否则用 --sheet '*' 读取所有含表头的工作表（--sheet '!汇总' 可略过汇总表），或用 --sheet 指定要读取的工作表",
      en: "nothing to do if \"{sheet}\" sums up the others; else read every sheet that has the header with --sheet '*' (--sheet '!汇总' leaves out one that sums them up), or name the sheet to read with --sheet",
    },
  ),
  'sheets-hidden': kind(
    'info',
    { zh: '隐藏的工作表未读取', en: 'Hidden sheets not read' },
    {
      zh: 'Excel 中隐藏的工作表也有表头，未读取：{others_zh}',
      en: 'sheets hidden in Excel have the header too and were not read: {others}',
    },
    { zh: '如需读取，用 --sheet 指定', en: 'name one with --sheet to read it' },
  ),
  'hidden-sheet-read': kind(
    'warning',
    { zh: '读取了隐藏的工作表', en: 'Hidden sheet read' },
    {
      zh: 'Excel 中显示的工作表都没有表头，读取了隐藏的工作表“{sheet}”',
      en: 'no sheet Excel shows has the header: read the hidden sheet "{sheet}"',
    },
    {
      zh: '核对其中是否为本次报送的数据，或用 --sheet 指定要读取的工作表',
      en: "check that it holds this drop's data, or name the sheet to read with --sheet",
    },
  ),
  'sheet-read': kind(
    'info',
    { zh: '已读取工作表', en: 'Sheet read' },
    { zh: '读取工作表“{sheet}”{hidden}', en: 'read sheet "{sheet}"{hidden}' },
    { zh: '其他工作表可用 --sheet 指定', en: 'name another sheet with --sheet' },
  ),
  'record-too-large': kind(
    'error',
    { zh: '记录过大', en: 'Record too large' },
    {
      zh: '从第 {line} 行开始的记录超过 {limit} 个字符，已跳过',
      en: 'the record starting on line {line} is longer than {limit} characters and was skipped',
    },
    { zh: '检查是否有未闭合的引号或异常长的单元格', en: 'look for a quote that is never closed or a runaway cell' },
  ),
  'zero-filled': kind(
    'error',
    { zh: '文件有一部分没有写入', en: 'Part of the file never written' },
    {
      zh: '第 {line} 行此处起是成串的空字节（NUL，即 0）：文件有一部分没有写入（保存或复制中途中断），那里原有的内容已丢失，这一行未读取',
      en: 'from here on line {line} the file holds NUL bytes (zeros) in a run: a part of it was never written (a save or a copy cut short), what stood there is lost, and the row was not read',
    },
    {
      zh: '从原处重新复制或导出该文件，确认它能完整打开后再检查',
      en: 'copy or export the file again from where it was made, and check that it opens whole',
    },
  ),
  'too-many-errors': kind(
    'info',
    { zh: '问题过多', en: 'Too many problems' },
    {
      zh: '本文件另有 {n} 个问题未列出（上限 {limit}，可用 --max-errors 调整）',
      en: '{n} more {count:problem in this file is|problems in this file are} not listed (limit {limit}, see --max-errors)',
    },
    { zh: '先改正列出的问题，通常其余问题同源', en: 'fix the listed ones first: the rest often share their cause' },
  ),
  'no-data-rows': kind(
    'error',
    { zh: '没有数据行', en: 'No data rows' },
    { zh: '文件{what}，没有可检查的数据', en: 'the file is {what}: there is nothing to check' },
    { zh: '填报数据，或确认导出的是填好数据的工作表', en: 'fill in the figures, or make sure the sheet with the data was exported' },
  ),
  // --- CSV structure
  'unclosed-quote': kind(
    'error',
    { zh: '引号未闭合', en: 'Unclosed quote' },
    { zh: '第 {line} 行开始的引号直到文件结尾都没有闭合', en: 'the quote opened on line {line} is never closed' },
    { zh: '在单元格末尾补上 "，或删去多余的 "', en: 'add the closing " at the end of the cell, or remove the stray "' },
  ),
  'quote-spans-lines': kind(
    'error',
    { zh: '引号跨行未闭合', en: 'Quote left open over lines' },
    {
      zh: '第 {line} 行开始的引号直到第 {through} 行才闭合，其后还有文字：第 {line}–{through} 行连成了一个单元格，该记录未读取',
      en: 'the quote opened on line {line} closes only on line {through}, with text after it: lines {line}-{through} ran into one cell, and that record was not read',
    },
    {
      zh: '在第 {line} 行该单元格末尾补上 "，或把单元格内的引号写成 ""',
      en: 'close the quote at the end of its cell on line {line}, or write a quote inside a cell as ""',
    },
  ),
  'stray-quote': kind(
    'error',
    { zh: '多余的引号', en: 'Stray quote' },
    { zh: '单元格中间出现引号', en: 'a quote stands inside an unquoted cell or after a closing quote' },
    { zh: '单元格内的引号要写成两个 ""，并把整个单元格用引号括起来', en: 'inside a cell write a quote as "" and quote the whole cell' },
  ),
  'mixed-line-breaks': kind(
    'error',
    { zh: '换行符不一致', en: 'Mixed line breaks' },
    { zh: '本行用 {found} 换行，而文件前面用 {first}', en: 'this line ends with {found} while the file began with {first}' },
    { zh: '用同一种换行符重新保存文件', en: 'save the file again with one kind of line break' },
  ),
  'no-final-line-break': kind(
    'warning',
    { zh: '最后一行没有换行符', en: 'No line break after the last line' },
    {
      zh: '文件在最后一行中间结束，没有换行符，复制或传送中被截断的文件就是这样：本单元格可能不完整',
      en: 'the file ends inside its last line, without a line break, as a file cut short in copying or sending does: this cell may be cut',
    },
    {
      zh: '文件完整则无需处理；否则请重新复制或发送文件（Excel 保存的文件每行都以换行符结束）',
      en: 'nothing to do if the file is whole; else copy or send it again (a file Excel saves ends each line with a line break)',
    },
  ),
  'blank-row': kind(
    'warning',
    { zh: '空行', en: 'Blank row' },
    {
      zh: '{count:空行已跳过|自本行至第 {through} 行的 {count} 个空行已跳过}',
      en: '{count:blank row skipped|{count} blank rows skipped, from this line to line {through}}',
    },
    { zh: '删除空行', en: '{count:delete the blank row|delete the blank rows}' },
  ),
  'missing-cell': kind(
    'error',
    { zh: '缺少单元格', en: 'Missing cell' },
    { zh: '本行只有 {count} 个单元格，表头有 {expected} 个', en: 'the row has {count} {count:cell|cells}, the header has {expected}' },
    { zh: '补齐本行的单元格（未填报的留空）', en: 'give the row all its cells (leave unreported ones empty)' },
  ),
  'extra-cell': kind(
    'error',
    { zh: '多余的单元格', en: 'Extra cell' },
    { zh: '本行有 {count} 个单元格，表头只有 {expected} 个', en: 'the row has {count} cells, the header only {expected}' },
    { zh: '删除多出的单元格，或为其补上表头', en: 'remove the extra cells or give them a header' },
    {
      number: {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：“{text}”是一个数，被千位分隔的逗号拆成了几格，按 {read} 读取',
          en: 'the row has {count} cells, the header only {expected}: "{text}" is one number split at its thousands {commas:comma|commas}, read as {read}',
        },
        hint: {
          zh: '把 {text} 写在引号中（"{text}"）或去掉逗号（{read}）；否则删除多出的单元格，或为其补上表头',
          en: 'write {text} in quotes ("{text}") or without its {commas:comma|commas} ({read}); otherwise, remove the extra cells or give them a header',
        },
      },
      'number-in-columns': {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：第 {from} 列（{first}）至第 {to} 列（{last}）中有一个数被千位分隔的逗号拆成了几格，这几列未读取',
          en: 'the row has {count} cells, the header only {expected}: a number in columns {from} to {to} ({first} to {last}) is split at its thousands commas, and those columns are not read',
        },
        hint: THOUSANDS_IN_QUOTES,
      },
      numbers: {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：被千位分隔的逗号拆成几格的数已各按一个数读取（{numbers}）',
          en: 'the row has {count} cells, the header only {expected}: numbers split at their thousands commas are read whole ({numbers})',
        },
        hint: THOUSANDS_IN_QUOTES,
      },
      'numbers-some-unread': {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：被千位分隔的逗号拆成几格的数已各按一个数读取（{numbers}）；第 {columns} 列有多种读法，未读取',
          en: 'the row has {count} cells, the header only {expected}: numbers split at their thousands commas are read whole ({numbers}); {unread:column|columns} {columns} could be read more ways than one and {unread:is|are} not read',
        },
        hint: THOUSANDS_IN_QUOTES,
      },
      'numbers-unread': {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：有数被千位分隔的逗号拆成了几格，第 {columns} 列有多种读法，未读取',
          en: 'the row has {count} cells, the header only {expected}: numbers are split at their thousands commas, and {unread:column|columns} {columns} could be read more ways than one and {unread:is|are} not read',
        },
        hint: THOUSANDS_IN_QUOTES,
      },
      text: {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：“{text}”是一格文字，其中的逗号未加引号而被拆成了几格，按一格读取',
          en: 'the row has {count} cells, the header only {expected}: "{text}" is one cell split at its {commas:comma|commas} outside quotes, read as one',
        },
        hint: {
          zh: '把它写在引号中（"{text}"）；否则删除多出的单元格，或为其补上表头',
          en: 'write it in quotes ("{text}"); otherwise, remove the extra cells or give them a header',
        },
      },
      'text-in-columns': {
        message: {
          zh: '本行有 {count} 个单元格，表头只有 {expected} 个：第 {from} 列（{first}）至第 {to} 列（{last}）中有一格文字含逗号而未加引号，这几列未读取',
          en: 'the row has {count} cells, the header only {expected}: a text in columns {from} to {to} ({first} to {last}) holds a comma outside quotes, and those columns are not read',
        },
        hint: {
          zh: '含逗号的单元格须整格写在引号中（"甲,乙"）；否则删除多出的单元格，或为其补上表头',
          en: 'write a cell that holds a comma in quotes ("a,b"); otherwise, remove the extra cells or give them a header',
        },
      },
    },
  ),
  // --- header
  'title-row': kind(
    'warning',
    { zh: '表头上方的标题行', en: 'Title row above the header' },
    { zh: '第 {line} 行不是表头（“{text}”），已跳过', en: 'line {line} is not the header ("{text}") and was skipped' },
    {
      zh: '删除标题行，或用 --header-row 指明表头所在行',
      en: 'delete the title row, or say which line holds the header with --header-row',
    },
  ),
  'code-read': kind(
    'info',
    { zh: '代码按单位代码读取', en: "Code read as a unit's" },
    {
      zh: '代码 {value} 按 {code} 读取（本文件同类代码同样处理）',
      en: "code {value} is read as {code} (and so the file's other such codes)",
    },
    { zh: '无需处理', en: 'nothing to do' },
    {
      statistical: {
        message: {
          zh: '代码 {value} 按 {code} 读取：12 位统计用区划代码的前几位（本文件同类代码同样处理）',
          en: "code {value} is read as {code}: the first digits of a 12-digit statistical division code (and so the file's other such codes)",
        },
      },
      decimal: {
        message: {
          zh: '代码 {value} 按 {code} 读取：整数代码被写成了小数（脚本导出数字列时常见）（本文件同类代码同样处理）',
          en: "code {value} is read as {code}: a whole number written with decimals, as a script writes a column of numbers (and so the file's other such codes)",
        },
      },
    },
  ),
  'code-from-name': kind(
    'info',
    { zh: '按名称查找代码', en: 'Codes found by name' },
    { zh: '表头中没有“{label}”：各行的代码按“{name}”查找', en: 'the header has no "{label}": each row\'s code is found by its "{name}"' },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'unit-given': kind(
    'info',
    { zh: '单位由标题给出', en: 'Unit named by the title' },
    {
      zh: '表头中没有“{label}”：各行都是第 {title} 行标题（“{text}”）所写的{name}（{code}）',
      en: 'the header has no "{label}": every row is of {name_en} ({code}), as the title on line {title} names it ("{text}")',
    },
    { zh: '若不是该单位的报表，请加上“{label}”列', en: 'if the form is not that unit\'s, add the "{label}" column' },
  ),
  'period-given': kind(
    'info',
    { zh: '报告期由命令或标题给出', en: 'Period given by the command or the title' },
    { zh: '表头中没有“{label}”：各行的报告期取{by} {period}', en: 'the header has no "{label}": every row is of {period}, {by}' },
    { zh: '无需处理', en: 'nothing to do' },
    {
      title: {
        message: {
          zh: '表头中没有“{label}”：各行的报告期取第 {title} 行标题（“{text}”）所写的 {period}',
          en: 'the header has no "{label}": every row is of {period}, as the title on line {title} writes it ("{text}")',
        },
        hint: {
          zh: '若各行不是该报告期的数据，请加上“{label}”列，或用 --period 给出报告期',
          en: 'if the rows are of another period, add the "{label}" column, or give it with --period',
        },
      },
    },
  ),
  'cells-merged': kind(
    'info',
    { zh: '合并单元格', en: 'Merged cells' },
    {
      zh: '合并单元格下方的 {cells} 个单元格按合并单元格显示的值读取（首个：{first}）',
      en: '{cells} under merged cells read as the value the merged cell shows (the first: {first})',
    },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'header-merged': kind(
    'info',
    { zh: '两行表头', en: 'Header of two lines' },
    {
      zh: '第 {upper}、{lower} 行合为一行表头读取（合并单元格的表头：上一行是列组，下一行是各列）',
      en: 'lines {upper} and {lower} are read as one header (a header of merged cells: column groups above, columns below)',
    },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'header-repeated': kind(
    'warning',
    { zh: '重复的表头', en: 'Header repeated' },
    { zh: '第 {line} 行重复了第 {header} 行的表头，已跳过', en: 'line {line} repeats the header of line {header} and was skipped' },
    { zh: '合并多个文件时只保留第一个表头', en: 'when joining files into one, keep the first header only' },
  ),
  'header-row': kind(
    'error',
    { zh: '所指的不是表头行', en: 'Not the header line' },
    { zh: '--header-row 所指的第 {header_row} 行不是表头', en: 'line {header_row}, which --header-row names, is not the header' },
    {
      zh: '用 --header-row 给出表头所在的行，或不给：表头可按列名找到',
      en: "give the header's line with --header-row, or leave it out: the header is found by its labels",
    },
    {
      'past-end': {
        message: {
          zh: '--header-row 指的是第 {header_row} 行，但文件的最后一行是第 {line} 行',
          en: '--header-row names line {header_row}, but the file ends at line {line}',
        },
      },
      'no-columns': {
        message: {
          zh: '--header-row 所指的第 {header_row} 行不含提交表的列名（该行为：{text}）',
          en: 'line {header_row}, which --header-row names, names no column of the submission (it reads {text})',
        },
      },
    },
  ),
  'header-not-found': kind(
    'error',
    { zh: '找不到表头', en: 'Header not found' },
    { zh: '{searched}提交表的列名（如“{code}”“{period}”）', en: '{searched} submission columns (such as {code}, {period})' },
    {
      zh: '使用提交表模板的表头；若分隔符不是逗号、制表符或分号，请先另存为 CSV；或用 --header-row 指明表头行',
      en: 'use the headers of the submission template; save as CSV if the delimiter is not a comma, tab or semicolon; or name the header line with --header-row',
    },
    {
      transposed: {
        message: {
          zh: '列名竖排在第 {column} 列（{labels}）：文件把提交表的列排成了行',
          en: "the column labels run down column {column} ({labels}): the file lays out the submission's columns as rows",
        },
        hint: {
          zh: '把表格转置（在 Excel 中复制后“选择性粘贴 > 转置”）再另存为 CSV，或填写提交表模板（plan-check template）',
          en: 'transpose the table (in Excel: copy it, then Paste Special > Transpose) and save it as CSV, or fill in the submission template (plan-check template)',
        },
      },
    },
  ),
  'blank-label': kind(
    'error',
    { zh: '表头为空', en: 'Blank header' },
    { zh: '第 {column} 列有数据但没有表头', en: 'column {column} has data but no header' },
    { zh: '为该列填写表头，或删除该列', en: 'name the column or delete it' },
  ),
  'duplicate-label': kind(
    'error',
    { zh: '表头重复', en: 'Duplicate header' },
    { zh: '“{label}”与第 {other} 列是同一列（{field}）', en: '"{label}" names the same column ({field}) as column {other}' },
    { zh: '删除重复的列，或改正表头', en: 'delete the repeated column or correct its header' },
  ),
  'missing-label': kind(
    'error',
    { zh: '缺少必需的列', en: 'Required column missing' },
    { zh: '表头中没有“{label}”（{field}）', en: 'the header has no "{label}" ({field}) column' },
    { zh: '添加该列：表头可以写列名 {field} 或中文表头“{label}”{or_zh}', en: 'add the column, headed {field} or "{label}"{or}' },
  ),
  'unknown-label': kind(
    'warning',
    { zh: '未知的列', en: 'Unknown column' },
    { zh: '“{label}”不是{what_zh}，已忽略', en: '"{label}" is not {what} and is ignored' },
    { zh: '若是自有的列，无需处理；{listed}', en: 'nothing to do if it is a column of your own; {listed}' },
    {
      misspelt: {
        hint: { zh: '核对表头拼写（是否为“{meant}”？）；{listed}', en: 'check the spelling (did you mean "{meant}"?); {listed}' },
      },
    },
  ),
  'unit-converted': kind(
    'info',
    { zh: '表头单位已换算', en: 'Unit of a header converted' },
    {
      zh: '“{label}”按 {from} 填报，已换算为该列的 {to}（× {factor}）',
      en: '"{label}" is stated in {from}: converted into the column\'s {to} (× {factor})',
    },
    { zh: '按 {to} 填报可免去换算', en: 'state it in {to} to avoid the conversion' },
  ),
  'unit-mismatch': kind(
    'error',
    { zh: '表头单位不符', en: 'Header in another unit' },
    {
      zh: '表头“{label}”的单位是 {from}，该列的单位是 {to}，两者不能换算；该列未读取',
      en: 'the header "{label}" states {from}, but the column is in {to}, which it cannot be converted into; the column was not read',
    },
    { zh: '按 {to} 填报并改正表头', en: 'state the column in {to} and correct the header' },
  ),
  'label-normalised': kind(
    'info',
    { zh: '表头已规范化', en: 'Header matched after normalising' },
    { zh: '“{label}”按“{canonical}”处理', en: '"{label}" read as "{canonical}"' },
    { zh: '无需处理', en: 'nothing to do' },
    {
      certificate: {
        message: {
          zh: '“{label}”是残疾人证号（身份证号后加残疾类别、等级各 1 位）：取每个证号的前 18 位作为“{canonical}”',
          en: '"{label}" holds disability certificate numbers (the ID number, then a digit of category and one of grade): the first 18 characters of each are read as "{canonical}"',
        },
      },
    },
  ),
  'city-row': kind(
    'warning',
    { zh: '总体数据行', en: 'Row of the whole' },
    {
      zh: '本行是{whole}（{code}）的数据，已跳过：本规划的{whole}数值由各单位计算',
      en: 'this row reports the {whole} as a whole ({code}) and was skipped: this plan computes {whole} values from the units',
    },
    { zh: '删除{whole}行，只报送各{unit}', en: 'delete the {whole} row and submit the units ({unit})' },
  ),
  'notes-row': kind(
    'warning',
    { zh: '注释行', en: 'Notes row' },
    { zh: '第 {line} 行是注释（“{text}”），已跳过', en: 'line {line} is a note ("{text}") and was skipped' },
    { zh: '注释可放在单独的文件中', en: 'keep notes out of the data sheet' },
  ),
  'footer-row': kind(
    'info',
    { zh: '表尾', en: 'Form footer' },
    { zh: '第 {line} 行是表尾（“{text}”），已跳过', en: 'line {line} is the form\'s footer ("{text}") and was skipped' },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'form-row': kind(
    'info',
    { zh: '表头下的栏次或计量单位行', en: "Form's row under the header" },
    { zh: '第 {line} 行是表格的{what}（“{text}”），已跳过', en: 'line {line} gives the form\'s {what} ("{text}") and was skipped' },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'total-row': kind(
    'warning',
    { zh: '合计行', en: 'Total row' },
    {
      zh: '第 {line} 行是合计（“{text}”），已跳过：{whole}数值由各单位计算',
      en: 'line {line} is a total ("{text}") and was skipped: {whole} values are computed from the units',
    },
    { zh: '删除合计行{own}', en: 'delete the total row{own}' },
  ),
  // --- cell values
  type: kind(
    'error',
    { zh: '类型错误', en: 'Type error' },
    { zh: '“{value}”不是{expected}', en: '"{value}" is not {expected}' },
    { zh: '核对该单元格的数值', en: 'check the value in this cell' },
    {
      unshown: {
        hint: {
          zh: '单元格中有不显示的字符 {character}：删去它，或重新输入该值',
          en: 'the cell holds a character that is not shown, {character}: delete it, or type the value again',
        },
      },
      formula: {
        hint: {
          zh: '单元格是没有计算结果的公式：保存工作簿的程序没有计算公式，请用 Excel 或 WPS 打开后重新保存',
          en: 'the cell is a formula without its value: the program that saved the workbook does not calculate; open it in Excel or WPS and save it again',
        },
      },
      'excel-error': {
        hint: {
          zh: '这是 Excel 公式错误：改正公式，或未填报时留空',
          en: 'this is an Excel formula error: fix the formula, or leave the cell empty if not reported',
        },
      },
      'code-scientific': {
        hint: {
          zh: 'Excel 把{code_label}显示成了科学计数法：把该列设为“文本”格式后重新输入 {digits} 位代码',
          en: 'Excel turned the code into scientific notation: format the column as Text and type the {digits} digits again',
        },
      },
      scientific: { hint: { zh: '请写出完整数字，不用科学计数法', en: 'write the number out in full, not in scientific notation' } },
      'too-many-digits': {
        hint: {
          zh: '数字超过 15 位，超出 Excel 能精确保存的范围：请核对该单元格',
          en: 'the number has more than 15 digits, past what Excel holds exactly: check the cell',
        },
      },
      'too-small': {
        hint: {
          zh: '数字的第一位有效数字在小数点后 15 位以后，不是报表能填的数：请核对该单元格',
          en: 'the number has its first digit past the 15th decimal place, no figure of a form: check the cell',
        },
      },
      hexadecimal: { hint: { zh: '请用十进制数字', en: 'write decimal digits' } },
      'not-a-number': { hint: { zh: '请填写实际数值', en: 'write the actual number' } },
      'whole-only': { hint: { zh: '该列只能填整数', en: 'this column takes whole numbers only' } },
      spaced: { hint: { zh: '写成 {joined}：数字中不要有空格', en: 'write {joined}, without spaces in the number' } },
      'ten-thousands': {
        hint: {
          zh: '写成 {whole}（{written} 即 {whole}），计量单位以表头为准',
          en: 'write {whole} ({written} is {whole}): the header gives the unit',
        },
      },
      noted: {
        hint: {
          zh: '只填数字 {number}，去掉“{word}”：单元格中只填数值，说明另行注明',
          en: 'write {number} without "{word}": a cell holds the figure alone, its notes go elsewhere',
        },
      },
      worded: {
        hint: {
          zh: '只填数字 {number}，去掉“{word}”：计量单位以表头为准',
          en: 'write {number} without "{word}": the header gives the unit',
        },
      },
      'percent-sign': { hint: { zh: '该列不是百分比：去掉 % 号', en: 'this column is not a percentage: remove the %' } },
      'decimal-comma': {
        hint: {
          zh: '小数点用“.”：写成 {point}（或不带逗号的 {joined}）',
          en: 'write {point} with a point before its decimals (or {joined} without the comma)',
        },
      },
      bracketed: {
        hint: { zh: '写成 -{number}：括号是 Excel 显示负数的格式', en: 'write -{number}: brackets are how Excel shows a negative number' },
      },
      boolean: { hint: { zh: '填写 是 或 否', en: 'write 是 or 否 (yes or no)' } },
      'answer-noted': {
        hint: {
          zh: '只填 {answer}，去掉“{word}”：单元格中只填是或否，说明另行注明',
          en: 'write {answer} without "{word}": a cell holds the answer alone, its notes go elsewhere',
        },
      },
      'answer-worded': {
        hint: {
          zh: '写成 {answer}：此列只填是或否',
          en: 'write {answer} ({meaning}): the column takes 是 or 否 alone',
        },
      },
      period: { hint: { zh: '写成 2025 或 2025-12', en: 'write 2025 or 2025-12' } },
      date: { hint: { zh: '写成 2025-03-05', en: 'write 2025-03-05' } },
      integer: {
        hint: {
          zh: '填写整数（如 1200），未填报的留空',
          en: 'write a whole number (such as 1200), or leave the cell empty if not reported',
        },
      },
      number: {
        hint: {
          zh: '填写数字（如 1200 或 6.5），未填报的留空',
          en: 'write a number (such as 1200 or 6.5), or leave the cell empty if not reported',
        },
      },
      percent: {
        hint: {
          zh: '填写百分数（如 6.5 或 6.5%），未填报的留空',
          en: 'write a percentage (such as 6.5 or 6.5%), or leave the cell empty if not reported',
        },
      },
    },
  ),
  constraint: kind(
    'error',
    { zh: '超出取值范围', en: 'Constraint error' },
    { zh: '{value} {rule}', en: '{value} {rule}' },
    { zh: '核对该单元格的数值', en: 'check the value in this cell' },
    {
      minimum: {
        message: { zh: '{value} 小于 {limit}', en: '{value} is below {limit}' },
        hint: { zh: '填写不小于 {limit} 的数值', en: 'write {limit} or more' },
      },
      'exclusive-minimum': {
        message: { zh: '{value} 必须大于 {limit}', en: '{value} must be greater than {limit}' },
        hint: { zh: '填写大于 {limit} 的数值', en: 'write a value greater than {limit}' },
      },
      'yes-only-where': {
        message: { zh: '{value} 在“{other}”为“否”时不能为“是”', en: '{value} while {other} is 否: 是 (yes) only where it is 是' },
        hint: { zh: '填“否”，或核对“{other}”', en: 'write 否, or check {other}' },
      },
      'more-than': {
        message: { zh: '{value} 大于“{other}”（{limit}）', en: '{value} is more than {other} ({limit})' },
        hint: { zh: '核对本单元格和“{other}”：本项不能大于该项', en: 'check this cell and {other}, which it may not exceed' },
      },
      'not-a-period': {
        message: { zh: '{value} 不是 YYYY 或 YYYY-MM 格式的报告期', en: '{value} is not a period YYYY or YYYY-MM' },
        hint: { zh: '写成 2025-12（月份）或 2025（年度）', en: 'write 2025-12 (a month) or 2025 (a year)' },
      },
      'serial-day': {
        message: { zh: '{value} 是 Excel 的日期序号（{day}），不是报告期', en: "{value} is Excel's number of the day {day}, not a period" },
        hint: PERIOD_MONTH,
      },
      day: {
        message: { zh: '{value} 是日期，不是报告期', en: '{value} is a day, not a period' },
        hint: PERIOD_MONTH,
      },
      'not-a-date': {
        message: { zh: '{value} 不是日期', en: '{value} is not a date' },
        hint: { zh: '写成 2025-03-05', en: 'write 2025-03-05' },
      },
      'year-last': {
        message: {
          zh: '{value} 把年份写在最后，分不出哪个是月、哪个是日',
          en: '{value} writes its year last: which is the month and which the day cannot be told',
        },
        hint: {
          zh: '按年-月-日填写：月/日/年写成 {month_first}，日/月/年写成 {day_first}',
          en: 'write it year first: {month_first} if it is month/day/year, {day_first} if day/month/year',
        },
      },
      'year-last-one': {
        message: { zh: '{value} 把年份写在最后', en: '{value} writes its year last' },
        hint: { zh: '按年-月-日写成 {day}', en: 'write it year first: {day}' },
      },
      'no-day': {
        message: { zh: '{value} 不是日历上的日期', en: '{value} is no day of the calendar' },
        hint: { zh: '填写日历上的日期，如 2025-02-28', en: 'write a day of the calendar, such as 2025-02-28' },
      },
      'no-unit-code': {
        message: {
          zh: '{value} 不是任何单位的{code_label}（规划的列定义只接受格式 {pattern}）',
          en: "{value} is the code of no unit (the plan's columns take the pattern {pattern})",
        },
        hint: {
          zh: '填写单位的{code_label}（见 plan-check units{plan_option}）',
          en: "write the unit's code (plan-check units{plan_option} lists them)",
        },
      },
      'unit-name': {
        message: { zh: '{value} 是单位名称，不是 {digits} 位{code_label}', en: "{value} is a unit's name, not a {digits}-digit code" },
        hint: { zh: '填写其{code_label} {code}', en: 'write its code, {code}' },
      },
      'place-code': {
        message: {
          zh: '{value} 是{within}下属地方的代码，不是 {digits} 位{code_label}',
          en: '{value} is the code of a place within {within}, not a {digits}-digit code',
        },
        hint: { zh: '填写其所属单位的{code_label} {code}', en: "write its unit's code, {code}" },
      },
      'not-a-code': {
        message: { zh: '{value} 不是 {digits} 位{code_label}', en: '{value} is not a {digits}-digit code' },
        hint: {
          zh: '填写单位的 {digits} 位{code_label}（见 plan-check units{plan_option}）',
          en: "write the unit's {digits}-digit code (plan-check units{plan_option} lists them)",
        },
      },
      'spoiled-by-excel': {
        message: { zh: '{value} 被 Excel 转成了数字，丢失了数位', en: '{value} was turned into a number by Excel, which loses its digits' },
        hint: { zh: '把该列设为“文本”格式后重新输入', en: 'format the column as Text and type the codes again' },
      },
      'credit-check-character': {
        message: {
          zh: '{value} 校验码不符（GB 32100）：有字符录错',
          en: '{value} has a wrong check character (GB 32100): a character is mistyped',
        },
        hint: FROM_CERTIFICATE,
      },
      'credit-shape': {
        message: {
          zh: '{value} 不是统一社会信用代码（GB 32100）：应为 18 位数字或大写字母，不用 I、O、S、V、Z，第 3-8 位为数字',
          en: '{value} is no unified social credit code (GB 32100): 18 digits and capitals, no I, O, S, V or Z, characters 3-8 digits',
        },
        hint: FROM_CERTIFICATE,
      },
      'pattern-described': {
        message: {
          zh: '{value} 不是有效的{label}：应符合格式 {pattern}',
          en: '{value} does not match the pattern {pattern} ({description})',
        },
      },
      pattern: { message: { zh: '{value} 不是有效的{label}：应符合格式 {pattern}', en: '{value} does not match the pattern {pattern}' } },
      'pattern-alone': { message: { zh: '{value} 不符合格式 {pattern}', en: '{value} does not match the pattern {pattern}' } },
    },
  ),
  required: kind(
    'error',
    { zh: '必填项为空', en: 'Required value missing' },
    { zh: '{label} 不能为空', en: '{label} must not be empty' },
    { zh: '填写{label}{merged}', en: 'fill in {label}{merged}' },
  ),
  'period-ambiguous': kind(
    'error',
    { zh: '报告期有歧义', en: 'Ambiguous period' },
    {
      zh: '“{value}”可能是 1 月，也可能是 Excel 把“{year}.10”显示成了“{value}”',
      en: '"{value}" may be January, or October shown by Excel without its trailing zero ({year}.10)',
    },
    { zh: '把该列设为“文本”格式，写成 {year}-01 或 {year}-10', en: 'format the column as Text and write {year}-01 or {year}-10' },
  ),
  'period-serial': kind(
    'info',
    { zh: '报告期按 Excel 日期读取', en: 'Period read from an Excel date' },
    { zh: '报告期“{value}”是 Excel 的日期序号，按 {period} 读取', en: 'the period "{value}" is an Excel date serial, read as {period}' },
    { zh: '把该列设为“文本”格式并写成 YYYY-MM，可免去换算', en: 'format the column as Text and write YYYY-MM to avoid the conversion' },
  ),
  'period-outside-plan': kind(
    'error',
    { zh: '报告期不在规划期内', en: 'Period outside the plan' },
    {
      zh: '报告期 {period} 不在规划 {plan} 的 {first}—{last} 年内；本行未计入',
      en: 'the period {period} is outside {first}-{last}, the years of plan {plan}; this row is not counted',
    },
    { zh: '核对报告期，或用 --plan 选用对应的规划', en: 'check the period, or choose the plan of those years with --plan' },
  ),
  'percent-fraction': kind(
    'warning',
    { zh: '百分比列的值都像小数', en: 'Percentages that look like fractions' },
    {
      zh: '“{label}”的值都在 0 和 1 之间（如 {value}），像是小数而不是百分数：0.045 在此列表示 0.045%',
      en: 'every value of "{label}" is between 0 and 1 (such as {value}): fractions rather than percentages; 0.045 here means 0.045 %',
    },
    { zh: '若指 4.5%，请写 4.5 或 4.5%', en: 'if 4.5 % is meant, write 4.5 or 4.5%' },
  ),
  'empty-row': kind(
    'warning',
    { zh: '未填报的行', en: 'Row with nothing reported' },
    {
      zh: '{unit} 这一行只有代码和报告期，没有填报任何数据（要求完整报送时为错误）',
      en: 'the row of {unit} holds its code and period and nothing else (an error when a complete drop is required)',
    },
    { zh: '填报数据，或删除这一行', en: 'fill in the row, or delete it' },
  ),
  'unexpected-period': kind(
    'error',
    { zh: '报告期不是本次要求的', en: 'Another period than expected' },
    {
      zh: '本行报告期是 {period}，本次检查要求 {expected}；本行未计入',
      en: 'the row is of {period}, but this run expects {expected}; the row is not counted',
    },
    { zh: '核对报告期，或用 --period 指定本次的报告期', en: "check the period, or name this drop's period with --period" },
  ),
  'missing-unit': kind(
    'error',
    { zh: '单位未报送', en: 'Unit sent nothing' },
    {
      zh: '{name} ({unit}) 没有 {period} 的数据（要求完整报送）',
      en: '{name} ({unit}) sent nothing for {period} (a complete drop is required)',
    },
    { zh: '补报该单位的数据', en: "add the unit's submission" },
  ),
  'missing-value': kind(
    'error',
    { zh: '规则所需的值未填', en: 'Value a rule needs is empty' },
    {
      zh: '“{label}”未填，{rule} 无法计算（要求完整报送）',
      en: '"{label}" is empty, so {rule} cannot be computed (a complete drop is required)',
    },
    { zh: '填写该值；确实为零时填 0', en: 'fill it in; write 0 where it is zero' },
  ),
  'roster-only': kind(
    'error',
    { zh: '只报送了名册', en: 'A roster alone' },
    {
      zh: '{name}（{unit}）在 {period} 只报送了名册，没有汇总行：{rule} 所需的“{label}”等数值名册不能给出（要求完整报送）',
      en: '{name} ({unit}) sent only a roster for {period}, no summary row: {rule} needs "{label}", and other values no roster gives (a complete drop is required)',
    },
    {
      zh: '补报该单位的汇总行（plan-check template{plan_option}），或用 --rules 只检查名册能给出的规则',
      en: "add the unit's summary row (plan-check template{plan_option}), or check only the rules its rosters give with --rules",
    },
  ),
  'wrong-plan': kind(
    'error',
    { zh: '不是本规划的提交表', en: 'Not a submission of this plan' },
    {
      zh: '表头只有规划 {plan} 的 {named} 个数据列，另有 {unknown} 列不属于它{suggestion}',
      en: 'the header names {named} data {named:column|columns} of plan {plan} and {unknown} {unknown:other|others}{suggestion}',
    },
    {
      zh: '用 --plan 选用对应的规划，或使用本规划的提交表模板（plan-check template{plan_option}）',
      en: "choose the plan it follows with --plan, or use this plan's template (plan-check template{plan_option})",
    },
  ),
  // --- across rows and files
  'foreign-key': kind(
    'error',
    { zh: '单位不符', en: 'Unknown or mismatched unit' },
    { zh: '不是{whole}的{level}', en: 'not one of the units of {whole} ({level})' },
    { zh: '单位代码见 plan-check units{plan_option}', en: 'the unit codes are listed by plan-check units{plan_option}' },
    {
      'unknown-code': {
        message: { zh: '{code_label} {code} 不是{whole}的{level}', en: 'code {code} is not one of the units of {whole} ({level})' },
      },
      'name-mismatch': {
        message: { zh: '“{name}”与{code_label} {code}（{unit}）不符', en: '"{name}" does not match code {code} ({unit})' },
      },
      'unknown-name': {
        message: {
          zh: '“{name}”不是{whole}的{level}（文件没有{code_label}列，按名称查找）',
          en: '"{name}" names none of the units of {whole} ({level}; the file has no {code_column} column, and codes are found by name)',
        },
      },
    },
  ),
  unique: kind(
    'error',
    { zh: '重复的单位和报告期', en: 'Duplicate unit and period' },
    {
      zh: '{unit} {period} 已在 {other} 出现过{how_zh}；本行未计入',
      en: '{unit} {period} already appears at {other}{how}; this row is not counted',
    },
    {
      zh: '每个单位每个报告期只保留一行：删去重复的文件或工作表，或数值有误的那一行{sheet_zh}',
      en: 'keep one row per unit and period: remove a file or sheet that repeats another, or the row whose figures are wrong{sheet}',
    },
  ),
  'id-number': kind(
    'error',
    { zh: '身份证号无效', en: 'Invalid ID number' },
    { zh: '身份证号 {value} 无效', en: 'ID number {value} is not valid' },
    {
      zh: '按户籍系统核对身份证号；Excel 中把该列设为“文本”格式，以免末位被改成 0',
      en: 'check the number against the household register; format the column as Text in Excel, so that it does not turn the last digits into 0',
    },
    {
      'check-digit': {
        message: {
          zh: '身份证号 {value} 校验码不符（GB 11643）：有数字录错，或被 Excel 把末几位改成了 0',
          en: 'ID number {value} has a wrong check character (GB 11643): a digit is mistyped, or Excel turned the last digits into 0',
        },
      },
      'birth-date': {
        message: {
          zh: '身份证号 {value} 第 7-14 位不是有效的出生日期',
          en: 'ID number {value} has no valid date of birth in characters 7-14',
        },
      },
      shape: {
        message: {
          zh: '身份证号 {value} 不是 17 位数字加 1 位校验码（0-9 或 X）',
          en: 'ID number {value} is not 17 digits and a check character (0-9 or X)',
        },
      },
      excel: {
        message: {
          zh: '身份证号 {value} 被 Excel 转成了数字，只保留了 15 位有效数字',
          en: 'ID number {value} was turned into a number by Excel, which keeps 15 digits only',
        },
      },
      'first-generation': {
        message: {
          zh: '身份证号 {value} 是 15 位的第一代身份证号：请换成 18 位（出生年份写全 4 位，末位补校验码）',
          en: 'ID number {value} is a first-generation number of 15 digits: write the 18-digit one (the year of birth in four digits, and the check character)',
        },
      },
      certificate: {
        message: {
          zh: '身份证号 {value} 是残疾人证号（身份证号后加残疾类别、等级各 1 位）：请只填前 18 位',
          en: 'ID number {value} is a disability certificate number (残疾人证号: the ID number, then a digit of category and one of grade): write its first 18 characters',
        },
      },
    },
  ),
  'roster-duplicate': kind(
    'error',
    { zh: '名册中重复的人员', en: 'Listed twice' },
    {
      zh: '{id} 在 {period} 已列入 {other}（{other_unit}），本行（{unit}）未计入：同一{record}{once}',
      en: '{id} of {period} is already listed at {other} ({other_unit}); this row ({unit}) is not counted: each {record} is listed {once}',
    },
    {
      zh: '核对两处名册，删去重复的一行；补贴名册中重复列入即重复发放，需追回',
      en: 'check both rosters and remove one row; in an allowance roster, two listings are two payments',
    },
  ),
  'roster-read': kind(
    'info',
    { zh: '按名册读取', en: 'Read as a roster' },
    { zh: '表头是{roster}，逐条汇总为 {columns}', en: 'the header is that of the {roster}; its rows are summed into {columns}' },
    { zh: '无需处理', en: 'nothing to do' },
  ),
  'roster-differs': kind(
    'warning',
    { zh: '汇总数与名册不符', en: 'Summary differs from the roster' },
    {
      zh: '{unit} {period} 的{label}填报为 {reported}，名册（{roster}）汇总为 {counted}；按名册计算',
      en: '{unit} {period}: {field} is reported as {reported}, while the roster ({roster}) gives {counted}; the roster is used',
    },
    { zh: '核对汇总表与名册，以名册为准修正汇总数', en: 'check the summary against the roster and correct the summary' },
  ),
  'cumulative-decrease': kind(
    'warning',
    { zh: '累计数减少', en: 'Count since 2021 fell' },
    {
      zh: '{label} 是 2021 年以来的累计数，{period} 为 {value}，少于 {earlier}（{at}）的 {before}',
      en: '{label} counts since 2021, yet {period} has {value}, less than the {before} of {earlier} ({at})',
    },
    { zh: '累计数只增不减：核对本期或此前报告期的数字', en: 'a count since 2021 never falls: check this figure or the earlier one' },
  ),
  'baseline-period': kind(
    'warning',
    { zh: '基期数据的报告期不符', en: 'Baseline row of another year' },
    {
      zh: '基期数据（--baseline）中 {period} 的行未使用：基期为 {year} 年',
      en: 'rows of {period} in the baseline drop (--baseline) are not used: the baseline year is {year}',
    },
    {
      zh: '--baseline 只给出基期年（{year} 或 {year}-12）的数据',
      en: 'give --baseline a drop of the baseline year only ({year} or {year}-12)',
    },
  ),
} satisfies Record<string, IssueKind>;

/** A catalog code. */
export type IssueCode = keyof typeof CATALOG;

/** Makes an Issue of a catalog code, taking its severity from the catalog. */
export function issue(code: IssueCode, at: Omit<Issue, 'code' | 'severity'>): Issue {
  const found: Issue = { code, severity: CATALOG[code].severity, ...at };
  if (at.params) found.params = masked(at.params);
  return found;
}

/** Params with every ID number in their texts masked: no message, in any format, prints one in full. */
function masked(params: Record<string, string | number>): Record<string, string | number> {
  let copy: Record<string, string | number> | undefined;
  // A loop over the keys, not Object.entries: a file of two million notes rows makes as many issues.
  for (const key in params) {
    const value = params[key];
    if (typeof value !== 'string' || value.length < 15) continue;
    const hidden = maskIds(value);
    if (hidden !== value) (copy ??= { ...params })[key] = hidden;
  }
  return copy ?? params;
}

/** Fills `{name}` from params, preferring `name_zh` for Chinese messages. */
function fill(template: string, params: Issue['params'], lang: Lang): string {
  return fillTemplate(template, (name) => params?.[`${name}_${lang}`] ?? params?.[name]);
}

/** The message of an issue in a language, its template (that of its variant, where it has one) filled in. */
export function messageOf(found: Issue, lang: Lang): string {
  const entry = (CATALOG as Record<string, IssueKind>)[found.code];
  if (!entry) return found.code;
  return fill((variantOf(found, entry)?.message ?? entry.message)[lang], found.params, lang);
}

/** The suggested fix of an issue in a language (its variant's, where it has one). */
export function hintOf(found: Issue, lang: Lang): string {
  const entry = (CATALOG as Record<string, IssueKind>)[found.code];
  return entry ? fill((variantOf(found, entry)?.hint ?? entry.hint)[lang], found.params, lang) : '';
}

/** The kind of its problem an issue's `variant` param names, where its entry has it. */
function variantOf(found: Issue, entry: IssueKind): Variant | undefined {
  const variant = found.params?.variant;
  return variant !== undefined && entry.variants && Object.hasOwn(entry.variants, variant) ? entry.variants[variant] : undefined;
}
