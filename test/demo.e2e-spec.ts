import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { runScript } from './support/run-script';
import { TestApp } from './support/test-app';

interface DemoAnswer {
  organisationId: string;
  cycleId: string;
  earlierCycleId: string;
  collectiveProfile: string;
  accessToken: string;
  reports: { requestId: string; leader: string; html: string }[];
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
    const result = await runScript('src/cli.ts', ['demo', '--out', out], { ...process.env });
    expect(result.stderr).not.toMatch(/The command failed/);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as DemoAnswer;
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
    expect(answer.collectiveProfile).toContain(`/cycles/${answer.cycleId}/collective?compareTo=`);

    const page = new JSDOM(await readFile(out, 'utf8')).window.document;
    expect(page.querySelector('h1')?.textContent).toContain('Amira Hassan');
    expect(page.querySelectorAll('svg[role="img"]').length).toBeGreaterThanOrEqual(5);
  });
});
