import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Page, PageQuery } from '../../common/pagination';
import { isUniqueViolation } from '../../database/unique-violation';
import { UNITS_NAME_UNIQUE } from './database-errors';
import { CreateUnitDto, UnitView } from './dto/unit.dto';
import { Unit } from './unit.entity';

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
