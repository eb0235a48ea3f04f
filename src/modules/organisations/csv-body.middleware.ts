import { Injectable, NestMiddleware } from '@nestjs/common';
import { raw, text } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';

export const CSV_LIMIT_MB = 10;
const CSV_TYPES = ['text/csv', 'application/csv'];

/**
 * Reads a `text/csv` body for the import route only (the app's JSON parser leaves it alone):
 * as bytes, which the importer decodes (UTF-8 with or without a byte-order mark, or UTF-16 with
 * one; anything else is an import error naming the line), or as a string when the request
 * declares another charset, which Express decodes. A body over the limit becomes a 413 in the
 * usual error shape.
 */
@Injectable()
export class CsvBodyMiddleware implements NestMiddleware {
  private readonly bytes = raw({ type: CSV_TYPES, limit: `${CSV_LIMIT_MB}mb` });
  private readonly text = text({ type: CSV_TYPES, limit: `${CSV_LIMIT_MB}mb` });

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    const parse = !charset || /^utf-?8$/i.test(charset) ? this.bytes : this.text;
    await new Promise<void>((resolve, reject) => {
      parse(req, res, (error?: unknown) => (error ? reject(toDomainError(error)) : resolve()));
    });
    next();
  }
}

function toDomainError(error: unknown): Error {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    return new DomainError(
      'PAYLOAD_TOO_LARGE',
      `The file is larger than ${CSV_LIMIT_MB} MB: split it into several files`,
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
