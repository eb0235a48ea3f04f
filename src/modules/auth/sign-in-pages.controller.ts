import { Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { DomainError } from '../../common/domain-error';
import { html } from '../../common/html';
import { renderPage } from '../../common/page-layout';
import { Public } from '../../common/access/auth.decorators';
import { AuthService } from './auth.service';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../common/access/authenticated-request';
import { CLEAR_SITE_DATA_ON_SIGN_OUT } from '../../common/security-headers';

/**
 * The browser side of passwordless sign-in. The emailed link opens a page whose button POSTs
 * the token, so a mail scanner that follows links with GET consumes nothing.
 */
@ApiExcludeController()
@Public()
@Controller('sign-in')
export class SignInPagesController {
  constructor(
    private readonly auth: AuthService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  page(@Query('token') token?: string): string {
    if (typeof token === 'string' && token.length > 0) {
      return renderPage({
        title: 'Sign in',
        body: html`<h1>Sign in to Collective 360</h1>
          <p>Press the button to finish signing in. The link works once.</p>
          <form method="post" action="/sign-in">
            <input type="hidden" name="token" value="${token}" />
            <button type="submit">Sign in</button>
          </form>`,
      });
    }
    return this.requestForm();
  }

  @Post()
  @HttpCode(303)
  async signIn(@Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const token = typeof body.token === 'string' ? body.token : '';
    try {
      const session = await this.auth.signIn(token);
      const secure = this.config.publicUrl.startsWith('https:');
      const maxAge = session.expiresAt.getTime() - Date.now();
      res.cookie(SESSION_COOKIE, session.accessToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge,
        path: '/',
      });
      res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
        sameSite: 'lax',
        secure,
        maxAge,
        path: '/',
      });
      res.redirect(303, '/');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res
        .status(401)
        .type('html')
        .send(
          renderPage({
            title: 'Sign-in link not valid',
            body: html`<h1>This sign-in link cannot be used</h1>
              <p>${error.message}</p>
              <p><a href="/sign-in">Ask for a new sign-in link</a></p>`,
          }),
        );
    }
  }

  @Post('link')
  @HttpCode(200)
  async requestLink(@Body() body: Record<string, unknown>): Promise<string> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return this.requestForm(
        email,
        'Enter an email address in the right format, like name@example.nhs.uk',
      );
    }
    await this.auth.requestLink(email);
    return renderPage({
      title: 'Check your email',
      body: html`<h1>Check your email</h1>
        <p>
          If ${email} belongs to someone here, we have sent a sign-in link to it. The link works
          once, for 15 minutes.
        </p>`,
    });
  }

  @Post('out')
  @HttpCode(303)
  signOut(@Req() _req: Request, @Res() res: Response): void {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    res.setHeader('Clear-Site-Data', CLEAR_SITE_DATA_ON_SIGN_OUT);
    res.redirect(303, '/sign-in');
  }

  private requestForm(email = '', error?: string): string {
    return renderPage({
      title: error ? 'Error: Sign in' : 'Sign in',
      body: html`<h1>Sign in to Collective 360</h1>
        ${
          error
            ? html`<div
                class="error-summary"
                role="alert"
                aria-labelledby="error-title"
                tabindex="-1"
              >
                <h2 id="error-title">There is a problem</h2>
                <ul>
                  <li><a href="#email">${error}</a></li>
                </ul>
              </div>`
            : ''
        }
        <p>We will email you a link to sign in. There is no password.</p>
        <form method="post" action="/sign-in/link" novalidate>
          <p>
            <label for="email">Work email address</label><br />
            ${error ? html`<span class="error-message" id="email-error">${error}</span><br />` : ''}
            <input
              type="email"
              id="email"
              name="email"
              autocomplete="email"
              spellcheck="false"
              value="${email}"
              ${error ? html` aria-invalid="true" aria-describedby="email-error"` : ''}
            />
          </p>
          <button type="submit">Email me a sign-in link</button>
        </form>`,
    });
  }
}
