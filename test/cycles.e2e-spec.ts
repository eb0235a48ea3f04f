import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { CycleLifecycleService } from '../src/modules/cycles/cycle-lifecycle.service';
import { Cycle } from '../src/modules/cycles/cycle.entity';
import { InvitationsService } from '../src/modules/nominations/invitations.service';
import { invitationJob, reminderJob } from '../src/modules/nominations/nomination-jobs';
import type { Person } from '../src/modules/organisations/person.entity';
import { ReminderComposer } from '../src/modules/nominations/reminder.composer';
import { OutboxService } from '../src/modules/outbox/outbox.service';
import { OutboxSweeper } from '../src/modules/outbox/outbox.sweeper';
import { raterToken, sha256Hex } from './support/rater-link';
import { settle } from './support/settle';
import type { CapturedMail } from './support/smtp-capture';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

type Auth = { Authorization: string };

interface OpenedCycle {
  cycleId: string;
  requestId: string;
  leader: Person;
  coach: Person;
  auth: Auth;
  leaderAuth: Auth;
  coachAuth: Auth;
  raters: { id: string; email: string; relationship: string }[];
}

describe('feedback cycles: frameworks, participants, invitations, reminders, close', () => {
  let t: TestApp;
  /** Every rater address and link token the suite sees, for the Redis check at the end. */
  const seenEmails = new Set<string>();
  const seenTokens = new Set<string>();

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  const tag = () => randomBytes(3).toString('hex');
  const inAWhile = (ms: number) => new Date(Date.now() + ms).toISOString();
  const DAY = 24 * 3600 * 1000;
  const bearer = async (p: Person): Promise<Auth> => ({
    Authorization: `Bearer ${await t.factories.tokenFor(p)}`,
  });

  async function people() {
    const { org, admin, auth } = await t.factories.adminWorld();
    const leader = await t.factories.person(org.id, {
      roles: ['leader'],
      name: `Lee Leader ${tag()}`,
    });
    const coach = await t.factories.person(org.id, {
      roles: ['coach'],
      name: `Cora Coach ${tag()}`,
    });
    return {
      org,
      admin,
      auth,
      leader,
      coach,
      leaderAuth: await bearer(leader),
      coachAuth: await bearer(coach),
    };
  }

  async function createCycle(auth: Auth, body: Record<string, unknown> = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/cycles')
      .set(auth)
      .send({ name: `Cycle ${tag()}`, closesAt: inAWhile(30 * DAY), ...body })
      .expect(201);
    return res.body.id as string;
  }

  /** A draft cycle with one leader (and coach) and `count` raters nominated by the leader. */
  async function draftWithRaters(
    count: number,
    options: { cycle?: Record<string, unknown>; emails?: string[] } = {},
  ): Promise<OpenedCycle> {
    const w = await people();
    const cycleId = await createCycle(w.auth, options.cycle);
    const enrolled = await t
      .http()
      .post(`/api/v1/cycles/${cycleId}/participants`)
      .set(w.auth)
      .send({ leaders: [{ personId: w.leader.id, coachId: w.coach.id }] })
      .expect(201);
    const requestId = enrolled.body.requests[0].id as string;
    const relationships = ['manager', 'peer', 'direct_report', 'other'];
    const raters = Array.from({ length: count }, (_, i) => ({
      email: options.emails?.[i] ?? `rater.${tag()}.${i}@example.nhs.uk`,
      name: `Rater ${i}`,
      relationship: relationships[i % relationships.length],
    }));
    const nominated = await t
      .http()
      .post(`/api/v1/feedback-requests/${requestId}/nominations`)
      .set(w.leaderAuth)
      .send({ raters })
      .expect(201);
    for (const r of raters) seenEmails.add(r.email);
    seenEmails.add(w.leader.email);
    return { cycleId, requestId, ...w, raters: nominated.body.nominations };
  }

  async function open(c: OpenedCycle): Promise<void> {
    await t.http().post(`/api/v1/cycles/${c.cycleId}/open`).set(c.auth).expect(200);
  }

  async function nominationRows(cycleId: string) {
    return t.dataSource.query<
      {
        id: string;
        email: string;
        relationship: string;
        token_hash: string | null;
        delivery_status: string;
      }[]
    >(
      `SELECT id, email, relationship, encode(token_hash, 'hex') AS token_hash, delivery_status
         FROM nominations WHERE cycle_id = $1 ORDER BY email`,
      [cycleId],
    );
  }

  function remember(mail: CapturedMail): string {
    const token = raterToken(mail);
    seenTokens.add(token);
    return token;
  }

  /** Everything a message carries: headers, text and HTML. */
  const wholeMessage = (m: CapturedMail) => JSON.stringify(m.parsed.headerLines) + m.text + m.html;

  describe('frameworks', () => {
    it('lists the seeded collective-leadership framework to every organisation', async () => {
      const { auth } = await t.factories.adminWorld();
      const list = await t.http().get('/api/v1/frameworks').set(auth).expect(200);
      const seeded = list.body.items.find(
        (f: { key: string }) => f.key === 'collective-leadership',
      );
      expect(seeded).toMatchObject({ version: 1, custom: false });

      const one = await t.http().get(`/api/v1/frameworks/${seeded.id}`).set(auth).expect(200);
      expect(one.body.scale).toEqual({
        min: 1,
        max: 5,
        labels: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'],
      });
      expect(one.body.dimensions.map((d: { key: string }) => d.key)).toEqual([
        'empowering',
        'shared_learning',
        'trust',
        'inclusion',
        'performance',
      ]);
      expect(one.body.dimensions[0].items[0]).toEqual({
        key: 'empowering_real_authority',
        text: 'Gives people real authority to make decisions about their work',
      });
      expect(one.body.questions.map((q: { key: string }) => q.key)).toEqual([
        'helps_most',
        'do_differently',
      ]);
    });

    const custom = (key: string) => ({
      key,
      name: 'Ward leadership',
      scale: { min: 1, max: 4, labels: ['Seldom', 'Sometimes', 'Usually', 'Always'] },
      dimensions: [
        {
          key: 'huddles',
          title: 'Safety huddles',
          items: [{ key: 'huddles_daily', text: 'Runs a huddle every shift' }],
        },
        {
          key: 'handover',
          title: 'Handover',
          items: [{ key: 'handover_clear', text: 'Hands over clearly' }],
        },
      ],
      questions: [{ key: 'anything_else', text: 'Anything else?' }],
    });

    it('creates a custom framework, a new version for the same key, visible only to its organisation', async () => {
      const { auth } = await t.factories.adminWorld();
      const key = `ward-${tag()}`;
      const first = await t
        .http()
        .post('/api/v1/frameworks')
        .set(auth)
        .send(custom(key))
        .expect(201);
      expect(first.body).toMatchObject({ key, version: 1, custom: true, name: 'Ward leadership' });
      expect(first.body.dimensions[1]).toEqual({
        key: 'handover',
        title: 'Handover',
        items: [{ key: 'handover_clear', text: 'Hands over clearly' }],
      });
      const second = await t
        .http()
        .post('/api/v1/frameworks')
        .set(auth)
        .send(custom(key))
        .expect(201);
      expect(second.body.version).toBe(2);

      const other = await t.factories.adminWorld();
      await t.http().get(`/api/v1/frameworks/${first.body.id}`).set(other.auth).expect(404);
      const theirs = await t.http().get('/api/v1/frameworks').set(other.auth).expect(200);
      expect(theirs.body.items.map((f: { key: string }) => f.key)).not.toContain(key);
      await t
        .http()
        .post('/api/v1/cycles')
        .set(other.auth)
        .send({ name: 'X', closesAt: inAWhile(DAY), frameworkId: first.body.id })
        .expect(404);
    });

    it('refuses an invalid framework with 400 and messages that say what to fix', async () => {
      const { auth } = await t.factories.adminWorld();
      const base = custom(`bad-${tag()}`);
      const cases: [object, RegExp][] = [
        [{ ...base, dimensions: [base.dimensions[0]] }, /2 to 12 dimensions \(this one has 1\)/],
        [
          {
            ...base,
            dimensions: [base.dimensions[0], { key: 'empty', title: 'Empty', items: [] }],
          },
          /"empty" needs 1 to 15 items/,
        ],
        [{ ...base, scale: { min: 1, max: 2, labels: ['No', 'Yes'] } }, /3 to 10 points/],
        [
          { ...base, scale: { min: 1, max: 4, labels: ['a', 'b'] } },
          /one label for each of its 4 points/,
        ],
        [
          { ...base, questions: [{ key: 'handover_clear', text: 'Same key as an item' }] },
          /key "handover_clear" is used more than once/,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await t.http().post('/api/v1/frameworks').set(auth).send(body).expect(400);
        expect(res.body.code).toBe('FRAMEWORK_INVALID');
        expect(res.body.message).toMatch(message);
      }
      const shape = await t
        .http()
        .post('/api/v1/frameworks')
        .set(auth)
        .send({ ...base, dimensions: 'none' })
        .expect(400);
      expect(JSON.stringify(shape.body.message)).toMatch(/dimensions must be an array/);
      const reserved = await t
        .http()
        .post('/api/v1/frameworks')
        .set(auth)
        .send(custom('collective-leadership'))
        .expect(400);
      expect(reserved.body.message).toMatch(/every organisation shares/);
    });

    it('lets only admins create frameworks', async () => {
      const w = await people();
      await t
        .http()
        .post('/api/v1/frameworks')
        .set(w.leaderAuth)
        .send(custom(`x-${tag()}`))
        .expect(403);
    });
  });

  describe('cycles', () => {
    it('creates a draft with the defaults: threshold 3, manager not disclosed, reminders 7 and 2 days out', async () => {
      const { auth } = await t.factories.adminWorld();
      const seeded = await t.factories.defaultFramework();
      const closesAt = inAWhile(10 * DAY);
      const res = await t
        .http()
        .post('/api/v1/cycles')
        .set(auth)
        .send({ name: 'Spring 2026', closesAt })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Spring 2026',
        state: 'draft',
        frameworkId: seeded.id,
        anonymityThreshold: 3,
        managerDisclosed: false,
        reminderDaysBeforeClose: [7, 2],
        closesAt,
        reportsReady: false,
        progress: { requests: 0, invited: 0, completed: 0, declined: 0 },
      });
      const got = await t.http().get(`/api/v1/cycles/${res.body.id}`).set(auth).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('refuses a threshold below 3 and a closesAt in the past', async () => {
      const { auth } = await t.factories.adminWorld();
      const low = await t
        .http()
        .post('/api/v1/cycles')
        .set(auth)
        .send({ name: 'Too small', closesAt: inAWhile(DAY), anonymityThreshold: 2 })
        .expect(400);
      expect(JSON.stringify(low.body.message)).toMatch(
        /anonymityThreshold must be a whole number of at least 3/,
      );
      const past = await t
        .http()
        .post('/api/v1/cycles')
        .set(auth)
        .send({ name: 'Late', closesAt: inAWhile(-60_000) })
        .expect(400);
      expect(past.body.code).toBe('CLOSES_AT_IN_PAST');

      const id = await createCycle(auth);
      const patched = await t
        .http()
        .patch(`/api/v1/cycles/${id}`)
        .set(auth)
        .send({ anonymityThreshold: 2 })
        .expect(400);
      expect(JSON.stringify(patched.body.message)).toMatch(/at least 3/);
    });

    it('moves draft → open → closed → released and refuses every other step with 409', async () => {
      const c = await draftWithRaters(1);
      const base = `/api/v1/cycles/${c.cycleId}`;
      const expectIllegal = async (action: string, state: string) => {
        const res = await t.http().post(`${base}/${action}`).set(c.auth).expect(409);
        expect(res.body.code).toBe('CYCLE_ILLEGAL_TRANSITION');
        expect(res.body.message).toContain(`The cycle is ${state}`);
      };

      await expectIllegal('close', 'draft');
      await expectIllegal('release', 'draft');
      const opened = await t.http().post(`${base}/open`).set(c.auth).expect(200);
      expect(opened.body.state).toBe('open');
      await expectIllegal('open', 'open');
      await expectIllegal('release', 'open');

      const locked = await t
        .http()
        .patch(base)
        .set(c.auth)
        .send({ anonymityThreshold: 5, managerDisclosed: true })
        .expect(409);
      expect(locked.body.code).toBe('CYCLE_LOCKED');
      expect(locked.body.message).toMatch(
        /anonymityThreshold can change only while the cycle is a draft \(it is open\)/,
      );
      const renamed = await t.http().patch(base).set(c.auth).send({ name: 'Renamed' }).expect(200);
      expect(renamed.body.name).toBe('Renamed');

      const closed = await t.http().post(`${base}/close`).set(c.auth).expect(200);
      expect(closed.body.state).toBe('closed');
      expect(closed.body.closedAt).not.toBeNull();
      await expectIllegal('open', 'closed');
      await expectIllegal('close', 'closed');
      const reportsJob = await t.dataSource.query(
        `SELECT name, data FROM outbox_messages WHERE job_id = $1`,
        [`reports-${c.cycleId}`],
      );
      expect(reportsJob).toEqual([{ name: 'cycle-reports', data: { cycleId: c.cycleId } }]);

      await t.dataSource.query(`UPDATE cycles SET reports_ready = true WHERE id = $1`, [c.cycleId]);
      const released = await t.http().post(`${base}/release`).set(c.auth).expect(200);
      expect(released.body.state).toBe('released');
      await expectIllegal('open', 'released');
      await expectIllegal('release', 'released');
      const mails = await t.dataSource.query<{ job_id: string; data: unknown }[]>(
        `SELECT job_id, data FROM outbox_messages WHERE name = 'report-ready' AND job_id LIKE $1 ORDER BY job_id`,
        [`report-ready-${c.requestId}-%`],
      );
      expect(mails.map((m) => m.job_id).sort()).toEqual(
        [
          `report-ready-${c.requestId}-${c.leader.id}`,
          `report-ready-${c.requestId}-${c.coach.id}`,
        ].sort(),
      );
      expect(mails[0]!.data).toEqual({
        feedbackRequestId: c.requestId,
        recipientId: expect.any(String),
      });
    });

    it('releases only once the reports are ready', async () => {
      const { org, auth } = await t.factories.adminWorld();
      const cycle = await t.factories.cycle(org.id, { state: 'closed', closedAt: new Date() });
      const res = await t.http().post(`/api/v1/cycles/${cycle.id}/release`).set(auth).expect(409);
      expect(res.body.code).toBe('REPORTS_NOT_READY');
    });

    it('lists cycles a page at a time, newest first', async () => {
      const { auth } = await t.factories.adminWorld();
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await createCycle(auth, { name: `List ${i}` }));
      const page = await t.http().get('/api/v1/cycles?page=2&limit=2').set(auth).expect(200);
      expect(page.body.total).toBe(3);
      expect(page.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    });

    it('shows another organisation only 404s', async () => {
      const c = await draftWithRaters(1);
      const other = await t.factories.adminWorld();
      const base = `/api/v1/cycles/${c.cycleId}`;
      await t.http().get(base).set(other.auth).expect(404);
      await t.http().patch(base).set(other.auth).send({ name: 'Mine now' }).expect(404);
      await t.http().post(`${base}/open`).set(other.auth).expect(404);
      await t
        .http()
        .post(`${base}/participants`)
        .set(other.auth)
        .send({ leaders: [{ personId: c.leader.id }] })
        .expect(404);
      await t.http().get(`${base}/deliveries`).set(other.auth).expect(404);
      await t.http().post(`${base}/remind`).set(other.auth).expect(404);
      await t.http().get(`/api/v1/feedback-requests/${c.requestId}`).set(other.auth).expect(404);
      await t
        .http()
        .post(`/api/v1/feedback-requests/${c.requestId}/nominations`)
        .set(other.auth)
        .send({ raters: [{ email: 'x@example.nhs.uk', name: 'X', relationship: 'peer' }] })
        .expect(404);
    });
  });

  describe('participants and nominations', () => {
    it('enrols leaders with the leader role and coaches with the coach role; enrolling again is idempotent', async () => {
      const w = await people();
      const cycleId = await createCycle(w.auth);
      const path = `/api/v1/cycles/${cycleId}/participants`;
      const first = await t
        .http()
        .post(path)
        .set(w.auth)
        .send({ leaders: [{ personId: w.leader.id }] })
        .expect(201);
      expect(first.body.requests).toEqual([
        { id: expect.any(String), leaderId: w.leader.id, coachId: null },
      ]);
      const again = await t
        .http()
        .post(path)
        .set(w.auth)
        .send({ leaders: [{ personId: w.leader.id, coachId: w.coach.id }] })
        .expect(201);
      expect(again.body.requests).toEqual([
        { id: first.body.requests[0].id, leaderId: w.leader.id, coachId: w.coach.id },
      ]);

      const notLeader = await t
        .http()
        .post(path)
        .set(w.auth)
        .send({ leaders: [{ personId: w.coach.id }] })
        .expect(400);
      expect(notLeader.body.code).toBe('PARTICIPANT_ROLE_MISSING');
      expect(notLeader.body.message).toMatch(/does not have the leader role/);
      const notCoach = await t
        .http()
        .post(path)
        .set(w.auth)
        .send({ leaders: [{ personId: w.leader.id, coachId: w.admin.id }] })
        .expect(400);
      expect(notCoach.body.message).toMatch(/does not have the coach role/);
      const stranger = await t.factories.person((await t.factories.organisation()).id, {
        roles: ['leader'],
      });
      await t
        .http()
        .post(path)
        .set(w.auth)
        .send({ leaders: [{ personId: stranger.id }] })
        .expect(404);
      await t
        .http()
        .post(path)
        .set(w.leaderAuth)
        .send({ leaders: [{ personId: w.leader.id }] })
        .expect(403);
      const cycle = await t.http().get(`/api/v1/cycles/${cycleId}`).set(w.auth).expect(200);
      expect(cycle.body.progress.requests).toBe(1);
    });

    it('takes nominations from the leader and refuses duplicates, the leader themself and unknown relationships', async () => {
      const c = await draftWithRaters(2);
      const path = `/api/v1/feedback-requests/${c.requestId}/nominations`;
      const rater = (email: string, relationship = 'peer') => ({
        email,
        name: 'Someone',
        relationship,
      });

      const dupInList = await t
        .http()
        .post(path)
        .set(c.leaderAuth)
        .send({ raters: [rater('twice@example.nhs.uk'), rater('Twice@example.nhs.uk ')] })
        .expect(409);
      expect(dupInList.body.code).toBe('NOMINATION_DUPLICATE');
      const already = await t
        .http()
        .post(path)
        .set(c.leaderAuth)
        .send({ raters: [rater(c.raters[0]!.email)] })
        .expect(409);
      expect(already.body.message).toContain(c.raters[0]!.email);
      const self = await t
        .http()
        .post(path)
        .set(c.leaderAuth)
        .send({ raters: [rater(c.leader.email)] })
        .expect(400);
      expect(self.body.code).toBe('NOMINATION_IS_LEADER');
      const bad = await t
        .http()
        .post(path)
        .set(c.leaderAuth)
        .send({ raters: [rater('s@example.nhs.uk', 'self')] })
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toMatch(
        /relationship must be one of manager, peer, direct_report, other/,
      );
      await t
        .http()
        .post(path)
        .set(c.coachAuth)
        .send({ raters: [rater('c@example.nhs.uk')] })
        .expect(403);
      const otherLeader = await t.factories.person(c.leader.organisationId, { roles: ['leader'] });
      await t
        .http()
        .post(path)
        .set(await bearer(otherLeader))
        .send({ raters: [rater('o@example.nhs.uk')] })
        .expect(404);

      const added = await t
        .http()
        .post(path)
        .set(c.auth)
        .send({ raters: [rater('added.by.admin@example.nhs.uk', 'other')] })
        .expect(201);
      expect(added.body.nominations).toEqual([
        { id: expect.any(String), email: 'added.by.admin@example.nhs.uk', relationship: 'other' },
      ]);
      // Nothing is sent while the cycle is a draft.
      expect(t.smtp.to(c.raters[0]!.email)).toHaveLength(0);
    });

    it('lets a leader remove a rater in a draft, but only an admin once open, and never after an answer', async () => {
      const c = await draftWithRaters(3);
      const path = (id: string) => `/api/v1/feedback-requests/${c.requestId}/nominations/${id}`;
      await t.http().delete(path(c.raters[0]!.id)).set(c.leaderAuth).expect(204);
      await open(c);
      const forbidden = await t.http().delete(path(c.raters[1]!.id)).set(c.leaderAuth).expect(403);
      expect(forbidden.body.message).toMatch(/only an administrator/);
      await t.http().delete(path(c.raters[1]!.id)).set(c.auth).expect(204);
      await t.dataSource.query(`UPDATE nominations SET status = 'completed' WHERE id = $1`, [
        c.raters[2]!.id,
      ]);
      const answered = await t.http().delete(path(c.raters[2]!.id)).set(c.auth).expect(409);
      expect(answered.body.code).toBe('NOMINATION_ANSWERED');
      // The leader gets the same 403 whether or not the rater answered: nothing to probe.
      await t.http().delete(path(c.raters[2]!.id)).set(c.leaderAuth).expect(403);
      await settle(t);
    });

    it('shows leaders and coaches counts per relationship only, and each only their own requests', async () => {
      const c = await draftWithRaters(4);
      await open(c);
      await t.dataSource.query(`UPDATE nominations SET status = 'completed' WHERE id = $1`, [
        c.raters[0]!.id,
      ]);
      await t.dataSource.query(`UPDATE nominations SET status = 'declined' WHERE id = $1`, [
        c.raters[1]!.id,
      ]);

      for (const auth of [c.leaderAuth, c.coachAuth, c.auth]) {
        const res = await t
          .http()
          .get(`/api/v1/feedback-requests/${c.requestId}`)
          .set(auth)
          .expect(200);
        expect(Object.keys(res.body).sort()).toEqual([
          'coach',
          'coachId',
          'cycle',
          'cycleId',
          'id',
          'leader',
          'leaderId',
          'progress',
        ]);
        expect(res.body.progress).toEqual({
          self: { invited: 1, completed: 0, declined: 0 },
          manager: { invited: 1, completed: 1, declined: 0 },
          peer: { invited: 1, completed: 0, declined: 1 },
          direct_report: { invited: 1, completed: 0, declined: 0 },
          other: { invited: 1, completed: 0, declined: 0 },
        });
        const dump = JSON.stringify(res.body);
        for (const r of c.raters) {
          expect(dump).not.toContain(r.email);
          expect(dump).not.toContain(r.id);
        }
        expect(dump).not.toMatch(/Rater \d/);
      }

      const list = (auth: Auth) =>
        t.http().get(`/api/v1/feedback-requests?cycleId=${c.cycleId}`).set(auth).expect(200);
      expect((await list(c.leaderAuth)).body.items.map((r: { id: string }) => r.id)).toEqual([
        c.requestId,
      ]);
      expect((await list(c.coachAuth)).body.items.map((r: { id: string }) => r.id)).toEqual([
        c.requestId,
      ]);
      const otherLeader = await t.factories.person(c.leader.organisationId, { roles: ['leader'] });
      const theirs = await list(await bearer(otherLeader));
      expect(theirs.body).toEqual({ items: [], total: 0 });
      await t
        .http()
        .get(`/api/v1/feedback-requests/${c.requestId}`)
        .set(await bearer(otherLeader))
        .expect(404);
      await t.http().get(`/api/v1/cycles/${c.cycleId}/deliveries`).set(c.leaderAuth).expect(403);

      const cycle = await t.http().get(`/api/v1/cycles/${c.cycleId}`).set(c.auth).expect(200);
      expect(cycle.body.progress).toEqual({ requests: 1, invited: 5, completed: 1, declined: 1 });

      const cookie = (auth: Auth) => `c360_session=${auth.Authorization.slice('Bearer '.length)}`;
      const leaderHome = await t.http().get('/').set('Cookie', cookie(c.leaderAuth)).expect(200);
      expect(leaderHome.text).toContain('1 of 4 colleagues have answered so far');
      for (const r of c.raters) expect(leaderHome.text).not.toContain(r.email);
      const adminHome = await t.http().get('/').set('Cookie', cookie(c.auth)).expect(200);
      expect(adminHome.text).toContain('open, closes');
      expect(adminHome.text).toContain('1 of 5 answered');
      await settle(t);
    });
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
      expect(JSON.stringify(bad.body.message)).toMatch(
        /status must be one of queued, sent, failed/,
      );

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

  describe('reminders', () => {
    it('reminds only raters who have neither answered nor declined, with a new link that replaces the old', async () => {
      const c = await draftWithRaters(4);
      await open(c);
      await settle(t);
      const [answered, declined, ...pending] = c.raters;
      await t.dataSource.query(`UPDATE nominations SET status = 'completed' WHERE id = $1`, [
        answered!.id,
      ]);
      await t.dataSource.query(`UPDATE nominations SET status = 'declined' WHERE id = $1`, [
        declined!.id,
      ]);
      const before = await nominationRows(c.cycleId);

      const res = await t.http().post(`/api/v1/cycles/${c.cycleId}/remind`).set(c.auth).expect(202);
      expect(res.body).toEqual({ queued: 3 }); // two pending raters and the leader's self-assessment
      await settle(t);

      expect(t.smtp.to(answered!.email)).toHaveLength(1);
      expect(t.smtp.to(declined!.email)).toHaveLength(1);
      const after = await nominationRows(c.cycleId);
      for (const email of [...pending.map((p) => p.email), c.leader.email]) {
        const mails = t.smtp.to(email);
        expect(mails).toHaveLength(2);
        const reminder = mails[1]!;
        expect(reminder.subject).toMatch(/^Reminder: /);
        expect(reminder.text).toContain('it replaces the one in earlier emails');
        const token = remember(reminder);
        expect(token).not.toBe(raterToken(mails[0]!));
        expect(after.find((r) => r.email === email)!.token_hash).toBe(sha256Hex(token));
        expect(before.find((r) => r.email === email)!.token_hash).not.toBe(sha256Hex(token));
      }

      // The same round again (a repeat of the job) sends nothing; a second round does.
      const outbox = t.app.get(OutboxService);
      await t.dataSource.transaction((m) =>
        outbox.add(
          m,
          pending.map((p) => reminderJob(p.id, 1)),
        ),
      );
      await settle(t);
      expect(t.smtp.to(pending[0]!.email)).toHaveLength(2);
      await t.http().post(`/api/v1/cycles/${c.cycleId}/remind`).set(c.auth).expect(202);
      remember(await waitForNth(pending[0]!.email, 3));
      await settle(t);
      const deliveries = await t
        .http()
        .get(`/api/v1/cycles/${c.cycleId}/deliveries`)
        .set(c.auth)
        .expect(200);
      expect(
        deliveries.body.items.find((d: { email: string }) => d.email === pending[0]!.email)
          .remindersSent,
      ).toBe(2);
    });

    it('composes reminders made at once in shared batches: one link each, a repeat skipped', async () => {
      // Concurrent reminder jobs share one link-issue statement and one sent-mark statement
      // (ReminderComposer); called in one tick, all but the first go in one batch together.
      const c = await draftWithRaters(3);
      await open(c);
      await settle(t);
      const composer = t.app.get(ReminderComposer);
      const [a, b, answered] = c.raters;
      await t.dataSource.query(`UPDATE nominations SET status = 'completed' WHERE id = $1`, [
        answered!.id,
      ]);
      // The first runs alone; the other four go together, each rater in it twice.
      const jobs = [answered, a, b, a, b].map((r) => ({ nominationId: r!.id, round: 1 }));
      const composed = await Promise.all(jobs.map((job) => composer.compose(job)));
      const sent = composed.map((x) => ('send' in x ? x.send.to : x.skip));
      expect(sent).toEqual([
        'the rater has answered',
        a!.email,
        b!.email,
        'another job is sending this reminder',
        'another job is sending this reminder',
      ]);
      const rows = await nominationRows(c.cycleId);
      for (const [rater, x] of [
        [a, composed[1]],
        [b, composed[2]],
      ] as const) {
        const text = x && 'send' in x ? x.send.text : '';
        const token = /\/r\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
        expect(rows.find((r) => r.email === rater!.email)!.token_hash).toBe(sha256Hex(token));
      }
      // Two rounds of one rater marked sent in one batch count twice; the round is the larger.
      await Promise.all([
        composer.markSent({ nominationId: a!.id, round: 1 }),
        composer.markSent({ nominationId: b!.id, round: 1 }),
        composer.markSent({ nominationId: a!.id, round: 2 }),
      ]);
      const marked = await t.dataSource.query(
        `SELECT id, reminders_sent, last_reminder_round FROM nominations WHERE id = ANY($1) ORDER BY id`,
        [[a!.id, b!.id]],
      );
      expect(
        Object.fromEntries(
          marked.map((r: { id: string; reminders_sent: number; last_reminder_round: number }) => [
            r.id,
            [r.reminders_sent, r.last_reminder_round],
          ]),
        ),
      ).toEqual({ [a!.id]: [2, 2], [b!.id]: [1, 1] });
    });

    it('sends scheduled reminders by themselves, skipping any whose time has passed', async () => {
      const c = await draftWithRaters(2, {
        cycle: { closesAt: inAWhile(DAY + 6_000), reminderDaysBeforeClose: [1, 7] },
      });
      await open(c);
      await settle(t);
      const jobs = await t.dataSource.query<{ job_id: string }[]>(
        `SELECT job_id FROM outbox_messages WHERE data->>'cycleId' = $1 AND queue = 'cycles' ORDER BY job_id`,
        [c.cycleId],
      );
      expect(jobs.map((j) => j.job_id.replace(/-\d+$/, ''))).toEqual([
        `close-${c.cycleId}`,
        `remind-${c.cycleId}-1d`,
      ]);
      await t.dataSource.query(`UPDATE nominations SET status = 'declined' WHERE id = $1`, [
        c.raters[0]!.id,
      ]);

      remember(await waitForNth(c.raters[1]!.email, 2));
      remember(await waitForNth(c.leader.email, 2));
      await settle(t);
      expect(t.smtp.to(c.raters[0]!.email)).toHaveLength(1);
      const cycle = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
      expect(cycle.reminderRounds).toBe(1);
    });

    it('refuses reminders and retries unless the cycle is open', async () => {
      const c = await draftWithRaters(1);
      const res = await t.http().post(`/api/v1/cycles/${c.cycleId}/remind`).set(c.auth).expect(409);
      expect(res.body).toMatchObject({
        code: 'CYCLE_LOCKED',
        message: expect.stringMatching(/The cycle is draft/),
      });
      await t.http().post(`/api/v1/cycles/${c.cycleId}/deliveries/retry`).set(c.auth).expect(409);
    });
  });

  describe('closing on schedule', () => {
    const stateOf = async (id: string) =>
      (await t.dataSource.getRepository(Cycle).findOneByOrFail({ id })).state;

    it('closes the cycle by itself at closesAt', async () => {
      const c = await draftWithRaters(1, { cycle: { closesAt: inAWhile(3_000) } });
      await open(c);
      await settle(t);
      await waitFor(async () => (await stateOf(c.cycleId)) === 'closed', {
        timeoutMs: 20_000,
        what: 'the cycle to close',
      });
      const res = await t.http().get(`/api/v1/cycles/${c.cycleId}`).set(c.auth).expect(200);
      expect(res.body.closedAt).not.toBeNull();
      const reports = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE job_id = $1`,
        [`reports-${c.cycleId}`],
      );
      expect(reports[0].n).toBe(1);
      remember(t.smtp.to(c.raters[0]!.email)[0]!);
    });

    it('reschedules the close when closesAt changes, earlier or later', async () => {
      const c = await draftWithRaters(1, { cycle: { closesAt: inAWhile(3_600_000) } });
      await open(c);
      await settle(t);
      const before = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
      const oldJob = `close-${c.cycleId}-${before.closesAt.getTime()}`;
      expect(await t.queue('cycles').getJob(oldJob)).toBeDefined();

      const soon = inAWhile(3_000);
      await t
        .http()
        .patch(`/api/v1/cycles/${c.cycleId}`)
        .set(c.auth)
        .send({ closesAt: soon })
        .expect(200);
      expect(await t.queue('cycles').getJob(oldJob)).toBeUndefined();
      await waitFor(async () => (await stateOf(c.cycleId)) === 'closed', {
        timeoutMs: 20_000,
        what: 'the cycle to close',
      });
      remember(t.smtp.to(c.raters[0]!.email)[0]!);

      const later = await draftWithRaters(1, { cycle: { closesAt: inAWhile(60_000) } });
      await open(later);
      await settle(t);
      const first = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: later.cycleId });
      const res = await t
        .http()
        .patch(`/api/v1/cycles/${later.cycleId}`)
        .set(later.auth)
        .send({ closesAt: inAWhile(3_600_000) })
        .expect(200);
      await settle(t);
      expect(
        await t.queue('cycles').getJob(`close-${later.cycleId}-${first.closesAt.getTime()}`),
      ).toBeUndefined();
      expect(
        await t
          .queue('cycles')
          .getJob(`close-${later.cycleId}-${new Date(res.body.closesAt).getTime()}`),
      ).toBeDefined();
      // Were the old job to run anyway, it would find the cycle rescheduled and skip.
      expect(
        await t.app.get(CycleLifecycleService).closeIfDue(later.cycleId, first.closesAt.getTime()),
      ).toBe('skipped');
      expect(await stateOf(later.cycleId)).toBe('open');
      remember(t.smtp.to(later.raters[0]!.email)[0]!);
      const past = await t
        .http()
        .patch(`/api/v1/cycles/${later.cycleId}`)
        .set(later.auth)
        .send({ closesAt: inAWhile(-1000) })
        .expect(400);
      expect(past.body.code).toBe('CLOSES_AT_IN_PAST');
    });

    it('is idempotent with a manual close', async () => {
      const c = await draftWithRaters(1);
      await open(c);
      await t.http().post(`/api/v1/cycles/${c.cycleId}/close`).set(c.auth).expect(200);
      const closed = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
      expect(
        await t.app.get(CycleLifecycleService).closeIfDue(c.cycleId, closed.closesAt.getTime()),
      ).toBe('skipped');
      const again = await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: c.cycleId });
      expect(again.closedAt).toEqual(closed.closedAt);
      const reports = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE job_id = $1`,
        [`reports-${c.cycleId}`],
      );
      expect(reports[0].n).toBe(1);
      await settle(t);
      for (const r of c.raters) for (const m of t.smtp.to(r.email)) remember(m);
    });
  });

  it('documents every route of frameworks, cycles and feedback requests in /docs-json, with bearer auth', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const routes: [string, string][] = [
      ['get', '/api/v1/frameworks'],
      ['post', '/api/v1/frameworks'],
      ['get', '/api/v1/frameworks/{id}'],
      ['get', '/api/v1/cycles'],
      ['post', '/api/v1/cycles'],
      ['get', '/api/v1/cycles/{id}'],
      ['patch', '/api/v1/cycles/{id}'],
      ['post', '/api/v1/cycles/{id}/participants'],
      ['post', '/api/v1/cycles/{id}/open'],
      ['post', '/api/v1/cycles/{id}/close'],
      ['post', '/api/v1/cycles/{id}/release'],
      ['post', '/api/v1/cycles/{id}/remind'],
      ['get', '/api/v1/cycles/{id}/deliveries'],
      ['post', '/api/v1/cycles/{id}/deliveries/retry'],
      ['get', '/api/v1/feedback-requests'],
      ['get', '/api/v1/feedback-requests/{id}'],
      ['post', '/api/v1/feedback-requests/{id}/nominations'],
      ['delete', '/api/v1/feedback-requests/{id}/nominations/{nominationId}'],
    ];
    const undocumented = routes.filter(
      ([method, path]) => !doc.paths[path]?.[method]?.security?.length,
    );
    expect(undocumented).toEqual([]);
  });

  it('leaves no rater email or token anywhere in Redis', async () => {
    await settle(t);
    for (const m of t.smtp.messages) {
      const match = /http:\/\/c360\.test\/r\/([A-Za-z0-9_-]{43})/.exec(m.text);
      if (match?.[1]) seenTokens.add(match[1]);
    }
    expect(seenEmails.size).toBeGreaterThan(20);
    expect(seenTokens.size).toBeGreaterThan(20);

    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const dump: string[] = [];
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.redisPrefix}:*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          dump.push(key);
          const type = await redis.type(key);
          if (type === 'string') dump.push((await redis.get(key)) ?? '');
          else if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
          else if (type === 'list') dump.push(JSON.stringify(await redis.lrange(key, 0, -1)));
          else if (type === 'set') dump.push(JSON.stringify(await redis.smembers(key)));
          else if (type === 'zset') dump.push(JSON.stringify(await redis.zrange(key, 0, -1)));
          else if (type === 'stream') dump.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    const everything = dump.join('\n');
    expect(everything).toContain('invite-'); // the scan did see the jobs
    for (const email of seenEmails) expect(everything).not.toContain(email);
    for (const token of seenTokens) expect(everything).not.toContain(token);
  });

  /** Waits for the n-th email to an address and returns it. */
  async function waitForNth(address: string, n: number): Promise<CapturedMail> {
    await waitFor(() => t.smtp.to(address).length >= n, { what: `email ${n} to ${address}` });
    return t.smtp.to(address)[n - 1]!;
  }
});
