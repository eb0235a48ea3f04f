import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { computeReport } from './compute-report';
import {
  OTHER_RELATIONSHIPS,
  RELATIONSHIPS,
  type FrameworkShape,
  type GroupFigure,
  type OtherRelationship,
  type Relationship,
  type ReportBody,
  type ReportInput,
  type ResponseInput,
} from './report.types';

// Properties of the anonymity promise and of scoring, over random cycles. The oracle below
// recomputes every figure from the raw answers with its own integer arithmetic, independently
// of the code under test.

const RUNS = { numRuns: 1000 };
// A thousand runs take about a second; the margin is for a loaded CI machine.
const PROPERTY_TIMEOUT_MS = 30_000;
const SCALE = { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] };
const QUESTIONS = [
  { key: 'strengths', text: 'What does this leader do well?' },
  { key: 'differently', text: 'What could they do differently?' },
];
const SELF_COMMENT = 'SELF:';

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

const inputArb: fc.Arbitrary<ReportInput> = fc
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

// ---- The independent oracle -------------------------------------------------------------------

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

function oracleFigure(input: ReportInput, itemKeys: string[]): OracleFigure {
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
function figuresOf(report: ReportBody, input: ReportInput) {
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

// ---- The reconstruction checker ---------------------------------------------------------------

/** What one item or dimension publishes, against the true group sizes there. */
interface Disclosure {
  threshold: number;
  n: Record<OtherRelationship, number>;
  othersPublished: boolean;
  publishedGroups: OtherRelationship[];
}

/** Rank of an integer matrix by fraction-free Gaussian elimination (exact on small integers). */
function rank(matrix: number[][]): number {
  const rows = matrix.map((row) => [...row]);
  const columns = rows[0]?.length ?? 0;
  let rank = 0;
  for (let c = 0; c < columns && rank < rows.length; c += 1) {
    const pivotIndex = rows.findIndex((row, i) => i >= rank && row[c] !== 0);
    if (pivotIndex < 0) continue;
    const pivot = rows[pivotIndex] ?? [];
    rows[pivotIndex] = rows[rank] ?? [];
    rows[rank] = pivot;
    const p = pivot[c] ?? 0;
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] ?? [];
      const f = row[c] ?? 0;
      if (i === rank || f === 0) continue;
      rows[i] = row.map((x, j) => x * p - f * (pivot[j] ?? 0));
    }
    rank += 1;
  }
  return rank;
}

/**
 * Treats the published figures as linear equations over the unknown group sums (the attacker
 * knows each published n and, we assume, each exact sum): the others figure is the row of all
 * groups with n > 0, a published group its unit row. A group's sum is determined iff its unit
 * vector lies in the row space. Returns every leak found, including a breach of the remainder rule.
 */
function findLeaks(disclosure: Disclosure): string[] {
  const { threshold, n, othersPublished, publishedGroups } = disclosure;
  const unknowns = OTHER_RELATIONSHIPS.filter((r) => n[r] > 0);
  const unit = (r: OtherRelationship) => unknowns.map((u) => (u === r ? 1 : 0));
  const equations: number[][] = [
    ...(othersPublished ? [unknowns.map(() => 1)] : []),
    ...publishedGroups.map(unit),
  ];
  const leaks: string[] = [];
  for (const group of unknowns) {
    if (publishedGroups.includes(group)) continue;
    if (n[group] >= threshold) continue;
    if (rank([...equations, unit(group)]) === rank(equations)) {
      leaks.push(`${group} (n = ${n[group]}) can be recovered`);
    }
  }
  if (othersPublished) {
    const othersN = OTHER_RELATIONSHIPS.reduce((sum, r) => sum + n[r], 0);
    const remainder = othersN - publishedGroups.reduce((sum, r) => sum + n[r], 0);
    if (remainder !== 0 && remainder < threshold) {
      leaks.push(`others minus published groups leaves ${remainder} raters`);
    }
  }
  return leaks;
}

const publishedGroupsOf = (groups: GroupFigure[]) =>
  groups.filter((group) => !group.suppressed).map((group) => group.relationship);

const noGroups: Record<OtherRelationship, number> = {
  manager: 0,
  peer: 0,
  direct_report: 0,
  other: 0,
};

// ---- Properties -------------------------------------------------------------------------------

describe('computeReport (properties)', () => {
  describe('the reconstruction checker', () => {
    it('reports the direct report left alone when only four peers and the others total are published', () => {
      const leaks = findLeaks({
        threshold: 3,
        n: { ...noGroups, peer: 4, direct_report: 1 },
        othersPublished: true,
        publishedGroups: ['peer'],
      });
      expect(leaks).toEqual([
        'direct_report (n = 1) can be recovered',
        'others minus published groups leaves 1 raters',
      ]);
    });

    it('reports two small groups whose joint sum can be recovered, though neither alone can', () => {
      const leaks = findLeaks({
        threshold: 3,
        n: { ...noGroups, peer: 4, direct_report: 1, other: 1 },
        othersPublished: true,
        publishedGroups: ['peer'],
      });
      expect(leaks).toEqual(['others minus published groups leaves 2 raters']);
    });

    it('finds no leak when only the others total is published', () => {
      const leaks = findLeaks({
        threshold: 3,
        n: { ...noGroups, peer: 4, direct_report: 1 },
        othersPublished: true,
        publishedGroups: [],
      });
      expect(leaks).toEqual([]);
    });
  });

  it(
    'publishes no group figure with 0 < n < k, except a disclosed manager',
    () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const report = computeReport(input);
          const wrong = figuresOf(report, input).flatMap(({ label, figure }) =>
            figure.groups
              .filter((group) => {
                if (group.suppressed) return group.mean !== null || group.n !== null;
                const n = group.n ?? 0;
                const disclosedManager = group.relationship === 'manager' && input.managerDisclosed;
                return !(n >= input.threshold || (disclosedManager && n >= 1));
              })
              .map((group) => ({ label, group })),
          );
          expect(wrong).toEqual([]);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'leaves no suppressed small group recoverable from the published figures',
    () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const report = computeReport(input);
          const leaks = figuresOf(report, input).flatMap(({ label, itemKeys, figure }) =>
            findLeaks({
              threshold: input.threshold,
              n: oracleFigure(input, itemKeys).n,
              othersPublished: figure.others !== null,
              publishedGroups: publishedGroupsOf(figure.groups),
            }).map((leak) => `${label}: ${leak}`),
          );
          expect(leaks).toEqual([]);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'publishes means and n that match the raw answers of exactly the raters they claim',
    () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const report = computeReport(input);
          // Listed: the groups invited or heard from, in report order.
          const listed = OTHER_RELATIONSHIPS.filter(
            (r) =>
              (input.counts[r]?.invited ?? 0) > 0 ||
              input.responses.some((response) => response.relationship === r),
          );
          for (const { itemKeys, figure } of figuresOf(report, input)) {
            const oracle = oracleFigure(input, itemKeys);
            const othersN = OTHER_RELATIONSHIPS.reduce((sum, r) => sum + oracle.n[r], 0);
            const expected = {
              self: oracle.mean(['self']),
              others:
                othersN >= input.threshold
                  ? { mean: oracle.mean(OTHER_RELATIONSHIPS), n: othersN }
                  : null,
              groups: listed.map((relationship) =>
                figure.groups.find((g) => g.relationship === relationship)?.suppressed
                  ? { relationship, mean: null, n: null, suppressed: true }
                  : {
                      relationship,
                      mean: oracle.mean([relationship]),
                      n: oracle.n[relationship],
                      suppressed: false,
                    },
              ),
            };
            const { self, others, groups } = figure;
            const actual = { self, others: others && { mean: others.mean, n: others.n }, groups };
            if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'gives the same report whatever the order of the responses',
    () => {
      fc.assert(
        fc.property(
          inputArb.chain((input) =>
            fc
              .shuffledSubarray(input.responses, {
                minLength: input.responses.length,
                maxLength: input.responses.length,
              })
              .map((shuffled) => ({ input, shuffled })),
          ),
          ({ input, shuffled }) => {
            const original = computeReport(input);
            const reordered = computeReport({ ...input, responses: shuffled });
            if (!isDeepStrictEqual(reordered, original)) expect(reordered).toEqual(original);
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "gives distributions only for published others figures, counting every other rater's response",
    () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const report = computeReport(input);
          const othersCount = input.responses.filter((r) => r.relationship !== 'self').length;
          const wrong = report.dimensions
            .flatMap((d) => d.items)
            .filter((item) => {
              if (item.groups.some((group) => 'distribution' in group)) return true;
              if (item.others === null) return false;
              const { distribution, n } = item.others;
              const total = Object.values(distribution).reduce((a, b) => a + b, 0);
              return (
                Object.keys(distribution).join() !== '1,2,3,4,5,notObserved' ||
                total !== othersCount ||
                othersCount - (distribution.notObserved ?? 0) !== n
              );
            });
          expect(wrong).toEqual([]);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'publishes comments only when the others reach k, and never the leader’s own',
    () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const report = computeReport(input);
          const others = input.responses.filter((r) => r.relationship !== 'self');
          const published = others.length >= input.threshold;
          const expected = QUESTIONS.map(({ key }) =>
            published
              ? others
                  .map((r) => (r.comments[key] ?? '').trim())
                  .filter((t) => t !== '')
                  .sort()
              : [],
          );
          const actual = report.comments.map(({ answers }) => [...answers].sort());
          expect(report.comments.map((c) => c.questionKey).join()).toBe('strengths,differently');
          if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
          const selfComments = report.comments
            .flatMap((c) => c.answers)
            .filter((t) => t.startsWith(SELF_COMMENT));
          expect(selfComments.length).toBe(0);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
