import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { Page } from '../../common/pagination';
import { Cycle } from '../cycles/cycle.entity';
import type { Relationship } from '../../common/relationship';
import { OutboxService } from '../outbox/outbox.service';
import { DeliveryQuery, DeliveryView } from './dto/delivery.dto';
import { InvitationsService, RETRYABLE } from './invitations.service';
import type { DeliveryStatus, ResponseStatus } from './nomination.entity';
import { lockCycle } from '../cycles/lock-cycle';

interface DeliveryRow {
  id: string;
  email: string;
  rater_name: string;
  relationship: Relationship;
  feedback_request_id: string;
  leader_id: string;
  delivery_status: DeliveryStatus | null;
  last_error: string | null;
  status: ResponseStatus;
  sent_at: Date | null;
  reminders_sent: number;
}

/** How many of a cycle's rater emails are in each state; `unsent` while the cycle is a draft. */
export interface DeliveryCounts {
  unsent: number;
  queued: number;
  sent: number;
  failed: number;
}

export interface FailedDelivery {
  email: string;
  name: string;
  leaderName: string;
  lastError: string | null;
}

export interface DeliverySummary {
  counts: DeliveryCounts;
  /** The failed deliveries a retry would send again, by email (the first `limit`). */
  failed: FailedDelivery[];
  /** How many a retry would send: failed, and the rater has not answered or declined. */
  retryable: number;
}

/** Per-rater delivery status for admins (to nudge or fix an address), and retries of failures. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly outbox: OutboxService,
  ) {}

  async list(
    organisationId: string,
    cycleId: string,
    query: DeliveryQuery,
  ): Promise<Page<DeliveryView>> {
    await this.findCycle(organisationId, cycleId);
    const params: unknown[] = [cycleId];
    let where = 'n.cycle_id = $1';
    if (query.status) {
      params.push(query.status);
      where += ` AND n.delivery_status = $2`;
    }
    const counted = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM nominations n WHERE ${where}`,
      params,
    );
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT n.id, n.email, n.rater_name, n.relationship, n.feedback_request_id, fr.leader_id,
              n.delivery_status, n.last_error, n.status, n.sent_at, n.reminders_sent
         FROM nominations n JOIN feedback_requests fr ON fr.id = n.feedback_request_id
        WHERE ${where}
        ORDER BY n.feedback_request_id, n.relationship, n.email
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return {
      total: counted[0]?.n ?? 0,
      items: rows.map((r) => ({
        nominationId: r.id,
        email: r.email,
        name: r.rater_name,
        relationship: r.relationship,
        feedbackRequestId: r.feedback_request_id,
        leaderId: r.leader_id,
        status: r.delivery_status,
        lastError: r.last_error,
        responseStatus: r.status,
        sentAt: r.sent_at?.toISOString() ?? null,
        remindersSent: r.reminders_sent,
      })),
    };
  }

  /** Counts per status, and the failed ones with the SMTP server's last answer. */
  async summary(organisationId: string, cycleId: string, limit = 100): Promise<DeliverySummary> {
    await this.findCycle(organisationId, cycleId);
    const [counts] = await this.dataSource.query<(DeliveryCounts & { retryable: number })[]>(
      `SELECT count(*) FILTER (WHERE delivery_status IS NULL)::int AS unsent,
              count(*) FILTER (WHERE delivery_status = 'queued')::int AS queued,
              count(*) FILTER (WHERE delivery_status = 'sent')::int AS sent,
              count(*) FILTER (WHERE delivery_status = 'failed')::int AS failed,
              count(*) FILTER (WHERE ${RETRYABLE})::int AS retryable
         FROM nominations WHERE cycle_id = $1`,
      [cycleId],
    );
    const failed = await this.dataSource.query<
      { email: string; rater_name: string; leader_name: string; last_error: string | null }[]
    >(
      `SELECT n.email, n.rater_name, p.name AS leader_name, n.last_error
         FROM nominations n
         JOIN feedback_requests fr ON fr.id = n.feedback_request_id
         JOIN people p ON p.id = fr.leader_id
        WHERE n.cycle_id = $1 AND ${RETRYABLE}
        ORDER BY n.email, n.id
        LIMIT $2`,
      [cycleId, limit],
    );
    return {
      counts: {
        unsent: counts?.unsent ?? 0,
        queued: counts?.queued ?? 0,
        sent: counts?.sent ?? 0,
        failed: counts?.failed ?? 0,
      },
      retryable: counts?.retryable ?? 0,
      failed: failed.map((f) => ({
        email: f.email,
        name: f.rater_name,
        leaderName: f.leader_name,
        lastError: f.last_error,
      })),
    };
  }

  /** Queues every failed delivery again (each with a new job id); 409 unless the cycle is open. */
  async retryFailed(organisationId: string, cycleId: string): Promise<number> {
    const queued = await this.dataSource.transaction(async (manager) => {
      const cycle = await lockCycle(manager, organisationId, cycleId, 'pessimistic_read');
      if (cycle.state !== 'open') {
        throw new DomainError(
          'CYCLE_LOCKED',
          `The cycle is ${cycle.state}: invitations go only while it is open.`,
        );
      }
      return this.invitations.requeueFailed(manager, cycle.id);
    });
    if (queued > 0) this.outbox.relaySoon();
    return queued;
  }

  private async findCycle(organisationId: string, cycleId: string): Promise<Cycle> {
    const cycle = await this.dataSource
      .getRepository(Cycle)
      .findOneBy({ id: cycleId, organisationId });
    if (!cycle) throw DomainError.notFound('Cycle');
    return cycle;
  }
}
