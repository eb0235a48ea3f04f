import type { Relationship } from '../../common/relationship';

/** How the report names each group to a reader. */
export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  self: 'Self',
  manager: 'Line manager',
  peer: 'Peers',
  direct_report: 'Direct reports',
  other: 'Other colleagues',
};

/** Everyone but the leader, all groups together. */
export const ALL_OTHERS_LABEL = 'All others';

/** Published means are rounded to 2 decimals; always show both. */
export function formatMean(mean: number): string {
  return mean.toFixed(2);
}
