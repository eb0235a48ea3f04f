import { ArgumentsHost, Catch, HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { setRetryAfter } from './domain-error.filter';

/** What a client is told to wait before trying again while a dependency is away. */
export const OUTAGE_RETRY_AFTER_SECONDS = 60;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// PostgreSQL: admin shutdown, crash shutdown, cannot connect now; class 08 (connection exception);
// too many connections.
const PG_OUTAGE_CODES = /^(57P01|57P02|57P03|08...|53300)$/;

const OUTAGE_MESSAGES =
  /Connection terminated|Connection is closed|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Stream isn't writeable|Reached the max retries per request limit|MaxRetriesPerRequest|Command timed out|getaddrinfo|connect ECONNREFUSED|read ECONNRESET/i;

/**
 * True when the error says PostgreSQL or Redis could not be reached (refused, dropped, shutting
 * down, timed out), as opposed to a fault of the request or of the code. Looks through
 * TypeORM's QueryFailedError (`driverError`), `cause` and AggregateError's `errors`.
 */
export function isOutage(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  if (error instanceof DomainError) return false;
  const e = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PG_OUTAGE_CODES.test(e.code)))
    return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isOutage(inner, depth + 1))) return true;
  return isOutage(e.driverError, depth + 1) || isOutage(e.cause, depth + 1);
}

/** The 503 of an outage: the usual error shape, its code, and when to try again. */
export class ServiceUnavailableError extends DomainError {
  readonly retryAfterSeconds = OUTAGE_RETRY_AFTER_SECONDS;

  constructor() {
    super(
      'SERVICE_UNAVAILABLE',
      'The service cannot reach its database or queue just now: nothing was changed. Try again in a minute.',
    );
  }
}

/**
 * Last of the global filters: a database or Redis that cannot be reached is a 503 with
 * Retry-After and the error body (code SERVICE_UNAVAILABLE), for a browser a short page saying
 * so; anything else goes to Nest's own handling as before.
 */
@Catch()
export class OutageFilter extends BaseExceptionFilter {
  constructor(adapter: HttpServer) {
    super(adapter);
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isOutage(error)) {
      super.catch(error, host);
      return;
    }
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    sendOutage(req, res);
  }
}

/** Answers a request that met an outage (JSON, or plain HTML for a browser). */
export function sendOutage(req: Request, res: Response): void {
  const unavailable = new ServiceUnavailableError();
  setRetryAfter(res, unavailable);
  res.setHeader('Cache-Control', 'no-store');
  const browser = !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';
  if (browser) {
    res
      .status(503)
      .type('html')
      .send(
        '<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Sorry, the service is unavailable – Collective 360</title>' +
          '<h1>Sorry, the service is unavailable</h1><p>Try again in a minute. Nothing was changed.</p></html>',
      );
    return;
  }
  // Set here: a route that chose another type before it failed (e.g. /metrics) must not keep it.
  res.status(503).type('application/json').json({
    statusCode: 503,
    message: unavailable.message,
    error: 'Service Unavailable',
    code: unavailable.code,
  });
}
