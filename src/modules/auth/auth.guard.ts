import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import type { GroupBatcher } from '../../common/group-batcher';
import { batchedLookup } from '../../database/batched-query';
import { Role } from '../../common/access/role';
import { Person } from '../organisations/person.entity';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { IS_PUBLIC, METRICS_TOKEN_ALLOWED, ROLES } from '../../common/access/auth.decorators';
import { AuthenticatedRequest, SESSION_COOKIE } from '../../common/access/authenticated-request';
import { csrfMatches } from '../../pages/csrf';
import { SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type SessionPerson = Pick<Person, 'id' | 'organisationId' | 'email' | 'name' | 'roles'>;

/**
 * Global: every route needs a session unless marked @Public(). Accepts the Bearer token or the
 * browser's session cookie; a cookie-authenticated request that changes state must carry the
 * CSRF token (double submit). Roles come from the database, not the token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Every authenticated request looks its person up: concurrent requests share one statement
   * (a report read by many at once is 50 lookups a round trip, not 50 round trips).
   */
  private readonly people: GroupBatcher<{ id: string; org: string }, SessionPerson | undefined>;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @InjectDataSource() dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    this.people = batchedLookup(
      dataSource,
      'auth-people',
      `SELECT k.i, p.id, p.organisation_id AS "organisationId", p.email, p.name, p.roles
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(id, org, i)
         JOIN people p ON p.id = k.id AND p.organisation_id = k.org`,
      (keys) => [keys.map((k) => k.id), keys.map((k) => k.org)],
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();

    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (bearer && this.isMetricsScraper(bearer, targets)) return true;
    const token = bearer ?? cookie;
    if (!token)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in first: send Authorization: Bearer <accessToken>',
      );

    const claims = await this.sessions.verify(token);
    // Our own signed claims are uuids; checked anyway, as a bad one would fail its whole batch.
    if (!claims || !UUID.test(claims.sub) || !UUID.test(claims.org))
      throw new DomainError(
        'UNAUTHENTICATED',
        'Your session is invalid or has expired: sign in again',
      );
    const person = await this.people.call({ id: claims.sub, org: claims.org });
    if (!person)
      throw new DomainError('UNAUTHENTICATED', 'Your session is no longer valid: sign in again');

    if (!bearer && !SAFE_METHODS.has(req.method)) this.checkCsrf(req);

    req.person = {
      id: person.id,
      organisationId: person.organisationId,
      email: person.email,
      name: person.name,
      roles: person.roles,
    };
    req.authenticatedBy = bearer ? 'bearer' : 'cookie';

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.some((role) => person.roles.includes(role))) {
      throw new DomainError('FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private isMetricsScraper(bearer: string, targets: Parameters<Reflector['getAllAndOverride']>[1]) {
    const expected = this.config.metricsToken;
    return (
      expected !== null &&
      this.reflector.getAllAndOverride<boolean>(METRICS_TOKEN_ALLOWED, targets) === true &&
      bearer.length === expected.length &&
      timingSafeEqual(Buffer.from(bearer), Buffer.from(expected))
    );
  }

  private checkCsrf(req: AuthenticatedRequest): void {
    if (!csrfMatches(req))
      throw new DomainError(
        'CSRF_TOKEN_INVALID',
        'The form has expired: reload the page and try again',
      );
  }
}
