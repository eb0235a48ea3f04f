import { COLLECTIVE_LEADERSHIP_V1 } from '../../database/migrations/1764180210000-default-framework';
import type { FrameworkShape } from './framework-shape';
import { frameworkProblems } from './framework-rules';

const scale = { min: 1, max: 5, labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'] };
const items = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}_${i}`, text: `Does thing ${i}` }));

function framework(overrides: Partial<FrameworkShape> = {}): FrameworkShape {
  return {
    scale,
    dimensions: [
      { key: 'a', title: 'A', items: items('a', 2) },
      { key: 'b', title: 'B', items: items('b', 2) },
    ],
    questions: [{ key: 'q', text: 'Anything else?' }],
    ...overrides,
  };
}

describe('framework rules', () => {
  it('accept the seeded collective-leadership framework', () => {
    expect(frameworkProblems(COLLECTIVE_LEADERSHIP_V1)).toEqual([]);
  });

  it('seed the five behaviours with 5 or 6 items each and two open questions', () => {
    const f = COLLECTIVE_LEADERSHIP_V1;
    expect(f.dimensions.map((d) => d.key)).toEqual([
      'empowering',
      'shared_learning',
      'trust',
      'inclusion',
      'performance',
    ]);
    for (const d of f.dimensions) {
      expect(d.items.length).toBeGreaterThanOrEqual(5);
      expect(d.items.length).toBeLessThanOrEqual(6);
      for (const item of d.items) expect(item.key.startsWith(`${d.key}_`)).toBe(true);
    }
    expect(f.questions.map((q) => q.key)).toEqual(['helps_most', 'do_differently']);
  });

  it('accept a small valid framework', () => {
    expect(frameworkProblems(framework())).toEqual([]);
  });

  it('refuse fewer than 2 or more than 12 dimensions', () => {
    expect(
      frameworkProblems(
        framework({ dimensions: [{ key: 'a', title: 'A', items: items('a', 1) }] }),
      ),
    ).toEqual(['a framework needs 2 to 12 dimensions (this one has 1)']);
    const thirteen = Array.from({ length: 13 }, (_, i) => ({
      key: `d${i}`,
      title: 'D',
      items: items(`d${i}`, 1),
    }));
    expect(frameworkProblems(framework({ dimensions: thirteen }))[0]).toMatch(
      /2 to 12 dimensions \(this one has 13\)/,
    );
  });

  it('refuse a dimension with no items or more than 15', () => {
    const problems = frameworkProblems(
      framework({
        dimensions: [
          { key: 'a', title: 'A', items: [] },
          { key: 'b', title: 'B', items: items('b', 16) },
        ],
      }),
    );
    expect(problems).toEqual([
      'dimension "a" needs 1 to 15 items (it has 0)',
      'dimension "b" needs 1 to 15 items (it has 16)',
    ]);
  });

  it('refuse a scale of fewer than 3 or more than 10 points, or one without a label per point', () => {
    expect(
      frameworkProblems(framework({ scale: { min: 1, max: 2, labels: ['No', 'Yes'] } })),
    ).toEqual(['the scale needs 3 to 10 points (1 to 2 is 2)']);
    expect(frameworkProblems(framework({ scale: { min: 0, max: 10, labels: [] } }))[0]).toMatch(
      /3 to 10 points \(0 to 10 is 11\)/,
    );
    expect(
      frameworkProblems(framework({ scale: { min: 1, max: 4, labels: ['a', 'b', 'c'] } })),
    ).toEqual(['the scale needs one label for each of its 4 points, from 1 to 4 (it has 3)']);
    expect(frameworkProblems(framework({ scale: { min: 5, max: 1, labels: [] } }))[0]).toMatch(
      /max \(1\) must be greater/,
    );
  });

  it('refuse a key used twice, across dimensions, items and questions', () => {
    const problems = frameworkProblems(
      framework({
        dimensions: [
          {
            key: 'a',
            title: 'A',
            items: [
              { key: 'x', text: 'X' },
              { key: 'x', text: 'X again' },
            ],
          },
          { key: 'b', title: 'B', items: [{ key: 'q', text: 'Q' }] },
        ],
      }),
    );
    expect(problems).toEqual([
      'key "x" is used more than once: keys of dimensions, items and questions must all differ',
      'key "q" is used more than once: keys of dimensions, items and questions must all differ',
    ]);
  });
});
