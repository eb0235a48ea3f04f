import { JSDOM } from 'jsdom';
import { distributionBarSvg } from './distribution-bar.svg';
import { dotPlotSvg, type DotPlotRow } from './dot-plot.svg';
import { SAMPLE_SCALE } from './report-sample';

const svgOf = (markup: string) => {
  const document = new JSDOM(`<!doctype html><body>${markup}</body>`).window.document;
  const svg = document.querySelector('svg');
  if (!svg) throw new Error('no svg');
  return svg;
};

const rows: DotPlotRow[] = [
  { label: 'Self', mark: 'self', value: 4.5, n: null },
  { label: 'All others', mark: 'others', value: 3.1, n: 10 },
  { label: 'Peers', mark: 'group', value: 3.25, n: 4 },
  { label: 'Direct reports', mark: 'group', value: null, n: null, missing: 'not shown' },
];

describe('dotPlotSvg', () => {
  it('is an image named by its title, which states every figure', () => {
    const svg = svgOf(
      dotPlotSvg({
        id: 'p1',
        title: 'Trust & <co-operation>',
        scale: SAMPLE_SCALE,
        rows,
        size: 'wide',
      }).value,
    );
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('p1-title');
    expect(svg.querySelector('title')?.id).toBe('p1-title');
    expect(svg.querySelector('title')?.textContent).toBe(
      'Trust & <co-operation>, on a scale of 1 to 5. Self: 4.50; All others: 3.10 from 10 people; ' +
        'Peers: 3.25 from 4 people; Direct reports: not shown.',
    );
  });

  it('escapes labels and titles', () => {
    const markup = dotPlotSvg({
      id: 'p2',
      title: '<script>x</script>',
      scale: SAMPLE_SCALE,
      rows: [{ label: '"><img src=x>', mark: 'self', value: 3, n: null }],
      size: 'narrow',
    }).value;
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&lt;script&gt;');
  });

  it('draws self, others and groups with different shapes, on the scale', () => {
    const svg = svgOf(
      dotPlotSvg({ id: 'p3', title: 'T', scale: SAMPLE_SCALE, rows, size: 'wide' }).value,
    );
    expect(svg.querySelectorAll('polygon')).toHaveLength(1);
    expect(svg.querySelectorAll('circle')).toHaveLength(1);
    expect(svg.querySelectorAll('rect')).toHaveLength(1);
    // 1 → 170, 5 → 580 on the wide layout: 3.10 sits at 170 + 2.1/4 × 410.
    expect(Number(svg.querySelector('circle')?.getAttribute('cx'))).toBeCloseTo(385.3, 1);
  });

  it('writes each published value beside its mark and no number for a suppressed group', () => {
    const svg = svgOf(
      dotPlotSvg({ id: 'p4', title: 'T', scale: SAMPLE_SCALE, rows, size: 'narrow' }).value,
    );
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['4.50', '3.10, n=10', '3.25, n=4', 'not shown']));
    expect(texts.join(' ')).not.toMatch(/Direct reports.*\d\.\d\d/);
  });

  it('points to the table instead of repeating the figures when they follow', () => {
    const svg = svgOf(
      dotPlotSvg({
        id: 'p5',
        title: 'T',
        scale: SAMPLE_SCALE,
        rows,
        size: 'wide',
        figuresFollow: true,
      }).value,
    );
    expect(svg.querySelector('title')?.textContent).toBe(
      'T, on a scale of 1 to 5. The figures are in the table that follows.',
    );
  });
});

describe('distributionBarSvg', () => {
  const distribution = { '1': 0, '2': 1, '3': 3, '4': 4, '5': 2, notObserved: 1 };

  it('draws one outlined segment per answer given, sized by its share', () => {
    const svg = svgOf(
      distributionBarSvg({
        id: 'd1',
        title: 'How others answered',
        scale: SAMPLE_SCALE,
        distribution,
      })!.value,
    );
    const widths = [...svg.querySelectorAll('rect')].map((r) => Number(r.getAttribute('width')));
    expect(widths).toHaveLength(5);
    // 338 units shared by 11 answers.
    expect(widths[1]).toBeCloseTo((3 / 11) * 338, 0);
    expect(svg.querySelector('title')?.textContent).toBe(
      'How others answered. 1 Never: 0; 2 Rarely: 1; 3 Sometimes: 3; 4 Often: 4; 5 Always: 2; Not observed: 1.',
    );
    expect(svg.getAttribute('role')).toBe('img');
  });

  it('draws nothing when nobody answered', () => {
    expect(
      distributionBarSvg({
        id: 'd2',
        title: 'T',
        scale: SAMPLE_SCALE,
        distribution: { notObserved: 0 },
      }),
    ).toBeNull();
  });
});
