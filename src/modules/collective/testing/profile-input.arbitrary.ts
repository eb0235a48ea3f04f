import fc from 'fast-check';
import { Fraction } from '../../reports/fraction';
import type { CollectiveProfileInput, ProfileLeader } from '../compute-collective-profile';
import type { UnitNode } from '../unit-tree';

// Random organisations for the properties of rule 6: unit trees up to 4 levels deep and 60 units,
// 0–8 leaders a unit (and some with no unit), each leader's others figure published or not per
// behaviour, k from 3 to 5; and a coach: some coachees, some granted units. (Test support: not
// part of the build.)

export const DIMENSIONS = [
  { key: 'trust', title: 'Building trust and co-operation' },
  { key: 'inclusion', title: 'Supporting inclusive climates' },
];
const MAX_DEPTH = 4;

/** A published figure (two decimals, 1.00–5.00) three times in four, else none. */
const figureArb = fc.option(
  fc.integer({ min: 100, max: 500 }).map((hundredths) => Fraction.of(hundredths, 100)),
  { nil: null, freq: 3 },
);
interface GeneratedLeader {
  trust: Fraction | null;
  inclusion: Fraction | null;
  coached: boolean;
}
const leaderArb: fc.Arbitrary<GeneratedLeader> = fc.record({
  trust: figureArb,
  inclusion: figureArb,
  coached: fc.boolean(),
});

const unitArb = fc.record({
  /** Which earlier unit (or none) is the parent, modulo the choices open to it. */
  parentPick: fc.nat(),
  leaders: fc.array(leaderArb, { maxLength: 8 }),
  granted: fc.boolean(),
});

export interface ProfileCase {
  input: CollectiveProfileInput;
  /** The coach's coachees (leader ids) and granted units. */
  coachees: Set<string>;
  granted: Set<string>;
}

export const profileCaseArb: fc.Arbitrary<ProfileCase> = fc
  .record({
    threshold: fc.integer({ min: 3, max: 5 }),
    units: fc.array(unitArb, { maxLength: 60 }),
    unitless: fc.array(leaderArb, { maxLength: 4 }),
    // Names drawn from a small set clash often, so that the tie-break by name is exercised.
    nameSeed: fc.nat(),
  })
  .map(({ threshold, units, unitless, nameSeed }) => {
    const nodes: UnitNode[] = [];
    const depth: number[] = [];
    const leaders: ProfileLeader[] = [];
    const coachees = new Set<string>();
    const granted = new Set<string>();
    const addLeader = (unitId: string | null, l: GeneratedLeader) => {
      const leaderId = `L${leaders.length}`;
      leaders.push({ leaderId, unitId, figures: { trust: l.trust, inclusion: l.inclusion } });
      if (l.coached) coachees.add(leaderId);
    };
    units.forEach((u, i) => {
      const parents = [null, ...nodes.filter((_, j) => depth[j]! < MAX_DEPTH)];
      const parent = parents[u.parentPick % parents.length]!;
      const id = `U${i}`;
      // Unique names (the organisation's rule), in an order unrelated to the ids.
      nodes.push({ id, name: `Unit ${(i * 7 + nameSeed) % 61}`, parentId: parent?.id ?? null });
      depth.push(parent ? depth[nodes.indexOf(parent)]! + 1 : 1);
      if (u.granted) granted.add(id);
      for (const l of u.leaders) addLeader(id, l);
    });
    for (const l of unitless) addLeader(null, l);
    return {
      input: { organisationName: 'Org', threshold, dimensions: DIMENSIONS, units: nodes, leaders },
      coachees,
      granted,
    };
  });
