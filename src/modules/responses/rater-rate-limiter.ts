import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { redisOptionsFromUrl } from '../../config/redis-options';
import { DomainError } from '../../common/domain-error';

const WINDOW_MS = 60_000;

// INCR, and start the window's expiry on its first hit; returns the count and the ms left.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

/** 429, with the seconds until the link's window ends (sent as Retry-After). */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `This link has been used too many times in the last minute: wait ${retryAfterSeconds} seconds and try again`,
    );
  }
}

/** The client with the command defined in the constructor. */
type RateRedis = Redis & { raterRateHit(key: string, windowMs: number): Promise<[number, number]> };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * At most `RATER_TOKEN_RATE_LIMIT` requests a minute on one rater link: a fixed window counted
 * in Redis, so it holds across API processes. The key is a keyed hash of the token's hash, so
 * Redis holds nothing that joins a nomination row. If Redis does not answer, requests pass:
 * the link is a 256-bit secret, the limit only stops hammering, and raters come first.
 */
@Injectable()
export class RaterRateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RaterRateLimiter.name);
  private readonly redis: Redis;
  private readonly limit: number;
  private readonly prefix: string;
  private readonly keySecret: Buffer;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.limit = config.raterTokenRateLimit;
    this.prefix = `${config.redisPrefix}:rater-rate:`;
    this.keySecret = createHmac('sha256', config.jwtSecret).update('rater-rate-limit').digest();
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
      retryStrategy: () => 1000,
      // Concurrent requests' hits go to Redis in one write (ioredis pipelines a tick's commands).
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined); // a failed hit is logged where it happens
    // EVALSHA rather than EVAL: the script's text is sent once, not with every request.
    this.redis.defineCommand('raterRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  async hit(tokenHash: Buffer): Promise<RateDecision> {
    const key =
      this.prefix + createHmac('sha256', this.keySecret).update(tokenHash).digest('base64url');
    try {
      const [count, ttl] = await (this.redis as RateRedis).raterRateHit(key, WINDOW_MS);
      if (count <= this.limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch (error) {
      this.logger.warn(
        `Rater rate limit not checked, Redis did not answer: ${(error as Error).message}`,
      );
      return { allowed: true };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
