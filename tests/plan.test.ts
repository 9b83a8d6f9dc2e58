import { cpSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { PlanError } from '../src/errors.js';
import { decodeWritten } from '../src/input/decode.js';
import { jsonFaultAt, parseWrittenJson } from '../src/plan/json.js';
import { lintPlan } from '../src/plan/lint.js';
import { builtinPlanIds, loadPlan, loadPlanFile } from '../src/plan/load.js';
import { DEFAULT_PLAN } from '../src/defaults.js';
import { check } from '../src/check.js';
import { checkSchema, loadData, loadYaml, MAX_YAML_DEPTH, tooDeep } from '../src/plan/yaml.js';
import { loadColumns } from '../src/validate/columns.js';
import { tempDir } from './helpers.js';

const HEAD = `id: test-plan
title: { zh: 测试, en: Test }
issuer: { zh: 局, en: Bureau }
period: { start: 2021, end: 2025 }
baseline_year: 2020
rules:
`;

const RULE = `  - id: R1
    title: { zh: 床位, en: Beds }
    attribute: binding
    levels: [county, city]
    unit: { zh: "%", en: "%" }
    metric: sum(care_beds) / sum(elderly_beds) * 100
    target: { op: ">=", value: 55 }
    source: { table: 表2, row: 10 }
`;

function planError(text: string): string {
  const file = join(tempDir(), 'plan.yaml');
  writeFileSync(file, text);
  try {
    loadPlanFile(file, 'plan.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).exitCode).toBe(3);
    return (error as Error).message;
  }
  throw new Error('the plan loaded');
}

describe('the built-in 14th plan', () => {
  const plan = loadPlan();

  it('has the 16 rule ids of Table 2 in the contract, each citing its row', () => {
    expect(plan.id).toBe('yongzhou-civil-affairs-14th');
    const table2 = plan.rules.filter((r) => r.id.startsWith('T2-'));
    expect(table2.map((r) => r.id)).toEqual([
      'T2-01',
      'T2-02a',
      'T2-02b',
      ...Array.from({ length: 13 }, (_, i) => `T2-${String(i + 3).padStart(2, '0')}`),
    ]);
    for (const rule of table2) expect(rule.source).toMatchObject({ table: '表2', row: expect.any(Number) });
  });

  it('has at least 30 rules beyond Table 2, each citing its chapter, section and sentence', () => {
    const beyond = plan.rules.filter((r) => !r.id.startsWith('T2-'));
    expect(beyond.length).toBeGreaterThanOrEqual(30);
    for (const rule of beyond)
      expect(rule.source).toMatchObject({
        chapter: expect.stringMatching(/^第.{1,2}章$/),
        section: expect.stringMatching(/^第.节/),
        quote: expect.any(String),
      });
  });

  const seed = new URL('../../shared/seed/000_4fdbf21b79208b30.txt', import.meta.url);
  it.skipIf(!existsSync(seed))('quotes sentences that stand in the plan', () => {
    const text = readFileSync(seed, 'utf8').replace(/\s+/g, '');
    for (const rule of plan.rules.filter((r) => !r.id.startsWith('T2-')))
      expect(text, rule.id).toContain(rule.source.quote!.replace(/\s+/g, ''));
  });

  it('has per-unit allocations that add up to the 专栏 totals', () => {
    for (const rule of plan.rules.filter((r) => r.boxTotal)) {
      const allocated = [...rule.targetByUnit.values()].reduce(
        (sum, t) => sum + (t.op === 'between' ? 0 : Number((t.value as { value: string }).value)),
        0,
      );
      expect(allocated + (rule.boxTotal!.outsideUnits ?? 0), rule.id).toBe(rule.boxTotal!.value);
    }
    const cemeteries = plan.rules.find((r) => r.id === 'C6-24')!;
    expect(cemeteries.targetByUnit.get('431181')?.printed).toBe('>= 18');
  });

  it('lists the targets it leaves unquantified, with no rule', () => {
    expect(plan.unquantified.map((u) => u.id)).toContain('C3-03');
    for (const u of plan.unquantified) expect(plan.rules.some((r) => r.id === u.id)).toBe(false);
  });

  it('marks the 5 binding targets of the plan note (约束性指标5个)', () => {
    expect(plan.rules.filter((r) => r.attribute === 'binding').map((r) => r.id)).toEqual(['T2-05', 'T2-06', 'T2-08', 'T2-09', 'T2-10']);
  });

  it('is listed among the built-in plans', () => {
    expect(builtinPlanIds()).toContain('yongzhou-civil-affairs-14th');
  });
});

describe('malformed plan files', () => {
  it('loads a well-formed one', () => {
    const file = join(tempDir(), 'ok.yaml');
    writeFileSync(file, HEAD + RULE);
    expect(loadPlanFile(file, 'ok.yaml').rules).toHaveLength(1);
  });

  it('reads a plan, and a schema, saved as a Chinese Windows saves them: GB18030, or UTF-8 with a byte-order mark', () => {
    const dir = tempDir();
    const text = HEAD + RULE;
    writeFileSync(join(dir, 'gbk.yaml'), iconv.encode(text.replace(/\n/g, '\r\n'), 'gb18030'));
    writeFileSync(join(dir, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    for (const name of ['gbk.yaml', 'bom.yaml'])
      expect(loadPlanFile(join(dir, name), name).title, name).toEqual({ zh: '测试', en: 'Test' });
    const schema = JSON.stringify({
      type: 'object',
      properties: {
        county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code' },
        period: { title: '报告期', type: 'string', 'x-role': 'period' },
        beds: { title: '床位数（张）', type: 'integer' },
      },
    });
    writeFileSync(join(dir, 'bom.schema.json'), `\ufeff${schema}`);
    writeFileSync(join(dir, 'gbk.schema.json'), iconv.encode(schema, 'gb18030'));
    for (const name of ['bom.schema.json', 'gbk.schema.json'])
      expect(
        loadColumns(join(dir, name), name).list.map((c) => c.label),
        name,
      ).toContain('床位数（张）');
  });

  it('says what a project keyword of a schema takes, at the column that gives it something else', () => {
    const dir = tempDir();
    const roles = {
      county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code' },
      period: { title: '报告期', type: 'string', 'x-role': 'period' },
    };
    const cases: [object, RegExp][] = [
      [{ 'x-check': 'gb11643' }, /x-check takes "gb32100"/],
      [{ 'x-id': 'gb32100' }, /x-id takes "gb11643"/],
      [{ 'x-aliases': '机构代码' }, /x-aliases takes a list of headers/],
      [{ 'x-certificates': '残疾人证号', 'x-id': 'gb11643' }, /x-certificates takes a list of headers/],
      [{ 'x-certificates': ['残疾人证号'] }, /x-certificates is for a column of ID numbers \(x-id: gb11643\)$/],
      [{ 'x-unit': 5 }, /x-unit takes a text/],
      [
        { 'x-role': 'unit_code' },
        /x-role takes one of "unit-code", "unit-name", "period", "date", "record-id", not "unit_code" \(did you mean "unit-code"\?\)$/,
      ],
      [{ 'x-measure': 'cumulativ' }, /x-measure takes "stock" or "cumulative"/],
      [{ type: 'int' }, /type takes "string", "integer", "number", "boolean" or "null", or a list of them/],
      [
        { type: 'integer', pattern: '^[0-9]+$' },
        /pattern is for text, which the column's type does not take: add "string" to its type, or take pattern away/,
      ],
      [{ type: 'integer', minimum: '0' }, /minimum takes a number/],
    ];
    for (const [keyword, told] of cases) {
      const name = `s${cases.findIndex((c) => c[0] === keyword)}.schema.json`;
      writeFileSync(
        join(dir, name),
        JSON.stringify({ type: 'object', properties: { ...roles, org_code: { title: '代码', type: 'string', ...keyword } } }, null, 2),
      );
      // The column's key stands on line 14 of the indented JSON.
      expect(() => loadColumns(join(dir, name), name)).toThrow(
        `submission schema ${name} is malformed:\n  ${name}:14:5: column org_code: `,
      );
      expect(() => loadColumns(join(dir, name), name)).toThrow(told);
    }
    // A title typed another way is named.
    writeFileSync(
      join(dir, 'titel.schema.json'),
      JSON.stringify(
        {
          type: 'object',
          properties: {
            ...roles,
            beds: { titel: '床位', type: 'integer' },
            staff: { Title: '人员', type: 'integer' },
            other: { type: 'integer' },
          },
        },
        null,
        2,
      ),
    );
    expect(() => loadColumns(join(dir, 'titel.schema.json'), 'titel.schema.json')).toThrow(
      /:14:5: column beds needs a "title", the Chinese header \(it has "titel"\)\n.*:18:5: column staff needs a "title", the Chinese header \(it has "Title"\)\n.*:22:5: column other needs a "title", the Chinese header$/,
    );
    writeFileSync(
      join(dir, 'required.schema.json'),
      JSON.stringify({ type: 'object', required: ['county_code', 'beds_total'], properties: roles }, null, 2),
    );
    expect(() => loadColumns(join(dir, 'required.schema.json'), 'required.schema.json')).toThrow(
      /^submission schema required\.schema\.json is malformed:\n {2}required\.schema\.json:3:3: "required" names beds_total, which is not a column$/,
    );
  });

  it('places a schema that is not JSON at its line and column, and says to write full-width quotes and commas as ASCII', () => {
    const schema = '{\n  "type": "object",\n  "properties": {\n    "beds": { "title": “床位数（张）”, "type": "integer" }\n  }\n}\n';
    expect(() => parseWrittenJson(schema, 's.json')).toThrow(
      /^s\.json:4:24: not valid JSON \(Unexpected token '“'\): write “ as ASCII \(" , : \{ \} \[ \]\)$/,
    );
    expect(() => parseWrittenJson(schema.replace(/“|”/g, '"').replace('"integer" }', '"integer", }'), 's.json')).toThrow(
      /^s\.json:4:53: not valid JSON \(Expected double-quoted property name\)$/,
    );
    expect(() => parseWrittenJson(schema.slice(0, 40), 's.json')).toThrow(
      /^s\.json:4:1: not valid JSON \(.*\): the text ends before its last \} or \]$/,
    );
    expect(parseWrittenJson(schema.replace(/“|”/g, '"'), 's.json')).toEqual({
      type: 'object',
      properties: { beds: { title: '床位数（张）', type: 'integer' } },
    });
  });

  it('finds where JSON.parse stops, in one pass: at the position it names, or at the start of the token it is within', () => {
    const typed = fc.constantFrom('', ',', '"', '}', ']', '{', '[', ':', '“', '\\', '\t', ' ', '1', 'x', '\n', '-', '.', 'e', 'u');
    const mutated = fc.tuple(fc.json(), fc.nat(), typed, fc.nat(2)).map(([text, at, c, cut]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + c + text.slice(i + cut);
    });
    fc.assert(
      fc.property(mutated, (text) => {
        let named: number | undefined;
        let valid = true;
        try {
          JSON.parse(text);
        } catch (error) {
          valid = false;
          const at = /at position (\d+)/.exec((error as Error).message)?.[1];
          named = at === undefined ? undefined : Number(at);
        }
        const found = jsonFaultAt(text);
        expect(found === -1).toBe(valid);
        if (named !== undefined) {
          expect(found).toBeLessThanOrEqual(named);
          expect(text.slice(found, named)).not.toContain('\n');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a file that is neither UTF-8 nor GB18030 at the line and column where it stops reading', () => {
    const file = join(tempDir(), 'plan.yaml');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${HEAD}  - id: R1\n    title: { zh: `), Buffer.from([0x80, 0xff]), Buffer.from(', en: Beds }\n')]),
    );
    expect(() => loadPlanFile(file, 'plan.yaml')).toThrow(/^plan\.yaml:8:18: not UTF-8 or GB18030 text: save it as UTF-8$/);
    // Lines of both kinds: the first that is not UTF-8, where the rest are GB18030 or UTF-8 in a way GB18030 cannot read.
    const mixed = decodeWritten(Buffer.concat([Buffer.from('a: 中\n'), iconv.encode('b: 文\n', 'gb18030'), Buffer.from('c: \u00e9\n')]));
    expect(mixed).toMatchObject({ line: 2, column: 4, not: { en: 'UTF-8 as other lines are (some GB18030, some UTF-8)' } });
    expect(decodeWritten(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: x\n', 'utf16le')]))).toEqual({ text: 'id: x\n' });
    expect(decodeWritten(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toMatchObject({ line: 1, not: { en: 'text but an Excel workbook' } });
    expect(decodeWritten(Buffer.from('%PDF-1.4\n'))).toMatchObject({
      line: 1,
      not: { en: 'text but a PDF document', zh: '不是文本，而是一个 PDF 文档' },
    });
  });

  it('points at YAML syntax errors', () => {
    expect(planError(`${HEAD}  - id: [unclosed\n`)).toMatch(/^plan\.yaml:8:\d+: /);
  });

  it('says how to mend what typing YAML on a Chinese system does: tabs, full-width spaces and colons, a colon without its space', () => {
    const typed = (line: string) => planError(HEAD + RULE.replace('    attribute: binding', line));
    expect(typed('\tattribute: binding')).toMatch(/^plan\.yaml:9:1: .*: indent with spaces, not tabs$/);
    expect(typed('\u3000\u3000attribute: binding')).toMatch(/^plan\.yaml:9:\d+: .*: indent with ASCII spaces, not full-width ones$/);
    expect(typed('    attribute\uff1abinding')).toMatch(
      /^plan\.yaml:9:5: .*: write the full-width colon ： as an ASCII colon and a space \(key: value\)$/,
    );
    expect(typed('    attribute:binding')).toMatch(/^plan\.yaml:9:5: .*: put a space after the colon \(key: value\)$/);
    // A value that begins with a character YAML reads as its own (an alias, a reserved character): in quotes.
    expect(typed('    attribute: *binding')).toMatch(
      /^plan\.yaml:9:16: Unresolved alias .*: put the value in quotes \('\*…'\): YAML reads a value that begins with \* as its own syntax$/,
    );
    expect(typed('    attribute: @binding')).toMatch(/^plan\.yaml:9:\d+: .*: put the value in quotes \('@…'\)/);
    // Another fault of such a line is told as the parser tells it.
    expect(typed('    attribute: binding: x')).toMatch(/^plan\.yaml:9:\d+: Nested mappings are not allowed in compact mappings$/);
  });

  it('refuses duplicate keys, merge keys and unknown tags', () => {
    expect(planError(HEAD.replace('baseline_year: 2020', 'baseline_year: 2020\nbaseline_year: 2021') + RULE)).toMatch(
      /plan\.yaml:6:1: .*unique/i,
    );
    expect(planError(`${HEAD}${RULE}  - <<: *x\n`)).toMatch(/plan\.yaml:/);
    expect(planError(`${HEAD}${RULE.replace('binding', '!!js/function binding')}`)).toMatch(/plan\.yaml:9:16: .*tag/i);
  });

  it('refuses an alias bomb', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(planError(bomb)).toMatch(/alias/i);
  });

  it('reports schema problems at the line of the value', () => {
    const message = planError(HEAD + RULE.replace('attribute: binding', 'attribute: mandatory'));
    expect(message).toMatch(/plan\.yaml:9:16: \/rules\/0\/attribute must be equal to one of the allowed values: binding, expected/);
    // A key of no property at its own line, not at its object's first.
    expect(planError(HEAD + RULE.replace('    source:', '    colour: red\n    source:'))).toMatch(
      /plan\.yaml:14:5: .*additional properties "colour"$/m,
    );
  });

  it("names the value one of none of those allowed was meant to be: a sign in one character, the plan's own words, another case", () => {
    const meant = (from: string, to: string) => planError(HEAD + RULE.replace(from, to));
    expect(meant('op: ">="', 'op: "≥"')).toMatch(
      /op must be equal to one of the allowed values: >=, >, <=, <, = \(did you mean ">="\?\)$/m,
    );
    expect(meant('op: ">="', 'op: 不超过')).toMatch(/\(did you mean "<="\?\)$/m);
    expect(meant('attribute: binding', 'attribute: 约束性')).toMatch(
      /attribute must be equal to one of the allowed values: binding, expected \(did you mean "binding"\?\)$/m,
    );
    expect(meant('attribute: binding', 'attribute: Expected')).toMatch(/\(did you mean "expected"\?\)$/m);
    expect(meant('attribute: binding', 'attribute: mandatory')).toMatch(/allowed values: binding, expected$/m);
    const file = join(tempDir(), 'plan.yaml');
    writeFileSync(file, HEAD + RULE.replace('attribute: binding', 'attribute: 预期性'));
    expect(() => loadPlanFile(file, 'plan.yaml')).toThrow(
      expect.objectContaining({ zh: expect.stringMatching(/须为以下之一：binding、expected（是否为“expected”？）$/m) }),
    );
  });

  it('names the key a mistyped one comes closest to, wherever it stands, and in a config file too', () => {
    expect(planError(HEAD + RULE.replace('    metric:', '    metirc:'))).toMatch(
      /plan\.yaml:12:5: \/rules\/0 must NOT have additional properties "metirc" \(did you mean "metric"\?\)$/m,
    );
    expect(planError(HEAD + RULE.replace('source: { table: 表2, row: 10 }', 'source: { tabel: 表2, row: 10 }'))).toMatch(
      /additional properties "tabel" \(did you mean "table"\?\)$/m,
    );
    expect(planError(HEAD.replace('baseline_year:', 'baseline_yaer:') + RULE)).toMatch(
      /additional properties "baseline_yaer" \(did you mean "baseline_year"\?\)$/m,
    );
    // A key the schema's objects have by inheritance only (__proto__) leads to none.
    expect(planError(`${HEAD + RULE}    __proto__: { metirc: 1 }\n`)).toMatch(/additional properties "__proto__"$/m);
    const config = join(tempDir(), 'plan-check.config.yaml');
    writeFileSync(config, 'maxErrors: 5\n');
    expect(() => loadConfig(config)).toThrow(/additional properties "maxErrors" \(did you mean "max-errors"\?\)$/m);
  });

  it("says to write true or false where YAML 1.2 reads yes, no or 是 as text, and lists a file's problems in its order", () => {
    const config = join(tempDir(), 'plan-check.config.yaml');
    writeFileSync(config, 'strict: 否\ncomplete: yes\nlang: fr\n');
    const thrown = (() => {
      try {
        loadConfig(config);
      } catch (error) {
        return error as PlanError;
      }
    })();
    expect(thrown!.message.split('\n').slice(1)).toEqual([
      `  ${config}:1:9: /strict must be boolean (YAML 1.2 reads 否 as text: write false)`,
      `  ${config}:2:11: /complete must be boolean (YAML 1.2 reads yes as text: write true)`,
      expect.stringMatching(new RegExp(`^  ${config}:3:7: /lang must be equal to one of the allowed values: zh, en`)),
    ]);
    expect(thrown!.zh).toContain('/complete 须为是否值（true/false）（YAML 1.2 把 yes 读作文本：请写 true）');
  });

  it('says to quote a text that YAML reads as a number or true/false, as the file writes it', () => {
    expect(planError(HEAD + RULE.replace('    source:', '    deadline: 2025\n    source:'))).toMatch(
      /plan\.yaml:14:15: \/rules\/0\/deadline must be string \(YAML reads 2025 as a number: write "2025", in quotes\)$/m,
    );
    expect(planError(HEAD + RULE.replace('    source:', '    deadline: 02025\n    source:'))).toMatch(
      /\(YAML reads 02025 as a number: write "02025", in quotes\)$/m,
    );
    expect(planError(HEAD + RULE.replace('id: R1', 'id: true'))).toMatch(
      /\/rules\/0\/id must be string \(YAML reads true as a yes\/no: write "true", in quotes\)$/m,
    );
    // Nothing of the kind where the value is not a scalar of another type.
    expect(planError(HEAD + RULE.replace('id: R1', 'id: [R1]'))).toMatch(/\/rules\/0\/id must be string$/m);
  });

  it('tells of a target that is neither a comparison nor a range as the one it comes closest to', () => {
    // ≥ as the plan's text writes it: the comparison's op, not the four ways it is no range.
    const sign = planError(HEAD + RULE.replace('op: ">="', 'op: "≥"'));
    expect(sign.split('\n').slice(1)).toEqual([
      '  plan.yaml:13:19: /rules/0/target/op must be equal to one of the allowed values: >=, >, <=, <, = (did you mean ">="?)',
    ]);
    // A range without its upper bound: the range's missing max, not the comparison's op.
    const range = planError(HEAD + RULE.replace('{ op: ">=", value: 55 }', '{ op: between, min: 50 }'));
    expect(range.split('\n').slice(1)).toEqual(["  plan.yaml:13:13: /rules/0/target must have required property 'max'"]);
    // A value of no branch's type, where they tie: each branch's error, and the oneOf's.
    const units = planError(HEAD.replace(/^period:/m, 'units: 7\nperiod:') + RULE);
    expect(units).toMatch(/units must be string[\s\S]*units must be object[\s\S]*must match exactly one schema in oneOf/);
  });

  it('points into a metric at an unknown column, with a suggestion', () => {
    const message = planError(HEAD + RULE.replace('sum(care_beds)', 'sum(care_bed)'));
    expect(message).toMatch(/plan\.yaml:12:17: rule R1: unknown column "care_bed" \(did you mean "care_beds"\?\)/);
    // A name near none of them: where the columns are listed and where a new one is declared.
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'sum(wubao_persons)'))).toMatch(
      /12:17: rule R1: unknown column "wubao_persons" \(plan-check columns --plan PLAN lists the columns; a new one is declared in the properties of the columns' schema\)$/m,
    );
  });

  it('says that a column is named by its id where a metric writes its Chinese header, and which id it is', () => {
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'sum(其中护理型床位)'))).toMatch(
      /12:17: rule R1: unexpected character "其": a column is named by its id: "其中护理型床位" is care_beds$/m,
    );
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'sum(养老机构床位数（张）)'))).toMatch(
      /: a column is named by its id: "养老机构床位数" is elderly_beds$/m,
    );
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'sum(老年人口)'))).toMatch(
      /unexpected character "老": a column is named by its id \(plan-check columns lists them\)$/m,
    );
    // Another character stops it as before.
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'sum(care_beds#)'))).toMatch(/unexpected character "#"$/m);
  });

  it('reports unknown functions, bad syntax, and bare columns in a city total', () => {
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'avg(care_beds)'))).toMatch(/12:13: rule R1: unknown function "avg"/);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(planError(HEAD + RULE.replace('sum(care_beds)', `${name}(care_beds)`))).toMatch(
        new RegExp(`12:13: rule R1: unknown function "${name}"`),
      );
    }
    const huge = planError(HEAD + RULE.replace('sum(care_beds)', `sum(${'x'.repeat(1_000_000)})`));
    expect(huge).toMatch(/rule R1: unknown column "x{39}…" \(plan-check columns --plan PLAN lists the columns;/m);
    expect(planError(HEAD + RULE.replace('sum(care_beds)', `sum(care_beds) * ${'9'.repeat(400)}`))).toMatch(
      /12:\d+: rule R1: the number 9{20}… has more than 15 digits/,
    );
    const chain = Array.from({ length: 2000 }, () => 'care_beds').join(' + ');
    expect(planError(HEAD + RULE.replace('sum(care_beds)', `sum(${chain})`))).toMatch(
      /rule R1: the expression is longer than 500 numbers, names and operators/,
    );
    const nested = `${'('.repeat(10_000)}care_beds${')'.repeat(10_000)}`;
    expect(planError(HEAD + RULE.replace('sum(care_beds)', `sum(${nested})`))).toMatch(
      /12:\d+: rule R1: the expression is longer than 500/,
    );
    expect(planError(HEAD + RULE.replace('* 100', '* * 100'))).toMatch(/12:\d+: rule R1: expected a number/);
    expect(planError(HEAD + RULE.replace('sum(care_beds)', 'care_beds'))).toMatch(
      /12:13: rule R1: column "care_beds" must be inside sum\(\)/,
    );
  });

  it('refuses allocations that do not add up to the box total, and targets for units the rule skips', () => {
    const allocated = RULE.replace(
      '    source:',
      '    applies_to: ["431102", "431103"]\n    target_by_unit:\n      "431102": { op: ">=", value: 9 }\n      "431103": { op: ">=", value: 8 }\n    box_total: { value: 18 }\n    source:',
    );
    expect(planError(HEAD + allocated)).toMatch(/rule R1: the allocations add up to 17, not 18/);
    const outside = RULE.replace(
      '    source:',
      '    applies_to: ["431102"]\n    target_by_unit:\n      "431103": { op: ">=", value: 8 }\n    source:',
    );
    expect(planError(HEAD + outside)).toMatch(/rule R1: 431103 has a target but the rule does not apply to it/);
  });

  it('refuses a plan file, or a schema of its, past 4 MiB by its size, before reading it', () => {
    // Files of 4 MiB and a byte, of no bytes on disk (sparse): neither is read.
    const dir = tempDir();
    for (const name of ['big.yaml', 'big.schema.json']) {
      writeFileSync(join(dir, name), '');
      truncateSync(join(dir, name), 4 * 1024 * 1024 + 1);
    }
    const limit = "bytes is larger than the 4194304-byte limit for a plan's files";
    expect(() => loadPlanFile(join(dir, 'big.yaml'), 'big.yaml')).toThrow(`big.yaml: 4194305 ${limit}`);
    expect(() => loadColumns(join(dir, 'big.schema.json'), 'big.schema.json')).toThrow(`big.schema.json: 4194305 ${limit}`);
  });

  it('refuses an empty range', () => {
    expect(planError(HEAD + RULE.replace('target: { op: ">=", value: 55 }', 'target: { op: between, min: 5, max: 3 }'))).toMatch(
      /rule R1: the range 5–3 is empty/,
    );
  });

  it('refuses a plan naming a submission schema that does not exist', () => {
    expect(planError(HEAD.replace('baseline_year: 2020', 'baseline_year: 2020\nsubmission: nothing-here') + RULE)).toMatch(
      /no submission schema schemas\/nothing-here\.schema\.json/,
    );
  });

  it('refuses duplicate rule ids and codes outside the registry', () => {
    expect(planError(HEAD + RULE + RULE)).toMatch(/plan\.yaml:15:9: rule id R1 is used twice \(first at plan\.yaml:7:9\)/);
    expect(planError(HEAD + RULE + RULE.replace('id: R1', 'id: r1'))).toMatch(
      /plan\.yaml:15:9: rule id r1 is used twice \(first at plan\.yaml:7:9 as R1: ids that differ only in case are one id\)/,
    );
    expect(planError(HEAD + RULE.replace('    source:', '    applies_to: ["431199"]\n    source:'))).toMatch(
      /plan\.yaml:14:18: rule R1: 431199 is not a unit of the registry/,
    );
  });
});

describe('nesting bombs', () => {
  it('refuses deep flow, block and sequence nesting before parsing', () => {
    expect(planError(`a: ${'['.repeat(10000)}${']'.repeat(10000)}\n`)).toMatch(/^plan\.yaml:1:\d+: nested more than 64 levels deep/);
    expect(planError(`a:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`)).toMatch(
      /nested more than 64 levels/,
    );
    expect(planError(`a:\n  ${'- '.repeat(10000)}x\n`)).toMatch(/^plan\.yaml:2:1: nested more than 64/);
    // An apostrophe inside a plain scalar is a letter, not a quote that hides what follows.
    expect(planError(`a: it's\nb: ${'['.repeat(10000)}${']'.repeat(10000)}\n`)).toMatch(
      /^plan\.yaml:2:\d+: nested more than 64 levels deep/,
    );
  });

  it('finds what a scan a character at a time finds, from one character that matters to the next', () => {
    // The scan as first written: every character looked at in turn.
    const byCharacter = (text: string) => {
      let [depth, line, lineStart] = [0, 1, 0];
      let quote: string | undefined;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (c === '\n') {
          line++;
          lineStart = i + 1;
          const indent = /^[ -]*/.exec(text.slice(lineStart, lineStart + 4 * MAX_YAML_DEPTH + 1))![0];
          if (indent.length > 4 * MAX_YAML_DEPTH || (indent.match(/-/g)?.length ?? 0) > MAX_YAML_DEPTH) return { line, column: 1 };
          continue;
        }
        if (quote) {
          if (c === '\\' && quote === '"') i++;
          else if (c === quote) quote = undefined;
        } else if ((c === '"' || c === "'") && /(?:^|[:\-[{,?])[ \t]*$/.test(text.slice(lineStart, i))) {
          quote = c;
        } else if (c === '#') {
          const end = text.indexOf('\n', i);
          i = (end === -1 ? text.length : end) - 1;
        } else if (c === '[' || c === '{') {
          if (++depth > MAX_YAML_DEPTH) return { line, column: i - lineStart + 1 };
        } else if ((c === ']' || c === '}') && depth > 0) {
          depth--;
        }
      }
      return undefined;
    };
    // Marks, runs of them that cross the limit (65 brackets, 260 spaces of indentation, 65 dashes) or nearly, and quoted scalars with escapes, quotes and line ends in them.
    const quoted = fc
      .tuple(
        fc.constantFrom('k: ', '- ', '\n', '[', ', ', 'a '),
        fc.constantFrom('"', "'"),
        fc.array(fc.constantFrom('\\"', '\\\n', '\\\\', "''", 'a', '[', '#', '\n', '\\', '"', "'"), { maxLength: 4 }),
        fc.constantFrom('"', "'", ''),
      )
      .map(([before, open, inside, close]) => `${before}${open}${inside.join('')}${close}`);
    const piece = fc.oneof(
      fc.constantFrom('\n', '"', "'", '\\', '#', '[', '{', ']', '}', ' ', '- ', ': ', ',', 'a', '\t', '\r', "it's"),
      fc.constantFrom('['.repeat(65), '{'.repeat(60), ']'.repeat(10), ' '.repeat(130), ' '.repeat(260), '- '.repeat(65)),
      quoted,
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = `\n${pieces.join('')}`;
        expect(tooDeep(text), JSON.stringify(text)).toEqual(byCharacter(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not count brackets inside quotes or comments', () => {
    const file = join(tempDir(), 'ok.yaml');
    writeFileSync(
      file,
      `${HEAD}${RULE.replace('title: { zh: 床位, en: Beds }', `title: { zh: "${'['.repeat(100)}", en: '${'{'.repeat(80)}' } # ${'{'.repeat(100)}`)}`,
    );
    expect(loadPlanFile(file, 'ok.yaml').rules[0]!.title.zh).toHaveLength(100);
    expect(loadPlanFile(file, 'ok.yaml').rules[0]!.title.en).toHaveLength(80);
  });
});

describe('schedules in plan files', () => {
  it('refuses a compound trajectory without a numeric baseline, over too many years, or to a target of 0', () => {
    expect(planError(`${HEAD}${RULE}    trajectory: compound\n`)).toMatch(
      /plan\.yaml:\d+:\d+: rule R1: a compound trajectory needs a numeric baseline/,
    );
    expect(
      planError(`${HEAD}${RULE}    trajectory: compound\n    baseline: { year: 2020, value: 50, printed: "50" }\n    deadline: "2090"\n`),
    ).toMatch(/at most 50 years \(here 70\)/);
    const zero = RULE.replace('value: 55', 'value: 0');
    expect(
      planError(`${HEAD}${zero}    trajectory: compound\n    baseline: { year: 2020, value: 50, printed: "50" }\n    deadline: "2025"\n`),
    ).toMatch(/positive baseline and target/);
  });

  it('refuses a gap field that is not a column, and an unknown trajectory', () => {
    expect(planError(`${HEAD}${RULE}    gap: { field: care_bed }\n`)).toMatch(/rule R1: unknown column "care_bed"/);
    expect(planError(`${HEAD}${RULE}    trajectory: curved\n`)).toMatch(/trajectory/);
  });
});

describe('the files shipped in data/', () => {
  it('are valid by their schemas (runs do not check them again), and a copy outside data/ is checked', () => {
    const schema = (name: string) => JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8')) as object;
    const files: [string, string][] = [
      ...builtinPlanIds().map((id): [string, string] => [`data/plans/${id}.yaml`, 'plan']),
      ['data/init/plan.yaml', 'plan'],
      ['data/units.yaml', 'registry'],
      ['data/init/units.yaml', 'registry'],
    ];
    for (const [file, kind] of files) {
      const yaml = loadData(file);
      expect(yaml.shipped, file).toBe(true);
      expect(() => checkSchema({ ...yaml, shipped: false }, schema(kind), { en: kind, zh: kind }), file).not.toThrow();
    }
    const copy = join(tempDir(), 'plan.yaml');
    writeFileSync(copy, readFileSync('data/init/plan.yaml', 'utf8').replace('attribute: binding', 'attribute: bogus'));
    expect(loadData(copy).shipped).toBe(false);
    expect(() => checkSchema(loadYaml(copy), schema('plan'), { en: 'plan file', zh: '规划文件' })).toThrow(
      /attribute must be equal to one of the allowed values|bogus|attribute/,
    );
  });
});

describe('the built JSON of shipped plans', () => {
  it('holds the same plan as its YAML, and a plan outside data/ is read from its YAML with positions', () => {
    for (const id of builtinPlanIds()) {
      const file = `data/plans/${id}.yaml`;
      const fast = loadData(file);
      expect(fast.where(['rules', 0])).toBe(file);
      expect(fast.value).toEqual(loadYaml(file).value);
    }
    const copy = join(tempDir(), 'plan.yaml');
    writeFileSync(copy, readFileSync('data/init/plan.yaml', 'utf8'));
    expect(loadData(copy).where(['rules', 0])).toMatch(/plan\.yaml:\d+:\d+$/);
  });
});

describe('plans a process checks against again and again', () => {
  it('are loaded once where built in, and where a file of their own while its files are unchanged: anew once one was edited', async () => {
    const county = ['data/samples/2025-12/lingling.csv'];
    const [first, second] = [await check(county), await check(county, { plan: DEFAULT_PLAN })];
    expect(second.plan).toBe(first.plan);
    expect((await check(county, { plan: 'yongzhou-civil-affairs-13th' })).plan.id).toBe('yongzhou-civil-affairs-13th');
    // Given parts of its own, a built-in plan is loaded with them, once.
    const units = join(process.cwd(), 'data/units.yaml');
    const withUnits = await check(county, { units });
    expect(withUnits.plan).not.toBe(first.plan);
    expect((await check(county, { units })).plan).toBe(withUnits.plan);
    const folder = tempDir();
    cpSync('data/init', folder, { recursive: true });
    const sample = [join(folder, 'samples/2030.csv')];
    const before = await check(sample, { plan: folder });
    expect((await check(sample, { plan: folder })).plan).toBe(before.plan);
    // Named as its file, it is the same plan; named from another working folder, another (its messages name files from there).
    expect((await check(sample, { plan: join(folder, 'plan.yaml') })).plan).toBe(before.plan);
    const plan = join(folder, 'plan.yaml');
    writeFileSync(plan, readFileSync(plan, 'utf8').replace(/^(\s*-\s*id:\s*)(\S+)/m, '$1$2-edited'));
    const edited = await check(sample, { plan: folder });
    expect(edited.plan.rules[0]!.id).toBe(`${before.plan.rules[0]!.id}-edited`);
    // A file it was made from edited to the same length: a unit's English name, one letter changed.
    const region = join(folder, 'units.yaml');
    writeFileSync(region, readFileSync(region, 'utf8').replace('Example District', 'Example Distrikt'));
    const renamed = await check(sample, { plan: folder });
    expect(renamed.plan).not.toBe(edited.plan);
    expect(renamed.plan.registry.byCode.get('990001')?.name_en).toBe('Example Distrikt');
    // Its columns edited: what they allow is checked anew (600 social workers, past a maximum of 500).
    const columns = join(folder, 'submission.schema.json');
    expect(renamed.issues.filter((found) => found.severity === 'error')).toEqual([]);
    writeFileSync(
      columns,
      readFileSync(columns, 'utf8').replace('"minimum": 0, "x-unit": "persons"', '"minimum": 0, "maximum": 500, "x-unit": "persons"'),
    );
    const bounded = await check(sample, { plan: folder });
    expect(bounded.plan).not.toBe(renamed.plan);
    expect(bounded.issues.filter((found) => found.severity === 'error').map((found) => [found.field, found.line])).toEqual([
      ['social_workers', 2],
    ]);
    // A plan given as an object, which a script may change in place, is loaded at each call.
    const object = { ...(loadYaml(plan).value as object), units: region, submission: join(folder, 'submission.schema.json') };
    expect((await check(sample, { plan: object })).plan).not.toBe((await check(sample, { plan: object })).plan);
  });
});

describe('problems of a plan in Chinese', () => {
  /** The error a plan folder (files by name, plan.yaml among them) gives. */
  function folderError(files: Record<string, string | Buffer>): PlanError {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    try {
      loadPlanFile(join(dir, 'plan.yaml'), 'plan.yaml');
    } catch (error) {
      if (error instanceof PlanError) return error;
      throw error;
    }
    throw new Error('the plan loaded');
  }
  const roles = {
    county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code' },
    period: { title: '报告期', type: 'string', 'x-role': 'period' },
  };
  const schema = (columns: object) =>
    JSON.stringify(
      {
        type: 'object',
        properties: {
          ...roles,
          care_beds: { title: '护理型床位（张）', type: 'integer' },
          elderly_beds: { title: '床位（张）', type: 'integer' },
          ...columns,
        },
      },
      null,
      2,
    );
  const withSchema = (text: string) => HEAD.replace('baseline_year: 2020', 'baseline_year: 2020\nsubmission: s.json') + text;
  const cases: Record<string, Record<string, string | Buffer>> = {
    'a value none of those allowed': { 'plan.yaml': HEAD + RULE.replace('attribute: binding', 'attribute: bogus') },
    'a key missing': { 'plan.yaml': HEAD + RULE.replace(/ {4}metric:.*\n/, '') },
    'a key of no meaning': { 'plan.yaml': `${HEAD + RULE}    colour: red\n` },
    'a number where text is wanted': { 'plan.yaml': `${HEAD + RULE}    deadline: 2025\n` },
    'an allocation to a key that is no code': { 'plan.yaml': `${HEAD + RULE}    target_by_unit: { abc: { op: ">=", value: 1 } }\n` },
    'YAML that does not parse': { 'plan.yaml': `${HEAD}  - id: [unclosed\n` },
    'text neither UTF-8 nor GB18030': {
      'plan.yaml': Buffer.concat([
        Buffer.from(`${HEAD}  - id: R1\n    title: { zh: `),
        Buffer.from([0x80, 0xff]),
        Buffer.from(', en: Beds }\n'),
      ]),
    },
    'an unknown column and function, a bad expression': {
      'plan.yaml':
        HEAD +
        RULE.replace('sum(care_beds)', 'sum(care_bed)') +
        RULE.replace('R1', 'R2').replace('sum(care_beds)', 'summ(care_beds)') +
        RULE.replace('R1', 'R3').replace('/ sum', '/ * sum'),
    },
    'rule ids twice, an empty range, units outside the registry': {
      'plan.yaml':
        HEAD +
        RULE +
        RULE +
        RULE.replace('R1', 'R4').replace('{ op: ">=", value: 55 }', '{ op: between, min: 60, max: 50 }') +
        RULE.replace('R1', 'R5').replace('    source:', '    applies_to: ["431199"]\n    source:'),
    },
    'a compound line without a baseline, a gap column that is not one': {
      'plan.yaml': `${HEAD + RULE}    trajectory: compound\n    gap: { field: nope }\n`,
    },
    'a schema column without a title, and an unknown keyword': {
      'plan.yaml': withSchema(RULE),
      's.json': schema({ beds: { type: 'integer' } }),
    },
    'a schema keyword given what it does not take': {
      'plan.yaml': withSchema(RULE),
      's.json': schema({ beds: { title: '床位', type: 'integer', 'x-unit': 5 } }),
    },
    'a schema typed with full-width quotes': {
      'plan.yaml': withSchema(RULE),
      's.json': schema({}).replace('"护理型床位（张）"', '“护理型床位（张）”'),
    },
    'a schema without role columns': {
      'plan.yaml': withSchema(RULE),
      's.json': JSON.stringify({ type: 'object', properties: { care_beds: { title: '床位', type: 'integer' } } }),
    },
    'a registry of codes of two lengths': {
      'plan.yaml': HEAD.replace('baseline_year: 2020', 'baseline_year: 2020\nunits: u.yaml') + RULE,
      'u.yaml':
        'aggregate: { code: "990000", name: 示例市, name_en: Example }\ncode_digits: 6\nunits:\n  - { code: "99001", name: 甲, name_en: A, kind: 区 }\n',
    },
    'a roster that gives a column the summary lacks': {
      'plan.yaml':
        `${HEAD + RULE}rosters:\n  - id: r\n    title: { zh: 名册, en: Roster }\n    schema: disabled_allowances\n    gives: { nothing_here: count() }\n`
          .replace('rules:\n', '')
          .replace('baseline_year: 2020', 'baseline_year: 2020\nrules:'),
    },
  };
  const CJK = /[\u4e00-\u9fff]/;

  for (const [what, files] of Object.entries(cases)) {
    it(`says ${what} in Chinese, line for line at the places the English names`, () => {
      const error = folderError(files);
      const [en, zh] = [error.commandLine('en'), error.commandLine('zh')].map((text) => text.split('\n'));
      expect(zh).toHaveLength(en!.length);
      const place = /^\s*(\S+?:\d+:\d+)(?=[: ])/;
      en!.forEach((line, i) => {
        expect(place.exec(zh![i]!)?.[1], zh![i]).toBe(place.exec(line)?.[1]);
        // What is said after the place is in Chinese.
        expect(zh![i]!.replace(place, ''), zh![i]).toMatch(CJK);
      });
    });
  }

  it('lints a plan in Chinese: its load errors and its warnings', () => {
    const dir = tempDir();
    cpSync(join('data', 'init'), dir, { recursive: true });
    const plan = join(dir, 'plan.yaml');
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('deadline: "2030"', 'deadline: "2035"'));
    const [en, zh] = (['en', 'zh'] as const).map((lang) => lintPlan(dir, lang));
    expect(zh!.map((f) => f.place)).toEqual(en!.map((f) => f.place));
    expect(zh!.find((f) => f.message.includes('2035'))!.message).toMatch(/^规则 R-01：期限 2035 在规划期 2026-2030 之外$/);
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('attribute: binding', 'attribute: bogus'));
    expect(lintPlan(dir, 'zh')).toEqual([
      {
        place: expect.stringMatching(/plan\.yaml:\d+:\d+$/),
        severity: 'error',
        message: '/rules/0/attribute 须为以下之一：binding、expected',
      },
    ]);
  });
});
