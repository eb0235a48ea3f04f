import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Where rater links lead: the HTML page and the JSON routes. */
export const RATER_PATHS = ['/r', '/api/v1/responses'];

/**
 * The link is a secret: no page or answer is cached, and no Referer carries the token elsewhere.
 * Plain Express middleware, so that it can also be mounted before the body parsers (whose own
 * 400/413 replies otherwise run before any Nest middleware).
 */
export function raterHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  next();
}

/** On every rater route, errors included: runs before guards, pipes, handlers and filters. */
@Injectable()
export class RaterHeadersMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    raterHeaders(req, res, next);
  }
}
