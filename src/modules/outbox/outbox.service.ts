import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
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

interface RelayRow {
  queue: QueueName;
  name: string;
  jobId: string;
  data: Record<string, unknown>;
  runAt: Date | null;
  createdAt: Date;
}

/**
 * The transactional outbox: domain code writes jobs with its records in one transaction; the
 * relay hands them to BullMQ after commit, and the worker's sweeper relays whatever a crash left.
 */
@Injectable()
export class OutboxService implements BeforeApplicationShutdown {
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

  /**
   * Writes jobs inside the caller's transaction: one INSERT … SELECT FROM unnest for all of
   * them (a cycle's launch is 13,000 rows: one statement, not thirteen built by TypeORM).
   */
  async add(manager: EntityManager, jobs: OutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await manager.query(
      `INSERT INTO outbox_messages (queue, name, job_id, data, run_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
      [
        jobs.map((j) => j.queue),
        jobs.map((j) => j.name),
        jobs.map((j) => j.jobId),
        jobs.map((j) => JSON.stringify(j.data)),
        jobs.map((j) => j.runAt ?? null),
      ],
    );
  }

  /**
   * Before PostgreSQL and Redis close (their modules close them at application shutdown): a
   * relay still in flight finishes first. Otherwise a process that stops right after a commit
   * (the CLI's demo, a deploy) cuts its connection and logs "Connection terminated".
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relaying?.catch(() => undefined);
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

  /**
   * One transaction: the oldest pending rows are claimed and marked relayed in one statement
   * (SKIP LOCKED, so the API and the worker's sweeper share the work), handed to BullMQ, then
   * committed. Should BullMQ fail, the transaction rolls back and the rows stay pending.
   */
  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [claimed] = await manager.query<[RelayRow[], number]>(
        `UPDATE outbox_messages o SET relayed_at = now()
          WHERE o.id IN (SELECT id FROM outbox_messages WHERE relayed_at IS NULL
                          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING o.queue, o.name, o.job_id AS "jobId", o.data, o.run_at AS "runAt",
                    o.created_at AS "createdAt"`,
        [RELAY_BATCH],
      );
      if (claimed.length === 0) return 0;
      // RETURNING keeps no order: queue them oldest first, as they were written.
      const rows = claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

      const byQueue = new Map<QueueName, RelayRow[]>();
      for (const row of rows) {
        const list = byQueue.get(row.queue) ?? [];
        list.push(row);
        byQueue.set(row.queue, list);
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
