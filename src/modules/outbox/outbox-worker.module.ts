import { Module } from '@nestjs/common';
import { OutboxModule } from './outbox.module';
import { OutboxSweeper } from './outbox.sweeper';

@Module({ imports: [OutboxModule], providers: [OutboxSweeper] })
export class OutboxWorkerModule {}
