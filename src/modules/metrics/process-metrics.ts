import {
  constants,
  monitorEventLoopDelay,
  PerformanceObserver,
  type IntervalHistogram,
} from 'node:perf_hooks';
import { Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Node's process metrics (CPU, memory, handles, heap spaces, event-loop lag, GC), prefixed
 * `c360_`. They are prom-client's default metrics, with one difference: prom-client's own GC and
 * event-loop collectors take a process-wide resource when registered (a PerformanceObserver on
 * Node's shared perf_hooks, an event-loop-delay histogram) and never give it back. The observer's
 * callback then keeps everything it can reach alive, for as long as the process lives: in the
 * tests, where each spec file builds its apps in a context of its own, every file's whole module
 * graph stayed in the worker's heap (about 28 MB a file, 1 GB and more by the end of a run; a
 * worker that large outlived jest's half-second to exit). So those two are ours: started while an
 * app runs, stopped when the last app of the process closes.
 */

type Collector = (registry: Registry | undefined, config: { prefix: string }) => void;

/** prom-client's collectors that read the process at each scrape and hold nothing meanwhile. */
const STATELESS: Collector[] = [
  /* eslint-disable @typescript-eslint/no-require-imports -- no typed entry point for one collector */
  require('prom-client/lib/metrics/processCpuTotal') as Collector,
  require('prom-client/lib/metrics/processStartTime') as Collector,
  require('prom-client/lib/metrics/osMemoryHeap') as Collector,
  require('prom-client/lib/metrics/processOpenFileDescriptors') as Collector,
  require('prom-client/lib/metrics/processMaxFileDescriptors') as Collector,
  require('prom-client/lib/metrics/processResources') as Collector,
  require('prom-client/lib/metrics/processHandles') as Collector,
  require('prom-client/lib/metrics/processRequests') as Collector,
  require('prom-client/lib/metrics/heapSizeAndUsed') as Collector,
  require('prom-client/lib/metrics/heapSpacesSizeAndUsed') as Collector,
  require('prom-client/lib/metrics/version') as Collector,
  /* eslint-enable @typescript-eslint/no-require-imports */
];

const PREFIX = 'c360_';
const LAG_RESOLUTION_MS = 10;
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

let registered: { gc: Histogram<'kind'> } | null = null;
let running: { gc: PerformanceObserver; delay: IntervalHistogram } | null = null;
let users = 0;

/**
 * Starts the process metrics (registering them the first time); returns the function that stops
 * them again. Each app starts them once and stops them when it closes: the observers run while
 * at least one app of the process is running.
 */
export function startProcessMetrics(): () => void {
  registered ??= register();
  users += 1;
  if (!running) {
    const gc = registered.gc;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const detail = (entry as { detail?: { kind?: number } }).detail;
        const kind = GC_KINDS[detail?.kind ?? -1];
        gc.observe({ kind: kind ?? 'unknown' }, entry.duration / 1000);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const delay = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    delay.enable();
    running = { gc: observer, delay };
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    users -= 1;
    if (users > 0 || !running) return;
    running.gc.disconnect();
    running.delay.disable();
    running = null;
  };
}

/** Whether the process-wide observers are running (for tests). */
export function processMetricsRunning(): boolean {
  return running !== null;
}

function register(): { gc: Histogram<'kind'> } {
  for (const collect of STATELESS) collect(undefined, { prefix: PREFIX });
  const gc = new Histogram({
    name: `${PREFIX}nodejs_gc_duration_seconds`,
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.01, 0.1, 1, 2, 5],
  });
  registerEventLoopLag();
  return { gc };
}

/** The same gauges as prom-client's event-loop collector, read from our histogram. */
function registerEventLoopLag(): void {
  const figures = {
    min: (h: IntervalHistogram) => h.min,
    max: (h: IntervalHistogram) => h.max,
    mean: (h: IntervalHistogram) => h.mean,
    stddev: (h: IntervalHistogram) => h.stddev,
    p50: (h: IntervalHistogram) => h.percentile(50),
    p90: (h: IntervalHistogram) => h.percentile(90),
    p99: (h: IntervalHistogram) => h.percentile(99),
  };
  const helps: Record<keyof typeof figures, string> = {
    min: 'The minimum recorded event loop delay.',
    max: 'The maximum recorded event loop delay.',
    mean: 'The mean of the recorded event loop delays.',
    stddev: 'The standard deviation of the recorded event loop delays.',
    p50: 'The 50th percentile of the recorded event loop delays.',
    p90: 'The 90th percentile of the recorded event loop delays.',
    p99: 'The 99th percentile of the recorded event loop delays.',
  };
  const gauges = Object.entries(helps).map(
    ([key, help]) =>
      [
        figures[key as keyof typeof figures],
        new Gauge({ name: `${PREFIX}nodejs_eventloop_lag_${key}_seconds`, help }),
      ] as const,
  );
  const lag = new Gauge({
    name: `${PREFIX}nodejs_eventloop_lag_seconds`,
    help: 'Lag of event loop in seconds.',
    // This one gauge's collect sets them all, as prom-client's does.
    collect() {
      const start = process.hrtime.bigint();
      setImmediate(() => lag.set(Number(process.hrtime.bigint() - start) / 1e9));
      const histogram = running?.delay;
      if (!histogram) return;
      for (const [figure, gauge] of gauges) gauge.set(figure(histogram) / 1e9);
      histogram.reset();
    },
  });
}
