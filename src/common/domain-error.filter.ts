import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { DomainError } from './domain-error';

/** Maps every DomainError to NestJS's error shape, plus its stable `code`. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const statusCode = error.status;
    setRetryAfter(res, error);
    res.status(statusCode).json({
      statusCode,
      message: error.message,
      error: STATUS_CODES[statusCode] ?? 'Error',
      code: error.code,
    });
  }
}

/** An error that says when to try again (a 429, a 503) gives it as Retry-After, in seconds. */
export function setRetryAfter(res: Response, error: unknown): void {
  const seconds = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && !res.headersSent)
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(seconds))));
}
