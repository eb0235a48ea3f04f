import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import type { Relationship } from '../../common/relationship';
import { RELATIONSHIPS } from '../../common/relationship';

/** Answers so far out of everyone asked ("N of M"), and how many declined. */
export interface Tally {
  answered: number;
  invited: number;
  declined: number;
}

export interface UnitProgress extends Tally {
  /** The leaders' unit; null for leaders without one. */
  unitId: string | null;
  unitName: string | null;
  leaders: number;
}

export interface RelationshipProgress extends Tally {
  relationship: Relationship;
}

export interface LeaderProgress extends Tally {
  requestId: string;
  leaderId: string;
  leaderName: string;
  leaderEmail: string;
  unitName: string | null;
  coachId: string | null;
  coachName: string | null;
}

export interface LeaderPage {
  items: LeaderProgress[];
  total: number;
}

const TALLY = `count(n.id)::int AS invited,
               count(n.id) FILTER (WHERE n.status = 'completed')::int AS answered,
               count(n.id) FILTER (WHERE n.status = 'declined')::int AS declined`;

/**
 * What an admin watches while a cycle runs: answers per unit (the leaders' units), per
 * relationship and per leader. Counts only: which rater answered is the delivery list's
 * business (addresses and whether they answered, never what).
 */
@Injectable()
export class CycleDashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async byUnit(organisationId: string, cycleId: string): Promise<UnitProgress[]> {
    await this.assertCycle(organisationId, cycleId);
    const rows = await this.dataSource.query<
      (Tally & { unit_id: string | null; unit_name: string | null; leaders: number })[]
    >(
      `SELECT u.id AS unit_id, u.name AS unit_name, count(DISTINCT fr.id)::int AS leaders, ${TALLY}
         FROM feedback_requests fr
         JOIN people p ON p.id = fr.leader_id
         LEFT JOIN units u ON u.id = p.unit_id
         LEFT JOIN nominations n ON n.feedback_request_id = fr.id
        WHERE fr.cycle_id = $1
        GROUP BY u.id, u.name
        ORDER BY u.name IS NULL, lower(u.name), u.id`,
      [cycleId],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      leaders: r.leaders,
      answered: r.answered,
      invited: r.invited,
      declined: r.declined,
    }));
  }

  /** Every relationship that has someone in it, in the report's order (self first). */
  async byRelationship(organisationId: string, cycleId: string): Promise<RelationshipProgress[]> {
    await this.assertCycle(organisationId, cycleId);
    const rows = await this.dataSource.query<(Tally & { relationship: Relationship })[]>(
      `SELECT n.relationship, ${TALLY} FROM nominations n WHERE n.cycle_id = $1 GROUP BY n.relationship`,
      [cycleId],
    );
    return rows
      .sort((a, b) => RELATIONSHIPS.indexOf(a.relationship) - RELATIONSHIPS.indexOf(b.relationship))
      .map((r) => ({
        relationship: r.relationship,
        answered: r.answered,
        invited: r.invited,
        declined: r.declined,
      }));
  }

  /** The enrolled leaders by name, with their coach and answers so far. */
  async leaders(
    organisationId: string,
    cycleId: string,
    page: { offset: number; limit: number },
  ): Promise<LeaderPage> {
    await this.assertCycle(organisationId, cycleId);
    const [total] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM feedback_requests WHERE cycle_id = $1`,
      [cycleId],
    );
    const rows = await this.dataSource.query<
      (Tally & {
        request_id: string;
        leader_id: string;
        leader_name: string;
        leader_email: string;
        unit_name: string | null;
        coach_id: string | null;
        coach_name: string | null;
      })[]
    >(
      `SELECT fr.id AS request_id, p.id AS leader_id, p.name AS leader_name, p.email AS leader_email,
              u.name AS unit_name, coach.id AS coach_id, coach.name AS coach_name, ${TALLY}
         FROM feedback_requests fr
         JOIN people p ON p.id = fr.leader_id
         LEFT JOIN units u ON u.id = p.unit_id
         LEFT JOIN people coach ON coach.id = fr.coach_id
         LEFT JOIN nominations n ON n.feedback_request_id = fr.id
        WHERE fr.cycle_id = $1
        GROUP BY fr.id, p.id, u.id, coach.id
        ORDER BY lower(p.name), p.id
        LIMIT $2 OFFSET $3`,
      [cycleId, page.limit, page.offset],
    );
    return {
      total: total?.n ?? 0,
      items: rows.map((r) => ({
        requestId: r.request_id,
        leaderId: r.leader_id,
        leaderName: r.leader_name,
        leaderEmail: r.leader_email,
        unitName: r.unit_name,
        coachId: r.coach_id,
        coachName: r.coach_name,
        answered: r.answered,
        invited: r.invited,
        declined: r.declined,
      })),
    };
  }

  private async assertCycle(organisationId: string, cycleId: string): Promise<void> {
    const found = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM cycles WHERE id = $1 AND organisation_id = $2`,
      [cycleId, organisationId],
    );
    if (found.length === 0) throw DomainError.notFound('Cycle');
  }
}
