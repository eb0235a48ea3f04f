import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables } from './environment-variables';
import {
  DEV_ANSWERS_KEY,
  DEV_JWT_SECRET,
  isRepositorySecret,
  SECRET_VARIABLES,
} from './repository-secrets';

export { DEV_ANSWERS_KEY };

/** A key given as base64 of exactly 32 bytes (AES-256); null when it is not. */
function parseKey(base64: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.trim())) return null;
  const key = Buffer.from(base64.trim(), 'base64');
  return key.length === 32 ? key : null;
}

/** Typed configuration: what the rest of the service is given instead of process.env. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  redisPrefix: string;
  smtpUrl: string | null;
  smtpPoolSize: number;
  mailFrom: string;
  /** The domain of MAIL_FROM: every Message-ID is made in it. */
  mailDomain: string;
  mailReplyTo: string | null;
  dkim: DkimConfig | null;
  publicUrl: string;
  outboxDir: string;
  jwtSecret: string;
  sessionTtlSeconds: number;
  mailAttempts: number;
  mailBackoffMs: number;
  mailConcurrency: number;
  outboxSweepMs: number;
  /** LOG_LEVEL as given; null: each entry point's default (info; the CLI and tests: warn). */
  logLevel: string | null;
  metricsToken: string | null;
  workerMetricsPort: number | null;
  /** Requests a minute allowed on one rater link (the token is the credential). */
  raterTokenRateLimit: number;
  /** Wraps each cycle's data key (ANSWERS_KEY). */
  answersKey: Buffer;
  /** Still unwraps data keys during a rotation (ANSWERS_KEY_PREVIOUS). */
  answersKeyPrevious: Buffer | null;
  /** Sign-in links emailed to one address per 15 minutes. */
  signInLinksPerAddress: number;
  /** Sign-in link requests (and session attempts) a minute from one client. */
  signInClientRateLimit: number;
}

export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export class ConfigValidationError extends Error {
  override name = 'ConfigValidationError';
}

/** Validates the raw environment and fills defaults; throws naming every bad variable. */
export function loadConfig(raw: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''),
  );
  const env = plainToInstance(EnvironmentVariables, present);
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.map(
    (e) =>
      `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );

  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  if (nodeEnv === 'production') {
    if (!env.JWT_SECRET) problems.push('JWT_SECRET: must be set when NODE_ENV=production');
    if (!env.SMTP_URL) problems.push('SMTP_URL: must be set when NODE_ENV=production');
    if (!env.PUBLIC_URL) problems.push('PUBLIC_URL: must be set when NODE_ENV=production');
    if (!env.MAIL_FROM) problems.push('MAIL_FROM: must be set when NODE_ENV=production');
    else if (/@localhost\s*>?\s*$/i.test(env.MAIL_FROM))
      problems.push('MAIL_FROM: must be an address of your own domain, not @localhost');
  }
  if (env.WORKER_METRICS_PORT && !env.METRICS_TOKEN) {
    problems.push(
      'WORKER_METRICS_PORT: needs METRICS_TOKEN (scrapers of a worker must present it)',
    );
  }
  const answersKey = parseKey(env.ANSWERS_KEY ?? DEV_ANSWERS_KEY);
  if (!answersKey)
    problems.push('ANSWERS_KEY: must be base64 of 32 bytes (openssl rand -base64 32)');
  const answersKeyPrevious = env.ANSWERS_KEY_PREVIOUS ? parseKey(env.ANSWERS_KEY_PREVIOUS) : null;
  if (env.ANSWERS_KEY_PREVIOUS && !answersKeyPrevious)
    problems.push('ANSWERS_KEY_PREVIOUS: must be base64 of 32 bytes, like ANSWERS_KEY');
  if (nodeEnv === 'production') {
    if (!env.ANSWERS_KEY) problems.push('ANSWERS_KEY: must be set when NODE_ENV=production');
    // Anything this repository contains (a development default, a test's token) is public.
    for (const name of SECRET_VARIABLES) {
      const value = env[name];
      if (value && isRepositorySecret(value)) {
        problems.push(
          `${name}: is a value written in the repository (a development default or a test's); set a secret of your own`,
        );
      }
    }
  }
  const dkimParts = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY];
  if (dkimParts.some(Boolean) && !dkimParts.every(Boolean)) {
    problems.push('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY: set all three, or none');
  }
  if (problems.length > 0 || !answersKey) {
    throw new ConfigValidationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  const port = env.PORT ?? 3000;
  const mailFrom = env.MAIL_FROM ?? 'Collective 360 <no-reply@localhost>';
  return {
    env: nodeEnv,
    port,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/collective360',
    databasePoolSize: env.DATABASE_POOL_SIZE ?? 10,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX ?? 'c360',
    smtpUrl: env.SMTP_URL ?? null,
    smtpPoolSize: env.SMTP_POOL_SIZE ?? 10,
    mailFrom,
    mailDomain: mailboxDomain(mailFrom),
    mailReplyTo: env.MAIL_REPLY_TO ?? null,
    dkim:
      env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY
        ? {
            domainName: env.DKIM_DOMAIN,
            keySelector: env.DKIM_SELECTOR,
            privateKey: env.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n'),
          }
        : null,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    outboxDir: env.OUTBOX_DIR ?? 'var/outbox',
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS ?? 8 * 3600,
    mailAttempts: env.MAIL_ATTEMPTS ?? 6,
    mailBackoffMs: env.MAIL_BACKOFF_MS ?? 5000,
    mailConcurrency: env.MAIL_CONCURRENCY ?? 50,
    outboxSweepMs: env.OUTBOX_SWEEP_MS ?? 5000,
    logLevel: env.LOG_LEVEL ?? null,
    raterTokenRateLimit: env.RATER_TOKEN_RATE_LIMIT ?? 20,
    signInLinksPerAddress: env.SIGN_IN_LINKS_PER_ADDRESS ?? 5,
    signInClientRateLimit: env.SIGN_IN_CLIENT_RATE_LIMIT ?? 300,
    metricsToken: env.METRICS_TOKEN ?? null,
    workerMetricsPort: env.WORKER_METRICS_PORT ?? null,
    answersKey,
    answersKeyPrevious,
  };
}

/** The domain part of a mailbox (`Name <a@example.org>` → `example.org`). */
export function mailboxDomain(mailbox: string): string {
  const address = /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox;
  return address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}
