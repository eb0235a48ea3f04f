/** The BullMQ queues. Job ids may not contain ':' in BullMQ 6, hence the '-' separators. */
export const QUEUES = {
  mail: 'mail',
  cycles: 'cycles',
  reports: 'reports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Worker locks sized for short jobs (an email): a job whose worker died is
 * taken up again once its lock lapses (10 s) at the next stalled check (every 5 s), so within
 * about 15 s instead of BullMQ's default of up to 60 s (30 s and 30 s). What it costs in Redis,
 * per worker process and queue: one stalled-check script every 5 s instead of every 30 s, and,
 * while a job runs longer than 2.5 s, one lock-extension script every 2.5 s instead of 7.5 s.
 */
export const SHORT_JOB_WORKER = { lockDuration: 10_000, stalledInterval: 5_000 } as const;
/**
 * A cycle's close and its report snapshots can keep the event loop busy for seconds on a large
 * cycle: a longer lock (so a busy worker does not lose it), the same stalled-check interval.
 */
export const REPORT_JOB_WORKER = { lockDuration: 30_000, stalledInterval: 5_000 } as const;

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
