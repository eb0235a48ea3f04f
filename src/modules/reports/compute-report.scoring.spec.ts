import { computeReport } from './compute-report';
import {
  buildInput,
  dimensionOf,
  itemOf,
  published,
  rater,
  ratersAnswering,
  suppressed,
  times,
} from './testing/report-fixtures';

// Expected figures below are worked out by hand in the comments beside them, never copied from
// the code's output.

describe('computeReport: the figures', () => {
  describe('not observed and per-dimension counting', () => {
    const responses = [
      rater('peer', { keeps_promises: 4, resolves_conflict: null }),
      rater('peer', { keeps_promises: 5, resolves_conflict: 3 }),
      rater('peer', { keeps_promises: 3 }), // resolves_conflict missing: not observed
      rater('direct_report', { keeps_promises: 2, resolves_conflict: 3 }),
      rater('direct_report', { keeps_promises: 4, resolves_conflict: 4 }),
      rater('direct_report', { keeps_promises: 5, resolves_conflict: 2 }),
    ];

    it('drops the peers below k on an item two of them did not observe, while the dimension keeps them', () => {
      const report = computeReport(buildInput({ responses }));

      // One peer answered resolves_conflict, so peers go; then others (4) − direct reports (3)
      // would expose that peer, so direct reports go too. Others (3 + 3 + 4 + 2) / 4 = 3.
      const resolves = itemOf(report, 'resolves_conflict');
      expect(resolves.others).toEqual({
        mean: 3,
        n: 4,
        distribution: { '1': 0, '2': 1, '3': 2, '4': 1, '5': 0, notObserved: 2 },
      });
      expect(resolves.groups).toEqual([suppressed('peer'), suppressed('direct_report')]);

      // Peers' trust scores: 4, (5 + 3) / 2 = 4, 3 → 11 / 3 = 3.666…
      // Direct reports': 2.5, 4, 3.5 → 10 / 3 = 3.333…; others 21 / 6 = 3.5.
      const trust = dimensionOf(report, 'trust');
      expect(trust.others).toEqual({ mean: 3.5, n: 6 });
      expect(trust.groups).toEqual([
        published('peer', 3.67, 3),
        published('direct_report', 3.33, 3),
      ]);

      // keeps_promises: peers 12 / 3 = 4, direct reports 11 / 3 = 3.666…, others 23 / 6 = 3.833…
      const keeps = itemOf(report, 'keeps_promises');
      expect(keeps.others).toEqual({
        mean: 3.83,
        n: 6,
        distribution: { '1': 0, '2': 1, '3': 1, '4': 2, '5': 2, notObserved: 0 },
      });
      expect(keeps.groups).toEqual([published('peer', 4, 3), published('direct_report', 3.67, 3)]);
    });

    it('does not count a rater in a dimension where they gave no numeric answer', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('peer', {
              keeps_promises: 4,
              resolves_conflict: 4,
              every_voice: 3,
              acts_on_bullying: 5,
            }),
            rater('peer', {
              keeps_promises: 5,
              resolves_conflict: 3,
              every_voice: 4,
              acts_on_bullying: null,
            }),
            rater('peer', {
              keeps_promises: 3,
              resolves_conflict: 3,
              every_voice: 2,
              acts_on_bullying: 2,
            }),
            rater('peer', { keeps_promises: 4, resolves_conflict: 2, every_voice: null }),
          ],
        }),
      );

      // Trust scores 4, 4, 3, 3 → 14 / 4 = 3.5 over four peers.
      expect(dimensionOf(report, 'trust').groups).toEqual([published('peer', 3.5, 4)]);
      // Inclusion scores (3 + 5) / 2 = 4, 4, 2 and none for the fourth → 10 / 3 = 3.333… over
      // three peers (counting the fourth as a zero would give 2.5 over four).
      const inclusion = dimensionOf(report, 'inclusion');
      expect(inclusion.groups).toEqual([published('peer', 3.33, 3)]);
      expect(inclusion.others).toEqual({ mean: 3.33, n: 3 });
    });
  });

  describe('rounding', () => {
    it('rounds item means half away from zero on the exact value, where binary floating point would not', () => {
      const report = computeReport(
        buildInput({
          responses: [
            // 199 × 1 + 2 = 201 over 200 = 1.005 exactly (Math.round(1.005 * 100) / 100 gives 1).
            ...ratersAnswering('peer', 'keeps_promises', [...times(1, 199), 2]),
            // 65 × 2 + 135 × 3 = 535 over 200 = 2.675 exactly (2.675.toFixed(2) gives "2.67").
            ...ratersAnswering('direct_report', 'resolves_conflict', [
              ...times(2, 65),
              ...times(3, 135),
            ]),
          ],
        }),
      );

      expect(itemOf(report, 'keeps_promises').others).toMatchObject({ mean: 1.01, n: 200 });
      expect(itemOf(report, 'resolves_conflict').others).toMatchObject({ mean: 2.68, n: 200 });
    });

    it('rounds a dimension mean of per-rater scores to two decimals', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('peer', { keeps_promises: 3, resolves_conflict: 3 }),
            rater('peer', { keeps_promises: 3, resolves_conflict: 3 }),
            rater('peer', { keeps_promises: 4, resolves_conflict: 3 }),
            rater('peer', { keeps_promises: 3, resolves_conflict: 3 }),
          ],
        }),
      );

      // Scores 3, 3, 3.5, 3 → 12.5 / 4 = 3.125 → 3.13.
      expect(dimensionOf(report, 'trust').groups).toEqual([published('peer', 3.13, 4)]);
    });

    it('averages and rounds several self responses, which should not happen', () => {
      const report = computeReport(
        buildInput({ responses: ratersAnswering('self', 'keeps_promises', [4, 4, 5]) }),
      );

      // 13 / 3 = 4.333…
      expect(itemOf(report, 'keeps_promises').self).toBe(4.33);
      expect(itemOf(report, 'resolves_conflict').self).toBeNull();
    });
  });

  it('gives the same report whatever the order of the responses', () => {
    const responses = [
      rater('self', { keeps_promises: 4, resolves_conflict: 2 }, { strengths: 'Me' }),
      rater('manager', { keeps_promises: 3, resolves_conflict: 5 }, { strengths: 'Calm' }),
      rater('peer', { keeps_promises: 2, every_voice: 4 }, { strengths: 'Fair' }),
      rater('peer', { keeps_promises: 5, resolves_conflict: 1 }, { differently: 'Slow down' }),
      rater('peer', { keeps_promises: 1, resolves_conflict: 4, every_voice: 3 }),
      rater('direct_report', { keeps_promises: 3, acts_on_bullying: 5 }, { strengths: 'Kind' }),
      rater('other', { resolves_conflict: 3, every_voice: 2 }),
    ];
    const input = buildInput({ managerDisclosed: true, responses });

    expect(computeReport({ ...input, responses: [...responses].reverse() })).toEqual(
      computeReport(input),
    );
  });

  it('refuses a threshold below 3, which would publish individuals', () => {
    expect(() => computeReport(buildInput({ threshold: 2 }))).toThrow(RangeError);
  });

  it('refuses an answer off the scale rather than scoring corrupt data', () => {
    const responses = [
      ...ratersAnswering('peer', 'keeps_promises', [4, 4]),
      rater('peer', { keeps_promises: 6 }),
    ];
    expect(() => computeReport(buildInput({ responses }))).toThrow(/keeps_promises/);
  });
});
