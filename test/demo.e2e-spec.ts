import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { runScript } from './support/run-script';
import { TestApp } from './support/test-app';

interface DemoAnswer {
  created: boolean;
  organisationId: string;
  cycleId: string;
  earlierCycleId: string;
  collectiveProfile: string;
  accessToken: string;
  signIn: string;
  reports: { requestId: string; leader: string; page: string }[];
  sampleReport: string;
}

describe('npm run demo', () => {
  let t: TestApp;
  const out = join(tmpdir(), `c360-demo-${process.pid}.html`);

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
  });
  afterAll(async () => {
    await rm(out, { force: true });
    await t.close();
  });

  it('seeds a released cycle whose reports the API serves, and writes a sample HTML report', async () => {
    const result = await runScript('src/cli.ts', ['demo', '--out', out], {
      ...process.env,
      LOG_LEVEL: 'info',
    });
    expect(result.stderr).not.toMatch(/The command failed/);
    expect(result.code).toBe(0);
    // It ends cleanly: the outbox relay finishes before the connections close.
    expect(result.stderr).not.toMatch(/Outbox relay failed|Connection terminated|"level":[56]0/);
    const answer = JSON.parse(result.stdout) as DemoAnswer;
    expect(answer.created).toBe(true);
    expect(answer.reports.map((r) => r.leader)).toEqual([
      'Amira Hassan',
      'Tom Whitfield',
      'Grace Okafor',
      'Daniel Price',
      'Siobhan Kelly',
    ]);

    const cycle = await t
      .http()
      .get(`/api/v1/cycles/${answer.cycleId}`)
      .set('Authorization', `Bearer ${answer.accessToken}`)
      .expect(200);
    expect(cycle.body).toMatchObject({ state: 'released', reportsReady: true });

    const reports = await Promise.all(
      answer.reports.map(
        async (r) =>
          (
            await t
              .http()
              .get(`/api/v1/feedback-requests/${r.requestId}/report`)
              .set('Authorization', `Bearer ${answer.accessToken}`)
              .expect(200)
          ).body,
      ),
    );
    // The five leaders show the rules: Grace's 4 peers are withheld with her 1 direct report
    // (subtraction), Siobhan's 2 others give counts only.
    const grace = reports[2].dimensions[0];
    expect(grace.others.n).toBe(5);
    expect(
      grace.groups.find((g: { relationship: string }) => g.relationship === 'peer'),
    ).toMatchObject({
      suppressed: true,
      mean: null,
    });
    expect(reports[4].dimensions.every((d: { others: unknown }) => d.others === null)).toBe(true);
    expect(reports[0].highlights.blindSpots.length).toBeGreaterThan(0);

    // The unit tree and the earlier round give the collective profile something to show.
    const profile = await t
      .http()
      .get(`/api/v1/cycles/${answer.cycleId}/collective-profile?compareTo=${answer.earlierCycleId}`)
      .set('Authorization', `Bearer ${answer.accessToken}`)
      .expect(200);
    const rows = profile.body.units as {
      name: string;
      dimensions: { published: boolean; reason: string | null; change: number | null }[];
    }[];
    const byName = new Map(rows.map((r) => [r.name, r.dimensions[0]!]));
    expect(byName.get('District Nursing')).toMatchObject({ published: true });
    expect(byName.get('District Nursing')!.change).not.toBeNull();
    expect(byName.get('Community Therapies')).toMatchObject({
      published: false,
      reason: 'residue',
    });
    expect(byName.get('School Nursing')).toMatchObject({
      published: false,
      reason: 'below_threshold',
    });
    expect(answer.collectiveProfile).toContain(
      `/sign-in?next=${encodeURIComponent(`/cycles/${answer.cycleId}/collective?compareTo=${answer.earlierCycleId}`)}`,
    );

    const page = new JSDOM(await readFile(out, 'utf8')).window.document;
    expect(page.querySelector('h1')?.textContent).toContain('Amira Hassan');
    expect(page.querySelectorAll('svg[role="img"]').length).toBeGreaterThanOrEqual(5);

    // Links a person opens in a browser: sign-in first, keeping the page to land on.
    const first = answer.reports[0]!;
    expect(first.page).toBe(
      `${process.env.PUBLIC_URL}/sign-in?next=${encodeURIComponent(`/requests/${first.requestId}/report`)}`,
    );
    const signInPage = await t
      .http()
      .get(new URL(first.page).pathname + new URL(first.page).search);
    expect(signInPage.status).toBe(200);
    expect(signInPage.text).toContain(`/requests/${first.requestId}/report`);
    await t
      .http()
      .get(`/requests/${first.requestId}/report`)
      .set('Authorization', `Bearer ${answer.accessToken}`)
      .expect(200);
    expect(answer.signIn).toContain('od.team@northshire.example');

    // A second run adds nothing, says so, and gives the same links.
    const again = await runScript('src/cli.ts', ['demo', '--out', out], {
      ...process.env,
      LOG_LEVEL: undefined, // the CLI's default: warnings
    });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already seeded: nothing was added');
    const second = JSON.parse(again.stdout) as DemoAnswer;
    expect(second).toMatchObject({
      created: false,
      organisationId: answer.organisationId,
      cycleId: answer.cycleId,
      earlierCycleId: answer.earlierCycleId,
      reports: answer.reports,
      collectiveProfile: answer.collectiveProfile,
    });
    const [cycles] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM cycles WHERE organisation_id = $1`,
      [answer.organisationId],
    );
    expect(cycles!.n).toBe(2);
  });
});
