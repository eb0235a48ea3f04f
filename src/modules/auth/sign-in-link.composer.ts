import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { newSecureToken } from '../../common/secure-token';
import { safeNextPath } from '../../pages/next-path';
import { Composition, MailComposer, MailJobData } from '../mail/mail-composer';
import { MailComposers } from '../mail/mail-composers';
import { signInLinkEmail } from '../mail/templates/sign-in-link.template';
import { Organisation } from '../organisations/organisation.entity';
import { Person } from '../organisations/person.entity';
import { SIGN_IN_MAIL_JOB } from '../outbox/queue-names';
import { SIGN_IN_LINK_MINUTES } from './auth.service';
import { SignInLink } from './sign-in-link.entity';

/**
 * Makes the token at send time and keeps only its hash, so the job (in Redis) carries the link
 * id alone. A retry after a failed send makes a fresh token; the earlier one never left us.
 */
@Injectable()
export class SignInLinkComposer implements MailComposer, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly composers: MailComposers,
  ) {}

  onModuleInit(): void {
    this.composers.register(SIGN_IN_MAIL_JOB, this);
  }

  async compose(data: MailJobData): Promise<Composition> {
    const id = String(data.signInLinkId);
    const link = await this.dataSource.getRepository(SignInLink).findOneBy({ id });
    if (!link) return { skip: 'link no longer exists' };
    if (link.sentAt) return { skip: 'already sent' };
    if (link.consumedAt || link.expiresAt.getTime() <= Date.now()) return { skip: 'link expired' };
    const person = await this.dataSource
      .getRepository(Person)
      .findOneByOrFail({ id: link.personId });
    const organisation = await this.dataSource
      .getRepository(Organisation)
      .findOneByOrFail({ id: person.organisationId });

    const { token, hash } = newSecureToken();
    await this.dataSource.getRepository(SignInLink).update({ id }, { tokenHash: hash });
    const next = safeNextPath(data.next);
    const url = `${this.config.publicUrl}/sign-in?token=${token}${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`;
    const mail = signInLinkEmail({
      name: person.name,
      organisation: organisation.name,
      url,
      validMinutes: SIGN_IN_LINK_MINUTES,
    });
    return {
      send: { ...mail, to: person.email, messageKey: `signin-${id}`, links: [url] },
    };
  }

  async markSent(data: MailJobData): Promise<void> {
    await this.dataSource
      .getRepository(SignInLink)
      .update({ id: String(data.signInLinkId) }, { sentAt: new Date() });
  }

  async markFailed(): Promise<void> {
    // Nothing to record: the person simply asks for another link.
  }
}
