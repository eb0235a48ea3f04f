import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainErrorFilter } from '../../common/domain-error.filter';
import { RateLimitedError } from './rater-rate-limiter';

/** The JSON rater routes' 429 carries Retry-After; the body is the usual error shape. */
@Catch(RateLimitedError)
export class RateLimitedFilter implements ExceptionFilter<RateLimitedError> {
  private readonly domainErrors = new DomainErrorFilter();

  catch(error: RateLimitedError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('Retry-After', String(error.retryAfterSeconds));
    this.domainErrors.catch(error, host);
  }
}
