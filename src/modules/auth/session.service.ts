import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';

interface SessionClaims {
  sub: string;
  org: string;
}

/** Signed JWT sessions; the person and roles are re-read on every request by the guard. */
@Injectable()
export class SessionService {
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
  async verify(token: string): Promise<SessionClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<SessionClaims>(token);
      return typeof claims.sub === 'string' && typeof claims.org === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
