import { findProfileLeaks } from './profile-reconstruction';

// Rows: 0 the organisation, 1 and 2 units under it.
describe('the profile reconstruction checker', () => {
  it('reports the one leader left when a parent of 4 and a child of 3 are both published', () => {
    const leaks = findProfileLeaks({
      threshold: 3,
      leaders: [
        { leaderId: 'a', publishedRows: [0] },
        { leaderId: 'b', publishedRows: [0, 1] },
        { leaderId: 'c', publishedRows: [0, 1] },
        { leaderId: 'd', publishedRows: [0, 1] },
      ],
    });
    expect(leaks).toEqual(['the sum of 1 leader(s) (a) can be recovered']);
  });

  it('finds two leaders whose sum together is recovered though neither alone is', () => {
    // Rows (not a tree, to test the checker itself): 0 = {a, x1–x3}, 1 = {b, y1–y3},
    // 2 = {x1–x3, y1–y3}; row 0 + row 1 − row 2 = a + b.
    const xs = ['x1', 'x2', 'x3'].map((leaderId) => ({ leaderId, publishedRows: [0, 2] }));
    const ys = ['y1', 'y2', 'y3'].map((leaderId) => ({ leaderId, publishedRows: [1, 2] }));
    const leaks = findProfileLeaks({
      threshold: 3,
      leaders: [
        { leaderId: 'a', publishedRows: [0] },
        { leaderId: 'b', publishedRows: [1] },
        ...xs,
        ...ys,
      ],
    });
    expect(leaks).toEqual(['the sum of 2 leader(s) (a, b) can be recovered']);
  });

  it('counts what a coach knows: a residue of k + 1 with two coachees exposes the rest', () => {
    const leaders = ['a', 'b', 'c', 'd'].map((leaderId) => ({ leaderId, publishedRows: [1] }));
    leaders.push(...['e', 'f', 'g'].map((leaderId) => ({ leaderId, publishedRows: [1, 2] })));
    expect(findProfileLeaks({ threshold: 3, leaders })).toEqual([]);
    expect(findProfileLeaks({ threshold: 3, leaders, known: new Set(['a', 'b']) })).toEqual([
      'the sum of 2 leader(s) (c, d) can be recovered',
    ]);
  });

  it('finds nothing when every residue is 0 or at least k', () => {
    const leaders = ['a', 'b', 'c'].map((leaderId) => ({ leaderId, publishedRows: [0] }));
    leaders.push(...['d', 'e', 'f'].map((leaderId) => ({ leaderId, publishedRows: [0, 1] })));
    leaders.push({ leaderId: 'g', publishedRows: [] }); // in no published row: unknowable
    expect(findProfileLeaks({ threshold: 3, leaders })).toEqual([]);
  });
});
