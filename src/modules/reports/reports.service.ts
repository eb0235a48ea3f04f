import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import type { GroupBatcher } from '../../common/group-batcher';
import { batchedLookup, batchedWrite } from '../../database/batched-query';
import { queryPrepared } from '../../database/prepared-query';
import type { CurrentPersonInfo } from '../../common/access/authenticated-request';
import type { CycleState } from '../cycles/cycle.entity';
import { Framework } from '../frameworks/framework.entity';
import { inContractOrder, type ReportDocument } from './report-document';
import type { ReportFormat } from './report-view.entity';
import type { ScaleShape } from '../frameworks/framework-shape';

export interface ReadableReport {
  document: ReportDocument;
  frameworkId: string;
  takenAt: Date;
}

interface AccessRow {
  leaderId: string;
  coachId: string | null;
  cycleState: CycleState;
  snapshotId: string | null;
  frameworkId: string | null;
  takenAt: Date | null;
}

interface ReportView {
  organisationId: string;
  personId: string;
  requestId: string;
  format: ReportFormat;
}

interface Snapshot {
  id: string;
  frameworkId: string;
  takenAt: Date;
}

type Access = 'ok' | 'forbidden' | 'not_available' | 'not_released';

/** Who may read a report, and when: admins and its coach from close, its leader from release. */
function reportAccess(
  person: CurrentPersonInfo,
  row: Pick<AccessRow, 'leaderId' | 'coachId' | 'cycleState'>,
): Access {
  const isAdmin = person.roles.includes('admin');
  const isCoach = row.coachId === person.id;
  const isLeader = row.leaderId === person.id;
  if (!isAdmin && !isCoach && !isLeader) return 'forbidden';
  switch (row.cycleState) {
    case 'draft':
    case 'open':
      return 'not_available';
    case 'closed':
      return isAdmin || isCoach ? 'ok' : 'not_released';
    case 'released':
      return 'ok';
  }
}

/** Serialised reports kept in memory, at most this many bytes in all (a report is ~20 kB). */
const JSON_CACHE_BYTES = 32_000_000;

/**
 * Who may read which report, and when: admins and the request's coach from close, the leader
 * from release, nobody else; another organisation's request does not exist. Reports are served
 * from the snapshot only, and every view is audited.
 */
@Injectable()
export class ReportsService {
  /** Snapshot id → its JSON in contract order: a snapshot never changes, so neither does this. */
  private readonly json = new Map<string, Buffer>();
  private jsonBytes = 0;
  /** Concurrent reads share one access query and one audit insert (see batchedLookup). */
  private readonly access: GroupBatcher<{ requestId: string; org: string }, AccessRow | undefined>;
  private readonly views: GroupBatcher<ReportView, null>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.access = batchedLookup(
      dataSource,
      'report-access',
      `SELECT k.i, fr.leader_id AS "leaderId", fr.coach_id AS "coachId", c.state AS "cycleState",
              s.id AS "snapshotId", s.framework_id AS "frameworkId", s.created_at AS "takenAt"
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(request_id, org, i)
         JOIN feedback_requests fr ON fr.id = k.request_id AND fr.organisation_id = k.org
         JOIN cycles c ON c.id = fr.cycle_id AND c.organisation_id = fr.organisation_id
         LEFT JOIN report_snapshots s ON s.feedback_request_id = fr.id`,
      (keys) => [keys.map((k) => k.requestId), keys.map((k) => k.org)],
    );
    // A view is answered only once its audit row is committed; concurrent views, in one commit.
    this.views = batchedWrite(
      dataSource,
      'report-views',
      `INSERT INTO report_views (organisation_id, person_id, feedback_request_id, format)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[])`,
      (views) => [
        views.map((v) => v.organisationId),
        views.map((v) => v.personId),
        views.map((v) => v.requestId),
        views.map((v) => v.format),
      ],
    );
  }

  async read(
    person: CurrentPersonInfo,
    requestId: string,
    format: ReportFormat,
  ): Promise<ReadableReport> {
    const snapshot = await this.openSnapshot(person, requestId, format);
    return {
      document: inContractOrder(await this.body(snapshot.id)),
      frameworkId: snapshot.frameworkId,
      takenAt: snapshot.takenAt,
    };
  }

  /** The report as the API's JSON, serialised: what the JSON route sends (read thousands of times). */
  async readJson(person: CurrentPersonInfo, requestId: string): Promise<Buffer> {
    const snapshot = await this.openSnapshot(person, requestId, 'json');
    const cached = this.json.get(snapshot.id);
    if (cached !== undefined) {
      this.json.delete(snapshot.id); // most recently used last
      this.json.set(snapshot.id, cached);
      return cached;
    }
    // UTF-8 bytes, so that each read sends them as they are rather than encoding 20 kB again.
    const json = Buffer.from(JSON.stringify(inContractOrder(await this.body(snapshot.id))));
    this.remember(snapshot.id, json);
    return json;
  }

  /** Whether the person may read the report now (for a link to it), by the same rule as reading. */
  async readableBy(person: CurrentPersonInfo, requestId: string): Promise<boolean> {
    const row = await this.access.call({ requestId, org: person.organisationId });
    return row !== undefined && reportAccess(person, row) === 'ok' && row.snapshotId !== null;
  }

  /** The rating scale the CSV and the page lay figures on (frameworks never change once used). */
  async scaleOf(report: ReadableReport): Promise<ScaleShape> {
    const framework = await this.dataSource
      .getRepository(Framework)
      .findOneByOrFail({ id: report.frameworkId });
    return framework.scale;
  }

  /** Checks the reader's access in one query, records the view, and says which snapshot to serve. */
  private async openSnapshot(
    person: CurrentPersonInfo,
    requestId: string,
    format: ReportFormat,
  ): Promise<Snapshot> {
    // requestId went through ParseUUIDPipe, organisationId came from the database.
    const row = await this.access.call({ requestId, org: person.organisationId });
    if (!row) throw DomainError.notFound('Feedback request');
    const access = reportAccess(person, row);
    if (access === 'forbidden')
      throw new DomainError(
        'FORBIDDEN',
        'Only the leader, their coach and admins may read this report',
      );
    if (access === 'not_available')
      throw new DomainError(
        'REPORT_NOT_AVAILABLE',
        `The cycle is ${row.cycleState}: reports exist only once the cycle is closed`,
      );
    if (access === 'not_released')
      throw new DomainError(
        'REPORT_NOT_RELEASED',
        'Your report is not released yet: you can read it once an admin releases the cycle',
      );
    if (!row.snapshotId || !row.frameworkId || !row.takenAt) {
      throw new DomainError(
        'REPORT_BEING_PREPARED',
        'The report is being prepared: try again in a minute',
      );
    }
    await this.views.call({
      organisationId: person.organisationId,
      personId: person.id,
      requestId,
      format,
    });
    return { id: row.snapshotId, frameworkId: row.frameworkId, takenAt: row.takenAt };
  }

  private async body(snapshotId: string): Promise<ReportDocument> {
    const [row] = await queryPrepared<{ body: ReportDocument }>(
      this.dataSource,
      'report-body',
      `SELECT body FROM report_snapshots WHERE id = $1`,
      [snapshotId],
    );
    if (!row) throw DomainError.notFound('Report');
    return row.body;
  }

  /** Least recently used out first, once the cache holds more than JSON_CACHE_BYTES. */
  private remember(snapshotId: string, json: Buffer): void {
    this.json.set(snapshotId, json);
    this.jsonBytes += json.length;
    for (const [id, old] of this.json) {
      if (this.jsonBytes <= JSON_CACHE_BYTES) break;
      this.json.delete(id);
      this.jsonBytes -= old.length;
    }
  }
}
