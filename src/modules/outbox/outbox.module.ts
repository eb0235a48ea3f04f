import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';
import { QUEUES } from './queue-names';

/** Every feature that emails or schedules imports this and writes jobs in its transactions. */
@Module({
  imports: [BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })))],
  providers: [OutboxService],
  exports: [OutboxService, BullModule],
})
export class OutboxModule {}
