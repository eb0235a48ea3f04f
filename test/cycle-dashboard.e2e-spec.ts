import { CycleDashboardService } from '../src/modules/cycles/cycle-dashboard.service';
import { CycleLifecycleService } from '../src/modules/cycles/cycle-lifecycle.service';
import { DeliveriesService } from '../src/modules/nominations/deliveries.service';
import { RemindersService } from '../src/modules/nominations/reminders.service';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * What the cycle dashboard reads and the counts its confirmation pages give, against real
 * PostgreSQL, Redis and SMTP: progress per unit, relationship and leader; deliveries per status
 * with the failed ones; how many emails each action sends (checked against the emails that
 * actually arrive); and an action sent twice happening once.
 */
describe('cycle dashboard and confirmed actions', () => {
  let t: TestApp;
  let dashboard: CycleDashboardService;
  let lifecycle: CycleLifecycleService;
  let deliveries: DeliveriesService;
  let reminders: RemindersService;

  beforeAll(async () => {
    t = await TestApp.create();
    dashboard = t.app.get(CycleDashboardService);
    lifecycle = t.app.get(CycleLifecycleService);
    deliveries = t.app.get(DeliveriesService);
    reminders = t.app.get(RemindersService);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts what each action sends, sends it once when asked twice, and shows progress and deliveries', async () => {
    const { org, auth } = await t.factories.adminWorld();
    const wards = await t.factories.unit(org.id, { name: 'Wards' });
    const theatres = await t.factories.unit(org.id, { name: 'Theatres' });
    const leader = (name: string, unitId: string | null) =>
      t.factories.person(org.id, { name, roles: ['leader'], unitId });
    const amy = await leader('Amy Adams', wards.id);
    const ben = await leader('Ben Brown', wards.id);
    const cat = await leader('Cat Cole', theatres.id);
    const coach = await t.factories.person(org.id, { name: 'Cora Coach', roles: ['coach'] });
    const cycle = await t.factories.cycle(org.id, { name: 'Spring' });
    const enrolled = await t
      .http()
      .post(`/api/v1/cycles/${cycle.id}/participants`)
      .set(auth)
      .send({
        leaders: [
          { personId: amy.id, coachId: coach.id },
          { personId: ben.id },
          { personId: cat.id },
        ],
      })
      .expect(201);
    const requestOf = new Map<string, string>(
      enrolled.body.requests.map((r: { id: string; leaderId: string }) => [r.leaderId, r.id]),
    );
    const nominate = (leaderId: string, raters: { email: string; relationship: string }[]) =>
      t
        .http()
        .post(`/api/v1/feedback-requests/${requestOf.get(leaderId)}/nominations`)
        .set(auth)
        .send({ raters: raters.map((r) => ({ ...r, name: r.email.split('@')[0] })) })
        .expect(201);
    await nominate(amy.id, [
      { email: 'p1@example.nhs.uk', relationship: 'peer' },
      { email: 'p2@example.nhs.uk', relationship: 'peer' },
      { email: 'p3@example.nhs.uk', relationship: 'peer' },
      { email: 'bounce@example.nhs.uk', relationship: 'direct_report' },
    ]);
    await nominate(ben.id, [
      { email: 'p4@example.nhs.uk', relationship: 'peer' },
      { email: 'p5@example.nhs.uk', relationship: 'peer' },
    ]);

    // Opening: 3 self-assessments + 6 raters.
    expect(await lifecycle.emailsFor(org.id, cycle.id, 'open')).toBe(9);
    t.smtp.failRecipients((address) =>
      address === 'bounce@example.nhs.uk'
        ? { code: 550, message: '5.1.1 Mailbox unavailable' }
        : null,
    );
    expect(await lifecycle.open(org.id, cycle.id, { repeatIsDone: true })).toBe('done');
    expect(await lifecycle.open(org.id, cycle.id, { repeatIsDone: true })).toBe('already-done');
    const again = await t.http().post(`/api/v1/cycles/${cycle.id}/open`).set(auth).expect(409);
    expect(again.body.code).toBe('CYCLE_ILLEGAL_TRANSITION');
    await t.drain();
    await t.smtp.waitForCount(8);
    await waitFor(async () => (await deliveries.summary(org.id, cycle.id)).counts.failed === 1, {
      what: 'the bounce to be recorded',
    });
    expect(t.smtp.messages).toHaveLength(8);
    expect(await lifecycle.emailsFor(org.id, cycle.id, 'open')).toBe(0);

    const withFailure = await deliveries.summary(org.id, cycle.id);
    expect(withFailure.counts).toEqual({ unsent: 0, queued: 0, sent: 8, failed: 1 });
    expect(withFailure.retryable).toBe(1);
    expect(withFailure.failed).toEqual([
      {
        email: 'bounce@example.nhs.uk',
        name: 'bounce',
        leaderName: 'Amy Adams',
        lastError: expect.stringContaining('550'),
      },
    ]);

    // The server accepts again: a retry sends the one failed invitation, a second retry nothing.
    t.smtp.failRecipients(() => null);
    expect(await deliveries.retryFailed(org.id, cycle.id)).toBe(1);
    expect(await deliveries.retryFailed(org.id, cycle.id)).toBe(0);
    await t.drain();
    await t.smtp.waitForMailTo('bounce@example.nhs.uk');
    await waitFor(async () => (await deliveries.summary(org.id, cycle.id)).counts.sent === 9, {
      what: 'every invitation sent',
    });
    expect((await deliveries.summary(org.id, cycle.id)).failed).toEqual([]);

    // Two peers of Amy answer, one of Ben's declines.
    await t.dataSource.query(
      `UPDATE nominations SET status = 'completed' WHERE cycle_id = $1 AND email IN ('p1@example.nhs.uk', 'p2@example.nhs.uk')`,
      [cycle.id],
    );
    await t.dataSource.query(
      `UPDATE nominations SET status = 'declined' WHERE cycle_id = $1 AND email = 'p4@example.nhs.uk'`,
      [cycle.id],
    );

    expect(await dashboard.byRelationship(org.id, cycle.id)).toEqual([
      { relationship: 'self', invited: 3, answered: 0, declined: 0 },
      { relationship: 'peer', invited: 5, answered: 2, declined: 1 },
      { relationship: 'direct_report', invited: 1, answered: 0, declined: 0 },
    ]);
    expect(await dashboard.byUnit(org.id, cycle.id)).toEqual([
      {
        unitId: theatres.id,
        unitName: 'Theatres',
        leaders: 1,
        invited: 1,
        answered: 0,
        declined: 0,
      },
      { unitId: wards.id, unitName: 'Wards', leaders: 2, invited: 8, answered: 2, declined: 1 },
    ]);
    const leaders = await dashboard.leaders(org.id, cycle.id, { offset: 0, limit: 2 });
    expect(leaders.total).toBe(3);
    expect(leaders.items).toEqual([
      expect.objectContaining({
        leaderName: 'Amy Adams',
        unitName: 'Wards',
        coachName: 'Cora Coach',
        requestId: requestOf.get(amy.id),
        invited: 5,
        answered: 2,
      }),
      expect.objectContaining({
        leaderName: 'Ben Brown',
        coachName: null,
        invited: 3,
        declined: 1,
      }),
    ]);

    // Reminders: everyone delivered who has neither answered nor declined; a form sent twice
    // (both saw round 0) starts one round.
    const due = await reminders.countDue(org.id, cycle.id);
    expect(due).toBe(6);
    t.smtp.clear();
    expect(await reminders.remindNow(org.id, cycle.id, { afterRound: 0 })).toBe(6);
    expect(await reminders.remindNow(org.id, cycle.id, { afterRound: 0 })).toBeNull();
    await t.drain();
    await t.smtp.waitForCount(6);
    expect(t.smtp.messages.map((m) => m.to[0]).sort()).toEqual(
      [amy, ben, cat]
        .map((p) => p.email)
        .concat(['bounce@example.nhs.uk', 'p3@example.nhs.uk', 'p5@example.nhs.uk'])
        .sort(),
    );

    // Close sends nothing; twice is once. Release: three leaders and Amy's coach.
    expect(await lifecycle.emailsFor(org.id, cycle.id, 'close')).toBe(0);
    expect(await lifecycle.close(org.id, cycle.id, { repeatIsDone: true })).toBe('done');
    expect(await lifecycle.close(org.id, cycle.id, { repeatIsDone: true })).toBe('already-done');
    await waitFor(
      async () =>
        (await t.http().get(`/api/v1/cycles/${cycle.id}`).set(auth)).body.reportsReady === true,
      { what: 'reports to be ready', timeoutMs: 30_000 },
    );
    expect(await lifecycle.emailsFor(org.id, cycle.id, 'release')).toBe(4);
    t.smtp.clear();
    const releases = await Promise.all([
      lifecycle.release(org.id, cycle.id, { repeatIsDone: true }),
      lifecycle.release(org.id, cycle.id, { repeatIsDone: true }),
    ]);
    expect(releases.sort()).toEqual(['already-done', 'done']);
    await t.drain();
    await t.smtp.waitForCount(4);
    expect(t.smtp.messages.flatMap((m) => m.to).sort()).toEqual(
      [amy, ben, cat, coach].map((p) => p.email).sort(),
    );
  });

  it("answers 404 for another organisation's cycle", async () => {
    const mine = await t.factories.adminWorld();
    const theirs = await t.factories.adminWorld();
    const cycle = await t.factories.cycle(theirs.org.id);
    const notFound = expect.objectContaining({ code: 'NOT_FOUND' });
    await expect(dashboard.byUnit(mine.org.id, cycle.id)).rejects.toEqual(notFound);
    await expect(dashboard.byRelationship(mine.org.id, cycle.id)).rejects.toEqual(notFound);
    await expect(dashboard.leaders(mine.org.id, cycle.id, { offset: 0, limit: 5 })).rejects.toEqual(
      notFound,
    );
    await expect(deliveries.summary(mine.org.id, cycle.id)).rejects.toEqual(notFound);
    await expect(lifecycle.emailsFor(mine.org.id, cycle.id, 'open')).rejects.toEqual(notFound);
    expect(await reminders.countDue(mine.org.id, cycle.id)).toBe(0);
    await expect(lifecycle.open(mine.org.id, cycle.id, { repeatIsDone: true })).rejects.toEqual(
      notFound,
    );
    await expect(reminders.remindNow(mine.org.id, cycle.id, { afterRound: 0 })).rejects.toEqual(
      notFound,
    );
  });
});
