import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../src/evaluate/rational.js';

const r = (x: number) => Rational.fromNumber(x);

describe('Rational', () => {
  it('reads decimals exactly as written', () => {
    expect(r(51.8).toString()).toBe('259/5');
    expect(r(0.1).add(r(0.2)).compare(r(0.3))).toBe(0);
    expect(r(1e-7).toString()).toBe('1/10000000');
    expect(r(-3.25).toString()).toBe('-13/4');
  });

  it('judges ties on the exact quotient', () => {
    const sixOfTen = r(6).div(r(10))!.mul(r(100));
    expect(sixOfTen.compare(r(60))).toBe(0);
    const share = r(549).div(r(1000))!.mul(r(100));
    expect(share.compare(r(55))).toBe(-1);
    // 1/3 * 3 is exactly 1, where doubles give 0.9999999999999999 for some orders
    expect(r(1).div(r(3))!.mul(r(3)).compare(r(1))).toBe(0);
  });

  it('gives no value for division by zero', () => {
    expect(r(5).div(r(0))).toBeUndefined();
  });

  it('turns into the nearest double: 57/50 is 1.14, never 1.1400000000000001', () => {
    expect(Rational.of(57n, 50n)!.toNumber()).toBe(1.14);
    expect(Rational.of(-57n, 50n)!.toNumber()).toBe(-1.14);
    expect(Rational.of(1n, 3n * 10n ** 20n)!.toNumber()).toBe(1 / 3e20);
    expect(Rational.of(10n ** 30n + 1n, 3n)!.toNumber()).toBe(Number('333333333333333333333333333333.667'));
  });

  it('rounds half away from zero', () => {
    expect(Rational.of(5n, 1000n)!.round(2)).toBe(0.01);
    expect(Rational.of(-5n, 1000n)!.round(2)).toBe(-0.01);
    expect(Rational.of(2n, 3n)!.round(2)).toBe(0.67);
    expect(Rational.of(5123n, 100n)!.round(1)).toBe(51.2);
  });

  it('adds, subtracts and compares as cross-multiplied fractions do, whole numbers or not', () => {
    const fraction = fc.tuple(fc.bigInt(-(10n ** 20n), 10n ** 20n), fc.oneof(fc.constant(1n), fc.bigInt(1n, 10n ** 6n)));
    fc.assert(
      fc.property(fraction, fraction, ([an, ad], [bn, bd]) => {
        const [a, b] = [Rational.of(an, ad)!, Rational.of(bn, bd)!];
        const same = (x: Rational, n: bigint, d: bigint) => x.n * d === n * x.d && x.d > 0n;
        expect(same(a.add(b), an * bd + bn * ad, ad * bd)).toBe(true);
        expect(same(a.sub(b), an * bd - bn * ad, ad * bd)).toBe(true);
        const cross = an * bd - bn * ad;
        expect(a.compare(b)).toBe(cross < 0n ? -1 : cross > 0n ? 1 : 0);
        // Always reduced: equal values are equal fractions.
        expect(Rational.of(an * 3n, ad * 3n)!.toString()).toBe(a.toString());
      }),
      { numRuns: 500 },
    );
  });
});
