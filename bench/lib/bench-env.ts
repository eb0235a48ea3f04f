import { JwtService } from '@nestjs/jwt';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AddressInfo, createServer } from 'node:net';
import { waitUntil } from './progress';

const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;

/** Environments not yet destroyed, so that a failed or interrupted run can remove them all. */
const live = new Set<BenchEnv>();

/** A database and Redis prefix of the benchmark's own, removed afterwards. */
export class BenchEnv {
  readonly id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  readonly databaseName = `c360_bench_${this.id}`;
  readonly redisPrefix = `c360bench-${this.id}`;
  db!: Client;
  port = 0;

  get databaseUrl(): string {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${this.databaseName}`;
    return url.toString();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The environment a service process of this benchmark runs with. */
  serviceEnv(smtpUrl: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'development',
      PORT: String(this.port),
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      SMTP_URL: smtpUrl,
      PUBLIC_URL: this.baseUrl,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  /** Destroys every environment still alive (after a failure, or in a test's afterAll). */
  static async destroyAll(): Promise<void> {
    await Promise.all([...live].map((env) => env.destroy()));
  }

  async create(): Promise<this> {
    live.add(this);
    await withAdmin((c) => c.query(`CREATE DATABASE "${this.databaseName}"`));
    this.port = await freePort();
    return this;
  }

  async connect(): Promise<Client> {
    this.db = new Client({ connectionString: this.databaseUrl });
    await this.db.connect();
    return this.db;
  }

  /** Until a worker process listens on each of these queues (it starts apart from the API). */
  async waitForWorkers(queues: string[], count = 1): Promise<void> {
    const handles = queues.map(
      (name) => new Queue(name, { prefix: this.redisPrefix, connection: { url: REDIS_URL } }),
    );
    try {
      await waitUntil(
        `a worker on ${queues.join(', ')}`,
        async () =>
          (await Promise.all(handles.map((q) => q.getWorkersCount()))).every((n) => n >= count),
        { timeoutMs: 120_000, intervalMs: 250 },
      );
    } finally {
      await Promise.all(handles.map((q) => q.close()));
    }
  }

  /** Until the queue has nothing waiting, delayed or running (e.g. the close job's last step). */
  async waitForIdle(queue: string): Promise<void> {
    const handle = new Queue(queue, { prefix: this.redisPrefix, connection: { url: REDIS_URL } });
    try {
      await waitUntil(
        `${queue} idle`,
        async () => {
          const counts = await handle.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
          return Object.values(counts).every((n) => n === 0);
        },
        { timeoutMs: 600_000, intervalMs: 50 },
      );
    } finally {
      await handle.close();
    }
  }

  async bearer(personId: string, organisationId: string): Promise<string> {
    const token = await new JwtService({ secret: JWT_SECRET }).signAsync(
      { sub: personId, org: organisationId },
      { expiresIn: 3600, algorithm: 'HS256' },
    );
    return `Bearer ${token}`;
  }

  async destroy(): Promise<void> {
    if (!live.delete(this)) return;
    await this.db?.end().catch(() => undefined);
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`));
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${this.redisPrefix}:*`,
        'COUNT',
        1000,
      );
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

/** "PostgreSQL 15.2, Redis 7.0.15": for the machine line printed under the table. */
export async function serverVersions(): Promise<string> {
  const pg = await withAdmin((c) =>
    c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`),
  );
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server');
  redis.disconnect();
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  return `PostgreSQL ${pg.rows[0]!.v.split(' ')[0]}, Redis ${redisVersion}`;
}

async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
