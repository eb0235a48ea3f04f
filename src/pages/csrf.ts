import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER } from '../common/access/authenticated-request';

/** A CSRF cookie made before sign-in lives this long (sign-in replaces it). */
const PRE_SESSION_MS = 12 * 3600 * 1000;

function cookiesOf(req: Request): Record<string, string> {
  return (req.cookies as Record<string, string> | undefined) ?? {};
}

/** The token a form must send back (`_csrf`), or a header must carry (`X-CSRF-Token`). */
export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The request's CSRF token, setting the cookie first when the browser has none (a signed-out
 * page's form, such as sign-in, is protected the same way as a signed-in one).
 */
export function ensureCsrfCookie(req: Request, res: Response, secure: boolean): string {
  const existing = cookiesOf(req)[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const token = newCsrfToken();
  res.cookie(CSRF_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: PRE_SESSION_MS,
    path: '/',
  });
  (req as { cookies?: Record<string, string> }).cookies = {
    ...cookiesOf(req),
    [CSRF_COOKIE]: token,
  };
  return token;
}

/** Double submit: the form field or header equals the cookie (compared in constant time). */
export function csrfMatches(req: Request): boolean {
  const expected = cookiesOf(req)[CSRF_COOKIE] ?? '';
  const header = req.headers[CSRF_HEADER];
  const body = req.body as Record<string, unknown> | undefined;
  const sent = (typeof header === 'string' ? header : undefined) ?? body?.[CSRF_FIELD];
  return (
    typeof sent === 'string' &&
    expected.length > 0 &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  );
}
