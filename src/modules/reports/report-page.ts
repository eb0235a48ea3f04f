import { html, SafeHtml } from '../../common/html';
import { renderView, trusted } from '../../pages/view-engine';
import { standaloneCss } from '../../pages/assets';
import { distributionBarSvg, distributionParts } from './distribution-bar.svg';
import { dotPlotSvg, type DotPlotRow } from './dot-plot.svg';
import type { ReportDocument } from './report-document';
import { ALL_OTHERS_LABEL, formatMean, RELATIONSHIP_LABELS } from './report-labels';
import { REPORT_CSS } from './report-page-style';
import { PALETTE } from './report-palette';
import { reportSummary } from './report-summary';
import { RELATIONSHIPS } from '../../common/relationship';
import { formatLondonDate } from '../../common/london-time';
import { type ScaleShape } from '../frameworks/framework-shape';
import { reportWording, type ReportWording } from './report-wording';
import { type DimensionReport, type GroupFigure, type ItemReport } from './report.types';

export interface ReportPageOptions {
  /** When the snapshot was taken (the cycle's close). */
  takenAt: Date;
  /** Whether the reader is the leader ("you") or a coach or admin (the leader by name). */
  readerIsLeader?: boolean;
  /** Where "Download CSV" points; none in a report saved as a file. */
  csvHref?: string;
  /** Inline the stylesheets (a report saved as a file, opened without the service). */
  standalone?: boolean;
}

/**
 * The report a leader reads with their coach: summary, how to read it, who answered, then each
 * behaviour and its statements as dot plots with their figures as text, and the comments.
 * Pure: from the snapshot's document and the framework's scale to a whole HTML page.
 */
export function renderReportPage(
  report: ReportDocument,
  scale: ScaleShape,
  options: ReportPageOptions,
): string {
  return renderView('reports/report.njk', reportViewContext(report, scale, options));
}

/** What reports/report.njk shows (the staff page adds the layout's person and navigation). */
export function reportViewContext(
  report: ReportDocument,
  scale: ScaleShape,
  options: ReportPageOptions,
): Record<string, unknown> {
  const w = reportWording(report.leader.name, options.readerIsLeader ?? true);
  const takenOn = formatLondonDate(options.takenAt);
  const body = html`${reportSummary(report, w)} ${howToRead(report, scale, w)} ${whoAnswered(report)}
    ${report.dimensions.map((dimension, d) => behaviourSection(dimension, d, report, scale, w))}
    ${commentsSection(report, w)}`;
  return {
    heading: `360° feedback report: ${report.leader.name}`,
    leaderName: report.leader.name,
    cycleName: report.cycle.name,
    takenOn,
    csvHref: options.csvHref ?? null,
    reportCss: REPORT_CSS,
    reportBody: trusted(body),
    standalone: options.standalone === true,
    inlineCss: options.standalone ? standaloneCss() : null,
  };
}

function howToRead(report: ReportDocument, scale: ScaleShape, w: ReportWording): SafeHtml {
  const k = report.threshold;
  const legend = (shape: SafeHtml, text: string) =>
    html`<li>
      <svg
        class="legend-mark"
        width="16"
        height="16"
        viewBox="0 0 16 16"
        aria-hidden="true"
        focusable="false"
      >
        ${shape}
      </svg>
      ${text}
    </li>`;
  return html`<section aria-labelledby="how-heading" class="how-to-read">
    <h2 id="how-heading">How to read this report</h2>
    <p>
      Each statement was rated on a scale from ${scale.min} to ${scale.max}:
      ${scale.labels.map((label, i) => `${scale.min + i} = ${label}`).join(', ')}; or “not
      observed”, which counts towards no figure. Figures are means rounded to 2 decimals; n is how
      many people gave a rating.
    </p>
    <ul class="legend">
      ${legend(html`<polygon points="8,1 15,8 8,15 1,8" fill="${PALETTE.self}" />`, `A black diamond is ${w.your} own rating (Self).`)}
      ${legend(html`<circle cx="8" cy="8" r="6" fill="${PALETTE.others}" />`, `A blue circle is everyone else together (${ALL_OTHERS_LABEL}).`)}
      ${legend(html`<rect x="3" y="3" width="10" height="10" fill="${PALETTE.group}" />`, 'A brown square is one group, such as peers or direct reports.')}
    </ul>
    <p>
      To keep answers anonymous, groups with fewer than ${k} answers are not shown: their row says
      “not shown”. A group may also be hidden when showing it would let someone work out the answers
      of fewer than ${k} people from the other figures. If fewer than ${k} people other than ${w.you}
      answered, only counts are shown, and comments are shown only when at least ${k} people other
      than ${w.you} answered, without saying who wrote them, in no particular order.
    </p>
    <p>
      A <strong>blind spot</strong> is a statement where ${w.you} rated ${w.yourself} at least 1.0
      higher than others did; a <strong>hidden strength</strong> one where others rated ${w.you} at
      least 1.0 higher.
    </p>
  </section>`;
}

function whoAnswered(report: ReportDocument): SafeHtml {
  return html`<section aria-labelledby="counts-heading">
    <h2 id="counts-heading">Who answered</h2>
    <table class="counts">
      <caption>
        People invited and people who answered, by relationship
      </caption>
      <thead>
        <tr>
          <th scope="col">Relationship</th>
          <th scope="col">Invited</th>
          <th scope="col">Answered</th>
        </tr>
      </thead>
      <tbody>
        ${RELATIONSHIPS.map(
          (r) =>
            html`<tr data-relationship="${r}">
              <th scope="row">${RELATIONSHIP_LABELS[r]}</th>
              <td>${report.counts[r].invited}</td>
              <td>${report.counts[r].completed}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

interface Figures {
  title: string;
  self: number | null;
  others: { mean: number; n: number } | null;
  groups: GroupFigure[];
}

function behaviourSection(
  dimension: DimensionReport,
  d: number,
  report: ReportDocument,
  scale: ScaleShape,
  w: ReportWording,
): SafeHtml {
  const id = `b${d}`;
  return html`<section class="behaviour" aria-labelledby="${id}-heading">
    <div class="behaviour-figure">
      <h2 id="${id}-heading">${dimension.title}</h2>
      ${figure(id, 'wide', dimension, report.threshold, scale, { dimension: dimension.key })}
    </div>
    <div class="items">
      ${dimension.items.map((item, i) => itemBlock(item, `${id}i${i}`, dimension.key, report, scale, w))}
    </div>
  </section>`;
}

function itemBlock(
  item: ItemReport,
  id: string,
  dimensionKey: string,
  report: ReportDocument,
  scale: ScaleShape,
  w: ReportWording,
): SafeHtml {
  const tag = report.highlights.blindSpots.includes(item.key)
    ? html`<p class="tag">Blind spot: ${w.you} rated ${w.yourself} at least 1.0 above others</p>`
    : report.highlights.hiddenStrengths.includes(item.key)
      ? html`<p class="tag">
          Hidden strength: others rated ${w.you} at least 1.0 above ${w.they === 'you' ? 'yourself' : 'their own rating'}
        </p>`
      : '';
  const figures = { ...item, title: item.text };
  const distribution = item.others?.distribution;
  const bar =
    distribution &&
    distributionBarSvg({
      id: `${id}-dist`,
      title: 'How others answered',
      scale,
      distribution,
      countsFollow: true,
    });
  return html`<div class="item">
    <h3 id="${id}-heading">${item.text}</h3>
    ${tag}
    ${figure(id, 'narrow', figures, report.threshold, scale, { dimension: dimensionKey, item: item.key })}
    ${
      distribution && bar
        ? html`<p class="dist-heading">How others answered</p>
            ${bar}
            <ul class="distribution" data-item="${item.key}">
              ${distributionParts(scale, distribution).map(
                (part) =>
                  html`<li data-answer="${part.key}">
                    ${part.label}: <span>${part.count}</span>
                  </li>`,
              )}
            </ul>`
        : ''
    }
  </div>`;
}

/** A dot plot and, as its text equivalent, a table of the same figures (visually hidden). */
function figure(
  id: string,
  size: 'wide' | 'narrow',
  figures: Figures,
  threshold: number,
  scale: ScaleShape,
  keys: { dimension: string; item?: string },
): SafeHtml {
  const notShown = `not shown (fewer than ${threshold} answers)`;
  const rows: (DotPlotRow & { key: string })[] = [
    {
      key: 'self',
      label: RELATIONSHIP_LABELS.self,
      mark: 'self',
      value: figures.self,
      n: null,
      missing: 'no rating',
    },
    {
      key: 'others',
      label: ALL_OTHERS_LABEL,
      mark: 'others',
      value: figures.others?.mean ?? null,
      n: figures.others?.n ?? null,
      missing: notShown,
    },
    ...figures.groups.map((g) => ({
      key: g.relationship,
      label: RELATIONSHIP_LABELS[g.relationship],
      mark: 'group' as const,
      value: g.suppressed ? null : g.mean,
      n: g.suppressed ? null : g.n,
      missing: 'not shown',
    })),
  ];
  const chart = dotPlotSvg({
    id: `${id}-plot`,
    title: figures.title,
    scale,
    rows,
    size,
    figuresFollow: true,
  });
  // A wide chart shrinks to unreadable text on a phone (6 px at 320 px): there, the same chart
  // in the narrow layout is shown instead (CSS picks one; the other is not displayed at all).
  const small =
    size === 'wide'
      ? html`<div class="chart-small">
          ${dotPlotSvg({ id: `${id}-plot-small`, title: figures.title, scale, rows, size: 'narrow', figuresFollow: true })}
        </div>`
      : '';
  // Hidden through a wrapper: a table ignores width:1px and would widen the page.
  return html`${size === 'wide' ? html`<div class="chart-large">${chart}</div>${small}` : chart}
    <div class="visually-hidden">
      <table
        class="figures"
        data-dimension="${keys.dimension}"${keys.item ? html` data-item="${keys.item}"` : ''}
      >
        <caption>
          Figures for ${figures.title}
        </caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Mean</th>
            <th scope="col">Number of people (n)</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr data-group="${row.key}">
                <th scope="row">${row.label}</th>
                <td class="mean">${row.value === null ? row.missing : formatMean(row.value)}</td>
                <td class="n">${row.value === null || row.n === null ? '' : row.n}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function commentsSection(report: ReportDocument, w: ReportWording): SafeHtml {
  const othersAnswered = RELATIONSHIPS.filter((r) => r !== 'self').reduce(
    (sum, r) => sum + report.counts[r].completed,
    0,
  );
  const withheld = othersAnswered < report.threshold;
  return html`<section class="comments" aria-labelledby="comments-heading">
    <h2 id="comments-heading">Comments</h2>
    ${
      withheld
        ? html`<p>
            Comments are shown only when at least ${report.threshold} people other than ${w.you}
            answered, so none are shown here.
          </p>`
        : html`<p>In no particular order, and without saying who wrote them.</p>
            ${report.comments.map(
              (question) =>
                html`<h3>${question.question}</h3>
                  ${
                    question.answers.length > 0
                      ? html`<ul class="comment-list">
                          ${question.answers.map((answer) => html`<li>${answer}</li>`)}
                        </ul>`
                      : html`<p>No comments.</p>`
                  }`,
            )}`
    }
  </section>`;
}
