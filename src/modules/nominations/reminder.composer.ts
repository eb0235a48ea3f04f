import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupBatcher } from '../../common/group-batcher';
import { batchedWrite } from '../../database/batched-query';
import { Composition, MailComposer, MailJobData } from '../mail/mail-composer';
import { MailComposers } from '../mail/mail-composers';
import { raterReminderEmail } from '../mail/templates/rater-reminder.template';
import { REMINDER_MAIL_JOB } from '../outbox/queue-names';
import { InvitationLink, MAIL_BATCH_LINGER_MS, RaterMailContext } from './rater-mail-context';

interface ReminderKey {
  nominationId: string;
  round: number;
}

/**
 * One reminder round to one rater who has neither answered nor declined. It re-issues the link
 * (the email says the earlier one stops working); a round already sent to this rater skips.
 * A round goes to every pending rater of a cycle at once: as for invitations, concurrent jobs'
 * link issues and sent-marks each go to PostgreSQL as one statement.
 */
@Injectable()
export class ReminderComposer implements MailComposer, OnModuleInit {
  private readonly links: GroupBatcher<ReminderKey, InvitationLink | null>;
  private readonly sent: GroupBatcher<ReminderKey, null>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly context: RaterMailContext,
    private readonly composers: MailComposers,
  ) {
    const batching = { lingerMs: MAIL_BATCH_LINGER_MS };
    this.links = new GroupBatcher((keys) => this.context.issueReminderLinks(keys), batching);
    // A nomination twice in one batch (two rounds at once) counts twice.
    this.sent = batchedWrite(
      dataSource,
      'reminders-sent',
      `UPDATE nominations n
          SET reminders_sent = n.reminders_sent + r.sent,
              last_reminder_round = GREATEST(n.last_reminder_round, r.round),
              last_error = NULL
         FROM (SELECT id, count(*)::int AS sent, max(round) AS round
                 FROM unnest($1::uuid[], $2::int[]) AS k(id, round) GROUP BY id) r
        WHERE n.id = r.id`,
      (keys: ReminderKey[]) => [keys.map((k) => k.nominationId), keys.map((k) => k.round)],
      batching,
    );
  }

  onModuleInit(): void {
    this.composers.register(REMINDER_MAIL_JOB, this);
  }

  async compose(data: MailJobData): Promise<Composition> {
    const key = { nominationId: String(data.nominationId), round: Number(data.round) };
    const link = await this.links.call(key);
    if (!link) return { skip: await this.whyNot(key) };
    const { facts, url } = link;
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
        messageKey: `reminder-${key.nominationId}-${key.round}`,
      },
    };
  }

  async markSent(data: MailJobData): Promise<void> {
    await this.sent.call({ nominationId: String(data.nominationId), round: Number(data.round) });
  }

  /** The earlier link was replaced when this reminder was composed, so the rater has none that works. */
  async markFailed(data: MailJobData, lastError: string): Promise<void> {
    await this.context.markFailed(String(data.nominationId), lastError);
  }

  /** Why no link was issued: answered or declined, cycle not open, not invited, or already sent. */
  private async whyNot({ nominationId, round }: ReminderKey): Promise<string> {
    const facts = await this.context.load(nominationId);
    const why = RaterMailContext.notApplicable(facts);
    if (why || !facts) return why ?? 'gone';
    if (facts.deliveryStatus !== 'sent')
      return `the invitation is ${facts.deliveryStatus ?? 'not queued'}`;
    if (facts.lastReminderRound >= round) return `reminder round ${round} already sent`;
    return 'another job is sending this reminder';
  }
}
