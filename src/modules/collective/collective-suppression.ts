import { compareNames, type ProfileTree } from './unit-tree';

// Anonymity rule 6 (docs/anonymity.md) for one behaviour, over the rows of a ProfileTree (row 0 is the organisation).
// Pure: no Nest, no TypeORM. n[i] = leaders in row i's subtree with a published "all others"
// figure for the behaviour.

/** Why a row's figure is not shown (null: it is shown). */
export type NotShownReason =
  /** No leader in the row has a figure for the behaviour. */
  | 'no_figures'
  /** Fewer than k leaders have one. */
  | 'below_threshold'
  /** Showing it would let the rows above and below be subtracted down to fewer than k leaders. */
  | 'residue'
  /** For a coach only: with their coachees' figures, which they know, the same would happen. */
  | 'coachees';

/**
 * P's frontier: the published rows below P with no published row between them and P. Their
 * subtrees are disjoint, so P's residue (its leaders not under any frontier row) is
 * n[P] − Σ n[frontier].
 */
export function frontierOf(tree: ProfileTree, published: readonly boolean[], p: number): number[] {
  const frontier: number[] = [];
  const stack = [...tree.children[p]!].reverse();
  while (stack.length > 0) {
    const row = stack.pop()!;
    if (published[row]) frontier.push(row);
    else stack.push(...[...tree.children[row]!].reverse());
  }
  return frontier;
}

export function residueOf(
  tree: ProfileTree,
  n: readonly number[],
  published: readonly boolean[],
  p: number,
): number {
  return frontierOf(tree, published, p).reduce((rest, row) => rest - n[row]!, n[p]!);
}

const isSafe = (count: number, k: number) => count === 0 || count >= k;

/** The frontier row to give way first: the smallest n, then the first by name. */
function firstToSuppress(tree: ProfileTree, n: readonly number[], frontier: number[]): number {
  return [...frontier].sort(
    (a, b) => n[a]! - n[b]! || compareNames(tree.names[a]!, tree.names[b]!),
  )[0]!;
}

export interface RowPublication {
  published: boolean[];
  reasons: (NotShownReason | null)[];
}

/**
 * What everyone entitled to the whole profile (admins) may see: a row is published at n ≥ k;
 * then, from the organisation down, every published row P whose residue is between 1 and k − 1
 * suppresses its frontier rows, smallest n first then by name, until the residue is 0 or ≥ k. A
 * suppressed row's own frontier joins P's (nothing published lies between them and P any more).
 * Suppressing below P never changes the residue of a row above P (P stays on their frontier), so
 * one pass in list order settles every row.
 */
export function publishDown(tree: ProfileTree, n: readonly number[], k: number): RowPublication {
  assertThreshold(k);
  const published = n.map((count) => count >= k);
  const reasons: (NotShownReason | null)[] = n.map((count) =>
    count === 0 ? 'no_figures' : count < k ? 'below_threshold' : null,
  );
  for (let p = 0; p < n.length; p++) {
    if (!published[p]) continue;
    for (;;) {
      const frontier = frontierOf(tree, published, p);
      const residue = frontier.reduce((rest, row) => rest - n[row]!, n[p]!);
      // An empty frontier leaves residue n[p] ≥ k: the loop always ends.
      if (isSafe(residue, k)) break;
      const row = firstToSuppress(tree, n, frontier);
      published[row] = false;
      reasons[row] = 'residue';
    }
  }
  return { published, reasons };
}

/**
 * The further suppression for a coach, who knows the figures of their coachees. `coachees[i]` is
 * how many of the coach's coachees with a figure are in row i's subtree; `visible` the rows the
 * coach may read (granted units and their subtrees, so each visible row's subtree is visible).
 * Starting from the admins' publication, until every visible published row P has both its residue
 * and its residue less the coachees in it at 0 or ≥ k: P's frontier rows give way, smallest first
 * then by name, and with no frontier left, P itself (which changes the frontier of the row above,
 * hence the repeat until nothing changes).
 */
export function suppressForCoach(
  tree: ProfileTree,
  n: readonly number[],
  stored: RowPublication,
  coachees: readonly number[],
  visible: readonly boolean[],
  k: number,
): RowPublication {
  assertThreshold(k);
  const published = stored.published.map((shown, row) => shown && visible[row] === true);
  const reasons = [...stored.reasons];
  const violation = (): number | undefined => {
    for (let p = 0; p < n.length; p++) {
      if (!published[p]) continue;
      const frontier = frontierOf(tree, published, p);
      const residue = frontier.reduce((rest, row) => rest - n[row]!, n[p]!);
      // The coachees in P's residue: those under P less those under its frontier rows.
      const known = frontier.reduce((rest, row) => rest - coachees[row]!, coachees[p]!);
      const unknown = residue - known;
      if (isSafe(residue, k) && isSafe(unknown, k)) continue;
      return frontier.length > 0 ? firstToSuppress(tree, n, frontier) : p;
    }
    return undefined;
  };
  for (let row = violation(); row !== undefined; row = violation()) {
    published[row] = false;
    reasons[row] = 'coachees';
  }
  return { published, reasons };
}

function assertThreshold(k: number): void {
  // A bad threshold would publish single leaders; refuse rather than trust the caller.
  if (!Number.isInteger(k) || k < 3) {
    throw new RangeError('The anonymity threshold must be an integer of at least 3');
  }
}
