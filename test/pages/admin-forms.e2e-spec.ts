import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkPage, launchBrowser, newPage } from '../support/browser';
import { TestApp } from '../support/test-app';
import type { Organisation } from '../../src/modules/organisations/organisation.entity';
import type { Person } from '../../src/modules/organisations/person.entity';
import { SESSION_COOKIE } from '../../src/common/access/authenticated-request';

/**
 * The admin's forms when things go wrong: every missing or bad field is an error summary entry
 * linked to the field, with what was typed kept and nothing saved; the create-cycle form by
 * keyboard alone; files that are too big or not UTF-8; a confirmed action sent twice; who may
 * see the admin pages at all.
 */
describe("the admin's forms", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await TestApp.create();
    base = await t.listen();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A signed-in browser for the person (the sign-in pages are tested on their own). */
  async function signedIn(person: Person): Promise<{ page: Page; context: BrowserContext }> {
    const { page, context } = await newPage(browser, base);
    await context.addCookies([
      { name: SESSION_COOKIE, value: await t.factories.tokenFor(person), url: base },
    ]);
    return { page, context };
  }

  async function world(): Promise<{
    org: Organisation;
    admin: Person;
    page: Page;
    context: BrowserContext;
  }> {
    const { org, admin } = await t.factories.adminWorld();
    return { org, admin, ...(await signedIn(admin)) };
  }

  const summaryItems = (page: Page) =>
    page.locator('.nhsuk-error-summary').getByRole('listitem').allInnerTexts();
  const count = async (sql: string, params: unknown[]) =>
    (await t.dataSource.query<{ n: number }[]>(sql, params))[0]!.n;

  it('creates a cycle by keyboard alone, after every field has said what is wrong with it', async () => {
    const { org, page, context } = await world();
    await page.goto('/admin/cycles');
    // Fill every field wrongly, by keyboard.
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.type('   ');
    await page.keyboard.press('Tab'); // past the name to the closing date
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    expect(await focusedId()).toBe('closingDate');
    await page.keyboard.type('31/12/2020');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('frameworkId');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('threshold');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('managerDisclosed');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('reminderDays');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7, seven');
    await page.keyboard.press('Enter');
    await page.locator('.nhsuk-error-summary').waitFor();

    expect(await page.title()).toBe('Error: Cycles – Collective 360');
    expect(await summaryItems(page)).toEqual([
      'Enter a name for the cycle',
      'Closing date must be in the future (the cycle closes at 5pm that day)',
      'Anonymity threshold must be a whole number from 3 to 50: smaller groups could identify raters',
      'Reminder days must be whole numbers of days from 1 to 365, separated by commas, like 7, 2',
    ]);
    // The summary has the focus; its links lead to the fields; what was typed is still there.
    expect(
      await page.evaluate(() => document.activeElement?.closest('.nhsuk-error-summary') !== null),
    ).toBe(true);
    expect(await page.getByLabel('Anonymity threshold').inputValue()).toBe('2');
    expect(await page.getByLabel('Reminder days before closing').inputValue()).toBe('7, seven');
    expect(await page.getByLabel("Show the line manager's answers as such").isChecked()).toBe(true);
    expect(await page.locator('#threshold-error').innerText()).toContain('from 3 to 50');
    expect(await checkPage(page, 'admin-cycles-errors')).toEqual([]);
    expect(
      await count(`SELECT count(*)::int AS n FROM cycles WHERE organisation_id = $1`, [org.id]),
    ).toBe(0);

    // Follow the first link by keyboard and put everything right.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusedId()).toBe('name');
    await page.keyboard.type('Keyboard cycle');
    await page.keyboard.press('Tab');
    const next = new Date(Date.now() + 40 * 24 * 3600 * 1000);
    const [y, m, d] = next.toISOString().slice(0, 10).split('-');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`${Number(d)}/${Number(m)}/${y}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10, 3');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Create cycle',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/cycles\/[0-9a-f-]{36}$/);
    const [cycle] = await t.dataSource.query(
      `SELECT name, anonymity_threshold, manager_disclosed, reminder_days_before_close, closes_at
         FROM cycles WHERE organisation_id = $1`,
      [org.id],
    );
    expect(cycle).toMatchObject({
      name: 'Keyboard cycle',
      anonymity_threshold: 4,
      manager_disclosed: true,
      reminder_days_before_close: [10, 3],
    });
    // 5pm in London on that day.
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: 'numeric',
        hourCycle: 'h23',
      }).format(cycle.closes_at),
    ).toBe('17');
    await context.close();
  });

  it('keeps what was typed on the people and unit forms, saves nothing, and links each error to its field', async () => {
    const { org, page, context } = await world();
    const taken = await t.factories.person(org.id, {
      email: 'taken@example.nhs.uk',
      name: 'Tak En',
    });
    await page.goto('/admin/people/new');
    expect(await checkPage(page, 'admin-person-new')).toEqual([]);
    await page.getByLabel('Email address').fill('not an email');
    await page.getByLabel('Admin').check();
    await page.getByRole('button', { name: 'Add person' }).click();
    expect(await summaryItems(page)).toEqual([
      'Enter their full name',
      'Enter an email address in the right format, like name@example.nhs.uk',
    ]);
    expect(await page.getByLabel('Email address').inputValue()).toBe('not an email');
    expect(await page.getByLabel('Admin').isChecked()).toBe(true);
    expect(await checkPage(page, 'admin-person-new-errors')).toEqual([]);
    await page.locator('.nhsuk-error-summary a', { hasText: 'Enter their full name' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');

    await page.getByLabel('Full name').fill('Second Taken');
    await page.getByLabel('Email address').fill('TAKEN@example.nhs.uk');
    await page.getByRole('button', { name: 'Add person' }).click();
    expect(await summaryItems(page)).toEqual([
      'Someone in your organisation already has the email address taken@example.nhs.uk',
    ]);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Second Taken');
    expect(
      await count(`SELECT count(*)::int AS n FROM people WHERE organisation_id = $1`, [org.id]),
    ).toBe(2);

    // A manager who reports to this person would close a loop.
    const report = await t.factories.person(org.id, { name: 'Rep Ort', managerId: taken.id });
    await page.goto(`/admin/people/${taken.id}`);
    await page.getByLabel('Full name').fill('Renamed Taken');
    await page.getByLabel("Line manager's email address").fill(report.email);
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await summaryItems(page)).toEqual([
      'Rep Ort already reports, directly or through others, to Renamed Taken: choose a manager outside that line',
    ]);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Renamed Taken');
    expect(await checkPage(page, 'admin-person-errors')).toEqual([]);
    const [kept] = await t.dataSource.query(`SELECT name, manager_id FROM people WHERE id = $1`, [
      taken.id,
    ]);
    expect(kept).toEqual({ name: 'Tak En', manager_id: null });

    await page.goto('/admin/units');
    await page.getByLabel('Name').fill('Wards');
    await page.getByRole('button', { name: 'Add unit' }).click();
    await page.getByLabel('Name').fill('wards');
    await page.getByRole('button', { name: 'Add unit' }).click();
    expect(await summaryItems(page)).toEqual([
      'There is already a unit called wards: choose another name',
    ]);
    expect(await page.getByLabel('Name').inputValue()).toBe('wards');
    expect(await checkPage(page, 'admin-units-errors')).toEqual([]);
    await context.close();
  });

  it('says what is wrong with a file that is too big or not UTF-8, and imports nothing', async () => {
    const { org, page, context } = await world();
    await page.goto('/admin/people/import');
    const row = 'someone@example.nhs.uk,Some One,Wards,leader,\n';
    // A busy machine takes a while to hand Chromium 20 MB.
    page.setDefaultTimeout(60_000);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'huge.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `email,name,unit,roles,manager_email\n${row.repeat(Math.ceil((20 * 1024 * 1024) / row.length))}`,
      ),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await summaryItems(page)).toEqual([
      'The file is larger than 10 MB: split it into several files and import each',
    ]);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'latin1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([
        Buffer.from('email,name\nann@example.nhs.uk,Ann\n'),
        Buffer.from('zoe@example.nhs.uk,Zo\xeb\n', 'latin1'),
      ]),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await summaryItems(page)).toEqual([
      expect.stringMatching(/^Line 3: the file is not UTF-8 text/),
    ]);
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await summaryItems(page)).toEqual(['Select a CSV file to import']);
    expect(
      await count(`SELECT count(*)::int AS n FROM people WHERE organisation_id = $1`, [org.id]),
    ).toBe(1);
    await context.close();
  });

  it('opens a cycle once when the confirmation is sent twice, and shows the page as it is', async () => {
    const { org, page, context } = await world();
    const leader = await t.factories.person(org.id, { name: 'Lea Der', roles: ['leader'] });
    const cycle = await t.factories.cycle(org.id, { name: 'Twice' });
    await t.factories.feedbackRequest(cycle, leader);
    t.smtp.clear();
    await page.goto(`/admin/cycles/${cycle.id}/open`);
    expect(await page.locator('main').innerText()).toContain('Opening the cycle sends 1 email');
    const csrf = await page.locator('form[method="post"] input[name="_csrf"]').first().inputValue();
    await page.getByRole('button', { name: 'Open cycle' }).click();
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('Cycle opened');

    // The same form again (a second click that got through): the page as it is now.
    const again = await page.request.post(`/admin/cycles/${cycle.id}/open`, {
      form: { _csrf: csrf },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers()['location']).toBe(`/admin/cycles/${cycle.id}`);
    await page.goto(`/admin/cycles/${cycle.id}`);
    expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain(
      'The cycle is already open',
    );
    // Back to the confirmation page: it says what is so now, with nothing to press.
    await page.goto(`/admin/cycles/${cycle.id}/open`);
    expect(await page.getByRole('button', { name: 'Open cycle' }).count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('The cycle is open');
    await t.drain();
    await t.smtp.waitForCount(1);
    expect(t.smtp.to(leader.email)).toHaveLength(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM nominations WHERE cycle_id = $1`, [cycle.id]),
    ).toBe(1);
    await context.close();
  });

  it('shows a leader a 403 page and an admin of another organisation a 404 page', async () => {
    const { org } = await t.factories.adminWorld();
    const cycle = await t.factories.cycle(org.id);
    const someone = await t.factories.person(org.id, { roles: ['leader', 'coach'] });
    const asLeader = await signedIn(someone);
    for (const path of [
      '/admin/people',
      '/admin/units',
      '/admin/cycles',
      `/admin/cycles/${cycle.id}`,
      '/admin/frameworks',
    ]) {
      const response = await asLeader.page.goto(path);
      expect(response?.status()).toBe(403);
      expect(await asLeader.page.locator('h1').innerText()).toBe('You cannot see this page');
    }
    expect(await checkPage(asLeader.page, 'admin-forbidden')).toEqual([]);
    await asLeader.context.close();

    const other = await world();
    for (const path of [
      `/admin/cycles/${cycle.id}`,
      `/admin/cycles/${cycle.id}/open`,
      `/admin/people/${someone.id}`,
      '/admin/cycles/not-an-id',
    ]) {
      const response = await other.page.goto(path);
      expect(response?.status()).toBe(404);
    }
    const posted = await other.page.request.post(`/admin/cycles/${cycle.id}/open`, {
      form: { _csrf: 'x' },
      maxRedirects: 0,
    });
    expect([403, 404]).toContain(posted.status());
    expect(
      (await t.dataSource.query(`SELECT state FROM cycles WHERE id = $1`, [cycle.id]))[0].state,
    ).toBe('draft');
    await other.context.close();
  });
});
