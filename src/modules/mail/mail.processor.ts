import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { QUEUES } from '../outbox/queue-names';
import type { MailJobData } from './mail-composer';
import { MailComposers } from './mail-composers';
import { describeSmtpFailure, isPermanentSmtpFailure } from './smtp-failure';
import { SmtpTransport } from './smtp.transport';

export type MailJobResult = 'sent' | 'skipped';

/**
 * Thin and idempotent: asks the job's composer for the message, sends it, records the outcome.
 * 5xx replies are permanent (no retry); 4xx and lost connections retry with backoff. Nothing
 * but ids and a status goes back to Redis.
 */
@Processor(QUEUES.mail)
export class MailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(
    private readonly composers: MailComposers,
    private readonly transport: SmtpTransport,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.mailConcurrency;
  }

  async process(job: Job<MailJobData>): Promise<MailJobResult> {
    const composer = this.composers.get(job.name);
    const composition = await composer.compose(job.data);
    if ('skip' in composition) {
      this.logger.log({ jobId: job.id, job: job.name, reason: composition.skip }, 'Mail skipped');
      return 'skipped';
    }
    try {
      const sent = await this.transport.send(composition.send);
      await composer.markSent(job.data, sent.messageId);
      return 'sent';
    } catch (error) {
      const permanent = isPermanentSmtpFailure(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const reason = describeSmtpFailure(error);
      this.logger.warn(
        { jobId: job.id, job: job.name, permanent, attempt: job.attemptsMade + 1 },
        'Mail not sent',
      );
      if (permanent || lastAttempt) await composer.markFailed(job.data, reason);
      // Errors thrown here are stored by BullMQ: keep them free of addresses.
      if (permanent) throw new UnrecoverableError('SMTP permanent failure (5xx)');
      throw new Error('SMTP transient failure; will retry');
    }
  }
}
