import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Page } from '../../common/pagination';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import { isUniqueViolation } from '../../database/unique-violation';
import { lockReportingLines, PEOPLE_EMAIL_UNIQUE } from './database-errors';
import { CreatePersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';
import { Role, ROLES } from '../../common/access/role';
import { Person } from './person.entity';
import { toPersonView } from './person.view';
import { Unit } from './unit.entity';

export type PersonShape = ReturnType<typeof toPersonView>;

/** The people of one organisation, as an admin keeps them. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Person) private readonly people: Repository<Person>,
  ) {}

  async create(organisationId: string, dto: CreatePersonDto): Promise<PersonShape> {
    const m = this.people.manager;
    if (dto.unitId) await assertUnit(m, organisationId, dto.unitId);
    if (dto.managerId) await findPerson(m, organisationId, dto.managerId, 'Manager');
    if (await this.people.existsBy({ organisationId, email: dto.email }))
      throw emailTaken(dto.email);
    try {
      const person = await this.people.save(
        this.people.create({
          organisationId,
          email: dto.email,
          name: dto.name,
          unitId: dto.unitId ?? null,
          roles: canonicalRoles(dto.roles ?? []),
          managerId: dto.managerId ?? null,
        }),
      );
      return toPersonView(person);
    } catch (error) {
      if (isUniqueViolation(error, PEOPLE_EMAIL_UNIQUE)) throw emailTaken(dto.email);
      throw error;
    }
  }

  async list(organisationId: string, query: ListPeopleQuery): Promise<Page<PersonShape>> {
    const qb = this.people
      .createQueryBuilder('p')
      .where('p.organisationId = :organisationId', { organisationId });
    if (query.unitId) qb.andWhere('p.unitId = :unitId', { unitId: query.unitId });
    if (query.search) {
      qb.andWhere(`(p.name ILIKE :pattern ESCAPE '\\' OR p.email ILIKE :pattern ESCAPE '\\')`, {
        pattern: `%${escapeLike(query.search)}%`,
      });
    }
    const [people, total] = await qb
      .orderBy('lower(p.name)', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit)
      .getManyAndCount();
    return { items: people.map(toPersonView), total };
  }

  async get(organisationId: string, id: string): Promise<PersonShape> {
    return toPersonView(await findPerson(this.people.manager, organisationId, id, 'Person'));
  }

  /** The person with this email (in lower case) in the organisation, or null. */
  async findByEmail(organisationId: string, email: string): Promise<PersonShape | null> {
    const person = await this.people.findOneBy({ organisationId, email: email.toLowerCase() });
    return person ? toPersonView(person) : null;
  }

  /** Everyone holding a role, by name (for choosing a leader or a coach). */
  async withRole(
    organisationId: string,
    role: Role,
  ): Promise<{ id: string; name: string; email: string }[]> {
    return this.people
      .createQueryBuilder('p')
      .select(['p.id', 'p.name', 'p.email'])
      .where('p.organisationId = :organisationId', { organisationId })
      .andWhere(':role = ANY(p.roles)', { role })
      .orderBy('lower(p.name)', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  async update(current: CurrentPersonInfo, id: string, dto: UpdatePersonDto): Promise<PersonShape> {
    const organisationId = current.organisationId;
    return this.dataSource.transaction(async (m) => {
      if (dto.managerId !== undefined) await lockReportingLines(m, organisationId);
      const person = await findPerson(m, organisationId, id, 'Person');
      if (dto.name !== undefined) person.name = dto.name;
      if (dto.unitId !== undefined) {
        if (dto.unitId !== null) await assertUnit(m, organisationId, dto.unitId);
        person.unitId = dto.unitId;
      }
      if (dto.roles !== undefined) {
        const roles = canonicalRoles(dto.roles);
        if (person.id === current.id && !roles.includes('admin')) {
          throw new DomainError(
            'CONFLICT',
            'You cannot take away your own admin role: ask another admin to do it',
          );
        }
        person.roles = roles;
      }
      if (dto.managerId !== undefined) {
        if (dto.managerId !== null) await assertCanReportTo(m, person, dto.managerId);
        person.managerId = dto.managerId;
      }
      return toPersonView(await m.getRepository(Person).save(person));
    });
  }
}

async function assertCanReportTo(
  m: EntityManager,
  person: Person,
  managerId: string,
): Promise<void> {
  if (managerId === person.id) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'A person cannot be their own manager: choose someone else',
    );
  }
  const manager = await findPerson(m, person.organisationId, managerId, 'Manager');
  // Walk up from the new manager: meeting the person means the change would close a loop.
  const loop = await m.query<unknown[]>(
    `WITH RECURSIVE chain(id, manager_id) AS (
       SELECT id, manager_id FROM people WHERE id = $1
       UNION
       SELECT p.id, p.manager_id FROM people p JOIN chain c ON p.id = c.manager_id
     )
     SELECT 1 FROM chain WHERE id = $2 LIMIT 1`,
    [manager.id, person.id],
  );
  if (loop.length > 0) {
    throw new DomainError(
      'MANAGER_LOOP',
      `${manager.name} already reports, directly or through others, to ${person.name}: choose a manager outside that line`,
    );
  }
}

async function findPerson(
  m: EntityManager,
  organisationId: string,
  id: string,
  what: string,
): Promise<Person> {
  const person = await m.getRepository(Person).findOneBy({ id, organisationId });
  if (!person) throw new DomainError('NOT_FOUND', `${what} ${id} not found in your organisation`);
  return person;
}

async function assertUnit(m: EntityManager, organisationId: string, unitId: string): Promise<void> {
  if (!(await m.getRepository(Unit).existsBy({ id: unitId, organisationId }))) {
    throw new DomainError(
      'NOT_FOUND',
      `Unit ${unitId} not found in your organisation: use the id of one of your units`,
    );
  }
}

/** Each role once, in a fixed order, so that equal sets compare equal. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** `%`, `_` and `\` typed in a search are meant literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function emailTaken(email: string): DomainError {
  return new DomainError(
    'EMAIL_TAKEN',
    `Someone in your organisation already has the email ${email}`,
  );
}
