import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Page } from '../../common/pagination';
import { hasRole, type CurrentPersonInfo } from '../../common/access/authenticated-request';
import type { CycleState } from '../cycles/cycle.entity';
import { FeedbackRequest } from '../cycles/feedback-request.entity';
import { RELATIONSHIPS, type Relationship } from '../../common/relationship';
import {
  FeedbackRequestQuery,
  FeedbackRequestSummary,
  FeedbackRequestView,
  GroupProgress,
  ProgressByRelationship,
} from './dto/feedback-request.dto';

interface SummaryRow {
  id: string;
  cycle_id: string;
  leader_id: string;
  coach_id: string | null;
  leader_name: string;
  coach_name: string | null;
  cycle_name: string;
  cycle_state: CycleState;
  closes_at: Date;
}

/**
 * Who may see a feedback request: admins of its organisation, its leader and its coach. To
 * anyone else it does not exist (404). Leaders and coaches get counts per relationship only.
 */
@Injectable()
export class FeedbackRequestsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    me: CurrentPersonInfo,
    query: FeedbackRequestQuery,
  ): Promise<Page<FeedbackRequestSummary>> {
    const params: unknown[] = [me.organisationId];
    let where = 'fr.organisation_id = $1';
    if (query.cycleId) {
      params.push(query.cycleId);
      where += ` AND fr.cycle_id = $${params.length}`;
    }
    if (!hasRole(me, 'admin')) {
      params.push(me.id);
      where += ` AND (fr.leader_id = $${params.length} OR fr.coach_id = $${params.length})`;
    }
    const counted = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM feedback_requests fr WHERE ${where}`,
      params,
    );
    const rows = await this.dataSource.query<SummaryRow[]>(
      `${SUMMARY_SELECT} WHERE ${where}
        ORDER BY c.created_at DESC, lower(l.name), fr.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return { items: rows.map(toSummary), total: counted[0]?.n ?? 0 };
  }

  async get(me: CurrentPersonInfo, id: string): Promise<FeedbackRequestView> {
    const request = await this.findVisible(this.dataSource.manager, me, id);
    const rows = await this.dataSource.query<SummaryRow[]>(`${SUMMARY_SELECT} WHERE fr.id = $1`, [
      request.id,
    ]);
    return { ...toSummary(rows[0]!), progress: await this.progress(request.id) };
  }

  /**
   * What the request's pages show besides the JSON view: the cycle's threshold and disclosure,
   * the self-assessment's status and how many raters are nominated. Call after get() (access).
   */
  async pageFacts(requestId: string): Promise<{
    anonymityThreshold: number;
    managerDisclosed: boolean;
    selfStatus: 'pending' | 'completed' | 'declined' | null;
    raters: number;
  }> {
    const rows = await this.dataSource.query<
      {
        anonymityThreshold: number;
        managerDisclosed: boolean;
        selfStatus: 'pending' | 'completed' | 'declined' | null;
        raters: number;
      }[]
    >(
      `SELECT c.anonymity_threshold AS "anonymityThreshold", c.manager_disclosed AS "managerDisclosed",
              (SELECT n.status FROM nominations n
                WHERE n.feedback_request_id = fr.id AND n.relationship = 'self' LIMIT 1) AS "selfStatus",
              (SELECT count(*)::int FROM nominations n
                WHERE n.feedback_request_id = fr.id AND n.relationship <> 'self') AS raters
         FROM feedback_requests fr JOIN cycles c ON c.id = fr.cycle_id
        WHERE fr.id = $1`,
      [requestId],
    );
    if (!rows[0]) throw DomainError.notFound('Feedback request');
    return rows[0];
  }

  /**
   * Home's lists: the person's own requests (as leader) in every cycle and those they coach, with
   * the cycle and the counts of other raters (never who). At most 200 of the latest.
   */
  async homeRows(me: CurrentPersonInfo): Promise<
    {
      id: string;
      leaderId: string;
      coachId: string | null;
      leaderName: string;
      cycleName: string;
      state: CycleState;
      closesAt: Date;
      invited: number;
      completed: number;
    }[]
  > {
    return this.dataSource.query(
      `SELECT fr.id, fr.leader_id AS "leaderId", fr.coach_id AS "coachId", l.name AS "leaderName",
              c.name AS "cycleName", c.state, c.closes_at AS "closesAt",
              count(n.id)::int AS invited,
              count(n.id) FILTER (WHERE n.status = 'completed')::int AS completed
         FROM feedback_requests fr
         JOIN cycles c ON c.id = fr.cycle_id
         JOIN people l ON l.id = fr.leader_id
         LEFT JOIN nominations n ON n.feedback_request_id = fr.id AND n.relationship <> 'self'
        WHERE fr.organisation_id = $1 AND (fr.leader_id = $2 OR fr.coach_id = $2)
        GROUP BY fr.id, l.name, c.id
        ORDER BY c.closes_at DESC, c.id, lower(l.name), fr.id
        LIMIT 200`,
      [me.organisationId, me.id],
    );
  }

  /** The request if the caller may see it (admin, its leader, its coach); otherwise 404. */
  async findVisible(
    manager: EntityManager,
    me: CurrentPersonInfo,
    id: string,
  ): Promise<FeedbackRequest> {
    const request = await manager
      .getRepository(FeedbackRequest)
      .findOneBy({ id, organisationId: me.organisationId });
    const visible =
      request && (hasRole(me, 'admin') || request.leaderId === me.id || request.coachId === me.id);
    if (!visible) throw DomainError.notFound('Feedback request');
    return request;
  }

  private async progress(requestId: string): Promise<ProgressByRelationship> {
    const rows = await this.dataSource.query<({ relationship: Relationship } & GroupProgress)[]>(
      `SELECT relationship,
              count(*)::int AS invited,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'declined')::int AS declined
         FROM nominations WHERE feedback_request_id = $1
        GROUP BY relationship`,
      [requestId],
    );
    const progress = Object.fromEntries(
      RELATIONSHIPS.map((r) => [r, { invited: 0, completed: 0, declined: 0 }]),
    ) as unknown as ProgressByRelationship;
    for (const row of rows) {
      progress[row.relationship] = {
        invited: row.invited,
        completed: row.completed,
        declined: row.declined,
      };
    }
    return progress;
  }
}

const SUMMARY_SELECT = `
  SELECT fr.id, fr.cycle_id, fr.leader_id, fr.coach_id, l.name AS leader_name, co.name AS coach_name,
         c.name AS cycle_name, c.state AS cycle_state, c.closes_at
    FROM feedback_requests fr
    JOIN people l ON l.id = fr.leader_id
    LEFT JOIN people co ON co.id = fr.coach_id
    JOIN cycles c ON c.id = fr.cycle_id`;

function toSummary(r: SummaryRow): FeedbackRequestSummary {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    leaderId: r.leader_id,
    coachId: r.coach_id,
    leader: { id: r.leader_id, name: r.leader_name },
    coach: r.coach_id && r.coach_name ? { id: r.coach_id, name: r.coach_name } : null,
    cycle: {
      id: r.cycle_id,
      name: r.cycle_name,
      state: r.cycle_state,
      closesAt: r.closes_at.toISOString(),
    },
  };
}
