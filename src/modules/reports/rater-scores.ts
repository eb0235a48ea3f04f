import { Fraction } from './fraction';
import { numericAnswer } from './numeric-answer';
import { RELATIONSHIPS, type Relationship } from '../../common/relationship';
import { type ScaleShape } from '../frameworks/framework-shape';
import { type ResponseInput } from './report.types';

/**
 * Each rater's score over the given items, grouped by relationship. A rater's score is the mean
 * of their numeric answers there (for one item: the answer itself); a rater with none is left out.
 */
export function raterScoresByRelationship(
  responses: readonly ResponseInput[],
  itemKeys: readonly string[],
  scale: ScaleShape,
): Record<Relationship, Fraction[]> {
  const scores = Object.fromEntries(RELATIONSHIPS.map((r) => [r, [] as Fraction[]])) as Record<
    Relationship,
    Fraction[]
  >;
  for (const response of responses) {
    const answers = itemKeys
      .map((key) => numericAnswer(response, key, scale))
      .filter((answer): answer is number => answer !== null);
    if (answers.length === 0) continue;
    scores[response.relationship].push(Fraction.mean(answers.map((answer) => Fraction.of(answer))));
  }
  return scores;
}
