import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { FeedbackRequestsController } from './feedback-requests.controller';
import { FeedbackRequestsService } from './feedback-requests.service';
import { InvitationComposer } from './invitation.composer';
import { NominationsCycleListener } from './nominations-cycle-listener';
import { InvitationsService } from './invitations.service';
import { NominationsService } from './nominations.service';
import { RaterMailContext } from './rater-mail-context';
import { ReminderComposer } from './reminder.composer';
import { RemindersService } from './reminders.service';

/** Raters: nominations, their invitations and reminders, delivery status. */
@Module({
  imports: [CyclesModule, MailModule, OutboxModule],
  controllers: [FeedbackRequestsController, DeliveriesController],
  providers: [
    FeedbackRequestsService,
    NominationsService,
    InvitationsService,
    RemindersService,
    DeliveriesService,
    RaterMailContext,
    InvitationComposer,
    ReminderComposer,
    NominationsCycleListener,
  ],
  exports: [
    InvitationsService,
    RemindersService,
    DeliveriesService,
    FeedbackRequestsService,
    NominationsService,
    RaterMailContext,
  ],
})
export class NominationsModule {}
