import { Fraction } from '../reports/fraction';
import {
  publishDown,
  suppressForCoach,
  type NotShownReason,
  type RowPublication,
} from './collective-suppression';
import {
  buildProfileTree,
  rowAndAncestors,
  subtreeRows,
  type ProfileTree,
  type UnitNode,
} from './unit-tree';

// The collective profile of one closed cycle (anonymity rule 6 and the API's collective-profile route), from
// each leader's published "all others" figures. Pure: no Nest, no TypeORM.

export interface ProfileDimension {
  key: string;
  title: string;
}

/** One leader of the cycle: their unit at close, and their report's published others figures. */
export interface ProfileLeader {
  leaderId: string;
  unitId: string | null;
  /** Dimension key → the report's published "all others" mean; null or absent when suppressed. */
  figures: Readonly<Record<string, Fraction | null | undefined>>;
}

export interface CollectiveProfileInput {
  organisationName: string;
  threshold: number;
  dimensions: readonly ProfileDimension[];
  units: readonly UnitNode[];
  leaders: readonly ProfileLeader[];
}

export interface ProfileCell {
  key: string;
  title: string;
  n: number;
  published: boolean;
  /** Exact, unrounded; null unless published. */
  mean: Fraction | null;
  reason: NotShownReason | null;
}

export interface ProfileRow {
  unitId: string | null;
  name: string;
  parentId: string | null;
  depth: number;
  leaders: number;
  cells: ProfileCell[];
}

/** Who counts where: what a coach's further suppression needs (never served as such). */
export interface ProfileMember {
  leaderId: string;
  /** The unit at close, or null when the leader had none (or it was not in the tree). */
  unitId: string | null;
  /** Keys of the dimensions where the leader's report publishes an others figure. */
  dimensions: string[];
}

export interface CollectiveProfile {
  threshold: number;
  dimensions: ProfileDimension[];
  rows: ProfileRow[];
  members: ProfileMember[];
}

/** Figures per row and dimension, and who is counted in which row. */
interface Tally {
  tree: ProfileTree;
  /** rowOf[i]: the row of member i's unit (0: the organisation only). */
  rowOf: number[];
  leaders: number[];
}

function tally(tree: ProfileTree, members: readonly { unitId: string | null }[]): Tally {
  const rowByUnit = new Map(tree.unitIds.map((id, row) => [id, row]));
  const rowOf = members.map((m) => (m.unitId === null ? 0 : (rowByUnit.get(m.unitId) ?? 0)));
  const leaders = tree.unitIds.map(() => 0);
  for (const row of rowOf) for (const at of rowAndAncestors(tree, row)) leaders[at]! += 1;
  return { tree, rowOf, leaders };
}

/** Per row, how many of the chosen members are in its subtree. */
function countInSubtrees(t: Tally, counted: (member: number) => boolean): number[] {
  const counts = t.tree.unitIds.map(() => 0);
  t.rowOf.forEach((row, member) => {
    if (!counted(member)) return;
    for (const at of rowAndAncestors(t.tree, row)) counts[at]! += 1;
  });
  return counts;
}

/**
 * Computes the profile every admin sees (it is stored as it is): per row and dimension the
 * leaders, n and the exact mean of the leaders' figures, published under rule 6.
 */
export function computeCollectiveProfile(input: CollectiveProfileInput): CollectiveProfile {
  const tree = buildProfileTree(input.organisationName, input.units);
  const unitIds = new Set(input.units.map((u) => u.id));
  const members: ProfileMember[] = input.leaders.map((leader) => ({
    leaderId: leader.leaderId,
    unitId: leader.unitId !== null && unitIds.has(leader.unitId) ? leader.unitId : null,
    dimensions: input.dimensions.filter((d) => leader.figures[d.key] != null).map((d) => d.key),
  }));
  const t = tally(tree, members);

  const columns = input.dimensions.map((dimension) => {
    const withFigure = (m: number) => input.leaders[m]!.figures[dimension.key] != null;
    const n = countInSubtrees(t, withFigure);
    const publication = publishDown(tree, n, input.threshold);
    const sums = tree.unitIds.map(() => Fraction.ZERO);
    t.rowOf.forEach((row, m) => {
      const figure = input.leaders[m]!.figures[dimension.key];
      if (figure == null) return;
      for (const at of rowAndAncestors(tree, row)) sums[at] = sums[at]!.plus(figure);
    });
    return { dimension, n, publication, sums };
  });

  return {
    threshold: input.threshold,
    dimensions: input.dimensions.map((d) => ({ key: d.key, title: d.title })),
    members,
    rows: tree.unitIds.map((unitId, row) => ({
      unitId,
      name: tree.names[row]!,
      parentId: tree.parent[row]! > 0 ? tree.unitIds[tree.parent[row]!]! : null,
      depth: tree.depth[row]!,
      leaders: t.leaders[row]!,
      cells: columns.map(({ dimension, n, publication, sums }) => {
        const published = publication.published[row]!;
        return {
          key: dimension.key,
          title: dimension.title,
          n: n[row]!,
          published,
          mean: published ? sums[row]!.dividedBy(n[row]!) : null,
          reason: publication.reasons[row]!,
        };
      }),
    })),
  };
}

/**
 * What a coach may read: the rows of the units granted to them and their subtrees, with the
 * further suppression of rule 6 for the coach's coachees in this cycle. The stored profile's rows
 * keep their order; the organisation row is never among them.
 */
export function coachView(
  profile: CollectiveProfile,
  grantedUnitIds: ReadonlySet<string>,
  coacheeLeaderIds: ReadonlySet<string>,
): CollectiveProfile {
  const tree = treeOf(profile);
  const t = tally(tree, profile.members);
  const visible = tree.unitIds.map(() => false);
  tree.unitIds.forEach((unitId, row) => {
    if (unitId !== null && grantedUnitIds.has(unitId)) {
      for (const at of subtreeRows(tree, row)) visible[at] = true;
    }
  });
  const cellsByDimension = profile.dimensions.map((dimension, d) => {
    const n = profile.rows.map((r) => r.cells[d]!.n);
    const stored: RowPublication = {
      published: profile.rows.map((r) => r.cells[d]!.published),
      reasons: profile.rows.map((r) => r.cells[d]!.reason),
    };
    const coachees = countInSubtrees(t, (m) => {
      const member = profile.members[m]!;
      return coacheeLeaderIds.has(member.leaderId) && member.dimensions.includes(dimension.key);
    });
    return suppressForCoach(tree, n, stored, coachees, visible, profile.threshold);
  });
  return {
    ...profile,
    rows: profile.rows.flatMap((row, r) =>
      visible[r]
        ? [
            {
              ...row,
              cells: row.cells.map((cell, d) => {
                const published = cellsByDimension[d]!.published[r]!;
                return {
                  ...cell,
                  published,
                  mean: published ? cell.mean : null,
                  reason: published ? null : cellsByDimension[d]!.reasons[r]!,
                };
              }),
            },
          ]
        : [],
    ),
  };
}

/** The stored rows as a tree again (they are stored in list order, the organisation first). */
export function treeOf(profile: CollectiveProfile): ProfileTree {
  const rowByUnit = new Map(profile.rows.map((r, i) => [r.unitId, i]));
  const tree: ProfileTree = { unitIds: [], names: [], parent: [], children: [], depth: [] };
  profile.rows.forEach((row, i) => {
    const parent = i === 0 ? -1 : (rowByUnit.get(row.parentId) ?? 0);
    tree.unitIds.push(row.unitId);
    tree.names.push(row.name);
    tree.parent.push(parent);
    tree.children.push([]);
    tree.depth.push(row.depth);
    if (parent >= 0) tree.children[parent]!.push(i);
  });
  return tree;
}
