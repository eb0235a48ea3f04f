import { Module } from '@nestjs/common';
import { ReportsWorkerModule } from '../reports/reports-worker.module';
import { CollectiveProfileBuilder } from './collective-profile-builder';

/** The collective profile computed at close, after the report snapshots: worker processes only. */
@Module({ imports: [ReportsWorkerModule], providers: [CollectiveProfileBuilder] })
export class CollectiveWorkerModule {}
