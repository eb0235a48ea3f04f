import { OTHER_RELATIONSHIPS, type OtherRelationship } from '../../common/relationship';

export interface Publication {
  /** Whether the all-others figure is published. */
  others: boolean;
  /** The groups whose own figure is published. */
  groups: ReadonlySet<OtherRelationship>;
}

/**
 * Among groups of equal n, the one listed later in OTHER_RELATIONSHIPS is suppressed first
 * (other, then direct_report, then peer, then manager), so closer relationships keep their figure.
 */
const SUPPRESSION_ORDER: readonly OtherRelationship[] = [...OTHER_RELATIONSHIPS].reverse();

/**
 * Decides which figures of one item or dimension may be published, given how many raters of each
 * group count there (the anonymity promise, rules 1 and 2 in docs/anonymity.md).
 */
export function choosePublication(
  n: Readonly<Record<OtherRelationship, number>>,
  threshold: number,
  managerDisclosed: boolean,
): Publication {
  const othersN = OTHER_RELATIONSHIPS.reduce((sum, r) => sum + n[r], 0);
  // All others below k: only response counts are published, a disclosed manager included.
  if (othersN < threshold) return { others: false, groups: new Set() };

  const isDisclosedManager = (r: OtherRelationship) => r === 'manager' && managerDisclosed;
  const published = new Set(
    OTHER_RELATIONSHIPS.filter((r) => n[r] >= threshold || (isDisclosedManager(r) && n[r] >= 1)),
  );
  // Others minus the published groups must not single out fewer than k raters.
  const remainderIsSafe = () => {
    const remainder = othersN - [...published].reduce((sum, r) => sum + n[r], 0);
    return remainder === 0 || remainder >= threshold;
  };

  while (!remainderIsSafe()) {
    const smallest = SUPPRESSION_ORDER.filter((r) => published.has(r) && !isDisclosedManager(r))
      // A stable sort keeps SUPPRESSION_ORDER among equal n.
      .sort((a, b) => n[a] - n[b])[0];
    if (smallest === undefined) break;
    published.delete(smallest);
  }

  if (!remainderIsSafe()) {
    // Only a disclosed manager is left and othersN − manager is between 1 and k−1 (say a manager
    // and two peers at k = 3): the two figures together would expose the others. The manager's
    // figure gives way, so the leader still sees all others together (n >= k) and nobody is exposed.
    published.delete('manager');
  }
  return { others: true, groups: published };
}
