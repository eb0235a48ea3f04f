import { processMetricsRunning } from '../src/modules/metrics/process-metrics';
import { TestApp } from './support/test-app';

const METRICS_TOKEN = 'scrape-token-0123456789-abcdefghijklmnop';

/** The value of one sample line, e.g. `c360_emails_total{job="sign-in-link",outcome="sent"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await t.close();
    // A closed app leaves no observer behind to keep its modules alive (process-metrics.ts).
    expect(processMetricsRunning()).toBe(false);
  });

  it('answers a scrape with the metrics token, in Prometheus text', async () => {
    const res = await t
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toContain('# TYPE c360_http_request_duration_seconds histogram');
    expect(res.text).toContain('# TYPE c360_queue_jobs gauge');
    expect(res.text).toContain('c360_process_resident_memory_bytes');
  });

  it('answers a signed-in admin, and nobody else', async () => {
    const { auth } = await t.factories.adminWorld();
    await t.http().get('/metrics').set(auth).expect(200);
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('Authorization', 'Bearer wrong-token').expect(401);
    const org = await t.factories.organisation();
    const coach = await t.factories.person(org.id, { roles: ['coach', 'leader'] });
    await t
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${await t.factories.tokenFor(coach)}`)
      .expect(403);
  });

  it('counts requests by route template (never by id), emails by outcome, and queue depth', async () => {
    const { org, auth } = await t.factories.adminWorld();
    const person = await t.factories.person(org.id, { email: 'metrics@example.nhs.uk' });
    await t.http().get(`/api/v1/people/${person.id}`).set(auth);
    await t.http().get('/api/v1/units').set(auth).expect(200);
    await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .send({ email: 'metrics@example.nhs.uk' })
      .expect(202);
    await t.smtp.waitForMailTo('metrics@example.nhs.uk');
    await t.drain();

    const text = (
      await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)
    ).text;
    const units = { method: 'GET', route: '/api/v1/units', status: '200' };
    expect(sample(text, 'c360_http_request_duration_seconds_count', units)).toBeGreaterThan(0);
    expect(text).not.toContain(person.id);
    expect(
      sample(text, 'c360_emails_total', { job: 'sign-in-link', outcome: 'sent' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'c360_queue_jobs', { queue: 'mail', state: 'waiting' })).toBe(0);
    expect(sample(text, 'c360_queue_jobs', { queue: 'mail', state: 'completed' })).toBeGreaterThan(
      0,
    );
  });
});
