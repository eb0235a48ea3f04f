import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

// Each variable's own rule. The rules across variables, the defaults and the typed configuration
// are loadConfig's, in env.validation.ts.

/** An RFC 5322 mailbox: `name <local@domain>` or a bare address. */
const MAILBOX = /^(?:[^<>\r\n]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** The environment of the API, as strings arrive from the process, checked once at start. */
export class EnvironmentVariables {
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
  @Matches(MAILBOX, {
    message: 'MAIL_FROM must be a mailbox such as "Collective 360 <no-reply@example.org>"',
  })
  MAIL_FROM?: string;

  /** Where replies go (e.g. the OD team's mailbox); named in every email's footer. */
  @IsOptional()
  @Matches(MAILBOX, {
    message: 'MAIL_REPLY_TO must be a mailbox such as "OD team <od@example.org>"',
  })
  MAIL_REPLY_TO?: string;

  /** DKIM signing: all three together, or none. */
  @IsOptional()
  @Matches(/^(?=.{1,253}$)([A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}$/, {
    message: 'DKIM_DOMAIN must be a domain name such as example.org',
  })
  DKIM_DOMAIN?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {
    message: 'DKIM_SELECTOR must be a DNS label such as c360',
  })
  DKIM_SELECTOR?: string;

  @IsOptional()
  @Matches(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/, {
    message: 'DKIM_PRIVATE_KEY must be a PEM private key (newlines may be written as \\n)',
  })
  DKIM_PRIVATE_KEY?: string;

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

  /** Lets a Prometheus scraper read /metrics without a session. */
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{32,256}$/, {
    message: 'METRICS_TOKEN must be 32-256 printable characters without spaces',
  })
  METRICS_TOKEN?: string;

  /** A worker process serves its own /metrics on this port (the API serves it on PORT). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_METRICS_PORT?: number;

  /** The key-encryption key of answers: base64 of 32 random bytes (`openssl rand -base64 32`). */
  @IsOptional()
  @IsString()
  ANSWERS_KEY?: string;

  /** The key ANSWERS_KEY replaces, while `rotate-answers-key` re-wraps the data keys. */
  @IsOptional()
  @IsString()
  ANSWERS_KEY_PREVIOUS?: string;

  /** Requests a minute on one rater link (the API: at least 20). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(20)
  @Max(1000000)
  RATER_TOKEN_RATE_LIMIT?: number;

  /** Sign-in links emailed to one address per 15 minutes (more are answered alike, not sent). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  SIGN_IN_LINKS_PER_ADDRESS?: number;

  /** Sign-in link requests, and as many session attempts, a minute from one client (at least 300). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(1000000)
  SIGN_IN_CLIENT_RATE_LIMIT?: number;
}
