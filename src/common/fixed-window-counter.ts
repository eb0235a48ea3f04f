import { Logger } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';
import { createHmac } from 'node:crypto';

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

type HitRedis = Redis & { windowHit(key: string, windowMs: number): Promise<[number, number]> };

export interface WindowHit {
  count: number;
  ttlMs: number;
}

/**
 * Fixed-window counters in Redis, so a limit holds across API processes. A key is a keyed hash
 * of what is counted (an address, a client, a token's hash): Redis never holds the thing itself.
 * Redis is asked with short timeouts, and when it does not answer a hit is `null` (the caller
 * lets the request pass: the limits stop abuse, they must not stop people).
 */
export class FixedWindowCounter {
  private readonly redis: Redis;
  private readonly logger: Logger;

  constructor(
    private readonly options: {
      redis: RedisOptions;
      /** Prefix of every key, e.g. `c360:sign-in-limit:`. */
      prefix: string;
      /** The key of the keyed hash (derive one per limit). */
      keySecret: Buffer;
      /** What is limited, for the log line when Redis does not answer. */
      what: string;
    },
  ) {
    this.logger = new Logger(`FixedWindowCounter(${options.what})`);
    this.redis = new Redis({
      ...options.redis,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 1000,
      retryStrategy: () => 1000,
      // Concurrent requests' hits go to Redis in one write (ioredis pipelines a tick's commands).
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined); // a failed hit is logged where it happens
    // EVALSHA rather than EVAL: the script's text is sent once, not with every request.
    this.redis.defineCommand('windowHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** Counts one hit on `scope` + the keyed hash of `subject`; null when Redis did not answer. */
  async hit(scope: string, subject: string | Buffer, windowMs: number): Promise<WindowHit | null> {
    const key =
      this.options.prefix +
      scope +
      createHmac('sha256', this.options.keySecret).update(subject).digest('base64url');
    try {
      const [count, ttlMs] = await (this.redis as HitRedis).windowHit(key, windowMs);
      return { count, ttlMs };
    } catch (error) {
      this.logger.warn(
        `${this.options.what} not checked, Redis did not answer: ${(error as Error).message}`,
      );
      return null;
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
