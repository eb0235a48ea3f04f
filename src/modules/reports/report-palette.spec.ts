import { contrastRatio, distributionFills, PALETTE, textColourOn } from './report-palette';

// jsdom cannot compute colour contrast, so axe's color-contrast rule is off in the page checks;
// these ratios stand in for it.
describe('the report palette', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it.each([
    ['text', PALETTE.text],
    ['muted text', PALETTE.mutedText],
  ])('gives %s at least 4.5:1 on the page', (_name, colour) => {
    expect(contrastRatio(colour, PALETTE.background)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['self', PALETTE.self],
    ['others', PALETTE.others],
    ['group', PALETTE.group],
    ['axis', PALETTE.axis],
    ['segment outline', PALETTE.segmentStroke],
  ])('gives the %s mark at least 3:1 against the page', (_name, colour) => {
    expect(contrastRatio(colour, PALETTE.background)).toBeGreaterThanOrEqual(3);
  });

  it.each([2, 5, 7, 11])('labels every segment of a %i-point scale at 4.5:1 or more', (points) => {
    for (const fill of [...distributionFills(points), PALETTE.notObserved]) {
      expect(contrastRatio(textColourOn(fill), fill)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('shades the scale from light to dark', () => {
    const fills = distributionFills(5);
    const ratios = fills.map((fill) => contrastRatio(fill, '#ffffff'));
    expect([...ratios].sort((a, b) => a - b)).toEqual(ratios);
  });
});
