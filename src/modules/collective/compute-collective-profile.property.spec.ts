import fc from 'fast-check';
import { Fraction } from '../reports/fraction';
import {
  coachView,
  computeCollectiveProfile,
  type CollectiveProfile,
  type CollectiveProfileInput,
} from './compute-collective-profile';
import { profileCaseArb, type ProfileCase } from './testing/profile-input.arbitrary';
import { findProfileLeaks } from './testing/profile-reconstruction';

// Properties of rule 6 over random organisations (testing/profile-input.arbitrary). The oracle here
// works from the generated units and leaders directly (walking parent links), not from the code's
// tree; the reconstruction checker solves the published equations exactly.

/** FC_RUNS=10000 for the long run; npm test keeps 1,000. */
const RUNS = { numRuns: Number(process.env.FC_RUNS) || 1000 };
const PROPERTY_TIMEOUT_MS = Math.max(60_000, RUNS.numRuns * 60);

/** The units whose subtree holds a leader of this unit: the unit and its ancestors. */
function unitsAbove(input: CollectiveProfileInput, unitId: string | null): Set<string | null> {
  const parentOf = new Map(input.units.map((u) => [u.id, u.parentId]));
  const above = new Set<string | null>([null]); // the organisation row holds everyone
  for (let at = unitId; at !== null && parentOf.has(at); at = parentOf.get(at) ?? null) {
    above.add(at);
  }
  return above;
}

/** Per dimension: each leader with a figure, and the rows of `profile` that hold them. */
function membership(input: CollectiveProfileInput, profile: CollectiveProfile, d: number) {
  const key = profile.dimensions[d]!.key;
  return input.leaders
    .filter((leader) => leader.figures[key] != null)
    .map((leader) => {
      const above = unitsAbove(input, leader.unitId);
      const rows = profile.rows.flatMap((row, r) => (above.has(row.unitId) ? [r] : []));
      return {
        leader,
        rows,
        publishedRows: rows.filter((r) => profile.rows[r]!.cells[d]!.published),
      };
    });
}

/**
 * Each published row's residue, counted leader by leader: the leaders whose deepest published row
 * (the published rows holding a leader form a chain) is that row; and the same less `known`.
 */
function residues(
  input: CollectiveProfileInput,
  profile: CollectiveProfile,
  d: number,
  known: Set<string>,
) {
  const residue = profile.rows.map(() => 0);
  const unknown = profile.rows.map(() => 0);
  for (const { leader, publishedRows } of membership(input, profile, d)) {
    if (publishedRows.length === 0) continue;
    const deepest = publishedRows.reduce((a, b) =>
      profile.rows[b]!.depth > profile.rows[a]!.depth ? b : a,
    );
    residue[deepest]! += 1;
    if (!known.has(leader.leaderId)) unknown[deepest]! += 1;
  }
  return profile.rows.flatMap((row, r) =>
    row.cells[d]!.published ? [{ row: row.name, residue: residue[r]!, unknown: unknown[r]! }] : [],
  );
}

const views = ({ input, coachees, granted }: ProfileCase) => {
  const admin = computeCollectiveProfile(input);
  return { admin, coach: coachView(admin, granted, coachees) };
};

describe('collective profile (properties of rule 6)', () => {
  it(
    '(a) publishes no row below k, and counts leaders and n as the units say',
    () => {
      fc.assert(
        fc.property(profileCaseArb, (c) => {
          const { admin, coach } = views(c);
          const k = c.input.threshold;
          for (const profile of [admin, coach]) {
            profile.dimensions.forEach((dimension, d) => {
              const inRow = profile.rows.map(() => 0);
              for (const { rows } of membership(c.input, profile, d))
                for (const r of rows) inRow[r]! += 1;
              profile.rows.forEach((row, r) => {
                const cell = row.cells[d]!;
                expect(cell.n).toBe(inRow[r]);
                if (cell.published) expect(cell.n).toBeGreaterThanOrEqual(k);
                else expect(cell.mean).toBeNull();
              });
            });
            profile.rows.forEach((row) => {
              const leaders = c.input.leaders.filter((l) =>
                unitsAbove(c.input, l.unitId).has(row.unitId),
              );
              expect(row.leaders).toBe(leaders.length);
            });
          }
          // The coach reads only granted units and what lies below them, never the organisation.
          for (const row of coach.rows) {
            expect(
              [...unitsAbove(c.input, row.unitId)].some((u) => u !== null && c.granted.has(u)),
            ).toBe(true);
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    '(b) leaves every published row a residue of 0 or at least k (for a coach, also less their coachees)',
    () => {
      const safe = (count: number, k: number) => count === 0 || count >= k;
      let residueSuppressions = 0;
      let coachSuppressions = 0;
      fc.assert(
        fc.property(profileCaseArb, (c) => {
          const { admin, coach } = views(c);
          const k = c.input.threshold;
          admin.dimensions.forEach((_, d) => {
            const bad = residues(c.input, admin, d, new Set()).filter((r) => !safe(r.residue, k));
            expect(bad).toEqual([]);
            const badForCoach = residues(c.input, coach, d, c.coachees).filter(
              (r) => !safe(r.residue, k) || !safe(r.unknown, k),
            );
            expect(badForCoach).toEqual([]);
            residueSuppressions += admin.rows.filter(
              (r) => r.cells[d]!.reason === 'residue',
            ).length;
            coachSuppressions += coach.rows.filter((r) => r.cells[d]!.reason === 'coachees').length;
          });
        }),
        RUNS,
      );
      // The generator reaches the cases that matter: rows suppressed by the residue rule, for
      // everyone and further for a coach (else the property above would hold trivially).
      expect(residueSuppressions).toBeGreaterThan(RUNS.numRuns / 10);
      expect(coachSuppressions).toBeGreaterThan(RUNS.numRuns / 10);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    '(c) lets nobody solve the published rows for the sum of fewer than k leaders',
    () => {
      fc.assert(
        fc.property(profileCaseArb, (c) => {
          const { admin } = views(c);
          admin.dimensions.forEach((dimension, d) => {
            const leaks = findProfileLeaks({
              threshold: c.input.threshold,
              leaders: membership(c.input, admin, d).map((m) => ({
                leaderId: m.leader.leaderId,
                publishedRows: m.publishedRows,
              })),
            });
            expect({ dimension: dimension.key, leaks }).toEqual({
              dimension: dimension.key,
              leaks: [],
            });
          });
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    '(d) lets no coach, who knows their coachees’ figures, solve for fewer than k other leaders',
    () => {
      fc.assert(
        fc.property(profileCaseArb, (c) => {
          const { coach } = views(c);
          coach.dimensions.forEach((dimension, d) => {
            const leaks = findProfileLeaks({
              threshold: c.input.threshold,
              leaders: membership(c.input, coach, d).map((m) => ({
                leaderId: m.leader.leaderId,
                publishedRows: m.publishedRows,
              })),
              known: c.coachees,
            });
            expect({ dimension: dimension.key, leaks }).toEqual({
              dimension: dimension.key,
              leaks: [],
            });
          });
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    '(e) publishes each mean as the exact mean of the figures of the leaders it counts',
    () => {
      fc.assert(
        fc.property(profileCaseArb, (c) => {
          const { admin, coach } = views(c);
          for (const profile of [admin, coach]) {
            profile.dimensions.forEach((dimension, d) => {
              const figures = profile.rows.map((): Fraction[] => []);
              for (const { leader, rows } of membership(c.input, profile, d)) {
                for (const r of rows) figures[r]!.push(leader.figures[dimension.key]!);
              }
              profile.rows.forEach((row, r) => {
                const cell = row.cells[d]!;
                if (!cell.published) return;
                expect(cell.mean!.toString()).toBe(Fraction.mean(figures[r]!).toString());
              });
            });
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
