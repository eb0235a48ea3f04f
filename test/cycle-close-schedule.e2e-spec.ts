import { CycleLifecycleService } from '../src/modules/cycles/cycle-lifecycle.service';
import { Cycle } from '../src/modules/cycles/cycle.entity';
import { settle } from './support/settle';
import { waitFor } from './support/wait-for';
import { CycleWorld, inAWhile } from './support/cycle-world';
import type { TestApp } from './support/test-app';

const world = CycleWorld.create();
const { draftWithRaters, open, remember } = world;
let t: TestApp;
beforeAll(() => {
  t = world.t;
});

describe('closing on schedule', () => {
  const stateOf = async (id: string) =>
    (await t.dataSource.getRepository(Cycle).findOneByOrFail({ id })).state;

  it('closes the cycle by itself at closesAt', async () => {
    const c = await draftWithRaters(1, { cycle: { closesAt: inAWhile(3_000) } });
    await open(c);
    await settle(t);
    await waitFor(async () => (await stateOf(c.cycleId)) === 'closed', {
      timeoutMs: 20_000,
      what: 'the cycle to close',
    });
    const res = await t.http().get(`/api/v1/cycles/${c.cycleId}`).set(c.auth).expect(200);
    expect(res.body.closedAt).not.toBeNull();
    const reports = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE job_id = $1`,
      [`reports-${c.cycleId}`],
    );
    expect(reports[0].n).toBe(1);
    remember(t.smtp.to(c.raters[0]!.email)[0]!);
  });

  it('reschedules the close when closesAt changes, earlier or later', async () => {
    const c = await draftWithRaters(1, { cycle: { closesAt: inAWhile(3_600_000) } });
    await open(c);
    await settle(t);
    const before = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
    const oldJob = `close-${c.cycleId}-${before.closesAt.getTime()}`;
    expect(await t.queue('cycles').getJob(oldJob)).toBeDefined();

    const soon = inAWhile(3_000);
    await t
      .http()
      .patch(`/api/v1/cycles/${c.cycleId}`)
      .set(c.auth)
      .send({ closesAt: soon })
      .expect(200);
    expect(await t.queue('cycles').getJob(oldJob)).toBeUndefined();
    await waitFor(async () => (await stateOf(c.cycleId)) === 'closed', {
      timeoutMs: 20_000,
      what: 'the cycle to close',
    });
    remember(t.smtp.to(c.raters[0]!.email)[0]!);

    const later = await draftWithRaters(1, { cycle: { closesAt: inAWhile(60_000) } });
    await open(later);
    await settle(t);
    const first = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: later.cycleId });
    const res = await t
      .http()
      .patch(`/api/v1/cycles/${later.cycleId}`)
      .set(later.auth)
      .send({ closesAt: inAWhile(3_600_000) })
      .expect(200);
    await settle(t);
    expect(
      await t.queue('cycles').getJob(`close-${later.cycleId}-${first.closesAt.getTime()}`),
    ).toBeUndefined();
    expect(
      await t
        .queue('cycles')
        .getJob(`close-${later.cycleId}-${new Date(res.body.closesAt).getTime()}`),
    ).toBeDefined();
    // Were the old job to run anyway, it would find the cycle rescheduled and skip.
    expect(
      await t.app.get(CycleLifecycleService).closeIfDue(later.cycleId, first.closesAt.getTime()),
    ).toBe('skipped');
    expect(await stateOf(later.cycleId)).toBe('open');
    remember(t.smtp.to(later.raters[0]!.email)[0]!);
    const past = await t
      .http()
      .patch(`/api/v1/cycles/${later.cycleId}`)
      .set(later.auth)
      .send({ closesAt: inAWhile(-1000) })
      .expect(400);
    expect(past.body.code).toBe('CLOSES_AT_IN_PAST');
  });

  it('is idempotent with a manual close', async () => {
    const c = await draftWithRaters(1);
    await open(c);
    await t.http().post(`/api/v1/cycles/${c.cycleId}/close`).set(c.auth).expect(200);
    const closed = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
    expect(
      await t.app.get(CycleLifecycleService).closeIfDue(c.cycleId, closed.closesAt.getTime()),
    ).toBe('skipped');
    const again = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
    expect(again.closedAt).toEqual(closed.closedAt);
    const reports = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE job_id = $1`,
      [`reports-${c.cycleId}`],
    );
    expect(reports[0].n).toBe(1);
    await settle(t);
    for (const r of c.raters) for (const m of t.smtp.to(r.email)) remember(m);
  });
});
