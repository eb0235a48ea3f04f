import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { Public } from '../../common/access/auth.decorators';
import { csrfMatches, newCsrfToken } from '../../pages/csrf';
import { safeNextPath } from '../../pages/next-path';
import { PageErrorFilter } from '../../pages/page-error.filter';
import { PageRenderer } from '../../pages/page-renderer';
import { AuthService } from './auth.service';
import { SignInLimiter } from './sign-in-limiter';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../common/access/authenticated-request';
import { CLEAR_SITE_DATA_ON_SIGN_OUT } from '../../common/security-headers';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * The browser side of passwordless sign-in. The emailed link opens a page whose button POSTs
 * the token, so a mail scanner that follows links with GET consumes nothing. `next` (a path on
 * this site) rides along: in the form, in the emailed link, and is where "Sign in" lands.
 * Every POST here carries the CSRF token its page set in a cookie.
 */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('sign-in')
export class SignInPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
    private readonly limiter: SignInLimiter,
  ) {}

  @Get()
  async page(
    @Req() req: Request,
    @Res() res: Response,
    @Query('token') token?: unknown,
    @Query('next') next?: unknown,
    @Query('signedOut') signedOut?: unknown,
  ): Promise<void> {
    res.setHeader('Referrer-Policy', 'no-referrer');
    const safeNext = safeNextPath(next);
    if (typeof token === 'string' && token.length > 0) {
      await this.pages.render(req, res, 'auth/confirm.njk', { token, next: safeNext });
      return;
    }
    await this.pages.render(req, res, 'auth/sign-in.njk', {
      next: safeNext,
      email: '',
      banner: signedOut === '1' ? { heading: 'You have signed out' } : null,
    });
  }

  @Post()
  async signIn(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    this.assertCsrf(req);
    await this.limiter.hitClient('session', req.ip);
    const next = safeNextPath(field(body, 'next'));
    try {
      const session = await this.auth.signIn(field(body, 'token'));
      const secure = this.pages.secureCookies;
      const maxAge = session.expiresAt.getTime() - Date.now();
      res.cookie(SESSION_COOKIE, session.accessToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge,
        path: '/',
      });
      // A fresh CSRF token with each session (the one made before sign-in is not reused).
      res.cookie(CSRF_COOKIE, newCsrfToken(), {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge,
        path: '/',
      });
      res.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.pages.render(
        req,
        res,
        'auth/link-invalid.njk',
        { message: error.message, next },
        { status: 401 },
      );
    }
  }

  @Post('link')
  async requestLink(
    @Req() req: Request,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    this.assertCsrf(req);
    await this.limiter.hitClient('link', req.ip);
    const email = field(body, 'email').trim();
    const next = safeNextPath(field(body, 'next'));
    if (!EMAIL.test(email) || email.length > 320) {
      await this.pages.render(
        req,
        res,
        'auth/sign-in.njk',
        {
          email,
          next,
          error: 'Enter an email address in the right format, like name@example.nhs.uk',
        },
        { status: 400 },
      );
      return;
    }
    await this.auth.requestLink(email, next);
    await this.pages.render(req, res, 'auth/check-email.njk', { email, next });
  }

  @Post('out')
  signOut(@Req() req: Request, @Res() res: Response): void {
    this.assertCsrf(req);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    // The browser forgets every cookie and storage of the site (Clear-Site-Data), so the page
    // after says what happened from its address rather than a banner cookie.
    res.setHeader('Clear-Site-Data', CLEAR_SITE_DATA_ON_SIGN_OUT);
    res.redirect(303, '/sign-in?signedOut=1');
  }

  private assertCsrf(req: Request): void {
    if (!csrfMatches(req))
      throw new DomainError(
        'CSRF_TOKEN_INVALID',
        'The form has expired: reload the page and try again',
      );
  }
}
