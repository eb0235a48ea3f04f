import { html, SafeHtml } from '../../common/html';
import { distributionFills, PALETTE, textColourOn } from './report-palette';
import type { ScaleShape } from '../frameworks/framework-shape';

const WIDTH = 340;
const HEIGHT = 24;
/** Narrower segments keep their count in the text beside the chart only. */
const MIN_LABELLED_WIDTH = 16;

export interface DistributionPart {
  /** "1".."5" or "notObserved", as in the report JSON. */
  key: string;
  label: string;
  count: number;
  fill: string;
}

/** Each scale point (low to high) then "not observed", with its count and colour. */
export function distributionParts(
  scale: ScaleShape,
  distribution: Record<string, number>,
): DistributionPart[] {
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  const fills = distributionFills(points.length);
  return [
    ...points.map((point, i) => ({
      key: String(point),
      label: `${point} ${scale.labels[i] ?? ''}`.trim(),
      count: distribution[String(point)] ?? 0,
      fill: fills[i] ?? PALETTE.notObserved,
    })),
    {
      key: 'notObserved',
      label: 'Not observed',
      count: distribution.notObserved ?? 0,
      fill: PALETTE.notObserved,
    },
  ];
}

/**
 * How others' answers spread over the scale, as one stacked bar; null when nobody answered.
 * Segments are outlined so that even the lightest stands out from the page.
 */
export function distributionBarSvg(options: {
  id: string;
  title: string;
  scale: ScaleShape;
  distribution: Record<string, number>;
  /** The counts are written out beside the chart, so the title need not repeat them. */
  countsFollow?: boolean;
}): SafeHtml | null {
  const parts = distributionParts(options.scale, options.distribution);
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  if (total === 0) return null;
  const titleId = `${options.id}-title`;
  let x = 0;
  const segments = parts
    .filter((part) => part.count > 0)
    .map((part) => {
      const width = Math.round((part.count / total) * (WIDTH - 2) * 10) / 10;
      const at = x + 1;
      x += width;
      const label =
        width >= MIN_LABELLED_WIDTH
          ? html`<text
              x="${Math.round((at + width / 2) * 10) / 10}"
              y="${HEIGHT / 2 + 4}"
              text-anchor="middle"
              font-size="12"
              fill="${textColourOn(part.fill)}"
              >${part.count}</text
            >`
          : '';
      return html`<rect
          x="${at}"
          y="1"
          width="${width}"
          height="${HEIGHT - 2}"
          fill="${part.fill}"
          stroke="${PALETTE.segmentStroke}"
          stroke-width="1"
        />${label}`;
    });
  const words = options.countsFollow
    ? 'The counts follow as text'
    : parts.map((part) => `${part.label}: ${part.count}`).join('; ');
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    class="distribution"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    width="${WIDTH}"
    height="${HEIGHT}"
    role="img"
    aria-labelledby="${titleId}"
    focusable="false"
  >
    <title id="${titleId}">${options.title}. ${words}.</title>
    ${segments}
  </svg>`;
}
