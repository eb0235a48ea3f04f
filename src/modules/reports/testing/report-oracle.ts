import {
  OTHER_RELATIONSHIPS,
  type OtherRelationship,
  type Relationship,
} from '../../../common/relationship';
import { type ReportBody, type ReportInput, type ResponseInput } from '../report.types';

// An independent oracle: recomputes every figure from the raw answers with its own integer
// arithmetic, sharing no code with computeReport. (Test support: not part of the build.)

const numeric = (response: ResponseInput, itemKey: string): number | null => {
  const value = response.answers[itemKey];
  return typeof value === 'number' ? value : null;
};
const greatestCommonDivisor = (a: number, b: number): number =>
  b === 0 ? a : greatestCommonDivisor(b, a % b);
const leastCommonMultiple = (values: number[]) =>
  values.reduce((acc, v) => (acc * v) / greatestCommonDivisor(acc, v), 1);

/** round(numerator / denominator, 2 decimals), half up, on positive integers: exact. */
const roundHalfUp = (numerator: number, denominator: number) =>
  Math.floor((200 * numerator + denominator) / (2 * denominator)) / 100;

/**
 * Each rater's score over the items, scaled by `scale` (a multiple of every possible count of
 * answers) so that scores are integers: `scale × mean of the rater's numeric answers`.
 */
function scaledScores(responses: ResponseInput[], itemKeys: string[], scale: number): number[] {
  return responses.flatMap((response) => {
    const answers = itemKeys.map((key) => numeric(response, key)).filter((v) => v !== null);
    if (answers.length === 0) return [];
    return [(scale * answers.reduce((a, b) => a + b, 0)) / answers.length];
  });
}

interface OracleFigure {
  n: Record<OtherRelationship, number>;
  mean: (relationships: readonly Relationship[]) => number | null;
}

export function oracleFigure(input: ReportInput, itemKeys: string[]): OracleFigure {
  const scale = leastCommonMultiple(itemKeys.map((_, i) => i + 1));
  const scoresOf = (relationships: readonly Relationship[]) =>
    scaledScores(
      input.responses.filter((response) => relationships.includes(response.relationship)),
      itemKeys,
      scale,
    );
  return {
    n: Object.fromEntries(OTHER_RELATIONSHIPS.map((r) => [r, scoresOf([r]).length])) as Record<
      OtherRelationship,
      number
    >,
    mean: (relationships) => {
      const scores = scoresOf(relationships);
      if (scores.length === 0) return null;
      return roundHalfUp(
        scores.reduce((a, b) => a + b, 0),
        scale * scores.length,
      );
    },
  };
}

/** Every item and dimension of a report, beside the framework's item keys it covers. */
export function figuresOf(report: ReportBody, input: ReportInput) {
  return input.framework.dimensions.flatMap((dimension, d) => {
    const reported = report.dimensions[d];
    if (!reported) throw new Error(`dimension ${dimension.key} missing`);
    return [
      { label: dimension.key, itemKeys: dimension.items.map((i) => i.key), figure: reported },
      ...dimension.items.map((item, i) => {
        const reportedItem = reported.items[i];
        if (!reportedItem) throw new Error(`item ${item.key} missing`);
        return { label: item.key, itemKeys: [item.key], figure: reportedItem };
      }),
    ];
  });
}
