import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupBatcher } from '../../common/group-batcher';
import { batchedWrite } from '../../database/batched-query';
import { Composition, MailComposer, MailJobData } from '../mail/mail-composer';
import { MailComposers } from '../mail/mail-composers';
import { raterInvitationEmail } from '../mail/templates/rater-invitation.template';
import { INVITATION_MAIL_JOB } from '../outbox/queue-names';
import { InvitationLink, MAIL_BATCH_LINGER_MS, RaterMailContext } from './rater-mail-context';

/**
 * The invitation of one nomination. Sends only while the delivery is queued (not yet sent) and
 * the cycle is open; the token is made here, at send time, so no queue ever holds it.
 * The worker runs many invitations at once: their link updates, and their "sent" records, are
 * each grouped into one statement (a cycle's launch is thousands of emails).
 */
@Injectable()
export class InvitationComposer implements MailComposer, OnModuleInit {
  private readonly links: GroupBatcher<string, InvitationLink | null>;
  private readonly sent: GroupBatcher<string, null>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly context: RaterMailContext,
    private readonly composers: MailComposers,
  ) {
    const batching = { lingerMs: MAIL_BATCH_LINGER_MS };
    this.links = new GroupBatcher((ids) => this.context.issueInvitationLinks(ids), batching);
    this.sent = batchedWrite(
      dataSource,
      'invitations-sent',
      `UPDATE nominations SET delivery_status = 'sent', sent_at = now(), last_error = NULL
        WHERE id = ANY($1::uuid[])`,
      (ids: string[]) => [ids],
      batching,
    );
  }

  onModuleInit(): void {
    this.composers.register(INVITATION_MAIL_JOB, this);
  }

  async compose(data: MailJobData): Promise<Composition> {
    const nominationId = String(data.nominationId);
    const link = await this.links.call(nominationId);
    if (!link) return { skip: await this.whyNot(nominationId) };
    const { facts, url } = link;
    const mail = raterInvitationEmail({
      raterName: facts.raterName,
      leaderName: facts.leaderName,
      organisationName: facts.organisationName,
      cycleName: facts.cycleName,
      closesAt: facts.closesAt,
      relationship: facts.relationship,
      anonymityThreshold: facts.anonymityThreshold,
      managerDisclosed: facts.managerDisclosed,
      url,
      replacesEarlierLink: facts.sentAt !== null,
    });
    return {
      send: { ...mail, to: facts.email, messageKey: `invite-${nominationId}` },
    };
  }

  async markSent(data: MailJobData): Promise<void> {
    await this.sent.call(String(data.nominationId));
  }

  async markFailed(data: MailJobData, lastError: string): Promise<void> {
    await this.context.markFailed(String(data.nominationId), lastError);
  }

  /** Why no link was issued: the rater answered or declined, the cycle closed, or it was sent. */
  private async whyNot(nominationId: string): Promise<string> {
    const facts = await this.context.load(nominationId);
    const why = RaterMailContext.notApplicable(facts);
    if (why || !facts) return why ?? 'gone';
    if (facts.deliveryStatus !== 'queued')
      return `delivery is ${facts.deliveryStatus ?? 'not queued'}`;
    return 'another job is sending this invitation';
  }
}
