/** The words an admin's pages use for a cycle's state and a rater's relationship. */
export const STATE_NAMES: Record<string, string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
  released: 'Released',
};

export const RELATIONSHIP_LABELS: Record<string, string> = {
  self: 'Self-assessment',
  manager: 'Line manager',
  peer: 'Peers',
  direct_report: 'Direct reports',
  other: 'Other colleagues',
};

/** "1 email", "3 emails". */
export const plural = (n: number, one: string, many: string): string =>
  `${n} ${n === 1 ? one : many}`;
