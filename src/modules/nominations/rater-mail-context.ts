import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { newSecureToken } from '../../common/secure-token';
import type { CycleState } from '../cycles/cycle.entity';
import type { Relationship } from '../reports/report.types';
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
      `SELECT n.id, n.email, n.rater_name, n.relationship, n.status, n.delivery_status, n.sent_at,
              n.last_reminder_round, c.state AS cycle_state, c.name AS cycle_name, c.closes_at,
              c.anonymity_threshold, c.manager_disclosed, l.name AS leader_name, o.name AS organisation_name
         FROM nominations n
         JOIN cycles c ON c.id = n.cycle_id
         JOIN feedback_requests fr ON fr.id = n.feedback_request_id
         JOIN people l ON l.id = fr.leader_id
         JOIN organisations o ON o.id = n.organisation_id
        WHERE n.id = $1`,
      [nominationId],
    );
    const r = rows[0];
    if (!r) return null;
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
   * A new link for a rater who may still answer; its hash replaces any earlier one (drafts stay:
   * they belong to the nomination). Null when the rater has answered or declined meanwhile.
   */
  async issueLink(nominationId: string): Promise<string | null> {
    const { token, hash } = newSecureToken();
    const [rows] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE nominations SET token_hash = $2 WHERE id = $1 AND status = 'pending' RETURNING id`,
      [nominationId, hash],
    );
    return rows.length > 0 ? `${this.config.publicUrl}/r/${token}` : null;
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
