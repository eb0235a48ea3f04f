import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../common/domain-error';

/** For a page's `:id`: an id that is not a uuid is a page that does not exist (404 page). */
export const PageId = new ParseUUIDPipe({
  exceptionFactory: () => DomainError.notFound('Page'),
});
