import { Fraction } from './fraction';
import type { ReportBody } from './report.types';

export interface ItemGap {
  key: string;
  /** Unrounded; null when the leader gave no numeric answer. */
  self: Fraction | null;
  /** Unrounded; null when the others figure is not published. */
  others: Fraction | null;
}

/** Blind spots and hidden strengths: a gap of at least 1.0 on the unrounded figures. */
export function findHighlights(items: readonly ItemGap[]): ReportBody['highlights'] {
  const highlights: ReportBody['highlights'] = { blindSpots: [], hiddenStrengths: [] };
  for (const { key, self, others } of items) {
    if (self === null || others === null) continue;
    if (self.minus(others).isAtLeast(Fraction.ONE)) highlights.blindSpots.push(key);
    if (others.minus(self).isAtLeast(Fraction.ONE)) highlights.hiddenStrengths.push(key);
  }
  return highlights;
}
