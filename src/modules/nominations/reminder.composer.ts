import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Composition, MailComposer, MailJobData } from '../mail/mail-composer';
import { MailComposers } from '../mail/mail-composers';
import { raterReminderEmail } from '../mail/templates/rater-reminder.template';
import { REMINDER_MAIL_JOB } from './nomination-jobs';
import { RaterMailContext } from './rater-mail-context';

/**
 * One reminder round to one rater who has neither answered nor declined. It re-issues the link
 * (the email says the earlier one stops working); a round already sent to this rater skips.
 */
@Injectable()
export class ReminderComposer implements MailComposer, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RaterMailContext,
    private readonly composers: MailComposers,
  ) {}

  onModuleInit(): void {
    this.composers.register(REMINDER_MAIL_JOB, this);
  }

  async compose(data: MailJobData): Promise<Composition> {
    const nominationId = String(data.nominationId);
    const round = Number(data.round);
    const facts = await this.context.load(nominationId);
    const why = RaterMailContext.notApplicable(facts);
    if (why || !facts) return { skip: why ?? 'gone' };
    if (facts.deliveryStatus !== 'sent')
      return { skip: `the invitation is ${facts.deliveryStatus ?? 'not queued'}` };
    if (facts.lastReminderRound >= round) return { skip: `reminder round ${round} already sent` };

    const url = await this.context.issueLink(nominationId);
    if (!url) return { skip: 'the rater answered or declined meanwhile' };
    const mail = raterReminderEmail({
      raterName: facts.raterName,
      leaderName: facts.leaderName,
      organisationName: facts.organisationName,
      cycleName: facts.cycleName,
      closesAt: facts.closesAt,
      relationship: facts.relationship,
      anonymityThreshold: facts.anonymityThreshold,
      managerDisclosed: facts.managerDisclosed,
      url,
    });
    return {
      send: {
        ...mail,
        to: facts.email,
        messageId: `<reminder-${nominationId}-${round}@collective360>`,
      },
    };
  }

  async markSent(data: MailJobData): Promise<void> {
    await this.dataSource.query(
      `UPDATE nominations
          SET reminders_sent = reminders_sent + 1,
              last_reminder_round = GREATEST(last_reminder_round, $2),
              last_error = NULL
        WHERE id = $1`,
      [String(data.nominationId), Number(data.round)],
    );
  }

  /** The earlier link was replaced when this reminder was composed, so the rater has none that works. */
  async markFailed(data: MailJobData, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE nominations SET delivery_status = 'failed', last_error = $2 WHERE id = $1`,
      [String(data.nominationId), lastError],
    );
  }
}
