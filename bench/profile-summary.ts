import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/**
 * Sums the self time of a V8 `.cpuprofile` (from `npm run bench -- --profile`) by package or
 * project file and by function, so that what to make faster is read from the figures. With
 * `window-<phase>.json` files beside the profile (lib/profile-window.ts), one summary a phase.
 * Usage: npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Span {
  name: string;
  from: number;
  to: number;
}

const ROOT = `${process.cwd()}/`;

/** `pg`, `bullmq`, `@nestjs/core`, `src/modules/mail/mail.processor.ts`, `(node) net`… */
function placeOf(url: string): string {
  if (!url) return '(native)';
  // The benchmark runs the service compiled under node_modules/.cache: show it as src/….
  const path = url.replace(/^file:\/\//, '').replace(/node_modules\/\.cache\/c360-bench-\d+\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith('node:')) return `(node) ${path.slice(5).split('/')[0]}`;
  if (path.startsWith(ROOT)) return relative(ROOT, path);
  return path;
}

function top(map: Map<string, number>, busy: number, n: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, v]) =>
        `${((100 * v) / busy).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`,
    )
    .join('\n');
}

function spansBeside(file: string): Span[] {
  const dir = dirname(file);
  const spans = readdirSync(dir)
    .filter((f) => /^window-.+\.json$/.test(f))
    .map((f) => ({
      name: f.slice('window-'.length, -'.json'.length),
      ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as { from: number; to: number }),
    }));
  return spans.length ? spans : [{ name: 'whole run', from: -Infinity, to: Infinity }];
}

function summarise(profile: CpuProfile, span: Span, n: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const frame = byId.get(id)?.callFrame;
    if (!frame || at < span.from || at > span.to) return;
    total += dt;
    if (frame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    const place = placeOf(frame.url);
    const where = frame.url ? `${place}:${frame.lineNumber + 1}` : place;
    const fn = `${frame.functionName || '(anonymous)'}  ${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    byPlace.set(place, (byPlace.get(place) ?? 0) + dt);
  });
  const busy = total - idle;
  return [
    `## ${span.name}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / (total || 1)).toFixed(0)}%)`,
    `Self time by package or file (% of busy):`,
    top(byPlace, busy, n),
    `Self time by function (% of busy):`,
    top(byFunction, busy, n),
  ].join('\n');
}

function main(): void {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('Usage: profile-summary.ts <file.cpuprofile> [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(`# ${basename(file)}`);
  for (const span of spansBeside(file)) console.log(`\n${summarise(profile, span, Number(n))}`);
}

main();
