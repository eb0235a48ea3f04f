import { createHmac } from 'node:crypto';
import { computeReport } from './compute-report';
import type {
  FrameworkShape,
  GroupFigure,
  OtherRelationship,
  Relationship,
  ReportBody,
  ReportInput,
  ResponseInput,
} from './report.types';

// Expected figures below are worked out by hand in the comments beside them, never copied from
// the code's output.

const FRAMEWORK: FrameworkShape = {
  scale: { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] },
  dimensions: [
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'keeps_promises', text: 'Keeps the promises they make' },
        { key: 'resolves_conflict', text: 'Resolves conflict between teams' },
      ],
    },
    {
      key: 'inclusion',
      title: 'Supporting inclusive climates',
      items: [
        { key: 'every_voice', text: 'Makes sure every voice is heard' },
        { key: 'acts_on_bullying', text: 'Acts on bullying and harassment' },
      ],
    },
  ],
  questions: [
    { key: 'strengths', text: 'What does this leader do well?' },
    { key: 'differently', text: 'What could they do differently?' },
  ],
};

function buildInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    framework: FRAMEWORK,
    threshold: 3,
    managerDisclosed: false,
    responses: [],
    counts: {},
    commentOrderKey: 'report-key-2',
    ...overrides,
  };
}

function rater(
  relationship: Relationship,
  answers: Record<string, number | null>,
  comments: Record<string, string> = {},
): ResponseInput {
  return { relationship, answers, comments };
}

/** One rater per value, each answering only `itemKey`. */
function ratersAnswering(
  relationship: Relationship,
  itemKey: string,
  values: (number | null)[],
): ResponseInput[] {
  return values.map((value) => rater(relationship, { [itemKey]: value }));
}

const times = (value: number, count: number): number[] => Array<number>(count).fill(value);

function dimensionOf(report: ReportBody, key: string) {
  const found = report.dimensions.find((dimension) => dimension.key === key);
  if (!found) throw new Error(`no dimension ${key}`);
  return found;
}

function itemOf(report: ReportBody, key: string) {
  const found = report.dimensions.flatMap((d) => d.items).find((item) => item.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
}

function groupOf(figure: { groups: GroupFigure[] }, relationship: OtherRelationship) {
  const found = figure.groups.find((group) => group.relationship === relationship);
  if (!found) throw new Error(`no group ${relationship}`);
  return found;
}

const published = (relationship: OtherRelationship, mean: number, n: number): GroupFigure => ({
  relationship,
  mean,
  n,
  suppressed: false,
});
const suppressed = (relationship: OtherRelationship): GroupFigure => ({
  relationship,
  mean: null,
  n: null,
  suppressed: true,
});

describe('computeReport', () => {
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
