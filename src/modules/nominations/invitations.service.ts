import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service';
import { invitationJob } from './nomination-jobs';

const NOT_QUEUED = 'delivery_status IS NULL';
/** The failed deliveries that a retry queues again (columns of nominations, unqualified). */
export const RETRYABLE = `delivery_status = 'failed' AND status = 'pending'`;

/**
 * Queues invitations inside the caller's transaction: the nominations turn `queued` and their
 * mail jobs land in the outbox together, so a crash can lose neither (the sweeper relays).
 * Set-based SQL and multi-row inserts: a cycle of 1,000 leaders with 12 raters each is a few
 * statements, not 13,000 saves.
 */
@Injectable()
export class InvitationsService {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * For an open cycle: creates each leader's `self` nomination (from the person's name and email)
   * and queues the invitation of every nomination not queued yet. Returns how many were queued.
   * Call `outbox.relaySoon()` after the commit.
   */
  async queueCycle(manager: EntityManager, cycleId: string): Promise<number> {
    await manager.query(
      `INSERT INTO nominations (organisation_id, cycle_id, feedback_request_id, relationship, rater_name, email)
       SELECT fr.organisation_id, fr.cycle_id, fr.id, 'self', p.name, p.email
         FROM feedback_requests fr
         JOIN people p ON p.id = fr.leader_id
        WHERE fr.cycle_id = $1
       ON CONFLICT (feedback_request_id, email) DO NOTHING`,
      [cycleId],
    );
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE nominations SET delivery_status = 'queued', queued_at = now()
        WHERE cycle_id = $1 AND ${NOT_QUEUED}
        RETURNING id`,
      [cycleId],
    );
    await this.outbox.add(
      manager,
      rows.map((r) => invitationJob(r.id)),
    );
    return rows.length;
  }

  /**
   * How many emails queueCycle would send now: a self-assessment for each leader who has none
   * yet, and every nomination not queued before (the same predicates as queueCycle).
   */
  async countToQueue(manager: EntityManager, cycleId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM feedback_requests fr JOIN people p ON p.id = fr.leader_id
                WHERE fr.cycle_id = $1
                  AND NOT EXISTS (SELECT 1 FROM nominations n
                                   WHERE n.feedback_request_id = fr.id AND n.email = p.email))
            + (SELECT count(*) FROM nominations WHERE cycle_id = $1 AND ${NOT_QUEUED}) AS n`,
      [cycleId],
    );
    return Number(row?.n ?? 0);
  }

  /** Queues every failed delivery of the cycle again, each under a new job id. */
  async requeueFailed(manager: EntityManager, cycleId: string): Promise<number> {
    const [rows] = await manager.query<[{ id: string; delivery_retries: number }[], number]>(
      `UPDATE nominations
          SET delivery_status = 'queued', queued_at = now(), delivery_retries = delivery_retries + 1
        WHERE cycle_id = $1 AND ${RETRYABLE}
        RETURNING id, delivery_retries`,
      [cycleId],
    );
    await this.outbox.add(
      manager,
      rows.map((r) => invitationJob(r.id, r.delivery_retries)),
    );
    return rows.length;
  }
}
