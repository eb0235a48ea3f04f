import { Module } from '@nestjs/common';
import { ReportSnapshotsService } from './report-snapshots.service';
import { ReportsProcessor } from './reports.processor';

/** The report snapshots at close: worker processes only. */
@Module({ providers: [ReportSnapshotsService, ReportsProcessor] })
export class ReportsWorkerModule {}
