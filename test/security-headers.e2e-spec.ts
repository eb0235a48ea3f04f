import type { Response } from 'supertest';
import { TestApp } from './support/test-app';

function expectNoFraming(res: Response): void {
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
}

describe('headers on personal data', () => {
  let t: TestApp;
  let bearer: { Authorization: string };

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
    ({ auth: bearer } = await t.factories.adminWorld());
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['/api/v1/me', '/api/v1/people', '/api/v1/units', '/api/v1/frameworks'])(
    'an authenticated answer (%s) is never stored by a browser or proxy',
    async (path) => {
      const res = await t.http().get(path).set(bearer).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
    },
  );

  it('error answers are not stored either', async () => {
    const res = await t.http().get('/api/v1/people?page=0').set(bearer).expect(400);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('denies browser features the service never uses, and every kind of framing', async () => {
    for (const path of ['/api/v1/me', '/sign-in', '/health']) {
      const res = await t.http().get(path).set(bearer);
      expect(res.headers['permissions-policy']).toContain('camera=()');
      expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['permissions-policy']).toContain('geolocation=()');
      expect(res.headers['permissions-policy']).toContain('microphone=()');
      expectNoFraming(res);
    }
  });

  it('tells the browser to clear its cookies and storage on sign-out', async () => {
    // Sign-out is a form like any other: it carries the CSRF token (cookie and field).
    await t.http().post('/sign-in/out').expect(403);
    const res = await t
      .http()
      .post('/sign-in/out')
      .set('Cookie', 'c360_csrf=abcdefghijklmnopqrstuvwx')
      .type('form')
      .send({ _csrf: 'abcdefghijklmnopqrstuvwx' })
      .expect(303);
    expect(res.headers.location).toBe('/sign-in?signedOut=1');
    expect(res.headers['clear-site-data']).toBe('"cookies", "storage"');
    const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cleared.some((c) => /^c360_session=;/.test(c))).toBe(true);
  });
});
