import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Cycle } from '../cycles/cycle.entity';
import { Framework } from '../frameworks/framework.entity';
import { Response } from '../responses/response.entity';
import { buildReportDocument } from './report-document';
import { ReportSnapshot } from './report-snapshot.entity';
import type { Relationship, ResponseInput } from './report.types';

/** Requests scored per round: one query for their responses, one for their counts. */
const REQUESTS_PER_ROUND = 1000;
/** Snapshot rows per INSERT (bodies are a few kB each). */
const ROWS_PER_INSERT = 200;

export type SnapshotOutcome = { stored: number; reportsReady: boolean } | { skipped: string };

interface PendingRequest {
  id: string;
  leaderId: string;
  leaderName: string;
}

/**
 * Takes the report snapshots of a closed cycle: every request without one is scored from its
 * responses and stored, then the cycle is marked reportsReady. Safe to run again: requests
 * already snapshotted are skipped and a concurrent insert of the same one is ignored.
 */
@Injectable()
export class ReportSnapshotsService {
  private readonly logger = new Logger(ReportSnapshotsService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async snapshotCycle(cycleId: string): Promise<SnapshotOutcome> {
    const cycle = await this.dataSource.getRepository(Cycle).findOneBy({ id: cycleId });
    if (!cycle) return { skipped: 'cycle no longer exists' };
    if (cycle.state !== 'closed' && cycle.state !== 'released') {
      return { skipped: `cycle is ${cycle.state}, not closed` };
    }
    const framework = await this.dataSource
      .getRepository(Framework)
      .findOneByOrFail({ id: cycle.frameworkId });

    const pending = await this.pendingRequests(cycle.id);
    let stored = 0;
    for (let i = 0; i < pending.length; i += REQUESTS_PER_ROUND) {
      stored += await this.snapshotRound(
        cycle,
        framework,
        pending.slice(i, i + REQUESTS_PER_ROUND),
      );
    }
    const reportsReady = await this.markReadyWhenComplete(cycle.id);
    this.logger.log({ cycleId, stored, reportsReady }, 'Report snapshots taken');
    return { stored, reportsReady };
  }

  private async pendingRequests(cycleId: string): Promise<PendingRequest[]> {
    return this.dataSource.query<PendingRequest[]>(
      `SELECT fr.id, fr.leader_id AS "leaderId", p.name AS "leaderName"
         FROM feedback_requests fr
         JOIN people p ON p.id = fr.leader_id
        WHERE fr.cycle_id = $1
          AND NOT EXISTS (SELECT 1 FROM report_snapshots s WHERE s.feedback_request_id = fr.id)
        ORDER BY fr.id`,
      [cycleId],
    );
  }

  private async snapshotRound(
    cycle: Cycle,
    framework: Framework,
    requests: PendingRequest[],
  ): Promise<number> {
    const ids = requests.map((r) => r.id);
    const responses = await this.dataSource.getRepository(Response).find({
      select: { feedbackRequestId: true, relationship: true, answers: true, comments: true },
      where: { feedbackRequestId: In(ids) },
    });
    const counts = await this.nominationCounts(ids);

    const responsesByRequest = new Map<string, ResponseInput[]>();
    for (const r of responses) {
      const list = responsesByRequest.get(r.feedbackRequestId) ?? [];
      list.push({ relationship: r.relationship, answers: r.answers, comments: r.comments });
      responsesByRequest.set(r.feedbackRequestId, list);
    }

    const rows = requests.map((request): Partial<ReportSnapshot> => ({
      feedbackRequestId: request.id,
      cycleId: cycle.id,
      organisationId: cycle.organisationId,
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      threshold: cycle.anonymityThreshold,
      body: buildReportDocument({
        requestId: request.id,
        leader: { id: request.leaderId, name: request.leaderName },
        cycle,
        framework,
        responses: responsesByRequest.get(request.id) ?? [],
        counts: counts.get(request.id) ?? {},
        commentOrderKey: randomBytes(32).toString('base64url'),
      }),
    }));

    let inserted = 0;
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const result = await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(ReportSnapshot)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .orIgnore()
        .returning(['id'])
        .execute();
      inserted += (result.raw as unknown[]).length;
    }
    return inserted;
  }

  /** Invited (every nomination, whatever its status) and completed, per request and group. */
  private async nominationCounts(
    requestIds: string[],
  ): Promise<Map<string, Partial<Record<Relationship, { invited: number; completed: number }>>>> {
    const rows = await this.dataSource.query<
      { requestId: string; relationship: Relationship; invited: number; completed: number }[]
    >(
      `SELECT feedback_request_id AS "requestId", relationship,
              count(*)::int AS invited,
              (count(*) FILTER (WHERE status = 'completed'))::int AS completed
         FROM nominations
        WHERE feedback_request_id = ANY($1::uuid[])
        GROUP BY feedback_request_id, relationship`,
      [requestIds],
    );
    const counts = new Map<
      string,
      Partial<Record<Relationship, { invited: number; completed: number }>>
    >();
    for (const row of rows) {
      const forRequest = counts.get(row.requestId) ?? {};
      forRequest[row.relationship] = { invited: row.invited, completed: row.completed };
      counts.set(row.requestId, forRequest);
    }
    return counts;
  }

  private async markReadyWhenComplete(cycleId: string): Promise<boolean> {
    await this.dataSource.query(
      `UPDATE cycles c SET reports_ready = true, updated_at = now()
        WHERE c.id = $1 AND NOT c.reports_ready
          AND NOT EXISTS (
            SELECT 1 FROM feedback_requests fr
             WHERE fr.cycle_id = c.id
               AND NOT EXISTS (SELECT 1 FROM report_snapshots s WHERE s.feedback_request_id = fr.id))`,
      [cycleId],
    );
    const [row] = await this.dataSource.query<{ ready: boolean }[]>(
      `SELECT reports_ready AS ready FROM cycles WHERE id = $1`,
      [cycleId],
    );
    return row?.ready ?? false;
  }
}
