import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';

interface SessionClaims {
  sub: string;
  org: string;
}

/** Tokens already verified, kept at most this many (a few MB) and at most VERIFIED_FOR_MS. */
const VERIFIED_CACHE_SIZE = 10_000;
const VERIFIED_FOR_MS = 5 * 60_000;

/** Signed JWT sessions; the person and roles are re-read on every request by the guard. */
@Injectable()
export class SessionService {
  /**
   * A browser or client sends the same token with every request: its signature is checked once,
   * and then its claims are kept until it expires (or for 5 minutes). Only tokens that passed
   * verification go in, so a stream of forged ones cannot push good ones out.
   */
  private readonly verified = new Map<string, { claims: SessionClaims; untilMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async issue(person: {
    id: string;
    organisationId: string;
  }): Promise<{ accessToken: string; expiresAt: Date }> {
    const ttl = this.config.sessionTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: person.id, org: person.organisationId } satisfies SessionClaims,
      {
        expiresIn: ttl,
      },
    );
    return { accessToken, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  /** The claims of a valid token, or null for anything forged, expired or malformed. */
  async verify(token: string, nowMs = Date.now()): Promise<SessionClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (nowMs < known.untilMs) return known.claims;
      this.verified.delete(token);
    }
    let claims: SessionClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<SessionClaims & { exp?: number }>(token, {
        clockTimestamp: Math.floor(nowMs / 1000),
      });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.org !== 'string') return null;
    const result = { sub: claims.sub, org: claims.org };
    const expiresMs = typeof claims.exp === 'number' ? claims.exp * 1000 : nowMs;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, {
      claims: result,
      untilMs: Math.min(expiresMs, nowMs + VERIFIED_FOR_MS),
    });
    return result;
  }
}
