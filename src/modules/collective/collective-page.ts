import type { NotShownReason } from './collective-suppression';
import type { ProfileDocument } from './profile-document';
import { shadeIndex, shadesFor, type Shade } from './profile-palette';

// What the page /cycles/:id/collective (the view collective/profile.njk) shows, from the profile
// document its reader may see: the heatmap's cells written out, the notes on what is not shown,
// the legend. Pure.

export interface PageCell {
  title: string;
  /** "3.57", always written when shown. */
  mean: string | null;
  n: number;
  shade: number | null;
  /** "+0.32", "−0.20", "0.00"; null when there is no change to show. */
  change: string | null;
  direction: 'up' | 'down' | 'same' | null;
  /** The letter of the note that says why it is not shown. */
  note: string | null;
  noteId: string | null;
}

export interface PageRow {
  name: string;
  depth: number;
  /** 0 to 5: how far the row's name is indented. */
  indent: number;
  parentName: string | null;
  leaders: number;
  isOrganisation: boolean;
  cells: PageCell[];
}

export interface PageNote {
  id: string;
  letter: string;
  text: string;
}

export interface CollectivePageInput {
  doc: ProfileDocument;
  scale: { min: number; max: number; labels: string[] };
  /** Earlier closed cycles the reader may compare with (for the form). */
  comparable: { id: string; name: string }[];
  csvHref: string;
  /** The reader is a coach (not an admin): the notes speak of their coachees. */
  asCoach: boolean;
}

const NOTE_ORDER: NotShownReason[] = ['below_threshold', 'residue', 'coachees', 'no_figures'];

function noteText(reason: NotShownReason, k: number): string {
  switch (reason) {
    case 'below_threshold':
      return `Fewer than ${k} leaders here have a figure of their own, so theirs are not averaged where someone could tell them apart.`;
    case 'residue':
      return `Shown beside the rows above and below it, this figure would let someone subtract their way to fewer than ${k} leaders.`;
    case 'coachees':
      return `You coach some of the leaders counted here and know their figures; with those, this figure would single out fewer than ${k} other leaders.`;
    case 'no_figures':
      return 'No leader here has a figure for this behaviour.';
  }
}

const formatMean = (mean: number) => mean.toFixed(2);

function formatChange(change: number): { text: string; direction: 'up' | 'down' | 'same' } {
  if (change > 0) return { text: `+${change.toFixed(2)}`, direction: 'up' };
  if (change < 0) return { text: `\u2212${(-change).toFixed(2)}`, direction: 'down' };
  return { text: '0.00', direction: 'same' };
}

export function collectivePageContext(input: CollectivePageInput) {
  const { doc, scale } = input;
  const shades: Shade[] = shadesFor(scale);
  const used = new Set<NotShownReason>();
  for (const unit of doc.units) {
    for (const d of unit.dimensions) if (!d.published && d.reason) used.add(d.reason);
  }
  const notes: PageNote[] = NOTE_ORDER.filter((r) => used.has(r)).map((reason, i) => ({
    id: `why-${reason.replace('_', '-')}`,
    letter: String.fromCharCode(97 + i),
    text: noteText(reason, doc.threshold),
  }));
  const noteFor = new Map(
    NOTE_ORDER.filter((r) => used.has(r)).map((reason, i) => [reason, notes[i]!]),
  );
  const names = new Map(doc.units.map((u) => [u.unitId, u.name]));
  const dimensions = doc.units[0]?.dimensions.map((d) => ({ key: d.key, title: d.title })) ?? [];

  const rows: PageRow[] = doc.units.map((unit) => ({
    name: unit.name,
    depth: unit.depth,
    indent: Math.min(unit.depth, 5),
    parentName: unit.depth > 1 ? (names.get(unit.parentId) ?? null) : null,
    leaders: unit.leaders,
    isOrganisation: unit.unitId === null,
    cells: unit.dimensions.map((d) => {
      const change = d.change === null ? null : formatChange(d.change);
      const note = !d.published && d.reason ? noteFor.get(d.reason)! : null;
      return {
        title: d.title,
        mean: d.published && d.mean !== null ? formatMean(d.mean) : null,
        n: d.n,
        shade: d.published && d.mean !== null ? shadeIndex(shades, d.mean) : null,
        change: change?.text ?? null,
        direction: change?.direction ?? null,
        note: note?.letter ?? null,
        noteId: note?.id ?? null,
      };
    }),
  }));

  return {
    heading: 'Collective profile',
    cycleName: doc.cycle.name,
    threshold: doc.threshold,
    compareTo: doc.compareTo,
    comparable: input.comparable,
    compareOptions: [
      { value: '', text: 'No comparison', selected: !doc.compareTo },
      ...input.comparable.map((c) => ({
        value: c.id,
        text: c.name,
        selected: doc.compareTo?.id === c.id,
      })),
    ],
    csvHref: input.csvHref,
    asCoach: input.asCoach,
    dimensions,
    rows,
    notes,
    legend: shades.map((s, i) => ({
      index: i,
      label: `${formatMean(s.from)} to ${i === shades.length - 1 ? formatMean(scale.max) : `under ${formatMean(s.to)}`}`,
    })),
    pageCss:
      PAGE_CSS +
      shades.map((s, i) => `.app-shade-${i}{background:${s.background};color:${s.text}}`).join(''),
    scaleText: `${scale.min} (${scale.labels[0] ?? ''}) to ${scale.max} (${scale.labels[scale.labels.length - 1] ?? ''})`,
  };
}

/**
 * The heatmap's own styles: the table scrolls inside its box (the page never does), rows indent by
 * depth, and in print the shades are kept, on A4 landscape.
 */
const PAGE_CSS = [
  '.app-nowrap{white-space:nowrap}',
  '.app-compare-form .nhsuk-form-group{margin-bottom:1rem}',
  '.app-profile-scroll{position:relative;overflow-x:auto;max-width:100%;margin-bottom:1.5rem;border:1px solid #d8dde0}',
  '.app-profile-scroll:focus{outline:3px solid #ffeb3b;outline-offset:0;box-shadow:0 0 0 7px #212b32}',
  '.app-profile{margin-bottom:0;min-width:46rem;background:#fff}',
  // The unit's name stays in view while the behaviours scroll past it on a phone.
  '.app-profile .app-unit{position:sticky;left:0;z-index:1;background:#fff;padding-left:.5rem;box-shadow:1px 0 0 #d8dde0}',
  '.app-scroll-hint{font-size:1rem;color:#4c6272}',
  '@media (min-width:48.0625em){.app-scroll-hint{display:none}}',
  '.app-profile th,.app-profile td{overflow-wrap:normal;vertical-align:top}',
  '.app-unit{min-width:7.5rem;max-width:14rem}',
  '.app-profile .app-depth-2{padding-left:1.5rem;font-weight:400}',
  '.app-profile .app-depth-3{padding-left:2.75rem;font-weight:400}',
  '.app-profile .app-depth-4,.app-profile .app-depth-5{padding-left:4rem;font-weight:400}',
  '.app-organisation-row th,.app-organisation-row td{border-bottom:2px solid #212b32}',
  '.app-num{text-align:right}',
  '.app-cell{text-align:center;min-width:6.5rem;padding-left:.5rem;padding-right:.5rem}',
  '.app-mean{display:block;font-weight:700;font-size:1.1875rem}',
  '.app-n,.app-change{display:block;font-size:.875rem}',
  '.app-change{font-weight:600}',
  '.app-not-shown{color:#212b32;background:#fff;font-style:italic}',
  '.app-legend,.app-notes{list-style:none;padding:0;margin-left:0}',
  '.app-legend{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}',
  '.app-swatch{display:inline-block;width:1.5rem;height:1rem;margin-right:.5rem;vertical-align:middle;border:1px solid #4c6272}',
  '@page{size:A4 landscape;margin:10mm}',
  '@media print{.app-profile-scroll{overflow:visible;border:0}.app-profile{min-width:0;font-size:9pt}' +
    '.app-profile .app-unit{position:static;box-shadow:none}.app-scroll-hint{display:none}' +
    // The table, its key and notes on a page of their own rather than split after two rows.
    '#profile-caption{break-before:page;margin-top:0}' +
    'main h2{font-size:13pt;margin:10px 0 6px}.app-legend li,.app-notes li{font-size:9pt;margin-bottom:2px}' +
    '.app-profile-scroll,.app-profile{break-inside:auto}.app-profile th,.app-profile td{padding:4px 6px}' +
    '.app-note-ref::after{content:none!important}' +
    '.app-cell,.app-swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}' +
    '.app-profile thead{display:table-header-group}.app-profile tr{break-inside:avoid}' +
    '.app-mean{font-size:10pt}main{max-width:none}}',
].join('');
