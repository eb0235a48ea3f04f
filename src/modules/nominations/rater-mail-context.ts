import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { newSecureToken } from '../../common/secure-token';
import { queryPrepared } from '../../database/prepared-query';
import type { CycleState } from '../cycles/cycle.entity';
import type { Relationship } from '../../common/relationship';
import type { DeliveryStatus, ResponseStatus } from './nomination.entity';

/** What an invitation or reminder needs to know about one rater, in one query. */
export interface RaterMailFacts {
  nominationId: string;
  email: string;
  raterName: string;
  relationship: Relationship;
  status: ResponseStatus;
  deliveryStatus: DeliveryStatus | null;
  sentAt: Date | null;
  lastReminderRound: number;
  cycleState: CycleState;
  cycleName: string;
  closesAt: Date;
  anonymityThreshold: number;
  managerDisclosed: boolean;
  leaderName: string;
  organisationName: string;
}

/** A link issued for an invitation or a reminder, with the facts its email needs. */
export interface InvitationLink {
  facts: RaterMailFacts;
  url: string;
}

interface FactsRow {
  id: string;
  email: string;
  rater_name: string;
  relationship: Relationship;
  status: ResponseStatus;
  delivery_status: DeliveryStatus | null;
  sent_at: Date | null;
  last_reminder_round: number;
  cycle_state: CycleState;
  cycle_name: string;
  closes_at: Date;
  anonymity_threshold: number;
  manager_disclosed: boolean;
  leader_name: string;
  organisation_name: string;
}

/**
 * How long a batch of link issues or sent-marks waits for more mail jobs to join it. Jobs reach
 * a worker one at a time; without the wait batches stayed at 3 and PostgreSQL did 3 times the
 * work. An email 10 ms later is no later.
 */
export const MAIL_BATCH_LINGER_MS = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FACTS = `n.id, n.email, n.rater_name, n.relationship, n.status, n.delivery_status, n.sent_at,
  n.last_reminder_round, c.state AS cycle_state, c.name AS cycle_name, c.closes_at,
  c.anonymity_threshold, c.manager_disclosed, l.name AS leader_name, o.name AS organisation_name`;

/** The facts of the nominations an `issued AS (UPDATE … RETURNING n.*)` CTE just gave links. */
const FACTS_OF_ISSUED = `SELECT ${FACTS}
         FROM issued n
         JOIN cycles c ON c.id = n.cycle_id
         JOIN feedback_requests fr ON fr.id = n.feedback_request_id
         JOIN people l ON l.id = fr.leader_id
         JOIN organisations o ON o.id = n.organisation_id`;

function toFacts(r: FactsRow): RaterMailFacts {
  return {
    nominationId: r.id,
    email: r.email,
    raterName: r.rater_name,
    relationship: r.relationship,
    status: r.status,
    deliveryStatus: r.delivery_status,
    sentAt: r.sent_at,
    lastReminderRound: r.last_reminder_round,
    cycleState: r.cycle_state,
    cycleName: r.cycle_name,
    closesAt: r.closes_at,
    anonymityThreshold: r.anonymity_threshold,
    managerDisclosed: r.manager_disclosed,
    leaderName: r.leader_name,
    organisationName: r.organisation_name,
  };
}

/**
 * Reads a rater's facts for an email and issues the link token at send time: only its SHA-256
 * is stored, and the token itself exists only in the email (never in Redis or the logs).
 */
@Injectable()
export class RaterMailContext {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async load(nominationId: string): Promise<RaterMailFacts | null> {
    const rows = await this.dataSource.query<FactsRow[]>(
      `SELECT ${FACTS}
         FROM nominations n
         JOIN cycles c ON c.id = n.cycle_id
         JOIN feedback_requests fr ON fr.id = n.feedback_request_id
         JOIN people l ON l.id = fr.leader_id
         JOIN organisations o ON o.id = n.organisation_id
        WHERE n.id = $1`,
      [nominationId],
    );
    const r = rows[0];
    return r ? toFacts(r) : null;
  }

  /**
   * Invitations of many nominations in one statement: for each still pending, queued and in an
   * open cycle, a new link (its hash stored) and the facts for the email; null for the others
   * (`load` then says why) and for a repeat of an id in the same batch. One round trip for a
   * batch rather than two for each email.
   */
  async issueInvitationLinks(nominationIds: string[]): Promise<(InvitationLink | null)[]> {
    const tokens = new Map(
      nominationIds.filter((id) => UUID.test(id)).map((id) => [id, newSecureToken()]),
    );
    // Found by primary key only. Right after a launch the statistics still say few rows are
    // queued, and with `status = … AND delivery_status = …` the planner walks the whole cycle's
    // index instead (150 ms a batch, not 1 ms); IS NOT DISTINCT FROM tests the same but no index
    // can serve it.
    const rows = await queryPrepared<FactsRow>(
      this.dataSource,
      'invitation-links',
      `WITH issued AS (
         UPDATE nominations n SET token_hash = t.hash
           FROM unnest($1::uuid[], $2::bytea[]) AS t(id, hash)
          WHERE n.id = t.id
            AND (n.status, n.delivery_status) IS NOT DISTINCT FROM ('pending', 'queued')
            AND (SELECT c.state FROM cycles c WHERE c.id = n.cycle_id) = 'open'
         RETURNING n.*
       )
       ${FACTS_OF_ISSUED}`,
      [[...tokens.keys()], [...tokens.values()].map((t) => t.hash)],
    );
    return this.inCallOrder(nominationIds, rows, (id) => tokens.get(id)!.token);
  }

  /**
   * Reminders of many nominations in one statement: for each rater still pending, invited, not
   * yet sent this round and in an open cycle, a new link whose hash replaces the earlier one
   * (a draft saved under the earlier link stays, but only that link could open it), with the facts for the email; null for the
   * others (`load` then says why) and for a repeat of a nomination in the same batch.
   */
  async issueReminderLinks(
    reminders: { nominationId: string; round: number }[],
  ): Promise<(InvitationLink | null)[]> {
    const wanted = new Map<string, { round: number; token: string; hash: Buffer }>();
    for (const { nominationId, round } of reminders)
      if (UUID.test(nominationId) && Number.isInteger(round) && !wanted.has(nominationId))
        wanted.set(nominationId, { round, ...newSecureToken() });
    // By primary key only, as for invitations (see issueInvitationLinks).
    const rows = await queryPrepared<FactsRow>(
      this.dataSource,
      'reminder-links',
      `WITH issued AS (
         UPDATE nominations n SET token_hash = t.hash
           FROM unnest($1::uuid[], $2::bytea[], $3::int[]) AS t(id, hash, round)
          WHERE n.id = t.id
            AND (n.status, n.delivery_status) IS NOT DISTINCT FROM ('pending', 'sent')
            AND n.last_reminder_round < t.round
            AND (SELECT c.state FROM cycles c WHERE c.id = n.cycle_id) = 'open'
         RETURNING n.*
       )
       ${FACTS_OF_ISSUED}`,
      [
        [...wanted.keys()],
        [...wanted.values()].map((w) => w.hash),
        [...wanted.values()].map((w) => w.round),
      ],
    );
    return this.inCallOrder(
      reminders.map((r) => r.nominationId),
      rows,
      (id) => wanted.get(id)!.token,
    );
  }

  /**
   * A fresh link to the leader's own self-assessment, asked for from the request page while the
   * cycle is open: its hash replaces the emailed link's (which stops working; a draft
   * saved with it stays, but only that link could open it). Null when there is none to answer.
   */
  async issueSelfAssessmentLink(requestId: string): Promise<string | null> {
    const { token, hash } = newSecureToken();
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE nominations n SET token_hash = $2
        WHERE n.feedback_request_id = $1 AND n.relationship = 'self' AND n.status = 'pending'
          AND (SELECT c.state FROM cycles c WHERE c.id = n.cycle_id) = 'open'
        RETURNING n.id`,
      [requestId, hash],
    );
    return rows.length > 0 ? token : null;
  }

  /** An invitation or reminder that could not be delivered: the admin sees why and may retry. */
  async markFailed(nominationId: string, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE nominations SET delivery_status = 'failed', last_error = $2 WHERE id = $1`,
      [nominationId, lastError],
    );
  }

  /** One link (or null) per requested id, in call order; a repeat of an id gets null. */
  private inCallOrder(
    ids: string[],
    rows: FactsRow[],
    tokenOf: (id: string) => string,
  ): (InvitationLink | null)[] {
    const issued = new Map(
      rows.map((r) => [
        r.id,
        { facts: toFacts(r), url: `${this.config.publicUrl}/r/${tokenOf(r.id)}` },
      ]),
    );
    return ids.map((id) => {
      const link = issued.get(id) ?? null;
      issued.delete(id); // one email a nomination
      return link;
    });
  }

  /** Why an email about this nomination no longer applies, or null if it still does. */
  static notApplicable(facts: RaterMailFacts | null): string | null {
    if (!facts) return 'the nomination was removed';
    if (facts.status !== 'pending')
      return `the rater has ${facts.status === 'completed' ? 'answered' : 'declined'}`;
    if (facts.cycleState !== 'open') return `the cycle is ${facts.cycleState}`;
    return null;
  }
}
