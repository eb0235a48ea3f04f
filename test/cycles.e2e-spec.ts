import { CycleWorld, DAY, inAWhile } from './support/cycle-world';
import type { TestApp } from './support/test-app';

const world = CycleWorld.create();
const { createCycle, draftWithRaters } = world;
let t: TestApp;
beforeAll(() => {
  t = world.t;
});

describe('cycles', () => {
  it('creates a draft with the defaults: threshold 3, manager not disclosed, reminders 7 and 2 days out', async () => {
    const { auth } = await t.factories.adminWorld();
    const seeded = await t.factories.defaultFramework();
    const closesAt = inAWhile(10 * DAY);
    const res = await t
      .http()
      .post('/api/v1/cycles')
      .set(auth)
      .send({ name: 'Spring 2026', closesAt })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Spring 2026',
      state: 'draft',
      frameworkId: seeded.id,
      anonymityThreshold: 3,
      managerDisclosed: false,
      reminderDaysBeforeClose: [7, 2],
      closesAt,
      reportsReady: false,
      progress: { requests: 0, invited: 0, completed: 0, declined: 0 },
    });
    const got = await t.http().get(`/api/v1/cycles/${res.body.id}`).set(auth).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('refuses a threshold below 3 and a closesAt in the past', async () => {
    const { auth } = await t.factories.adminWorld();
    const low = await t
      .http()
      .post('/api/v1/cycles')
      .set(auth)
      .send({ name: 'Too small', closesAt: inAWhile(DAY), anonymityThreshold: 2 })
      .expect(400);
    expect(JSON.stringify(low.body.message)).toMatch(
      /anonymityThreshold must be a whole number of at least 3/,
    );
    const past = await t
      .http()
      .post('/api/v1/cycles')
      .set(auth)
      .send({ name: 'Late', closesAt: inAWhile(-60_000) })
      .expect(400);
    expect(past.body.code).toBe('CLOSES_AT_IN_PAST');

    const id = await createCycle(auth);
    const patched = await t
      .http()
      .patch(`/api/v1/cycles/${id}`)
      .set(auth)
      .send({ anonymityThreshold: 2 })
      .expect(400);
    expect(JSON.stringify(patched.body.message)).toMatch(/at least 3/);
  });

  it('moves draft → open → closed → released and refuses every other step with 409', async () => {
    const c = await draftWithRaters(1);
    const base = `/api/v1/cycles/${c.cycleId}`;
    const expectIllegal = async (action: string, state: string) => {
      const res = await t.http().post(`${base}/${action}`).set(c.auth).expect(409);
      expect(res.body.code).toBe('CYCLE_ILLEGAL_TRANSITION');
      expect(res.body.message).toContain(`The cycle is ${state}`);
    };

    await expectIllegal('close', 'draft');
    await expectIllegal('release', 'draft');
    const opened = await t.http().post(`${base}/open`).set(c.auth).expect(200);
    expect(opened.body.state).toBe('open');
    await expectIllegal('open', 'open');
    await expectIllegal('release', 'open');

    const locked = await t
      .http()
      .patch(base)
      .set(c.auth)
      .send({ anonymityThreshold: 5, managerDisclosed: true })
      .expect(409);
    expect(locked.body.code).toBe('CYCLE_LOCKED');
    expect(locked.body.message).toMatch(
      /anonymityThreshold can change only while the cycle is a draft \(it is open\)/,
    );
    const renamed = await t.http().patch(base).set(c.auth).send({ name: 'Renamed' }).expect(200);
    expect(renamed.body.name).toBe('Renamed');

    const closed = await t.http().post(`${base}/close`).set(c.auth).expect(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    await expectIllegal('open', 'closed');
    await expectIllegal('close', 'closed');
    const reportsJob = await t.dataSource.query(
      `SELECT name, data FROM outbox_messages WHERE job_id = $1`,
      [`reports-${c.cycleId}`],
    );
    expect(reportsJob).toEqual([{ name: 'cycle-reports', data: { cycleId: c.cycleId } }]);

    await t.dataSource.query(`UPDATE cycles SET reports_ready = true WHERE id = $1`, [c.cycleId]);
    const released = await t.http().post(`${base}/release`).set(c.auth).expect(200);
    expect(released.body.state).toBe('released');
    await expectIllegal('open', 'released');
    await expectIllegal('release', 'released');
    const mails = await t.dataSource.query<{ job_id: string; data: unknown }[]>(
      `SELECT job_id, data FROM outbox_messages WHERE name = 'report-ready' AND job_id LIKE $1 ORDER BY job_id`,
      [`report-ready-${c.requestId}-%`],
    );
    expect(mails.map((m) => m.job_id).sort()).toEqual(
      [
        `report-ready-${c.requestId}-${c.leader.id}`,
        `report-ready-${c.requestId}-${c.coach.id}`,
      ].sort(),
    );
    expect(mails[0]!.data).toEqual({
      feedbackRequestId: c.requestId,
      recipientId: expect.any(String),
    });
  });

  it('releases only once the reports are ready', async () => {
    const { org, auth } = await t.factories.adminWorld();
    const cycle = await t.factories.cycle(org.id, { state: 'closed', closedAt: new Date() });
    const res = await t.http().post(`/api/v1/cycles/${cycle.id}/release`).set(auth).expect(409);
    expect(res.body.code).toBe('REPORTS_NOT_READY');
  });

  it('lists cycles a page at a time, newest first', async () => {
    const { auth } = await t.factories.adminWorld();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await createCycle(auth, { name: `List ${i}` }));
    const page = await t.http().get('/api/v1/cycles?page=2&limit=2').set(auth).expect(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
  });

  it('shows another organisation only 404s', async () => {
    const c = await draftWithRaters(1);
    const other = await t.factories.adminWorld();
    const base = `/api/v1/cycles/${c.cycleId}`;
    await t.http().get(base).set(other.auth).expect(404);
    await t.http().patch(base).set(other.auth).send({ name: 'Mine now' }).expect(404);
    await t.http().post(`${base}/open`).set(other.auth).expect(404);
    await t
      .http()
      .post(`${base}/participants`)
      .set(other.auth)
      .send({ leaders: [{ personId: c.leader.id }] })
      .expect(404);
    await t.http().get(`${base}/deliveries`).set(other.auth).expect(404);
    await t.http().post(`${base}/remind`).set(other.auth).expect(404);
    await t.http().get(`/api/v1/feedback-requests/${c.requestId}`).set(other.auth).expect(404);
    await t
      .http()
      .post(`/api/v1/feedback-requests/${c.requestId}/nominations`)
      .set(other.auth)
      .send({ raters: [{ email: 'x@example.nhs.uk', name: 'X', relationship: 'peer' }] })
      .expect(404);
  });
});

it('documents every route of frameworks, cycles and feedback requests in /docs-json, with bearer auth', async () => {
  const doc = (await t.http().get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  const routes: [string, string][] = [
    ['get', '/api/v1/frameworks'],
    ['post', '/api/v1/frameworks'],
    ['get', '/api/v1/frameworks/{id}'],
    ['get', '/api/v1/cycles'],
    ['post', '/api/v1/cycles'],
    ['get', '/api/v1/cycles/{id}'],
    ['patch', '/api/v1/cycles/{id}'],
    ['post', '/api/v1/cycles/{id}/participants'],
    ['post', '/api/v1/cycles/{id}/open'],
    ['post', '/api/v1/cycles/{id}/close'],
    ['post', '/api/v1/cycles/{id}/release'],
    ['post', '/api/v1/cycles/{id}/remind'],
    ['get', '/api/v1/cycles/{id}/deliveries'],
    ['post', '/api/v1/cycles/{id}/deliveries/retry'],
    ['get', '/api/v1/feedback-requests'],
    ['get', '/api/v1/feedback-requests/{id}'],
    ['post', '/api/v1/feedback-requests/{id}/nominations'],
    ['delete', '/api/v1/feedback-requests/{id}/nominations/{nominationId}'],
  ];
  const undocumented = routes.filter(
    ([method, path]) => !doc.paths[path]?.[method]?.security?.length,
  );
  expect(undocumented).toEqual([]);
});
