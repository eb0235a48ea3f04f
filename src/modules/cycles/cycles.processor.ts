import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import {
  CLOSE_CYCLE_JOB,
  CYCLE_REMINDERS_JOB,
  QUEUES,
  REPORT_JOB_WORKER,
} from '../outbox/queue-names';
import { CycleLifecycleService } from './cycle-lifecycle.service';
import { CycleScheduler } from './cycle-scheduler';

type CycleJobData = Record<string, string | number | boolean | null>;

/** Thin: the scheduled close and reminder rounds, each re-reading the cycle before acting. */
@Processor(QUEUES.cycles, REPORT_JOB_WORKER)
export class CyclesProcessor extends WorkerHost {
  private readonly logger = new Logger(CyclesProcessor.name);

  constructor(
    private readonly lifecycle: CycleLifecycleService,
    private readonly scheduler: CycleScheduler,
  ) {
    super();
  }

  async process(job: Job<CycleJobData>): Promise<string> {
    const cycleId = String(job.data.cycleId);
    const closesAt = Number(job.data.closesAt);
    let outcome: string;
    switch (job.name) {
      case CLOSE_CYCLE_JOB:
        outcome = await this.lifecycle.closeIfDue(cycleId, closesAt);
        break;
      case CYCLE_REMINDERS_JOB:
        outcome = await this.scheduler.runReminderRound(
          cycleId,
          Number(job.data.daysBeforeClose),
          closesAt,
        );
        break;
      default:
        throw new UnrecoverableError(`Unknown cycles job "${job.name}"`);
    }
    this.logger.log({ jobId: job.id, job: job.name, outcome }, 'Cycle job done');
    return outcome;
  }
}
