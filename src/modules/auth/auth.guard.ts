import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { queryPrepared } from '../../database/prepared-query';
import { Person, Role } from '../organisations/person.entity';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import {
  AuthenticatedRequest,
  CSRF_COOKIE,
  CSRF_FIELD,
  CSRF_HEADER,
  SESSION_COOKIE,
} from './authenticated-request';
import { SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every route needs a session unless marked @Public(). Accepts the Bearer token or the
 * browser's session cookie; a cookie-authenticated request that changes state must carry the
 * CSRF token (double submit). Roles come from the database, not the token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();

    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in first: send Authorization: Bearer <accessToken>',
      );

    const claims = await this.sessions.verify(token);
    if (!claims)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Your session is invalid or has expired: sign in again',
      );
    // Every authenticated request runs this: a prepared statement, not a query built each time.
    const [person] = await queryPrepared<
      Pick<Person, 'id' | 'organisationId' | 'email' | 'name' | 'roles'>
    >(
      this.dataSource,
      'auth-person',
      `SELECT id, organisation_id AS "organisationId", email, name, roles
         FROM people WHERE id = $1 AND organisation_id = $2`,
      [claims.sub, claims.org],
    );
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

  private checkCsrf(req: AuthenticatedRequest): void {
    const expected = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? '';
    const header = req.headers[CSRF_HEADER];
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof header === 'string' ? header : undefined) ?? body?.[CSRF_FIELD];
    const ok =
      typeof sent === 'string' &&
      expected.length > 0 &&
      sent.length === expected.length &&
      timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
    if (!ok)
      throw new DomainError(
        'CSRF_TOKEN_INVALID',
        'The form has expired: reload the page and try again',
      );
  }
}
