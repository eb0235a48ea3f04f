import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const DEV_JWT_SECRET = 'development-only-secret-change-me-in-production';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** The environment of API.md, as strings arrive from the process, checked once at start. */
class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1-64 letters, digits, "_" or "-"',
  })
  REDIS_PREFIX?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  SMTP_POOL_SIZE?: number;

  @IsOptional()
  @Matches(/^(?:[^<>\r\n]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'MAIL_FROM must be a mailbox such as "Collective 360 <no-reply@example.org>"',
  })
  MAIL_FROM?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OUTBOX_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  SESSION_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600000)
  MAIL_BACKOFF_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3600000)
  OUTBOX_SWEEP_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** Requests a minute on one rater link (API.md: at least 20). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(20)
  @Max(1000000)
  RATER_TOKEN_RATE_LIMIT?: number;
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
  publicUrl: string;
  outboxDir: string;
  jwtSecret: string;
  sessionTtlSeconds: number;
  mailAttempts: number;
  mailBackoffMs: number;
  mailConcurrency: number;
  outboxSweepMs: number;
  logLevel: string;
  /** Requests a minute allowed on one rater link (the token is the credential). */
  raterTokenRateLimit: number;
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
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  const port = env.PORT ?? 3000;
  return {
    env: nodeEnv,
    port,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/collective360',
    databasePoolSize: env.DATABASE_POOL_SIZE ?? 10,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX ?? 'c360',
    smtpUrl: env.SMTP_URL ?? null,
    smtpPoolSize: env.SMTP_POOL_SIZE ?? 10,
    mailFrom: env.MAIL_FROM ?? 'Collective 360 <no-reply@localhost>',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    outboxDir: env.OUTBOX_DIR ?? 'var/outbox',
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS ?? 8 * 3600,
    mailAttempts: env.MAIL_ATTEMPTS ?? 6,
    mailBackoffMs: env.MAIL_BACKOFF_MS ?? 5000,
    mailConcurrency: env.MAIL_CONCURRENCY ?? 50,
    outboxSweepMs: env.OUTBOX_SWEEP_MS ?? 5000,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    raterTokenRateLimit: env.RATER_TOKEN_RATE_LIMIT ?? 20,
  };
}
