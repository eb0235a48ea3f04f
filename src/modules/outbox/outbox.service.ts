import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { OutboxMessage } from './outbox-message.entity';
import { QUEUES, QueueName } from './queue-names';

export interface OutboxJob {
  queue: QueueName;
  name: string;
  /** Deterministic: the same email or task always gets the same id, so it runs once. */
  jobId: string;
  /** Ids only: never tokens, email addresses or answers. */
  data: Record<string, string | number | boolean | null>;
  runAt?: Date | null;
}

const RELAY_BATCH = 1000;

/**
 * The transactional outbox: domain code writes jobs with its records in one transaction; the
 * relay hands them to BullMQ after commit, and the worker's sweeper relays whatever a crash left.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);
  private readonly queues: Record<QueueName, Queue>;
  private relaying: Promise<number> | null = null;
  private relayAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
    @InjectQueue(QUEUES.mail) mail: Queue,
    @InjectQueue(QUEUES.cycles) cycles: Queue,
    @InjectQueue(QUEUES.reports) reports: Queue,
  ) {
    this.queues = { mail, cycles, reports };
  }

  /** Writes jobs inside the caller's transaction (multi-row insert). */
  async add(manager: EntityManager, jobs: OutboxJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += RELAY_BATCH) {
      const chunk = jobs.slice(i, i + RELAY_BATCH);
      await manager.getRepository(OutboxMessage).insert(
        chunk.map((job): Partial<OutboxMessage> => ({
          queue: job.queue,
          name: job.name,
          jobId: job.jobId,
          data: job.data,
          runAt: job.runAt ?? null,
        })) as never,
      );
    }
  }

  /** After a commit: relay now without making the caller wait or fail (the sweeper is the net). */
  relaySoon(): void {
    this.relayPending().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Outbox relay failed; the sweeper will retry'),
    );
  }

  /** Relays every pending job; concurrent calls share one pass and trigger one more after it. */
  async relayPending(): Promise<number> {
    if (this.relaying) {
      this.relayAgain = true;
      return this.relaying;
    }
    this.relaying = (async () => {
      let total = 0;
      do {
        this.relayAgain = false;
        let relayed: number;
        do {
          relayed = await this.relayBatch();
          total += relayed;
        } while (relayed === RELAY_BATCH);
      } while (this.relayAgain);
      return total;
    })().finally(() => {
      this.relaying = null;
    });
    return this.relaying;
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .getRepository(OutboxMessage)
        .createQueryBuilder('o')
        .where('o.relayed_at IS NULL')
        .orderBy('o.created_at')
        .limit(RELAY_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;

      const byQueue = new Map<QueueName, OutboxMessage[]>();
      for (const row of rows) {
        const queue = row.queue as QueueName;
        byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
      }
      const now = Date.now();
      for (const [queue, messages] of byQueue) {
        await this.queues[queue].addBulk(
          messages.map((m) => ({
            name: m.name,
            data: m.data,
            opts: {
              ...this.jobOptions(queue),
              jobId: m.jobId,
              delay: m.runAt ? Math.max(0, m.runAt.getTime() - now) : undefined,
            },
          })),
        );
      }
      await manager
        .getRepository(OutboxMessage)
        .createQueryBuilder()
        .update()
        .set({ relayedAt: () => 'now()' })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      return rows.length;
    });
  }

  /** Removes a job that is waiting or delayed (e.g. a rescheduled close); gone already is fine. */
  async removeJob(queue: QueueName, jobId: string): Promise<void> {
    const job = await this.queues[queue].getJob(jobId);
    if (job && !(await job.isActive())) await job.remove();
  }

  private jobOptions(queue: QueueName): JobsOptions {
    const retained = {
      removeOnComplete: { age: 7 * 24 * 3600, count: 200_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    };
    if (queue === QUEUES.mail) {
      return {
        ...retained,
        attempts: this.config.mailAttempts,
        backoff: { type: 'exponential', delay: this.config.mailBackoffMs },
      };
    }
    return { ...retained, attempts: 5, backoff: { type: 'exponential', delay: 2000 } };
  }
}
