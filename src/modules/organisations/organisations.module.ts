import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CsvBodyMiddleware } from './csv-body.middleware';
import { Organisation } from './organisation.entity';
import { PeopleImportService } from './people-import.service';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';
import { Person } from './person.entity';
import { Unit } from './unit.entity';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation, Unit, Person])],
  controllers: [UnitsController, PeopleController],
  providers: [UnitsService, PeopleService, PeopleImportService],
  exports: [PeopleService, UnitsService, PeopleImportService],
})
export class OrganisationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CsvBodyMiddleware)
      .forRoutes({ path: 'api/v1/people/import', method: RequestMethod.POST });
  }
}
