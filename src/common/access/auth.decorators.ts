import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from './role';
import type { AuthenticatedRequest, CurrentPersonInfo } from './authenticated-request';

export const IS_PUBLIC = 'c360:isPublic';
export const ROLES = 'c360:roles';
export const METRICS_TOKEN_ALLOWED = 'c360:metricsToken';

/** The route needs no session (rater links, sign-in, health). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** Besides a session, the route accepts `Authorization: Bearer <METRICS_TOKEN>` (scrapers). */
export const AllowMetricsToken = (): MethodDecorator & ClassDecorator =>
  SetMetadata(METRICS_TOKEN_ALLOWED, true);

/** The caller needs at least one of these roles; otherwise 403. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

/** The signed-in person; every query is scoped by its organisationId. */
export const CurrentPerson = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): CurrentPersonInfo => {
    const person = ctx.switchToHttp().getRequest<AuthenticatedRequest>().person;
    if (!person) throw new Error('CurrentPerson used on a public route');
    return person;
  },
);
