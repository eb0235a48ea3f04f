import { TestApp } from './support/test-app';

/**
 * The causes of the 500s a fuzzer once found, each answered with a 400 in the usual error shape
 * (the fuzz test keeps every route at zero 5xx; this names the expected answers).
 */
describe('hostile input is refused at the edge with a 400', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let orgId: string;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
    const world = await t.factories.adminWorld();
    auth = world.auth;
    orgId = world.org.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses nesting deeper than 32 levels, on public and staff routes, without overflowing', async () => {
    const deep = '['.repeat(45000) + ']'.repeat(45000);
    const res = await t
      .http()
      .post('/api/v1/auth/sign-in-links')
      .set('Content-Type', 'application/json')
      .send(deep)
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'INPUT_TOO_DEEP',
    });
    expect(res.body.message).toMatch(/more than 32 levels deep/);

    let inner: unknown = 'x';
    for (let i = 0; i < 3000; i++) inner = { a: inner };
    const staff = await t.http().post('/api/v1/units').set(auth).send({ name: inner }).expect(400);
    expect(staff.body.code).toBe('INPUT_TOO_DEEP');
    // 32 levels are fine (the field's own check answers).
    let shallow: unknown = 'x';
    for (let i = 0; i < 30; i++) shallow = { a: shallow };
    const ok = await t.http().post('/api/v1/units').set(auth).send({ name: shallow }).expect(400);
    expect(ok.body.message).toContain('name must be a string');
  });

  it('refuses a NUL or half a surrogate pair in any string, key or query, naming where', async () => {
    for (const name of ['a\u0000b', 'x\ud800', '\udc00y']) {
      const res = await t.http().post('/api/v1/units').set(auth).send({ name }).expect(400);
      expect(res.body).toMatchObject({ code: 'INPUT_BAD_CHARACTER' });
      expect(res.body.message).toMatch(/^body\.name has a character that cannot be stored/);
    }
    const key = await t.http().post('/api/v1/units').set(auth).send({ 'n\u0000': 1 }).expect(400);
    expect(key.body.code).toBe('INPUT_BAD_CHARACTER');
    const search = await t.http().get('/api/v1/people?search=%00').set(auth).expect(400);
    expect(search.body.message).toMatch(/^query\.search has a character/);
    expect(
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM units WHERE organisation_id = $1`,
          [orgId],
        )
      )[0].n,
    ).toBe(0);
  });

  it('refuses a lone surrogate in an email as not an email address (the validator no longer throws)', async () => {
    const res = await t
      .http()
      .post('/api/v1/people')
      .set(auth)
      .send({ email: '\ud800@example.org', name: 'X' })
      .expect(400);
    expect(res.body.code).toMatch(/INPUT_BAD_CHARACTER|VALIDATION_FAILED/);
  });

  it('caps page at 1,000,000 on list routes', async () => {
    for (const page of ['1e300', '9'.repeat(30), '1000001', '0', '1.5']) {
      const res = await t.http().get(`/api/v1/people?page=${page}`).set(auth).expect(400);
      expect(res.body.message.join(' ')).toMatch(/^page must/);
    }
    await t.http().get('/api/v1/cycles?page=1000000').set(auth).expect(200);
  });

  it('refuses null for a field a record cannot be without, in a PATCH', async () => {
    const person = await t.factories.person(orgId);
    const cycle = await t.factories.cycle(orgId);
    for (const body of [{ name: null }, { roles: null }]) {
      const res = await t
        .http()
        .patch(`/api/v1/people/${person.id}`)
        .set(auth)
        .send(body)
        .expect(400);
      expect(res.body.message.join(' ')).toMatch(/may be left out, but cannot be null/);
    }
    for (const body of [{ name: null }, { anonymityThreshold: null }, { closesAt: null }]) {
      await t.http().patch(`/api/v1/cycles/${cycle.id}`).set(auth).send(body).expect(400);
    }
    // null still clears what may be empty.
    await t
      .http()
      .patch(`/api/v1/people/${person.id}`)
      .set(auth)
      .send({ unitId: null })
      .expect(200);
  });

  it('names the line of a CSV row holding a NUL, and imports nothing', async () => {
    const csv = 'email,name\na@example.org,Ann\nb@example.org,B\u0000b\n';
    const res = await t
      .http()
      .post('/api/v1/people/import')
      .set(auth)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(422);
    expect(res.body.errors).toEqual([
      { line: 3, message: expect.stringMatching(/a NUL character, which cannot be stored/) },
    ]);
    expect(res.body.created).toBe(0);
  });

  it('answers the sign-in forms with no body, or an odd one, with a 4xx page', async () => {
    for (const path of ['/sign-in', '/sign-in/link']) {
      for (const [type, body] of [
        [undefined, undefined],
        ['text/plain', 'email=a@b.c'],
        ['application/xml', '<a/>'],
        [
          'multipart/form-data; boundary=X',
          '--X\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--X--\r\n',
        ],
      ] as const) {
        let req = t
          .http()
          .post(path)
          .set('Cookie', 'c360_csrf=abcdefghijklmnopqrstuvwx')
          .set('X-CSRF-Token', 'abcdefghijklmnopqrstuvwx');
        if (type) req = req.set('Content-Type', type);
        const res = body === undefined ? await req : await req.send(body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.type).toBe('text/html');
      }
    }
  });
});
