import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Composition, MailComposer, MailJobData } from '../mail/mail-composer';
import { MailComposers } from '../mail/mail-composers';
import { raterInvitationEmail } from '../mail/templates/rater-invitation.template';
import { INVITATION_MAIL_JOB } from './nomination-jobs';
import { RaterMailContext } from './rater-mail-context';

/**
 * The invitation of one nomination. Sends only while the delivery is queued (not yet sent) and
 * the cycle is open; the token is made here, at send time, so no queue ever holds it.
 */
@Injectable()
export class InvitationComposer implements MailComposer, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RaterMailContext,
    private readonly composers: MailComposers,
  ) {}

  onModuleInit(): void {
    this.composers.register(INVITATION_MAIL_JOB, this);
  }

  async compose(data: MailJobData): Promise<Composition> {
    const nominationId = String(data.nominationId);
    const facts = await this.context.load(nominationId);
    const why = RaterMailContext.notApplicable(facts);
    if (why || !facts) return { skip: why ?? 'gone' };
    if (facts.deliveryStatus !== 'queued')
      return { skip: `delivery is ${facts.deliveryStatus ?? 'not queued'}` };

    const url = await this.context.issueLink(nominationId);
    if (!url) return { skip: 'the rater answered or declined meanwhile' };
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
      send: { ...mail, to: facts.email, messageId: `<invite-${nominationId}@collective360>` },
    };
  }

  async markSent(data: MailJobData): Promise<void> {
    await this.dataSource.query(
      `UPDATE nominations SET delivery_status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
      [String(data.nominationId)],
    );
  }

  async markFailed(data: MailJobData, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE nominations SET delivery_status = 'failed', last_error = $2 WHERE id = $1`,
      [String(data.nominationId), lastError],
    );
  }
}
