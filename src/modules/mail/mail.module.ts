import { Module } from '@nestjs/common';
import { MailComposers } from './mail-composers';
import { SmtpTransport } from './smtp.transport';

/** Composer registry and transport; the processor lives in MailWorkerModule (worker only). */
@Module({
  providers: [MailComposers, SmtpTransport],
  exports: [MailComposers, SmtpTransport],
})
export class MailModule {}
