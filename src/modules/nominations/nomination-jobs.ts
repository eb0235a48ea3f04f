import type { OutboxJob } from '../outbox/outbox.service';
import { INVITATION_MAIL_JOB, QUEUES, REMINDER_MAIL_JOB } from '../outbox/queue-names';

/**
 * One invitation per nomination: `invite-<nominationId>`, so a repeat or a second producer
 * sends nothing more. An admin's retry of a failed delivery is a new job: `invite-<id>-r<n>`.
 */
export function invitationJob(nominationId: string, retry = 0): OutboxJob {
  return {
    queue: QUEUES.mail,
    name: INVITATION_MAIL_JOB,
    jobId: retry > 0 ? `invite-${nominationId}-r${retry}` : `invite-${nominationId}`,
    data: { nominationId },
  };
}

/** One reminder per nomination and reminder round of the cycle: `reminder-<nominationId>-<round>`. */
export function reminderJob(nominationId: string, round: number): OutboxJob {
  return {
    queue: QUEUES.mail,
    name: REMINDER_MAIL_JOB,
    jobId: `reminder-${nominationId}-${round}`,
    data: { nominationId, round },
  };
}
