import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '../outbox/queue-names';
import { QueueCounts, setQueueCountsSource } from './metrics';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

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
    const counts = await Promise.all(queues.map((q) => q.getJobCounts(...STATES)));
    return Object.fromEntries(queues.map((q, i) => [q.name, counts[i] ?? {}]));
  }
}
