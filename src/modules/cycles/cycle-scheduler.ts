import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service';
import { QUEUES } from '../outbox/queue-names';
import { Cycle } from './cycle.entity';
import { CycleEvents } from './cycle-events';
import {
  cycleScheduleJobIds,
  cycleScheduleJobs,
  reminderRoundKey,
  ScheduledCycle,
} from './cycle-schedule';

export type ScheduledOutcome = 'done' | 'skipped';

/**
 * The delayed jobs of an open cycle: its close and its reminder rounds. They are written with
 * the cycle's change (outbox); a job made for an earlier closesAt finds the cycle changed and
 * skips, and is removed from the queue after the commit as well.
 */
@Injectable()
export class CycleScheduler {
  private readonly logger = new Logger(CycleScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly events: CycleEvents,
  ) {}

  async write(manager: EntityManager, cycle: ScheduledCycle): Promise<void> {
    await this.outbox.add(manager, cycleScheduleJobs(cycle, new Date()));
  }

  /** After a commit: removes the delayed jobs of `before` that `after` no longer has (best effort). */
  async unschedule(before: ScheduledCycle, after: ScheduledCycle | null): Promise<void> {
    const keep = new Set(after ? cycleScheduleJobIds(after) : []);
    for (const jobId of cycleScheduleJobIds(before).filter((id) => !keep.has(id))) {
      await this.outbox
        .removeJob(QUEUES.cycles, jobId)
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error, jobId },
            'Could not remove a superseded cycle job; it will skip when it runs',
          ),
        );
    }
  }

  /** A scheduled reminder round: only for the cycle's current schedule, while it is open. */
  async runReminderRound(
    cycleId: string,
    daysBeforeClose: number,
    closesAtMs: number,
  ): Promise<ScheduledOutcome> {
    const cycle = await this.dataSource.getRepository(Cycle).findOneBy({ id: cycleId });
    const current =
      cycle?.state === 'open' &&
      cycle.closesAt.getTime() === closesAtMs &&
      cycle.reminderDaysBeforeClose.includes(daysBeforeClose) &&
      Date.now() < closesAtMs;
    if (!cycle || !current) return 'skipped';
    const queued = await this.events.reminderRoundDue(
      cycleId,
      reminderRoundKey(daysBeforeClose, cycle.closesAt),
    );
    return queued === null ? 'skipped' : 'done';
  }
}
