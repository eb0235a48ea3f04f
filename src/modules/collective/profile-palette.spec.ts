import { contrast, luminance, shadeIndex, shadesFor } from './profile-palette';

describe('the collective profile’s shades', () => {
  const shades = shadesFor({ min: 1, max: 5 });

  it('darken step by step, so that they read in greyscale and without telling hues apart', () => {
    const l = shades.map((s) => luminance(s.background));
    for (let i = 1; i < l.length; i++) expect(l[i]!).toBeLessThan(l[i - 1]! * 0.9);
  });

  it('keep their text at a contrast of at least 4.5:1', () => {
    for (const s of shades) expect(contrast(s.background, s.text)).toBeGreaterThanOrEqual(4.5);
  });

  it('cut the scale into equal bands, the maximum in the top one', () => {
    expect(shadeIndex(shades, 1)).toBe(0);
    expect(shadeIndex(shades, 2.9)).toBe(2);
    expect(shadeIndex(shades, 3.0)).toBe(3);
    expect(shadeIndex(shades, 3.67)).toBe(4);
    expect(shadeIndex(shades, 5)).toBe(shades.length - 1);
  });
});
