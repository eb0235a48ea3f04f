import { Fraction } from '../reports/fraction';
import type { NotShownReason } from './collective-suppression';
import type {
  CollectiveProfile,
  ProfileDimension,
  ProfileMember,
} from './compute-collective-profile';

// The profile as stored (jsonb): exact means as "p/q" strings. Figures that are not published are
// not stored at all. Pure.

export interface StoredCell {
  key: string;
  n: number;
  published: boolean;
  mean: string | null;
  reason: NotShownReason | null;
}

export interface StoredRow {
  unitId: string | null;
  name: string;
  parentId: string | null;
  depth: number;
  leaders: number;
  cells: StoredCell[];
}

export interface StoredProfile {
  threshold: number;
  dimensions: ProfileDimension[];
  rows: StoredRow[];
  members: ProfileMember[];
}

export function toStored(profile: CollectiveProfile): StoredProfile {
  return {
    threshold: profile.threshold,
    dimensions: profile.dimensions,
    members: profile.members,
    rows: profile.rows.map((row) => ({
      unitId: row.unitId,
      name: row.name,
      parentId: row.parentId,
      depth: row.depth,
      leaders: row.leaders,
      cells: row.cells.map((cell) => ({
        key: cell.key,
        n: cell.n,
        published: cell.published,
        mean: cell.published && cell.mean ? cell.mean.toString() : null,
        reason: cell.published ? null : cell.reason,
      })),
    })),
  };
}

export function fromStored(stored: StoredProfile): CollectiveProfile {
  const titles = new Map(stored.dimensions.map((d) => [d.key, d.title]));
  return {
    threshold: stored.threshold,
    dimensions: stored.dimensions,
    members: stored.members,
    rows: stored.rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell) => ({
        key: cell.key,
        title: titles.get(cell.key) ?? cell.key,
        n: cell.n,
        published: cell.published && cell.mean !== null,
        mean: cell.published && cell.mean !== null ? Fraction.parse(cell.mean) : null,
        reason: cell.reason,
      })),
    })),
  };
}
