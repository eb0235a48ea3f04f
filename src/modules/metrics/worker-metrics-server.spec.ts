import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emailsTotal } from './metrics';
import { startWorkerMetricsServer } from './worker-metrics-server';

/**
 * One GET on a connection of its own, closed after the answer (fetch would keep its socket in
 * the process-wide pool for seconds after the test, holding jest's worker open).
 */
function scrape(url: string, token?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    get(url, { agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject);
  });
}

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
    const res = await scrape(`${base}/metrics`, token);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/c360_emails_total\{job="rater-invitation",outcome="sent"\} 1/);
  });

  it('refuses a scrape without the token, and serves nothing else', async () => {
    expect((await scrape(`${base}/metrics`)).status).toBe(401);
    expect((await scrape(`${base}/metrics`, 'nope')).status).toBe(401);
    expect((await scrape(`${base}/`, token)).status).toBe(404);
  });
});
