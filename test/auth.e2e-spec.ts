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

  it('signs a browser in through the page: GET shows a button, POST sets the cookie', async () => {
    const org = await t.factories.organisation();
    await t.factories.person(org.id, {
      email: 'browser@example.nhs.uk',
      name: 'Bea Browser',
      roles: ['coach'],
    });
    await t
      .http()
      .post('/sign-in/link')
      .type('form')
      .send({ email: 'browser@example.nhs.uk' })
      .expect(200);
    const token = tokenFrom((await t.smtp.waitForMailTo('browser@example.nhs.uk')).text);

    const page = await t.http().get(`/sign-in?token=${token}`).expect(200);
    expect(page.text).toContain('<button type="submit">Sign in</button>');
    // Opening the link (as a mail scanner would) consumed nothing: the POST still works.
    const post = await t.http().post('/sign-in').type('form').send({ token }).expect(303);
    expect(post.headers.location).toBe('/');
    const cookies = ([] as string[]).concat(post.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('c360_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);

    const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');
    const home = await t.http().get('/').set('Cookie', cookieHeader).expect(200);
    expect(home.text).toContain('Bea Browser');
    await t.http().get('/api/v1/me').set('Cookie', cookieHeader).expect(200);
  });

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
