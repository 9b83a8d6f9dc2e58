#!/usr/bin/env node
// Writes a disabled_allowances roster (CONTRACT 2b) to standard output, with made-up but valid
// ID numbers (GB 11643 check characters; credit codes with GB 32100's for institutions), one row per person, for samples, tests and benchmarks.
//
//   node scripts/make-roster.mjs --rows 1000000 [--period 2025-12] [--seed 1] [--names] [--export] [--certificates]
//       rows spread over the 14 units; about 97 % of the eligible paid; --names adds a 姓名 column
//       (a column of no schema's, as the national systems' exports have); --export writes the rows
//       as such an export does: 序号 (the row number) and 姓名 first, 联系电话 and 备注 last, CRLF;
//       --certificates names each person by a disability certificate's number (残疾人证号: the ID
//       number, a category and a grade) instead of the ID number
//   node scripts/make-roster.mjs --unit 431123 --living 2050/2050 --care 1580/1580 --both 1200
//       one unit whose rows add up to the given eligible/paid counts (`both` persons are eligible for both)
//   node scripts/make-roster.mjs --kind rescue_cases|elderly_institutions|townships --rows 1000000
//       one of the project's other rosters (docs/rosters.md): a record per row, spread over the
//       units; cases dated over 2021-2025, institutions and townships of the --period
import { parseArgs } from 'node:util';

const UNITS = [
  '431102',
  '431103',
  '431181',
  '431122',
  '431123',
  '431124',
  '431125',
  '431126',
  '431127',
  '431128',
  '431129',
  '431171',
  '431172',
  '431173',
];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const HEADER = '身份证号,区划代码,报告期,符合生活补贴条件（是/否）,享受生活补贴（是/否）,符合护理补贴条件（是/否）,享受护理补贴（是/否）\n';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    unit: { type: 'string' },
    living: { type: 'string' },
    care: { type: 'string' },
    both: { type: 'string', default: '0' },
    period: { type: 'string', default: '2025-12' },
    seed: { type: 'string', default: '1' },
    names: { type: 'boolean', default: false },
    export: { type: 'boolean', default: false },
    certificates: { type: 'boolean', default: false },
    kind: { type: 'string', default: 'disabled_allowances' },
  },
});

/** A unified social credit code of 17 characters with its check character (GB 32100). */
function creditCode(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return first17 + CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The n-th ID number of a unit's region: birth dates from 1940 on, 1000 sequence numbers a day. */
function idNumber(region, n) {
  const day = new Date(Date.UTC(1940, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const body = `${region}${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i];
  return body + CHECK[sum % 11];
}

let state = Number(values.seed) >>> 0 || 1;
/** xorshift32: the same rows for the same seed. */
function random() {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}

const yes = (b) => (b ? '是' : '否');
const out = [];
let pending = 0;
function write(line) {
  out.push(line);
  if (++pending >= 10_000) flush();
}
function flush() {
  process.stdout.write(out.join(''));
  out.length = 0;
  pending = 0;
}

/** A made-up name for the n-th row, when --names asks for them. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华';
const name = (n) => (values.names ? `${SURNAMES[n % 20]}${GIVEN[(n * 7) % 20]}${n % 3 ? GIVEN[(n * 13) % 20] : ''},` : '');
/** The category (1-7) and grade (1-4) a disability certificate's number has after the ID number, when --certificates asks for them. */
const certificate = (n) => (values.certificates ? `${1 + (n % 7)}${1 + (n % 4)}` : '');

/** The other rosters: their header, and the line of the n-th record. */
const OTHERS = {
  rescue_cases: {
    header: '救助单号,区划代码,受助日期,查明身份信息（是/否）,接送返回（是/否）\n',
    line: (n, unit) => {
      const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 1826) * 86_400_000).toISOString().slice(0, 10);
      const identified = random() < 0.9;
      return `JZ${String(n).padStart(8, '0')},${unit},${day},${yes(identified)},${yes(identified && random() < 0.995)}\n`;
    },
  },
  elderly_institutions: {
    header: '统一社会信用代码,机构名称,区划代码,报告期,床位数（张）,其中护理型床位（张）\n',
    line: (n, unit) => {
      const beds = 20 + Math.floor(random() * 380);
      return `${creditCode(`52${unit}${String(n).padStart(9, '0')}`)},${SURNAMES[n % 20]}${GIVEN[(n * 7) % 20]}养老院${n},${unit},${values.period},${beds},${Math.floor(random() * (beds + 1))}\n`;
    },
  },
  townships: {
    header: '乡镇（街道）代码,乡镇（街道）名称,区划代码,报告期,有具备综合功能的养老服务机构（是/否）,设有未成年人保护工作站（是/否）\n',
    line: (n, unit) =>
      `${unit}${String(n).padStart(6, '0')},${GIVEN[n % 20]}${GIVEN[(n * 7) % 20]}镇,${unit},${values.period},${yes(random() < 0.6)},${yes(random() < 0.55)}\n`,
  },
};

const other = OTHERS[values.kind];
if (other) {
  process.stdout.write(other.header);
  for (let i = 0; i < Number(values.rows); i++) write(other.line(i, UNITS[Math.floor(random() * UNITS.length)]));
  flush();
  process.exit(0);
}
/** A line as written: as an export of the national systems writes it with --export. */
const exported = values.export
  ? (n, line) =>
      `${n + 1},${SURNAMES[n % 20]}${GIVEN[(n * 7) % 20]},${line.slice(0, -1)},1${String(3_000_000_000 + n * 7919).slice(0, 10)},\r\n`
  : (n, line) => line;
const header = values.certificates ? HEADER.replace('身份证号', '残疾人证号') : HEADER;
process.stdout.write(
  values.export ? `序号,姓名,${header.slice(0, -1)},联系电话,备注\r\n` : values.names ? header.replace(',', ',姓名,') : header,
);
if (values.rows) {
  const counters = new Map(UNITS.map((u) => [u, 0]));
  for (let i = 0; i < Number(values.rows); i++) {
    const unit = UNITS[Math.floor(random() * UNITS.length)];
    const n = counters.get(unit);
    counters.set(unit, n + 1);
    const living = random() < 0.8;
    const care = !living || random() < 0.5;
    write(
      exported(
        i,
        `${idNumber(unit, n)}${certificate(i)},${name(i)}${unit},${values.period},${yes(living)},${yes(living && random() < 0.97)},${yes(care)},${yes(care && random() < 0.97)}\n`,
      ),
    );
  }
} else {
  const unit = values.unit;
  const [living, livingPaid] = values.living.split('/').map(Number);
  const [care, carePaid] = values.care.split('/').map(Number);
  const both = Number(values.both);
  // Persons 0..living-1 are eligible for the living allowance; the last `both` of them and the next care-both for care.
  const persons = living + care - both;
  for (let i = 0; i < persons; i++) {
    const l = i < living;
    const c = i >= living - both;
    const paidL = l && i < livingPaid;
    const paidC = c && i - (living - both) < carePaid;
    write(`${idNumber(unit, i)},${unit},${values.period},${yes(l)},${yes(paidL)},${yes(c)},${yes(paidC)}\n`);
  }
}
flush();
