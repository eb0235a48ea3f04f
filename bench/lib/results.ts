import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of the benchmark table (the shape written to bench/results/latest.json). */
export interface BenchResult {
  name: string;
  figure: number;
  unit: string;
  baseline: number | null;
  /** figure ÷ baseline (or baseline ÷ figure where lower is better: see `higherIsBetter`). */
  ratio: number | null;
  goal: string;
  met: boolean;
}

export function ratioOf(
  figure: number,
  baseline: number | null,
  higherIsBetter: boolean,
): number | null {
  if (baseline === null || baseline === 0 || figure === 0) return null;
  return round(higherIsBetter ? figure / baseline : figure / baseline, 3);
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function formatTable(results: BenchResult[]): string {
  const header = ['benchmark', 'figure', 'unit', 'baseline', 'ratio', 'goal', 'met'];
  const rows = results.map((r) => [
    r.name,
    String(r.figure),
    r.unit,
    r.baseline === null ? '–' : String(r.baseline),
    r.ratio === null ? '–' : String(r.ratio),
    r.goal,
    r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

export function writeResults(
  results: BenchResult[],
  dir = join(__dirname, '..', 'results'),
): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
