import axe from 'axe-core';
import { parse } from 'csv-parse/sync';
import { JSDOM } from 'jsdom';
import { DataSource } from 'typeorm';
import { Cycle } from '../src/modules/cycles/cycle.entity';
import type { FeedbackRequest } from '../src/modules/cycles/feedback-request.entity';
import type { Framework } from '../src/modules/frameworks/framework.entity';
import type { ResponseStatus } from '../src/modules/nominations/nomination.entity';
import type { Organisation } from '../src/modules/organisations/organisation.entity';
import { Person } from '../src/modules/organisations/person.entity';
import { ReportSnapshotsService } from '../src/modules/reports/report-snapshots.service';
import { ReportsService } from '../src/modules/reports/reports.service';
import type { CurrentPersonInfo } from '../src/common/access/authenticated-request';
import type { DomainError } from '../src/common/domain-error';
import { OTHER_RELATIONSHIPS, type Relationship } from '../src/common/relationship';
import { TestApp } from './support/test-app';

/**
 * Two behaviours, five statements, two open questions, on the factory framework's 1–5 scale
 * (Never … Always); commas and quotes in the texts for the CSV.
 */
const REPORT_FRAMEWORK = {
  dimensions: [
    {
      key: 'empowering',
      title: 'Developing and empowering people',
      items: [
        { key: 'gives_authority', text: 'Gives people real authority over their work' },
        { key: 'coaches_others', text: 'Coaches others, growing their confidence' },
        { key: 'shares_credit', text: 'Gives credit to the people who did the work' },
      ],
    },
    {
      key: 'trust',
      title: 'Building trust and co-operation',
      items: [
        { key: 'keeps_promises', text: 'Keeps the promises they make' },
        { key: 'works_across', text: 'Works with teams beyond their own, "really"' },
      ],
    },
  ],
  questions: [
    { key: 'strengths', text: 'What does this person do well?' },
    { key: 'differently', text: 'What could they do differently?' },
  ],
};

interface RaterSpec {
  relationship: Relationship;
  status?: ResponseStatus;
  /** Given when the rater answered (status completed). */
  answers?: Record<string, number | null>;
  comments?: Record<string, string>;
}

interface ReportWorld {
  org: Organisation;
  admin: Person;
  leader: Person;
  coach: Person;
  /** Coaches another leader of the same cycle. */
  otherCoach: Person;
  otherLeader: Person;
  framework: Framework;
  cycle: Cycle;
  request: FeedbackRequest;
  otherRequest: FeedbackRequest;
}

type Answers = Record<string, number | null>;
const answers = (
  a: number | null,
  b: number | null,
  c: number | null,
  d: number | null,
  e: number | null,
): Answers => ({
  gives_authority: a,
  coaches_others: b,
  shares_credit: c,
  keeps_promises: d,
  works_across: e,
});

/**
 * k = 3, manager not disclosed. Others: a manager, four peers (one more pending), two direct
 * reports (one more declined), three other colleagues: ten who answered.
 */
const RATERS: RaterSpec[] = [
  {
    relationship: 'self',
    answers: answers(5, 4, 3, 2, 4),
    comments: { strengths: 'My own note to self' },
  },
  {
    relationship: 'manager',
    answers: answers(4, 4, 4, 4, 4),
    comments: { strengths: 'Listens <b>well</b>, always' },
  },
  {
    relationship: 'peer',
    answers: answers(2, 3, 3, 4, 4),
    comments: { differently: 'Delegate more' },
  },
  { relationship: 'peer', answers: answers(3, 3, 4, 4, 5) },
  { relationship: 'peer', answers: answers(4, 2, 4, 5, null) },
  { relationship: 'peer', answers: answers(4, 3, 3, 4, 4) },
  { relationship: 'peer' },
  { relationship: 'direct_report', answers: answers(5, 5, 5, 5, 5) },
  { relationship: 'direct_report', answers: answers(4, 4, 4, 4, 4) },
  { relationship: 'direct_report', status: 'declined' },
  { relationship: 'other', answers: answers(3, 3, 3, 3, 3) },
  { relationship: 'other', answers: answers(2, 2, 2, 2, 2) },
  { relationship: 'other', answers: answers(4, 4, 4, null, 4) },
];

interface FigureSource {
  self: number | null;
  others: { mean: number; n: number; distribution?: Record<string, number> } | null;
  groups: { relationship: string; mean: number | null; n: number | null; suppressed: boolean }[];
}

/** Every figure of the JSON, by `dimension|item` (item empty for a dimension). */
function jsonFigures(report: {
  dimensions: (FigureSource & { key: string; items: (FigureSource & { key: string })[] })[];
}) {
  const figures = new Map<string, FigureSource>();
  for (const d of report.dimensions) {
    figures.set(`${d.key}|`, d);
    for (const i of d.items) figures.set(`${d.key}|${i.key}`, i);
  }
  return figures;
}

const published = (figure: FigureSource, relationship: string) =>
  figure.groups.find((g) => g.relationship === relationship && !g.suppressed) ?? null;

/** Text as a reader meets it: runs of white space are one space. */
const words = (node: Element | null | undefined) =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

function htmlTable(document: Document, dimension: string, item: string) {
  const selector = item
    ? `table.figures[data-dimension="${dimension}"][data-item="${item}"]`
    : `table.figures[data-dimension="${dimension}"]:not([data-item])`;
  const table = document.querySelector(selector);
  if (!table) throw new Error(`no figures table for ${dimension}|${item}`);
  return new Map(
    [...table.querySelectorAll('tbody tr')].map((row) => [
      row.getAttribute('data-group') ?? '',
      {
        mean: words(row.querySelector('.mean')),
        n: words(row.querySelector('.n')),
      },
    ]),
  );
}

async function axeViolations(html: string): Promise<string[]> {
  const { window } = new JSDOM(html, { runScripts: 'outside-only' });
  window.eval(axe.source);
  // jsdom lays nothing out, so contrast cannot be computed here: report-palette.spec.ts checks it.
  const result = await (window as unknown as { axe: typeof axe }).axe.run(window.document, {
    runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
    rules: { 'color-contrast': { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.help}`);
}

describe('reports', () => {
  let t: TestApp;
  let db: DataSource;

  const bearer = async (person: Person) => ({
    Authorization: `Bearer ${await t.factories.tokenFor(person)}`,
  });
  const cookie = async (person: Person) => ({
    Cookie: `c360_session=${await t.factories.tokenFor(person)}`,
  });
  const reportUrl = (requestId: string, suffix = '') =>
    `/api/v1/feedback-requests/${requestId}/report${suffix}`;

  /**
   * An organisation with an admin; a leader with a coach and another leader with another coach
   * in one open cycle (k = 3, manager not disclosed) of our framework. No raters yet.
   */
  async function reportWorld(cycle: Partial<Cycle> = {}): Promise<ReportWorld> {
    const org = await t.factories.organisation();
    const admin = await t.factories.person(org.id, { roles: ['admin'], name: 'Ada Admin' });
    const leader = await t.factories.person(org.id, { roles: ['leader'], name: 'Priya Shah' });
    const coach = await t.factories.person(org.id, { roles: ['coach'], name: 'Sam Okafor' });
    const otherLeader = await t.factories.person(org.id, { roles: ['leader'], name: 'Lee Other' });
    const otherCoach = await t.factories.person(org.id, { roles: ['coach'], name: 'Cal Other' });
    const framework = await t.factories.framework(org.id, REPORT_FRAMEWORK);
    const created = await t.factories.cycle(org.id, {
      frameworkId: framework.id,
      state: 'open',
      openedAt: new Date(),
      ...cycle,
    });
    const request = await t.factories.feedbackRequest(created, leader, { coachId: coach.id });
    const otherRequest = await t.factories.feedbackRequest(created, otherLeader, {
      coachId: otherCoach.id,
    });
    return {
      org,
      admin,
      leader,
      coach,
      otherCoach,
      otherLeader,
      framework,
      cycle: created,
      request,
      otherRequest,
    };
  }

  /** One invited nomination per rater, and a response for each who completed (unlinked, as ever). */
  async function addRaters(request: FeedbackRequest, raters: RaterSpec[]): Promise<void> {
    for (const rater of raters) {
      await t.factories.nomination(request, {
        relationship: rater.relationship,
        status: rater.status ?? (rater.answers ? 'completed' : 'pending'),
        deliveryStatus: 'sent',
      });
    }
    for (const rater of raters) {
      if (!rater.answers) continue;
      await t.factories.response(request, {
        relationship: rater.relationship,
        answers: rater.answers,
        comments: rater.comments ?? {},
      });
    }
  }

  async function close(world: ReportWorld): Promise<void> {
    await t
      .http()
      .post(`/api/v1/cycles/${world.cycle.id}/close`)
      .set(await bearer(world.admin))
      .expect(200);
    await t.drain();
  }

  async function release(world: ReportWorld): Promise<void> {
    await t
      .http()
      .post(`/api/v1/cycles/${world.cycle.id}/release`)
      .set(await bearer(world.admin))
      .expect(200);
    await t.drain();
  }

  async function views(person: Person, requestId: string): Promise<string[]> {
    const rows = await db.query<{ format: string }[]>(
      `SELECT format FROM report_views WHERE person_id = $1 AND feedback_request_id = $2 ORDER BY viewed_at, format`,
      [person.id, requestId],
    );
    return rows.map((r) => r.format);
  }

  beforeAll(async () => {
    t = await TestApp.create();
    db = t.dataSource;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a cycle nobody answered', () => {
    it('still closes to reports ready: the close steps have no responses to rewrite', async () => {
      const world = await reportWorld();
      await addRaters(world.request, [{ relationship: 'peer' }, { relationship: 'peer' }]);
      await close(world);
      expect(
        (await db.getRepository(Cycle).findOneByOrFail({ id: world.cycle.id })).reportsReady,
      ).toBe(true);
    });
  });

  describe('a cycle from open to released', () => {
    let world: ReportWorld;

    beforeAll(async () => {
      world = await reportWorld();
      await addRaters(world.request, RATERS);
      await addRaters(world.otherRequest, [
        { relationship: 'self', answers: answers(3, 3, 3, 3, 3) },
        { relationship: 'peer', answers: answers(4, 4, 4, 4, 4) },
      ]);
    });

    it('has no report while the cycle is open: 409 for everyone who may read it later', async () => {
      for (const person of [world.admin, world.coach, world.leader]) {
        const res = await t
          .http()
          .get(reportUrl(world.request.id))
          .set(await bearer(person))
          .expect(409);
        expect(res.body.code).toBe('REPORT_NOT_AVAILABLE');
        expect(res.body.message).toMatch(/closed/);
      }
      await t
        .http()
        .get(reportUrl(world.request.id, '.csv'))
        .set(await bearer(world.admin))
        .expect(409);
      await t
        .http()
        .get(reportUrl(world.request.id, '.html'))
        .set(await cookie(world.admin))
        .expect(409);
      expect(
        await db.query(`SELECT 1 FROM report_snapshots WHERE cycle_id = $1`, [world.cycle.id]),
      ).toEqual([]);
    });

    it('snapshots every request of the cycle at close and then marks reports ready', async () => {
      await close(world);
      const rows = await db.query<
        { feedback_request_id: string; threshold: number; framework_version: number }[]
      >(
        `SELECT feedback_request_id, threshold, framework_version FROM report_snapshots WHERE cycle_id = $1`,
        [world.cycle.id],
      );
      expect(rows.map((r) => r.feedback_request_id).sort()).toEqual(
        [world.request.id, world.otherRequest.id].sort(),
      );
      expect(rows.every((r) => r.threshold === 3 && r.framework_version === 1)).toBe(true);
      expect(
        (await db.getRepository(Cycle).findOneByOrFail({ id: world.cycle.id })).reportsReady,
      ).toBe(true);
    });

    it('skips requests already snapshotted when the job runs again', async () => {
      const outcome = await t.app.get(ReportSnapshotsService).snapshotCycle(world.cycle.id);
      expect(outcome).toEqual({ stored: 0, reportsReady: true });
      const [count] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM report_snapshots WHERE cycle_id = $1`,
        [world.cycle.id],
      );
      expect(count?.n).toBe(2);
    });

    it('serves the report JSON of the API, with the figures worked out by hand', async () => {
      const res = await t
        .http()
        .get(reportUrl(world.request.id))
        .set(await bearer(world.admin))
        .expect(200);
      const report = res.body;
      expect(Object.keys(report)).toEqual([
        'requestId',
        'leader',
        'cycle',
        'threshold',
        'counts',
        'dimensions',
        'comments',
        'highlights',
      ]);
      expect(report.requestId).toBe(world.request.id);
      expect(report.leader).toEqual({ id: world.leader.id, name: 'Priya Shah' });
      expect(report.cycle).toEqual({ id: world.cycle.id, name: world.cycle.name });
      expect(report.threshold).toBe(3);
      expect(report.counts).toEqual({
        self: { invited: 1, completed: 1 },
        manager: { invited: 1, completed: 1 },
        peer: { invited: 5, completed: 4 },
        direct_report: { invited: 3, completed: 2 },
        other: { invited: 3, completed: 3 },
      });
      const item = report.dimensions[0].items[0];
      // Others: 4 + (2+3+4+4) + (5+4) + (3+2+4) = 35 over 10 = 3.5; peers 13/4 = 3.25;
      // other colleagues 9/3 = 3; manager (1, undisclosed) and direct reports (2) below k.
      expect(item).toMatchObject({
        key: 'gives_authority',
        self: 5,
        others: {
          mean: 3.5,
          n: 10,
          distribution: { '1': 0, '2': 2, '3': 2, '4': 5, '5': 1, notObserved: 0 },
        },
        groups: [
          { relationship: 'manager', mean: null, n: null, suppressed: true },
          { relationship: 'peer', mean: 3.25, n: 4, suppressed: false },
          { relationship: 'direct_report', mean: null, n: null, suppressed: true },
          { relationship: 'other', mean: 3, n: 3, suppressed: false },
        ],
      });
      // keeps_promises: one other colleague did not observe it, leaving 2 of them: suppressed.
      // Others 4 + 17 + 9 + 5 = 35 over 9 = 3.89; self 2 sits 1.89 below: a hidden strength.
      const keeps = report.dimensions[1].items[0];
      expect(keeps.others).toMatchObject({ mean: 3.89, n: 9 });
      expect(
        keeps.groups.find((g: { relationship: string }) => g.relationship === 'other'),
      ).toMatchObject({
        suppressed: true,
        mean: null,
      });
      expect(report.highlights.blindSpots).toContain('gives_authority');
      expect(report.highlights.hiddenStrengths).toContain('keeps_promises');
      const strengths = report.comments.find(
        (c: { questionKey: string }) => c.questionKey === 'strengths',
      );
      expect(strengths.answers).toEqual(['Listens <b>well</b>, always']);
      expect(JSON.stringify(report)).not.toContain('My own note to self');
    });

    it('gives the same published figures in JSON, CSV and HTML, and no suppressed one', async () => {
      const auth = await bearer(world.admin);
      const json = (await t.http().get(reportUrl(world.request.id)).set(auth).expect(200)).body;
      const csvRes = await t.http().get(reportUrl(world.request.id, '.csv')).set(auth).expect(200);
      expect(csvRes.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csvRes.headers['content-disposition']).toMatch(
        /^attachment; filename="report-.*\.csv"$/,
      );
      const htmlRes = await t
        .http()
        .get(reportUrl(world.request.id, '.html'))
        .set(await cookie(world.admin))
        .expect(200);
      expect(htmlRes.headers['content-type']).toMatch(/^text\/html/);

      const figures = jsonFigures(json);
      const csvRows = parse(csvRes.text, { columns: true }) as Record<string, string>[];
      expect(csvRows.map((r) => `${r.dimension}|${r.item}`)).toEqual([...figures.keys()]);
      const document = new JSDOM(htmlRes.text).window.document;
      const cell = (value: number | null | undefined) =>
        value === null || value === undefined ? '' : String(value);
      const shown = (value: number | null | undefined) =>
        value === null || value === undefined ? null : value.toFixed(2);

      for (const row of csvRows) {
        const key = `${row.dimension}|${row.item}`;
        const figure = figures.get(key)!;
        const table = htmlTable(document, row.dimension!, row.item!);
        // Self and all others.
        expect(row.self === '' ? null : Number(row.self)).toBe(figure.self);
        expect([row.others_mean, row.others_n]).toEqual([
          cell(figure.others?.mean),
          cell(figure.others?.n),
        ]);
        expect(table.get('self')?.mean).toBe(shown(figure.self) ?? 'no rating');
        if (figure.others) {
          expect(table.get('others')).toEqual({
            mean: figure.others.mean.toFixed(2),
            n: String(figure.others.n),
          });
        } else {
          expect(table.get('others')?.n).toBe('');
          expect(table.get('others')?.mean).not.toMatch(/^\d/);
        }
        // Each group: its figure where published, nothing anywhere where not.
        for (const relationship of OTHER_RELATIONSHIPS) {
          const group = published(figure, relationship);
          expect([row[`${relationship}_mean`], row[`${relationship}_n`]]).toEqual([
            cell(group?.mean),
            cell(group?.n),
          ]);
          const htmlRow = table.get(relationship);
          if (group) {
            expect(htmlRow).toEqual({ mean: group.mean!.toFixed(2), n: String(group.n) });
          } else if (htmlRow) {
            expect(htmlRow.mean).toBe('not shown');
            expect(htmlRow.n).toBe('');
          }
        }
        // Distributions of items.
        const distribution = figure.others?.distribution;
        if (row.item && distribution) {
          const listed = Object.fromEntries(
            [...document.querySelectorAll(`ul.distribution[data-item="${row.item}"] li`)].map(
              (li) => [li.getAttribute('data-answer'), Number(words(li.querySelector('span')))],
            ),
          );
          expect(listed).toEqual(distribution);
          for (const point of ['1', '2', '3', '4', '5'])
            expect(Number(row[`answers_${point}`])).toBe(distribution[point]);
          expect(Number(row.answers_not_observed)).toBe(distribution.notObserved);
        }
      }
      // The suppressed groups of gives_authority appear nowhere with a figure.
      const row = csvRows.find((r) => r.item === 'gives_authority')!;
      expect([
        row.manager_mean,
        row.manager_n,
        row.direct_report_mean,
        row.direct_report_n,
      ]).toEqual(['', '', '', '']);
      // Counts agree too.
      for (const relationship of ['self', ...OTHER_RELATIONSHIPS] as Relationship[]) {
        const cells = [
          ...document.querySelectorAll(`table.counts tr[data-relationship="${relationship}"] td`),
        ];
        expect(cells.map((c) => Number(words(c)))).toEqual([
          json.counts[relationship].invited,
          json.counts[relationship].completed,
        ]);
      }
    });

    it('renders one dot plot per behaviour and passes axe-core’s WCAG 2.2 AA rules', async () => {
      const html = (
        await t
          .http()
          .get(reportUrl(world.request.id, '.html'))
          .set(await cookie(world.coach))
          .expect(200)
      ).text;
      const document = new JSDOM(html).window.document;
      const behaviours = [...document.querySelectorAll('section.behaviour')];
      expect(behaviours.map((b) => words(b.querySelector('h2')))).toEqual([
        'Developing and empowering people',
        'Building trust and co-operation',
      ]);
      for (const behaviour of behaviours) {
        expect(behaviour.querySelectorAll('svg.dot-plot-wide[role="img"]')).toHaveLength(1);
      }
      expect(words(document.querySelector('.how-to-read'))).toContain(
        'groups with fewer than 3 answers are not shown',
      );
      expect(html).toContain('@page{size:A4');
      expect(await axeViolations(html)).toEqual([]);
    });

    it('lets the coach read from close, but not the leader until release (403)', async () => {
      await t
        .http()
        .get(reportUrl(world.request.id))
        .set(await bearer(world.coach))
        .expect(200);
      const res = await t
        .http()
        .get(reportUrl(world.request.id))
        .set(await bearer(world.leader))
        .expect(403);
      expect(res.body.code).toBe('REPORT_NOT_RELEASED');
      await t
        .http()
        .get(reportUrl(world.request.id, '.html'))
        .set(await cookie(world.leader))
        .expect(403);
    });

    it('answers each of many readers at once by their own access, and audits only what it served', async () => {
      // Concurrent reads share one access query and one audit insert (ReportsService): called
      // in one tick, all but the first go together, mixing allowed and refused readers.
      const reports = t.app.get(ReportsService);
      const stranger = await t.factories.adminWorld();
      const as = (p: Person): CurrentPersonInfo => ({
        id: p.id,
        organisationId: p.organisationId,
        email: p.email,
        name: p.name,
        roles: p.roles,
      });
      const reads: [Person, string][] = [
        [world.admin, world.request.id],
        [world.leader, world.request.id],
        [world.coach, world.request.id],
        [world.otherCoach, world.request.id],
        [stranger.admin, world.request.id],
        [world.admin, world.otherRequest.id],
        [world.coach, world.request.id],
        [world.otherCoach, world.otherRequest.id],
      ];
      const before = await db.query<{ id: string }[]>(`SELECT id FROM report_views`);
      const outcomes = await Promise.allSettled(
        reads.map(([person, id]) => reports.readJson(as(person), id)),
      );
      const seen = outcomes.map((o) =>
        o.status === 'fulfilled'
          ? (JSON.parse(o.value.toString()) as { requestId: string }).requestId
          : (o.reason as DomainError).code,
      );
      expect(seen).toEqual([
        world.request.id,
        'REPORT_NOT_RELEASED',
        world.request.id,
        'FORBIDDEN',
        'NOT_FOUND',
        world.otherRequest.id,
        world.request.id,
        world.otherRequest.id,
      ]);
      const added = await db.query<{ person_id: string; feedback_request_id: string }[]>(
        `SELECT person_id, feedback_request_id FROM report_views WHERE NOT (id = ANY($1::uuid[]))`,
        [before.map((v) => v.id)],
      );
      const key = (p: string, r: string) => `${p}/${r}`;
      expect(added.map((v) => key(v.person_id, v.feedback_request_id)).sort()).toEqual(
        [
          key(world.admin.id, world.request.id),
          key(world.coach.id, world.request.id),
          key(world.admin.id, world.otherRequest.id),
          key(world.coach.id, world.request.id),
          key(world.otherCoach.id, world.otherRequest.id),
        ].sort(),
      );
    });

    it('refuses another leader’s coach and another leader (403), and another organisation (404)', async () => {
      for (const person of [world.otherCoach, world.otherLeader]) {
        for (const suffix of ['', '.csv', '.html']) {
          await t
            .http()
            .get(reportUrl(world.request.id, suffix))
            .set(await bearer(person))
            .expect(403);
        }
      }
      const stranger = await t.factories.adminWorld();
      const res = await t.http().get(reportUrl(world.request.id)).set(stranger.auth).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
      await t.http().get(reportUrl(world.request.id, '.csv')).set(stranger.auth).expect(404);
      await t.http().get(reportUrl(world.request.id)).expect(401);
    });

    it('lists the reports each person may read on their home page', async () => {
      const home = async (person: Person) =>
        (
          await t
            .http()
            .get('/')
            .set(await cookie(person))
            .expect(200)
        ).text;
      const link = `/requests/${world.request.id}/report`;
      expect(await home(world.coach)).toContain(link);
      expect(await home(world.admin)).toContain(link);
      expect(await home(world.admin)).toContain(`/requests/${world.otherRequest.id}/report`);
      expect(await home(world.leader)).not.toContain(link);
      expect(await home(world.otherCoach)).not.toContain(link);
    });

    it('emails the leader and the coach on release, and then lets the leader read it', async () => {
      await release(world);
      const toLeader = await t.smtp.waitForMailTo(world.leader.email);
      expect(toLeader.subject).toBe(`Your 360° feedback report from ${world.cycle.name} is ready`);
      expect(toLeader.text).toContain(`http://c360.test/reports/${world.request.id}`);
      const toCoach = await t.smtp.waitForMailTo(world.coach.email);
      expect(toCoach.subject).toContain('Priya Shah’s 360° feedback report');
      expect(toCoach.messageId).toBe(
        `<report-ready-${world.request.id}-${world.coach.id}@c360.test>`,
      );
      const sent = await db.query(
        `SELECT 1 FROM report_notifications WHERE feedback_request_id = $1 AND sent_at IS NOT NULL`,
        [world.request.id],
      );
      expect(sent).toHaveLength(2);

      const res = await t
        .http()
        .get(reportUrl(world.request.id))
        .set(await bearer(world.leader))
        .expect(200);
      expect(res.body.requestId).toBe(world.request.id);
      await t
        .http()
        .get(reportUrl(world.request.id, '.html'))
        .set(await cookie(world.leader))
        .expect(200);
      expect(
        (
          await t
            .http()
            .get('/')
            .set(await cookie(world.leader))
            .expect(200)
        ).text,
      ).toContain(`/requests/${world.request.id}/report`);
      // The email's link leads to the report page; signed out, through sign-in and back.
      const page = `/requests/${world.request.id}/report`;
      const viaLink = await t.http().get(`/reports/${world.request.id}`).expect(303);
      expect(viaLink.headers.location).toBe(page);
      await t
        .http()
        .get(page)
        .set(await cookie(world.leader))
        .expect(200);
      expect((await t.http().get(page).expect(303)).headers.location).toBe(
        `/sign-in?next=${encodeURIComponent(page)}`,
      );
      // Still nobody else.
      await t
        .http()
        .get(reportUrl(world.request.id))
        .set(await bearer(world.otherLeader))
        .expect(403);
    });

    it('writes an audit row for every view, in every format, and none for a refused one', async () => {
      expect(await views(world.leader, world.request.id)).toEqual(['json', 'html', 'html']);
      expect(await views(world.otherCoach, world.request.id)).toEqual([]);
      const before = await views(world.admin, world.request.id);
      await t
        .http()
        .get(reportUrl(world.request.id, '.csv'))
        .set(await bearer(world.admin))
        .expect(200);
      expect(await views(world.admin, world.request.id)).toEqual([...before, 'csv']);
      const [row] = await db.query<{ organisation_id: string; viewed_at: Date }[]>(
        `SELECT organisation_id, viewed_at FROM report_views WHERE person_id = $1 ORDER BY viewed_at DESC LIMIT 1`,
        [world.admin.id],
      );
      expect(row?.organisation_id).toBe(world.org.id);
      expect(row?.viewed_at).toBeInstanceOf(Date);
    });

    it('keeps the snapshot immutable and serves it unchanged after responses change', async () => {
      const auth = await bearer(world.admin);
      const before = (await t.http().get(reportUrl(world.request.id)).set(auth).expect(200)).body;
      await expect(
        db.query(`UPDATE report_snapshots SET threshold = 5 WHERE feedback_request_id = $1`, [
          world.request.id,
        ]),
      ).rejects.toThrow(/immutable/);
      await db.query(
        `UPDATE responses SET answers = '{"gives_authority": 1}' WHERE feedback_request_id = $1`,
        [world.request.id],
      );
      await db.query(
        `DELETE FROM responses WHERE feedback_request_id = $1 AND relationship = 'peer'`,
        [world.request.id],
      );
      const after = (await t.http().get(reportUrl(world.request.id)).set(auth).expect(200)).body;
      expect(after).toEqual(before);
    });
  });

  describe('a closed cycle whose snapshots are not stored yet', () => {
    it('answers 409: the report is being prepared', async () => {
      const world = await reportWorld({ state: 'closed', closedAt: new Date() });
      const res = await t
        .http()
        .get(reportUrl(world.request.id))
        .set(await bearer(world.coach))
        .expect(409);
      expect(res.body.code).toBe('REPORT_BEING_PREPARED');
      expect(res.body.message).toMatch(/being prepared/);
      expect(await views(world.coach, world.request.id)).toEqual([]);
    });
  });

  describe('the OpenAPI document', () => {
    it('describes the report routes', async () => {
      const doc = (await t.http().get('/docs-json').expect(200)).body;
      expect(doc.paths['/api/v1/feedback-requests/{id}/report']?.get).toBeDefined();
      expect(doc.paths['/api/v1/feedback-requests/{id}/report.csv']?.get).toBeDefined();
      expect(doc.paths['/api/v1/feedback-requests/{id}/report.html']?.get).toBeDefined();
    });
  });
});
