import { html, SafeHtml } from '../../common/html';
import type { ReportDocument } from './report-document';
import { formatMean } from './report-labels';
import type { ItemReport } from './report.types';
import { LEADER_WORDING, type ReportWording } from './report-wording';

/** How many statements the summary names at each end of the ranking. */
const RANKED = 3;

interface RankedItem {
  key: string;
  text: string;
  others: number;
  self: number | null;
}

/**
 * The top of the report, in words: where others see the leader most and least strongly, then
 * blind spots and hidden strengths. Only published figures take part.
 */
export function reportSummary(report: ReportDocument, w: ReportWording = LEADER_WORDING): SafeHtml {
  const dimensions = report.dimensions
    .filter((d) => d.others !== null)
    .map((d) => ({ title: d.title, mean: d.others?.mean ?? 0 }));
  if (dimensions.length === 0) {
    return html`<section aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <p>
        Fewer than ${report.threshold} people other than ${w.you} answered, so no figures can be
        shown: only how many people answered (below). ${w.Your} own ratings are in each behaviour.
      </p>
    </section>`;
  }
  const byMean = [...dimensions].sort((a, b) => b.mean - a.mean);
  const strongest = byMean[0];
  const weakest = byMean[byMean.length - 1];
  const items = report.dimensions.flatMap((d) => d.items).flatMap(rankable);
  const ranked = [...items].sort((a, b) => b.others - a.others);
  const count = Math.min(RANKED, Math.floor(ranked.length / 2));
  const byKey = new Map(items.map((item) => [item.key, item]));

  return html`<section aria-labelledby="summary-heading">
    <h2 id="summary-heading">Summary</h2>
    ${
      strongest && weakest && byMean.length > 1
        ? html`<p>
            Others see ${w.you} most strongly in
            <strong>${strongest.title}</strong> (${formatMean(strongest.mean)}) and least strongly
            in <strong>${weakest.title}</strong> (${formatMean(weakest.mean)}).
          </p>`
        : strongest
          ? html`<p>
              Others rate ${w.you} ${formatMean(strongest.mean)} on average in
              <strong>${strongest.title}</strong>.
            </p>`
          : ''
    }
    ${
      count > 0
        ? html`<h3>What others rate highest</h3>
            <ol>
              ${ranked.slice(0, count).map((item) => html`<li>${item.text} (${formatMean(item.others)})</li>`)}
            </ol>
            <h3>What others rate lowest</h3>
            <ol>
              ${ranked
                .slice(-count)
                .reverse()
                .map((item) => html`<li>${item.text} (${formatMean(item.others)})</li>`)}
            </ol>`
        : ''
    }
    <h3>Blind spots</h3>
    ${gapList(
      report.highlights.blindSpots,
      byKey,
      `Statements where ${w.you} rated ${w.yourself} at least 1.0 higher than others did.`,
      `None: on no statement did ${w.you} rate ${w.yourself} 1.0 or more above others.`,
      w,
    )}
    <h3>Hidden strengths</h3>
    ${gapList(
      report.highlights.hiddenStrengths,
      byKey,
      `Statements where others rated ${w.you} at least 1.0 higher than ${w.they} rated ${w.yourself}.`,
      `None: on no statement did others rate ${w.you} 1.0 or more above ${w.your} own rating.`,
      w,
    )}
  </section>`;
}

function rankable(item: ItemReport): RankedItem[] {
  return item.others
    ? [{ key: item.key, text: item.text, others: item.others.mean, self: item.self }]
    : [];
}

function gapList(
  keys: string[],
  items: Map<string, RankedItem>,
  explanation: string,
  none: string,
  w: ReportWording,
): SafeHtml {
  const listed = keys.flatMap((key) => {
    const item = items.get(key);
    return item ? [item] : [];
  });
  if (listed.length === 0) return html`<p>${none}</p>`;
  return html`<p>${explanation}</p>
    <ul>
      ${listed.map(
        (item) =>
          html`<li>
            ${item.text}: ${w.you} ${item.self === null ? 'gave no rating' : formatMean(item.self)},
            others ${formatMean(item.others)}
          </li>`,
      )}
    </ul>`;
}
