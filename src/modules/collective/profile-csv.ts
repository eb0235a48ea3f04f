import { csvField } from '../reports/report-csv';
import type { ProfileDocument } from './profile-document';

const HEADER = ['unit', 'parent', 'depth', 'leaders', 'dimension', 'mean', 'n', 'change'];

/**
 * The API's collective-profile CSV: a line per row and dimension (key), in the JSON's order; a mean
 * or change that is not shown is an empty cell, never a zero; unit names that a spreadsheet would
 * run as a formula are prefixed with an apostrophe (csvField).
 */
export function profileCsv(doc: ProfileDocument): string {
  const names = new Map(doc.units.map((u) => [u.unitId, u.name]));
  const lines = [HEADER.map(csvField).join(',')];
  for (const unit of doc.units) {
    const parent = unit.depth === 0 ? null : (names.get(unit.parentId) ?? null);
    for (const d of unit.dimensions) {
      lines.push(
        [unit.name, parent, unit.depth, unit.leaders, d.key, d.mean, d.n, d.change]
          .map(csvField)
          .join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}
