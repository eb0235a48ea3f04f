import { answerDistribution } from './answer-distribution';
import { findHighlights, type ItemGap } from './find-highlights';
import type { Fraction } from './fraction';
import { publishComments } from './publish-comments';
import {
  OTHER_RELATIONSHIPS,
  type OtherRelationship,
  type Relationship,
} from '../../common/relationship';
import { type DimensionReport, type ReportBody, type ReportInput } from './report.types';
import { scoreFigure } from './score-figure';

const MIN_THRESHOLD = 3;

/**
 * The whole scored report of one leader: figures per dimension and item, suppressed where the
 * anonymity promise requires, comments and highlights. Pure, and independent of response order.
 */
export function computeReport(input: ReportInput): ReportBody {
  // A bad threshold would publish individuals; refuse rather than trust the caller.
  if (!Number.isInteger(input.threshold) || input.threshold < MIN_THRESHOLD) {
    throw new RangeError(`The anonymity threshold must be an integer of at least ${MIN_THRESHOLD}`);
  }
  const listed = listedGroups(input);
  const others = input.responses.filter((response) => response.relationship !== 'self');
  const itemGaps: ItemGap[] = [];

  const dimensions = input.framework.dimensions.map((dimension): DimensionReport => {
    const figure = scoreFigure(
      input,
      dimension.items.map((item) => item.key),
      listed,
    );
    return {
      key: dimension.key,
      title: dimension.title,
      self: rounded(figure.self),
      others: figure.others && {
        mean: figure.others.mean.roundedTo2Decimals(),
        n: figure.others.n,
      },
      groups: figure.groups,
      items: dimension.items.map((item) => {
        const itemFigure = scoreFigure(input, [item.key], listed);
        itemGaps.push({
          key: item.key,
          self: itemFigure.self,
          others: itemFigure.others?.mean ?? null,
        });
        return {
          key: item.key,
          text: item.text,
          self: rounded(itemFigure.self),
          others: itemFigure.others && {
            mean: itemFigure.others.mean.roundedTo2Decimals(),
            n: itemFigure.others.n,
            distribution: answerDistribution(others, item.key, input.framework.scale),
          },
          groups: itemFigure.groups,
        };
      }),
    };
  });

  return {
    threshold: input.threshold,
    counts: responseCounts(input),
    dimensions,
    comments: publishComments(input),
    highlights: findHighlights(itemGaps),
  };
}

const rounded = (value: Fraction | null): number | null => value?.roundedTo2Decimals() ?? null;

/** Groups the leader invited or heard from; the others would only be empty rows. */
function listedGroups(input: ReportInput): OtherRelationship[] {
  return OTHER_RELATIONSHIPS.filter((relationship) => {
    const count = input.counts[relationship];
    return (
      (count?.invited ?? 0) > 0 ||
      (count?.completed ?? 0) > 0 ||
      input.responses.some((response) => response.relationship === relationship)
    );
  });
}

function responseCounts(input: ReportInput): ReportBody['counts'] {
  const countOf = (relationship: Relationship) => ({
    invited: input.counts[relationship]?.invited ?? 0,
    completed: input.counts[relationship]?.completed ?? 0,
  });
  return {
    self: countOf('self'),
    manager: countOf('manager'),
    peer: countOf('peer'),
    direct_report: countOf('direct_report'),
    other: countOf('other'),
  };
}
