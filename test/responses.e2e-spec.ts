import axe from 'axe-core';
import Redis from 'ioredis';
import { JSDOM } from 'jsdom';
import type { Response as HttpResponse } from 'supertest';
import type { DomainError } from '../src/common/domain-error';
import { hashToken, newSecureToken } from '../src/common/secure-token';
import type { Cycle } from '../src/modules/cycles/cycle.entity';
import type { FeedbackRequest } from '../src/modules/cycles/feedback-request.entity';
import type { Nomination } from '../src/modules/nominations/nomination.entity';
import type { Organisation } from '../src/modules/organisations/organisation.entity';
import type { Person } from '../src/modules/organisations/person.entity';
import type { Relationship } from '../src/common/relationship';
import { type RaterContext, RaterLinksService } from '../src/modules/responses/rater-links.service';
import { AnswerKeys } from '../src/modules/responses/answer-keys';
import { ResponsesService } from '../src/modules/responses/responses.service';
import { TEST_FRAMEWORK } from './support/factories';
import { TestApp } from './support/test-app';

const ITEM_KEYS = TEST_FRAMEWORK.dimensions.flatMap((d) => d.items.map((i) => i.key));

/** Every item answered (the last one "not observed"). */
function fullAnswers(): Record<string, number | null> {
  return Object.fromEntries(
    ITEM_KEYS.map((key, i) => [key, i === ITEM_KEYS.length - 1 ? null : (i % 5) + 1]),
  );
}

interface RaterWorld {
  org: Organisation;
  leader: Person;
  cycle: Cycle;
  request: FeedbackRequest;
  nomination: Nomination;
  /** The link's token; only its SHA-256 is stored, as the invitation worker does. */
  token: string;
}

/** An organisation, a leader, an open cycle on our framework and one invited rater. */
async function raterWorld(
  t: TestApp,
  options: {
    relationship?: Relationship;
    cycle?: Partial<Cycle>;
    leaderName?: string;
    /** Use this framework (e.g. the seeded default) instead of a new one of our own. */
    frameworkId?: string;
  } = {},
): Promise<RaterWorld> {
  const org = await t.factories.organisation();
  const leader = await t.factories.person(org.id, {
    roles: ['leader'],
    name: options.leaderName ?? 'Priya Shah',
  });
  const frameworkId = options.frameworkId ?? (await t.factories.framework(org.id)).id;
  const cycle = await t.factories.cycle(org.id, {
    frameworkId,
    state: 'open',
    openedAt: new Date(),
    ...options.cycle,
  });
  const request = await t.factories.feedbackRequest(cycle, leader);
  const { nomination, token } = await t.factories.invitedNomination(request, {
    relationship: options.relationship ?? 'peer',
  });
  return { org, leader, cycle, request, nomination, token };
}

/** Every rater route, JSON and HTML, errors included, carries these. */
function expectRaterHeaders(res: HttpResponse): void {
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

function dom(html: string): Document {
  return new JSDOM(html).window.document;
}

/**
 * Fills the questionnaire as a browser would: checks one radio in every group, types into
 * every textarea, then builds the body from the form's own fields (FormData) plus the pressed
 * button's name and value.
 */
function fillForm(
  html: string,
  choose: (itemKey: string, values: string[]) => string | undefined,
  type: (questionKey: string) => string,
  action: 'submit' | 'save' | 'decline',
): string {
  const { window } = new JSDOM(html);
  const form = window.document.querySelector('form')!;
  const groups = new Map<string, HTMLInputElement[]>();
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[type=radio]')) {
    groups.set(radio.name, [...(groups.get(radio.name) ?? []), radio]);
  }
  for (const [name, radios] of groups) {
    const itemKey = /^answers\[(.+)\]$/.exec(name)![1]!;
    const value = choose(
      itemKey,
      radios.map((r) => r.value),
    );
    for (const radio of radios) radio.checked = radio.value === value;
  }
  for (const textarea of form.querySelectorAll('textarea')) {
    textarea.value = type(/^comments\[(.+)\]$/.exec(textarea.name)![1]!);
  }
  const body = new window.URLSearchParams();
  for (const [name, value] of new window.FormData(form))
    body.append(name, typeof value === 'string' ? value : value.name);
  const button = form.querySelector<HTMLButtonElement>(`button[name=action][value=${action}]`)!;
  body.append(button.name, button.value);
  return body.toString();
}

async function axeViolations(
  html: string,
): Promise<{ id: string; help: string; nodes: unknown[] }[]> {
  const jsdom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true });
  const window = jsdom.window as unknown as {
    eval(source: string): void;
    axe: typeof axe;
    document: Document;
  };
  window.eval(axe.source);
  // jsdom lays nothing out, so colour contrast cannot be computed here; the palette is checked by hand.
  const results = await window.axe.run(window.document, {
    runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'],
    rules: { 'color-contrast': { enabled: false } },
  });
  jsdom.window.close();
  return results.violations;
}

/** The request's responses, their sealed answers and comments opened with the cycle's key. */
async function openedResponses(
  t: TestApp,
  requestId: string,
  columns = ['relationship', 'answers', 'comments', 'submittedOn'],
): Promise<Record<string, unknown>[]> {
  const rows = await t.dataSource.query<
    {
      cycleId: string;
      relationship: string;
      answers: string;
      comments: string;
      submittedOn: string;
    }[]
  >(
    `SELECT fr.cycle_id AS "cycleId", r.relationship, r.answers, r.comments, r.submitted_on::text AS "submittedOn"
       FROM responses r JOIN feedback_requests fr ON fr.id = r.feedback_request_id
      WHERE r.feedback_request_id = $1`,
    [requestId],
  );
  const keys = t.app.get(AnswerKeys);
  return Promise.all(
    rows.map(async ({ cycleId, ...row }) => {
      const opened: Record<string, unknown> = {
        ...row,
        answers: await keys.openValue(cycleId, row.answers),
        comments: await keys.openValue(cycleId, row.comments),
      };
      return Object.fromEntries(columns.map((c) => [c, opened[c]]));
    }),
  );
}

describe("the rater's questionnaire", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Sends the request and checks the rater headers on whatever comes back. */
  async function rater(request: PromiseLike<HttpResponse>): Promise<HttpResponse> {
    const res = await request;
    expectRaterHeaders(res);
    return res;
  }

  const responsesOf = (requestId: string, columns?: string[]) =>
    openedResponses(t, requestId, columns);

  async function nominationStatus(id: string): Promise<string> {
    const rows = await t.dataSource.query(`SELECT status FROM nominations WHERE id = $1`, [id]);
    return rows[0].status;
  }

  async function draftCount(nominationId: string): Promise<number> {
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM response_drafts WHERE nomination_id = $1`,
      [nominationId],
    );
    return rows[0].n;
  }

  function londonToday(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  }

  describe('JSON routes', () => {
    it('shows the questionnaire: leader, cycle, relationship, scale, dimensions, questions and no draft', async () => {
      const w = await raterWorld(t, { leaderName: 'Priya Shah' });
      const res = await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));
      expect(res.body).toEqual({
        leader: { name: 'Priya Shah' },
        cycle: {
          name: w.cycle.name,
          closesAt: w.cycle.closesAt.toISOString(),
          anonymityThreshold: 3,
          managerDisclosed: false,
        },
        relationship: 'peer',
        scale: TEST_FRAMEWORK.scale,
        dimensions: TEST_FRAMEWORK.dimensions,
        questions: TEST_FRAMEWORK.questions,
        draft: null,
      });
      expect(JSON.stringify(res.body)).not.toContain(w.nomination.email);
    });

    it('saves a partial draft and gives it back; GET changes nothing', async () => {
      const w = await raterWorld(t);
      const draft = {
        answers: { gives_authority: 4, keeps_promises: null },
        comments: { helps_most: 'Listens first.' },
      };
      await rater(t.http().put(`/api/v1/responses/${w.token}/draft`).send(draft).expect(204));
      const first = await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));
      expect(first.body.draft).toEqual(draft);

      const replaced = { answers: { coaches_others: 2 }, comments: {} };
      await rater(t.http().put(`/api/v1/responses/${w.token}/draft`).send(replaced).expect(204));
      const second = await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));
      expect(second.body.draft).toEqual(replaced);
      expect(await nominationStatus(w.nomination.id)).toBe('pending');
      expect(await responsesOf(w.request.id)).toEqual([]);
    });

    it('refuses a comment holding a character that cannot be stored (NUL, a lone surrogate) with 400, in a draft or a submit', async () => {
      const w = await raterWorld(t);
      for (const text of ['before\u0000after', 'half a pair \ud83d']) {
        const comments = { helps_most: text };
        for (const res of [
          await t.http().put(`/api/v1/responses/${w.token}/draft`).send({ comments }),
          await t
            .http()
            .post(`/api/v1/responses/${w.token}`)
            .send({ answers: fullAnswers(), comments }),
        ]) {
          expect(res.status).toBe(400);
          expect(res.body.code).toBe('ANSWERS_INVALID');
          expect(res.body.errors).toEqual([
            expect.objectContaining({ field: 'comments.helps_most', problem: 'bad_character' }),
          ]);
          expect(res.body.message[0]).toMatch(
            /^comments\.helps_most has a character that cannot be stored/,
          );
        }
      }
      // Nothing was stored, and the link still works.
      await t
        .http()
        .post(`/api/v1/responses/${w.token}`)
        .send({ answers: fullAnswers(), comments: { helps_most: 'Listens 👂 first.' } })
        .expect(201);
    });

    it("checks a draft's values too: off the scale, unknown keys and long comments are 400", async () => {
      const w = await raterWorld(t);
      const off = await rater(
        t
          .http()
          .put(`/api/v1/responses/${w.token}/draft`)
          .send({ answers: { gives_authority: 6 } })
          .expect(400),
      );
      expect(off.body.code).toBe('ANSWERS_INVALID');
      expect(off.body.message).toEqual([
        expect.stringMatching(/^answers\.gives_authority must be a whole number from 1 to 5/),
      ]);
      await rater(
        t
          .http()
          .put(`/api/v1/responses/${w.token}/draft`)
          .send({ answers: { nope: 1 } })
          .expect(400),
      );
      await rater(
        t
          .http()
          .put(`/api/v1/responses/${w.token}/draft`)
          .send({ comments: { helps_most: 'x'.repeat(4001) } })
          .expect(400),
      );
      expect(await draftCount(w.nomination.id)).toBe(0);
    });

    const badInputs: [string, () => { answers: unknown; comments?: unknown }, RegExp][] = [
      [
        'a missing item',
        () => ({ answers: { ...fullAnswers(), gives_authority: undefined } }),
        /answers\.gives_authority is missing/,
      ],
      [
        'the value 0',
        () => ({ answers: { ...fullAnswers(), gives_authority: 0 } }),
        /answers\.gives_authority must be a whole number from 1 to 5.*got 0/,
      ],
      [
        'the value 6',
        () => ({ answers: { ...fullAnswers(), gives_authority: 6 } }),
        /answers\.gives_authority must be .*got 6/,
      ],
      [
        'the value 2.5',
        () => ({ answers: { ...fullAnswers(), gives_authority: 2.5 } }),
        /answers\.gives_authority must be .*got 2\.5/,
      ],
      [
        'the string "3"',
        () => ({ answers: { ...fullAnswers(), gives_authority: '3' } }),
        /answers\.gives_authority must be .*got "3"/,
      ],
      [
        'an unknown item key',
        () => ({ answers: { ...fullAnswers(), made_up_item: 3 } }),
        /answers\.made_up_item is not an item/,
      ],
      [
        'an unknown question key',
        () => ({ answers: fullAnswers(), comments: { made_up_question: 'Hi' } }),
        /comments\.made_up_question is not a question/,
      ],
      [
        'a comment of 4,001 characters',
        () => ({ answers: fullAnswers(), comments: { helps_most: 'x'.repeat(4001) } }),
        /comments\.helps_most must be 4,000 characters or fewer; it has 4,001/,
      ],
      ['no answers at all', () => ({ answers: undefined }), /^answers must be an object/],
    ];

    it.each(badInputs)(
      'refuses %s with a 400 naming it, and the link still works',
      async (_what, body, message) => {
        const w = await raterWorld(t);
        const res = await rater(
          t.http().post(`/api/v1/responses/${w.token}`).send(body()).expect(400),
        );
        expect(res.body).toMatchObject({
          statusCode: 400,
          error: 'Bad Request',
          code: 'ANSWERS_INVALID',
        });
        expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
        expect(await nominationStatus(w.nomination.id)).toBe('pending');
        expect(await responsesOf(w.request.id)).toEqual([]);

        await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));
        await rater(
          t
            .http()
            .post(`/api/v1/responses/${w.token}`)
            .send({ answers: fullAnswers() })
            .expect(201),
        );
      },
    );

    it('refuses a top-level field it does not know', async () => {
      const w = await raterWorld(t);
      await rater(
        t
          .http()
          .post(`/api/v1/responses/${w.token}`)
          .send({ answers: fullAnswers(), email: 'x@y.z' })
          .expect(400),
      );
      expect(await nominationStatus(w.nomination.id)).toBe('pending');
    });

    it('stores a submit once (201), then answers 409; the response holds no link to the rater and the draft is gone', async () => {
      const w = await raterWorld(t, { relationship: 'direct_report' });
      await rater(
        t
          .http()
          .put(`/api/v1/responses/${w.token}/draft`)
          .send({ answers: { gives_authority: 1 } })
          .expect(204),
      );
      expect(await draftCount(w.nomination.id)).toBe(1);

      const answers = fullAnswers();
      const comments = { helps_most: 'Asks the whole team before deciding.', do_differently: '' };
      await rater(
        t.http().post(`/api/v1/responses/${w.token}`).send({ answers, comments }).expect(201),
      );

      expect(await responsesOf(w.request.id)).toEqual([
        {
          relationship: 'direct_report',
          answers,
          comments: { helps_most: 'Asks the whole team before deciding.' },
          submittedOn: londonToday(),
        },
      ]);
      expect(await nominationStatus(w.nomination.id)).toBe('completed');
      expect(await draftCount(w.nomination.id)).toBe(0);
      const raw = JSON.stringify(
        await t.dataSource.query(`SELECT * FROM responses WHERE feedback_request_id = $1`, [
          w.request.id,
        ]),
      );
      expect(raw).not.toContain(w.nomination.id);
      expect(raw).not.toContain(w.nomination.email);
      expect(raw).not.toContain(w.token);

      const again = await rater(
        t.http().post(`/api/v1/responses/${w.token}`).send({ answers, comments }).expect(409),
      );
      expect(again.body.code).toBe('ALREADY_ANSWERED');
      expect(
        (await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(409))).body.code,
      ).toBe('ALREADY_ANSWERED');
      expect(
        (
          await rater(
            t.http().put(`/api/v1/responses/${w.token}/draft`).send({ answers: {} }).expect(409),
          )
        ).body.code,
      ).toBe('ALREADY_ANSWERED');
      expect(
        (await rater(t.http().post(`/api/v1/responses/${w.token}/decline`).send({}).expect(409)))
          .body.code,
      ).toBe('ALREADY_ANSWERED');
      expect(await responsesOf(w.request.id)).toHaveLength(1);
    });

    it('declines (204, reason not stored), then refuses a submit and a second decline with 409', async () => {
      const w = await raterWorld(t);
      await rater(
        t
          .http()
          .put(`/api/v1/responses/${w.token}/draft`)
          .send({ answers: { gives_authority: 3 } })
          .expect(204),
      );
      await rater(
        t
          .http()
          .post(`/api/v1/responses/${w.token}/decline`)
          .send({ reason: 'I have not worked with Priya this year' })
          .expect(204),
      );
      expect(await nominationStatus(w.nomination.id)).toBe('declined');
      expect(await draftCount(w.nomination.id)).toBe(0);
      const everything = JSON.stringify(
        await t.dataSource.query(`SELECT * FROM nominations WHERE id = $1`, [w.nomination.id]),
      );
      expect(everything).not.toContain('not worked with Priya');

      const submit = await rater(
        t.http().post(`/api/v1/responses/${w.token}`).send({ answers: fullAnswers() }).expect(409),
      );
      expect(submit.body.code).toBe('ALREADY_DECLINED');
      const decline = await rater(
        t.http().post(`/api/v1/responses/${w.token}/decline`).send({}).expect(409),
      );
      expect(decline.body.code).toBe('ALREADY_DECLINED');
      expect(await responsesOf(w.request.id)).toEqual([]);
    });

    it('refuses a decline reason over 1,000 characters', async () => {
      const w = await raterWorld(t);
      await rater(
        t
          .http()
          .post(`/api/v1/responses/${w.token}/decline`)
          .send({ reason: 'x'.repeat(1001) })
          .expect(400),
      );
      expect(await nominationStatus(w.nomination.id)).toBe('pending');
    });
  });

  it('describes the JSON rater routes in /docs-json and leaves the HTML page out', async () => {
    const docs = await t.http().get('/docs-json').expect(200);
    const paths = docs.body.paths as Record<
      string,
      Record<string, { parameters?: { name: string }[] }>
    >;
    expect(Object.keys(paths['/api/v1/responses/{token}'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/responses/{token}/draft'] ?? {})).toEqual(['put']);
    expect(Object.keys(paths['/api/v1/responses/{token}/decline'] ?? {})).toEqual(['post']);
    expect(paths['/api/v1/responses/{token}']?.get?.parameters?.map((p) => p.name)).toEqual([
      'token',
    ]);
    expect(paths['/r/{token}']).toBeUndefined();
  });

  describe('links that do not lead to an open questionnaire', () => {
    async function everyRoute(token: string) {
      const form = `action=submit&${ITEM_KEYS.map((k) => `answers%5B${k}%5D=3`).join('&')}`;
      return [
        await rater(t.http().get(`/api/v1/responses/${token}`)),
        await rater(t.http().put(`/api/v1/responses/${token}/draft`).send({ answers: {} })),
        await rater(t.http().post(`/api/v1/responses/${token}`).send({ answers: fullAnswers() })),
        await rater(t.http().post(`/api/v1/responses/${token}/decline`).send({})),
        await rater(t.http().get(`/r/${token}`)),
        await rater(t.http().post(`/r/${token}`).type('form').send(form)),
      ];
    }

    it.each(['closed', 'released'] as const)(
      'answers 410 on every rater route once the cycle is %s',
      async (state) => {
        const w = await raterWorld(t);
        await rater(
          t
            .http()
            .put(`/api/v1/responses/${w.token}/draft`)
            .send({ answers: { gives_authority: 3 } })
            .expect(204),
        );
        await t.dataSource.query(`UPDATE cycles SET state = $2, closed_at = now() WHERE id = $1`, [
          w.cycle.id,
          state,
        ]);

        const results = await everyRoute(w.token);
        expect(results.map((r) => r.status)).toEqual([410, 410, 410, 410, 410, 410]);
        expect(results.slice(0, 4).map((r) => r.body.code)).toEqual(
          Array(4).fill('QUESTIONNAIRE_NOT_OPEN'),
        );
        expect(results[0]!.body.message).toMatch(/has closed/);
        expect(results[4]!.text).toContain('This questionnaire has closed');
        expect(await nominationStatus(w.nomination.id)).toBe('pending');
        expect(await responsesOf(w.request.id)).toEqual([]);
      },
    );

    it('answers 410 once closesAt has passed, even before the close job has run', async () => {
      const w = await raterWorld(t);
      await t.dataSource.query(
        `UPDATE cycles SET closes_at = now() - interval '1 second' WHERE id = $1`,
        [w.cycle.id],
      );
      expect((await everyRoute(w.token)).map((r) => r.status)).toEqual([
        410, 410, 410, 410, 410, 410,
      ]);
      expect(await nominationStatus(w.nomination.id)).toBe('pending');
    });

    it('answers 410 for a link of a cycle still in draft (no invitation has gone out)', async () => {
      const w = await raterWorld(t, { cycle: { state: 'draft', openedAt: null } });
      const results = await everyRoute(w.token);
      expect(results.map((r) => r.status)).toEqual([410, 410, 410, 410, 410, 410]);
      expect(results[0]!.body.message).toMatch(/not open yet/);
    });

    it.each([
      ['a well-formed token nobody was given', () => newSecureToken().token],
      ['a token of the wrong shape', () => 'not-a-token'],
      ['a token one character short', () => newSecureToken().token.slice(1)],
    ])('answers 404 on every rater route for %s', async (_what, token) => {
      const results = await everyRoute(token());
      expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
      expect(results.slice(0, 4).map((r) => r.body.code)).toEqual(Array(4).fill('NOT_FOUND'));
      expect(results[4]!.text).toContain('This link is not valid');
    });
  });

  describe('the unlinkable responses table', () => {
    it('has no column or foreign key that leads to a nomination, rater, token or email, and only a date', async () => {
      const columns: { column_name: string; data_type: string; column_default: string | null }[] =
        await t.dataSource.query(
          `SELECT column_name, data_type, column_default FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'responses' ORDER BY ordinal_position`,
        );
      expect(columns.map((c) => c.column_name).sort()).toEqual(
        ['answers', 'comments', 'feedback_request_id', 'id', 'relationship', 'submitted_on'].sort(),
      );
      for (const { column_name } of columns) {
        expect(column_name).not.toMatch(
          /nomination|rater|token|email|created|updated|_at(_|$)|time/,
        );
      }
      expect(columns.find((c) => c.column_name === 'submitted_on')?.data_type).toBe('date');
      expect(columns.find((c) => c.column_name === 'id')?.column_default).toMatch(
        /gen_random_uuid/,
      );

      const foreignKeys = await t.dataSource.query(
        `SELECT kcu.column_name, ccu.table_name AS references
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu
             ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
           JOIN information_schema.constraint_column_usage ccu
             ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
          WHERE tc.table_schema = 'public' AND tc.table_name = 'responses' AND tc.constraint_type = 'FOREIGN KEY'`,
      );
      expect(foreignKeys).toEqual([
        { column_name: 'feedback_request_id', references: 'feedback_requests' },
      ]);

      // Nor does any other table point at a response.
      const pointingIn = await t.dataSource.query(
        `SELECT tc.table_name
           FROM information_schema.table_constraints tc
           JOIN information_schema.constraint_column_usage ccu
             ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
          WHERE tc.table_schema = 'public' AND tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'responses'`,
      );
      expect(pointingIn).toEqual([]);
    });
  });

  describe('the HTML page', () => {
    it('states who the feedback is about, the close date and the privacy promise, with Save, Submit and Decline', async () => {
      const w = await raterWorld(t, { leaderName: 'Priya Shah' });
      const res = await rater(t.http().get(`/r/${w.token}`).expect(200));
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const doc = dom(res.text);
      expect(doc.querySelector('h1')?.textContent).toBe('Feedback for Priya Shah');
      expect(doc.body.textContent).toMatch(/Please answer by .+ \(UK time\)/);
      expect(doc.querySelector('.privacy')?.textContent).toMatch(/fewer than|at least 3 people/);
      expect(doc.querySelector('.privacy')?.textContent).toMatch(
        /No one will see who answered what/,
      );
      expect(doc.querySelector('.privacy')?.textContent).toMatch(
        /Priya Shah sees only how many people/,
      );
      expect([...doc.querySelectorAll('form button')].map((b) => b.getAttribute('value'))).toEqual([
        'submit',
        'save',
        'decline',
      ]);
      expect(doc.querySelector('form')?.hasAttribute('novalidate')).toBe(true);
      expect(doc.querySelectorAll('fieldset')).toHaveLength(ITEM_KEYS.length);
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(res.text).not.toContain(w.nomination.email);
    });

    it('words the page as a self-assessment for the leader', async () => {
      const w = await raterWorld(t, { relationship: 'self' });
      const doc = dom((await rater(t.http().get(`/r/${w.token}`).expect(200))).text);
      expect(doc.querySelector('h1')?.textContent).toBe('Your self-assessment');
    });

    it('posts a full answer set from the form, as a browser fills it, and stores exactly those answers', async () => {
      const w = await raterWorld(t);
      const page = await rater(t.http().get(`/r/${w.token}`).expect(200));
      const expected: Record<string, number | null> = {};
      const body = fillForm(
        page.text,
        (itemKey, values) => {
          const index = ITEM_KEYS.indexOf(itemKey);
          const value = values[index % values.length]!; // covers each point and "notObserved"
          expected[itemKey] = value === 'notObserved' ? null : Number(value);
          return value;
        },
        (questionKey) => `About ${questionKey}: works across the trust.\nAnd listens.`,
        'submit',
      );
      expect(Object.keys(expected).sort()).toEqual([...ITEM_KEYS].sort());

      const res = await rater(t.http().post(`/r/${w.token}`).type('form').send(body).expect(201));
      expect(dom(res.text).querySelector('h1')?.textContent).toMatch(/Thank you/);
      expect(await responsesOf(w.request.id)).toEqual([
        {
          relationship: 'peer',
          answers: expected,
          comments: {
            helps_most: 'About helps_most: works across the trust.\nAnd listens.',
            do_differently: 'About do_differently: works across the trust.\nAnd listens.',
          },
          submittedOn: londonToday(),
        },
      ]);

      const after = await rater(t.http().get(`/r/${w.token}`).expect(200));
      expect(dom(after.text).querySelector('h1')?.textContent).toBe('You have already answered');
      expect(dom(after.text).querySelector('form')).toBeNull();
      await rater(t.http().post(`/r/${w.token}`).type('form').send(body).expect(409));
      expect(await responsesOf(w.request.id)).toHaveLength(1);
    });

    it('returns a bad submit with an error summary linking to each field, inline errors, and the answers kept', async () => {
      const w = await raterWorld(t);
      const page = await rater(t.http().get(`/r/${w.token}`).expect(200));
      const skipped = ['coaches_others', 'works_across_boundaries'];
      const body = fillForm(
        page.text,
        (itemKey) =>
          skipped.includes(itemKey)
            ? undefined
            : itemKey === 'keeps_promises'
              ? 'notObserved'
              : '4',
        (questionKey) => (questionKey === 'helps_most' ? 'y'.repeat(4001) : 'Kept text'),
        'submit',
      );
      const res = await rater(t.http().post(`/r/${w.token}`).type('form').send(body).expect(400));
      const doc = dom(res.text);
      expect(doc.title).toMatch(/^Error: /);

      const summary = doc.querySelector('.nhsuk-error-summary')!;
      expect(summary.querySelector('[role=alert] h2')?.textContent?.trim()).toBe(
        'There is a problem',
      );
      const hrefs = [...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      expect(hrefs).toEqual([
        '#answer-coaches_others',
        '#answer-works_across_boundaries',
        '#comment-helps_most',
      ]);
      for (const href of hrefs) expect(doc.getElementById(href!.slice(1))).not.toBeNull();

      for (const key of skipped) {
        const fieldset = doc.getElementById(`answer-${key}`)!.closest('fieldset')!;
        const described = doc.getElementById(fieldset.getAttribute('aria-describedby')!);
        expect(described?.textContent).toMatch(/Select an answer/);
      }
      const textarea = doc.getElementById('comment-helps_most') as HTMLTextAreaElement;
      expect(textarea.getAttribute('aria-invalid')).toBe('true');
      expect(doc.getElementById('comment-helps_most-error')?.textContent).toMatch(
        /4,000 characters or fewer; it has 4,001/,
      );

      // What was given is still there.
      expect(textarea.value).toBe('y'.repeat(4001));
      expect((doc.getElementById('comment-do_differently') as HTMLTextAreaElement).value).toBe(
        'Kept text',
      );
      expect(
        doc.querySelector<HTMLInputElement>('input[name="answers[gives_authority]"]:checked')
          ?.value,
      ).toBe('4');
      expect(
        doc.querySelector<HTMLInputElement>('input[name="answers[keeps_promises]"]:checked')?.value,
      ).toBe('notObserved');
      expect(doc.querySelector('input[name="answers[coaches_others]"]:checked')).toBeNull();

      expect(await nominationStatus(w.nomination.id)).toBe('pending');
      expect(await responsesOf(w.request.id)).toEqual([]);
      await rater(t.http().get(`/r/${w.token}`).expect(200));
    });

    it('saves a draft from the page (200, says so) and shows it checked on the next visit', async () => {
      const w = await raterWorld(t);
      const page = await rater(t.http().get(`/r/${w.token}`).expect(200));
      const body = fillForm(
        page.text,
        (itemKey) =>
          itemKey === 'gives_authority'
            ? '5'
            : itemKey === 'keeps_promises'
              ? 'notObserved'
              : undefined,
        (questionKey) => (questionKey === 'helps_most' ? 'Half written' : ''),
        'save',
      );
      const saved = await rater(t.http().post(`/r/${w.token}`).type('form').send(body).expect(200));
      expect(dom(saved.text).querySelector('[role=status]')?.textContent).toMatch(
        /Your draft has been saved/,
      );

      const again = dom((await rater(t.http().get(`/r/${w.token}`).expect(200))).text);
      expect(
        again.querySelector<HTMLInputElement>('input[name="answers[gives_authority]"]:checked')
          ?.value,
      ).toBe('5');
      expect(
        again.querySelector<HTMLInputElement>('input[name="answers[keeps_promises]"]:checked')
          ?.value,
      ).toBe('notObserved');
      expect(again.querySelector('input[name="answers[coaches_others]"]:checked')).toBeNull();
      expect((again.getElementById('comment-helps_most') as HTMLTextAreaElement).value).toBe(
        'Half written',
      );

      const json = await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));
      expect(json.body.draft).toEqual({
        answers: { gives_authority: 5, keeps_promises: null },
        comments: { helps_most: 'Half written' },
      });
      expect(await nominationStatus(w.nomination.id)).toBe('pending');
    });

    it('declines from the page and confirms it; the link then says so', async () => {
      const w = await raterWorld(t);
      const page = await rater(t.http().get(`/r/${w.token}`).expect(200));
      const body = fillForm(
        page.text,
        () => undefined,
        () => '',
        'decline',
      );
      const res = await rater(t.http().post(`/r/${w.token}`).type('form').send(body).expect(200));
      expect(dom(res.text).querySelector('h1')?.textContent).toBe('You have declined');
      expect(await nominationStatus(w.nomination.id)).toBe('declined');
      const after = dom((await rater(t.http().get(`/r/${w.token}`).expect(200))).text);
      expect(after.querySelector('h1')?.textContent).toBe('You have already declined');
      expect(after.querySelector('form')).toBeNull();
    });

    it('passes axe-core (WCAG 2.0, 2.1, 2.2 A and AA; contrast aside) for the plain page and the page with errors', async () => {
      const w = await raterWorld(t);
      const plain = await rater(t.http().get(`/r/${w.token}`).expect(200));
      expect(await axeViolations(plain.text)).toEqual([]);

      const body = fillForm(
        plain.text,
        (itemKey) => (itemKey === 'gives_authority' ? '2' : undefined),
        () => 'z'.repeat(4001),
        'submit',
      );
      const withErrors = await rater(
        t.http().post(`/r/${w.token}`).type('form').send(body).expect(400),
      );
      expect(
        dom(withErrors.text).querySelectorAll('.nhsuk-error-summary a').length,
      ).toBeGreaterThan(2);
      expect(await axeViolations(withErrors.text)).toEqual([]);

      const self = await raterWorld(t, { relationship: 'self' });
      expect(
        await axeViolations((await rater(t.http().get(`/r/${self.token}`).expect(200))).text),
      ).toEqual([]);

      // The harness is not vacuous: an unlabelled radio on a page without lang is caught.
      const broken = await axeViolations(
        '<!doctype html><title>x</title><main><input type="radio" name="a"></main>',
      );
      expect(broken.map((v) => v.id).sort()).toEqual(['html-has-lang', 'label']);
    });
  });

  describe('with the seeded collective-leadership framework', () => {
    it('renders every item accessibly and stores a full answer set posted from the page', async () => {
      const [seeded] = await t.dataSource.query(
        `SELECT id, dimensions FROM frameworks WHERE key = 'collective-leadership' AND version = 1`,
      );
      const itemKeys: string[] = seeded.dimensions.flatMap((d: { items: { key: string }[] }) =>
        d.items.map((i) => i.key),
      );
      const w = await raterWorld(t, { frameworkId: seeded.id });
      const page = await rater(t.http().get(`/r/${w.token}`).expect(200));
      expect(dom(page.text).querySelectorAll('fieldset')).toHaveLength(itemKeys.length);
      expect(await axeViolations(page.text)).toEqual([]);

      const body = fillForm(
        page.text,
        (_key, values) => values[2],
        () => '',
        'submit',
      );
      await rater(t.http().post(`/r/${w.token}`).type('form').send(body).expect(201));
      const [row] = await responsesOf(w.request.id);
      expect(row?.answers).toEqual(Object.fromEntries(itemKeys.map((k) => [k, 3])));
      expect(row?.comments).toEqual({});
    });
  });

  describe('the per-link rate limit', () => {
    it('answers 429 after 20 requests in a minute on one link, and leaves other links alone', async () => {
      const w = await raterWorld(t);
      for (let i = 0; i < 20; i++)
        await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));

      const limited = await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(429));
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(limited.body.message).toMatch(/too many times in the last minute/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await rater(
        t.http().post(`/api/v1/responses/${w.token}`).send({ answers: fullAnswers() }).expect(429),
      );
      const page = await rater(t.http().get(`/r/${w.token}`).expect(429));
      expect(page.text).toContain('Please wait a minute');
      expect(await nominationStatus(w.nomination.id)).toBe('pending');

      const other = await raterWorld(t);
      await rater(t.http().get(`/api/v1/responses/${other.token}`).expect(200));
    });

    it('keeps neither the token nor its stored hash in Redis', async () => {
      const w: RaterWorld = await raterWorld(t);
      await rater(t.http().get(`/api/v1/responses/${w.token}`).expect(200));
      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        const keys = await redis.keys(`${t.redisPrefix}:rater-rate:*`);
        expect(keys.length).toBeGreaterThan(0);
        const hash = hashToken(w.token);
        for (const key of keys) {
          expect(key).not.toContain(w.token);
          expect(key).not.toContain(hash.toString('base64url'));
          expect(key).not.toContain(hash.toString('hex'));
        }
      } finally {
        redis.disconnect();
      }
    });
  });
});

describe('concurrent submits of one link', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Raised so that 50 requests on one link reach the transaction instead of the rate limit.
    t = await TestApp.create({ env: { RATER_TOKEN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => {
    await t.close();
    delete process.env.RATER_TOKEN_RATE_LIMIT;
  });

  it('gives exactly one 201 and 49 409s for 50 at once, and stores exactly one response', async () => {
    const w = await raterWorld(t);
    await t
      .http()
      .put(`/api/v1/responses/${w.token}/draft`)
      .send({ answers: { gives_authority: 2 } })
      .expect(204);
    const answers = fullAnswers();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.http().post(`/api/v1/responses/${w.token}`).send({ answers }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const res of results) expectRaterHeaders(res);
    for (const res of results.filter((r) => r.status === 409))
      expect(res.body.code).toBe('ALREADY_ANSWERED');

    expect(await openedResponses(t, w.request.id, ['answers'])).toEqual([{ answers }]);
    const drafts = await t.dataSource.query(
      `SELECT 1 FROM response_drafts WHERE nomination_id = $1`,
      [w.nomination.id],
    );
    expect(drafts).toEqual([]);
  });

  it('stores each of many links answered at once exactly once, whatever else is in its batch', async () => {
    // Submits made while one is being stored are stored together by one statement
    // (ResponsesService.submitBatch). Calling the service in one tick puts all but the first in
    // one batch: repeats of a link, a closed cycle's link and a declined link among fresh ones.
    const links = t.app.get(RaterLinksService);
    const service = t.app.get(ResponsesService);
    const open = await raterWorld(t);
    const closed = await raterWorld(t, { cycle: { state: 'closed', closedAt: new Date() } });
    const tokens = [open.token];
    for (let i = 0; i < 29; i++)
      tokens.push((await t.factories.invitedNomination(open.request)).token);
    const declinedToken = tokens[29]!;
    await t.http().post(`/api/v1/responses/${declinedToken}/decline`).send({}).expect(204);
    // Resolved while the closed cycle was still open, as a request already past resolve() is.
    const contexts = new Map<string, RaterContext>();
    for (const token of tokens) contexts.set(token, await links.resolve(token));
    await t.dataSource.query(`UPDATE cycles SET state = 'open' WHERE id = $1`, [closed.cycle.id]);
    contexts.set(closed.token, await links.resolve(closed.token));
    await t.dataSource.query(`UPDATE cycles SET state = 'closed' WHERE id = $1`, [closed.cycle.id]);

    const answers = { answers: fullAnswers(), comments: {} };
    const sent = [...tokens, ...tokens.slice(0, 10), closed.token, ...tokens.slice(0, 5)];
    const outcomes = await Promise.allSettled(
      sent.map((token) => service.submit(contexts.get(token)!, answers)),
    );
    const byToken = new Map<string, string[]>();
    sent.forEach((token, i) => {
      const o = outcomes[i]!;
      const seen = o.status === 'fulfilled' ? 'stored' : (o.reason as DomainError).code;
      byToken.set(token, [...(byToken.get(token) ?? []), seen]);
    });
    // The first call runs alone; the rest wait for it and go together.
    expect(byToken.get(tokens[0]!)).toEqual(['stored', 'ALREADY_ANSWERED', 'ALREADY_ANSWERED']);
    for (const token of tokens.slice(1, 5))
      expect(byToken.get(token)).toEqual(['stored', 'ALREADY_ANSWERED', 'ALREADY_ANSWERED']);
    for (const token of tokens.slice(5, 10))
      expect(byToken.get(token)).toEqual(['stored', 'ALREADY_ANSWERED']);
    for (const token of tokens.slice(10, 29)) expect(byToken.get(token)).toEqual(['stored']);
    expect(byToken.get(declinedToken)).toEqual(['ALREADY_DECLINED']);
    expect(byToken.get(closed.token)).toEqual(['QUESTIONNAIRE_NOT_OPEN']);

    const stored = await openedResponses(t, open.request.id, ['answers']);
    expect(stored).toHaveLength(29);
    for (const row of stored) expect(row).toEqual({ answers: answers.answers });
    const statuses = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM nominations WHERE feedback_request_id = $1
        GROUP BY status ORDER BY status`,
      [open.request.id],
    );
    expect(statuses).toEqual([
      { status: 'completed', n: 29 },
      { status: 'declined', n: 1 },
    ]);
    const none = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM responses WHERE feedback_request_id = $1`,
      [closed.request.id],
    );
    expect(none).toEqual([{ n: 0 }]);
  });

  it('lets a submit and a decline race: one wins, the other is 409, and the nomination matches', async () => {
    const w = await raterWorld(t);
    const [submit, decline] = await Promise.all([
      t.http().post(`/api/v1/responses/${w.token}`).send({ answers: fullAnswers() }),
      t.http().post(`/api/v1/responses/${w.token}/decline`).send({}),
    ]);
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM responses WHERE feedback_request_id = $1`,
      [w.request.id],
    );
    const status = (
      await t.dataSource.query(`SELECT status FROM nominations WHERE id = $1`, [w.nomination.id])
    )[0].status;
    if (submit.status === 201) {
      expect([decline.status, status, rows[0].n]).toEqual([409, 'completed', 1]);
    } else {
      expect([submit.status, decline.status, status, rows[0].n]).toEqual([409, 204, 'declined', 0]);
    }
  });
});
