import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { cycleCloseDuration } from '../metrics/metrics';
import { CYCLE_REPORTS_JOB, QUEUES, REPORT_JOB_WORKER } from '../outbox/queue-names';
import { ReportSnapshotsService, type SnapshotOutcome } from './report-snapshots.service';

/** The job the cycle's close writes to the outbox: `{cycleId}`, job id `reports-<cycleId>`. */

/** Thin: the snapshot service does the work and skips what is already done. */
@Processor(QUEUES.reports, REPORT_JOB_WORKER)
export class ReportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ReportsProcessor.name);

  constructor(private readonly snapshots: ReportSnapshotsService) {
    super();
  }

  async process(job: Job<{ cycleId?: unknown }>): Promise<SnapshotOutcome> {
    if (job.name !== CYCLE_REPORTS_JOB) {
      throw new UnrecoverableError(`Unknown reports job "${job.name}"`);
    }
    const cycleId = job.data.cycleId;
    if (typeof cycleId !== 'string')
      throw new UnrecoverableError('cycle-reports job without a cycleId');
    const endTimer = cycleCloseDuration.startTimer();
    const outcome = await this.snapshots.snapshotCycle(cycleId);
    if (!('skipped' in outcome)) endTimer();
    if ('skipped' in outcome) {
      this.logger.log(
        { jobId: job.id, cycleId, reason: outcome.skipped },
        'Report snapshots skipped',
      );
    }
    return outcome;
  }
}
