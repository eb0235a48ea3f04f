import { Module } from '@nestjs/common';
import { AnswerKeysModule } from '../responses/answer-keys.module';
import { CloseSteps } from './close-steps';
import { ReportSnapshotsService } from './report-snapshots.service';
import { ReportsProcessor } from './reports.processor';
import { UnlinkAtClose } from './unlink-at-close';

/**
 * The report snapshots at close, the steps registered to follow them, and the last of those
 * (UnlinkAtClose): worker processes only.
 */
@Module({
  imports: [AnswerKeysModule],
  providers: [ReportSnapshotsService, ReportsProcessor, CloseSteps, UnlinkAtClose],
  exports: [CloseSteps],
})
export class ReportsWorkerModule {}
