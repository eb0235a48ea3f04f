import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { QUEUES } from '../../src/modules/outbox/queue-names';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { Factories } from './factories';
import { SmtpCapture } from './smtp-capture';
import { createDatabase, databaseUrl, dropDatabase } from './test-database';
import { waitFor } from './wait-for';

export interface TestAppOptions {
  /** Run the queue processors in the app (default true). */
  worker?: boolean;
  /** Extra environment for this suite (e.g. MAIL_BACKOFF_MS). */
  env?: Record<string, string>;
  /** The app reaches PostgreSQL through this port (a TcpProxy a test can close), not directly. */
  databasePort?: number;
}

let suiteCounter = 0;

/**
 * One e2e suite's world: its own database (a copy of the run's migrated template), its own
 * Redis prefix, a real SMTP server, and the app built by the same configureApp() as main.ts.
 */
export class TestApp {
  app!: INestApplication;
  dataSource!: DataSource;
  smtp!: SmtpCapture;
  factories!: Factories;
  readonly databaseName: string;
  readonly redisPrefix: string;

  private constructor() {
    const runId = process.env.C360_TEST_RUN_ID ?? 'adhoc';
    const suite = `${process.pid}_${++suiteCounter}_${randomBytes(2).toString('hex')}`;
    this.databaseName = `c360_test_${runId}_${suite}`;
    this.redisPrefix = `c360test-${runId}-${suite}`;
  }

  static async create(options: TestAppOptions = {}): Promise<TestApp> {
    const t = new TestApp();
    const template = process.env.C360_TEST_TEMPLATE_DB;
    if (!template)
      throw new Error('Run e2e specs through jest (globalSetup makes the template database)');
    await createDatabase(t.databaseName, template);
    t.smtp = await new SmtpCapture().start();
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: viaPort(databaseUrl(t.databaseName), options.databasePort),
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: t.redisPrefix,
      SMTP_URL: t.smtp.url,
      PUBLIC_URL: 'http://c360.test',
      MAIL_FROM: 'Collective 360 <no-reply@c360.test>',
      MAIL_BACKOFF_MS: '100',
      OUTBOX_SWEEP_MS: '500',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...options.env,
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ worker: options.worker ?? true })],
    }).compile();
    t.app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
    await t.app.init();
    t.dataSource = t.app.get(DataSource);
    t.factories = new Factories(t.app);
    return t;
  }

  /** Listens on a free local port (for a browser) and gives the base URL. */
  async listen(): Promise<string> {
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  http() {
    return request(this.app.getHttpServer());
  }

  queue(name: (typeof QUEUES)[keyof typeof QUEUES]): Queue {
    return this.app.get<Queue>(getQueueToken(name));
  }

  /** Relays the outbox and waits until no job is waiting or running (delayed jobs may stay). */
  async drain(timeoutMs = 30_000): Promise<void> {
    await this.app.get(OutboxService).relayPending();
    await waitFor(
      async () => {
        for (const name of Object.values(QUEUES)) {
          const counts = await this.queue(name).getJobCounts(
            'waiting',
            'active',
            'prioritized',
            'waiting-children',
          );
          if (Object.values(counts).some((n) => n > 0)) return false;
        }
        const pending = await this.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE relayed_at IS NULL`,
        );
        return pending[0]?.n === 0;
      },
      { timeoutMs, what: 'queues to drain' },
    );
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.smtp?.stop();
    await deleteRedisKeys(this.redisPrefix);
    await dropDatabase(this.databaseName);
    if (this.smtp?.mailProblems.length)
      throw new Error(
        `Emails without what every email must carry:\n${this.smtp.mailProblems.join('\n')}`,
      );
  }
}

function viaPort(url: string, port: number | undefined): string {
  if (port === undefined) return url;
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
