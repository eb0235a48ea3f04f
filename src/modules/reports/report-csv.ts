import type { ReportDocument } from './report-document';
import { OTHER_RELATIONSHIPS, type OtherRelationship } from '../../common/relationship';
import { type ScaleShape } from '../frameworks/framework-shape';
import { type GroupFigure } from './report.types';

type Cell = string | number | null;

/**
 * The published figures as CSV (RFC 4180: CRLF, fields quoted where needed): one row per
 * dimension, then one per item of it. Keys in `dimension` and `item` (item empty on a dimension
 * row); a figure that is not published is an empty cell, never a zero.
 */
export function reportCsv(report: ReportDocument, scale: ScaleShape): string {
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => String(scale.min + i));
  const header = [
    'dimension',
    'item',
    'text',
    'self',
    'others_mean',
    'others_n',
    ...OTHER_RELATIONSHIPS.flatMap((r) => [`${r}_mean`, `${r}_n`]),
    ...points.map((point) => `answers_${point}`),
    'answers_not_observed',
    'highlight',
  ];
  const blindSpots = new Set(report.highlights.blindSpots);
  const hiddenStrengths = new Set(report.highlights.hiddenStrengths);

  const rows: Cell[][] = [header];
  for (const dimension of report.dimensions) {
    rows.push([
      dimension.key,
      '',
      dimension.title,
      dimension.self,
      dimension.others?.mean ?? null,
      dimension.others?.n ?? null,
      ...groupCells(dimension.groups),
      ...points.map(() => null),
      null,
      null,
    ]);
    for (const item of dimension.items) {
      const distribution = item.others?.distribution;
      rows.push([
        dimension.key,
        item.key,
        item.text,
        item.self,
        item.others?.mean ?? null,
        item.others?.n ?? null,
        ...groupCells(item.groups),
        ...points.map((point) => distribution?.[point] ?? null),
        distribution?.notObserved ?? null,
        blindSpots.has(item.key)
          ? 'blind_spot'
          : hiddenStrengths.has(item.key)
            ? 'hidden_strength'
            : null,
      ]);
    }
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Mean and n of each group in a fixed column order; empty where suppressed or not invited. */
function groupCells(groups: GroupFigure[]): Cell[] {
  const byRelationship = new Map<OtherRelationship, GroupFigure>(
    groups.map((g) => [g.relationship, g]),
  );
  return OTHER_RELATIONSHIPS.flatMap((relationship) => {
    const group = byRelationship.get(relationship);
    return group && !group.suppressed ? [group.mean, group.n] : [null, null];
  });
}

/**
 * RFC 4180 quoting, and text that a spreadsheet would run as a formula (= + - @, tab, CR at
 * the start) is prefixed with an apostrophe, as OWASP advises against CSV injection.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
