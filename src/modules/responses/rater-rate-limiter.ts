import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { redisOptionsFromUrl } from '../../config/redis-options';
import { DomainError } from '../../common/domain-error';
import { FixedWindowCounter } from '../../common/fixed-window-counter';

const WINDOW_MS = 60_000;

/** 429, with the seconds until the link's window ends (sent as Retry-After). */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `This link has been used too many times in the last minute: wait ${retryAfterSeconds} seconds and try again`,
    );
  }
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * At most `RATER_TOKEN_RATE_LIMIT` requests a minute on one rater link: a fixed window counted
 * in Redis, so it holds across API processes. The key is a keyed hash of the token's hash, so
 * Redis holds nothing that joins a nomination row. If Redis does not answer, requests pass:
 * the link is a 256-bit secret, the limit only stops hammering, and raters come first.
 */
@Injectable()
export class RaterRateLimiter implements OnApplicationShutdown {
  private readonly limit: number;
  private readonly counter: FixedWindowCounter;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.limit = config.raterTokenRateLimit;
    this.counter = new FixedWindowCounter({
      redis: redisOptionsFromUrl(config.redisUrl),
      prefix: `${config.redisPrefix}:rater-rate:`,
      keySecret: createHmac('sha256', config.jwtSecret).update('rater-rate-limit').digest(),
      what: 'Rater rate limit',
    });
  }

  async hit(tokenHash: Buffer): Promise<RateDecision> {
    const hit = await this.counter.hit('', tokenHash, WINDOW_MS);
    if (!hit || hit.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(hit.ttlMs / 1000)) };
  }

  onApplicationShutdown(): void {
    this.counter.close();
  }
}
