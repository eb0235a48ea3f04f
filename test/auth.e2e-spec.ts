import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestApp } from './support/test-app';

function tokenFrom(text: string): string {
  const match = /\/sign-in\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no sign-in link in: ${text}`);
  return match[1];
}

describe('passwordless sign-in', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  it('emails a link through real SMTP that signs in once and only once', async () => {
    const org = await t.factories.organisation();
    const person = await t.factories.person(org.id, {
      email: 'grace@example.nhs.uk',
      name: 'Grace Hopper',
      roles: ['leader'],
    });

    await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .send({ email: 'Grace@Example.nhs.uk ' })
      .expect(202);
    const mail = await t.smtp.waitForMailTo('grace@example.nhs.uk');
    expect(mail.subject).toMatch(/sign-in link/i);
    expect(mail.html).toContain('/sign-in?token=');
    const token = tokenFrom(mail.text);
    expect(tokenFrom(mail.html)).toBe(token);
    expect(mail.text).toContain('http://c360.test/sign-in?token=');

    const first = await t.http().post('/api/v1/auth/sessions').send({ token }).expect(201);
    expect(first.body.person).toMatchObject({
      id: person.id,
      email: 'grace@example.nhs.uk',
      roles: ['leader'],
    });
    const me = await t
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${first.body.accessToken}`)
      .expect(200);
    expect(me.body.name).toBe('Grace Hopper');

    const second = await t.http().post('/api/v1/auth/sessions').send({ token }).expect(401);
    expect(second.body.code).toBe('SIGN_IN_LINK_INVALID');
  });

  it('stores only the hash of the token', async () => {
    const org = await t.factories.organisation();
    await t.factories.person(org.id, { email: 'hash@example.nhs.uk' });
    await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .send({ email: 'hash@example.nhs.uk' })
      .expect(202);
    const token = tokenFrom((await t.smtp.waitForMailTo('hash@example.nhs.uk')).text);
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT encode(token_hash, 'hex') AS h FROM sign_in_links`);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('refuses an expired link', async () => {
    const org = await t.factories.organisation();
    await t.factories.person(org.id, { email: 'late@example.nhs.uk' });
    await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .send({ email: 'late@example.nhs.uk' })
      .expect(202);
    const token = tokenFrom((await t.smtp.waitForMailTo('late@example.nhs.uk')).text);
    await t.dataSource.query(`UPDATE sign_in_links SET expires_at = now() - interval '1 second'`);
    const res = await t.http().post('/api/v1/auth/sessions').send({ token }).expect(401);
    expect(res.body.message).toMatch(/expired/);
  });

  it('answers 202 for an unknown email and sends nothing', async () => {
    const before = t.smtp.messages.length;
    await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .send({ email: 'nobody@example.nhs.uk' })
      .expect(202);
    await t.drain();
    expect(t.smtp.messages.length).toBe(before);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages`);
    expect(rows[0].n).toBe(3);
  });

  it('rejects a malformed email with a message a person can act on', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .send({ email: 'not-an-email' })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/email must be an email address/);
  });

  /** The page's CSRF cookie and the same token from its form, as a browser would send them. */
  function csrfOf(page: { text: string; headers: Record<string, unknown> }): {
    cookie: string;
    token: string;
  } {
    const cookies = ([] as string[]).concat((page.headers['set-cookie'] as string[]) ?? []);
    const cookie = cookies.find((c) => c.startsWith('c360_csrf='))!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return { cookie, token };
  }

  it("gives a script of this site the browser's CSRF token, and the cookie stays HttpOnly", async () => {
    const first = await t.http().get('/api/v1/auth/csrf-token').expect(200);
    expect(first.headers['cache-control']).toMatch(/no-store/);
    const set = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    const cookie = set.find((c) => c.startsWith('c360_csrf='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const token = (first.body as { token: string }).token;
    expect(cookie.split(';')[0]).toBe(`c360_csrf=${token}`);
    // Asked again with the cookie, the same token (a form already on screen stays valid).
    const again = await t
      .http()
      .get('/api/v1/auth/csrf-token')
      .set('Cookie', cookie.split(';')[0]!)
      .expect(200);
    expect(again.body).toEqual({ token });
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('signs a browser in through the page: GET shows a button, POST sets the cookie', async () => {
    const org = await t.factories.organisation();
    await t.factories.person(org.id, {
      email: 'browser@example.nhs.uk',
      name: 'Bea Browser',
      roles: ['coach'],
    });
    const form = await t.http().get('/sign-in').expect(200);
    const first = csrfOf(form);
    await t
      .http()
      .post('/sign-in/link')
      .set('Cookie', first.cookie)
      .type('form')
      .send({ email: 'browser@example.nhs.uk', _csrf: first.token })
      .expect(200);
    const token = tokenFrom((await t.smtp.waitForMailTo('browser@example.nhs.uk')).text);

    const page = await t.http().get(`/sign-in?token=${token}`).expect(200);
    expect(page.text).toMatch(/<button[^>]*>\s*Sign in\s*<\/button>/);
    const { cookie, token: csrf } = csrfOf(page);
    // Without the page's CSRF token the POST changes nothing (a login CSRF is refused).
    const refused = await t.http().post('/sign-in').type('form').send({ token }).expect(403);
    expect(refused.text).toContain('The form has expired');
    // Opening the link (as a mail scanner would) consumed nothing: the POST still works.
    const post = await t
      .http()
      .post('/sign-in')
      .set('Cookie', cookie)
      .type('form')
      .send({ token, _csrf: csrf })
      .expect(303);
    expect(post.headers.location).toBe('/');
    const cookies = ([] as string[]).concat(post.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('c360_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    // The CSRF cookie is HttpOnly too: no script reads it (the docs page asks for the token).
    const csrfCookie = cookies.find((c) => c.startsWith('c360_csrf='))!;
    expect(csrfCookie).toMatch(/HttpOnly/);

    const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');
    const home = await t.http().get('/').set('Cookie', cookieHeader).expect(200);
    expect(home.text).toContain('Bea Browser');
    await t.http().get('/api/v1/me').set('Cookie', cookieHeader).expect(200);
  });

  it.each([
    [
      '/requests/0b7c3c4e-1111-4a4a-9a9a-222222222222/report?x=1',
      '/requests/0b7c3c4e-1111-4a4a-9a9a-222222222222/report?x=1',
    ],
    ['https://evil.example/steal', '/'],
    ['//evil.example/steal', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
  ])(
    'keeps next=%s through the emailed link only when it is a path on this site',
    async (next, lands) => {
      const org = await t.factories.organisation();
      const person = await t.factories.person(org.id, { roles: ['coach'] });
      const form = await t
        .http()
        .get(`/sign-in?next=${encodeURIComponent(next)}`)
        .expect(200);
      const csrf = csrfOf(form);
      await t
        .http()
        .post('/sign-in/link')
        .set('Cookie', csrf.cookie)
        .type('form')
        .send({ email: person.email, _csrf: csrf.token, next })
        .expect(200);
      const mail = await t.smtp.waitForMailTo(person.email);
      const link = /http:\/\/c360\.test(\/sign-in\?token=[^\s"<]+)/.exec(mail.text)![1]!;
      expect(link.includes('next=')).toBe(lands !== '/');
      const page = await t.http().get(link).expect(200);
      const confirm = csrfOf(page);
      const hiddenNext = /name="next" value="([^"]*)"/.exec(page.text)?.[1];
      const post = await t
        .http()
        .post('/sign-in')
        .set('Cookie', confirm.cookie)
        .type('form')
        .send({
          token: tokenFrom(link),
          _csrf: confirm.token,
          next: hiddenNext ? hiddenNext.replace(/&amp;/g, '&') : undefined,
        })
        .expect(303);
      expect(post.headers.location).toBe(lands);
    },
  );

  it('needs the CSRF token for a cookie-authenticated change of state', async () => {
    const org = await t.factories.organisation();
    const admin = await t.factories.person(org.id, { roles: ['admin'] });
    const jwt = await t.factories.tokenFor(admin);
    const res = await t
      .http()
      .post('/api/v1/units')
      .set('Cookie', `c360_session=${jwt}; c360_csrf=abc123abc123`)
      .send({ name: 'Wards' })
      .expect(403);
    expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
  });
});
