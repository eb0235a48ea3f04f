import { determines } from '../../reports/testing/reconstruction-checker';

// Could a set of fewer than k leaders be worked out from what a collective profile shows? Reuses
// the report's exact elimination. (Test support: not part of the build; its spec shows it catches
// a leaking profile.)

export interface ProfileDisclosure {
  threshold: number;
  /**
   * Each leader with a figure in the behaviour, and the published rows whose sum holds that figure
   * (the attacker is assumed to know every published row's n and exact sum).
   */
  leaders: { leaderId: string; publishedRows: readonly number[] }[];
  /** Leaders whose figures the reader knows already (a coach's coachees). */
  known?: ReadonlySet<string>;
}

/**
 * Every set of fewer than k unknown leaders whose sum the published equations determine. A sum is
 * determined iff its indicator lies in the row space of the equations; every vector there is
 * constant on leaders who are in exactly the same published rows ("atoms"), so only unions of
 * whole atoms need trying, and only those of fewer than k leaders.
 */
export function findProfileLeaks(disclosure: ProfileDisclosure): string[] {
  const { threshold, known = new Set<string>() } = disclosure;
  const atoms = new Map<string, { rows: readonly number[]; leaders: string[] }>();
  for (const leader of disclosure.leaders) {
    if (known.has(leader.leaderId) || leader.publishedRows.length === 0) continue;
    const rows = [...new Set(leader.publishedRows)].sort((a, b) => a - b);
    const key = rows.join(',');
    const atom = atoms.get(key) ?? { rows, leaders: [] };
    atom.leaders.push(leader.leaderId);
    atoms.set(key, atom);
  }
  const columns = [...atoms.values()];
  const equationRows = [...new Set(columns.flatMap((atom) => atom.rows))];
  // A known leader's figure is subtracted from every row that holds it: the rows stay indicators
  // over the unknown leaders, which is what these equations are.
  const equations = equationRows.map((row) =>
    columns.map((atom) => (atom.rows.includes(row) ? 1 : 0)),
  );

  const small = columns
    .map((atom, i) => ({ i, size: atom.leaders.length }))
    .filter((a) => a.size < threshold);
  const leaks: string[] = [];
  const tryFrom = (start: number, chosen: number[], size: number) => {
    for (let s = start; s < small.length && leaks.length === 0; s++) {
      const next = small[s]!;
      if (size + next.size >= threshold) continue;
      const set = [...chosen, next.i];
      const target = columns.map((_, i) => (set.includes(i) ? 1 : 0));
      if (determines(equations, target)) {
        const who = set.flatMap((i) => columns[i]!.leaders);
        leaks.push(`the sum of ${who.length} leader(s) (${who.join(', ')}) can be recovered`);
        return;
      }
      tryFrom(s + 1, set, size + next.size);
    }
  };
  tryFrom(0, [], 0);
  return leaks;
}
