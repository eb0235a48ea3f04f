import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectAppConfig } from '../../config/app.config';
import { AppConfig } from '../../config/env.validation';
import { Cycle } from '../cycles/cycle.entity';
import { FeedbackRequest } from '../cycles/feedback-request.entity';
import type { Composition, MailComposer, MailJobData } from '../mail/mail-composer';
import { MailComposers } from '../mail/mail-composers';
import { reportReadyEmail } from '../mail/templates/report-ready.template';
import { Organisation } from '../organisations/organisation.entity';
import { Person } from '../organisations/person.entity';
import { REPORT_READY_MAIL_JOB } from '../outbox/queue-names';
import { ReportNotification } from './report-notification.entity';

/** Tells a leader (or their coach) that a released report is ready; once per person. */
@Injectable()
export class ReportReadyComposer implements MailComposer, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly composers: MailComposers,
  ) {}

  onModuleInit(): void {
    this.composers.register(REPORT_READY_MAIL_JOB, this);
  }

  async compose(data: MailJobData): Promise<Composition> {
    const { requestId, recipientId } = ids(data);
    const request = await this.dataSource
      .getRepository(FeedbackRequest)
      .findOneBy({ id: requestId });
    if (!request) return { skip: 'feedback request no longer exists' };
    const cycle = await this.dataSource
      .getRepository(Cycle)
      .findOneByOrFail({ id: request.cycleId });
    if (cycle.state !== 'released') return { skip: `cycle is ${cycle.state}, not released` };
    const audience =
      request.leaderId === recipientId
        ? 'leader'
        : request.coachId === recipientId
          ? 'coach'
          : null;
    if (!audience) return { skip: 'recipient is neither the leader nor the coach' };
    const sent = await this.dataSource
      .getRepository(ReportNotification)
      .findOneBy({ feedbackRequestId: requestId, recipientId });
    if (sent?.sentAt) return { skip: 'already sent' };

    const people = this.dataSource.getRepository(Person);
    const recipient = await people.findOneBy({
      id: recipientId,
      organisationId: request.organisationId,
    });
    if (!recipient) return { skip: 'recipient no longer exists' };
    const leader =
      audience === 'leader' ? recipient : await people.findOneByOrFail({ id: request.leaderId });
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .findOneByOrFail({ id: request.organisationId });

    const url = `${this.config.publicUrl}/reports/${request.id}`;
    const mail = reportReadyEmail({
      audience,
      recipientName: recipient.name,
      leaderName: leader.name,
      cycleName: cycle.name,
      organisation: organisation.name,
      url,
    });
    return {
      send: {
        ...mail,
        to: recipient.email,
        messageKey: `report-ready-${request.id}-${recipient.id}`,
        links: [url],
      },
    };
  }

  async markSent(data: MailJobData): Promise<void> {
    await this.record(data, { sentAt: new Date(), lastError: null });
  }

  async markFailed(data: MailJobData, lastError: string): Promise<void> {
    await this.record(data, { sentAt: null, lastError });
  }

  private async record(
    data: MailJobData,
    outcome: Pick<ReportNotification, 'sentAt' | 'lastError'>,
  ): Promise<void> {
    const { requestId, recipientId } = ids(data);
    await this.dataSource
      .getRepository(ReportNotification)
      .upsert({ feedbackRequestId: requestId, recipientId, ...outcome }, [
        'feedbackRequestId',
        'recipientId',
      ]);
  }
}

function ids(data: MailJobData): { requestId: string; recipientId: string } {
  return { requestId: String(data.feedbackRequestId), recipientId: String(data.recipientId) };
}
