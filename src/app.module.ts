import { DynamicModule, Module } from '@nestjs/common';
import type { LogTarget } from './config/logger-options';
import { InfrastructureModule } from './infrastructure.module';
import { AdminPagesModule } from './modules/admin/admin.module';
import { AuthModule } from './modules/auth/auth.module';
import { CollectiveWorkerModule } from './modules/collective/collective-worker.module';
import { CollectiveModule } from './modules/collective/collective.module';
import { CyclesWorkerModule } from './modules/cycles/cycles-worker.module';
import { CyclesModule } from './modules/cycles/cycles.module';
import { FrameworksModule } from './modules/frameworks/frameworks.module';
import { HealthModule } from './modules/health/health.module';
import { MailWorkerModule } from './modules/mail/mail-worker.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { QueueBoardModule } from './modules/queue-board/queue-board.module';
import { NominationsModule } from './modules/nominations/nominations.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { OutboxWorkerModule } from './modules/outbox/outbox-worker.module';
import { ReportsWorkerModule } from './modules/reports/reports-worker.module';
import { ReportsModule } from './modules/reports/reports.module';
import { RequestPagesModule } from './modules/request-pages/request-pages.module';
import { ResponsesModule } from './modules/responses/responses.module';
import { PagesModule } from './pages/pages.module';

export interface AppModuleOptions {
  /** Run the queue processors and the outbox sweeper in this process. */
  worker: boolean;
  /** Where logs go (default stdout) and their level when LOG_LEVEL is unset (the CLI: warn, to stderr). */
  log?: LogTarget;
}

const FEATURES = [
  PagesModule,
  AuthModule,
  OrganisationsModule,
  HealthModule,
  ResponsesModule,
  ReportsModule,
  FrameworksModule,
  CyclesModule,
  NominationsModule,
  MetricsModule,
  QueueBoardModule,
  CollectiveModule,
  AdminPagesModule,
  RequestPagesModule,
];
const WORKERS = [
  MailWorkerModule,
  OutboxWorkerModule,
  ReportsWorkerModule,
  CollectiveWorkerModule,
  CyclesWorkerModule,
];

/** Composes the feature modules; the worker entry point adds the queue processors. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot({ log: options.log ?? { destination: 1 } }),
        ...FEATURES,
        ...(options.worker ? WORKERS : []),
      ],
    };
  }
}
