import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { CollectiveModule } from '../collective/collective.module';
import { CyclesModule } from '../cycles/cycles.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { NominationsModule } from '../nominations/nominations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { CsvUploadMiddleware } from './csv-upload.middleware';
import { CycleActionsController } from './cycle-actions.controller';
import { CycleDashboardPagesController } from './cycle-dashboard-pages.controller';
import { CyclesPagesController } from './cycles-pages.controller';
import { FrameworkPagesController } from './framework-pages.controller';
import { PeopleImportPagesController } from './people-import-pages.controller';
import { PeoplePagesController } from './people-pages.controller';
import { UnitsPagesController } from './units-pages.controller';

/**
 * The admin's pages (people, units, cycles, frameworks): a layer above every feature module
 * (collective included), so that one page can use the services of several (a cycle's dashboard
 * reads cycles, nominations and people; the units page grants coaches the collective profile)
 * through the same services as the JSON routes.
 */
@Module({
  imports: [
    OrganisationsModule,
    FrameworksModule,
    CyclesModule,
    NominationsModule,
    CollectiveModule,
  ],
  // The import before the people pages, whose `admin/people/:id` would otherwise take `import`.
  controllers: [
    PeopleImportPagesController,
    PeoplePagesController,
    UnitsPagesController,
    CyclesPagesController,
    CycleDashboardPagesController,
    CycleActionsController,
    FrameworkPagesController,
  ],
})
export class AdminPagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CsvUploadMiddleware)
      .forRoutes({ path: 'admin/people/import', method: RequestMethod.POST });
  }
}
