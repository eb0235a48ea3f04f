import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { areReportsReady, markReportsReady } from '../cycles/cycle-records';
import { Cycle } from '../cycles/cycle.entity';
import { Framework } from '../frameworks/framework.entity';
import { AnswerKeys } from '../responses/answer-keys';
import { CloseSteps } from './close-steps';
import { buildReportDocument } from './report-document';
import type { ReportSnapshot } from './report-snapshot.entity';
import type { Relationship } from '../../common/relationship';
import type { ResponseInput } from './report.types';

/**
 * Requests scored per round: one query for their responses, one for their counts, one INSERT of
 * their snapshots (bodies are ~18 kB each). Small enough that reading, scoring and writing
 * overlap well (100 did better than 250 or 500 at 1,000 leaders); large enough that round trips
 * do not matter.
 */
const REQUESTS_PER_ROUND = 100;

export type SnapshotOutcome = { stored: number; reportsReady: boolean } | { skipped: string };

interface PendingRequest {
  id: string;
  leaderId: string;
  leaderName: string;
  /** The leader's unit now, at close: recorded in the snapshot for the collective profile. */
  leaderUnitId: string | null;
}

interface RoundInputs {
  responsesByRequest: Map<string, ResponseInput[]>;
  counts: Map<string, Partial<Record<Relationship, { invited: number; completed: number }>>>;
}

type SnapshotRow = Pick<
  ReportSnapshot,
  | 'feedbackRequestId'
  | 'cycleId'
  | 'organisationId'
  | 'frameworkId'
  | 'frameworkVersion'
  | 'threshold'
  | 'body'
  | 'leaderUnitId'
>;

/** Work started now and awaited later: should it fail meanwhile, that is not unhandled. */
function inBackground<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}

/**
 * Takes the report snapshots of a closed cycle: every request without one is scored from its
 * responses and stored, then the cycle is marked reportsReady. Safe to run again: requests
 * already snapshotted are skipped and a concurrent insert of the same one is ignored.
 */
@Injectable()
export class ReportSnapshotsService {
  private readonly logger = new Logger(ReportSnapshotsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly closeSteps: CloseSteps,
    private readonly answerKeys: AnswerKeys,
  ) {}

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
    const rounds: PendingRequest[][] = [];
    for (let i = 0; i < pending.length; i += REQUESTS_PER_ROUND)
      rounds.push(pending.slice(i, i + REQUESTS_PER_ROUND));

    // A pipeline: while one round is scored here, the next one's inputs are read and the last
    // one's snapshots are written by PostgreSQL, so the database and the scoring overlap.
    let stored = 0;
    let writing: Promise<number> = Promise.resolve(0);
    let reading = rounds[0] && inBackground(this.roundInputs(cycle.id, rounds[0]));
    for (let i = 0; reading; i++) {
      const inputs = await reading;
      const next = rounds[i + 1];
      reading = next && inBackground(this.roundInputs(cycle.id, next));
      const rows = this.score(cycle, framework, rounds[i]!, inputs);
      stored += await writing;
      writing = inBackground(this.insertSnapshots(rows));
    }
    stored += await writing;
    const reportsReady = await this.markReadyWhenComplete(cycle.id);
    this.logger.log({ cycleId, stored, reportsReady }, 'Report snapshots taken');
    return { stored, reportsReady };
  }

  private async pendingRequests(cycleId: string): Promise<PendingRequest[]> {
    return this.dataSource.query<PendingRequest[]>(
      `SELECT fr.id, fr.leader_id AS "leaderId", p.name AS "leaderName", p.unit_id AS "leaderUnitId"
         FROM feedback_requests fr
         JOIN people p ON p.id = fr.leader_id
        WHERE fr.cycle_id = $1
          AND NOT EXISTS (SELECT 1 FROM report_snapshots s WHERE s.feedback_request_id = fr.id)
        ORDER BY fr.id`,
      [cycleId],
    );
  }

  /** A round's responses (their answers and comments opened) and nomination counts, one query each. */
  private async roundInputs(cycleId: string, requests: PendingRequest[]): Promise<RoundInputs> {
    const ids = requests.map((r) => r.id);
    const [responses, counts] = await Promise.all([
      this.dataSource.query<
        { requestId: string; relationship: Relationship; answers: string; comments: string }[]
      >(
        `SELECT feedback_request_id AS "requestId", relationship, answers, comments
           FROM responses WHERE feedback_request_id = ANY($1::uuid[])`,
        [ids],
      ),
      this.nominationCounts(ids),
    ]);
    const responsesByRequest = new Map<string, ResponseInput[]>();
    for (const r of responses) {
      const list = responsesByRequest.get(r.requestId) ?? [];
      list.push({
        relationship: r.relationship,
        answers: await this.answerKeys.openValue<ResponseInput['answers']>(cycleId, r.answers),
        comments: await this.answerKeys.openValue<ResponseInput['comments']>(cycleId, r.comments),
      });
      responsesByRequest.set(r.requestId, list);
    }
    return { responsesByRequest, counts };
  }

  private score(
    cycle: Cycle,
    framework: Framework,
    requests: PendingRequest[],
    inputs: RoundInputs,
  ): SnapshotRow[] {
    return requests.map((request) => ({
      feedbackRequestId: request.id,
      body: buildReportDocument({
        requestId: request.id,
        leader: { id: request.leaderId, name: request.leaderName },
        cycle,
        framework,
        responses: inputs.responsesByRequest.get(request.id) ?? [],
        counts: inputs.counts.get(request.id) ?? {},
        commentOrderKey: randomBytes(32).toString('base64url'),
      }),
      cycleId: cycle.id,
      organisationId: cycle.organisationId,
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      threshold: cycle.anonymityThreshold,
      leaderUnitId: request.leaderUnitId,
    }));
  }

  /**
   * One statement for a round (a multi-row VALUES: each body its own parameter, as an array
   * parameter would escape every body into one huge literal); a snapshot already there (a
   * concurrent run) is left alone.
   */
  private async insertSnapshots(rows: SnapshotRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const values: unknown[] = [];
    const tuples = rows.map((r) => {
      const at = values.length;
      values.push(
        r.feedbackRequestId,
        r.cycleId,
        r.organisationId,
        r.frameworkId,
        r.frameworkVersion,
        r.threshold,
        JSON.stringify(r.body),
        r.leaderUnitId,
      );
      return `($${at + 1}::uuid, $${at + 2}::uuid, $${at + 3}::uuid, $${at + 4}::uuid, $${at + 5}::int, $${at + 6}::int, $${at + 7}::jsonb, $${at + 8}::uuid)`;
    });
    const [row] = await this.dataSource.query<{ inserted: number }[]>(
      `WITH inserted AS (
         INSERT INTO report_snapshots
           (feedback_request_id, cycle_id, organisation_id, framework_id, framework_version, threshold, body,
            leader_unit_id)
         VALUES ${tuples.join(', ')}
         ON CONFLICT DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS inserted FROM inserted`,
      values,
    );
    return row?.inserted ?? 0;
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

  /**
   * Once every request has its snapshot: the close steps readers wait on (the collective profile,
   * computed from the snapshots), then reportsReady, then the steps nobody waits on (the unlinking
   * of responses). A failing step fails the job, which is retried; one before reportsReady leaves it
   * false.
   */
  private async markReadyWhenComplete(cycleId: string): Promise<boolean> {
    // A closed cycle takes no more leaders, so a request counted complete here stays complete.
    const [missing] = await this.dataSource.query<{ exists: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM feedback_requests fr
          WHERE fr.cycle_id = $1
            AND NOT EXISTS (SELECT 1 FROM report_snapshots s WHERE s.feedback_request_id = fr.id)
       ) AS exists`,
      [cycleId],
    );
    if (missing?.exists) return false;
    await this.closeSteps.runAll(cycleId, 'before-ready');
    await markReportsReady(this.dataSource.manager, cycleId);
    const ready = await areReportsReady(this.dataSource.manager, cycleId);
    if (ready) await this.closeSteps.runAll(cycleId, 'after-ready');
    return ready;
  }
}
