import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The service's Prometheus metrics, in prom-client's default registry. Counters are per process:
 * scrape every process (the API's /metrics; a worker's WORKER_METRICS_PORT).
 */
export const httpRequestDuration = new Histogram({
  name: 'c360_http_request_duration_seconds',
  help: 'HTTP requests by method, route template and status, with their duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const emailsTotal = new Counter({
  name: 'c360_emails_total',
  help: 'Emails by kind of job and outcome: sent, failed (given up), retried, skipped',
  labelNames: ['job', 'outcome'] as const,
});

export const submitsTotal = new Counter({
  name: 'c360_responses_submitted_total',
  help: 'Rater questionnaires submitted and stored',
});

export const cycleCloseDuration = new Histogram({
  name: 'c360_cycle_close_seconds',
  help: 'Time to compute and store a closed cycle’s report snapshots',
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
});

export type QueueCounts = Record<string, Record<string, number>>;

/** Jobs per queue and state, read from Redis at each scrape (so every process sees them all). */
let readQueueCounts: (() => Promise<QueueCounts>) | null = null;

export const queueJobs = new Gauge({
  name: 'c360_queue_jobs',
  help: 'Jobs per queue and state (waiting, active, delayed, failed, completed)',
  labelNames: ['queue', 'state'] as const,
  async collect() {
    this.reset();
    if (!readQueueCounts) return;
    for (const [queue, counts] of Object.entries(await readQueueCounts())) {
      for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
    }
  },
});

export function setQueueCountsSource(source: (() => Promise<QueueCounts>) | null): void {
  readQueueCounts = source;
}

export const metricsRegistry = register;
