import { randomBytes } from 'node:crypto';
import type { Cycle } from '../src/modules/cycles/cycle.entity';
import { TestApp } from './support/test-app';

/**
 * Many leaders with many raters each, set-based: people, requests and nominations in three
 * statements (a factory call per row would take minutes).
 */
async function bulkParticipants(
  t: TestApp,
  cycle: Cycle,
  leaders: number,
  ratersEach: number,
): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  await t.dataSource.transaction(async (m) => {
    await m.query(
      `INSERT INTO people (organisation_id, email, name, roles)
       SELECT $1, 'leader.' || $2 || '.' || g || '@example.nhs.uk', 'Leader ' || g, '{leader}'
         FROM generate_series(1, $3::int) g`,
      [cycle.organisationId, tag, leaders],
    );
    await m.query(
      `INSERT INTO feedback_requests (organisation_id, cycle_id, leader_id)
       SELECT $1, $2, p.id FROM people p WHERE p.organisation_id = $1 AND p.email LIKE 'leader.' || $3 || '.%'`,
      [cycle.organisationId, cycle.id, tag],
    );
    await m.query(
      `INSERT INTO nominations (organisation_id, cycle_id, feedback_request_id, relationship, rater_name, email)
       SELECT $1, $2, fr.id, 'peer', 'Rater ' || r, 'rater.' || r || '.' || fr.id || '@example.nhs.uk'
         FROM feedback_requests fr CROSS JOIN generate_series(1, $3::int) r
        WHERE fr.cycle_id = $2`,
      [cycle.organisationId, cycle.id, ratersEach],
    );
  });
}

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
    const cycle = await t.factories.cycle(org.id, { reminderDaysBeforeClose: [7, 2] });
    await bulkParticipants(t, cycle, 1000, 12);

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
