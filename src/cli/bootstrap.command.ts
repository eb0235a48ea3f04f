import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionService } from '../modules/auth/session.service';
import { Organisation } from '../modules/organisations/organisation.entity';
import { Person } from '../modules/organisations/person.entity';
import type { BootstrapArgs } from './parse-args';

export interface BootstrapResult {
  organisationId: string;
  adminId: string;
  accessToken: string;
}

/**
 * Makes sure the organisation exists and the person is one of its admins, creating only what is
 * missing: running it again with the same arguments changes nothing and answers the same ids.
 * An existing person keeps their name; the admin role is added if they lack it. Concurrent runs
 * are safe (inserts ignore the unique conflicts, then read what won).
 */
export class BootstrapCommand {
  private readonly logger = new Logger(BootstrapCommand.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  async run(
    args: Pick<BootstrapArgs, 'org' | 'adminEmail' | 'adminName'>,
  ): Promise<BootstrapResult> {
    const { organisation, admin } = await this.dataSource.transaction(async (manager) => {
      let organisation = await manager.findOneBy(Organisation, { name: args.org });
      if (!organisation) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Organisation)
          .values({ name: args.org })
          .orIgnore()
          .execute();
        organisation = await manager.findOneByOrFail(Organisation, { name: args.org });
        this.logger.log({ organisationId: organisation.id }, 'Organisation created');
      }

      const where = { organisationId: organisation.id, email: args.adminEmail };
      let admin = await manager.findOneBy(Person, where);
      if (!admin) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Person)
          .values({ ...where, name: args.adminName, roles: ['admin'] })
          .orIgnore()
          .execute();
        admin = await manager.findOneByOrFail(Person, where);
        this.logger.log({ personId: admin.id }, 'Admin created');
      }
      if (!admin.roles.includes('admin')) {
        admin.roles = [...admin.roles, 'admin'];
        await manager.update(Person, { id: admin.id }, { roles: admin.roles });
        this.logger.log({ personId: admin.id }, 'Admin role added to an existing person');
      }
      return { organisation, admin };
    });
    const { accessToken } = await this.sessions.issue(admin);
    return { organisationId: organisation.id, adminId: admin.id, accessToken };
  }
}
