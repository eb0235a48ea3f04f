import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Page, PageQuery } from '../../common/pagination';
import { isUniqueViolation } from '../../database/unique-violation';
import { UNITS_NAME_UNIQUE } from './database-errors';
import { CreateUnitDto, UnitView } from './dto/unit.dto';
import { Unit } from './unit.entity';

export interface UnitNode {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  /** People whose unit it is (not counting the units under it). */
  people: number;
}

/** The unit tree of one organisation (directorates, teams). */
@Injectable()
export class UnitsService {
  constructor(@InjectRepository(Unit) private readonly units: Repository<Unit>) {}

  async create(organisationId: string, dto: CreateUnitDto): Promise<UnitView> {
    const parentId = dto.parentId ?? null;
    if (parentId && !(await this.units.existsBy({ id: parentId, organisationId }))) {
      throw new DomainError(
        'NOT_FOUND',
        `Parent unit ${parentId} not found in your organisation: use the id of one of your units`,
      );
    }
    const sameName = await this.units
      .createQueryBuilder('u')
      .where('u.organisationId = :organisationId', { organisationId })
      .andWhere('lower(u.name) = lower(:name)', { name: dto.name })
      .getExists();
    if (sameName) throw nameTaken(dto.name);
    try {
      return toUnitView(
        await this.units.save(this.units.create({ organisationId, name: dto.name, parentId })),
      );
    } catch (error) {
      if (isUniqueViolation(error, UNITS_NAME_UNIQUE)) throw nameTaken(dto.name);
      throw error;
    }
  }

  /** Every unit depth-first, each followed by the units under it, siblings by name. */
  async tree(organisationId: string): Promise<UnitNode[]> {
    const rows = await this.units.query<
      { id: string; name: string; parent_id: string | null; people: number }[]
    >(
      `SELECT u.id, u.name, u.parent_id, count(p.id)::int AS people
         FROM units u LEFT JOIN people p ON p.unit_id = u.id
        WHERE u.organisation_id = $1
        GROUP BY u.id`,
      [organisationId],
    );
    const children = new Map<string | null, typeof rows>();
    const ids = new Set(rows.map((r) => r.id));
    for (const row of rows) {
      const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
      children.set(parent, [...(children.get(parent) ?? []), row]);
    }
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name.localeCompare(b.name, 'en-GB', { sensitivity: 'base' });
    const out: UnitNode[] = [];
    const seen = new Set<string>();
    const visit = (parent: string | null, depth: number) => {
      for (const row of (children.get(parent) ?? []).sort(byName)) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        out.push({
          id: row.id,
          name: row.name,
          parentId: row.parent_id,
          depth,
          people: row.people,
        });
        visit(row.id, depth + 1);
      }
    };
    visit(null, 0);
    return out;
  }

  async list(organisationId: string, page: PageQuery): Promise<Page<UnitView>> {
    const [units, total] = await this.units
      .createQueryBuilder('u')
      .where('u.organisationId = :organisationId', { organisationId })
      .orderBy('lower(u.name)', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
    return { items: units.map(toUnitView), total };
  }
}

function nameTaken(name: string): DomainError {
  return new DomainError(
    'UNIT_NAME_TAKEN',
    `Your organisation already has a unit named "${name}": choose another name`,
  );
}

function toUnitView(unit: Unit): UnitView {
  return { id: unit.id, name: unit.name, parentId: unit.parentId };
}
