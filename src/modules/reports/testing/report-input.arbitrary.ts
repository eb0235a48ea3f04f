import fc from 'fast-check';
import { RELATIONSHIPS, type Relationship } from '../../../common/relationship';
import { type FrameworkShape } from '../../frameworks/framework-shape';
import { type ReportInput, type ResponseInput } from '../report.types';

// Random cycles for the properties of computeReport: frameworks of two behaviours, groups of
// every size (small ones more often), answers, "not observed", missing keys and comments.
// (Test support: not part of the build.)

const SCALE = { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] };
export const QUESTIONS = [
  { key: 'strengths', text: 'What does this leader do well?' },
  { key: 'differently', text: 'What could they do differently?' },
];
export const SELF_COMMENT = 'SELF:';

function framework(itemsPerDimension: number[]): FrameworkShape {
  return {
    scale: SCALE,
    dimensions: itemsPerDimension.map((count, d) => ({
      key: `d${d}`,
      title: `Dimension ${d}`,
      items: Array.from({ length: count }, (_, i) => ({
        key: `d${d}i${i}`,
        text: `Item ${d}.${i}`,
      })),
    })),
    questions: QUESTIONS,
  };
}

// A numeric answer, "not observed" (null) or a missing key (undefined, dropped from the record).
const answerArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 5 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);
const commentArb = fc.option(
  fc.oneof(fc.constantFrom('', '   ', 'Kind', ' Clear goals '), fc.string({ maxLength: 12 })),
  { nil: undefined, freq: 2 },
);
// Small groups (where suppression matters) come up more often than a uniform 0–15 would give.
const groupSizeArb = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 15 }));

function responseArb(relationship: Relationship, itemKeys: string[]): fc.Arbitrary<ResponseInput> {
  return fc
    .record({
      answers: fc.array(answerArb, { minLength: itemKeys.length, maxLength: itemKeys.length }),
      comments: fc.array(commentArb, { minLength: QUESTIONS.length, maxLength: QUESTIONS.length }),
    })
    .map(({ answers, comments }) => ({
      relationship,
      answers: Object.fromEntries(
        itemKeys.flatMap((key, i) => (answers[i] === undefined ? [] : [[key, answers[i]]])),
      ),
      comments: Object.fromEntries(
        QUESTIONS.flatMap((question, i) => {
          const text = comments[i];
          if (text === undefined) return [];
          return [[question.key, relationship === 'self' ? `${SELF_COMMENT}${text}` : text]];
        }),
      ),
    }));
}

export const inputArb: fc.Arbitrary<ReportInput> = fc
  .record({
    threshold: fc.integer({ min: 3, max: 6 }),
    managerDisclosed: fc.boolean(),
    itemsPerDimension: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 2, maxLength: 2 }),
    sizes: fc.record({
      self: fc.integer({ min: 0, max: 1 }),
      manager: groupSizeArb,
      peer: groupSizeArb,
      direct_report: groupSizeArb,
      other: groupSizeArb,
    }),
    // Extra invitations without answers, or no count at all for a group (it is then listed only
    // if someone of it responded).
    unanswered: fc.array(fc.option(fc.integer({ min: 0, max: 2 }), { freq: 4 }), {
      minLength: RELATIONSHIPS.length,
      maxLength: RELATIONSHIPS.length,
    }),
    commentOrderKey: fc.string({ minLength: 1, maxLength: 8 }),
  })
  .chain(
    ({ threshold, managerDisclosed, itemsPerDimension, sizes, unanswered, commentOrderKey }) => {
      const shape = framework(itemsPerDimension);
      const itemKeys = shape.dimensions.flatMap((d) => d.items.map((item) => item.key));
      return fc
        .tuple(
          ...RELATIONSHIPS.map((relationship) =>
            fc.array(responseArb(relationship, itemKeys), {
              minLength: sizes[relationship],
              maxLength: sizes[relationship],
            }),
          ),
        )
        .map((groups): ReportInput => ({
          framework: shape,
          threshold,
          managerDisclosed,
          responses: groups.flat(),
          counts: Object.fromEntries(
            RELATIONSHIPS.flatMap((relationship, i) => {
              const extra = unanswered[i];
              if (extra === null || extra === undefined) return [];
              const completed = sizes[relationship];
              return [[relationship, { invited: completed + extra, completed }]];
            }),
          ),
          commentOrderKey,
        }));
    },
  );
