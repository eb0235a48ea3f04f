import { createServer } from 'node:net';
import { runScript } from './support/run-script';

/** A loopback port with nothing listening on it (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** ts-node compiles the entry point first: slow on a busy two-core machine. */
const START_TIMEOUT_MS = 90_000;

describe('start-up errors a person can act on', () => {
  const base = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' };

  it(
    'names PostgreSQL, its URL without the password, and how to start it',
    async () => {
      const port = await closedPort();
      const result = await runScript(
        'src/main.ts',
        [],
        {
          ...base,
          DATABASE_URL: `postgres://c360:secret@127.0.0.1:${port}/collective360`,
        },
        START_TIMEOUT_MS,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `Cannot reach PostgreSQL at postgres://c360:***@127.0.0.1:${port}/collective360 (ECONNREFUSED)`,
      );
      expect(result.stderr).toContain('docker compose -f docker/compose.yml up -d postgres');
      expect(result.stderr).toContain('DATABASE_URL');
      expect(result.stderr).not.toContain('secret');
    },
    2 * START_TIMEOUT_MS,
  );

  it(
    'names Redis when PostgreSQL answers and Redis does not',
    async () => {
      const port = await closedPort();
      const result = await runScript(
        'src/worker.ts',
        [],
        {
          ...base,
          DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
          REDIS_URL: `redis://127.0.0.1:${port}`,
        },
        START_TIMEOUT_MS,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Cannot reach Redis at redis://127.0.0.1:${port}`);
      expect(result.stderr).toContain('docker compose -f docker/compose.yml up -d redis');
    },
    2 * START_TIMEOUT_MS,
  );
});
