import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { OutboxService } from '../outbox/outbox.service';
import { reminderJob } from './nomination-jobs';
import { claimScheduledReminderRound, nextReminderRound } from '../cycles/cycle-records';
import { lockCycle } from '../cycles/lock-cycle';

/** Raters a reminder round goes to (columns of nominations, unqualified). */
const DUE = `status = 'pending' AND delivery_status = 'sent'`;

/**
 * Reminder rounds. Each round (scheduled or asked for by an admin) gets the cycle's next round
 * number; every rater who has neither answered nor declined, and whose invitation was delivered,
 * gets one mail job `reminder-<nominationId>-<round>`. A scheduled round is recorded on the cycle
 * in the same statement that numbers it, so a repeated job starts nothing.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * An admin's reminder, now: 409 unless the cycle is open. Returns how many were queued.
   *
   * `afterRound` is the round the admin saw when they asked (a confirmation page's
   * `reminderRounds`): when a later round has started since (the same form sent twice, or a
   * scheduled round in between), nothing is sent and the answer is null.
   */
  async remindNow(
    organisationId: string,
    cycleId: string,
    options: { afterRound?: number } = {},
  ): Promise<number | null> {
    const queued = await this.dataSource.transaction(async (manager) => {
      const cycle = await lockCycle(manager, organisationId, cycleId, 'pessimistic_write');
      if (options.afterRound !== undefined && cycle.reminderRounds > options.afterRound) {
        return null;
      }
      if (cycle.state !== 'open') {
        throw new DomainError(
          'CYCLE_LOCKED',
          `The cycle is ${cycle.state}: reminders go only while it is open.`,
        );
      }
      return this.fanOut(manager, cycleId, await nextReminderRound(manager, cycleId));
    });
    if (queued !== null) this.outbox.relaySoon();
    return queued;
  }

  /** How many reminder rounds the cycle has had (what a confirmation page sends as `afterRound`). */
  async roundsSoFar(organisationId: string, cycleId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ reminder_rounds: number }[]>(
      `SELECT reminder_rounds FROM cycles WHERE id = $1 AND organisation_id = $2`,
      [cycleId, organisationId],
    );
    if (!row) throw DomainError.notFound('Cycle');
    return row.reminder_rounds;
  }

  /** How many reminders a round would send now: raters who have not answered, invitation delivered. */
  async countDue(organisationId: string, cycleId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(n.*)::int AS n FROM cycles c JOIN nominations n ON n.cycle_id = c.id
        WHERE c.id = $1 AND c.organisation_id = $2 AND ${DUE}`,
      [cycleId, organisationId],
    );
    return row?.n ?? 0;
  }

  /**
   * A scheduled round (`key` names it, e.g. `7d-<closesAtEpochMs>`). Returns how many were
   * queued, or null when the cycle is no longer open or this round was already started.
   */
  async startScheduledRound(cycleId: string, key: string): Promise<number | null> {
    const queued = await this.dataSource.transaction(async (manager) => {
      const round = await claimScheduledReminderRound(manager, cycleId, key);
      return round === null ? null : this.fanOut(manager, cycleId, round);
    });
    if (queued !== null) this.outbox.relaySoon();
    return queued;
  }

  private async fanOut(manager: EntityManager, cycleId: string, round: number): Promise<number> {
    const pending = await manager.query<{ id: string }[]>(
      `SELECT id FROM nominations WHERE cycle_id = $1 AND ${DUE}`,
      [cycleId],
    );
    await this.outbox.add(
      manager,
      pending.map((n) => reminderJob(n.id, round)),
    );
    return pending.length;
  }
}
