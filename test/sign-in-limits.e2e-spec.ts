import { TestApp } from './support/test-app';

/**
 * Abuse limits on sign-in, counted in Redis: links emailed to one address (5 per 15 minutes by
 * default; beyond, the same 202 and no email), and requests from one client (300 a minute by
 * default for link requests, as many for session attempts; beyond, 429 with Retry-After).
 */
describe('sign-in abuse limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  const askLink = (email: string) => t.http().post('/api/v1/auth/sign-in-links').send({ email });

  it('emails one address at most 5 links in 15 minutes, answering every request alike', async () => {
    const org = await t.factories.organisation();
    await t.factories.person(org.id, { email: 'bombed@example.nhs.uk' });
    const known: { status: number; body: unknown }[] = [];
    for (let i = 0; i < 12; i++) known.push(await askLink('Bombed@example.nhs.uk'));
    const unknown: { status: number; body: unknown }[] = [];
    for (let i = 0; i < 12; i++) unknown.push(await askLink('nobody.here@example.nhs.uk'));

    // The same answer before and after the cap, for someone and for no one.
    const answers = new Set(
      [...known, ...unknown].map((r) => `${r.status} ${JSON.stringify(r.body)}`),
    );
    expect([...answers]).toEqual([
      '202 {"status":"If that address belongs to someone here, a sign-in link is on its way."}',
    ]);
    await t.drain();
    await t.smtp.waitForCount(5);
    // Nothing more comes.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.smtp.to('bombed@example.nhs.uk')).toHaveLength(5);
    const links = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM sign_in_links l JOIN people p ON p.id = l.person_id WHERE p.email = $1`,
      ['bombed@example.nhs.uk'],
    );
    expect(links[0].n).toBe(5);
    // Redis holds no address, only keyed hashes under the app's prefix.
    const keys = await redisKeys(t.redisPrefix);
    expect(keys.some((k) => k.includes('bombed'))).toBe(false);
    expect(
      keys.filter((k) => k.startsWith(`${t.redisPrefix}:sign-in-limit:address:`)),
    ).toHaveLength(2);
  });

  it('allows 300 requests a minute from one client, then answers 429 with Retry-After and the error body', async () => {
    await deleteClientCounts(t.redisPrefix); // a fresh window, whatever came before
    const statuses = await inBatches(310, (i) => askLink(`x${i}@example.org`));
    expect(count(statuses, 202)).toBe(300);
    expect(count(statuses, 429)).toBe(10);
    const res = await askLink('late@example.org').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
    });

    // The form route shares the count: a page saying so, with Retry-After.
    const page = await t
      .http()
      .post('/sign-in/link')
      .set('Cookie', 'c360_csrf=abcdefghijklmnopqrstuvwx')
      .type('form')
      .send({ _csrf: 'abcdefghijklmnopqrstuvwx', email: 'late@example.org' })
      .expect(429);
    expect(page.type).toBe('text/html');
    expect(page.headers['retry-after']).toBeDefined();

    // Session attempts have their own count: still allowed.
    await t
      .http()
      .post('/api/v1/auth/sessions')
      .send({ token: 'x'.repeat(43) })
      .expect(401);
  });

  it('caps session attempts from one client at 300 a minute', async () => {
    await deleteClientCounts(t.redisPrefix);
    const statuses = await inBatches(305, () =>
      t
        .http()
        .post('/api/v1/auth/sessions')
        .send({ token: 'y'.repeat(43) }),
    );
    expect(count(statuses, 401)).toBe(300);
    expect(count(statuses, 429)).toBe(5);
  });
});

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** Sends n requests, 20 at a time (well inside the minute the counts cover). */
async function inBatches(
  n: number,
  send: (i: number) => PromiseLike<{ status: number }>,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, (_, j) => send(i + j)),
    );
    statuses.push(...batch.map((r) => r.status));
  }
  return statuses;
}

async function deleteClientCounts(prefix: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const keys = await redis.keys(`${prefix}:sign-in-limit:client-*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function redisKeys(prefix: string): Promise<string[]> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    return await redis.keys(`${prefix}:sign-in-limit:*`);
  } finally {
    redis.disconnect();
  }
}
