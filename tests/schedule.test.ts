import { describe, expect, it } from 'vitest';
import { Rational } from '../src/evaluate/rational.js';
import { comparePeriods, isDue, milestone, monthIndex, type Line } from '../src/evaluate/schedule.js';

const r = (x: number | string) =>
  typeof x === 'number' ? Rational.fromNumber(x) : Rational.of(BigInt(x.split('/')[0]!), BigInt(x.split('/')[1] ?? '1'))!;
const line = (over: Partial<Line>): Line => ({
  baseline: r(51.8),
  target: r(55),
  op: '>=',
  trajectory: 'linear',
  elapsed: 30,
  total: 60,
  ...over,
});

describe('periods', () => {
  it('counts months, a bare year being its December', () => {
    expect(monthIndex('2023-06') - monthIndex('2020-12')).toBe(30);
    expect(monthIndex('2025') - monthIndex('2020')).toBe(60);
    expect(monthIndex('2025')).toBe(monthIndex('2025-12'));
  });

  it('orders a year after its months and before the next year', () => {
    expect(['2025-01', '2024', '2024-06', '2023-12'].sort(comparePeriods)).toEqual(['2023-12', '2024-06', '2024', '2025-01']);
  });

  it('is due from the deadline month on', () => {
    expect([isDue('2025-11', '2025'), isDue('2025-12', '2025'), isDue('2025', '2025'), isDue('2022-06', '2022-06')]).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });
});

describe('linear milestones', () => {
  it('T2-10 at 2023-06 is 51.8 + (55 - 51.8) x 30/60 = 53.4, exactly', () => {
    const m = milestone(line({}))!;
    expect(m.exact!.toString()).toBe('267/5');
    expect(m.approx).toBe(53.4);
    expect(m.direction).toBe('rising');
  });

  it('is met on the line and missed just below it, judged exactly', () => {
    const m = milestone(line({}))!;
    expect(m.meets(r(53.4))).toBe(true);
    expect(m.meets(r('5339999/100000'))).toBe(false);
    expect(m.meets(r(54.9))).toBe(true);
  });

  it('keeps thirds exact: 1 of 60 months from 0 to 1 is 1/60, not 0.0166…', () => {
    const m = milestone(line({ baseline: r(0), target: r(1), elapsed: 1 }))!;
    expect(m.exact!.toString()).toBe('1/60');
    expect(m.meets(r('1/60'))).toBe(true);
    expect(m.meets(r(0.0166))).toBe(false);
  });

  it('mirrors falling targets: at most the line', () => {
    const m = milestone(line({ baseline: r(12.6), target: r(9.8), op: '<=', elapsed: 24 }))!;
    expect(m.direction).toBe('falling');
    expect(m.exact!.toString()).toBe(r(11.48).toString());
    expect([m.meets(r(11.48)), m.meets(r(11)), m.meets(r(11.49))]).toEqual([true, true, false]);
  });

  it('takes the direction of an = target from where it lies: 50 -> 100 rises', () => {
    expect(milestone(line({ baseline: r(50), target: r(100), op: '=', elapsed: 48 }))).toMatchObject({ direction: 'rising', approx: 90 });
    expect(milestone(line({ baseline: r(100), target: r(100), op: '=' }))).toBeUndefined();
  });

  it('is the baseline before the baseline year ends, and the target at the deadline', () => {
    expect(milestone(line({ elapsed: -6 }))!.approx).toBe(51.8);
    expect(milestone(line({ elapsed: 60 }))!.approx).toBe(55);
  });

  it('has none for a range', () => {
    expect(milestone(line({ op: 'between' }))).toBeUndefined();
  });
});

describe('compound milestones', () => {
  it('grows at a constant annual rate: 100 -> 200 over 60 months is 100 x 2^(1/2) at 30', () => {
    const m = milestone(line({ baseline: r(100), target: r(200), trajectory: 'compound' }))!;
    expect(m.approx).toBeCloseTo(141.4214, 4);
    expect(m.exact).toBeUndefined();
    // 141.42135 < 100 x sqrt(2) = 141.421356… < 141.42136, decided exactly.
    expect(m.meets(r(141.42135))).toBe(false);
    expect(m.meets(r(141.42136))).toBe(true);
  });

  it('is exact where the line is rational: 100 -> 400 at half-way is 200', () => {
    const m = milestone(line({ baseline: r(100), target: r(400), trajectory: 'compound' }))!;
    expect([m.meets(r(200)), m.meets(r(199.99))]).toEqual([true, false]);
  });

  it('falls geometrically for a falling target', () => {
    const m = milestone(line({ baseline: r(400), target: r(100), op: '<=', trajectory: 'compound' }))!;
    expect(m.direction).toBe('falling');
    expect([m.meets(r(200)), m.meets(r(200.01))]).toEqual([true, false]);
  });
});
