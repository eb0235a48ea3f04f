import type { NotShownReason } from './collective-suppression';
import type { CollectiveProfile, ProfileRow } from './compute-collective-profile';

// The API's collective-profile JSON, from a profile as its reader may see it. Pure.

export interface ProfileDocumentDimension {
  key: string;
  title: string;
  /** Rounded to 2 decimals; null unless published. */
  mean: number | null;
  n: number;
  published: boolean;
  /** This mean − the compared cycle's, both published and unrounded, then rounded; else null. */
  change: number | null;
  /** Why the mean is not shown (null when it is). */
  reason: NotShownReason | null;
}

export interface ProfileDocumentUnit {
  unitId: string | null;
  name: string;
  parentId: string | null;
  depth: number;
  leaders: number;
  dimensions: ProfileDocumentDimension[];
}

export interface ProfileDocument {
  cycle: { id: string; name: string };
  threshold: number;
  compareTo: { id: string; name: string } | null;
  units: ProfileDocumentUnit[];
}

export interface ProfileDocumentInput {
  cycle: { id: string; name: string };
  profile: CollectiveProfile;
  /** The earlier cycle and its profile as the same reader may see it. */
  compareTo?: { cycle: { id: string; name: string }; profile: CollectiveProfile } | null;
  /** Narrows the rows to this unit's subtree (the figures stay those of the whole tree). */
  unitId?: string | null;
}

export function buildProfileDocument(input: ProfileDocumentInput): ProfileDocument {
  const earlier = new Map(
    (input.compareTo?.profile.rows ?? []).map((row) => [row.unitId, row] as const),
  );
  return {
    cycle: { id: input.cycle.id, name: input.cycle.name },
    threshold: input.profile.threshold,
    compareTo: input.compareTo
      ? { id: input.compareTo.cycle.id, name: input.compareTo.cycle.name }
      : null,
    units: narrowed(input.profile.rows, input.unitId ?? null).map((row) => {
      const before = earlier.get(row.unitId);
      return {
        unitId: row.unitId,
        name: row.name,
        parentId: row.parentId,
        depth: row.depth,
        leaders: row.leaders,
        dimensions: row.cells.map((cell) => {
          const then = before?.cells.find((c) => c.key === cell.key);
          const change =
            cell.published && cell.mean && then?.published && then.mean
              ? cell.mean.minus(then.mean).roundedTo2Decimals()
              : null;
          return {
            key: cell.key,
            title: cell.title,
            mean: cell.published && cell.mean ? cell.mean.roundedTo2Decimals() : null,
            n: cell.n,
            published: cell.published,
            change,
            reason: cell.published ? null : cell.reason,
          };
        }),
      };
    }),
  };
}

/** The rows of one unit's subtree (all rows when unitId is null), in list order. */
function narrowed(rows: ProfileRow[], unitId: string | null): ProfileRow[] {
  if (unitId === null) return rows;
  const inside = new Set<string>([unitId]);
  // Rows come depth first, so a row's parent is always met before the row.
  return rows.filter((row) => {
    if (row.unitId === unitId) return true;
    if (row.parentId !== null && inside.has(row.parentId) && row.unitId !== null) {
      inside.add(row.unitId);
      return true;
    }
    return false;
  });
}
