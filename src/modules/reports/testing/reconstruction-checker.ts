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

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/**
 * Rank of an integer matrix by fraction-free Gaussian elimination on BigInt, each row divided by
 * the gcd of its entries as it goes, so that it stays exact whatever the size (the collective
 * profile's checker uses it on systems of dozens of rows).
 */
export function rank(matrix: readonly (readonly number[])[]): number {
  const rows = matrix.map((row) => row.map(BigInt));
  const columns = rows[0]?.length ?? 0;
  let rank = 0;
  for (let c = 0; c < columns && rank < rows.length; c += 1) {
    const pivotIndex = rows.findIndex((row, i) => i >= rank && row[c] !== 0n);
    if (pivotIndex < 0) continue;
    const pivot = rows[pivotIndex] ?? [];
    rows[pivotIndex] = rows[rank] ?? [];
    rows[rank] = pivot;
    const p = pivot[c] ?? 0n;
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] ?? [];
      const f = row[c] ?? 0n;
      if (i === rank || f === 0n) continue;
      const reduced = row.map((x, j) => x * p - f * (pivot[j] ?? 0n));
      const divisor = reduced.reduce(gcd, 0n);
      rows[i] = divisor > 1n ? reduced.map((x) => x / divisor) : reduced;
    }
    rank += 1;
  }
  return rank;
}

/** Whether the equations fix the value of `target` (a linear form over the same unknowns). */
export function determines(
  equations: readonly (readonly number[])[],
  target: readonly number[],
): boolean {
  return rank([...equations, target]) === rank(equations);
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
    if (determines(equations, unit(group))) {
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
