import { Injectable, NestMiddleware } from '@nestjs/common';
import { text } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';

const LIMIT_MB = 10;

/**
 * Reads a `text/csv` body as a string for the import route only (the app's JSON parser leaves
 * it alone). A body over the limit becomes a 413 in the usual error shape.
 */
@Injectable()
export class CsvBodyMiddleware implements NestMiddleware {
  private readonly parse = text({ type: ['text/csv', 'application/csv'], limit: `${LIMIT_MB}mb` });

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.parse(req, res, (error?: unknown) => (error ? reject(toDomainError(error)) : resolve()));
    });
    next();
  }
}

function toDomainError(error: unknown): Error {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    return new DomainError(
      'PAYLOAD_TOO_LARGE',
      `The file is larger than ${LIMIT_MB} MB: split it into several files`,
    );
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file in UTF-8 (Content-Type: text/csv; charset=utf-8)',
    );
  }
  const status = (error as { status?: unknown }).status;
  if (status === 400) {
    return new DomainError(
      'VALIDATION_FAILED',
      'The file could not be read: send it again as text/csv',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
