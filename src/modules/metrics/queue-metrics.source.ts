import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '../outbox/queue-names';
import { QueueCounts, setQueueCountsSource } from './metrics';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
/**
 * The queues' connection waits for Redis without limit (as BullMQ needs); a scrape does not:
 * past this, Redis counts as unreachable and /metrics answers 503.
 */
const COUNTS_TIMEOUT_MS = 2000;

/** Feeds the queue gauge from Redis: depth and failures of every queue, at scrape time. */
@Injectable()
export class QueueMetricsSource implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(getQueueToken(QUEUES.mail)) private readonly mail: Queue,
    @Inject(getQueueToken(QUEUES.cycles)) private readonly cycles: Queue,
    @Inject(getQueueToken(QUEUES.reports)) private readonly reports: Queue,
  ) {}

  onModuleInit(): void {
    setQueueCountsSource(() => this.counts());
  }

  onModuleDestroy(): void {
    setQueueCountsSource(null);
  }

  async counts(): Promise<QueueCounts> {
    const queues = [this.mail, this.cycles, this.reports];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`Redis: Command timed out after ${COUNTS_TIMEOUT_MS} ms (queue counts)`),
          ),
        COUNTS_TIMEOUT_MS,
      );
    });
    const counts = await Promise.race([
      Promise.all(queues.map((q) => q.getJobCounts(...STATES))),
      timeout,
    ]).finally(() => clearTimeout(timer));
    return Object.fromEntries(queues.map((q, i) => [q.name, counts[i] ?? {}]));
  }
}
