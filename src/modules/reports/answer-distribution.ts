import { numericAnswer } from './numeric-answer';
import type { ScaleShape } from '../frameworks/framework-shape';
import type { ResponseInput } from './report.types';

/** How many of the given responses chose each scale point (keys "1".."5") or "notObserved". */
export function answerDistribution(
  responses: readonly ResponseInput[],
  itemKey: string,
  scale: ScaleShape,
): Record<string, number> {
  const distribution: Record<string, number> = {};
  for (let point = scale.min; point <= scale.max; point += 1) distribution[String(point)] = 0;
  distribution.notObserved = 0;
  for (const response of responses) {
    const answer = numericAnswer(response, itemKey, scale);
    const key = answer === null ? 'notObserved' : String(answer);
    distribution[key] = (distribution[key] ?? 0) + 1;
  }
  return distribution;
}
