import { Fraction } from './fraction';
import { raterScoresByRelationship } from './rater-scores';
import { OTHER_RELATIONSHIPS, type OtherRelationship } from '../../common/relationship';
import { type GroupFigure, type ReportInput } from './report.types';
import { choosePublication } from './suppression';

/** The figures of one item or one dimension, with the unrounded values highlights need. */
export interface ScoredFigure {
  self: Fraction | null;
  others: { mean: Fraction; n: number } | null;
  groups: GroupFigure[];
}

/**
 * Scores one item or dimension (an item is a dimension of one item: a rater's score there is their
 * answer) and applies the anonymity rules to what may be published.
 */
export function scoreFigure(
  input: ReportInput,
  itemKeys: readonly string[],
  listedGroups: readonly OtherRelationship[],
): ScoredFigure {
  const scores = raterScoresByRelationship(input.responses, itemKeys, input.framework.scale);
  const n = Object.fromEntries(OTHER_RELATIONSHIPS.map((r) => [r, scores[r].length])) as Record<
    OtherRelationship,
    number
  >;
  const publication = choosePublication(n, input.threshold, input.managerDisclosed);
  const othersScores = OTHER_RELATIONSHIPS.flatMap((r) => scores[r]);

  return {
    // Several self responses should not happen; if they do, their mean stands for the leader.
    self: scores.self.length > 0 ? Fraction.mean(scores.self) : null,
    others: publication.others
      ? { mean: Fraction.mean(othersScores), n: othersScores.length }
      : null,
    groups: listedGroups.map((relationship) =>
      publication.groups.has(relationship)
        ? {
            relationship,
            mean: Fraction.mean(scores[relationship]).roundedTo2Decimals(),
            n: n[relationship],
            suppressed: false,
          }
        : { relationship, mean: null, n: null, suppressed: true },
    ),
  };
}
