import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { OutgoingMail, SentMail } from './mail-message';
import { withContactLine } from './templates/email-layout';

/**
 * Every email we send is automatic: RFC 3834's header, and Exchange's (so NHSmail's), stop
 * out-of-office replies flooding the sender when a cycle opens to thousands of staff.
 */
export const AUTOMATIC_MAIL_HEADERS = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
} as const;

/**
 * The one door to SMTP (the only importer of nodemailer). With SMTP_URL: a pooled SMTP
 * transport. Without: each message is written as an .eml file under OUTBOX_DIR and its links
 * logged, so a developer can follow a sign-in link with no mail server.
 */
@Injectable()
export class SmtpTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpTransport.name);
  private readonly transporter: Transporter;
  private readonly toFiles: boolean;

  constructor(@InjectAppConfig() private readonly config: AppConfig) {
    this.toFiles = config.smtpUrl === null;
    // nodemailer signs every message of a transport given `dkim`.
    const dkim = config.dkim ?? undefined;
    this.transporter = config.smtpUrl
      ? nodemailer.createTransport({ ...smtpOptions(config.smtpUrl, config.smtpPoolSize), dkim })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim });
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const body = withContactLine(mail, this.config.mailReplyTo);
    const info = (await this.transporter.sendMail({
      from: this.config.mailFrom,
      replyTo: this.config.mailReplyTo ?? undefined,
      to: mail.to,
      subject: body.subject,
      html: body.html,
      text: body.text,
      messageId: mail.messageKey ? `<${mail.messageKey}@${this.config.mailDomain}>` : undefined,
      headers: AUTOMATIC_MAIL_HEADERS,
    })) as { messageId: string; message?: Buffer };
    if (this.toFiles && info.message) await this.writeToOutbox(mail, info.message);
    return { messageId: info.messageId };
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }

  private async writeToOutbox(mail: OutgoingMail, message: Buffer): Promise<void> {
    const dir = resolve(this.config.outboxDir);
    await mkdir(dir, { recursive: true });
    const file = join(
      dir,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.hrtime.bigint()}.eml`,
    );
    await writeFile(file, message);
    // Development only (production requires SMTP_URL): make links followable from the log.
    this.logger.log(
      { file, subject: mail.subject, links: mail.links ?? [] },
      'Email written to outbox',
    );
  }
}

function smtpOptions(url: string, poolSize: number) {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 25,
    secure,
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    pool: true as const,
    maxConnections: poolSize,
    maxMessages: Infinity,
    // A local relay without TLS (development, tests) should not be forced into STARTTLS.
    ignoreTLS: parsed.searchParams.get('ignoreTLS') === 'true',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}
