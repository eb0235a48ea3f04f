import { OTHER_RELATIONSHIPS, type OtherRelationship } from '../../common/relationship';
import { choosePublication } from './suppression';

const sizes = (
  n: Partial<Record<OtherRelationship, number>>,
): Record<OtherRelationship, number> => ({
  manager: 0,
  peer: 0,
  direct_report: 0,
  other: 0,
  ...n,
});

const publishedOf = (
  n: Partial<Record<OtherRelationship, number>>,
  k: number,
  disclosed: boolean,
) => {
  const publication = choosePublication(sizes(n), k, disclosed);
  return { others: publication.others, groups: [...publication.groups].sort() };
};

describe('choosePublication', () => {
  it('suppresses, among groups of equal n, the one listed later first', () => {
    // Remainder 1 (the manager); peers, direct reports and others all have 4.
    expect(publishedOf({ manager: 1, peer: 4, direct_report: 4, other: 4 }, 3, false)).toEqual({
      others: true,
      groups: ['direct_report', 'peer'],
    });
  });

  it('suppresses the smallest group that fixes the remainder, not a larger one', () => {
    // Remainder 2 (the direct reports); suppressing the 3 others beats suppressing the 5 peers.
    expect(publishedOf({ peer: 5, direct_report: 2, other: 3 }, 3, false)).toEqual({
      others: true,
      groups: ['peer'],
    });
  });

  it('never suppresses a disclosed manager while another group can fix the remainder', () => {
    expect(publishedOf({ manager: 1, peer: 5, other: 1 }, 3, true)).toEqual({
      others: true,
      groups: ['manager'],
    });
  });

  it('withholds a disclosed manager when nothing else can protect the remainder', () => {
    expect(publishedOf({ manager: 1, peer: 2 }, 3, true)).toEqual({ others: true, groups: [] });
    // A disclosed manager group of k or more stays published only where the rest is safe too.
    expect(publishedOf({ manager: 3, direct_report: 1, other: 1 }, 3, true)).toEqual({
      others: true,
      groups: [],
    });
  });

  it('publishes nothing but counts when all others together are below k, a disclosed manager included', () => {
    expect(publishedOf({ manager: 1, peer: 1 }, 3, true)).toEqual({ others: false, groups: [] });
  });

  it('holds every rule for every combination of group sizes up to 8 and k from 3 to 5', () => {
    const failures: string[] = [];
    const range = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    for (const k of [3, 4, 5])
      for (const disclosed of [false, true])
        for (const manager of range)
          for (const peer of range)
            for (const direct_report of range)
              for (const other of range) {
                const n = { manager, peer, direct_report, other };
                const { others, groups } = choosePublication(n, k, disclosed);
                const othersN = manager + peer + direct_report + other;
                const publishedN = [...groups].reduce((sum, r) => sum + n[r], 0);
                const remainder = othersN - publishedN;
                const firstPass = OTHER_RELATIONSHIPS.filter(
                  (r) => n[r] >= k || (r === 'manager' && disclosed && n[r] >= 1),
                );
                const broken = [
                  others !== othersN >= k && 'others published iff othersN >= k',
                  !others && groups.size > 0 && 'groups published without the others figure',
                  others && remainder !== 0 && remainder < k && `remainder ${remainder}`,
                  [...groups].some(
                    (r) => !(n[r] >= k || (r === 'manager' && disclosed && n[r] >= 1)),
                  ) && 'a small group published',
                  // Complementary suppression costs at most one group beyond rule 1, since any
                  // suppressed group has n >= k; only a lone disclosed manager can be the one.
                  others && firstPass.length - groups.size > 1 && 'more than one group suppressed',
                  // A disclosed manager gives way exactly when the rest would be 1 to k − 1 raters.
                  others &&
                    disclosed &&
                    manager >= 1 &&
                    groups.has('manager') === (othersN - manager > 0 && othersN - manager < k) &&
                    'disclosed manager withheld wrongly',
                ].filter(Boolean);
                if (broken.length > 0)
                  failures.push(`k=${k} ${JSON.stringify(n)} ${disclosed}: ${broken.join(', ')}`);
              }
    expect(failures).toEqual([]);
  });
});
