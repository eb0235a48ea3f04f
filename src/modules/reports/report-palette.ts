// The report's colours. Text needs 4.5:1 against what it sits on and marks 3:1 against white
// (WCAG 2.2 1.4.3 and 1.4.11); report-palette.spec.ts checks every pair, since axe in jsdom
// cannot compute contrast. Colour is never the only cue: marks differ by shape, and every
// figure is also written out.

export const PALETTE = {
  background: '#ffffff',
  text: '#0b0c0c',
  mutedText: '#505a5f',
  /** Gridlines only help the eye; the axis line and the values carry the meaning. */
  grid: '#b1b4b6',
  axis: '#505a5f',
  /** Self: a black diamond. */
  self: '#0b0c0c',
  /** All others: a blue circle. */
  others: '#005eb8',
  /** Each published group: a brown square. */
  group: '#8a3b00',
  /** The outline that separates distribution segments, whatever their fill. */
  segmentStroke: '#505a5f',
  notObserved: '#f3f2f1',
} as const;

/** Light to dark: low scale points light, high ones dark. */
const DISTRIBUTION_RAMP: readonly string[] = [
  '#deebf7',
  '#9ecae1',
  '#4292c6',
  '#08519c',
  '#08306b',
];
const DARKEST = '#08306b';

/** The fill of each scale point of a scale with `points` points, low to high. */
export function distributionFills(points: number): string[] {
  const last = DISTRIBUTION_RAMP.length - 1;
  return Array.from({ length: points }, (_, i) => {
    const at = points <= 1 ? last : Math.round((i * last) / (points - 1));
    return DISTRIBUTION_RAMP[at] ?? DARKEST;
  });
}

/** Black or white, whichever reads better on the fill. */
export function textColourOn(fill: string): string {
  return contrastRatio(fill, PALETTE.text) >= contrastRatio(fill, '#ffffff')
    ? PALETTE.text
    : '#ffffff';
}

/** WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const v = parseInt(part, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
