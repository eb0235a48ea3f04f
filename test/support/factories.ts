import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SessionService } from '../../src/modules/auth/session.service';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Person } from '../../src/modules/organisations/person.entity';
import { Unit } from '../../src/modules/organisations/unit.entity';

const unique = () => randomBytes(4).toString('hex');

/** One factory per entity, with overrides; records go straight to PostgreSQL. */
export class Factories {
  private readonly dataSource: DataSource;

  constructor(private readonly app: INestApplication) {
    this.dataSource = app.get(DataSource);
  }

  async organisation(overrides: Partial<Organisation> = {}): Promise<Organisation> {
    return this.dataSource.getRepository(Organisation).save({ name: `Trust ${unique()}`, ...overrides });
  }

  async unit(organisationId: string, overrides: Partial<Unit> = {}): Promise<Unit> {
    return this.dataSource.getRepository(Unit).save({ organisationId, name: `Unit ${unique()}`, parentId: null, ...overrides });
  }

  async person(organisationId: string, overrides: Partial<Person> = {}): Promise<Person> {
    const id = unique();
    return this.dataSource.getRepository(Person).save({
      organisationId,
      email: `person.${id}@example.nhs.uk`,
      name: `Person ${id}`,
      roles: [],
      unitId: null,
      managerId: null,
      ...overrides,
    });
  }

  async tokenFor(person: Person): Promise<string> {
    return (await this.app.get(SessionService).issue(person)).accessToken;
  }

  /** An organisation with an admin, and the admin's bearer header. */
  async adminWorld(): Promise<{ org: Organisation; admin: Person; auth: { Authorization: string } }> {
    const org = await this.organisation();
    const admin = await this.person(org.id, { roles: ['admin'], name: 'Ada Admin' });
    return { org, admin, auth: { Authorization: `Bearer ${await this.tokenFor(admin)}` } };
  }
}
