import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { register, type Histogram } from 'prom-client';
import { processMetricsRunning, startProcessMetrics } from './process-metrics';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The count of GC pauses observed so far, from the registry as a scrape reads it. */
async function gcCount(): Promise<number> {
  const metric = register.getSingleMetric('c360_nodejs_gc_duration_seconds') as
    Histogram | undefined;
  return ((await metric?.get())?.values ?? [])
    .filter((v) => v.metricName === 'c360_nodejs_gc_duration_seconds_count')
    .reduce((sum, v) => sum + v.value, 0);
}

/** A GC, then long enough for the observer's entry to be delivered (it is queued). */
async function collectGarbage(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('process metrics', () => {
  it('observe GC pauses while an app runs, and stop observing when the last app stops', async () => {
    const stopFirst = startProcessMetrics();
    const stopSecond = startProcessMetrics();
    await collectGarbage();
    const whileRunning = await gcCount();
    expect(whileRunning).toBeGreaterThan(0);

    stopFirst();
    stopFirst(); // twice is once
    expect(processMetricsRunning()).toBe(true);
    await collectGarbage();
    const oneLeft = await gcCount();
    expect(oneLeft).toBeGreaterThan(whileRunning);

    stopSecond();
    expect(processMetricsRunning()).toBe(false);
    await collectGarbage();
    // The observer is disconnected: nothing of the process keeps this module reachable any more.
    expect(await gcCount()).toBe(oneLeft);
  });

  it('start again after a stop, registering nothing twice', async () => {
    const stop = startProcessMetrics();
    expect(processMetricsRunning()).toBe(true);
    const text = await register.metrics();
    for (const name of [
      'c360_process_resident_memory_bytes',
      'c360_process_cpu_seconds_total',
      'c360_nodejs_heap_size_used_bytes',
      'c360_nodejs_eventloop_lag_seconds',
      'c360_nodejs_eventloop_lag_p99_seconds',
      'c360_nodejs_gc_duration_seconds',
    ]) {
      expect(
        text.split('\n').filter((line) => line === `# TYPE ${name} ${typeOf(name)}`),
      ).toHaveLength(1);
    }
    stop();
    expect(processMetricsRunning()).toBe(false);
  });
});

function typeOf(name: string): string {
  if (name.endsWith('_total')) return 'counter';
  if (name.endsWith('gc_duration_seconds')) return 'histogram';
  return 'gauge';
}
