import type { Response } from 'supertest';
import { Cycle } from '../src/modules/cycles/cycle.entity';
import { Person } from '../src/modules/organisations/person.entity';
import { OpenApiContract, OpenApiDocument } from './support/openapi-contract';
import { raterToken } from './support/rater-link';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Call {
  auth?: Record<string, string>;
  body?: string | object;
  type?: string;
  expect: number;
}

const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * The OpenAPI document cannot drift from the code: a whole cycle runs through the JSON API, with
 * the errors each route gives, and every real answer (status, media type, body) is checked
 * against the document the service serves. Every operation of the document must be exercised,
 * so a new route fails this test until it is checked here too.
 */
describe('the OpenAPI document matches what the routes answer', () => {
  let t: TestApp;
  let contract: OpenApiContract;

  beforeAll(async () => {
    t = await TestApp.create();
    const document = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    contract = new OpenApiContract(document);
  });
  afterAll(async () => {
    await t.close();
  });

  async function api(method: Method, url: string, call: Call): Promise<Response> {
    let req = t.http()[method](url);
    if (call.auth) req = req.set(call.auth);
    if (call.type) req = req.set('Content-Type', call.type);
    const res = call.body === undefined ? await req : await req.send(call.body);
    expect({ url, status: res.status }).toEqual({ url, status: call.expect });
    contract.check(method, url, res);
    return res;
  }

  it('every operation answers as documented, errors included', async () => {
    // Public routes.
    await api('get', '/health', { expect: 200 });
    await api('get', '/api/v1/auth/csrf-token', { expect: 200 });
    const { org, admin, auth } = await t.factories.adminWorld();
    await api('post', '/api/v1/auth/sign-in-links', { body: { email: admin.email }, expect: 202 });
    await api('post', '/api/v1/auth/sign-in-links', { body: { email: 'nope' }, expect: 400 });
    await api('post', '/api/v1/auth/sessions', { body: { token: 'x'.repeat(43) }, expect: 401 });
    await api('post', '/api/v1/auth/sessions', { body: {}, expect: 400 });
    const signIn = await t.smtp.waitForMailTo(admin.email);
    const signInToken = /token=([A-Za-z0-9_-]+)/.exec(signIn.text)![1]!;
    await api('post', '/api/v1/auth/sessions', { body: { token: signInToken }, expect: 201 });

    // Who may act.
    await api('get', '/api/v1/me', { expect: 401 });
    await api('get', '/api/v1/me', { auth, expect: 200 });
    const outsider = await t.factories.person(org.id, { roles: ['leader'] });
    const asLeader = { Authorization: `Bearer ${await t.factories.tokenFor(outsider)}` };
    await api('get', '/api/v1/people', { auth: asLeader, expect: 403 });

    // Organisation set-up.
    const unit = await api('post', '/api/v1/units', { auth, body: { name: 'Wards' }, expect: 201 });
    await api('post', '/api/v1/units', { auth, body: { name: 'Wards' }, expect: 409 });
    await api('post', '/api/v1/units', { auth, body: { name: '' }, expect: 400 });
    await api('get', '/api/v1/units', { auth, expect: 200 });
    const leader = await api('post', '/api/v1/people', {
      auth,
      body: {
        email: 'lee.leader@example.nhs.uk',
        name: 'Lee Leader',
        unitId: unit.body.id,
        roles: ['leader'],
      },
      expect: 201,
    });
    await api('post', '/api/v1/people', {
      auth,
      body: { email: 'lee.leader@example.nhs.uk', name: 'Again' },
      expect: 409,
    });
    const coach = await api('post', '/api/v1/people', {
      auth,
      body: { email: 'cody.coach@example.nhs.uk', name: 'Cody Coach', roles: ['coach'] },
      expect: 201,
    });
    await api('get', '/api/v1/people?search=lee&page=1&limit=10', { auth, expect: 200 });
    await api('get', '/api/v1/people?page=0', { auth, expect: 400 });
    await api('get', `/api/v1/people/${leader.body.id}`, { auth, expect: 200 });
    await api('get', `/api/v1/people/${MISSING}`, { auth, expect: 404 });
    await api('get', '/api/v1/people/not-a-uuid', { auth, expect: 400 });
    await api('patch', `/api/v1/people/${leader.body.id}`, {
      auth,
      body: { name: 'Lee Leader-Smith' },
      expect: 200,
    });
    const csv = 'email,name,unit,roles,manager_email\nana@example.nhs.uk,Ana,Theatres,leader,\n';
    await api('post', '/api/v1/people/import', { auth, type: 'text/csv', body: csv, expect: 200 });
    const broken = 'email,name,unit,roles,manager_email\nnot-an-email,Bo,Theatres,leader,\n';
    const importErrors = await api('post', '/api/v1/people/import', {
      auth,
      type: 'text/csv',
      body: broken,
      expect: 422,
    });
    expect(importErrors.body.errors).toHaveLength(1);

    // Frameworks.
    const frameworks = await api('get', '/api/v1/frameworks', { auth, expect: 200 });
    const seeded = (frameworks.body.items as { id: string; key: string }[]).find(
      (f) => f.key === 'collective-leadership',
    )!;
    await api('get', `/api/v1/frameworks/${seeded.id}`, { auth, expect: 200 });
    await api('post', '/api/v1/frameworks', {
      auth,
      body: {
        key: 'ward-contract',
        name: 'Ward leadership',
        scale: { min: 1, max: 4, labels: ['Seldom', 'Sometimes', 'Usually', 'Always'] },
        dimensions: [
          { key: 'huddles', title: 'Huddles', items: [{ key: 'huddles_daily', text: 'Daily' }] },
          { key: 'handover', title: 'Handover', items: [{ key: 'handover_ok', text: 'Clear' }] },
        ],
        questions: [{ key: 'anything_else', text: 'Anything else?' }],
      },
      expect: 201,
    });

    // A cycle from draft to released.
    const closesAt = new Date(Date.now() + 3_600_000).toISOString();
    await api('post', '/api/v1/cycles', {
      auth,
      body: { name: 'Too loose', closesAt, anonymityThreshold: 2 },
      expect: 400,
    });
    const cycle = await api('post', '/api/v1/cycles', {
      auth,
      body: { name: 'Contract cycle', closesAt, reminderDaysBeforeClose: [] },
      expect: 201,
    });
    const cycleId = cycle.body.id as string;
    await api('get', '/api/v1/cycles', { auth, expect: 200 });
    await api('get', `/api/v1/cycles/${cycleId}`, { auth, expect: 200 });
    await api('get', `/api/v1/cycles/${MISSING}`, { auth, expect: 404 });
    await api('patch', `/api/v1/cycles/${cycleId}`, {
      auth,
      body: { name: 'Spring' },
      expect: 200,
    });
    const enrolled = await api('post', `/api/v1/cycles/${cycleId}/participants`, {
      auth,
      body: { leaders: [{ personId: leader.body.id, coachId: coach.body.id }] },
      expect: 201,
    });
    const requestId = enrolled.body.requests[0].id as string;
    await api('post', `/api/v1/cycles/${cycleId}/release`, { auth, expect: 409 });

    const raters = ['ra', 'rb', 'rc', 'rd'].map((n) => ({
      email: `${n}@example.nhs.uk`,
      name: `Rater ${n.toUpperCase()}`,
      relationship: 'peer',
    }));
    const nominated = await api('post', `/api/v1/feedback-requests/${requestId}/nominations`, {
      auth,
      body: {
        raters: [...raters, { email: 'gone@example.nhs.uk', name: 'Gone', relationship: 'other' }],
      },
      expect: 201,
    });
    await api('post', `/api/v1/feedback-requests/${requestId}/nominations`, {
      auth,
      body: { raters: [raters[0]] },
      expect: 409,
    });
    const gone = (nominated.body.nominations as { id: string; email: string }[]).find(
      (n) => n.email === 'gone@example.nhs.uk',
    )!;
    await api('delete', `/api/v1/feedback-requests/${requestId}/nominations/${gone.id}`, {
      auth,
      expect: 204,
    });
    await api('get', `/api/v1/feedback-requests?cycleId=${cycleId}`, { auth, expect: 200 });
    await api('get', `/api/v1/feedback-requests/${requestId}`, { auth, expect: 200 });
    await api('get', `/api/v1/feedback-requests/${requestId}/report`, { auth, expect: 409 });

    await api('post', `/api/v1/cycles/${cycleId}/open`, { auth, expect: 200 });
    await api('post', `/api/v1/cycles/${cycleId}/open`, { auth, expect: 409 });
    await t.drain();
    await api('get', `/api/v1/cycles/${cycleId}/deliveries`, { auth, expect: 200 });
    await api('get', `/api/v1/cycles/${cycleId}/deliveries?status=failed`, { auth, expect: 200 });
    await api('post', `/api/v1/cycles/${cycleId}/deliveries/retry`, { auth, expect: 202 });

    // Raters answer through their links.
    const tokens = await Promise.all(
      raters.map(async (r) => raterToken(await t.smtp.waitForMailTo(r.email))),
    );
    const questionnaire = await api('get', `/api/v1/responses/${tokens[0]}`, { expect: 200 });
    await api('get', `/api/v1/responses/${'x'.repeat(43)}`, { expect: 404 });
    const items = (questionnaire.body.dimensions as { items: { key: string }[] }[]).flatMap((d) =>
      d.items.map((i) => i.key),
    );
    const answers = Object.fromEntries(items.map((k, i) => [k, (i % 5) + 1]));
    const full = { answers, comments: {} };
    await api('put', `/api/v1/responses/${tokens[0]}/draft`, { body: full, expect: 204 });
    await api('post', `/api/v1/responses/${tokens[0]}`, { body: { answers: {} }, expect: 400 });
    for (const token of tokens.slice(0, 3)) {
      await api('post', `/api/v1/responses/${token}`, { body: full, expect: 201 });
    }
    await api('post', `/api/v1/responses/${tokens[0]}`, { body: full, expect: 409 });
    await api('post', `/api/v1/responses/${tokens[3]}/decline`, { body: {}, expect: 204 });
    await api('post', `/api/v1/cycles/${cycleId}/remind`, { auth, expect: 202 });

    // Coach grants; the collective profile exists only from close.
    const grants = `/api/v1/units/${unit.body.id}/coach-grants`;
    await api('post', grants, { auth, body: { personId: coach.body.id }, expect: 201 });
    await api('post', grants, { auth, body: { personId: coach.body.id }, expect: 409 });
    await api('post', grants, { auth, body: { personId: leader.body.id }, expect: 400 });
    await api('get', grants, { auth, expect: 200 });
    await api('get', `/api/v1/units/${MISSING}/coach-grants`, { auth, expect: 404 });
    const profile = `/api/v1/cycles/${cycleId}/collective-profile`;
    await api('get', profile, { auth, expect: 409 });

    // Close, reports, release.
    await api('post', `/api/v1/cycles/${cycleId}/close`, { auth, expect: 200 });
    await api('get', `/api/v1/responses/${tokens[3]}`, { expect: 410 });
    await waitFor(
      async () =>
        (await t.dataSource.getRepository(Cycle).findOneByOrFail({ id: cycleId })).reportsReady,
      { what: 'report snapshots' },
    );
    await api('get', `/api/v1/feedback-requests/${requestId}/report`, { auth, expect: 200 });
    await api('get', `/api/v1/feedback-requests/${requestId}/report.csv`, { auth, expect: 200 });
    await api('get', `/api/v1/feedback-requests/${requestId}/report.html`, { auth, expect: 200 });
    const leaderPerson = await t.dataSource
      .getRepository(Person)
      .findOneByOrFail({ id: leader.body.id as string });
    const asTheLeader = { Authorization: `Bearer ${await t.factories.tokenFor(leaderPerson)}` };
    await api('get', `/api/v1/feedback-requests/${requestId}/report`, {
      auth: asTheLeader,
      expect: 403,
    });
    await api('post', `/api/v1/cycles/${cycleId}/release`, { auth, expect: 200 });
    await api('get', profile, { auth, expect: 200 });
    await api('get', `${profile}?unitId=${unit.body.id}`, { auth, expect: 200 });
    await api('get', `${profile}?unitId=${MISSING}`, { auth, expect: 404 });
    await api('get', `${profile}?compareTo=nope`, { auth, expect: 400 });
    await api('get', profile, { auth: asTheLeader, expect: 403 });
    await api('get', `${profile}.csv`, { auth, expect: 200 });
    await api('delete', `${grants}/${coach.body.id}`, { auth, expect: 204 });
    await api('delete', `${grants}/${coach.body.id}`, { auth, expect: 404 });
    await api('get', `/api/v1/feedback-requests/${requestId}/report`, {
      auth: asTheLeader,
      expect: 200,
    });

    expect(contract.problems).toEqual([]);
    const unchecked = contract.operations().filter((op) => !contract.exercised.has(op));
    expect(unchecked).toEqual([]);
  });
});
