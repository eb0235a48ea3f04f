import { settle } from './support/settle';
import { CycleWorld, type Auth } from './support/cycle-world';
import type { TestApp } from './support/test-app';

const world = CycleWorld.create();
const { bearer, people, createCycle, draftWithRaters, open } = world;
let t: TestApp;
beforeAll(() => {
  t = world.t;
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
