import { Module } from '@nestjs/common';
import { CloseSteps } from './close-steps';
import { ReportSnapshotsService } from './report-snapshots.service';
import { ReportsProcessor } from './reports.processor';

/** The report snapshots at close, and the steps registered to follow them: worker processes only. */
@Module({
  providers: [ReportSnapshotsService, ReportsProcessor, CloseSteps],
  exports: [CloseSteps],
})
export class ReportsWorkerModule {}
