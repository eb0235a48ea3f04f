import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/env.validation';
import { InjectAppConfig } from '../../config/app.config';
import { emailsTotal } from '../metrics/metrics';
import { QUEUES, SHORT_JOB_WORKER } from '../outbox/queue-names';
import type { MailComposer, MailJobData } from './mail-composer';
import type { SentMail } from './mail-message';
import { MailComposers } from './mail-composers';
import { describeSmtpFailure, isPermanentSmtpFailure } from './smtp-failure';
import { SmtpTransport } from './smtp.transport';

export type MailJobResult = 'sent' | 'skipped';

/**
 * Thin and idempotent: asks the job's composer for the message, sends it, records the outcome.
 * 5xx replies are permanent (no retry); 4xx and lost connections retry with backoff. Nothing
 * but ids and a status goes back to Redis.
 */
@Processor(QUEUES.mail, SHORT_JOB_WORKER)
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
      emailsTotal.inc({ job: job.name, outcome: 'skipped' });
      return 'skipped';
    }
    let sent: SentMail;
    try {
      sent = await this.transport.send(composition.send);
    } catch (error) {
      const permanent = isPermanentSmtpFailure(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const reason = describeSmtpFailure(error);
      this.logger.warn(
        { jobId: job.id, job: job.name, permanent, attempt: job.attemptsMade + 1 },
        'Mail not sent',
      );
      emailsTotal.inc({ job: job.name, outcome: permanent || lastAttempt ? 'failed' : 'retried' });
      if (permanent || lastAttempt) await composer.markFailed(job.data, reason);
      // Errors thrown here are stored by BullMQ: keep them free of addresses.
      if (permanent) throw new UnrecoverableError('SMTP permanent failure (5xx)');
      throw new Error('SMTP transient failure; will retry');
    }
    emailsTotal.inc({ job: job.name, outcome: 'sent' });
    await this.recordSent(composer, job, sent);
    return 'sent';
  }

  /**
   * The mail server has the message: from here a retry of the job would send it again, so a
   * failed record is retried on its own (a database blip, a failover) and, if it still fails,
   * the job ends without a retry and the error is logged for an operator.
   */
  private async recordSent(composer: MailComposer, job: Job<MailJobData>, sent: SentMail) {
    for (let attempt = 1; ; attempt++) {
      try {
        await composer.markSent(job.data, sent.messageId);
        return;
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS) {
          this.logger.error(
            { jobId: job.id, job: job.name, err: error },
            'Mail sent but not recorded; not retried, so that it is not sent twice',
          );
          throw new UnrecoverableError('Sent, but the delivery could not be recorded');
        }
        await new Promise((resolve) => setTimeout(resolve, RECORD_BACKOFF_MS * 2 ** (attempt - 1)));
      }
    }
  }
}

/** Recording a sent email: 5 tries over about 6 s (0.2, 0.4, 0.8, 1.6, 3.2 s apart). */
const RECORD_ATTEMPTS = 5;
const RECORD_BACKOFF_MS = 200;
