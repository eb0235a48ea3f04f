import { Cycle } from '../src/modules/cycles/cycle.entity';
import { Person } from '../src/modules/organisations/person.entity';
import { raterToken, sha256Hex } from './support/rater-link';
import { settle } from './support/settle';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * A whole cycle as people live it: an admin sets up the trust, enrols a leader with a coach, the
 * leader nominates raters, the cycle opens and every rater gets one email with their own link;
 * raters save a draft, decline, submit; reminders reach only those still pending; the cycle
 * closes on schedule, after which every link answers 410.
 */
describe('the journey of a feedback cycle', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  const item = (d: { items: { key: string }[] }[]) =>
    d.flatMap((dim) => dim.items.map((i) => i.key));

  it('runs from set-up to close', async () => {
    // Set-up: the admin creates a unit, a leader and a coach.
    const { auth } = await t.factories.adminWorld();
    const unit = await t
      .http()
      .post('/api/v1/units')
      .set(auth)
      .send({ name: 'Emergency Department' })
      .expect(201);
    const leader = await t
      .http()
      .post('/api/v1/people')
      .set(auth)
      .send({
        email: 'priya.shah@example.nhs.uk',
        name: 'Priya Shah',
        unitId: unit.body.id,
        roles: ['leader'],
      })
      .expect(201);
    const coach = await t
      .http()
      .post('/api/v1/people')
      .set(auth)
      .send({ email: 'cora.coach@example.nhs.uk', name: 'Cora Coach', roles: ['coach'] })
      .expect(201);
    const leaderPerson = await t.dataSource
      .getRepository(Person)
      .findOneByOrFail({ id: leader.body.id });
    const leaderAuth = { Authorization: `Bearer ${await t.factories.tokenFor(leaderPerson)}` };

    // A draft cycle on the default framework, and the leader enrolled with their coach.
    const cycle = await t
      .http()
      .post('/api/v1/cycles')
      .set(auth)
      .send({
        name: 'ED leaders, spring',
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(201);
    const cycleId = cycle.body.id as string;
    const enrolled = await t
      .http()
      .post(`/api/v1/cycles/${cycleId}/participants`)
      .set(auth)
      .send({ leaders: [{ personId: leader.body.id, coachId: coach.body.id }] })
      .expect(201);
    const requestId = enrolled.body.requests[0].id as string;

    // Nominations: four by the leader, one by the admin.
    const raters = {
      manager: 'mo.manager@example.nhs.uk',
      drafter: 'dana.peer@example.nhs.uk',
      decliner: 'dev.peer@example.nhs.uk',
      submitter: 'sid.report@example.nhs.uk',
      partner: 'pat.partner@example.org',
    };
    await t
      .http()
      .post(`/api/v1/feedback-requests/${requestId}/nominations`)
      .set(leaderAuth)
      .send({
        raters: [
          { email: raters.manager, name: 'Mo Manager', relationship: 'manager' },
          { email: raters.drafter, name: 'Dana Peer', relationship: 'peer' },
          { email: raters.decliner, name: 'Dev Peer', relationship: 'peer' },
          { email: raters.submitter, name: 'Sid Report', relationship: 'direct_report' },
        ],
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/feedback-requests/${requestId}/nominations`)
      .set(auth)
      .send({ raters: [{ email: raters.partner, name: 'Pat Partner', relationship: 'other' }] })
      .expect(201);
    expect(t.smtp.messages).toHaveLength(0);

    // Open: one invitation per nomination and the leader's self-assessment, nothing more.
    await t.http().post(`/api/v1/cycles/${cycleId}/open`).set(auth).expect(200);
    await settle(t);
    const everyone = [...Object.values(raters), 'priya.shah@example.nhs.uk'];
    expect(t.smtp.messages).toHaveLength(6);
    const tokens = new Map<string, string>();
    for (const email of everyone) {
      const mails = t.smtp.to(email);
      expect(mails).toHaveLength(1);
      tokens.set(email, raterToken(mails[0]!));
      for (const other of everyone.filter((e) => e !== email)) {
        expect(
          JSON.stringify(mails[0]!.parsed.headerLines) + mails[0]!.text + mails[0]!.html,
        ).not.toContain(other);
      }
    }
    const hashes = await t.dataSource.query<{ email: string; h: string }[]>(
      `SELECT email, encode(token_hash, 'hex') AS h FROM nominations WHERE cycle_id = $1`,
      [cycleId],
    );
    for (const { email, h } of hashes) expect(sha256Hex(tokens.get(email)!)).toBe(h);
    const tokenOf = (email: string) => tokens.get(email)!;

    // The rater's page and questionnaire.
    const page = await t
      .http()
      .get(`/r/${tokenOf(raters.submitter)}`)
      .expect(200);
    expect(page.text).toContain('Priya Shah');
    const questionnaire = await t
      .http()
      .get(`/api/v1/responses/${tokenOf(raters.submitter)}`)
      .expect(200);
    expect(questionnaire.body).toMatchObject({
      leader: { name: 'Priya Shah' },
      relationship: 'direct_report',
      draft: null,
    });
    const keys = item(questionnaire.body.dimensions);
    expect(keys).toContain('empowering_real_authority');
    const full = {
      answers: Object.fromEntries(keys.map((k, i) => [k, i % 7 === 0 ? null : (i % 5) + 1])),
      comments: {
        helps_most: 'Asks the whole team before deciding.',
        do_differently: 'Share the rota earlier.',
      },
    };

    // A draft is saved; a decline and a submit are final.
    await t
      .http()
      .put(`/api/v1/responses/${tokenOf(raters.drafter)}/draft`)
      .send({ answers: { empowering_real_authority: 4 }, comments: { helps_most: 'Listens.' } })
      .expect(204);
    await t
      .http()
      .post(`/api/v1/responses/${tokenOf(raters.decliner)}/decline`)
      .send({})
      .expect(204);
    await t
      .http()
      .post(`/api/v1/responses/${tokenOf(raters.submitter)}`)
      .send(full)
      .expect(201);
    await t
      .http()
      .post(`/api/v1/responses/${tokenOf(raters.submitter)}`)
      .send(full)
      .expect(409);
    await t
      .http()
      .post(`/api/v1/responses/${tokenOf('priya.shah@example.nhs.uk')}`)
      .send(full)
      .expect(201);

    // The leader sees counts per relationship, and nothing about who.
    const progress = await t
      .http()
      .get(`/api/v1/feedback-requests/${requestId}`)
      .set(leaderAuth)
      .expect(200);
    expect(progress.body.progress).toEqual({
      self: { invited: 1, completed: 1, declined: 0 },
      manager: { invited: 1, completed: 0, declined: 0 },
      peer: { invited: 2, completed: 0, declined: 1 },
      direct_report: { invited: 1, completed: 1, declined: 0 },
      other: { invited: 1, completed: 0, declined: 0 },
    });
    for (const email of Object.values(raters))
      expect(JSON.stringify(progress.body)).not.toContain(email);

    // Reminders go only to the three still pending, each with a link replacing the first.
    const reminded = await t.http().post(`/api/v1/cycles/${cycleId}/remind`).set(auth).expect(202);
    expect(reminded.body).toEqual({ queued: 3 });
    await settle(t);
    expect(t.smtp.messages).toHaveLength(9);
    for (const email of [raters.manager, raters.drafter, raters.partner]) {
      const mails = t.smtp.to(email);
      expect(mails).toHaveLength(2);
      expect(mails[1]!.subject).toMatch(/^Reminder: feedback for Priya Shah closes on /);
    }
    for (const email of [raters.decliner, raters.submitter, 'priya.shah@example.nhs.uk']) {
      expect(t.smtp.to(email)).toHaveLength(1);
    }
    const newDrafterToken = raterToken(t.smtp.to(raters.drafter)[1]!);
    await t
      .http()
      .get(`/api/v1/responses/${tokenOf(raters.drafter)}`)
      .expect(404);
    // The draft was sealed with the first link, which only the rater held: the new link starts
    // a fresh form, and the reminder says so.
    const resumed = await t.http().get(`/api/v1/responses/${newDrafterToken}`).expect(200);
    expect(resumed.body.draft).toBeNull();
    expect(t.smtp.to(raters.drafter)[1]!.text).toMatch(/this one cannot open them/);

    // Close on schedule: closesAt moved to a few seconds ahead; the queue closes the cycle.
    await t
      .http()
      .patch(`/api/v1/cycles/${cycleId}`)
      .set(auth)
      .send({ closesAt: new Date(Date.now() + 3_000).toISOString() })
      .expect(200);
    await waitFor(
      async () =>
        (await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: cycleId })).state ===
        'closed',
      { timeoutMs: 20_000, what: 'the cycle to close on schedule' },
    );

    // After close every rater route answers 410.
    await t.http().get(`/api/v1/responses/${newDrafterToken}`).expect(410);
    await t
      .http()
      .put(`/api/v1/responses/${newDrafterToken}/draft`)
      .send({ answers: {}, comments: {} })
      .expect(410);
    await t.http().post(`/api/v1/responses/${newDrafterToken}`).send(full).expect(410);
    await t
      .http()
      .post(`/api/v1/responses/${raterToken(t.smtp.to(raters.partner)[1]!)}/decline`)
      .send({})
      .expect(410);
    await t.http().get(`/r/${newDrafterToken}`).expect(410);
    const closed = await t.http().get(`/api/v1/cycles/${cycleId}`).set(auth).expect(200);
    expect(closed.body).toMatchObject({
      state: 'closed',
      progress: { requests: 1, invited: 6, completed: 2, declined: 1 },
    });
  });
});
