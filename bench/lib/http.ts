import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  statusCounts: Record<string, number>;
  errors: number;
  total: number;
}

/** autocannon with a path (and body) chosen per request; waits for the whole amount. */
export async function load(options: {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  amount?: number;
  duration?: number;
  headers?: Record<string, string>;
  body?: string;
  path: (i: number) => string;
}): Promise<LoadResult> {
  let i = 0;
  const statusCounts: Record<string, number> = {};
  const started = performance.now();
  let lastResponse = started;
  const result = await autocannon({
    url: options.url,
    // autocannon refuses more connections than requests, and an `amount` with a duration key.
    connections: options.amount
      ? Math.min(options.connections, options.amount)
      : options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    timeout: 30,
    // autocannon ends a run on its sampling tick: at the default 1 s, a 5-second run could be
    // counted as 6 (20% off). The rate below is from our own clock; the tick only ends the run.
    sampleInt: 100,
    requests: [
      {
        method: options.method,
        headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
        body: options.body,
        setupRequest: (req) => ({ ...req, path: options.path(i++) }),
        onResponse: (status) => {
          statusCounts[status] = (statusCounts[status] ?? 0) + 1;
          lastResponse = performance.now();
        },
      },
    ],
  });
  return {
    // Over the whole run, first request to last response (not per-second samples, which a last
    // partial second skews, nor autocannon's duration, which ends on its sampling tick).
    requestsPerSecond: Math.round(result.requests.total / ((lastResponse - started) / 1000)),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    statusCounts,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}
