import { randomBytes } from 'node:crypto';
import type { Cycle } from '../src/modules/cycles/cycle.entity';
import type { FeedbackRequest } from '../src/modules/cycles/feedback-request.entity';
import type { Person } from '../src/modules/organisations/person.entity';
import { EnvelopeError, keyId } from '../src/common/envelope';
import { appConfig } from '../src/config/app.config';
import type { AppConfig } from '../src/config/env.validation';
import { AnswerKeys } from '../src/modules/responses/answer-keys';
import { CloseSteps } from '../src/modules/reports/close-steps';
import { newSecureToken } from '../src/common/secure-token';
import { TEST_FRAMEWORK } from './support/factories';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * What someone who reads the database itself (SQL, a dump, a replica) can tie together: the
 * promise is that no readable answer, transaction id or row order leads from a response to its
 * rater (docs/anonymity.md, "The database itself").
 */

const CYCLES = 5;
const RATERS = 8;
const ITEM_KEYS = TEST_FRAMEWORK.dimensions.flatMap((d) => d.items.map((i) => i.key));
const QUESTION = TEST_FRAMEWORK.questions[0]!.key;

interface RaterLink {
  nominationId: string;
  token: string;
  marker: string;
}

interface OpenCycle {
  admin: Person;
  cycle: Cycle;
  request: FeedbackRequest;
  raters: RaterLink[];
}

interface ResponseRow {
  xmin: string;
  ctid: string;
  answers: string;
  comments: string;
  text: string;
}

const fullAnswers = (seed: number) =>
  Object.fromEntries(ITEM_KEYS.map((key, i) => [key, ((seed + i) % 5) + 1]));

describe('the database itself', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  /** An open cycle with one leader and eight invited peers, each with a marker of their own. */
  async function openCycle(label: string): Promise<OpenCycle> {
    const org = await t.factories.organisation();
    const admin = await t.factories.person(org.id, { roles: ['admin'] });
    const leader = await t.factories.person(org.id, { roles: ['leader'] });
    const framework = await t.factories.framework(org.id);
    const cycle = await t.factories.cycle(org.id, {
      frameworkId: framework.id,
      state: 'open',
      openedAt: new Date(),
    });
    const request = await t.factories.feedbackRequest(cycle, leader);
    const raters: RaterLink[] = [];
    for (let i = 0; i < RATERS; i++) {
      const { nomination, token } = await t.factories.invitedNomination(request);
      raters.push({
        nominationId: nomination.id,
        token,
        marker: `MARKER${label}R${i}${randomBytes(3).toString('hex')}`,
      });
    }
    return { admin, cycle, request, raters };
  }

  /** Each rater in turn, one request after the other (so the database sees them in this order). */
  async function submitOneByOne(world: OpenCycle): Promise<void> {
    for (const [i, rater] of world.raters.entries()) {
      await t
        .http()
        .post(`/api/v1/responses/${rater.token}`)
        .send({ answers: fullAnswers(i), comments: { [QUESTION]: `I wrote ${rater.marker}` } })
        .expect(201);
    }
  }

  async function responseRows(cycleId: string): Promise<ResponseRow[]> {
    const rows = await t.dataSource.query<Omit<ResponseRow, 'text'>[]>(
      `SELECT r.xmin::text AS xmin, r.ctid::text AS ctid, r.answers, r.comments
         FROM responses r JOIN feedback_requests fr ON fr.id = r.feedback_request_id
        WHERE fr.cycle_id = $1 ORDER BY r.ctid`,
      [cycleId],
    );
    const raw = await t.dataSource.query<{ text: string }[]>(
      `SELECT r::text AS text FROM responses r JOIN feedback_requests fr ON fr.id = r.feedback_request_id
        WHERE fr.cycle_id = $1 ORDER BY r.ctid`,
      [cycleId],
    );
    return rows.map((row, i) => ({ ...row, text: raw[i]!.text }));
  }

  async function xminsOfNominations(): Promise<Set<string>> {
    const rows = await t.dataSource.query<{ xmin: string }[]>(
      `SELECT xmin::text AS xmin FROM nominations`,
    );
    return new Set(rows.map((r) => r.xmin));
  }

  /** Readable: plain JSON, or any rater's marker in the row's text. */
  function readable(row: ResponseRow, markers: string[]): boolean {
    const parses = (value: string) => {
      try {
        JSON.parse(value);
        return true;
      } catch {
        return false;
      }
    };
    return parses(row.answers) || parses(row.comments) || markers.some((m) => row.text.includes(m));
  }

  /** Which rater (by submission position) wrote each row, in ctid order: opened with the key. */
  async function submissionPositions(world: OpenCycle): Promise<number[]> {
    const keys = t.app.get(AnswerKeys);
    const rows = await responseRows(world.cycle.id);
    return Promise.all(
      rows.map(async (row) => {
        const comments = await keys.openValue<Record<string, string>>(world.cycle.id, row.comments);
        return world.raters.findIndex((r) => comments[QUESTION]?.includes(r.marker));
      }),
    );
  }

  async function close(world: OpenCycle): Promise<void> {
    await t
      .http()
      .post(`/api/v1/cycles/${world.cycle.id}/close`)
      .set('Authorization', `Bearer ${await t.factories.tokenFor(world.admin)}`)
      .expect(200);
    await t.drain();
  }

  it('keeps only ciphertext while open, then leaves no shared transaction id and no submission order after close, cycle after cycle', async () => {
    const worlds: OpenCycle[] = [];
    for (let c = 0; c < CYCLES; c++) worlds.push(await openCycle(`C${c}`));

    for (const world of worlds) {
      // A draft first: sealed with the link, it holds no answer or comment in clear.
      const first = world.raters[0]!;
      await t
        .http()
        .put(`/api/v1/responses/${first.token}/draft`)
        .send({ answers: { [ITEM_KEYS[0]!]: 4 }, comments: { [QUESTION]: first.marker } })
        .expect(204);
      const [draft] = await t.dataSource.query<{ text: string }[]>(
        `SELECT d::text AS text FROM response_drafts d WHERE nomination_id = $1`,
        [first.nominationId],
      );
      expect(draft!.text).not.toContain(first.marker);
      expect(draft!.text).not.toContain(ITEM_KEYS[0]);

      await submitOneByOne(world);
    }

    // While open: every row's text is unreadable, or its xmin matches no nomination.
    const markers = worlds.flatMap((w) => w.raters.map((r) => r.marker));
    const openXmins = await xminsOfNominations();
    for (const world of worlds) {
      const rows = await responseRows(world.cycle.id);
      expect(rows).toHaveLength(RATERS);
      for (const row of rows) {
        for (const marker of markers) expect(row.text).not.toContain(marker);
        expect(row.answers).toMatch(/^v1:/);
        expect(row.comments).toMatch(/^v1:/);
        expect(!readable(row, markers) || !openXmins.has(row.xmin)).toBe(true);
      }
      // The submit shares its transaction with the flip (atomic), so the xmin does match here,
      // and the rows lie in submission order: what the close must undo.
      expect(rows.every((row) => openXmins.has(row.xmin))).toBe(true);
      expect(await submissionPositions(world)).toEqual([...Array(RATERS).keys()]);
    }

    for (const world of worlds) await close(world);

    // After close: no response row shares an xmin with any nomination row ...
    const closedXmins = await xminsOfNominations();
    let concordant = 0;
    let pairs = 0;
    for (const world of worlds) {
      const rows = await responseRows(world.cycle.id);
      expect(rows).toHaveLength(RATERS);
      for (const row of rows) expect(closedXmins.has(row.xmin)).toBe(false);
      const [shared] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM responses r JOIN nominations n ON n.xmin = r.xmin
          JOIN feedback_requests fr ON fr.id = r.feedback_request_id WHERE fr.cycle_id = $1`,
        [world.cycle.id],
      );
      expect(shared!.n).toBe(0);

      // ... and the ctid order is not the submission order.
      const positions = await submissionPositions(world);
      expect([...positions].sort((a, b) => a - b)).toEqual([...Array(RATERS).keys()]);
      expect(positions).not.toEqual([...Array(RATERS).keys()]);
      for (let i = 0; i < positions.length; i++)
        for (let j = i + 1; j < positions.length; j++) {
          pairs++;
          if (positions[i]! < positions[j]!) concordant++;
        }

      // The report was taken from the answers before the rewrite, every comment in it.
      const [snapshot] = await t.dataSource.query<{ body: string }[]>(
        `SELECT body::text AS body FROM report_snapshots WHERE feedback_request_id = $1`,
        [world.request.id],
      );
      for (const rater of world.raters) expect(snapshot!.body).toContain(rater.marker);
    }
    // Over all cycles, pairs of rows in submission order are near half (a shuffle), not all.
    expect(concordant / pairs).toBeGreaterThan(0.2);
    expect(concordant / pairs).toBeLessThan(0.8);
  });

  it('unlinks once reportsReady is true, so no reader waits on it, and retries the close job when that step fails', async () => {
    const world = await openCycle('U');
    await submitOneByOne(world);
    const responseIds = async () =>
      (
        await t.dataSource.query<{ id: string }[]>(
          `SELECT r.id FROM responses r JOIN feedback_requests fr ON fr.id = r.feedback_request_id
            WHERE fr.cycle_id = $1`,
          [world.cycle.id],
        )
      ).map((row) => row.id);
    const before = await responseIds();
    const reportsReady = async () =>
      (
        await t.dataSource.query<{ ready: boolean }[]>(
          `SELECT reports_ready AS ready FROM cycles WHERE id = $1`,
          [world.cycle.id],
        )
      )[0]!.ready;

    // A step of the same phase, just before the unlinking: it fails the first time.
    const seen: { ready: boolean; unlinked: boolean }[] = [];
    t.app.get(CloseSteps).register({
      name: 'probe',
      phase: 'after-ready',
      order: 50,
      run: async (cycleId) => {
        if (cycleId !== world.cycle.id) return;
        const ids = await responseIds();
        seen.push({
          ready: await reportsReady(),
          unlinked: ids.every((id) => !before.includes(id)),
        });
        if (seen.length === 1) throw new Error('probe: the first run fails');
      },
    });

    await close(world);
    await waitFor(async () => (await responseIds()).every((id) => !before.includes(id)), {
      timeoutMs: 30_000,
      what: 'the responses to be written again after the retry',
    });
    expect(seen).toEqual([
      { ready: true, unlinked: false }, // reports were ready before the unlinking began
      { ready: true, unlinked: false }, // the retry: the unlinking had not run, and now does
    ]);
    expect(await responseIds()).toHaveLength(RATERS);
  });

  it('opens a draft only with the link it was saved under: a reminder’s new link cannot, and says so', async () => {
    const world = await openCycle('D');
    const rater = world.raters[0]!;
    const draft = { answers: { [ITEM_KEYS[0]!]: 2 }, comments: { [QUESTION]: rater.marker } };
    await t.http().put(`/api/v1/responses/${rater.token}/draft`).send(draft).expect(204);
    const same = await t.http().get(`/api/v1/responses/${rater.token}`).expect(200);
    expect(same.body.draft).toEqual(draft);

    // A reminder replaces the link (its hash), as the mail worker does.
    const next = newSecureToken();
    await t.dataSource.query(`UPDATE nominations SET token_hash = $2 WHERE id = $1`, [
      rater.nominationId,
      next.hash,
    ]);
    const json = await t.http().get(`/api/v1/responses/${next.token}`).expect(200);
    expect(json.body.draft).toBeNull();
    const page = await t.http().get(`/r/${next.token}`).expect(200);
    expect(page.text).toContain('Your saved draft cannot be opened with this link');
    expect(page.text).not.toContain(rater.marker);

    // Saving under the new link replaces it, and then that link opens it.
    await t.http().put(`/api/v1/responses/${next.token}/draft`).send(draft).expect(204);
    const again = await t.http().get(`/api/v1/responses/${next.token}`).expect(200);
    expect(again.body.draft).toEqual(draft);
  });

  // Last: it re-wraps every data key of this suite's database.
  it('rotates the answers key by re-wrapping the data keys: no stored ciphertext changes, and the new key alone opens them', async () => {
    const world = await openCycle('K');
    await submitOneByOne(world);
    const before = await responseRows(world.cycle.id);
    const wrappedOf = async () =>
      (
        await t.dataSource.query<{ keyId: string; wrapped: string }[]>(
          `SELECT key_id AS "keyId", wrapped_key AS wrapped FROM cycle_keys WHERE cycle_id = $1`,
          [world.cycle.id],
        )
      )[0]!;
    const oldWrapped = await wrappedOf();
    const config = t.app.get<AppConfig>(appConfig.KEY);
    const newKey = randomBytes(32);
    const withKeys = (answersKey: Buffer, answersKeyPrevious: Buffer | null) =>
      new AnswerKeys(t.dataSource, { ...config, answersKey, answersKeyPrevious });

    const rotation = withKeys(newKey, config.answersKey);
    const outcome = await rotation.rotate();
    expect(outcome.failed).toEqual([]);
    expect(outcome.rewrapped).toBeGreaterThanOrEqual(1);
    expect(await rotation.rotate()).toMatchObject({ rewrapped: 0, failed: [] });

    const newWrapped = await wrappedOf();
    expect(newWrapped.keyId).toBe(keyId(newKey));
    expect(newWrapped.wrapped).not.toBe(oldWrapped.wrapped);
    const after = await responseRows(world.cycle.id);
    expect(after.map((r) => [r.answers, r.comments])).toEqual(
      before.map((r) => [r.answers, r.comments]),
    );

    const newOnly = withKeys(newKey, null);
    for (const [i, row] of after.entries()) {
      const comments = await newOnly.openValue<Record<string, string>>(
        world.cycle.id,
        row.comments,
      );
      expect(comments[QUESTION]).toContain(world.raters[i]!.marker);
    }
    await expect(
      withKeys(config.answersKey, null).openValue(world.cycle.id, after[0]!.comments),
    ).rejects.toThrow(EnvelopeError);
  });
});
