import { TestApp } from './support/test-app';

/** The browser's cookie for a person's session (the queue view is a page, not an API). */
async function sessionCookie(t: TestApp, roles: ('admin' | 'coach' | 'leader')[]): Promise<string> {
  const org = await t.factories.organisation();
  const person = await t.factories.person(org.id, { roles });
  return `c360_session=${await t.factories.tokenFor(person)}`;
}

describe('the queue view (Bull Board) at /admin/queues', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows every queue to a signed-in admin', async () => {
    const cookie = await sessionCookie(t, ['admin']);
    const page = await t.http().get('/admin/queues').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Collective 360 queues');
    const api = await t.http().get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['cycles', 'mail', 'reports']);
  });

  it('sends a signed-out browser to sign in, and refuses everyone who is not an admin', async () => {
    const signedOut = await t.http().get('/admin/queues').expect(303);
    expect(signedOut.headers.location).toBe('/sign-in?next=%2Fadmin%2Fqueues');
    await t.http().get('/admin/queues/api/queues').expect(303);
    const coach = await sessionCookie(t, ['coach', 'leader']);
    const refused = await t.http().get('/admin/queues').set('Cookie', coach).expect(403);
    expect(refused.text).toBe('The queue view is for admins only.');
    await t.http().get('/admin/queues').set('Cookie', 'c360_session=forged').expect(303);
  });

  it('accepts a change only from its own page (CSRF: the browser says same-origin)', async () => {
    const cookie = await sessionCookie(t, ['admin']);
    const crossSite = await t
      .http()
      .put('/admin/queues/api/queues/mail/retry/failed')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .expect(403);
    expect(crossSite.text).toMatch(/must come from the queue view itself/);
    await t
      .http()
      .put('/admin/queues/api/queues/mail/retry/failed')
      .set('Cookie', cookie)
      .set('Origin', 'http://evil.example')
      .expect(403);
    await t
      .http()
      .put('/admin/queues/api/queues/mail/retry/failed')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(200);
    await t
      .http()
      .put('/admin/queues/api/queues/mail/retry/failed')
      .set('Cookie', cookie)
      .set('Origin', 'http://c360.test')
      .expect(200);
  });
});
