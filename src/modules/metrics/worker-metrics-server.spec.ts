import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { emailsTotal } from './metrics';
import { startWorkerMetricsServer } from './worker-metrics-server';

describe('a worker’s own metrics port', () => {
  const token = 'worker-scrape-token-0123456789abcdefghij';
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = await startWorkerMetricsServer(0, token);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the process’s counters to a scraper with the token', async () => {
    emailsTotal.inc({ job: 'rater-invitation', outcome: 'sent' });
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(
      /c360_emails_total\{job="rater-invitation",outcome="sent"\} 1/,
    );
  });

  it('refuses a scrape without the token, and serves nothing else', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const other = await fetch(`${base}/`, { headers: { Authorization: `Bearer ${token}` } });
    expect(other.status).toBe(404);
  });
});
