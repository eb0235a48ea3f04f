import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newPage, pathOf } from '../support/browser';
import { raterToken } from '../support/rater-link';
import { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const HEADER = 'email,name,unit,roles,manager_email';

/**
 * An admin runs a whole cycle in Chromium, from an empty organisation to released reports:
 * imports people (a broken file first), creates a cycle, enrols a unit's leaders, opens it,
 * watches the invitations go (one rejected with 550 and retried), reminds, closes, releases;
 * the leader then reads their report. Every admin page passes axe and fits 320 px.
 */
describe('an admin runs a cycle in the browser', () => {
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

  const SIGN_IN_LINK = /http:\/\/c360\.test\/sign-in\?[^\s"<>]+/;

  /** Signs in through the emailed link, as a person would, from the sign-in page it is on. */
  async function signIn(page: Page, email: string): Promise<void> {
    if (new URL(page.url()).pathname !== '/sign-in') await page.goto('/sign-in');
    const before = t.smtp.to(email).length;
    await page.getByLabel('Work email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.locator('h1', { hasText: 'Check your email' }).waitFor();
    await waitFor(
      () =>
        t.smtp
          .to(email)
          .slice(before)
          .some((m) => SIGN_IN_LINK.test(m.text)),
      {
        what: `a sign-in link for ${email}`,
      },
    );
    const mail = t.smtp
      .to(email)
      .slice(before)
      .find((m) => SIGN_IN_LINK.test(m.text))!;
    await page.goto(pathOf(SIGN_IN_LINK.exec(mail.text)![0]));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
  }

  const banner = (page: Page) => page.locator('.nhsuk-notification-banner');
  const heading = (page: Page) => page.locator('h1').innerText();
  async function reloadUntil(page: Page, what: string, holds: () => Promise<boolean>) {
    await waitFor(
      async () => {
        await page.reload();
        return holds();
      },
      { what, timeoutMs: 30_000, intervalMs: 300 },
    );
  }

  it('takes an empty organisation to released reports, and the leader reads theirs', async () => {
    const org = await t.factories.organisation({ name: 'Northshire NHS Trust' });
    const admin = await t.factories.person(org.id, {
      name: 'Ada Admin',
      email: 'ada@northshire.example',
      roles: ['admin'],
    });
    const people = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM people WHERE organisation_id = $1`,
          [org.id],
        )
      )[0]!.n;
    const { page, errors } = await newPage(browser, base);
    await signIn(page, admin.email);

    // People: empty, then a broken file that changes nothing and lists every error by line.
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'People' })
      .click();
    expect(await heading(page)).toBe('People');
    expect(await checkPage(page, 'admin-people-empty')).toEqual([]);
    await page.getByRole('link', { name: 'Import people' }).click();
    expect(await heading(page)).toBe('Import people');
    expect(await checkPage(page, 'admin-import')).toEqual([]);
    const broken = [
      HEADER,
      'priya@northshire.example,Priya Shah,Wards,leader,ada@northshire.example',
      'not-an-email,Nobody,Wards,leader,',
      'sam@northshire.example,Sam Okoro,,coach;boss,',
      'lee@northshire.example,"=HYPERLINK(""http://x.example"")",Wards,leader,',
    ].join('\n');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(broken),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await page.title()).toBe('Error: Import people – Collective 360');
    const summary = page.locator('.nhsuk-error-summary');
    expect(await summary.getByRole('listitem').allInnerTexts()).toEqual([
      'Line 3: email "not-an-email" is not an email address',
      'Line 4: role "boss" is not one of admin, coach, leader (separate several roles with ";")',
      expect.stringMatching(/^Line 5: name "=HYPERLINK.*" starts with "=", which a spreadsheet/),
    ]);
    expect(await page.locator('#file-error').innerText()).toContain(
      'people.csv has 3 errors: nobody was added or changed',
    );
    expect(await people()).toBe(1);
    expect(await checkPage(page, 'admin-import-errors')).toEqual([]);

    const good = [
      HEADER,
      'priya@northshire.example,Priya Shah,Wards,leader,ada@northshire.example',
      'lee@northshire.example,Lee Leader,Wards,leader,priya@northshire.example',
      'kim@northshire.example,Kim Khan,Wards,leader,priya@northshire.example',
      'tom@northshire.example,Tom Theatre,Theatres,leader,',
      'sam@northshire.example,Sam Okoro,,coach,',
    ].join('\r\n');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)]),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/people');
    expect(await banner(page).innerText()).toContain('People imported');
    expect(await banner(page).innerText()).toContain('5 people added, 0 updated, 2 new units');
    expect(await people()).toBe(6);
    expect(await checkPage(page, 'admin-people')).toEqual([]);

    await page.getByLabel('Search').fill('okoro');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await page.getByRole('link', { name: 'Sam Okoro' }).click();
    expect(await heading(page)).toContain('Sam Okoro');
    expect(await checkPage(page, 'admin-person')).toEqual([]);
    await page.getByLabel("Line manager's email address").fill('priya@northshire.example');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await banner(page).innerText()).toContain('Changes saved');
    expect(await page.getByLabel("Line manager's email address").inputValue()).toBe(
      'priya@northshire.example',
    );

    // Units: the tree as imported, and one added under Wards.
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Units' })
      .click();
    await page.getByLabel('Name').fill('Ward 7');
    await page.getByLabel('Parent unit').selectOption({ label: 'Wards' });
    await page.getByRole('button', { name: 'Add unit' }).click();
    expect(await banner(page).innerText()).toContain('Ward 7 added');
    expect(await page.locator('.app-unit-tree .app-unit-tree').innerText()).toContain('Ward 7');
    expect(await checkPage(page, 'admin-units')).toEqual([]);

    // Frameworks: what raters will be asked.
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Frameworks' })
      .click();
    expect(await checkPage(page, 'admin-frameworks')).toEqual([]);
    await page.locator('tbody a').first().click();
    expect(await page.locator('h2', { hasText: 'Behaviours and statements' }).count()).toBe(1);
    expect(await checkPage(page, 'admin-framework')).toEqual([]);

    // A cycle: created, the Wards leaders enrolled, and Tom with Sam as his coach.
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Cycles' })
      .click();
    expect(await checkPage(page, 'admin-cycles-empty')).toEqual([]);
    const closing = new Date(Date.now() + 21 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('Name', { exact: true }).fill('Spring 360');
    await page.getByLabel('Closing date').fill(closing);
    await page.getByRole('button', { name: 'Create cycle' }).click();
    expect(await banner(page).innerText()).toContain('Cycle created');
    expect(await heading(page)).toContain('Spring 360');
    const cycleUrl = new URL(page.url()).pathname;
    const cycleId = cycleUrl.split('/').pop()!;
    expect(await checkPage(page, 'admin-cycle-draft')).toEqual([]);

    await page.getByLabel('Unit', { exact: true }).selectOption({ label: 'Wards' });
    await page.getByRole('button', { name: 'Enrol every leader in this unit' }).click();
    expect(await banner(page).innerText()).toContain('3 leaders of Wards enrolled');
    await page
      .getByLabel('Leader', { exact: true })
      .selectOption({ label: 'Tom Theatre (tom@northshire.example)' });
    await page
      .getByLabel('Coach', { exact: true })
      .selectOption({ label: 'Sam Okoro (sam@northshire.example)' });
    await page.getByRole('button', { name: 'Enrol leader' }).click();
    expect(await banner(page).innerText()).toContain('Tom Theatre enrolled');
    const leaders = page.locator('#leaders ~ table tbody tr');
    expect(await page.locator('table', { hasText: 'Tom Theatre' }).innerText()).toContain(
      'Sam Okoro',
    );

    // Leaders choose raters (through the API here: their pages are tested with them).
    const requests = await t.dataSource.query<{ id: string; email: string }[]>(
      `SELECT fr.id, p.email FROM feedback_requests fr JOIN people p ON p.id = fr.leader_id WHERE fr.cycle_id = $1`,
      [cycleId],
    );
    expect(requests).toHaveLength(4);
    void leaders;
    const bearer = { Authorization: `Bearer ${await t.factories.tokenFor(admin)}` };
    const priyaRequest = requests.find((r) => r.email === 'priya@northshire.example')!.id;
    const raters = ['r1', 'r2', 'r3', 'bounce'].map((n) => `${n}@northshire.example`);
    await t
      .http()
      .post(`/api/v1/feedback-requests/${priyaRequest}/nominations`)
      .set(bearer)
      .send({
        raters: raters.map((email, i) => ({ email, name: `Rater ${i + 1}`, relationship: 'peer' })),
      })
      .expect(201);

    // Open: the confirmation page counts the emails (4 raters + 4 self-assessments).
    t.smtp.clear();
    t.smtp.failRecipients((address) =>
      address === 'bounce@northshire.example'
        ? { code: 550, message: '5.1.1 No such mailbox here' }
        : null,
    );
    await page.getByRole('button', { name: 'Open cycle' }).click();
    expect(await heading(page)).toBe('Open Spring 360');
    expect(await page.locator('main').innerText()).toContain('Opening the cycle sends 8 emails');
    expect(await checkPage(page, 'admin-confirm-open')).toEqual([]);
    await page.getByRole('button', { name: 'Open cycle' }).click();
    expect(await banner(page).innerText()).toContain('Cycle opened');

    const deliveries = page.locator('#deliveries ~ dl').first();
    await reloadUntil(page, 'seven sent and one failed', async () => {
      const text = await deliveries.innerText();
      return /Sent\s+7/.test(text) && /Failed\s+1/.test(text);
    });
    const failed = page.locator('table', { hasText: 'Failed deliveries' });
    expect(await failed.innerText()).toContain('bounce@northshire.example');
    expect(await failed.innerText()).toMatch(/550/);
    expect(await checkPage(page, 'admin-cycle-open')).toEqual([]);

    t.smtp.failRecipients(() => null);
    await page.getByRole('button', { name: 'Retry failed deliveries' }).click();
    expect(await banner(page).innerText()).toContain('1 email sent again');
    await t.smtp.waitForMailTo('bounce@northshire.example');
    await reloadUntil(page, 'every invitation sent', async () =>
      /Sent\s+8/.test(await deliveries.innerText()),
    );
    expect(await page.locator('table', { hasText: 'Failed deliveries' }).count()).toBe(0);

    // Three peers and Priya herself answer.
    for (const email of ['r1', 'r2', 'r3']
      .map((n) => `${n}@northshire.example`)
      .concat('priya@northshire.example')) {
      const token = raterToken(t.smtp.to(email)[0]!);
      const questionnaire = await t.http().get(`/api/v1/responses/${token}`).expect(200);
      const keys = (questionnaire.body.dimensions as { items: { key: string }[] }[]).flatMap((d) =>
        d.items.map((i) => i.key),
      );
      await t
        .http()
        .post(`/api/v1/responses/${token}`)
        .send({ answers: Object.fromEntries(keys.map((k, i) => [k, (i % 5) + 1])), comments: {} })
        .expect(201);
    }
    await page.reload();
    expect(await page.locator('main').innerText()).toContain('4 of 8 answered');

    // Reminders: to the 4 who have not answered; the same form sent again sends nothing.
    t.smtp.clear();
    await page.getByRole('button', { name: 'Send reminders' }).click();
    expect(await page.locator('main').innerText()).toContain('Sending reminders sends 4 emails');
    expect(await checkPage(page, 'admin-confirm-remind')).toEqual([]);
    await page.getByRole('button', { name: 'Send reminders' }).click();
    expect(await banner(page).innerText()).toContain('4 raters will get a reminder');
    await page.goBack();
    await page.getByRole('button', { name: 'Send reminders' }).click();
    expect(await banner(page).innerText()).toContain('Reminders were already sent');
    await t.smtp.waitForCount(4);
    await t.drain();
    expect(t.smtp.messages).toHaveLength(4);

    // Close, wait for the reports, release.
    await page.getByRole('button', { name: 'Close cycle' }).click();
    expect(await page.locator('main').innerText()).toContain('Closing the cycle sends no emails');
    expect(await checkPage(page, 'admin-confirm-close')).toEqual([]);
    await page.getByRole('button', { name: 'Close cycle' }).click();
    expect(await banner(page).innerText()).toContain('Cycle closed');
    const release = page.getByRole('button', { name: 'Release reports' });
    if ((await release.count()) === 0) {
      expect(await page.locator('main').innerText()).toContain('The reports are being prepared');
      expect(await checkPage(page, 'admin-cycle-preparing')).toEqual([]);
    }
    await reloadUntil(page, 'the reports to be ready', async () => (await release.count()) === 1);
    await release.click();
    expect(await page.locator('main').innerText()).toContain(
      'Releasing the reports sends 5 emails',
    );
    expect(await checkPage(page, 'admin-confirm-release')).toEqual([]);
    t.smtp.clear();
    await page.getByRole('button', { name: 'Release reports' }).click();
    expect(await banner(page).innerText()).toContain('Reports released');
    expect(await page.getByRole('link', { name: 'Collective profile' }).getAttribute('href')).toBe(
      `/cycles/${cycleId}/collective`,
    );
    expect(await page.getByRole('link', { name: /Report/ }).count()).toBe(4);
    expect(await checkPage(page, 'admin-cycle-released')).toEqual([]);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Cycles' })
      .click();
    expect(await checkPage(page, 'admin-cycles')).toEqual([]);
    // A form with errors answers 400, which Chromium logs; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);

    // The leader follows the emailed link to her report, through sign-in.
    const ready = await t.smtp.waitForMailTo('priya@northshire.example');
    const reportLink = /http:\/\/c360\.test\/reports\/[0-9a-f-]{36}/.exec(ready.text)?.[0];
    expect(reportLink).toBeDefined();
    const leader = await newPage(browser, base);
    await leader.page.goto(pathOf(reportLink!));
    expect(new URL(leader.page.url()).pathname).toBe('/sign-in');
    await signIn(leader.page, 'priya@northshire.example');
    expect(new URL(leader.page.url()).pathname).toBe(`/requests/${priyaRequest}/report`);
    expect(await leader.page.locator('h1').innerText()).toMatch(/Priya|your/i);
    expect(await leader.page.getByRole('link', { name: 'Download CSV' }).count()).toBe(1);
    await leader.context.close();
  }, 300_000);
});
