import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from './organisation.entity';
import { Person } from './person.entity';
import { Unit } from './unit.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation, Unit, Person])],
  controllers: [],
  providers: [],
  exports: [],
})
export class OrganisationsModule {}
