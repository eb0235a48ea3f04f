import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics';

/**
 * Times every request and labels it by its route template (`/api/v1/cycles/:id`), never by
 * the path itself: ids and rater tokens must not become labels.
 */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpRequestDuration.startTimer();
  res.once('finish', () => {
    const template = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}
