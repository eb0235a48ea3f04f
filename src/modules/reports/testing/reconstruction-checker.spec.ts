import { findLeaks, noGroups } from './reconstruction-checker';

describe('the reconstruction checker', () => {
  it('reports the direct report left alone when only four peers and the others total are published', () => {
    const leaks = findLeaks({
      threshold: 3,
      n: { ...noGroups, peer: 4, direct_report: 1 },
      othersPublished: true,
      publishedGroups: ['peer'],
    });
    expect(leaks).toEqual([
      'direct_report (n = 1) can be recovered',
      'others minus published groups leaves 1 raters',
    ]);
  });

  it('reports two small groups whose joint sum can be recovered, though neither alone can', () => {
    const leaks = findLeaks({
      threshold: 3,
      n: { ...noGroups, peer: 4, direct_report: 1, other: 1 },
      othersPublished: true,
      publishedGroups: ['peer'],
    });
    expect(leaks).toEqual(['others minus published groups leaves 2 raters']);
  });

  it('finds no leak when only the others total is published', () => {
    const leaks = findLeaks({
      threshold: 3,
      n: { ...noGroups, peer: 4, direct_report: 1 },
      othersPublished: true,
      publishedGroups: [],
    });
    expect(leaks).toEqual([]);
  });
});
