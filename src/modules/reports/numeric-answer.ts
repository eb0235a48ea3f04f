import type { ScaleShape } from '../frameworks/framework-shape';
import type { ResponseInput } from './report.types';

/**
 * The rater's numeric answer to an item, or null for "not observed" (null or a missing key).
 * Answers are checked on submit; one off the scale here means corrupt data, and scoring it
 * silently would publish wrong figures, so it throws instead.
 */
export function numericAnswer(
  response: ResponseInput,
  itemKey: string,
  scale: ScaleShape,
): number | null {
  // hasOwn: an item keyed "constructor" must not read Object.prototype.
  const value = Object.hasOwn(response.answers, itemKey) ? response.answers[itemKey] : null;
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < scale.min || value > scale.max) {
    throw new RangeError(
      `Answer ${String(value)} to item "${itemKey}" is not a point of the ${scale.min}–${scale.max} scale`,
    );
  }
  return value;
}
