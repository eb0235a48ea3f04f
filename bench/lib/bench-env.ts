import { JwtService } from '@nestjs/jwt';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AddressInfo, createServer } from 'node:net';

const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;

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

  async create(): Promise<this> {
    await withAdmin((c) => c.query(`CREATE DATABASE "${this.databaseName}"`));
    this.port = await freePort();
    return this;
  }

  async connect(): Promise<Client> {
    this.db = new Client({ connectionString: this.databaseUrl });
    await this.db.connect();
    return this.db;
  }

  async bearer(personId: string, organisationId: string): Promise<string> {
    const token = await new JwtService({ secret: JWT_SECRET }).signAsync(
      { sub: personId, org: organisationId },
      { expiresIn: 3600, algorithm: 'HS256' },
    );
    return `Bearer ${token}`;
  }

  async destroy(): Promise<void> {
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
