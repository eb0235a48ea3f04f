import { SIGN_IN_MAIL_JOB } from '../src/modules/outbox/queue-names';
import { SignInLink } from '../src/modules/auth/sign-in-link.entity';
import { SignInLinkComposer } from '../src/modules/auth/sign-in-link.composer';
import { OutboxJob, OutboxService } from '../src/modules/outbox/outbox.service';
import { QUEUES } from '../src/modules/outbox/queue-names';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

let t: TestApp;

beforeAll(async () => {
  t = await TestApp.create();
});
afterAll(async () => {
  await t.close();
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
      const stored = await t.dataSource.getRepository(SignInLink).findOneByOrFail({ id: link.id });
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
