import { cpus, totalmem } from 'node:os';
import { closeBench } from './close.bench';
import { launchBench } from './launch.bench';
import { intFlag, parseArgs } from './lib/args';
import { progress } from './lib/progress';
import { BenchResult, formatTable, writeResults } from './lib/results';
import { submitBench } from './submit.bench';

export const BENCHMARKS = ['launch', 'submit', 'close', 'report-read'] as const;
export type BenchName = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  names: BenchName[];
  leaders: number;
  raters: number;
  readSeconds: number;
}

/** Runs the chosen benchmarks in order; returns the table rows and each one's correctness checks. */
export async function runBenchmarks(
  options: BenchOptions,
): Promise<{ results: BenchResult[]; checks: Record<string, unknown> }> {
  const results: BenchResult[] = [];
  const checks: Record<string, unknown> = {};
  const sizes = { leaders: options.leaders, raters: options.raters };
  if (options.names.includes('launch')) {
    const r = await launchBench(sizes);
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
  return { results, checks };
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
  };
  progress(
    `running ${options.names.join(', ')} at ${options.leaders} leaders × ${options.raters} raters`,
  );
  const started = Date.now();
  const { results, checks } = await runBenchmarks(options);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(formatTable(results));
  console.log(
    `\nmachine: ${machine}; sizes: ${options.leaders} leaders × ${options.raters} raters; took ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(`checks: ${JSON.stringify(checks)}`);
  progress(`wrote ${writeResults(results)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
}
