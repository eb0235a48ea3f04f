import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { computeReport } from './compute-report';
import { OTHER_RELATIONSHIPS } from '../../common/relationship';
import { findLeaks, publishedGroupsOf } from './testing/reconstruction-checker';
import { inputArb, QUESTIONS, SELF_COMMENT } from './testing/report-input.arbitrary';
import { figuresOf, oracleFigure } from './testing/report-oracle';

// Properties of the anonymity promise and of scoring, over random cycles (report-input.arbitrary).
// The oracle (report-oracle) recomputes every figure from the raw answers with its own integer
// arithmetic, independently of the code under test; the reconstruction checker looks for a
// suppressed group that the published figures would give away.

/** FC_RUNS=10000 for the long run; npm test keeps 1,000. */
const RUNS = { numRuns: Number(process.env.FC_RUNS) || 1000 };
// A thousand runs take about a second; the margin is for a loaded CI machine.
const PROPERTY_TIMEOUT_MS = Math.max(30_000, RUNS.numRuns * 30);

describe('computeReport (properties)', () => {
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
