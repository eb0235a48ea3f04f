import { Cycle } from '../src/modules/cycles/cycle.entity';
import { InvitationsService } from '../src/modules/nominations/invitations.service';
import { invitationJob } from '../src/modules/nominations/nomination-jobs';
import { OutboxService } from '../src/modules/outbox/outbox.service';
import { OutboxSweeper } from '../src/modules/outbox/outbox.sweeper';
import { settle } from './support/settle';
import { waitFor } from './support/wait-for';
import { sha256Hex } from './support/rater-link';
import { CycleWorld, tag, wholeMessage } from './support/cycle-world';
import type { TestApp } from './support/test-app';

const world = CycleWorld.create();
const { draftWithRaters, open, nominationRows, remember, seenEmails } = world;
let t: TestApp;
beforeAll(() => {
  t = world.t;
});

describe('invitations', () => {
  it('sends exactly one invitation per nomination and one self-assessment, each with its own working link', async () => {
    const c = await draftWithRaters(4, { cycle: { managerDisclosed: true } });
    await open(c);
    await settle(t);

    const rows = await nominationRows(c.cycleId);
    expect(rows).toHaveLength(5);
    const everyone = rows.map((r) => r.email);
    for (const row of rows) {
      const mails = t.smtp.to(row.email);
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      const token = remember(mail);
      expect(mail.text).toContain(`http://c360.test/r/${token}`);
      expect(mail.html).toContain(`http://c360.test/r/${token}`);
      expect(sha256Hex(token)).toBe(row.token_hash);
      expect(row.delivery_status).toBe('sent');
      expect(mail.messageId).toBe(`<invite-${row.id}@c360.test>`);
      expect(mail.text).toContain(c.leader.name);
      expect(mail.text).toMatch(/groups of at least 3/);
      for (const other of everyone.filter((e) => e !== row.email))
        expect(wholeMessage(mail)).not.toContain(other);
    }
    const self = t.smtp.to(c.leader.email)[0]!;
    expect(self.subject).toMatch(/^Your self-assessment for /);
    const manager = t.smtp.to(rows.find((r) => r.relationship === 'manager')!.email)[0]!;
    expect(manager.text).toMatch(/your answers will be shown to them as the line manager's/);

    const deliveries = await t
      .http()
      .get(`/api/v1/cycles/${c.cycleId}/deliveries?status=sent`)
      .set(c.auth)
      .expect(200);
    expect(deliveries.body.total).toBe(5);
    expect(deliveries.body.items[0]).toMatchObject({
      status: 'sent',
      lastError: null,
      responseStatus: 'pending',
    });
  });

  it('queues invitations at once for raters nominated, and leaders enrolled, while the cycle is open', async () => {
    const c = await draftWithRaters(1);
    await open(c);
    const late = `late.${tag()}@example.nhs.uk`;
    seenEmails.add(late);
    await t
      .http()
      .post(`/api/v1/feedback-requests/${c.requestId}/nominations`)
      .set(c.leaderAuth)
      .send({ raters: [{ email: late, name: 'Late Comer', relationship: 'peer' }] })
      .expect(201);
    remember(await t.smtp.waitForMailTo(late));

    // A leader enrolled while the cycle is open gets their self-assessment at once.
    const second = await t.factories.person(c.leader.organisationId, {
      roles: ['leader'],
      name: 'Second Leader',
    });
    seenEmails.add(second.email);
    await t
      .http()
      .post(`/api/v1/cycles/${c.cycleId}/participants`)
      .set(c.auth)
      .send({ leaders: [{ personId: second.id }] })
      .expect(201);
    const self = await t.smtp.waitForMailTo(second.email);
    remember(self);
    expect(self.subject).toMatch(/^Your self-assessment for /);
    await settle(t);
    expect(t.smtp.to(late)).toHaveLength(1);
    expect(t.smtp.to(second.email)).toHaveLength(1);
  });

  it('sends nothing more when the cycle is opened again, the outbox relayed twice or a job enqueued again', async () => {
    const c = await draftWithRaters(2);
    await open(c);
    await settle(t);
    await t.http().post(`/api/v1/cycles/${c.cycleId}/open`).set(c.auth).expect(409);

    const rows = await nominationRows(c.cycleId);
    const outbox = t.app.get(OutboxService);
    await t.dataSource.transaction((m) =>
      outbox.add(
        m,
        rows.map((r) => invitationJob(r.id)),
      ),
    );
    await Promise.all([outbox.relayPending(), outbox.relayPending()]);
    // Behind BullMQ's back: the finished job is gone from Redis and is enqueued once more.
    const jobId = `invite-${rows[0]!.id}`;
    await (await t.queue('mail').getJob(jobId))!.remove();
    await t.queue('mail').add('invitation', { nominationId: rows[0]!.id }, { jobId });
    await settle(t);

    for (const row of rows) expect(t.smtp.to(row.email)).toHaveLength(1);
    expect((await t.queue('mail').getJob(jobId))!.returnvalue).toBe('skipped');
  });

  it('recovers a crash between commit and enqueue: the sweeper relays every invitation, once', async () => {
    const c = await draftWithRaters(3);
    // The transaction of opening commits, and the process "dies" before relaying anything.
    const written = await t.dataSource.transaction(async (m) => {
      await m
        .getRepository(Cycle)
        .update({ id: c.cycleId }, { state: 'open', openedAt: new Date() });
      await t.app.get(InvitationsService).queueCycle(m, c.cycleId);
      return m.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE relayed_at IS NULL AND data->>'nominationId' IN
           (SELECT id::text FROM nominations WHERE cycle_id = $1)`,
        [c.cycleId],
      );
    });
    expect(written[0]!.n).toBe(4); // three raters and the self-assessment, none relayed

    const sweeper = t.app.get(OutboxSweeper);
    await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    const rows = await nominationRows(c.cycleId);
    for (const row of rows) remember(await t.smtp.waitForMailTo(row.email));
    await sweeper.sweep();
    await settle(t);
    for (const row of rows) expect(t.smtp.to(row.email)).toHaveLength(1);
  });

  it('does not retry a 550, records the reply, and sends after an admin retries', async () => {
    const bounce = `bounce.${tag()}@example.nhs.uk`;
    let tries = 0;
    t.smtp.failRecipients((address) => {
      if (address !== bounce) return null;
      tries++;
      return { code: 550, message: '5.1.1 Mailbox does not exist' };
    });
    const c = await draftWithRaters(2, { emails: [bounce] });
    await open(c);
    await settle(t);
    await waitFor(
      async () => (await nominationRows(c.cycleId)).some((r) => r.delivery_status === 'failed'),
      {
        what: 'the delivery to fail',
      },
    );

    expect(tries).toBe(1);
    const failed = await t
      .http()
      .get(`/api/v1/cycles/${c.cycleId}/deliveries?status=failed`)
      .set(c.auth)
      .expect(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({ nominationId: c.raters[0]!.id, email: bounce, status: 'failed' }),
    ]);
    expect(failed.body.items[0].lastError).toMatch(/550.*Mailbox does not exist/);
    const bad = await t
      .http()
      .get(`/api/v1/cycles/${c.cycleId}/deliveries?status=lost`)
      .set(c.auth)
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/status must be one of queued, sent, failed/);

    t.smtp.failRecipients(() => null);
    const retry = await t
      .http()
      .post(`/api/v1/cycles/${c.cycleId}/deliveries/retry`)
      .set(c.auth)
      .expect(202);
    expect(retry.body).toEqual({ queued: 1 });
    const mail = await t.smtp.waitForMailTo(bounce);
    remember(mail);
    await settle(t);
    expect(t.smtp.to(bounce)).toHaveLength(1);
    expect(await t.queue('mail').getJob(`invite-${c.raters[0]!.id}-r1`)).toBeDefined();
    const sent = await t
      .http()
      .get(`/api/v1/cycles/${c.cycleId}/deliveries?status=sent`)
      .set(c.auth)
      .expect(200);
    expect(sent.body.items.map((d: { email: string }) => d.email)).toContain(bounce);
    const again = await t
      .http()
      .post(`/api/v1/cycles/${c.cycleId}/deliveries/retry`)
      .set(c.auth)
      .expect(202);
    expect(again.body).toEqual({ queued: 0 });
  });

  it('retries a 421 with backoff until it is accepted', async () => {
    const flaky = `flaky.${tag()}@example.nhs.uk`;
    let tries = 0;
    t.smtp.failRecipients((address) => {
      if (address !== flaky) return null;
      tries++;
      return tries <= 2 ? { code: 421, message: '4.3.2 Try again later' } : null;
    });
    const c = await draftWithRaters(1, { emails: [flaky] });
    await open(c);
    remember(await t.smtp.waitForMailTo(flaky));
    t.smtp.failRecipients(() => null);
    await settle(t);
    expect(tries).toBe(3);
    expect(t.smtp.to(flaky)).toHaveLength(1);
    const rows = await nominationRows(c.cycleId);
    expect(rows.find((r) => r.email === flaky)!.delivery_status).toBe('sent');
  });
});

it('leaves no rater email or token anywhere in Redis', async () => {
  await world.expectNoRaterEmailOrTokenInRedis(10);
});
