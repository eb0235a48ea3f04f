import { CycleFactories } from './support/cycle-factories';
import { TestApp } from './support/test-app';

/** Opening a large cycle is a handful of set-based statements in one transaction. */
describe('opening a cycle of 1,000 leaders with 12 raters each', () => {
  let t: TestApp;

  beforeAll(async () => {
    // API only: the jobs are queued but nothing is sent.
    t = await TestApp.create({ worker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('queues 13,000 invitations (12,000 raters and 1,000 self-assessments), one outbox job each', async () => {
    const { org, auth } = await t.factories.adminWorld();
    const cycles = new CycleFactories(t.app);
    const cycle = await cycles.cycle(org.id, { reminderDaysBeforeClose: [7, 2] });
    await cycles.bulkParticipants(cycle, 1000, 12);

    const res = await t.http().post(`/api/v1/cycles/${cycle.id}/open`).set(auth).expect(200);
    expect(res.body).toMatchObject({ state: 'open', progress: { requests: 1000, invited: 13000 } });

    const nominations = await t.dataSource.query(
      `SELECT relationship = 'self' AS self, delivery_status, count(*)::int AS n
         FROM nominations WHERE cycle_id = $1 GROUP BY 1, 2 ORDER BY 1`,
      [cycle.id],
    );
    expect(nominations).toEqual([
      { self: false, delivery_status: 'queued', n: 12000 },
      { self: true, delivery_status: 'queued', n: 1000 },
    ]);
    const jobs = await t.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT job_id)::int AS distinct_ids
         FROM outbox_messages o JOIN nominations n ON o.job_id = 'invite-' || n.id
        WHERE n.cycle_id = $1 AND o.name = 'invitation'`,
      [cycle.id],
    );
    expect(jobs).toEqual([{ n: 13000, distinct_ids: 13000 }]);
    const scheduled = await t.dataSource.query(
      `SELECT name FROM outbox_messages WHERE queue = 'cycles' AND data->>'cycleId' = $1 ORDER BY name, job_id`,
      [cycle.id],
    );
    expect(scheduled.map((s: { name: string }) => s.name)).toEqual([
      'close-cycle',
      'cycle-reminders',
      'cycle-reminders',
    ]);
  });
});
