import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { escapeHtml } from '../common/html';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error';
import { setRetryAfter } from '../common/domain-error.filter';
import { isOutage, ServiceUnavailableError } from '../common/outage';
import { signInPathFor } from './next-path';
import { PageRenderer } from './page-renderer';

interface ErrorPage {
  status: number;
  heading: string;
  message: string;
}

/** The page shown for each expected failure (the JSON routes give the same statuses). */
export function errorPageFor(error: unknown): ErrorPage | null {
  if (error instanceof DomainError) {
    if (error.code === 'NOT_FOUND') return notFoundPage();
    if (error.code === 'FORBIDDEN')
      return {
        status: 403,
        heading: 'You cannot see this page',
        message: `${trimStop(error.message)}. If you think you should, ask an administrator of Collective 360 in your organisation.`,
      };
    if (error.code === 'CSRF_TOKEN_INVALID')
      return {
        status: 403,
        heading: 'The form has expired',
        message: 'Go back, reload the page and try again. Nothing was changed.',
      };
    return { status: error.status, heading: 'This cannot be done', message: error.message };
  }
  if (isOutage(error))
    return {
      status: 503,
      heading: 'Sorry, the service is unavailable',
      message: 'Try again in a minute. Nothing was changed.',
    };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return notFoundPage();
    if (status < 500) {
      return {
        status,
        heading: 'There is a problem with this request',
        message: 'Go back and try again. If it keeps happening, start again from the home page.',
      };
    }
  }
  return null;
}

function notFoundPage(): ErrorPage {
  return {
    status: 404,
    heading: 'Page not found',
    message:
      'If you typed the web address, check it is correct. If you pasted it, check you copied all of it.',
  };
}

function trimStop(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

/**
 * On every staff page (see @StaffPages): signed out → 303 to sign-in with `next`; a role that
 * may not see it → a 403 page; a record of another organisation or a bad id → a 404 page; any
 * other expected failure → a page with the message; anything unexpected → a 500 page, logged.
 */
@Catch()
@Injectable()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: PageRenderer) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, signInPathFor(req.method === 'GET' ? req.originalUrl : req.path));
      return;
    }
    const page = errorPageFor(error) ?? {
      status: 500,
      heading: 'Sorry, there is a problem with the service',
      message: 'Try again later. Anything you sent may not have been saved.',
    };
    if (page.status >= 500) this.logger.error(error);
    setRetryAfter(res, isOutage(error) ? new ServiceUnavailableError() : error);
    await sendErrorPage(this.pages, req, res, page);
  }
}

export async function sendErrorPage(
  pages: PageRenderer,
  req: Request,
  res: Response,
  page: ErrorPage,
): Promise<void> {
  try {
    await pages.render(req, res, 'errors/error.njk', { ...page }, { status: page.status });
  } catch {
    // The layout itself failed (the database is down): a page without it.
    res
      .status(page.status)
      .type('html')
      .send(
        `<!doctype html><html lang="en-GB"><title>${escapeHtml(page.heading)} – Collective 360</title><h1>${escapeHtml(page.heading)}</h1></html>`,
      );
  }
}

/**
 * Global: a path no route matches is a 404 page for a browser, and the JSON error as before for
 * API clients (anything under /api, or a client that does not ask for HTML).
 */
@Catch(NotFoundException)
export class NotFoundPageFilter implements ExceptionFilter<NotFoundException> {
  constructor(private readonly pages: PageRenderer) {}

  async catch(error: NotFoundException, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = error.getStatus();
    const browser = !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';
    if (!browser) {
      const body = error.getResponse();
      res
        .status(status)
        .json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    await sendErrorPage(this.pages, req, res, notFoundPage());
  }
}
