/**
 * `npm run bench` runs every benchmark at NHS scale (1,000 leaders × 12 raters) and prints the
 * table; `npm run bench -- launch submit` runs some of them. Flags: `--leaders N --raters N`,
 * `--seconds N` (how long report-read reads), `--profile [dir]` (V8 CPU profiles of the service
 * processes, default /tmp/prof; `npx ts-node --transpile-only bench/profile-summary.ts <file>`
 * sums them up). Progress goes to stderr, the table to stdout and bench/results/latest.json.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { closeBench } from './close.bench';
import { collectiveBench } from './collective.bench';
import { launchBench } from './launch.bench';
import { intFlag, parseArgs } from './lib/args';
import { BenchEnv, serverVersions } from './lib/bench-env';
import { progress } from './lib/progress';
import { BenchResult, formatTable, writeResults } from './lib/results';
import { buildServices, ServiceProcess } from './lib/service';
import { submitBench } from './submit.bench';

export const BENCHMARKS = ['launch', 'submit', 'close', 'report-read', 'collective'] as const;
export type BenchName = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  names: BenchName[];
  leaders: number;
  raters: number;
  readSeconds: number;
  /** Worker processes in the launch benchmark (`--workers`, default one per core). */
  workers: number;
  /** Write CPU profiles of the service processes under this directory (`--profile [dir]`). */
  profileDir?: string;
}

/** Runs the chosen benchmarks in order; returns the table rows and each one's correctness checks. */
export async function runBenchmarks(
  options: BenchOptions,
): Promise<{ results: BenchResult[]; checks: Record<string, unknown> }> {
  await buildServices();
  if (options.profileDir) clearProfiles(options.profileDir);
  const results: BenchResult[] = [];
  const checks: Record<string, unknown> = {};
  const sizes = {
    leaders: options.leaders,
    raters: options.raters,
    profileDir: options.profileDir,
  };
  if (options.names.includes('launch')) {
    const r = await launchBench({ ...sizes, workers: options.workers });
    results.push(...r.results);
    checks.launch = r.checks;
  }
  if (options.names.includes('submit')) {
    const r = await submitBench(sizes);
    results.push(...r.results);
    checks.submit = r.checks;
  }
  const close = options.names.includes('close');
  const read = options.names.includes('report-read');
  if (close || read) {
    const r = await closeBench({
      ...sizes,
      measureClose: close,
      measureRead: read,
      readSeconds: options.readSeconds,
    });
    results.push(...r.results);
    checks.close = r.checks;
  }
  if (options.names.includes('collective')) {
    const r = await collectiveBench({ ...sizes, readSeconds: options.readSeconds });
    results.push(...r.results);
    checks.collective = r.checks;
  }
  return { results, checks };
}

/** Profiles and windows of an earlier run would be summed up with this one's: remove them. */
function clearProfiles(dir: string): void {
  for (const bench of ['launch', 'submit', 'close']) {
    const sub = join(dir, bench);
    if (!existsSync(sub)) continue;
    for (const file of readdirSync(sub))
      if (/\.cpuprofile$|^window-.+\.json$/.test(file)) rmSync(join(sub, file));
  }
}

async function main(): Promise<void> {
  const { names, flags } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark(s): ${unknown.join(', ')}. Choose from: ${BENCHMARKS.join(', ')}\n`,
    );
    process.exit(2);
  }
  const options: BenchOptions = {
    names: (names.length ? names : [...BENCHMARKS]) as BenchName[],
    leaders: intFlag(flags, 'leaders', 1000),
    raters: intFlag(flags, 'raters', 12),
    readSeconds: intFlag(flags, 'seconds', 15),
    workers: intFlag(flags, 'workers', cpus().length),
    profileDir:
      flags.profile === undefined
        ? undefined
        : flags.profile === 'true'
          ? '/tmp/prof'
          : flags.profile,
  };
  // Ctrl-C: stop the services and drop the databases rather than leave them behind.
  process.once('SIGINT', () => {
    progress('interrupted: stopping services and removing benchmark databases');
    void Promise.allSettled([ServiceProcess.stopAll(), BenchEnv.destroyAll()]).then(() =>
      process.exit(130),
    );
  });
  progress(
    `running ${options.names.join(', ')} at ${options.leaders} leaders × ${options.raters} raters`,
  );
  const started = Date.now();
  // The machine is shared: the load before the run says how much of it the run had.
  const load = loadavg()[0]!.toFixed(2);
  const { results, checks } = await runBenchmarks(options);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${await serverVersions()}, load ${load} at start`;
  console.log(formatTable(results));
  console.log(
    `\nmachine: ${machine}; sizes: ${options.leaders} leaders × ${options.raters} raters; took ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(`checks: ${JSON.stringify(checks)}`);
  progress(`wrote ${writeResults(results)}`);
  if (options.profileDir)
    progress(
      `CPU profiles under ${options.profileDir}; summarise with: npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile>`,
    );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
}
