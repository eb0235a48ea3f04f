import { OTHER_RELATIONSHIPS, type OtherRelationship } from '../../../common/relationship';
import { type GroupFigure } from '../report.types';

// Could a suppressed group be worked out from what a report publishes? (Test support: not part
// of the build; its own spec shows it catches a leaking report.)

/** What one item or dimension publishes, against the true group sizes there. */
export interface Disclosure {
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
export function findLeaks(disclosure: Disclosure): string[] {
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

export const publishedGroupsOf = (groups: GroupFigure[]) =>
  groups.filter((group) => !group.suppressed).map((group) => group.relationship);

export const noGroups: Record<OtherRelationship, number> = {
  manager: 0,
  peer: 0,
  direct_report: 0,
  other: 0,
};
