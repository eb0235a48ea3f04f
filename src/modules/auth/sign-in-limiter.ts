import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { FixedWindowCounter } from '../../common/fixed-window-counter';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { redisOptionsFromUrl } from '../../config/redis-options';

/** Sign-in links sent to one address are counted over this window. */
export const ADDRESS_WINDOW_MS = 15 * 60_000;
/** Requests from one client are counted over this window. */
export const CLIENT_WINDOW_MS = 60_000;

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
  private readonly counter: FixedWindowCounter;

  constructor(@InjectAppConfig() private readonly config: AppConfig) {
    this.counter = new FixedWindowCounter({
      redis: redisOptionsFromUrl(config.redisUrl),
      prefix: `${config.redisPrefix}:sign-in-limit:`,
      keySecret: createHmac('sha256', config.jwtSecret).update('sign-in-limit').digest(),
      what: 'Sign-in limit',
    });
  }

  /** Counts a request from this client; throws SignInRateLimitedError beyond the cap. */
  async hitClient(action: ClientAction, clientIp: string | undefined): Promise<void> {
    const hit = await this.counter.hit(
      `client-${action}:`,
      clientIp ?? 'unknown',
      CLIENT_WINDOW_MS,
    );
    if (hit && hit.count > this.config.signInClientRateLimit)
      throw new SignInRateLimitedError(Math.max(1, Math.ceil(hit.ttlMs / 1000)));
  }

  /** Counts a link for this address; false when it is over the cap (send nothing). */
  async mayEmailAddress(email: string): Promise<boolean> {
    const hit = await this.counter.hit('address:', email.trim().toLowerCase(), ADDRESS_WINDOW_MS);
    return !hit || hit.count <= this.config.signInLinksPerAddress;
  }

  onApplicationShutdown(): void {
    this.counter.close();
  }
}
