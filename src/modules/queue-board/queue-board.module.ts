import { ExpressAdapter } from '@bull-board/express';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OutboxModule } from '../outbox/outbox.module';
import { QUEUES } from '../outbox/queue-names';
import { QUEUE_BOARD_PATH, QueueBoardAccess } from './queue-board-access';

/** The access check, in a module of its own so Bull Board's async set-up can inject it. */
@Module({ imports: [AuthModule], providers: [QueueBoardAccess], exports: [QueueBoardAccess] })
class QueueBoardAccessModule {}

/**
 * Bull Board at /admin/queues, for the rare day a job is stuck: every queue, its jobs and their
 * errors, behind the admin session (see QueueBoardAccess).
 */
@Module({
  imports: [
    OutboxModule,
    BullBoardModule.forRootAsync({
      imports: [QueueBoardAccessModule],
      inject: [QueueBoardAccess],
      useFactory: (access: QueueBoardAccess) => ({
        route: QUEUE_BOARD_PATH,
        adapter: ExpressAdapter,
        middleware: access.handle,
        boardOptions: { uiConfig: { boardTitle: 'Collective 360 queues' } },
      }),
    }),
    BullBoardModule.forFeature(
      ...Object.values(QUEUES).map((name) => ({ name, adapter: BullMQAdapter })),
    ),
  ],
})
export class QueueBoardModule {}
