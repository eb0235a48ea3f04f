import { QUEUES } from '../outbox/queue-names';
import {
  closeJob,
  cycleScheduleJobIds,
  cycleScheduleJobs,
  reminderRoundKey,
} from './cycle-schedule';

const DAY = 24 * 3600 * 1000;
const closesAt = new Date('2026-04-17T16:00:00Z');
const cycle = {
  id: '7c1d7a3e-0000-4000-8000-000000000001',
  closesAt,
  reminderDaysBeforeClose: [7, 2],
};

describe('cycle schedule', () => {
  it('names the close job after the closesAt it was made for', () => {
    expect(closeJob(cycle)).toEqual({
      queue: QUEUES.cycles,
      name: 'close-cycle',
      jobId: `close-${cycle.id}-${closesAt.getTime()}`,
      data: { cycleId: cycle.id, closesAt: closesAt.getTime() },
      runAt: closesAt,
    });
  });

  it('schedules each reminder still ahead, and skips one whose time has passed', () => {
    const now = new Date(closesAt.getTime() - 5 * DAY);
    const jobs = cycleScheduleJobs(cycle, now);
    expect(jobs.map((j) => j.name)).toEqual(['close-cycle', 'cycle-reminders']);
    expect(jobs[1]).toMatchObject({
      jobId: `remind-${cycle.id}-2d-${closesAt.getTime()}`,
      data: { cycleId: cycle.id, daysBeforeClose: 2, closesAt: closesAt.getTime() },
      runAt: new Date(closesAt.getTime() - 2 * DAY),
    });
  });

  it('makes job ids without ":" (BullMQ 6 refuses them)', () => {
    for (const id of cycleScheduleJobIds(cycle)) expect(id).not.toContain(':');
  });

  it('keys a scheduled round by its offset and closesAt', () => {
    expect(reminderRoundKey(7, closesAt)).toBe(`7d-${closesAt.getTime()}`);
  });
});
