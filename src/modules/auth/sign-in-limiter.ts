import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { redisOptionsFromUrl } from '../../config/redis-options';

/** Sign-in links sent to one address are counted over this window. */
export const ADDRESS_WINDOW_MS = 15 * 60_000;
/** Requests from one client are counted over this window. */
export const CLIENT_WINDOW_MS = 60_000;

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

type HitRedis = Redis & { signInHit(key: string, windowMs: number): Promise<[number, number]> };

/** 429 for a client over its cap, with the seconds until its window ends (sent as Retry-After). */
export class SignInRateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `Too many sign-in attempts from your network: wait ${retryAfterSeconds} seconds and try again`,
    );
  }
}

export type ClientAction = 'link' | 'session';

/**
 * The abuse limits of sign-in, counted in Redis (fixed windows) so they hold across API
 * processes:
 * - links emailed to one address: SIGN_IN_LINKS_PER_ADDRESS per 15 minutes. Beyond it the
 *   request is answered exactly as any other (202) but no email goes: nobody can bomb a
 *   mailbox, and the cap says nothing about who exists (it counts every address asked for).
 * - requests from one client (its IP address): SIGN_IN_CLIENT_RATE_LIMIT a minute for link
 *   requests, and as many for session attempts; beyond it, 429 with Retry-After.
 * Keys are keyed hashes (no address is kept in Redis). If Redis does not answer, requests
 * pass: people can still sign in while Redis is away, which matters more than the cap.
 */
@Injectable()
export class SignInLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(SignInLimiter.name);
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly keySecret: Buffer;

  constructor(@InjectAppConfig() private readonly config: AppConfig) {
    this.prefix = `${config.redisPrefix}:sign-in-limit:`;
    this.keySecret = createHmac('sha256', config.jwtSecret).update('sign-in-limit').digest();
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
      retryStrategy: () => 1000,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined); // a failed hit is logged where it happens
    this.redis.defineCommand('signInHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** Counts a request from this client; throws SignInRateLimitedError beyond the cap. */
  async hitClient(action: ClientAction, clientIp: string | undefined): Promise<void> {
    const hit = await this.hit(
      `client-${action}:${this.hash(clientIp ?? 'unknown')}`,
      CLIENT_WINDOW_MS,
    );
    if (hit && hit.count > this.config.signInClientRateLimit)
      throw new SignInRateLimitedError(Math.max(1, Math.ceil(hit.ttlMs / 1000)));
  }

  /** Counts a link for this address; false when it is over the cap (send nothing). */
  async mayEmailAddress(email: string): Promise<boolean> {
    const hit = await this.hit(
      `address:${this.hash(email.trim().toLowerCase())}`,
      ADDRESS_WINDOW_MS,
    );
    return !hit || hit.count <= this.config.signInLinksPerAddress;
  }

  private hash(text: string): string {
    return createHmac('sha256', this.keySecret).update(text).digest('base64url');
  }

  private async hit(
    key: string,
    windowMs: number,
  ): Promise<{ count: number; ttlMs: number } | null> {
    try {
      const [count, ttlMs] = await (this.redis as HitRedis).signInHit(this.prefix + key, windowMs);
      return { count, ttlMs };
    } catch (error) {
      this.logger.warn(
        `Sign-in limit not checked, Redis did not answer: ${(error as Error).message}`,
      );
      return null;
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
