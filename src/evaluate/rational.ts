/**
 * Exact rational numbers on BigInt, so that 6 of 10 is exactly 60 % and ties are judged on the
 * true quotient rather than on a floating-point accident.
 */

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The largest integer a double holds exactly, and all below it. */
const EXACT_DOUBLE = 2n ** 53n;

/** Decimal numbers read lately, and how many are kept before they are forgotten. */
const decimals = new Map<number, Rational>();
const MAX_DECIMALS = 4096;

/** An exact fraction n/d with d > 0, always reduced. */
export class Rational {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  /** n/d reduced; undefined when d is 0. */
  static of(n: bigint, d: bigint = 1n): Rational | undefined {
    if (d === 1n) return new Rational(n, 1n);
    if (d === 0n) return undefined;
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n, d) || 1n;
    return new Rational(n / g, d / g);
  }

  /** The exact value of a finite number as written in decimal (`51.8` is 518/10, not a binary approximation). */
  static fromNumber(x: number): Rational {
    // Whole numbers, most cells, need no decimal reading.
    if (Number.isSafeInteger(x)) return new Rational(BigInt(x), 1n);
    const known = decimals.get(x);
    if (known) return known;
    const value = Rational.readDecimal(x);
    // The same shares and rates come back in every unit and period; a bound keeps hostile data from growing it.
    if (decimals.size >= MAX_DECIMALS) decimals.clear();
    decimals.set(x, value);
    return value;
  }

  /** The exact value of a finite number that is not a safe integer, from its shortest decimal text. */
  private static readDecimal(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
    if (!match) throw new RangeError(`cannot read ${x}`);
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    let n = BigInt(`${sign}${whole}${fraction}`);
    let d = 10n ** BigInt(fraction.length);
    const e = Number(exponent);
    if (e > 0) n *= 10n ** BigInt(e);
    else if (e < 0) d *= 10n ** BigInt(-e);
    return Rational.of(n, d)!;
  }

  static readonly ZERO = new Rational(0n, 1n);

  add(other: Rational): Rational {
    // Whole numbers, most of what is summed, need no common denominator.
    if (this.d === 1n && other.d === 1n) return new Rational(this.n + other.n, 1n);
    return Rational.of(this.n * other.d + other.n * this.d, this.d * other.d)!;
  }

  sub(other: Rational): Rational {
    if (this.d === 1n && other.d === 1n) return new Rational(this.n - other.n, 1n);
    return Rational.of(this.n * other.d - other.n * this.d, this.d * other.d)!;
  }

  mul(other: Rational): Rational {
    return Rational.of(this.n * other.n, this.d * other.d)!;
  }

  /** The quotient, or undefined for division by zero. */
  div(other: Rational): Rational | undefined {
    return Rational.of(this.n * other.d, this.d * other.n);
  }

  neg(): Rational {
    return new Rational(-this.n, this.d);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than other. */
  compare(other: Rational): -1 | 0 | 1 {
    if (this.d === other.d) return this.n < other.n ? -1 : this.n > other.n ? 1 : 0;
    const left = this.n * other.d;
    const right = other.n * this.d;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  /** The greatest whole number at most this. */
  floor(): Rational {
    const q = this.n / this.d;
    return new Rational(this.n < 0n && q * this.d !== this.n ? q - 1n : q, 1n);
  }

  /** The least whole number at least this. */
  ceil(): Rational {
    return this.neg().floor().neg();
  }

  /** The sign: -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }

  /** Whether a cell's number holds this value exactly (as fromNumber reads it): else a row keeps the fraction beside it. */
  isHeldBy(value: number): boolean {
    return Rational.fromNumber(value).compare(this) === 0;
  }

  /** The nearest double (for display and JSON only, never for comparisons): 57/50 is 1.14, not 1 + 0.14. */
  toNumber(): number {
    const { n, d } = this;
    // Both exact as doubles: one division, correctly rounded.
    if ((n < 0n ? -n : n) <= EXACT_DOUBLE && d <= EXACT_DOUBLE) return Number(n) / Number(d);
    // Else at least 20 significant digits as decimal text, which Number reads to the nearest double.
    const negative = n < 0n;
    const magnitude = negative ? -n : n;
    const places = d.toString().length + 20;
    const fraction = ((magnitude % d) * 10n ** BigInt(places)) / d;
    return Number(`${negative ? '-' : ''}${magnitude / d}.${fraction.toString().padStart(places, '0')}`);
  }

  /** Rounded to `digits` decimals, half away from zero, exactly. */
  round(digits: number): number {
    const scale = 10n ** BigInt(digits);
    const scaled = this.n * scale * 2n;
    const twice = this.d;
    // round(n*scale/d) = floor((2*n*scale + d) / (2d)) for positive values
    const q = scaled >= 0n ? (scaled + twice) / (2n * this.d) : -((-scaled + twice) / (2n * this.d));
    return Number(q) / Number(scale);
  }

  /** The lowest or highest of some values, or undefined when there are none. */
  static extreme(values: Iterable<Rational>, which: 'min' | 'max'): Rational | undefined {
    const sign = which === 'min' ? -1 : 1;
    let best: Rational | undefined;
    for (const value of values) if (!best || value.compare(best) === sign) best = value;
    return best;
  }

  /** `n/d`, or `n` for whole numbers. */
  toString(): string {
    return this.d === 1n ? `${this.n}` : `${this.n}/${this.d}`;
  }
}
