import type { Person } from './person.entity';

/** The public shape of a person (API.md), whatever the route. */
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
