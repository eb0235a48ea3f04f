import { applyDecorators, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageErrorFilter } from './page-error.filter';

/**
 * A controller of HTML pages for signed-in staff: left out of the API document, and its errors
 * become pages (signed out → sign-in with `next`, 403 and 404 pages). The AuthGuard runs as for
 * every route, so a POST needs the CSRF token of the form (`_csrf`).
 */
export const StaffPages = (): ClassDecorator =>
  applyDecorators(ApiExcludeController(), UseFilters(PageErrorFilter));
