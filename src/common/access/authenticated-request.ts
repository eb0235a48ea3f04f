import type { Request } from 'express';
import type { Role } from './role';

export interface CurrentPersonInfo {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface AuthenticatedRequest extends Request {
  person?: CurrentPersonInfo;
  authenticatedBy?: 'bearer' | 'cookie';
}

export const SESSION_COOKIE = 'c360_session';
export const CSRF_COOKIE = 'c360_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export function hasRole(person: CurrentPersonInfo, role: Role): boolean {
  return person.roles.includes(role);
}
