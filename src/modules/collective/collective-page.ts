import { html } from '../../common/html';
import { renderPage } from './collective-page-shell';
import type { NotShownReason } from './collective-suppression';
import type { ProfileDocument } from './profile-document';
import { shadeIndex, shadesFor, type Shade } from './profile-palette';

// What the page /cycles/:id/collective shows, from the profile document its reader may see: the
// heatmap's cells written out, the notes on what is not shown, the legend. Pure.

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
  'main{max-width:78rem}',
  '.app-caption{color:#4c6272;font-size:1.1875rem;margin-bottom:0}',
  '.app-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}',
  '.app-profile caption{text-align:left;font-weight:700;padding:.5rem}',
  '.app-compare-form select{font:inherit;padding:.4rem;border:2px solid #0b0c0c;max-width:100%;display:block;margin:.25rem 0 .75rem}',
  '.app-profile-scroll{position:relative;overflow-x:auto;max-width:100%;margin-bottom:1.5rem;border:1px solid #d8dde0}',
  '.app-profile-scroll:focus{outline:3px solid #ffeb3b;outline-offset:0;box-shadow:0 0 0 7px #212b32}',
  '.app-profile{margin-bottom:0;min-width:46rem}',
  '.app-profile th,.app-profile td{overflow-wrap:normal;vertical-align:top}',
  '.app-unit{min-width:9rem}',
  '.app-depth-2{padding-left:1.25rem;font-weight:400}',
  '.app-depth-3{padding-left:2.5rem;font-weight:400}',
  '.app-depth-4,.app-depth-5{padding-left:3.75rem;font-weight:400}',
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
    '.app-cell,.app-swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}' +
    '.app-profile thead{display:table-header-group}.app-profile tr{break-inside:avoid}' +
    '.app-mean{font-size:10pt}main{max-width:none}}',
].join('');

type PageContext = ReturnType<typeof collectivePageContext>;

/** The page inside the site's shell (renderPage), every value escaped by `html`. */
export function renderCollectivePage(c: PageContext): string {
  const arrow = (direction: PageCell['direction']) =>
    direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■';
  const words = (direction: PageCell['direction']) =>
    direction === 'up' ? 'up' : direction === 'down' ? 'down' : 'no change';
  const cell = (cell: PageCell) =>
    cell.mean !== null
      ? html`<td class="app-cell app-shade-${String(cell.shade)}">
          <span class="app-mean">${cell.mean}</span> <span class="app-n">n = ${cell.n}</span>
          ${
            cell.change !== null
              ? html`<span class="app-change"
                >${cell.change}&nbsp;<span aria-hidden="true">${arrow(cell.direction)}</span
                ><span class="app-visually-hidden">
                  ${words(cell.direction)} since ${c.compareTo?.name ?? ''}</span
                ></span
              >`
              : ''
          }
        </td>`
      : html`<td class="app-cell app-not-shown">
          not shown
          <a href="#${cell.noteId ?? ''}" class="app-note-ref"
            ><span class="app-visually-hidden">why: note </span>(${cell.note ?? ''})</a
          >
          <span class="app-n">n = ${cell.n}</span>
        </td>`;
  const options = c.comparable.map(
    (cycle) =>
      html`<option value="${cycle.id}" ${c.compareTo?.id === cycle.id ? html`selected` : ''}>
        ${cycle.name}
      </option>`,
  );
  const body = html`
    <p class="app-caption">${c.cycleName}</p>
    <h1>${c.heading}</h1>
    <p>
      How the five collective-leadership behaviours look unit by unit${
        c.compareTo ? html`, and how they have changed since ${c.compareTo.name}` : ''
      }.
    </p>
    <h2>How to read this</h2>
    <ul>
      <li>
        Each figure is the average, over the leaders in the unit and in the units below it, of what
        their colleagues (everyone but the leader) said about them, from ${c.scaleText}. Each leader
        counts once.
      </li>
      <li>
        The number is always written; the shade repeats it, darker for higher (see the key below
        the table). “n” is how many of the unit’s leaders had enough answers for their own report
        to show a figure.
      </li>
      <li>
        A figure is shown only when at least ${c.threshold} leaders stand behind it, and only when
        it cannot be set against the figures above and below it to work out fewer than
        ${c.threshold} leaders. Otherwise it says “not shown”, with a note that says why.${
          c.asCoach
            ? html` Because you already know your coachees’ figures, a few figures shown to admins
              may be held back from you.`
            : ''
        }
      </li>
      ${
        c.compareTo
          ? html`<li>
            The change (for example “+0.32 ▲”) is this cycle’s figure less ${c.compareTo.name}’s,
            shown where both are shown.
          </li>`
          : ''
      }
      <li>
        Figures were computed once, when the cycle closed, with each leader in the unit they
        belonged to then. They never change.
      </li>
    </ul>
    <div class="no-print">
      <form method="get" action="" class="app-compare-form">
        <label for="compareTo">Compare with an earlier cycle</label>
        <select id="compareTo" name="compareTo">
          <option value="">No comparison</option>
          ${options}
        </select>
        <button type="submit" class="secondary">Compare</button>
      </form>
      <p>
        <a href="${c.csvHref}" download>Download CSV</a> (the same figures, for a spreadsheet)
      </p>
    </div>
    <div class="app-profile-scroll" role="region" aria-labelledby="profile-caption" tabindex="0">
      <table class="app-profile">
        <caption id="profile-caption">
          Behaviours by unit${c.compareTo ? html`, with the change since ${c.compareTo.name}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Unit</th>
            <th scope="col" class="app-num">Leaders</th>
            ${c.dimensions.map((d) => html`<th scope="col">${d.title}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${c.rows.map(
            (row) =>
              html`<tr class="${row.isOrganisation ? 'app-organisation-row' : ''}">
                <th scope="row" class="app-unit app-depth-${String(Math.min(row.depth, 5))}">
                  ${
                    row.parentName
                      ? html`<span class="app-visually-hidden">In ${row.parentName}: </span>`
                      : ''
                  }${row.name}
                </th>
                <td class="app-num">${row.leaders}</td>
                ${row.cells.map(cell)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>Key</h2>
    <ul class="app-legend">
      ${c.legend.map(
        (l) =>
          html`<li>
            <span class="app-swatch app-shade-${String(l.index)}" aria-hidden="true"></span
            >${l.label}
          </li>`,
      )}
    </ul>
    ${
      c.notes.length > 0
        ? html`<h2>Why some figures are not shown</h2>
          <ul class="app-notes">
            ${c.notes.map(
              (note) =>
                html`<li id="${note.id}">
                  <span class="app-note-letter">(${note.letter})</span> ${note.text}
                </li>`,
            )}
          </ul>`
        : ''
    }
  `;
  return renderPage({ title: `${c.heading}: ${c.cycleName}`, body, css: c.pageCss });
}
