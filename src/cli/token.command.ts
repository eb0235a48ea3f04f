import { DataSource } from 'typeorm';
import { SessionService } from '../modules/auth/session.service';
import { Organisation } from '../modules/organisations/organisation.entity';
import { Person } from '../modules/organisations/person.entity';
import { CliError } from './cli-error';
import type { TokenArgs } from './parse-args';

/** An access token for an existing person (operator use): the same session a sign-in link gives. */
export class TokenCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
  ) {}

  async run(args: Pick<TokenArgs, 'email' | 'org'>): Promise<{ accessToken: string }> {
    const person = await this.findPerson(args.email, args.org);
    const { accessToken } = await this.sessions.issue(person);
    return { accessToken };
  }

  private async findPerson(email: string, orgName: string | null): Promise<Person> {
    if (orgName !== null) {
      const organisation = await this.dataSource
        .getRepository(Organisation)
        .findOneBy({ name: orgName });
      if (!organisation) throw new CliError(`No organisation is named "${orgName}".`);
      const person = await this.dataSource
        .getRepository(Person)
        .findOneBy({ organisationId: organisation.id, email });
      if (!person) throw new CliError(`No person with the email ${email} in "${orgName}".`);
      return person;
    }

    const people = await this.dataSource.getRepository(Person).find({ where: { email }, take: 20 });
    const [only, ...others] = people;
    if (!only) {
      throw new CliError(
        `No person with the email ${email}. Create them first (npm run cli -- bootstrap, or POST /api/v1/people).`,
      );
    }
    if (others.length > 0) {
      const organisations = await this.dataSource
        .getRepository(Organisation)
        .createQueryBuilder('o')
        .where('o.id IN (:...ids)', { ids: people.map((p) => p.organisationId) })
        .orderBy('o.name')
        .getMany();
      const names = organisations.map((o) => `"${o.name}"`).join(', ');
      throw new CliError(
        `${email} belongs to people in several organisations (${names}): add --org NAME.`,
      );
    }
    return only;
  }
}
