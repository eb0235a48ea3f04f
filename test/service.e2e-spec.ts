import { newSecureToken } from '../src/common/secure-token';
import { SIGN_IN_MAIL_JOB } from '../src/modules/outbox/queue-names';
import { SignInLink } from '../src/modules/auth/sign-in-link.entity';
import { SignInLinkComposer } from '../src/modules/auth/sign-in-link.composer';
import { OutboxJob, OutboxService } from '../src/modules/outbox/outbox.service';
import { QUEUES } from '../src/modules/outbox/queue-names';
import { runScript } from './support/run-script';
import { TcpProxy } from './support/tcp-proxy';
import { TestApp } from './support/test-app';
import { databaseUrl } from './support/test-database';
import { waitFor } from './support/wait-for';

/** Every route of issue 2 (the API: Service, Staff sign-in, Organisation set-up). */
const FOUNDATION_ROUTES: [method: string, path: string][] = [
  ['get', '/health'],
  ['post', '/api/v1/auth/sign-in-links'],
  ['post', '/api/v1/auth/sessions'],
  ['get', '/api/v1/me'],
  ['post', '/api/v1/units'],
  ['get', '/api/v1/units'],
  ['post', '/api/v1/people'],
  ['get', '/api/v1/people'],
  ['post', '/api/v1/people/import'],
];

const PUBLIC_ROUTES = new Set(['/health', '/api/v1/auth/sign-in-links', '/api/v1/auth/sessions']);

describe('service routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers 200 when PostgreSQL and Redis answer', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  it('publishes an OpenAPI 3 document at /docs-json with every route of the foundation', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const missing = FOUNDATION_ROUTES.filter(([method, path]) => !doc.paths[path]?.[method]).map(
      ([method, path]) => `${method.toUpperCase()} ${path}`,
    );
    expect(missing).toEqual([]);
    const staffWithoutBearer = FOUNDATION_ROUTES.filter(
      ([method, path]) => !PUBLIC_ROUTES.has(path) && !doc.paths[path]?.[method]?.security?.length,
    ).map(([method, path]) => `${method.toUpperCase()} ${path}`);
    expect(staffWithoutBearer).toEqual([]);
  });

  it('sends the security headers of helmet', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  describe('mail jobs', () => {
    afterEach(() => {
      t.smtp.failRecipients(() => null);
    });

    async function personWithLink(email: string): Promise<{ personId: string; link: SignInLink }> {
      const org = await t.factories.organisation();
      const person = await t.factories.person(org.id, { email });
      const link = await t.dataSource
        .getRepository(SignInLink)
        .save({ personId: person.id, expiresAt: new Date(Date.now() + 15 * 60_000) });
      return { personId: person.id, link };
    }

    async function requestLink(email: string): Promise<SignInLink> {
      await t.http().post('/api/v1/auth/sign-in-links').send({ email }).expect(202);
      const rows = await t.dataSource.query<{ id: string }[]>(
        `SELECT l.id FROM sign_in_links l JOIN people p ON p.id = l.person_id WHERE p.email = $1`,
        [email],
      );
      expect(rows).toHaveLength(1);
      return t.dataSource.getRepository(SignInLink).findOneByOrFail({ id: rows[0]!.id });
    }

    it('sends one email when the same job id is enqueued again and again', async () => {
      const { link } = await personWithLink('once@example.org');
      const job: OutboxJob = {
        queue: QUEUES.mail,
        name: SIGN_IN_MAIL_JOB,
        jobId: `signin-${link.id}`,
        data: { signInLinkId: link.id },
      };
      const outbox = t.app.get(OutboxService);
      // Twice through the outbox (two transactions, one relay), then once straight to the queue.
      await t.dataSource.transaction((manager) => outbox.add(manager, [job]));
      await t.dataSource.transaction((manager) => outbox.add(manager, [job]));
      await t.drain();
      await t.smtp.waitForMailTo('once@example.org');
      const queue = t.queue(QUEUES.mail);
      const ran = await queue.getJob(job.jobId);
      expect(ran?.returnvalue).toBe('sent');

      await queue.add(job.name, job.data, { jobId: job.jobId });
      await t.drain();

      expect(t.smtp.to('once@example.org')).toHaveLength(1);
      const after = await queue.getJob(job.jobId);
      expect(await after?.getState()).toBe('completed');
      expect(after?.returnvalue).toBe('sent');
      expect(after?.finishedOn).toBe(ran?.finishedOn);
      expect(after?.attemptsMade).toBe(1);
    });

    it('does not retry a permanent SMTP refusal (550)', async () => {
      const address = 'gone@example.org';
      await t.factories.person((await t.factories.organisation()).id, { email: address });
      let rcptAttempts = 0;
      t.smtp.failRecipients((to) => {
        if (to !== address) return null;
        rcptAttempts++;
        return { code: 550, message: 'mailbox unavailable' };
      });

      const link = await requestLink(address);
      await t.drain();

      const job = await t.queue(QUEUES.mail).getJob(`signin-${link.id}`);
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(1);
      expect(job?.failedReason).toMatch(/permanent/);
      expect(job?.failedReason).not.toContain(address);
      expect(rcptAttempts).toBe(1);
      expect(t.smtp.to(address)).toHaveLength(0);
      const stored = await t.dataSource.getRepository(SignInLink).findOneByOrFail({ id: link.id });
      expect(stored.sentAt).toBeNull();
    });

    it('retries a transient SMTP refusal (421) with backoff until the email goes through', async () => {
      const address = 'busy@example.org';
      await t.factories.person((await t.factories.organisation()).id, { email: address });
      let rcptAttempts = 0;
      let refusing = true;
      t.smtp.failRecipients((to) => {
        if (to !== address) return null;
        rcptAttempts++;
        return refusing ? { code: 421, message: 'try again later' } : null;
      });

      const link = await requestLink(address);
      await waitFor(() => rcptAttempts >= 2, { what: 'a second RCPT attempt after 421' });
      expect(t.smtp.to(address)).toHaveLength(0);
      refusing = false;

      const mail = await t.smtp.waitForMailTo(address);
      expect(mail.text).toContain('/sign-in?token=');
      expect(rcptAttempts).toBeGreaterThanOrEqual(3);
      const queue = t.queue(QUEUES.mail);
      await waitFor(
        async () => (await (await queue.getJob(`signin-${link.id}`))?.getState()) === 'completed',
        {
          what: 'the mail job to complete',
        },
      );
      const job = await queue.getJob(`signin-${link.id}`);
      expect(job?.attemptsMade).toBeGreaterThanOrEqual(2);
      expect(t.smtp.to(address)).toHaveLength(1);
      const stored = await t.dataSource.getRepository(SignInLink).findOneByOrFail({ id: link.id });
      expect(stored.sentAt).toBeInstanceOf(Date);
    });

    it('records a sent email after the first tries to record it fail, and sends it once', async () => {
      const address = 'record-later@example.org';
      await t.factories.person((await t.factories.organisation()).id, { email: address });
      const composer = t.app.get(SignInLinkComposer);
      const record = composer.markSent.bind(composer);
      let failures = 0;
      const spy = jest.spyOn(composer, 'markSent').mockImplementation(async (...args) => {
        if (failures < 2) {
          failures++;
          throw new Error('database unavailable');
        }
        return record(...args);
      });
      try {
        const link = await requestLink(address);
        await t.drain();
        const job = await t.queue(QUEUES.mail).getJob(`signin-${link.id}`);
        expect(await job?.getState()).toBe('completed');
        expect(job?.attemptsMade).toBe(1); // one attempt: the job itself never failed
        expect(failures).toBe(2);
        expect(t.smtp.to(address)).toHaveLength(1);
        const stored = await t.dataSource
          .getRepository(SignInLink)
          .findOneByOrFail({ id: link.id });
        expect(stored.sentAt).toBeInstanceOf(Date);
      } finally {
        spy.mockRestore();
      }
    });

    it('never sends an email twice when its sending cannot be recorded: the job ends, logged', async () => {
      const address = 'never-recorded@example.org';
      await t.factories.person((await t.factories.organisation()).id, { email: address });
      const composer = t.app.get(SignInLinkComposer);
      const spy = jest
        .spyOn(composer, 'markSent')
        .mockRejectedValue(new Error('database unavailable'));
      try {
        const link = await requestLink(address);
        const queue = t.queue(QUEUES.mail);
        await waitFor(
          async () => (await (await queue.getJob(`signin-${link.id}`))?.getState()) === 'failed',
          { what: 'the mail job to fail without a retry', timeoutMs: 30_000 },
        );
        const job = await queue.getJob(`signin-${link.id}`);
        expect(job?.failedReason).toBe('Sent, but the delivery could not be recorded');
        expect(job?.attemptsMade).toBe(1);
        expect(spy).toHaveBeenCalledTimes(5);
        expect(t.smtp.to(address)).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
    });
  });
});

describe('/health when Redis becomes unreachable', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let connectionsBeforeCut = 0;

  beforeAll(async () => {
    const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await new TcpProxy(Number(redis.port || 6379), redis.hostname).start();
    t = await TestApp.create({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
  });
  afterAll(async () => {
    // Let every connection back in before closing: BullMQ 6's Worker.close() never resolves while
    // its blocking client is parked in ioredis' "reconnecting" state (taskforcesh/bullmq#4656).
    await proxy.start();
    await waitFor(() => proxy.connections >= connectionsBeforeCut, {
      what: 'Redis clients to reconnect',
    });
    await withTimeout(t.close(), 20_000, 'closing the app after the Redis outage');
    await proxy.stop();
  });

  it('answers 200 while Redis answers and 503 naming redis once it is cut off', async () => {
    await t.http().get('/health').expect(200);
    connectionsBeforeCut = proxy.connections;
    // While Redis is away BullMQ reports each lost connection with console.error: expected here.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await proxy.stop();
      await waitFor(async () => (await t.http().get('/health')).status === 503, {
        what: '/health to answer 503',
      });
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toMatchObject({
        status: 'error',
        info: { postgres: { status: 'up' } },
        error: { redis: { status: 'down' } },
      });
    } finally {
      quiet.mockRestore();
    }
  });
});

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('request logs', () => {
  let t: TestApp;

  // Start-up and shutdown log at info too: keep them out of the test output.
  beforeAll(async () => {
    const capture = captureStdout();
    try {
      t = await TestApp.create({ worker: false, env: { LOG_LEVEL: 'info' } });
    } finally {
      capture.restore();
    }
  });
  afterAll(async () => {
    const capture = captureStdout();
    try {
      await t.close();
    } finally {
      capture.restore();
    }
  });

  /** Collects what pino writes to stdout until restored (and keeps it out of the test output). */
  function captureStdout(): { text: () => string; restore: () => void } {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    return {
      text: () => chunks.join(''),
      restore: () => {
        process.stdout.write = write;
      },
    };
  }

  it('carry the request id given, and never the Authorization header, cookies or tokens', async () => {
    const { auth } = await t.factories.adminWorld();
    const jwt = auth.Authorization.replace(/^Bearer /, '');
    const signInToken = newSecureToken().token;

    const capture = captureStdout();
    try {
      await t.http().get('/api/v1/me').set(auth).set('X-Request-Id', 'req-me-1').expect(200);
      await t
        .http()
        .get('/api/v1/me')
        .set('Cookie', `c360_session=${jwt}`)
        .set('X-Request-Id', 'req-me-2')
        .expect(200);
      await t
        .http()
        .get(`/sign-in?token=${signInToken}`)
        .set('X-Request-Id', 'req-link-1')
        .expect(200);
      await t
        .http()
        .post('/api/v1/auth/sessions')
        .set('X-Request-Id', 'req-session-1')
        .send({ token: signInToken })
        .expect(401);
      await waitFor(() => capture.text().includes('req-session-1'), {
        what: 'the request log lines',
      });
    } finally {
      capture.restore();
    }
    const output = capture.text();

    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string } });
    const byId = (id: string) => lines.find((line) => line.req?.id === id);
    expect(byId('req-me-1')?.req?.url).toBe('/api/v1/me');
    expect(byId('req-me-2')?.req?.url).toBe('/api/v1/me');
    expect(byId('req-link-1')?.req?.url).toBe('/sign-in?token=[redacted]');
    expect(byId('req-session-1')?.req?.url).toBe('/api/v1/auth/sessions');

    expect(output).not.toContain(jwt);
    expect(output).not.toContain(signInToken);
    expect(output).not.toMatch(/Bearer/i);
    expect(output).not.toContain('c360_session');
  });
});

describe('configuration validation at start', () => {
  const startWith = (env: NodeJS.ProcessEnv) =>
    runScript(
      'src/main.ts',
      [],
      {
        PATH: process.env.PATH,
        // Should validation ever let it through, it must not touch a real database.
        DATABASE_URL: databaseUrl(`c360_test_${process.env.C360_TEST_RUN_ID ?? 'adhoc'}_config`),
        ...env,
      },
      90_000, // ts-node compiles src/main.ts first: slow on a busy two-core machine
    );

  it('stops start-up when a value is bad, naming the variable', async () => {
    const result = await startWith({ PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('eighty');
  }, 120_000);

  it('stops start-up in production without JWT_SECRET, naming it', async () => {
    const result = await startWith({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mail.example.org:25',
      PUBLIC_URL: 'https://c360.example.org',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET');
  }, 120_000);
});
