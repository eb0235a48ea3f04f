import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { OutboxService } from '../outbox/outbox.service';
import { Cycle } from './cycle.entity';
import { CycleEvents } from './cycle-events';
import { cycleReportsJob, reportReadyJob } from './cycle-schedule';
import { CycleScheduler } from './cycle-scheduler';
import { alreadyHappened, CycleAction, nextState, transitionProblem } from './cycle-state';
import { lockCycle } from './lock-cycle';

/** Thrown to BullMQ so the close is retried a little later (free of personal data). */
export class CloseNotDueError extends Error {
  override name = 'CloseNotDueError';
}

/**
 * draft → open → closed → released. Each transition is one transaction over the locked cycle,
 * with the jobs it implies written to the outbox in it, and relayed after the commit.
 */
@Injectable()
export class CycleLifecycleService {
  private readonly logger = new Logger(CycleLifecycleService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
    private readonly scheduler: CycleScheduler,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Opens the cycle: creates each leader's self nomination, queues every invitation (outbox),
   * and schedules the close and the reminder rounds still ahead.
   */
  async open(organisationId: string, id: string, options: RepeatOptions = {}): Promise<Outcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const cycle = await this.lockForTransition(manager, organisationId, id, 'open', options);
      if (!cycle) return 'already-done';
      if (cycle.closesAt.getTime() <= Date.now()) {
        throw new DomainError(
          'CLOSES_AT_IN_PAST',
          `closesAt (${cycle.closesAt.toISOString()}) has passed: set a later closesAt before opening the cycle.`,
        );
      }
      await manager
        .getRepository(Cycle)
        .update({ id }, { state: nextState('open'), openedAt: new Date() });
      const queued = await this.events.invitationsDue(manager, id);
      await this.scheduler.write(manager, cycle);
      this.logger.log({ cycleId: id, invitations: queued }, 'Cycle opened');
      return 'done';
    });
    if (outcome === 'done') this.outbox.relaySoon();
    return outcome;
  }

  /** Closes by hand; the scheduled close then finds it closed and skips. */
  async close(organisationId: string, id: string, options: RepeatOptions = {}): Promise<Outcome> {
    const cycle = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockForTransition(manager, organisationId, id, 'close', options);
      if (locked) await this.markClosed(manager, id);
      return locked;
    });
    if (!cycle) return 'already-done';
    this.outbox.relaySoon();
    await this.scheduler.unschedule(cycle, null);
    return 'done';
  }

  /**
   * The scheduled close: closes only an open cycle whose closesAt has passed (idempotent with a
   * manual close and with a repeated job). A job made for an earlier closesAt skips.
   */
  async closeIfDue(cycleId: string, closesAtMs: number): Promise<'closed' | 'skipped'> {
    const closed = await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE cycles SET state = 'closed', closed_at = now(), updated_at = now()
          WHERE id = $1 AND state = 'open' AND closes_at <= now()
          RETURNING id`,
        [cycleId],
      );
      if (rows.length === 0) return false;
      await this.outbox.add(manager, [cycleReportsJob(cycleId)]);
      return true;
    });
    if (closed) {
      this.logger.log({ cycleId }, 'Cycle closed on schedule');
      this.outbox.relaySoon();
      return 'closed';
    }
    const cycle = await this.dataSource.getRepository(Cycle).findOneBy({ id: cycleId });
    if (cycle?.state === 'open' && cycle.closesAt.getTime() === closesAtMs) {
      // Clocks of Redis and PostgreSQL disagree by a moment: try again shortly.
      throw new CloseNotDueError('The cycle is not due to close yet; retrying');
    }
    return 'skipped';
  }

  /** Releases reports to leaders: only once every snapshot is stored; emails leader and coach. */
  async release(organisationId: string, id: string, options: RepeatOptions = {}): Promise<Outcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const cycle = await this.lockForTransition(manager, organisationId, id, 'release', options);
      if (!cycle) return 'already-done';
      if (!cycle.reportsReady) {
        throw new DomainError(
          'REPORTS_NOT_READY',
          'The reports of this cycle are still being computed: release it once reportsReady is true.',
        );
      }
      await manager
        .getRepository(Cycle)
        .update({ id }, { state: nextState('release'), releasedAt: new Date() });
      const recipients = await reportReadyRecipients(manager, id);
      await this.outbox.add(
        manager,
        recipients.map((r) => reportReadyJob(r.requestId, r.personId)),
      );
      return 'done';
    });
    if (outcome === 'done') this.outbox.relaySoon();
    return outcome;
  }

  /**
   * How many emails an action would send now, for the page that asks to confirm it: opening
   * sends every invitation and self-assessment not sent yet, closing none, releasing one to
   * each leader and each coach (per request).
   */
  async emailsFor(organisationId: string, id: string, action: CycleAction): Promise<number> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await lockCycle(manager, organisationId, id, 'pessimistic_read');
      switch (action) {
        case 'open':
          return this.events.countInvitationsDue(manager, id);
        case 'close':
          return 0;
        case 'release':
          return (await reportReadyRecipients(manager, id)).length;
      }
    });
  }

  private async markClosed(manager: EntityManager, id: string): Promise<void> {
    await manager
      .getRepository(Cycle)
      .update({ id }, { state: nextState('close'), closedAt: new Date() });
    await this.outbox.add(manager, [cycleReportsJob(id)]);
  }

  /** The locked cycle, or null when `repeatIsDone` and the action has already happened. */
  private async lockForTransition(
    manager: EntityManager,
    organisationId: string,
    id: string,
    action: CycleAction,
    options: RepeatOptions,
  ): Promise<Cycle | null> {
    const cycle = await lockCycle(manager, organisationId, id, 'pessimistic_write');
    if (options.repeatIsDone && alreadyHappened(cycle.state, action)) return null;
    const problem = transitionProblem(cycle.state, action);
    if (problem) throw new DomainError('CYCLE_ILLEGAL_TRANSITION', problem);
    return cycle;
  }
}

export interface RepeatOptions {
  /**
   * An action already taken (the cycle is in its state or beyond) is not an error but
   * 'already-done': a form sent twice opens, closes or releases once.
   */
  repeatIsDone?: boolean;
}

export type Outcome = 'done' | 'already-done';

/** Who is emailed that a report is ready: each request's leader, and its coach if another person. */
async function reportReadyRecipients(
  manager: EntityManager,
  cycleId: string,
): Promise<{ requestId: string; personId: string }[]> {
  const requests = await manager.query<
    { id: string; leader_id: string; coach_id: string | null }[]
  >(`SELECT id, leader_id, coach_id FROM feedback_requests WHERE cycle_id = $1`, [cycleId]);
  return requests.flatMap((r) => [
    { requestId: r.id, personId: r.leader_id },
    ...(r.coach_id && r.coach_id !== r.leader_id
      ? [{ requestId: r.id, personId: r.coach_id }]
      : []),
  ]);
}
