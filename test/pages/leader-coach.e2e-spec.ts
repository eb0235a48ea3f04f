import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkPage, launchBrowser, newPage, pathOf } from '../support/browser';
import { raterToken } from '../support/rater-link';
import { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import type { Person } from '../../src/modules/organisations/person.entity';
import type { Cycle } from '../../src/modules/cycles/cycle.entity';
import type { FeedbackRequest } from '../../src/modules/cycles/feedback-request.entity';

/**
 * A leader and a coach do their whole job in Chromium: sign in through the emailed
 * link, choose raters, follow progress, answer the self-assessment, read the report.
 * One browser and one world for the file; the tests run in order, as the cycle moves on.
 */
describe('leaders and coaches, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: Person;
  let adminAuth: { Authorization: string };
  let leader: Person;
  let otherLeader: Person;
  let coach: Person;
  let cycle: Cycle;
  let request: FeedbackRequest;
  let otherRequest: FeedbackRequest;
  let leaderSession: { context: BrowserContext; page: Page; errors: string[] };

  beforeAll(async () => {
    t = await TestApp.create();
    base = await t.listen();
    browser = await launchBrowser();
    const world = await t.factories.adminWorld();
    admin = world.admin;
    adminAuth = world.auth;
    leader = await t.factories.person(world.org.id, {
      name: 'Priya Shah',
      email: 'priya.shah@northshire.example',
      roles: ['leader'],
    });
    otherLeader = await t.factories.person(world.org.id, { name: 'Lee Ward', roles: ['leader'] });
    coach = await t.factories.person(world.org.id, { name: 'Sam Okoro', roles: ['coach'] });
    const framework = await t.factories.framework(world.org.id);
    cycle = await t.factories.cycle(world.org.id, {
      name: 'Spring 360',
      frameworkId: framework.id,
      anonymityThreshold: 3,
    });
    request = await t.factories.feedbackRequest(cycle, leader, { coachId: coach.id });
    otherRequest = await t.factories.feedbackRequest(cycle, otherLeader, { coachId: coach.id });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const ratersTable = (page: Page) => page.locator('table.app-raters tbody');
  const oneForm = (page: Page) => page.locator(`form[action="/requests/${request.id}/raters"]`);
  const severalForm = (page: Page) =>
    page.locator(`form[action="/requests/${request.id}/raters/several"]`);
  const bannerText = (page: Page) => page.locator('.nhsuk-notification-banner').textContent();

  it('signs the leader in through the emailed link with next, onto "Choose your raters"', async () => {
    leaderSession = await newPage(browser, base);
    const { page } = leaderSession;
    const raters = `/requests/${request.id}/raters`;
    await page.goto(raters);
    expect(pathOf(page.url())).toBe(`/sign-in?next=${encodeURIComponent(raters)}`);
    await page.getByLabel('Work email address').fill(leader.email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const mail = await t.smtp.waitForMailTo(leader.email);
    const link = /http:\/\/c360\.test\/sign-in\?token=\S+/.exec(mail.text)![0];
    expect(link).toContain(`next=${encodeURIComponent(raters)}`);
    await page.goto(pathOf(link));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(raters);
    expect(await page.title()).toBe('Choose your raters – Collective 360');
    expect(await page.locator('main').textContent()).toMatch(/at least 3 people in it answer/);
    expect(await checkPage(page, 'raters-empty')).toEqual([]);
  });

  it('adds a rater, and several at once', async () => {
    const { page } = leaderSession;
    await page.getByLabel('Full name').fill('Alex Smith');
    await page.getByLabel('Email address', { exact: true }).fill('Alex.Smith@northshire.example');
    await oneForm(page).getByLabel('Peer').check();
    await page.getByRole('button', { name: 'Add rater', exact: true }).click();
    expect(await bannerText(page)).toMatch(/Alex Smith added/);
    expect(await ratersTable(page).textContent()).toMatch(
      /Alex Smith\s*alex\.smith@northshire\.example\s*Peer/,
    );

    await page
      .getByLabel('Raters', { exact: true })
      .fill(
        'Bea Jones <bea@northshire.example>\ncal.king@northshire.example\n\n"Dee Day" <dee@northshire.example>',
      );
    await severalForm(page).getByLabel('Peer').check();
    await page.getByRole('button', { name: 'Add raters' }).click();
    expect(await bannerText(page)).toMatch(/3 raters added/);
    const rows = await ratersTable(page).locator('tr').allTextContents();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim().split(' Remove')[0])).toEqual([
      'Alex Smith alex.smith@northshire.example Peer',
      'Bea Jones bea@northshire.example Peer',
      'Cal King cal.king@northshire.example Peer',
      'Dee Day dee@northshire.example Peer',
    ]);
    expect(await checkPage(page, 'raters-added')).toEqual([]);
  });

  it('shows each kind of error in the summary and beside its field, adding nobody and keeping what was typed', async () => {
    const { page } = leaderSession;
    const count = async () => ratersTable(page).locator('tr').count();
    const before = await count();
    const summary = () => page.locator('.nhsuk-error-summary').textContent();

    // Nothing filled in: every field.
    await page.getByRole('button', { name: 'Add rater', exact: true }).click();
    expect(await page.title()).toBe('Error: Choose your raters – Collective 360');
    expect(await summary()).toMatch(
      /Enter their full name[\s\S]*Enter their email address[\s\S]*Select how they work with you/,
    );
    expect(await page.locator('#name-error').textContent()).toMatch(/Enter their full name/);
    expect(await checkPage(page, 'raters-errors')).toEqual([]);

    // A bad email: named, the typed values kept.
    await page.getByLabel('Full name').fill('Eve <b>Evans</b>');
    await page.getByLabel('Email address', { exact: true }).fill('eve@');
    await oneForm(page).getByLabel('Direct report').check();
    await page.getByRole('button', { name: 'Add rater', exact: true }).click();
    expect(await summary()).toMatch(/right format/);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Eve <b>Evans</b>');
    expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe('eve@');
    expect(await oneForm(page).getByLabel('Direct report').isChecked()).toBe(true);

    // A duplicate, and the leader's own address.
    await page.getByLabel('Email address', { exact: true }).fill('bea@northshire.example');
    await page.getByRole('button', { name: 'Add rater', exact: true }).click();
    expect(await summary()).toMatch(/Already nominated for this leader: bea@northshire\.example/);
    await page.getByLabel('Email address', { exact: true }).fill(leader.email);
    await page.getByRole('button', { name: 'Add rater', exact: true }).click();
    expect(await summary()).toMatch(/your own email address/);

    // Several: one bad line names its line and adds nobody; the text stays.
    const typed =
      'Fay Fox <fay@northshire.example>\nnot-an-email\nGus Gray <gus@northshire.example>';
    await page.getByLabel('Raters', { exact: true }).fill(typed);
    await severalForm(page).getByLabel('Other colleague').check();
    await page.getByRole('button', { name: 'Add raters' }).click();
    expect(await summary()).toMatch(/Line 2 \(“not-an-email”\)/);
    expect(await page.getByLabel('Raters', { exact: true }).inputValue()).toBe(typed);
    // Several: one already nominated refuses them all.
    await page
      .getByLabel('Raters', { exact: true })
      .fill('Fay Fox <fay@northshire.example>\nalex.smith@northshire.example');
    await page.getByRole('button', { name: 'Add raters' }).click();
    expect(await summary()).toMatch(/Already nominated/);
    expect(await checkPage(page, 'raters-several-error')).toEqual([]);

    await page.goto(`/requests/${request.id}/raters`);
    expect(await count()).toBe(before);
  });

  it('removes a rater while the cycle is a draft, and warns of a group below k', async () => {
    const { page } = leaderSession;
    await page.getByRole('button', { name: 'Remove Cal King' }).click();
    expect(await bannerText(page)).toMatch(/Cal King removed/);
    expect(await ratersTable(page).textContent()).not.toContain('Cal King');
    expect(await page.locator('.nhsuk-card--warning').count()).toBe(0); // three peers
    await page.getByLabel('Full name').fill('Zoë Ñúñez');
    await page.getByLabel('Email address', { exact: true }).fill('zoe@northshire.example');
    await oneForm(page).getByLabel('Direct report').check();
    await page.getByRole('button', { name: 'Add rater', exact: true }).click();
    expect(await page.locator('.nhsuk-card--warning').textContent()).toMatch(
      /Direct reports: 1 of at least 3/,
    );
  });

  it('adds a rater with the keyboard alone: Tab, Space and Enter', async () => {
    const { page } = leaderSession;
    await page.goto(`/requests/${request.id}/raters`);
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    for (let i = 0; i < 60 && (await focusedId()) !== 'name'; i++) await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('name');
    await page.keyboard.type('Kit Keys');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kit@northshire.example');
    await page.keyboard.press('Tab'); // the first radio, "Line manager"
    await page.keyboard.press('ArrowDown'); // "Peer"
    await page.keyboard.press('Space');
    expect(await oneForm(page).getByLabel('Peer').isChecked()).toBe(true);
    await page.keyboard.press('Tab'); // "Add rater"
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Add rater',
    );
    await page.keyboard.press('Enter');
    await page.locator('.nhsuk-notification-banner').waitFor();
    expect(await bannerText(page)).toMatch(/Kit Keys added/);
  });

  it('shows the coach both coachees before any report, with answers as "N of M"', async () => {
    await t.http().post(`/api/v1/cycles/${cycle.id}/open`).set(adminAuth).expect(200);
    await t.drain();
    const { page, context } = await newPage(browser, base);
    await context.addCookies([
      { name: 'c360_session', value: await t.factories.tokenFor(coach), url: base },
    ]);
    await page.goto('/');
    const coachees = page.locator('table.app-coachees');
    expect(await page.getByRole('heading', { name: 'Your coachees' }).count()).toBe(1);
    expect(await coachees.locator(`tr[data-request="${request.id}"]`).textContent()).toMatch(
      /Priya Shah[\s\S]*Spring 360[\s\S]*0 of 5[\s\S]*Not yet/,
    );
    expect(await coachees.locator(`tr[data-request="${otherRequest.id}"]`).textContent()).toMatch(
      /Lee Ward[\s\S]*0 of 0/,
    );
    expect(await checkPage(page, 'home-coach')).toEqual([]);
    await context.close();
  });

  it('shows the leader progress change after a rater answers, while the list of raters stays the same', async () => {
    const { page } = leaderSession;
    await page.goto(`/requests/${request.id}/raters`);
    const listBefore = await ratersTable(page).textContent();
    expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0); // open: no removing
    await page.goto(`/requests/${request.id}`);
    expect(await page.title()).toBe('Feedback for Priya Shah: Spring 360 – Collective 360');
    const peers = page.locator('tr[data-relationship="peer"]');
    expect((await peers.textContent())!.replace(/\s+/g, ' ').trim()).toBe('Peers 4 0 0');
    expect(await checkPage(page, 'request-open')).toEqual([]);

    const token = raterToken(await t.smtp.waitForMailTo('bea@northshire.example'));
    const q = await t.http().get(`/api/v1/responses/${token}`).expect(200);
    const answers = Object.fromEntries(
      (q.body.dimensions as { items: { key: string }[] }[]).flatMap((d) =>
        d.items.map((i) => [i.key, 4]),
      ),
    );
    await t.http().post(`/api/v1/responses/${token}`).send({ answers }).expect(201);
    const declined = raterToken(await t.smtp.waitForMailTo('dee@northshire.example'));
    await t.http().post(`/api/v1/responses/${declined}/decline`).send({}).expect(204);

    await page.reload();
    expect((await peers.textContent())!.replace(/\s+/g, ' ').trim()).toBe('Peers 4 1 1');
    expect(await page.locator('main').textContent()).not.toMatch(/Bea|Dee/);
    await page.goto(`/requests/${request.id}/raters`);
    expect(await ratersTable(page).textContent()).toBe(listBefore);
  });

  it('lets the leader answer their self-assessment from the request page with a fresh link', async () => {
    const { page } = leaderSession;
    const emailed = raterToken(
      await t.smtp.waitForMailTo(leader.email.toLowerCase(), 20_000).then(() => {
        const mails = t.smtp.to(leader.email).filter((m) => /\/r\//.test(m.text));
        return mails[mails.length - 1]!;
      }),
    );
    await page.goto(`/requests/${request.id}`);
    await page.getByRole('button', { name: 'Answer your self-assessment' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/r\/[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('h1').textContent()).toBe('Your self-assessment');
    await t.http().get(`/r/${emailed}`).expect(404); // the emailed link was replaced
  });

  it('lets the coach read a report after close, worded by name, with a CSV', async () => {
    await t.http().post(`/api/v1/cycles/${cycle.id}/close`).set(adminAuth).expect(200);
    await waitFor(
      async () =>
        (await t.http().get(`/api/v1/cycles/${cycle.id}`).set(adminAuth)).body.reportsReady ===
        true,
      { what: 'reports to be ready' },
    );
    const { page, context, errors } = await newPage(browser, base);
    await context.addCookies([
      { name: 'c360_session', value: await t.factories.tokenFor(coach), url: base },
    ]);
    await page.goto('/');
    const row = page.locator(`table.app-coachees tr[data-request="${request.id}"]`);
    await row.getByRole('link', { name: /Report/ }).click();
    expect(new URL(page.url()).pathname).toBe(`/requests/${request.id}/report`);
    expect(await page.locator('h1').textContent()).toBe('360° feedback report: Priya Shah');
    expect(await page.locator('main').textContent()).not.toMatch(/\byour own rating\b/);
    expect(await page.locator('.how-to-read').textContent()).toMatch(/Priya Shah’s own rating/);
    const csv = await page.request.get(
      (await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')) as string,
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect(await checkPage(page, 'report-coach')).toEqual([]);
    // At 320 px the charts' text stays legible (at least 10 px high on screen).
    await page.setViewportSize({ width: 320, height: 800 });
    const smallest = await page.evaluate(() =>
      Math.min(
        ...[...document.querySelectorAll('svg.dot-plot text')]
          .filter((el) => (el as SVGGraphicsElement).getBoundingClientRect().width > 0)
          .map((el) => (el as SVGGraphicsElement).getBoundingClientRect().height),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(10);
    expect(errors).toEqual([]);
    void admin;
    await context.close();
  });
});
