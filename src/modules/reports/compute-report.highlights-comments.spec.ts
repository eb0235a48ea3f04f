import { createHmac } from 'node:crypto';
import { computeReport } from './compute-report';
import {
  buildInput,
  groupOf,
  itemOf,
  rater,
  ratersAnswering,
  times,
} from './testing/report-fixtures';

// Expected figures below are worked out by hand in the comments beside them, never copied from
// the code's output.

describe('computeReport: highlights and comments', () => {
  describe('highlights', () => {
    it('marks a blind spot at a gap of exactly 1.0 and a hidden strength at exactly −1.0', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('self', { keeps_promises: 5, resolves_conflict: 2, every_voice: 4 }),
            ...times(0, 3).map(() =>
              rater('peer', { keeps_promises: 4, resolves_conflict: 3, every_voice: 4 }),
            ),
          ],
        }),
      );

      // keeps_promises 5 − 4 = 1; resolves_conflict 3 − 2 = 1; every_voice 4 − 4 = 0.
      expect(report.highlights).toEqual({
        blindSpots: ['keeps_promises'],
        hiddenStrengths: ['resolves_conflict'],
      });
    });

    it('marks nothing at a gap of 0.99', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('self', { keeps_promises: 5, resolves_conflict: 3 }),
            // (99 × 4 + 5) / 100 = 4.01, so 5 − 4.01 = 0.99.
            ...ratersAnswering('peer', 'keeps_promises', [...times(4, 99), 5]),
            // (99 × 4 + 3) / 100 = 3.99, so 3.99 − 3 = 0.99.
            ...ratersAnswering('peer', 'resolves_conflict', [...times(4, 99), 3]),
          ],
        }),
      );

      expect(report.highlights).toEqual({ blindSpots: [], hiddenStrengths: [] });
    });

    it('judges gaps on the unrounded others figure, not the rounded one', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('self', { keeps_promises: 5, resolves_conflict: 3 }),
            // (200 × 4 + 5) / 201 = 4.00497… shown as 4, yet the true gap is 0.995.
            ...ratersAnswering('peer', 'keeps_promises', [...times(4, 200), 5]),
            // (200 × 4 + 3) / 201 = 3.99502… shown as 4, yet the true gap is 0.995.
            ...ratersAnswering('peer', 'resolves_conflict', [...times(4, 200), 3]),
          ],
        }),
      );

      expect(itemOf(report, 'keeps_promises').others?.mean).toBe(4);
      expect(itemOf(report, 'resolves_conflict').others?.mean).toBe(4);
      expect(report.highlights).toEqual({ blindSpots: [], hiddenStrengths: [] });
    });

    it('skips items whose others figure is withheld or that the leader did not answer', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('self', { keeps_promises: 5, resolves_conflict: null }),
            rater('peer', { keeps_promises: 1, resolves_conflict: 1 }),
            rater('peer', { keeps_promises: 1, resolves_conflict: 1 }),
            rater('peer', { keeps_promises: null, resolves_conflict: 1 }),
          ],
        }),
      );

      // keeps_promises has two numeric others (< k); resolves_conflict has no self answer.
      expect(itemOf(report, 'keeps_promises').others).toBeNull();
      expect(report.highlights).toEqual({ blindSpots: [], hiddenStrengths: [] });
    });
  });

  describe('comments', () => {
    const submitted = [
      'Listens before deciding',
      'Keeps the team informed',
      'Backs us when things go wrong',
    ];
    const keyedHashOrder = (texts: string[], key: string) =>
      [...texts].sort((a, b) => {
        const hashOf = (text: string) => createHmac('sha256', key).update(text).digest('hex');
        return hashOf(a) < hashOf(b) ? -1 : 1;
      });

    it('withholds every comment while fewer than k others responded, keeping each question listed', () => {
      const report = computeReport(
        buildInput({
          responses: [
            rater('peer', {}, { strengths: 'Listens before deciding' }),
            rater('direct_report', {}, { strengths: 'Keeps the team informed' }),
          ],
        }),
      );

      expect(report.comments).toEqual([
        { questionKey: 'strengths', question: 'What does this leader do well?', answers: [] },
        { questionKey: 'differently', question: 'What could they do differently?', answers: [] },
      ]);
    });

    it("publishes the others' comments in keyed-hash order, not submission order, without the leader's own", () => {
      const responses = [
        rater('self', {}, { strengths: 'I listen well' }),
        rater('peer', {}, { strengths: `  ${submitted[0]}\n`, differently: '   ' }),
        rater('direct_report', {}, { strengths: submitted[1] ?? '' }),
        rater('other', {}, { strengths: submitted[2] ?? '', differently: 'Delegate more' }),
      ];
      const report = computeReport(buildInput({ responses, commentOrderKey: 'report-key-2' }));

      const expected = keyedHashOrder(submitted, 'report-key-2');
      // This key was chosen so that the keyed-hash order differs from submission order.
      expect(expected).not.toEqual(submitted);
      expect(report.comments).toEqual([
        { questionKey: 'strengths', question: 'What does this leader do well?', answers: expected },
        {
          questionKey: 'differently',
          question: 'What could they do differently?',
          answers: ['Delegate more'],
        },
      ]);
      expect(computeReport(buildInput({ responses: [...responses].reverse() })).comments).toEqual(
        report.comments,
      );
      // Another key gives another order: the order comes from the key, not from the texts alone.
      const otherKey = computeReport(buildInput({ responses, commentOrderKey: 'report-key-1' }));
      expect(otherKey.comments[0]?.answers).toEqual(keyedHashOrder(submitted, 'report-key-1'));
      expect(otherKey.comments[0]?.answers).not.toEqual(expected);
    });

    it('keeps comments out of the groups', () => {
      const report = computeReport(
        buildInput({
          responses: ratersAnswering('peer', 'keeps_promises', [4, 4, 4]).map((response) => ({
            ...response,
            comments: { strengths: 'Reliable' },
          })),
        }),
      );

      expect(Object.keys(groupOf(itemOf(report, 'keeps_promises'), 'peer')).sort()).toEqual([
        'mean',
        'n',
        'relationship',
        'suppressed',
      ]);
      expect(report.comments[0]?.answers).toEqual(['Reliable', 'Reliable', 'Reliable']);
    });
  });
});
