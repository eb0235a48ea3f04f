/** The BullMQ queues. Job ids may not contain ':' in BullMQ 6, hence the '-' separators. */
export const QUEUES = {
  mail: 'mail',
  cycles: 'cycles',
  reports: 'reports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

// Every job name, declared once beside its queue: the producer and the processor (or the mail
// composer registered for it) both import it from here, so renaming one side renames both.

/** QUEUES.mail: one email each; the mail processor finds the composer registered for the name. */
export const SIGN_IN_MAIL_JOB = 'sign-in-link';
export const INVITATION_MAIL_JOB = 'invitation';
export const REMINDER_MAIL_JOB = 'reminder';
/**
 * The release writes one per request, for the leader and the coach if any:
 * `{feedbackRequestId, recipientId}`, job id `report-ready-<requestId>-<personId>`.
 */
export const REPORT_READY_MAIL_JOB = 'report-ready';

/** QUEUES.cycles: a cycle's scheduled close and reminder rounds. */
export const CLOSE_CYCLE_JOB = 'close-cycle';
export const CYCLE_REMINDERS_JOB = 'cycle-reminders';

/** QUEUES.reports: the snapshots of a closed cycle's reports. */
export const CYCLE_REPORTS_JOB = 'cycle-reports';
