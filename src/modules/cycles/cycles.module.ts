import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CycleDashboardService } from './cycle-dashboard.service';
import { CycleEvents } from './cycle-events';
import { CycleLifecycleService } from './cycle-lifecycle.service';
import { CycleScheduler } from './cycle-scheduler';
import { CyclesController } from './cycles.controller';
import { CyclesHomeSection } from './cycles-home-section';
import { CyclesService } from './cycles.service';
import { ParticipantsService } from './participants.service';

/** Cycles, their participants and lifecycle; the scheduled jobs run in CyclesWorkerModule. */
@Module({
  imports: [AuthModule, FrameworksModule, OutboxModule],
  controllers: [CyclesController],
  providers: [
    CycleEvents,
    CyclesHomeSection,
    CyclesService,
    CycleDashboardService,
    CycleLifecycleService,
    ParticipantsService,
    CycleScheduler,
  ],
  exports: [
    CycleEvents,
    CycleLifecycleService,
    CycleScheduler,
    CyclesService,
    ParticipantsService,
    CycleDashboardService,
  ],
})
export class CyclesModule {}
