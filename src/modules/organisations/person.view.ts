import { ApiProperty } from '@nestjs/swagger';
import type { Person } from './person.entity';

export class PersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) managerId!: string | null;
  @ApiProperty({ isArray: true, enum: ['admin', 'coach', 'leader'] }) roles!: string[];
}

/** The public shape of a person (the API), whatever the route. */
export function toPersonView(p: Person) {
  return {
    id: p.id,
    organisationId: p.organisationId,
    email: p.email,
    name: p.name,
    unitId: p.unitId,
    managerId: p.managerId,
    roles: p.roles,
  };
}
