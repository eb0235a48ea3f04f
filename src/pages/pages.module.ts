import { Global, Module } from '@nestjs/common';
import { PageErrorFilter } from './page-error.filter';
import { PageRenderer } from './page-renderer';

/** The page layer, for every feature module: the renderer and the staff pages' error filter. */
@Global()
@Module({
  providers: [PageRenderer, PageErrorFilter],
  exports: [PageRenderer, PageErrorFilter],
})
export class PagesModule {}
