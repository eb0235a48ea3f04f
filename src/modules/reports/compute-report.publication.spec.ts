import { computeReport } from './compute-report';
import {
  buildInput,
  dimensionOf,
  itemOf,
  published,
  rater,
  ratersAnswering,
  suppressed,
} from './testing/report-fixtures';

// Expected figures below are worked out by hand in the comments beside them, never copied from
// the code's output.

describe('computeReport: which groups are published', () => {
  describe('group suppression', () => {
    it('suppresses a group of two direct reports while peers and the others figure stay published', () => {
      const report = computeReport(
        buildInput({
          responses: [
            ...ratersAnswering('peer', 'keeps_promises', [4, 4, 5, 3]),
            ...ratersAnswering('direct_report', 'keeps_promises', [2, 3]),
            ...ratersAnswering('other', 'keeps_promises', [5]),
          ],
        }),
      );

      const item = itemOf(report, 'keeps_promises');
      // Peers 16 / 4 = 4. Others (16 + 5 + 5) / 7 = 3.714… The unpublished remainder is 2 + 1 = 3 = k.
      expect(item.others).toMatchObject({ mean: 3.71, n: 7 });
      expect(item.groups).toEqual([
        published('peer', 4, 4),
        suppressed('direct_report'),
        suppressed('other'),
      ]);
    });

    it('suppresses the peers too when the others total minus the peers would expose one direct report', () => {
      const report = computeReport(
        buildInput({
          responses: [
            ...ratersAnswering('peer', 'keeps_promises', [3, 4, 4, 5]),
            ...ratersAnswering('direct_report', 'keeps_promises', [1]),
          ],
        }),
      );

      // Others (16 + 1) / 5 = 3.4; publishing peers (16 / 4) would give away the one answer of 1.
      for (const figure of [itemOf(report, 'keeps_promises'), dimensionOf(report, 'trust')]) {
        expect(figure.others).toMatchObject({ mean: 3.4, n: 5 });
        expect(figure.groups).toEqual([suppressed('peer'), suppressed('direct_report')]);
      }
    });

    it('suppresses every group of an item that nobody answered, and withholds its others figure', () => {
      const report = computeReport(
        buildInput({ responses: ratersAnswering('peer', 'keeps_promises', [4, 4, 4]) }),
      );

      const item = itemOf(report, 'resolves_conflict');
      expect(item.others).toBeNull();
      expect(item.groups).toEqual([suppressed('peer')]);
    });
  });

  describe('the line manager', () => {
    const managerPeersAndReports = [
      ...ratersAnswering('manager', 'keeps_promises', [2]),
      ...ratersAnswering('peer', 'keeps_promises', [4, 4, 4]),
      ...ratersAnswering('direct_report', 'keeps_promises', [5, 5, 5]),
    ];

    it('publishes a disclosed line manager at n = 1 beside peers and direct reports', () => {
      const report = computeReport(
        buildInput({ managerDisclosed: true, responses: managerPeersAndReports }),
      );

      const item = itemOf(report, 'keeps_promises');
      // Others (2 + 12 + 15) / 7 = 4.142…; nothing is left unpublished.
      expect(item.others).toMatchObject({ mean: 4.14, n: 7 });
      expect(item.groups).toEqual([
        published('manager', 2, 1),
        published('peer', 4, 3),
        published('direct_report', 5, 3),
      ]);
    });

    it('hides an undisclosed manager and, of two groups of three, suppresses direct reports before peers', () => {
      const report = computeReport(
        buildInput({ managerDisclosed: false, responses: managerPeersAndReports }),
      );

      const item = itemOf(report, 'keeps_promises');
      // Hiding the manager alone leaves a remainder of 1; either group of 3 fixes it, and the tie
      // goes to the group listed later (direct reports), leaving a remainder of 1 + 3 = 4.
      expect(item.others).toMatchObject({ mean: 4.14, n: 7 });
      expect(item.groups).toEqual([
        suppressed('manager'),
        published('peer', 4, 3),
        suppressed('direct_report'),
      ]);
    });

    it('keeps a disclosed manager and suppresses the peers instead when one direct report would be exposed', () => {
      const report = computeReport(
        buildInput({
          managerDisclosed: true,
          responses: [
            ...ratersAnswering('manager', 'keeps_promises', [3]),
            ...ratersAnswering('peer', 'keeps_promises', [4, 4, 4, 4]),
            ...ratersAnswering('direct_report', 'keeps_promises', [1]),
          ],
        }),
      );

      const item = itemOf(report, 'keeps_promises');
      // Others (3 + 16 + 1) / 6 = 3.333…; remainder after the manager is 5 >= k.
      expect(item.others).toMatchObject({ mean: 3.33, n: 6 });
      expect(item.groups).toEqual([
        published('manager', 3, 1),
        suppressed('peer'),
        suppressed('direct_report'),
      ]);
    });

    it('withholds a disclosed manager when the others minus the manager would expose fewer than k raters', () => {
      const report = computeReport(
        buildInput({
          managerDisclosed: true,
          responses: [
            ...ratersAnswering('manager', 'keeps_promises', [5]),
            ...ratersAnswering('peer', 'keeps_promises', [2, 3]),
          ],
        }),
      );

      const item = itemOf(report, 'keeps_promises');
      // Others (5 + 2 + 3) / 3 = 3.333…; with the manager's 5 shown, the two peers' sum would follow.
      expect(item.others).toMatchObject({ mean: 3.33, n: 3 });
      expect(item.groups).toEqual([suppressed('manager'), suppressed('peer')]);
    });
  });

  it('publishes only response counts when all others together are below k', () => {
    const report = computeReport(
      buildInput({
        managerDisclosed: true,
        responses: [
          rater('self', { keeps_promises: 5, every_voice: 4 }, { strengths: 'I listen' }),
          rater('manager', { keeps_promises: 4, every_voice: 3 }, { strengths: 'Reliable' }),
          rater('peer', { keeps_promises: 3, every_voice: 2 }, { strengths: 'Kind' }),
        ],
        counts: {
          self: { invited: 1, completed: 1 },
          manager: { invited: 1, completed: 1 },
          peer: { invited: 2, completed: 1 },
        },
      }),
    );

    for (const dimension of report.dimensions) {
      for (const figure of [dimension, ...dimension.items]) {
        expect(figure.others).toBeNull();
        expect(figure.groups).toEqual([suppressed('manager'), suppressed('peer')]);
      }
    }
    expect(report.counts).toEqual({
      self: { invited: 1, completed: 1 },
      manager: { invited: 1, completed: 1 },
      peer: { invited: 2, completed: 1 },
      direct_report: { invited: 0, completed: 0 },
      other: { invited: 0, completed: 0 },
    });
    expect(report.comments.every((question) => question.answers.length === 0)).toBe(true);
    expect(report.highlights).toEqual({ blindSpots: [], hiddenStrengths: [] });
    // The leader's own answers are theirs and are always shown.
    expect(itemOf(report, 'keeps_promises').self).toBe(5);
    expect(dimensionOf(report, 'trust').self).toBe(5);
  });

  it('lists zero counts for absent relationships and only the groups invited or heard from', () => {
    const report = computeReport(
      buildInput({
        responses: [
          ...ratersAnswering('peer', 'keeps_promises', [4, 4, 4]),
          ...ratersAnswering('other', 'keeps_promises', [2]),
        ],
        counts: {
          manager: { invited: 1, completed: 0 },
          peer: { invited: 4, completed: 3 },
        },
      }),
    );

    expect(report.counts).toEqual({
      self: { invited: 0, completed: 0 },
      manager: { invited: 1, completed: 0 },
      peer: { invited: 4, completed: 3 },
      direct_report: { invited: 0, completed: 0 },
      other: { invited: 0, completed: 0 },
    });
    // The 'other' rater was never counted as invited but did respond, so the group is listed.
    expect(itemOf(report, 'keeps_promises').groups).toEqual([
      suppressed('manager'),
      suppressed('peer'),
      suppressed('other'),
    ]);
    expect(report.threshold).toBe(3);
  });
});
