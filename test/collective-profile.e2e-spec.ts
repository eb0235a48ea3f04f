import { parse } from 'csv-parse/sync';
import { JSDOM } from 'jsdom';
import type { Cycle } from '../src/modules/cycles/cycle.entity';
import type { Framework } from '../src/modules/frameworks/framework.entity';
import type { Organisation } from '../src/modules/organisations/organisation.entity';
import type { Person } from '../src/modules/organisations/person.entity';
import type { Unit } from '../src/modules/organisations/unit.entity';
import { SESSION_COOKIE } from '../src/common/access/authenticated-request';
import { checkPage, horizontalOverflow, launchBrowser, newPage, NARROW } from './support/browser';
import { TestApp } from './support/test-app';

// The collective profile end to end (anonymity rule 6, docs/anonymity.md), on a small tree at k = 3:
//
//   Trust ─ Medicine (M1–M4) ─ Ward A (A1–A3)
//         └ =Surgery (S1–S3)     (a name a spreadsheet would run as a formula)
//
// Each leader's three peers give every statement the same answer, so each leader's others figure
// per behaviour is that answer. This cycle: M 4, A 3, S 2; the earlier cycle: 3 for everyone.
// Medicine 7 − Ward A 3 leaves a residue of 4 = k + 1: all published for an admin; a coach of M1
// and M2 knows two of those four, so for them Ward A gives way.

interface World {
  org: Organisation;
  admin: Person;
  medicine: Unit;
  wardA: Unit;
  surgery: Unit;
  leaders: Record<string, Person>;
  /** Coaches M1 and M2 in both cycles; granted Medicine. */
  coachOfTwo: Person;
  /** No coachees; granted Medicine. */
  coachOfNone: Person;
  /** A coach without any grant. */
  ungranted: Person;
  framework: Framework;
  earlier: Cycle;
  cycle: Cycle;
}

const DAY = 24 * 3600 * 1000;

describe('collective profile (e2e)', () => {
  let t: TestApp;
  let w: World;

  const bearer = async (person: Person) => ({
    Authorization: `Bearer ${await t.factories.tokenFor(person)}`,
  });
  const get = async (person: Person, path: string) =>
    t
      .http()
      .get(path)
      .set(await bearer(person));
  const profilePath = (cycle: Cycle, query = '') =>
    `/api/v1/cycles/${cycle.id}/collective-profile${query}`;

  /** Every answer of a leader's three peers is `value`. */
  async function enrol(cycle: Cycle, leader: Person, value: number, coach: Person | null) {
    const request = await t.factories.feedbackRequest(cycle, leader, {
      coachId: coach?.id ?? null,
    });
    const answers = Object.fromEntries(
      w.framework.dimensions.flatMap((d) => d.items.map((i) => [i.key, value])),
    );
    for (let r = 0; r < 3; r++) {
      await t.factories.nomination(request, { status: 'completed', deliveryStatus: 'sent' });
      await t.factories.response(request, { relationship: 'peer', answers });
    }
  }

  async function closeAndWait(cycle: Cycle): Promise<void> {
    await t
      .http()
      .post(`/api/v1/cycles/${cycle.id}/close`)
      .set(await bearer(w.admin))
      .expect(200);
    await t.drain();
  }

  beforeAll(async () => {
    t = await TestApp.create();
    const f = t.factories;
    const { org, admin } = await f.adminWorld();
    const medicine = await f.unit(org.id, { name: 'Medicine' });
    const wardA = await f.unit(org.id, { name: 'Ward A', parentId: medicine.id });
    const surgery = await f.unit(org.id, { name: '=Surgery' });
    const leaders: Record<string, Person> = {};
    const unitOf = (name: string) =>
      name.startsWith('M') ? medicine : name.startsWith('A') ? wardA : surgery;
    for (const name of ['M1', 'M2', 'M3', 'M4', 'A1', 'A2', 'A3', 'S1', 'S2', 'S3']) {
      leaders[name] = await f.person(org.id, {
        name: `Leader ${name}`,
        roles: ['leader'],
        unitId: unitOf(name).id,
      });
    }
    const coach = (name: string) => f.person(org.id, { name, roles: ['coach'] });
    const framework = await f.framework(null);
    w = {
      org,
      admin,
      medicine,
      wardA,
      surgery,
      leaders,
      coachOfTwo: await coach('Cora Coach'),
      coachOfNone: await coach('Nia Coach'),
      ungranted: await coach('Uma Coach'),
      framework,
      earlier: await f.cycle(org.id, {
        frameworkId: framework.id,
        name: 'Spring',
        state: 'open',
        closesAt: new Date(Date.now() + 10 * DAY),
      }),
      cycle: await f.cycle(org.id, {
        frameworkId: framework.id,
        name: 'Autumn',
        state: 'open',
        closesAt: new Date(Date.now() + 20 * DAY),
      }),
    };
    for (const [name, leader] of Object.entries(leaders)) {
      const coachOf = name === 'M1' || name === 'M2' ? w.coachOfTwo : null;
      await enrol(w.earlier, leader, 3, coachOf);
      await enrol(
        w.cycle,
        leader,
        name.startsWith('M') ? 4 : name.startsWith('A') ? 3 : 2,
        coachOf,
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('coach grants', () => {
    const grants = (unit: Unit) => `/api/v1/units/${unit.id}/coach-grants`;

    it('grants a coach a unit (201), refuses it twice (409) and a person who is not a coach (400)', async () => {
      const auth = await bearer(w.admin);
      for (const coach of [w.coachOfTwo, w.coachOfNone]) {
        const res = await t.http().post(grants(w.medicine)).set(auth).send({ personId: coach.id });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ unitId: w.medicine.id, personId: coach.id });
      }
      const again = await t
        .http()
        .post(grants(w.medicine))
        .set(auth)
        .send({ personId: w.coachOfTwo.id });
      expect(again.status).toBe(409);
      expect(again.body.error).toBeDefined();
      const notACoach = await t
        .http()
        .post(grants(w.medicine))
        .set(auth)
        .send({ personId: w.leaders.M1!.id });
      expect(notACoach.status).toBe(400);
      expect(notACoach.body.message).toMatch(/coach role/);
      const bad = await t.http().post(grants(w.medicine)).set(auth).send({ personId: 'nope' });
      expect(bad.status).toBe(400);
    });

    it('lists the coaches of a unit, and removes one (204); only admins, only their units', async () => {
      const auth = await bearer(w.admin);
      // Granted and removed again, so that the grants of the other tests stay as they are.
      await t
        .http()
        .post(grants(w.surgery))
        .set(auth)
        .send({ personId: w.ungranted.id })
        .expect(201);
      const listed = await t.http().get(grants(w.surgery)).set(auth).expect(200);
      expect(listed.body).toEqual({
        items: [{ personId: w.ungranted.id, name: 'Uma Coach', email: w.ungranted.email }],
      });
      await t
        .http()
        .delete(`${grants(w.surgery)}/${w.ungranted.id}`)
        .set(auth)
        .expect(204);
      expect((await t.http().get(grants(w.surgery)).set(auth)).body).toEqual({ items: [] });
      await t
        .http()
        .delete(`${grants(w.surgery)}/${w.ungranted.id}`)
        .set(auth)
        .expect(404);

      expect((await get(w.coachOfTwo, grants(w.medicine))).status).toBe(403);
      const other = await t.factories.adminWorld();
      const foreign = await t.http().get(grants(w.medicine)).set(other.auth);
      expect(foreign.status).toBe(404);
    });
  });

  describe('before close', () => {
    it('answers 409 while the cycle is open', async () => {
      const res = await get(w.admin, profilePath(w.cycle));
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/open/);
    });
  });

  describe('after close', () => {
    beforeAll(async () => {
      await closeAndWait(w.earlier);
      await closeAndWait(w.cycle);
    }, 120_000);

    it('stores the profile beside the snapshots, with each leader’s unit, before reportsReady', async () => {
      const [cycle] = await t.dataSource.query<{ ready: boolean; stored: string; at: Date }[]>(
        `SELECT c.reports_ready AS ready, p.created_at AS at,
                (SELECT max(s.created_at) FROM report_snapshots s WHERE s.cycle_id = c.id) AS stored
           FROM cycles c JOIN collective_profiles p ON p.cycle_id = c.id WHERE c.id = $1`,
        [w.cycle.id],
      );
      expect(cycle?.ready).toBe(true);
      expect(new Date(cycle!.at).getTime()).toBeGreaterThanOrEqual(
        new Date(cycle!.stored).getTime(),
      );
      const units = await t.dataSource.query<{ unit: string; n: number }[]>(
        `SELECT leader_unit_id AS unit, count(*)::int AS n FROM report_snapshots
          WHERE cycle_id = $1 GROUP BY 1 ORDER BY 2`,
        [w.cycle.id],
      );
      expect(Object.fromEntries(units.map((u) => [u.unit, u.n]))).toEqual({
        [w.medicine.id]: 4,
        [w.wardA.id]: 3,
        [w.surgery.id]: 3,
      });
      await expect(
        t.dataSource.query(`UPDATE collective_profiles SET threshold = 4 WHERE cycle_id = $1`, [
          w.cycle.id,
        ]),
      ).rejects.toThrow(/immutable/);
    });

    it('shows an admin every row: the organisation first, then the tree depth first', async () => {
      const res = await get(w.admin, profilePath(w.cycle));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        cycle: { id: w.cycle.id, name: 'Autumn' },
        threshold: 3,
        compareTo: null,
      });
      const rows = res.body.units as {
        unitId: string | null;
        name: string;
        parentId: string | null;
        depth: number;
        leaders: number;
        dimensions: { key: string; mean: number | null; n: number; published: boolean }[];
      }[];
      expect(rows.map((r) => [r.unitId, r.name, r.parentId, r.depth, r.leaders])).toEqual([
        [null, w.org.name, null, 0, 10],
        [w.surgery.id, '=Surgery', null, 1, 3],
        [w.medicine.id, 'Medicine', null, 1, 7],
        [w.wardA.id, 'Ward A', w.medicine.id, 2, 3],
      ]);
      expect(rows.map((r) => r.dimensions.map((d) => [d.key, d.mean, d.n, d.published]))).toEqual([
        [
          ['empowering', 3.1, 10, true],
          ['trust', 3.1, 10, true],
        ],
        [
          ['empowering', 2, 3, true],
          ['trust', 2, 3, true],
        ],
        [
          ['empowering', 3.57, 7, true],
          ['trust', 3.57, 7, true],
        ],
        [
          ['empowering', 3, 3, true],
          ['trust', 3, 3, true],
        ],
      ]);
    });

    it('holds Ward A back from a coach of two leaders in Medicine’s residue, not from one without coachees', async () => {
      const ofTwo = await get(w.coachOfTwo, profilePath(w.cycle));
      expect(ofTwo.status).toBe(200);
      expect(
        ofTwo.body.units.map(
          (r: { name: string; dimensions: { mean: number | null; reason: string | null }[] }) => [
            r.name,
            r.dimensions[0]!.mean,
            r.dimensions[0]!.reason,
          ],
        ),
      ).toEqual([
        ['Medicine', 3.57, null],
        ['Ward A', null, 'coachees'],
      ]);
      const ofNone = await get(w.coachOfNone, profilePath(w.cycle));
      expect(
        ofNone.body.units.map((r: { name: string; dimensions: { mean: number | null }[] }) => [
          r.name,
          r.dimensions[0]!.mean,
        ]),
      ).toEqual([
        ['Medicine', 3.57],
        ['Ward A', 3],
      ]);
    });

    it('narrows to a unit’s subtree with unitId, within what the reader may see', async () => {
      const admin = await get(w.admin, profilePath(w.cycle, `?unitId=${w.wardA.id}`));
      expect(admin.body.units.map((r: { name: string }) => r.name)).toEqual(['Ward A']);
      const coach = await get(w.coachOfNone, profilePath(w.cycle, `?unitId=${w.surgery.id}`));
      expect(coach.status).toBe(403);
      const unknown = await get(w.admin, profilePath(w.cycle, `?unitId=${w.org.id}`));
      expect(unknown.status).toBe(404);
      const bad = await get(w.admin, profilePath(w.cycle, '?unitId=ward-a'));
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/unitId/)]));
      const extra = await get(w.admin, profilePath(w.cycle, '?colour=red'));
      expect(extra.status).toBe(400);
    });

    it('refuses an ungranted coach, a leader (403) and another organisation’s admin (404)', async () => {
      expect((await get(w.ungranted, profilePath(w.cycle))).status).toBe(403);
      const leader = await get(w.leaders.M3!, profilePath(w.cycle));
      expect(leader.status).toBe(403);
      expect(leader.body.message).toMatch(/admins/);
      const other = await t.factories.adminWorld();
      const foreign = await t.http().get(profilePath(w.cycle)).set(other.auth);
      expect(foreign.status).toBe(404);
      const foreignCsv = await t.http().get(profilePath(w.cycle, '.csv')).set(other.auth);
      expect(foreignCsv.status).toBe(404);
    });

    it('gives the change since an earlier cycle where both figures are published', async () => {
      const res = await get(w.admin, profilePath(w.cycle, `?compareTo=${w.earlier.id}`));
      expect(res.status).toBe(200);
      expect(res.body.compareTo).toEqual({ id: w.earlier.id, name: 'Spring' });
      expect(
        res.body.units.map((r: { name: string; dimensions: { change: number | null }[] }) => [
          r.name,
          r.dimensions[0]!.change,
        ]),
      ).toEqual([
        [w.org.name, 0.1],
        ['=Surgery', -1],
        ['Medicine', 0.57], // 25/7 − 3 = 4/7
        ['Ward A', 0],
      ]);
      // For the coach of two, Ward A is held back in both cycles: no change either.
      const coach = await get(w.coachOfTwo, profilePath(w.cycle, `?compareTo=${w.earlier.id}`));
      expect(
        coach.body.units.map(
          (r: { dimensions: { change: number | null }[] }) => r.dimensions[0]!.change,
        ),
      ).toEqual([0.57, null]);
      // compareTo must be earlier, closed, and of the organisation.
      const later = await get(w.admin, profilePath(w.earlier, `?compareTo=${w.cycle.id}`));
      expect(later.status).toBe(400);
      expect(later.body.message).toMatch(/earlier/);
      const draft = await t.factories.cycle(w.org.id, { closesAt: new Date(Date.now() + DAY) });
      expect((await get(w.admin, profilePath(w.cycle, `?compareTo=${draft.id}`))).status).toBe(409);
      const other = await t.factories.adminWorld();
      const foreignCycle = await t.factories.cycle(other.org.id);
      expect(
        (await get(w.admin, profilePath(w.cycle, `?compareTo=${foreignCycle.id}`))).status,
      ).toBe(404);
    });

    it('writes the same rows as CSV, with formula-looking names defused and suppressed cells empty', async () => {
      const res = await get(w.admin, profilePath(w.cycle, `.csv?compareTo=${w.earlier.id}`));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const rows = parse(res.text, { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual([
        'unit',
        'parent',
        'depth',
        'leaders',
        'dimension',
        'mean',
        'n',
        'change',
      ]);
      expect(rows.filter((r) => r.dimension === 'empowering')).toEqual([
        {
          unit: w.org.name,
          parent: '',
          depth: '0',
          leaders: '10',
          dimension: 'empowering',
          mean: '3.1',
          n: '10',
          change: '0.1',
        },
        {
          unit: "'=Surgery",
          parent: w.org.name,
          depth: '1',
          leaders: '3',
          dimension: 'empowering',
          mean: '2',
          n: '3',
          change: '-1',
        },
        {
          unit: 'Medicine',
          parent: w.org.name,
          depth: '1',
          leaders: '7',
          dimension: 'empowering',
          mean: '3.57',
          n: '7',
          change: '0.57',
        },
        {
          unit: 'Ward A',
          parent: 'Medicine',
          depth: '2',
          leaders: '3',
          dimension: 'empowering',
          mean: '3',
          n: '3',
          change: '0',
        },
      ]);
      const coach = await get(w.coachOfTwo, profilePath(w.cycle, '.csv'));
      const coachRows = parse(coach.text, { columns: true }) as Record<string, string>[];
      expect(coachRows.find((r) => r.unit === 'Ward A' && r.dimension === 'trust')).toMatchObject({
        mean: '',
        n: '3',
        change: '',
      });
    });

    it('records every read as an audit event, with its format and narrowing', async () => {
      const before = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM collective_profile_views WHERE person_id = $1`,
        [w.coachOfNone.id],
      );
      await get(w.coachOfNone, profilePath(w.cycle, `?unitId=${w.wardA.id}`));
      await get(w.coachOfNone, profilePath(w.cycle, '.csv'));
      const rows = await t.dataSource.query<
        { format: string; unit: string | null; cycle: string }[]
      >(
        `SELECT format, unit_id AS unit, cycle_id AS cycle FROM collective_profile_views
          WHERE person_id = $1 ORDER BY viewed_at, format`,
        [w.coachOfNone.id],
      );
      expect(rows.length).toBe(before[0]!.n + 2);
      expect(rows.slice(-2)).toEqual(
        expect.arrayContaining([
          { format: 'json', unit: w.wardA.id, cycle: w.cycle.id },
          { format: 'csv', unit: null, cycle: w.cycle.id },
        ]),
      );
      // A refused read is not a read.
      await get(w.ungranted, profilePath(w.cycle));
      const refused = await t.dataSource.query<unknown[]>(
        `SELECT 1 FROM collective_profile_views WHERE person_id = $1`,
        [w.ungranted.id],
      );
      expect(refused).toEqual([]);
    });

    it('shows the heatmap page: numbers written, changes with sign and arrow, notes, who may not read it', async () => {
      const admin = await get(
        w.admin,
        `/cycles/${w.cycle.id}/collective?compareTo=${w.earlier.id}`,
      );
      expect(admin.status).toBe(200);
      expect(admin.headers['content-type']).toMatch(/text\/html/);
      const doc = new JSDOM(admin.text).window.document;
      expect(doc.title).toBe('Collective profile: Autumn – Collective 360');
      const rows = [...doc.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('th, td')].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
      );
      expect(rows.map((r) => r[0])).toEqual([
        w.org.name,
        '=Surgery',
        'Medicine',
        'In Medicine: Ward A',
      ]);
      expect(rows[2]).toEqual([
        'Medicine',
        '7',
        '3.57 n = 7 +0.57 ▲ up since Spring',
        '3.57 n = 7 +0.57 ▲ up since Spring',
      ]);
      expect(rows[1]![2]).toBe('2.00 n = 3 −1.00 ▼ down since Spring');
      expect(doc.querySelector('a[download]')?.getAttribute('href')).toBe(
        `/api/v1/cycles/${w.cycle.id}/collective-profile.csv?compareTo=${w.earlier.id}`,
      );
      expect(doc.querySelector('option[selected]')?.getAttribute('value')).toBe(w.earlier.id);

      const coach = await get(w.coachOfTwo, `/cycles/${w.cycle.id}/collective`);
      const coachDoc = new JSDOM(coach.text).window.document;
      const wardA = coachDoc.querySelectorAll('tbody tr')[1]!;
      expect(wardA.textContent.replace(/\s+/g, ' ')).toContain('not shown why: note (a) n = 3');
      expect(coachDoc.querySelector('#why-coachees')?.textContent).toMatch(/You coach some/);

      const refused = await get(w.leaders.M1!, `/cycles/${w.cycle.id}/collective`);
      expect(refused.status).toBe(403);
      expect(refused.text).toMatch(/not available/);
    });

    it('passes axe at 1280 and 320 px in Chromium for the admin and a granted coach, the table scrolling in its own box', async () => {
      const browser = await launchBrowser();
      try {
        const base = await t.listen();
        for (const [reader, path] of [
          [w.admin, `/cycles/${w.cycle.id}/collective?compareTo=${w.earlier.id}`],
          [w.coachOfTwo, `/cycles/${w.cycle.id}/collective`],
        ] as const) {
          const { page, context, errors } = await newPage(browser, base);
          await context.addCookies([
            { name: SESSION_COOKIE, value: await t.factories.tokenFor(reader), url: base },
          ]);
          if (reader === w.admin) await page.goto(path);
          else {
            // A granted coach finds it from their home page.
            await page.goto('/');
            await page.getByRole('link', { name: /^Autumn\W+collective profile/ }).click();
            expect(new URL(page.url()).pathname).toBe(path);
          }
          expect(await page.locator('h1').innerText()).toBe('Collective profile');
          // The site's layout: its header, with the reader's navigation.
          expect(await page.getByRole('navigation', { name: 'Menu' }).count()).toBe(1);
          expect(await checkPage(page, `collective-${reader.name.replace(/\W+/g, '-')}`)).toEqual(
            [],
          );
          await page.setViewportSize(NARROW);
          expect(await horizontalOverflow(page)).toBe(0);
          const box = page.getByRole('region', { name: /Behaviours by unit/ });
          expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
          expect(errors).toEqual([]);
          await context.close();
        }
      } finally {
        await browser.close();
      }
    });

    it('closes the coach’s access when the grant is removed', async () => {
      const auth = await bearer(w.admin);
      await t
        .http()
        .delete(`/api/v1/units/${w.medicine.id}/coach-grants/${w.coachOfNone.id}`)
        .set(auth)
        .expect(204);
      expect((await get(w.coachOfNone, profilePath(w.cycle))).status).toBe(403);
    });
  });
});
