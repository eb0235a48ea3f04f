import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';

export interface CoachGrantView {
  unitId: string;
  personId: string;
}

export interface GrantedCoach {
  personId: string;
  name: string;
  email: string;
}

/**
 * Which coaches may read which units' collective profiles (a grant covers the unit's subtree).
 * Admin pages call it as the JSON routes do; every method is scoped by the organisation.
 */
@Injectable()
export class CoachGrantsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async grant(organisationId: string, unitId: string, personId: string): Promise<CoachGrantView> {
    await this.assertUnit(organisationId, unitId);
    const [person] = await this.dataSource.query<{ roles: string[] }[]>(
      `SELECT roles FROM people WHERE id = $1 AND organisation_id = $2`,
      [personId, organisationId],
    );
    if (!person) {
      throw new DomainError(
        'NOT_FOUND',
        `Person ${personId} not found in your organisation: use the id of one of your coaches`,
      );
    }
    if (!person.roles.includes('coach')) {
      throw new DomainError(
        'COACH_ROLE_MISSING',
        'Only a person with the coach role can be granted a collective profile: give them the coach role first',
      );
    }
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO coach_grants (unit_id, person_id, organisation_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [unitId, personId, organisationId],
    );
    if (inserted.length === 0) {
      throw new DomainError('COACH_GRANT_EXISTS', 'This coach already has access to this unit');
    }
    return { unitId, personId };
  }

  /** The coaches granted one unit, by name. */
  async list(organisationId: string, unitId: string): Promise<{ items: GrantedCoach[] }> {
    await this.assertUnit(organisationId, unitId);
    return {
      items: await this.coachesOf(organisationId, [unitId]).then((m) => m.get(unitId) ?? []),
    };
  }

  /** The coaches granted each of these units (every unit of the organisation when omitted). */
  async coachesOf(
    organisationId: string,
    unitIds?: string[],
  ): Promise<Map<string, GrantedCoach[]>> {
    const rows = await this.dataSource.query<(GrantedCoach & { unitId: string })[]>(
      `SELECT g.unit_id AS "unitId", p.id AS "personId", p.name, p.email
         FROM coach_grants g JOIN people p ON p.id = g.person_id
        WHERE g.organisation_id = $1 AND ($2::uuid[] IS NULL OR g.unit_id = ANY($2::uuid[]))
        ORDER BY lower(p.name), p.email`,
      [organisationId, unitIds ?? null],
    );
    const byUnit = new Map<string, GrantedCoach[]>();
    for (const { unitId, ...coach } of rows)
      byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), coach]);
    return byUnit;
  }

  async revoke(organisationId: string, unitId: string, personId: string): Promise<void> {
    await this.assertUnit(organisationId, unitId);
    const deleted = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM coach_grants WHERE unit_id = $1 AND person_id = $2 AND organisation_id = $3`,
      [unitId, personId, organisationId],
    );
    if (deleted[1] === 0) {
      throw new DomainError('NOT_FOUND', 'This coach has no access to this unit to remove');
    }
  }

  /** The units granted to a coach (each with its subtree). */
  async unitsGrantedTo(organisationId: string, personId: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ unitId: string }[]>(
      `SELECT unit_id AS "unitId" FROM coach_grants WHERE person_id = $1 AND organisation_id = $2`,
      [personId, organisationId],
    );
    return new Set(rows.map((r) => r.unitId));
  }

  private async assertUnit(organisationId: string, unitId: string): Promise<void> {
    const [unit] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM units WHERE id = $1 AND organisation_id = $2`,
      [unitId, organisationId],
    );
    if (!unit) throw new DomainError('NOT_FOUND', `Unit ${unitId} not found in your organisation`);
  }
}
