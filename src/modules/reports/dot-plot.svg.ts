import { html, SafeHtml } from '../../common/html';
import { formatMean } from './report-labels';
import { PALETTE } from './report-palette';
import type { ScaleShape } from '../frameworks/framework-shape';

export type DotPlotMark = 'self' | 'others' | 'group';

export interface DotPlotRow {
  label: string;
  mark: DotPlotMark;
  /** The published mean, or null with `missing` saying why there is none. */
  value: number | null;
  n: number | null;
  missing?: string;
}

export interface DotPlotOptions {
  /** Unique in the page: the SVG's title is referenced by it. */
  id: string;
  title: string;
  scale: ScaleShape;
  rows: DotPlotRow[];
  /** Wide for a behaviour, narrow for an item (two to a row on paper). */
  size: 'wide' | 'narrow';
  /**
   * Where the figures are also written out (a table beside the chart), the SVG's title names
   * the chart and points there instead of reading every figure twice.
   */
  figuresFollow?: boolean;
}

const LAYOUT = {
  wide: { width: 680, plotLeft: 170, plotRight: 580, valueX: 592, rowHeight: 26, font: 13 },
  narrow: { width: 340, plotLeft: 104, plotRight: 262, valueX: 270, rowHeight: 24, font: 12.5 },
} as const;
const TOP = 6;
const MARK_SIZE = 6;

/**
 * One row per figure on the rating scale: self a diamond, all others a circle, each group a
 * square, each value written beside its mark. Not a radar chart: people misread those. The
 * SVG is an image with a title that states every figure; the page adds a table as well.
 */
export function dotPlotSvg(options: DotPlotOptions): SafeHtml {
  const layout = LAYOUT[options.size];
  const { min, max } = options.scale;
  const x = (value: number) =>
    oneDecimal(
      layout.plotLeft +
        (max === min ? 0.5 : (value - min) / (max - min)) * (layout.plotRight - layout.plotLeft),
    );
  const rowsBottom = TOP + options.rows.length * layout.rowHeight;
  const showWords = options.size === 'wide' && max - min + 1 <= 7;
  const height = rowsBottom + (showWords ? 38 : 22);
  const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const titleId = `${options.id}-title`;

  const gridlines = points.map(
    (point) =>
      html`<line
        x1="${x(point)}"
        x2="${x(point)}"
        y1="${TOP}"
        y2="${rowsBottom}"
        stroke="${PALETTE.grid}"
        stroke-width="1"
      />`,
  );
  const ticks = points.map(
    (point, i) =>
      html`<text
          x="${x(point)}"
          y="${rowsBottom + 15}"
          text-anchor="middle"
          font-size="${layout.font}"
          fill="${PALETTE.text}"
          >${point}</text
        >${
          showWords
            ? html`<text
                x="${x(point)}"
                y="${rowsBottom + 31}"
                text-anchor="middle"
                font-size="11"
                fill="${PALETTE.mutedText}"
                >${options.scale.labels[i] ?? ''}</text
              >`
            : ''
        }`,
  );
  const rows = options.rows.map((row, i) => {
    const y = TOP + i * layout.rowHeight + layout.rowHeight / 2;
    const label = html`<text x="0" y="${y + 4}" font-size="${layout.font}" fill="${PALETTE.text}"
      >${row.label}</text
    >`;
    if (row.value === null) {
      return html`${label}<text
          x="${layout.plotLeft + 4}"
          y="${y + 4}"
          font-size="${layout.font}"
          font-style="italic"
          fill="${PALETTE.mutedText}"
          stroke="${PALETTE.background}"
          stroke-width="4"
          paint-order="stroke"
          >${row.missing ?? 'not shown'}</text
        >`;
    }
    const value = row.n === null ? formatMean(row.value) : `${formatMean(row.value)}, n=${row.n}`;
    return html`${label}<line
        x1="${layout.plotLeft}"
        x2="${layout.plotRight}"
        y1="${y}"
        y2="${y}"
        stroke="${PALETTE.grid}"
        stroke-width="1"
        stroke-dasharray="2 3"
      />${mark(row.mark, x(row.value), y)}<text
        x="${layout.valueX}"
        y="${y + 4}"
        font-size="${layout.font}"
        fill="${PALETTE.text}"
        >${value}</text
      >`;
  });

  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    class="dot-plot dot-plot-${options.size}"
    viewBox="0 0 ${layout.width} ${height}"
    width="${layout.width}"
    height="${height}"
    role="img"
    aria-labelledby="${titleId}"
    focusable="false"
  >
    <title id="${titleId}">${describe(options)}</title>
    ${gridlines}
    <line
      x1="${layout.plotLeft}"
      x2="${layout.plotRight}"
      y1="${rowsBottom}"
      y2="${rowsBottom}"
      stroke="${PALETTE.axis}"
      stroke-width="1.5"
    />
    ${ticks}${rows}
  </svg>`;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

function mark(kind: DotPlotMark, cx: number, cy: number): SafeHtml {
  const s = MARK_SIZE;
  switch (kind) {
    case 'self':
      return html`<polygon
        points="${cx},${cy - s - 1} ${cx + s + 1},${cy} ${cx},${cy + s + 1} ${cx - s - 1},${cy}"
        fill="${PALETTE.self}"
      />`;
    case 'others':
      return html`<circle cx="${cx}" cy="${cy}" r="${s}" fill="${PALETTE.others}" />`;
    case 'group':
      return html`<rect
        x="${cx - s + 1}"
        y="${cy - s + 1}"
        width="${2 * s - 2}"
        height="${2 * s - 2}"
        fill="${PALETTE.group}"
      />`;
  }
}

/** The chart in words: every figure it shows, and why a row has none. */
function describe(options: DotPlotOptions): string {
  const { min, max } = options.scale;
  if (options.figuresFollow) {
    return `${options.title}, on a scale of ${min} to ${max}. The figures are in the table that follows.`;
  }
  const parts = options.rows.map((row) => {
    if (row.value === null) return `${row.label}: ${row.missing ?? 'not shown'}`;
    const from = row.n === null ? '' : ` from ${row.n} ${row.n === 1 ? 'person' : 'people'}`;
    return `${row.label}: ${formatMean(row.value)}${from}`;
  });
  return `${options.title}, on a scale of ${min} to ${max}. ${parts.join('; ')}.`;
}
