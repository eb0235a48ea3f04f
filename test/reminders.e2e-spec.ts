import { Cycle } from '../src/modules/cycles/cycle.entity';
import { reminderJob } from '../src/modules/nominations/nomination-jobs';
import { ReminderComposer } from '../src/modules/nominations/reminder.composer';
import { OutboxService } from '../src/modules/outbox/outbox.service';
import { settle } from './support/settle';
import { raterToken, sha256Hex } from './support/rater-link';
import { CycleWorld, DAY, inAWhile } from './support/cycle-world';
import type { TestApp } from './support/test-app';

const world = CycleWorld.create();
const { draftWithRaters, open, nominationRows, remember, waitForNth } = world;
let t: TestApp;
beforeAll(() => {
  t = world.t;
});

describe('reminders', () => {
  it('reminds only raters who have neither answered nor declined, with a new link that replaces the old', async () => {
    const c = await draftWithRaters(4);
    await open(c);
    await settle(t);
    const [answered, declined, ...pending] = c.raters;
    await t.dataSource.query(`UPDATE nominations SET status = 'completed' WHERE id = $1`, [
      answered!.id,
    ]);
    await t.dataSource.query(`UPDATE nominations SET status = 'declined' WHERE id = $1`, [
      declined!.id,
    ]);
    const before = await nominationRows(c.cycleId);

    const res = await t.http().post(`/api/v1/cycles/${c.cycleId}/remind`).set(c.auth).expect(202);
    expect(res.body).toEqual({ queued: 3 }); // two pending raters and the leader's self-assessment
    await settle(t);

    expect(t.smtp.to(answered!.email)).toHaveLength(1);
    expect(t.smtp.to(declined!.email)).toHaveLength(1);
    const after = await nominationRows(c.cycleId);
    for (const email of [...pending.map((p) => p.email), c.leader.email]) {
      const mails = t.smtp.to(email);
      expect(mails).toHaveLength(2);
      const reminder = mails[1]!;
      expect(reminder.subject).toMatch(/^Reminder: /);
      expect(reminder.text).toContain('it replaces the one in earlier emails');
      const token = remember(reminder);
      expect(token).not.toBe(raterToken(mails[0]!));
      expect(after.find((r) => r.email === email)!.token_hash).toBe(sha256Hex(token));
      expect(before.find((r) => r.email === email)!.token_hash).not.toBe(sha256Hex(token));
    }

    // The same round again (a repeat of the job) sends nothing; a second round does.
    const outbox = t.app.get(OutboxService);
    await t.dataSource.transaction((m) =>
      outbox.add(
        m,
        pending.map((p) => reminderJob(p.id, 1)),
      ),
    );
    await settle(t);
    expect(t.smtp.to(pending[0]!.email)).toHaveLength(2);
    await t.http().post(`/api/v1/cycles/${c.cycleId}/remind`).set(c.auth).expect(202);
    remember(await waitForNth(pending[0]!.email, 3));
    await settle(t);
    const deliveries = await t
      .http()
      .get(`/api/v1/cycles/${c.cycleId}/deliveries`)
      .set(c.auth)
      .expect(200);
    expect(
      deliveries.body.items.find((d: { email: string }) => d.email === pending[0]!.email)
        .remindersSent,
    ).toBe(2);
  });

  it('composes reminders made at once in shared batches: one link each, a repeat skipped', async () => {
    // Concurrent reminder jobs share one link-issue statement and one sent-mark statement
    // (ReminderComposer); called in one tick, all but the first go in one batch together.
    const c = await draftWithRaters(3);
    await open(c);
    await settle(t);
    const composer = t.app.get(ReminderComposer);
    const [a, b, answered] = c.raters;
    await t.dataSource.query(`UPDATE nominations SET status = 'completed' WHERE id = $1`, [
      answered!.id,
    ]);
    // The first runs alone; the other four go together, each rater in it twice.
    const jobs = [answered, a, b, a, b].map((r) => ({ nominationId: r!.id, round: 1 }));
    const composed = await Promise.all(jobs.map((job) => composer.compose(job)));
    const sent = composed.map((x) => ('send' in x ? x.send.to : x.skip));
    expect(sent).toEqual([
      'the rater has answered',
      a!.email,
      b!.email,
      'another job is sending this reminder',
      'another job is sending this reminder',
    ]);
    const rows = await nominationRows(c.cycleId);
    for (const [rater, x] of [
      [a, composed[1]],
      [b, composed[2]],
    ] as const) {
      const text = x && 'send' in x ? x.send.text : '';
      const token = /\/r\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
      expect(rows.find((r) => r.email === rater!.email)!.token_hash).toBe(sha256Hex(token));
    }
    // Two rounds of one rater marked sent in one batch count twice; the round is the larger.
    await Promise.all([
      composer.markSent({ nominationId: a!.id, round: 1 }),
      composer.markSent({ nominationId: b!.id, round: 1 }),
      composer.markSent({ nominationId: a!.id, round: 2 }),
    ]);
    const marked = await t.dataSource.query(
      `SELECT id, reminders_sent, last_reminder_round FROM nominations WHERE id = ANY($1) ORDER BY id`,
      [[a!.id, b!.id]],
    );
    expect(
      Object.fromEntries(
        marked.map((r: { id: string; reminders_sent: number; last_reminder_round: number }) => [
          r.id,
          [r.reminders_sent, r.last_reminder_round],
        ]),
      ),
    ).toEqual({ [a!.id]: [2, 2], [b!.id]: [1, 1] });
  });

  it('sends scheduled reminders by themselves, skipping any whose time has passed', async () => {
    const c = await draftWithRaters(2, {
      cycle: { closesAt: inAWhile(DAY + 6_000), reminderDaysBeforeClose: [1, 7] },
    });
    await open(c);
    await settle(t);
    const jobs = await t.dataSource.query<{ job_id: string }[]>(
      `SELECT job_id FROM outbox_messages WHERE data->>'cycleId' = $1 AND queue = 'cycles' ORDER BY job_id`,
      [c.cycleId],
    );
    expect(jobs.map((j) => j.job_id.replace(/-\d+$/, ''))).toEqual([
      `close-${c.cycleId}`,
      `remind-${c.cycleId}-1d`,
    ]);
    await t.dataSource.query(`UPDATE nominations SET status = 'declined' WHERE id = $1`, [
      c.raters[0]!.id,
    ]);

    remember(await waitForNth(c.raters[1]!.email, 2));
    remember(await waitForNth(c.leader.email, 2));
    await settle(t);
    expect(t.smtp.to(c.raters[0]!.email)).toHaveLength(1);
    const cycle = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
    expect(cycle.reminderRounds).toBe(1);
  });

  it('refuses reminders and retries unless the cycle is open', async () => {
    const c = await draftWithRaters(1);
    const res = await t.http().post(`/api/v1/cycles/${c.cycleId}/remind`).set(c.auth).expect(409);
    expect(res.body).toMatchObject({
      code: 'CYCLE_LOCKED',
      message: expect.stringMatching(/The cycle is draft/),
    });
    await t.http().post(`/api/v1/cycles/${c.cycleId}/deliveries/retry`).set(c.auth).expect(409);
  });
});

it('leaves no rater email or token anywhere in Redis', async () => {
  await world.expectNoRaterEmailOrTokenInRedis(10);
});
