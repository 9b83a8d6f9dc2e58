/**
 * The schema's word on a roster line's own cells of a plain form (src/validate/own-cells.ts) is
 * sound: where it says yes, the schema's validator (Ajv) and the calendar say yes, on the shipped
 * rosters' schemas and on one asking of its columns every keyword it knows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../src/input/normalise.js';
import type { CellValue } from '../src/types.js';
import { isOwnColumn, loadColumns, planColumns, type Columns } from '../src/validate/columns.js';
import { ownCellsCheck, withinLimit } from '../src/validate/own-cells.js';

/** A roster of a plan's own, its columns asking all the keywords the check knows. */
const OWN_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['case_id', 'county_code', 'day', 'answer'],
  properties: {
    case_id: { title: '编号', type: 'string', 'x-role': 'record-id', minLength: 3, maxLength: 8, pattern: '^[A-Z]+[0-9]+$' },
    county_code: { title: '区划代码', type: 'string', 'x-role': 'unit-code', pattern: '^[0-9]{6}$' },
    day: { title: '日期', type: 'string', 'x-role': 'date' },
    answer: { title: '是否（是/否）', type: 'boolean' },
    name: { title: '姓名', type: 'string', minLength: 2, maxLength: 4 },
    count: { title: '人数', type: 'integer', exclusiveMinimum: 0, maximum: 500 },
    part: { title: '其中', type: ['integer', 'null'], minimum: 0, 'x-lte': 'count' },
    share: { title: '比例', type: 'number', maximum: 1 },
    amount: { title: '金额（元）', type: 'number', minimum: 0, multipleOf: 0.01 },
    kind: { title: '类别', type: 'string', enum: ['城市', '农村', 'AB'] },
    level: { title: '等级', type: ['integer', 'null'], const: 2 },
  },
};

/** Values a cell may be read as: texts of every kind (Chinese, a character past the Basic Plane, spaces), numbers whole or not, yes/no, none. */
const anyValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom(
    'AB12',
    'ab12',
    'A1',
    'ABCDEFG12',
    '张三',
    '张',
    '张三李四王五',
    '𠀋𠀋',
    '𠀋',
    '2024-02-29',
    '2023-02-29',
    '2024-13-01',
    '2024/3/5',
    '',
    ' x',
    '－',
  ),
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    0,
    1,
    2,
    499,
    500,
    501,
    0.5,
    1.5,
    -1,
    1e15,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    612.5,
    700.25,
    0.07,
    0.1 + 0.2,
    12.345678,
    1e-7,
    '城市',
    '农村',
  ),
  fc.integer({ min: -5, max: 600 }),
  fc.boolean(),
  fc.constant(null),
);

/** Texts the reader takes as they stand: plain ASCII, and days written YYYY-MM-DD. */
const plainText = fc.oneof(
  fc.stringMatching(/^[!-~]([ -~]{0,8}[!-~])?$/),
  fc.constantFrom(
    'AB12',
    'A1',
    'ABCDEFGH1',
    'JZ0001',
    '431102001',
    '431102001000',
    '43110200',
    '52431100MJ0000003A',
    '52431100MJ0000003I',
    'AB',
    'XY9',
    'ZZ12',
  ),
);
const dayText = fc
  .tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/** A valid row of a roster: its shared columns, and its own columns' `valid` values. */
function template(columns: Columns, valid: Record<string, CellValue>): Record<string, CellValue> {
  const values: Record<string, CellValue> = Object.create(null) as Record<string, CellValue>;
  for (const spec of columns.list)
    values[spec.id] =
      spec.kind === 'boolean' ? true : spec.id === columns.code ? '431102' : spec.role === 'period' ? '2025-12' : (valid[spec.id] ?? null);
  return values;
}

function holdsSoundly(name: string, columns: Columns, valid: Record<string, CellValue>) {
  it(`${name}: where the check says yes, the validator and the calendar say yes`, () => {
    const ids = columns.list.map((spec) => spec.id);
    const check = ownCellsCheck(columns, ids, ids)!;
    expect(check).toBeDefined();
    const own = columns.list.filter((spec) => isOwnColumn(spec, columns));
    // Each own column's value of a form the reader gives it: digits for numbers, plain text or a day, or any value read as a cell is.
    const valueOf = (kind: string) =>
      fc.oneof(
        { arbitrary: anyValue.map((value) => ({ form: 'cell' as const, value })), weight: 1 },
        ...(kind === 'integer' || kind === 'number'
          ? [
              {
                arbitrary: fc
                  .oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 999_999_999_999_999 }))
                  .map((value) => ({ form: 'digits' as const, value })),
                weight: 3,
              },
            ]
          : []),
        ...(kind === 'text' ? [{ arbitrary: plainText.map((value) => ({ form: 'text' as const, value })), weight: 3 }] : []),
        // Amounts in yuan and fen, and decimals that are no multiple of 0.01 however near (0.07 / 0.01 is 7.000000000000001).
        ...(kind === 'number'
          ? [
              {
                arbitrary: fc
                  .constantFrom(612.5, 700.25, 0.5, 0.01, 0.07, 0.1 + 0.2, 12.345678, 1e-7)
                  .map((value) => ({ form: 'cell' as const, value })),
                weight: 2,
              },
            ]
          : []),
        ...(kind === 'date' ? [{ arbitrary: dayText.map((value) => ({ form: 'day' as const, value })), weight: 3 }] : []),
      );
    let accepted = 0;
    expect(columns.validate(template(columns, valid))).toBe(true);
    fc.assert(
      // Each own column read in some form, or left at a valid value (so that rows pass often enough to be tried).
      fc.property(fc.tuple(...own.map((spec) => fc.option(valueOf(spec.kind), { freq: 2 }))), (read) => {
        const values = template(columns, valid);
        const byField: CellValue[] = ids.map((id) => values[id]!);
        let passes = true;
        own.forEach((spec, i) => {
          const { form, value } = read[i] ?? { form: 'cell' as const, value: values[spec.id]! };
          const field = ids.indexOf(spec.id);
          values[spec.id] = byField[field] = value;
          const asks = check.fields[field];
          const test = asks?.[form] as ((value: CellValue) => boolean) | undefined;
          passes &&= test?.(value) === true;
        });
        for (const limit of check.limits)
          passes &&= withinLimit(
            byField[limit.field >= 0 ? limit.field : limit.slot],
            byField[limit.otherField >= 0 ? limit.otherField : limit.otherSlot],
          );
        if (!passes) return;
        accepted++;
        const day = columns.dated ? values[columns.period] : undefined;
        expect(columns.validate(values), JSON.stringify({ values, errors: columns.validate.errors })).toBe(true);
        expect(typeof day !== 'string' || isCalendarDay(day)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // It says yes at times: a check that never did would be sound and of no use.
    expect(accepted).toBeGreaterThan(25);
  });
}

describe("the check of a roster line's own cells", () => {
  holdsSoundly('rescue_cases', planColumns('rescue_cases', undefined), { case_id: 'JZ1', rescue_date: '2024-03-05' });
  holdsSoundly('elderly_institutions', planColumns('elderly_institutions', undefined), {
    institution_id: '52431100MJ0000003A',
    institution_name: '敬老院',
    beds: 10,
    care_beds: 5,
  });
  holdsSoundly('townships', planColumns('townships', undefined), { township_code: '431102001', township_name: '镇' });
  holdsSoundly("a plan's own roster asking every keyword the check knows", loadColumns(OWN_SCHEMA, 'own roster'), {
    case_id: 'AB12',
    day: '2024-03-05',
    name: 'AB',
    count: 10,
    part: 5,
    share: 0.5,
    amount: 612.5,
    kind: '城市',
    level: 2,
  });

  it('leaves a column that asks a keyword it does not know to the validator, and a schema that asks more of a row', () => {
    const odd = loadColumns(
      { ...OWN_SCHEMA, properties: { ...OWN_SCHEMA.properties, odd: { title: '奇数', type: 'integer', not: { multipleOf: 2 } } } },
      'own roster',
    );
    const ids = odd.list.map((spec) => spec.id);
    const check = ownCellsCheck(odd, ids, ids)!;
    expect(check.fields[ids.indexOf('odd')]).toEqual({});
    expect(check.fields[ids.indexOf('count')]?.digits?.(7)).toBe(true);
    expect(check.fields[ids.indexOf('count')]?.digits?.(0)).toBe(false);
    expect(ownCellsCheck(loadColumns({ ...OWN_SCHEMA, dependencies: { name: ['count'] } }, 'own roster'), ids, ids)).toBeUndefined();
  });

  it('counts a character past the Basic Plane as one, as the validator does: three are within four, one is short of two', () => {
    const columns = loadColumns(OWN_SCHEMA, 'own roster');
    const ids = columns.list.map((spec) => spec.id);
    const name = ownCellsCheck(columns, ids, ids)!.fields[ids.indexOf('name')]!;
    expect([name.cell?.('𠀋𠀋𠀋'), name.cell?.('𠀋')]).toEqual([true, false]);
    const row = { case_id: 'AB12', county_code: '431102', day: '2024-03-05', answer: true, count: 10, part: 5, share: 0.5 };
    expect([columns.validate({ ...row, name: '𠀋𠀋𠀋' }), columns.validate({ ...row, name: '𠀋' })]).toEqual([true, false]);
  });
});
