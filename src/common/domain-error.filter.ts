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
    res.status(statusCode).json({
      statusCode,
      message: error.message,
      error: STATUS_CODES[statusCode] ?? 'Error',
      code: error.code,
    });
  }
}
