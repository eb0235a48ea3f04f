import Redis from 'ioredis';
import type { AppConfig } from './config/env.validation';
import { ensureDatabase } from './database/ensure-database';

/** A start-up failure worded for the person starting the service: what, where, and what to do. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
]);

/** The URL without its password, safe to print. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // pg wraps some connection errors in an AggregateError (IPv4 and IPv6 both refused).
  const inner = (error as { errors?: unknown[] } | null)?.errors?.[0];
  return inner ? errorCode(inner) : undefined;
}

/** Says which service failed, at which URL, and how to start it. */
export function describeStartupFailure(
  service: 'PostgreSQL' | 'Redis',
  url: string,
  error: unknown,
): string {
  const code = errorCode(error);
  const variable = service === 'PostgreSQL' ? 'DATABASE_URL' : 'REDIS_URL';
  const composeService = service === 'PostgreSQL' ? 'postgres' : 'redis';
  const cause = code ?? (error instanceof Error ? error.message : String(error));
  if (code === '28P01' || code === '28000') {
    return (
      `PostgreSQL at ${redactUrl(url)} refused the user or password in ${variable} (${code}). ` +
      `Check the credentials in ${variable}.`
    );
  }
  if (code && !CONNECTION_CODES.has(code)) {
    return `${service} at ${redactUrl(url)} answered with an error (${cause}). Check ${variable}.`;
  }
  return [
    `Cannot reach ${service} at ${redactUrl(url)} (${cause}).`,
    `Start it (with the compose file: docker compose -f docker/compose.yml up -d ${composeService};`,
    `on a Debian machine: ${
      service === 'PostgreSQL'
        ? 'pg_ctlcluster <version> main start'
        : 'redis-server --daemonize yes'
    }), or point ${variable} at a running one.`,
  ].join(' ');
}

/**
 * Before Nest starts: PostgreSQL answers (and the database exists: created when missing) and
 * Redis answers a PING. Either failing stops start-up with a sentence a person can act on,
 * instead of a stack trace or a worker retrying for ever.
 */
export async function checkServices(
  config: Pick<AppConfig, 'databaseUrl' | 'redisUrl'>,
  timeoutMs = 5_000,
): Promise<void> {
  try {
    await ensureDatabase(config.databaseUrl);
  } catch (error) {
    throw new StartupError(describeStartupFailure('PostgreSQL', config.databaseUrl, error));
  }
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  redis.on('error', () => undefined); // reported through connect() below
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupError(describeStartupFailure('Redis', config.redisUrl, error));
  } finally {
    redis.disconnect();
  }
}
