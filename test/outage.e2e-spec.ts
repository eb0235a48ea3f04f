import { JSDOM } from 'jsdom';
import { TEST_FRAMEWORK } from './support/factories';
import { TcpProxy } from './support/tcp-proxy';
import { ADMIN_URL } from './support/test-database';
import { TestApp } from './support/test-app';

const ITEMS = TEST_FRAMEWORK.dimensions.flatMap((d) => d.items.map((i) => i.key));

/**
 * PostgreSQL really out of reach (a TCP proxy in front of it, closed): every route answers 503
 * with Retry-After and the error body, never 500; a rater who presses Submit or Save draft gets
 * the form back with everything still filled in and a notice to try again in a minute.
 */
describe('while the database cannot be reached', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? ADMIN_URL);
    proxy = await new TcpProxy(Number(target.port || 5432), target.hostname).start();
    t = await TestApp.create({ worker: false, databasePort: proxy.port });
  });
  afterAll(async () => {
    await proxy.start().catch(() => undefined); // open again, so that close() can clean up
    await t?.close();
    await proxy.stop();
  });

  /** A rater with a link in an open cycle, the answers they chose, and an admin's token. */
  async function world() {
    const org = await t.factories.organisation();
    const admin = await t.factories.person(org.id, { roles: ['admin'] });
    const leader = await t.factories.person(org.id, { roles: ['leader'], name: 'Priya Shah' });
    const framework = await t.factories.framework(org.id);
    const cycle = await t.factories.cycle(org.id, {
      frameworkId: framework.id,
      state: 'open',
      openedAt: new Date(),
    });
    const request = await t.factories.feedbackRequest(cycle, leader);
    const seen = await t.factories.invitedNomination(request);
    const unseen = await t.factories.invitedNomination(request);
    const answers = Object.fromEntries(
      ITEMS.map((key, i) => [key, i === 1 ? 'notObserved' : String((i % 5) + 1)]),
    );
    const comments = {
      helps_most: 'Listens before deciding, & asks "why?" <first>',
      do_differently: 'Share the rota earlier.\nPlease.',
    };
    return {
      admin: `Bearer ${await t.factories.tokenFor(admin)}`,
      request,
      seen,
      unseen,
      answers,
      comments,
    };
  }

  function form(action: string, answers: Record<string, string>, comments: Record<string, string>) {
    const body = new URLSearchParams({ action });
    for (const [k, v] of Object.entries(answers)) body.append(`answers[${k}]`, v);
    for (const [k, v] of Object.entries(comments)) body.append(`comments[${k}]`, v);
    return body.toString();
  }

  it('gives the rater their form back, filled in, with a notice; answers 503 everywhere else; and takes the answers once it is back', async () => {
    const w = await world();
    // The rater opened the questionnaire before the outage.
    await t.http().get(`/r/${w.seen.token}`).expect(200);

    await proxy.stop();

    for (const action of ['submit', 'save']) {
      const res = await t
        .http()
        .post(`/r/${w.seen.token}`)
        .type('form')
        .send(form(action, w.answers, w.comments))
        .expect(503);
      expect(res.headers['retry-after']).toBe('60');
      expect(res.type).toBe('text/html');
      const doc = new JSDOM(res.text).window.document;
      expect(doc.body.textContent).toMatch(/try again in a minute/i);
      for (const [key, value] of Object.entries(w.answers)) {
        const checked = doc.querySelector<HTMLInputElement>(
          `input[name="answers[${key}]"]:checked`,
        );
        expect(checked?.value).toBe(value);
      }
      for (const [key, value] of Object.entries(w.comments)) {
        expect(
          doc.querySelector<HTMLTextAreaElement>(`textarea[name="comments[${key}]"]`)?.value,
        ).toBe(value);
      }
    }

    // A link this process has not seen: every field kept in a "Try again" form.
    const unseen = await t
      .http()
      .post(`/r/${w.unseen.token}`)
      .type('form')
      .send(form('submit', w.answers, w.comments))
      .expect(503);
    const kept = new JSDOM(unseen.text).window.document;
    const hidden = Object.fromEntries(
      [...kept.querySelectorAll<HTMLInputElement>('form input[type="hidden"]')].map((i) => [
        i.name,
        i.value,
      ]),
    );
    expect(hidden).toMatchObject({
      action: 'submit',
      'comments[helps_most]': w.comments.helps_most,
      'comments[do_differently]': w.comments.do_differently,
      ...Object.fromEntries(Object.entries(w.answers).map(([k, v]) => [`answers[${k}]`, v])),
    });
    expect(kept.querySelector('form button')?.textContent).toMatch(/Try again/);

    // JSON routes: 503, Retry-After, the error body; staff routes and pages too.
    const answersJson = Object.fromEntries(ITEMS.map((k) => [k, 3]));
    for (const res of [
      await t
        .http()
        .post(`/api/v1/responses/${w.seen.token}`)
        .send({ answers: answersJson, comments: {} }),
      await t.http().get(`/api/v1/responses/${w.seen.token}`),
      await t.http().get('/api/v1/people').set('Authorization', w.admin),
      await t.http().post('/api/v1/units').set('Authorization', w.admin).send({ name: 'Wards' }),
      await t.http().post('/api/v1/auth/sign-in-links').send({ email: 'someone@example.org' }),
    ]) {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('60');
      expect(res.body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
      });
    }
    const page = await t
      .http()
      .get('/admin/people')
      .set('Authorization', w.admin)
      .set('Accept', 'text/html');
    expect(page.status).toBe(503);
    expect(page.headers['retry-after']).toBe('60');
    const health = await t.http().get('/health');
    expect(health.status).toBe(503);

    // Back: the same Submit stores the answers, once.
    await proxy.start();
    const done = await t
      .http()
      .post(`/r/${w.seen.token}`)
      .type('form')
      .send(form('submit', w.answers, w.comments));
    expect(done.status).toBe(201);
    const status = await t.dataSource.query(`SELECT status FROM nominations WHERE id = $1`, [
      w.seen.nomination.id,
    ]);
    expect(status[0].status).toBe('completed');
    const stored = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM responses WHERE feedback_request_id = $1`,
      [w.request.id],
    );
    expect(stored[0].n).toBe(1);
  });
});

/**
 * Redis really out of reach (a TCP proxy in front of it, closed): what needs it answers 503
 * (never a 500, never a request left hanging); what does not goes on (sign-in links and answers
 * are written to PostgreSQL, the queue catches up later; the rate limits let requests through).
 */
describe('while Redis cannot be reached', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await new TcpProxy(Number(target.port || 6379), target.hostname).start();
    t = await TestApp.create({
      worker: false,
      env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}${target.pathname}` },
    });
  });
  afterAll(async () => {
    await proxy.start();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // clients reconnect
    await t?.close();
    await proxy.stop();
  });

  it('answers 503 where Redis is needed and carries on where it is not', async () => {
    const { org, auth } = await t.factories.adminWorld();
    const leader = await t.factories.person(org.id, { roles: ['leader'] });
    const framework = await t.factories.framework(org.id);
    const cycle = await t.factories.cycle(org.id, {
      frameworkId: framework.id,
      state: 'open',
      openedAt: new Date(),
    });
    const request = await t.factories.feedbackRequest(cycle, leader);
    const { token } = await t.factories.invitedNomination(request);
    // BullMQ reports each lost connection with console.error: expected here.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await proxy.stop();
      const metrics = await t.http().get('/metrics').set(auth);
      expect(metrics.status).toBe(503);
      expect(metrics.headers['retry-after']).toBe('60');
      expect(metrics.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect((await t.http().get('/health')).status).toBe(503);

      await t.http().post('/api/v1/auth/sign-in-links').send({ email: leader.email }).expect(202);
      await t
        .http()
        .post(`/api/v1/responses/${token}`)
        .send({ answers: Object.fromEntries(ITEMS.map((k) => [k, 4])), comments: {} })
        .expect(201);
    } finally {
      quiet.mockRestore();
    }
  });
});
