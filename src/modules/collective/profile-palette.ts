// The collective profile's heatmap shades: one hue (NHS blue), lighter to darker as the figure
// rises, so that it reads the same in greyscale and for every kind of colour blindness; the text
// on each shade keeps a contrast of at least 4.5:1. The number is always written as well. Pure.

export interface Shade {
  /** Inclusive lower bound on the scale. */
  from: number;
  /** Exclusive upper bound (the top shade includes the scale's maximum). */
  to: number;
  background: string;
  text: string;
}

const BACKGROUNDS = ['#f0f5fb', '#d2e3f3', '#a4c6e8', '#6fa3d6', '#2f6cb0', '#003087'];
const DARK_TEXT = '#212b32';
const LIGHT_TEXT = '#ffffff';

/** Relative luminance (WCAG 2) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The scale cut into equal bands, one shade each, with the more legible text colour on it. */
export function shadesFor(scale: { min: number; max: number }): Shade[] {
  const width = (scale.max - scale.min) / BACKGROUNDS.length;
  return BACKGROUNDS.map((background, i) => ({
    from: scale.min + i * width,
    to: scale.min + (i + 1) * width,
    background,
    text:
      contrast(background, DARK_TEXT) >= contrast(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT,
  }));
}

/** The index of the shade for a mean (a rounded, shown figure). */
export function shadeIndex(shades: readonly Shade[], mean: number): number {
  const i = shades.findIndex((s) => mean < s.to);
  return i < 0 ? shades.length - 1 : Math.max(0, i);
}
