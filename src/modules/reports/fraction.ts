// Exact rational arithmetic, so that means, their rounding and highlight gaps never suffer
// floating-point error and never depend on the order in which answers are added up.

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

export class Fraction {
  static readonly ZERO = new Fraction(0n, 1n);
  static readonly ONE = new Fraction(1n, 1n);

  private constructor(
    private readonly numerator: bigint,
    private readonly denominator: bigint,
  ) {}

  /** Both parts must be integers (answers are scale points, counts are whole). */
  static of(numerator: number | bigint, denominator: number | bigint = 1n): Fraction {
    let top = BigInt(numerator);
    let bottom = BigInt(denominator);
    if (bottom === 0n) throw new RangeError('A fraction cannot have a zero denominator');
    if (bottom < 0n) [top, bottom] = [-top, -bottom];
    const divisor = gcd(top, bottom);
    return new Fraction(top / divisor, bottom / divisor);
  }

  static mean(values: readonly Fraction[]): Fraction {
    if (values.length === 0) throw new RangeError('The mean of no values is undefined');
    return values.reduce((sum, value) => sum.plus(value), Fraction.ZERO).dividedBy(values.length);
  }

  plus(other: Fraction): Fraction {
    // Sums of whole answers are the common case, and need no reduction.
    if (this.denominator === 1n && other.denominator === 1n) {
      return new Fraction(this.numerator + other.numerator, 1n);
    }
    return Fraction.of(
      this.numerator * other.denominator + other.numerator * this.denominator,
      this.denominator * other.denominator,
    );
  }

  minus(other: Fraction): Fraction {
    return this.plus(new Fraction(-other.numerator, other.denominator));
  }

  dividedBy(divisor: number): Fraction {
    return Fraction.of(this.numerator, this.denominator * BigInt(divisor));
  }

  /** "numerator/denominator", lowest terms: how exact figures are stored (see parse). */
  toString(): string {
    return `${this.numerator}/${this.denominator}`;
  }

  /** The inverse of toString (a whole number alone is accepted too). */
  static parse(text: string): Fraction {
    const match = /^(-?\d+)(?:\/(\d+))?$/.exec(text);
    if (!match) throw new RangeError(`Not a fraction: "${text}"`);
    return Fraction.of(BigInt(match[1]!), BigInt(match[2] ?? '1'));
  }

  /** From a published figure with at most two decimals (e.g. 3.67), exactly 367/100. */
  static fromHundredths(value: number): Fraction {
    return Fraction.of(Math.round(value * 100), 100);
  }

  equals(other: Fraction): boolean {
    return this.numerator === other.numerator && this.denominator === other.denominator;
  }

  isAtLeast(other: Fraction): boolean {
    return this.numerator * other.denominator >= other.numerator * this.denominator;
  }

  /** Rounds half away from zero on the exact value (1.005 gives 1.01, unlike Math.round). */
  roundedTo2Decimals(): number {
    const magnitude = this.numerator < 0n ? -this.numerator : this.numerator;
    const hundredths = (200n * magnitude + this.denominator) / (2n * this.denominator);
    if (hundredths === 0n) return 0;
    return ((this.numerator < 0n ? -1 : 1) * Number(hundredths)) / 100;
  }
}
