import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { SESSION_COOKIE } from '../../common/access/authenticated-request';
import { SessionService } from '../auth/session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Let the request through, send the browser to sign in, or refuse it saying why. */
type Verdict = { allow: true } | { signIn: true } | { refuse: string };

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Who may open the queue view: a signed-in admin (the browser's session cookie), nobody else.
 * Bull Board's own page sends no CSRF token, so a request that changes something (retry, clean,
 * promote) must come from this site's own pages: the browser's `Sec-Fetch-Site: same-origin`,
 * or an `Origin` equal to PUBLIC_URL's (OWASP's check of standard headers).
 */
@Injectable()
export class QueueBoardAccess {
  private readonly origin: string;

  constructor(
    private readonly sessions: SessionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.origin = new URL(config.publicUrl).origin;
  }

  /** Express middleware in front of Bull Board's router. */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    this.decide(req)
      .then((verdict) => {
        if ('allow' in verdict) return next();
        if ('signIn' in verdict) {
          const nextPath = encodeURIComponent(req.originalUrl.split('?')[0] ?? QUEUE_BOARD_PATH);
          return res.redirect(303, `/sign-in?next=${nextPath}`);
        }
        res.status(403).type('text/plain').send(verdict.refuse);
      })
      .catch(next);
  };

  private async decide(req: Request): Promise<Verdict> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const claims = token ? await this.sessions.verify(token) : null;
    if (!claims) return { signIn: true };
    const rows = await this.dataSource.query<{ roles: string[] }[]>(
      `SELECT roles FROM people WHERE id = $1::uuid AND organisation_id = $2::uuid`,
      [claims.sub, claims.org],
    );
    if (!rows[0]) return { signIn: true };
    if (!rows[0].roles.includes('admin')) return { refuse: 'The queue view is for admins only.' };
    if (!SAFE_METHODS.has(req.method) && !this.sameOrigin(req)) {
      return {
        refuse: 'This change must come from the queue view itself: reload it and try again.',
      };
    }
    return { allow: true };
  }

  private sameOrigin(req: Request): boolean {
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string') return site === 'same-origin';
    return req.headers.origin === this.origin;
  }
}
