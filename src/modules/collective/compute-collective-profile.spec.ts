import { Fraction } from '../reports/fraction';
import {
  coachView,
  computeCollectiveProfile,
  type CollectiveProfile,
  type ProfileLeader,
} from './compute-collective-profile';
import type { UnitNode } from './unit-tree';

// Rule 6 worked by hand on small trees, one behaviour ("trust"), k = 3 unless said.

const DIMENSIONS = [{ key: 'trust', title: 'Building trust and co-operation' }];

let nextLeader = 0;
/** `count` leaders in a unit, each with the given others figure (null: suppressed in their report). */
function leadersIn(
  unitId: string | null,
  count: number,
  figure: number | null = 4,
): ProfileLeader[] {
  return Array.from({ length: count }, () => ({
    leaderId: `leader-${++nextLeader}`,
    unitId,
    figures: { trust: figure === null ? null : Fraction.fromHundredths(figure) },
  }));
}

const unit = (id: string, parentId: string | null = null): UnitNode => ({ id, name: id, parentId });

function profileOf(units: UnitNode[], leaders: ProfileLeader[], threshold = 3): CollectiveProfile {
  return computeCollectiveProfile({
    organisationName: 'Northshire',
    threshold,
    dimensions: DIMENSIONS,
    units,
    leaders,
  });
}

/** Row name → [leaders, n, mean rounded or "not shown (reason)"]. */
function table(profile: CollectiveProfile): Record<string, [number, number, number | string]> {
  return Object.fromEntries(
    profile.rows.map((row) => {
      const cell = row.cells[0]!;
      return [
        row.name,
        [
          row.leaders,
          cell.n,
          cell.published ? cell.mean!.roundedTo2Decimals() : `not shown (${cell.reason})`,
        ],
      ];
    }),
  );
}

describe('computeCollectiveProfile (rule 6, by hand)', () => {
  it('publishes a unit of exactly k leaders with figures, and not one of k − 1', () => {
    const units = [unit('Acute'), unit('Community'), unit('Estates')];
    const acute = leadersIn('Acute', 3, 4);
    const estates = leadersIn('Estates', 2, null); // leaders, but no published figure: n = 0
    expect(
      table(profileOf(units, [...acute, ...leadersIn('Community', 3, 3), ...estates])),
    ).toEqual({
      Northshire: [8, 6, 3.5],
      Acute: [3, 3, 4],
      Community: [3, 3, 3],
      Estates: [2, 0, 'not shown (no_figures)'],
    });
    // One Community leader without a figure: Community (n = 2) is below k, and the organisation
    // less Acute would then be those two: Acute gives way too.
    const community = [...leadersIn('Community', 2, 3), ...leadersIn('Community', 1, null)];
    expect(table(profileOf(units, [...acute, ...community, ...estates]))).toEqual({
      Northshire: [8, 5, 3.6],
      Acute: [3, 3, 'not shown (residue)'],
      Community: [3, 2, 'not shown (below_threshold)'],
      Estates: [2, 0, 'not shown (no_figures)'],
    });
  });

  it('suppresses a child when its parent’s residue would be 1', () => {
    const units = [unit('Surgery'), unit('Theatres', 'Surgery')];
    const leaders = [...leadersIn('Surgery', 1, 2), ...leadersIn('Theatres', 3, 4)];
    // Surgery n = 4, Theatres n = 3: Surgery less Theatres would be the one leader in Surgery.
    expect(table(profileOf(units, leaders))).toEqual({
      Northshire: [4, 4, 3.5],
      Surgery: [4, 4, 3.5],
      Theatres: [3, 3, 'not shown (residue)'],
    });
  });

  it('lets the children of a suppressed row join its parent’s frontier, and keeps them when that holds', () => {
    // Medicine (1 leader) > Wards (2) > Ward 1 (3), Ward 2 (3).
    const units = [
      unit('Medicine'),
      unit('Wards', 'Medicine'),
      unit('Ward 1', 'Wards'),
      unit('Ward 2', 'Wards'),
    ];
    const leaders = [
      ...leadersIn('Medicine', 1, 1),
      ...leadersIn('Wards', 2, 2),
      ...leadersIn('Ward 1', 3, 3),
      ...leadersIn('Ward 2', 3, 5),
    ];
    // Medicine 9 − Wards 8 = 1: Wards goes; Medicine's frontier becomes Ward 1 and Ward 2, and
    // 9 − 3 − 3 = 3 ≥ k, so both wards stay published.
    expect(table(profileOf(units, leaders))).toEqual({
      Northshire: [9, 9, 3.22],
      Medicine: [9, 9, 3.22],
      Wards: [8, 8, 'not shown (residue)'],
      'Ward 1': [3, 3, 3],
      'Ward 2': [3, 3, 5],
    });
  });

  it('goes on down a frontier smallest first, then by name, until the residue is 0 or at least k', () => {
    // Organisation 11 = A 4 + B 3 + C 3 + 1 without a unit: residue 1. B and C (n = 3) are the
    // smallest; B comes first by name: residue 4. Done.
    const units = [unit('C'), unit('A'), unit('B')];
    const leaders = [
      ...leadersIn(null, 1),
      ...leadersIn('A', 4),
      ...leadersIn('B', 3),
      ...leadersIn('C', 3),
    ];
    const profile = profileOf(units, leaders);
    expect(profile.rows.map((r) => r.name)).toEqual(['Northshire', 'A', 'B', 'C']);
    expect(table(profile)).toEqual({
      Northshire: [11, 11, 4],
      A: [4, 4, 4],
      B: [3, 3, 'not shown (residue)'],
      C: [3, 3, 4],
    });
  });

  it('counts leaders without a unit only in the organisation row, whose residue they make', () => {
    const units = [unit('Estates')];
    const leaders = [...leadersIn(null, 2, 1), ...leadersIn('Estates', 4, 4)];
    // The organisation 6 − Estates 4 = 2 (the two without a unit): Estates gives way.
    expect(table(profileOf(units, leaders))).toEqual({
      Northshire: [6, 6, 3],
      Estates: [4, 4, 'not shown (residue)'],
    });
  });

  it('shows only counts when the whole organisation has fewer than k figures', () => {
    const units = [unit('Estates')];
    const leaders = [...leadersIn('Estates', 2, 4), ...leadersIn(null, 3, null)];
    expect(table(profileOf(units, leaders))).toEqual({
      Northshire: [5, 2, 'not shown (below_threshold)'],
      Estates: [2, 2, 'not shown (below_threshold)'],
    });
    expect(table(profileOf(units, leadersIn(null, 2, null)))).toEqual({
      Northshire: [2, 0, 'not shown (no_figures)'],
      Estates: [0, 0, 'not shown (no_figures)'],
    });
  });

  it('keeps the mean exact until it is shown (no rounding inside sums)', () => {
    // 3.33 + 3.33 + 3.34 = 10 exactly: the mean is 10/3, shown as 3.33.
    const leaders = [...leadersIn(null, 2, 3.33), ...leadersIn(null, 1, 3.34)];
    const cell = profileOf([], leaders).rows[0]!.cells[0]!;
    expect(cell.mean!.equals(Fraction.of(10, 3))).toBe(true);
  });

  it('refuses a threshold below 3', () => {
    expect(() => profileOf([], leadersIn(null, 4), 2)).toThrow(RangeError);
  });
});

describe('coachView (rule 6, the coach’s further suppression)', () => {
  it('hides from a coach with two coachees a unit whose residue is k + 1, which the admin sees', () => {
    const units = [unit('Maternity'), unit('Midwifery', 'Maternity')];
    const inMaternity = leadersIn('Maternity', 4, 3);
    const leaders = [...inMaternity, ...leadersIn('Midwifery', 3, 5), ...leadersIn(null, 3, 2)];
    const profile = profileOf(units, leaders);
    // The admin: Maternity 7 − Midwifery 3 = residue 4 = k + 1: all published.
    expect(table(profile)).toEqual({
      Northshire: [10, 10, 3.3],
      Maternity: [7, 7, 3.86],
      Midwifery: [3, 3, 5],
    });
    // A coach of two of the four in Maternity's residue would have 4 − 2 = 2 unknown leaders
    // there: Midwifery gives way (Maternity's residue is then 7, less 2 = 5).
    const coachees = new Set(inMaternity.slice(0, 2).map((l) => l.leaderId));
    expect(table(coachView(profile, new Set(['Maternity']), coachees))).toEqual({
      Maternity: [7, 7, 3.86],
      Midwifery: [3, 3, 'not shown (coachees)'],
    });
    // The same coach granted only Midwifery sees it: their coachees are not in it.
    expect(table(coachView(profile, new Set(['Midwifery']), coachees))).toEqual({
      Midwifery: [3, 3, 5],
    });
    // A coach without coachees in the cycle sees what the admin sees, below the granted unit.
    expect(table(coachView(profile, new Set(['Maternity']), new Set()))).toEqual({
      Maternity: [7, 7, 3.86],
      Midwifery: [3, 3, 5],
    });
  });

  it('hides the granted unit itself when its coachees leave fewer than k others and nothing is below it', () => {
    const units = [unit('Pharmacy')];
    const inPharmacy = leadersIn('Pharmacy', 4, 4);
    const profile = profileOf(units, [...inPharmacy, ...leadersIn(null, 3, 2)]);
    expect(table(profile).Pharmacy).toEqual([4, 4, 4]);
    const coachees = new Set(inPharmacy.slice(0, 2).map((l) => l.leaderId));
    expect(table(coachView(profile, new Set(['Pharmacy']), coachees))).toEqual({
      Pharmacy: [4, 4, 'not shown (coachees)'],
    });
  });

  it('never shows the organisation row or units outside the grants', () => {
    const units = [unit('A'), unit('B'), unit('A1', 'A')];
    const profile = profileOf(units, [...leadersIn('A1', 3), ...leadersIn('B', 3)]);
    expect(coachView(profile, new Set(['A']), new Set()).rows.map((r) => r.name)).toEqual([
      'A',
      'A1',
    ]);
  });
});
