import { Fraction } from './fraction';

describe('Fraction', () => {
  it.each([
    [201, 200, 1.01], // 1.005: Math.round(1.005 * 100) / 100 gives 1
    [535, 200, 2.68], // 2.675: (2.675).toFixed(2) gives "2.67"
    [11, 3, 3.67],
    [10, 3, 3.33],
    [25, 8, 3.13],
    [-201, 200, -1.01], // half away from zero on the negative side too
    [-1, 1000, 0], // never -0
    [4, 1, 4],
  ])('rounds %i / %i to %d', (numerator, denominator, expected) => {
    expect(Fraction.of(numerator, denominator).roundedTo2Decimals()).toBe(expected);
  });

  it('compares exactly where floating point would not', () => {
    // 0.1 + 0.2 >= 0.3 is false in floating point.
    const sum = Fraction.of(1, 10).plus(Fraction.of(2, 10));
    expect(sum.isAtLeast(Fraction.of(3, 10))).toBe(true);
    expect(Fraction.of(3, 10).isAtLeast(sum)).toBe(true);
    expect(Fraction.of(10, 3).minus(Fraction.of(7, 3)).isAtLeast(Fraction.ONE)).toBe(true);
    expect(Fraction.of(299, 100).minus(Fraction.of(2)).isAtLeast(Fraction.ONE)).toBe(false);
  });

  it('takes the mean of its values and refuses the mean of none', () => {
    expect(
      Fraction.mean([Fraction.of(5, 2), Fraction.of(4), Fraction.of(7, 2)]).roundedTo2Decimals(),
    ).toBe(3.33);
    expect(() => Fraction.mean([])).toThrow(RangeError);
  });

  it('writes itself as "p/q" in lowest terms and reads that back exactly', () => {
    expect(Fraction.of(20, 6).toString()).toBe('10/3');
    expect(Fraction.parse('10/3').equals(Fraction.of(10, 3))).toBe(true);
    expect(Fraction.parse('-7').equals(Fraction.of(-7))).toBe(true);
    expect(() => Fraction.parse('1.5')).toThrow(RangeError);
    expect(() => Fraction.parse('1/0')).toThrow(RangeError);
  });

  it('takes a published two-decimal figure exactly', () => {
    expect(Fraction.fromHundredths(3.67).equals(Fraction.of(367, 100))).toBe(true);
    // 4.35 * 100 is 434.99999999999994 in floating point: still 435 hundredths.
    expect(Fraction.fromHundredths(4.35).toString()).toBe('87/20');
  });
});
