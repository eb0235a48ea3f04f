import type { OutboxJob } from '../outbox/outbox.service';
import {
  CLOSE_CYCLE_JOB,
  CYCLE_REMINDERS_JOB,
  CYCLE_REPORTS_JOB,
  QUEUES,
  REPORT_READY_MAIL_JOB,
} from '../outbox/queue-names';

const DAY_MS = 24 * 3600 * 1000;

export interface ScheduledCycle {
  id: string;
  closesAt: Date;
  reminderDaysBeforeClose: number[];
}

/** The delayed close: its id names the closesAt it was made for, so a new closesAt is a new job. */
export function closeJob(cycle: ScheduledCycle): OutboxJob {
  const at = cycle.closesAt.getTime();
  return {
    queue: QUEUES.cycles,
    name: CLOSE_CYCLE_JOB,
    jobId: `close-${cycle.id}-${at}`,
    data: { cycleId: cycle.id, closesAt: at },
    runAt: cycle.closesAt,
  };
}

/** Names a scheduled reminder round, so the cycle can record it as started exactly once. */
export function reminderRoundKey(daysBeforeClose: number, closesAt: Date): string {
  return `${daysBeforeClose}d-${closesAt.getTime()}`;
}

export function reminderRoundJob(cycle: ScheduledCycle, daysBeforeClose: number): OutboxJob {
  const at = cycle.closesAt.getTime();
  return {
    queue: QUEUES.cycles,
    name: CYCLE_REMINDERS_JOB,
    jobId: `remind-${cycle.id}-${reminderRoundKey(daysBeforeClose, cycle.closesAt)}`,
    data: { cycleId: cycle.id, daysBeforeClose, closesAt: at },
    runAt: new Date(at - daysBeforeClose * DAY_MS),
  };
}

/**
 * The jobs an open cycle needs: its close, and a reminder round for each offset still ahead.
 * A reminder whose time has passed is left out: never sent late.
 */
export function cycleScheduleJobs(cycle: ScheduledCycle, now: Date): OutboxJob[] {
  const reminders = [...new Set(cycle.reminderDaysBeforeClose)]
    .map((days) => reminderRoundJob(cycle, days))
    .filter((job) => (job.runAt?.getTime() ?? 0) > now.getTime());
  return [closeJob(cycle), ...reminders];
}

/** Every job id a schedule may have written (for removal when it changes). */
export function cycleScheduleJobIds(cycle: ScheduledCycle): string[] {
  return [
    closeJob(cycle),
    ...cycle.reminderDaysBeforeClose.map((d) => reminderRoundJob(cycle, d)),
  ].map((job) => job.jobId);
}

/** The reports helper's job: computes every snapshot of a closed cycle, then sets reports_ready. */
export function cycleReportsJob(cycleId: string): OutboxJob {
  return {
    queue: QUEUES.reports,
    name: CYCLE_REPORTS_JOB,
    jobId: `reports-${cycleId}`,
    data: { cycleId },
  };
}

/** One "your report is ready" email per request and recipient (the leader, and the coach if any). */
export function reportReadyJob(feedbackRequestId: string, recipientId: string): OutboxJob {
  return {
    queue: QUEUES.mail,
    name: REPORT_READY_MAIL_JOB,
    jobId: `report-ready-${feedbackRequestId}-${recipientId}`,
    data: { feedbackRequestId, recipientId },
  };
}
