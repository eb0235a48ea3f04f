import axe from 'axe-core';
import { JSDOM } from 'jsdom';
import type { ReportDocument } from './report-document';
import { renderReportPage } from './report-page';
import { SAMPLE_REPORT, SAMPLE_SCALE } from './report-sample';

const TAKEN_AT = new Date('2026-03-31T17:00:00Z');

/** Text as a reader meets it: runs of white space are one space. */
const words = (node: Element | null | undefined) =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

function pageOf(report: ReportDocument = SAMPLE_REPORT) {
  const markup = renderReportPage(report, SAMPLE_SCALE, { takenAt: TAKEN_AT });
  return { markup, dom: new JSDOM(markup, { runScripts: 'outside-only' }) };
}

/** The text-equivalent table of one behaviour or statement: group → [mean, n]. */
function figuresTable(document: Document, dimension: string, item?: string) {
  const selector = item
    ? `table.figures[data-dimension="${dimension}"][data-item="${item}"]`
    : `table.figures[data-dimension="${dimension}"]:not([data-item])`;
  const table = document.querySelector(selector);
  if (!table) throw new Error(`no table ${selector}`);
  return Object.fromEntries(
    [...table.querySelectorAll('tbody tr')].map((row) => [
      row.getAttribute('data-group'),
      [words(row.querySelector('.mean')), words(row.querySelector('.n'))],
    ]),
  );
}

describe('renderReportPage', () => {
  it('is an English page with one h1 and headings in order', () => {
    const { document } = pageOf().dom.window;
    expect(document.documentElement.lang).toBe('en-GB');
    expect(document.querySelectorAll('h1')).toHaveLength(1);
    const levels = [...document.querySelectorAll('h1,h2,h3,h4')].map((h) => Number(h.tagName[1]));
    levels.forEach((level, i) => {
      if (i > 0) expect(level - levels[i - 1]!).toBeLessThanOrEqual(1);
    });
  });

  it('draws one wide dot plot per behaviour and one narrow one per statement', () => {
    const { document } = pageOf().dom.window;
    expect(document.querySelectorAll('section.behaviour')).toHaveLength(2);
    for (const section of document.querySelectorAll('section.behaviour')) {
      expect(section.querySelectorAll('svg.dot-plot-wide')).toHaveLength(1);
    }
    expect(document.querySelectorAll('.items svg.dot-plot-narrow')).toHaveLength(3);
    // Each behaviour's chart again in the narrow layout, shown instead on a phone.
    expect(document.querySelectorAll('.chart-small svg.dot-plot-narrow')).toHaveLength(2);
    for (const svg of document.querySelectorAll('svg[role="img"]')) {
      const title = document.getElementById(svg.getAttribute('aria-labelledby') ?? '');
      expect(title?.textContent).toBeTruthy();
    }
  });

  it('states every published figure in text and no figure of a suppressed group', () => {
    const { document } = pageOf().dom.window;
    expect(figuresTable(document, 'empowering')).toEqual({
      self: ['4.50', ''],
      others: ['3.10', '10'],
      manager: ['not shown', ''],
      peer: ['3.25', '4'],
      direct_report: ['not shown', ''],
      other: ['2.67', '3'],
    });
    expect(figuresTable(document, 'empowering', 'grows_confidence')).toEqual({
      self: ['no rating', ''],
      others: ['not shown (fewer than 3 answers)', ''],
      manager: ['not shown', ''],
      peer: ['not shown', ''],
      direct_report: ['not shown', ''],
      other: ['not shown', ''],
    });
    const counts = [...document.querySelectorAll('ul.distribution[data-item="delegates"] li')].map(
      (li) => [li.getAttribute('data-answer'), words(li.querySelector('span'))],
    );
    expect(counts).toEqual([
      ['1', '0'],
      ['2', '1'],
      ['3', '3'],
      ['4', '4'],
      ['5', '2'],
      ['notObserved', '0'],
    ]);
    expect(document.querySelector('ul.distribution[data-item="grows_confidence"]')).toBeNull();
  });

  it('starts with a summary in words: strongest and weakest, blind spots, hidden strengths', () => {
    const { document } = pageOf().dom.window;
    const summary = words(document.querySelector('section[aria-labelledby="summary-heading"]'));
    expect(summary).toMatch(
      /most strongly in Building trust and co-operation \(3\.50\)\s+and least strongly in Developing and empowering people \(3\.10\)/,
    );
    expect(summary).toContain('Delegates real decisions, not just tasks: you 5.00, others 3.70');
    expect(summary).toContain('Keeps the promises they make: you 2.00, others 3.50');
  });

  it('explains suppression with the cycle’s k and lists response counts per group', () => {
    const { document } = pageOf().dom.window;
    expect(words(document.querySelector('.how-to-read'))).toContain(
      'groups with fewer than 3 answers are not shown',
    );
    const peers = document.querySelector('table.counts tr[data-relationship="peer"]');
    expect([...(peers?.querySelectorAll('td') ?? [])].map((td) => words(td))).toEqual(['5', '4']);
  });

  it('escapes every text from the snapshot', () => {
    const { markup, dom } = pageOf();
    expect(markup).not.toContain('<script>alert(1)</script>');
    expect(dom.window.document.querySelector('main script')).toBeNull();
    expect(words(dom.window.document.querySelector('.comment-list'))).toContain(
      'Listens <script>alert(1)</script> well',
    );
    expect(words(dom.window.document.querySelector('h1'))).toBe(
      '360° feedback report: Priya <Shah> & co',
    );
  });

  it('speaks to the leader as "you" and names the leader to a coach or admin', () => {
    const asLeader = pageOf().dom.window.document;
    const other = new JSDOM(
      renderReportPage(SAMPLE_REPORT, SAMPLE_SCALE, { takenAt: TAKEN_AT, readerIsLeader: false }),
    ).window.document;
    const summary = (d: Document) =>
      words(d.querySelector('section[aria-labelledby="summary-heading"]'));
    expect(summary(asLeader)).toMatch(/Others see you most strongly/);
    expect(summary(other)).toMatch(/Others see Priya <Shah> & co most strongly/);
    expect(summary(other)).not.toMatch(/\byou\b|\byour/i);
    expect(words(other.querySelector('.how-to-read'))).toContain(
      'A black diamond is Priya <Shah> & co’s own rating (Self).',
    );
    expect(words(other.querySelector('.how-to-read'))).not.toMatch(/\byou\b|\byour/i);
    expect(words(other.querySelector('.comments'))).not.toMatch(/\byou\b/i);
  });

  it('withholds comments when fewer than k others answered, and says why', () => {
    const few: ReportDocument = {
      ...SAMPLE_REPORT,
      counts: {
        ...SAMPLE_REPORT.counts,
        peer: { invited: 5, completed: 1 },
        other: { invited: 3, completed: 0 },
        direct_report: { invited: 3, completed: 0 },
      },
      comments: SAMPLE_REPORT.comments.map((c) => ({ ...c, answers: [] })),
    };
    const text = words(pageOf(few).dom.window.document.querySelector('section.comments'));
    expect(text).toContain(
      'Comments are shown only when at least 3 people other than you answered',
    );
  });

  it('prints on A4 without splitting a behaviour or a statement', () => {
    const { markup } = pageOf();
    expect(markup).toContain('@page{size:A4');
    expect(markup).toMatch(/@media print\{[^]*\.behaviour\{break-before:page/);
    expect(markup).toMatch(/\.behaviour-figure,\.item[^{]*\{break-inside:avoid\}/);
  });

  it.each([
    ['a full report', SAMPLE_REPORT],
    [
      'a report with all others below k',
      {
        ...SAMPLE_REPORT,
        dimensions: SAMPLE_REPORT.dimensions.map((d) => ({
          ...d,
          others: null,
          groups: d.groups.map((g) => ({ ...g, mean: null, n: null, suppressed: true })),
          items: d.items.map((i) => ({ ...i, others: null, groups: [] })),
        })),
        highlights: { blindSpots: [], hiddenStrengths: [] },
      },
    ],
  ])('passes axe-core’s WCAG 2.2 A and AA rules for %s', async (_name, report) => {
    // jsdom cannot compute contrast; report-palette.spec.ts checks the colours instead.
    const { window } = pageOf(report).dom;
    window.eval(axe.source);
    const result = await (window as unknown as { axe: typeof axe }).axe.run(window.document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
