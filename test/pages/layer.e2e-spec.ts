import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newPage, pathOf } from '../support/browser';
import { TestApp } from '../support/test-app';

/**
 * The page layer in Chromium: sign-in through the emailed link with `next`, the layout, CSRF,
 * the 403 and 404 pages, the design system's assets, the rater's questionnaire, Swagger's
 * "Try it out" for a signed-in admin. One browser for the file.
 */
describe('the page layer, in a browser', () => {
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

  /** Signs in through the page and the emailed link; returns on the page it landed. */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.getByLabel('Work email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const mail = await t.smtp.waitForMailTo(email);
    t.smtp.clear();
    const link = /http:\/\/c360\.test\/sign-in\?token=\S+/.exec(mail.text)![0];
    await page.goto(pathOf(link));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
  }

  it('sends a signed-out page to sign-in and, through the emailed link, back to it', async () => {
    const org = await t.factories.organisation({ name: 'Northshire NHS Trust' });
    const coach = await t.factories.person(org.id, { name: 'Sam Okoro', roles: ['coach'] });
    const leader = await t.factories.person(org.id, { name: 'Priya Shah', roles: ['leader'] });
    const cycle = await t.factories.cycle(org.id, { state: 'open', name: 'Spring 360' });
    const request = await t.factories.feedbackRequest(cycle, leader, { coachId: coach.id });
    const { page, errors, context } = await newPage(browser, base);

    const wanted = `/requests/${request.id}/report`;
    await page.goto(wanted);
    expect(pathOf(page.url())).toBe(`/sign-in?next=${encodeURIComponent(wanted)}`);
    expect(await page.title()).toBe('Sign in to Collective 360 – Collective 360');
    expect(await checkPage(page, 'sign-in')).toEqual([]);

    // An error: in the summary (focused, linking to the field) and beside the field.
    await page.getByLabel('Work email address').fill('not an email');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.locator('.nhsuk-error-summary');
    expect(await summary.textContent()).toMatch(/right format/);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await checkPage(page, 'sign-in-error')).toEqual([]);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');

    await signIn(page, coach.email);
    // Landed where it was going: the report of an open cycle is not there yet, and says so.
    expect(new URL(page.url()).pathname).toBe(wanted);
    expect(await page.locator('h1').textContent()).toBe('This cannot be done');
    expect(await page.locator('main').textContent()).toMatch(
      /reports exist only once the cycle is closed/,
    );
    expect(await checkPage(page, 'report-not-yet')).toEqual([]);

    // The layout: organisation header without a logo, navigation, Sign out.
    await page.goto('/');
    expect(await page.title()).toBe('Hello, Sam Okoro – Collective 360');
    const header = page.getByRole('banner');
    expect(await header.textContent()).toContain('Northshire NHS Trust');
    expect(await header.locator('svg').count()).toBe(0);
    expect(
      await page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Home' })
        .getAttribute('aria-current'),
    ).toBe('page');
    expect(await checkPage(page, 'home-coach')).toEqual([]);

    // Another organisation's record, or a bad id: the 404 page. A record not theirs: 404 too.
    for (const path of [
      '/requests/not-a-uuid/report',
      '/requests/00000000-0000-4000-8000-000000000000/report',
      '/nowhere',
    ]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
    }
    expect(await checkPage(page, 'not-found')).toEqual([]);

    await page.goto('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(
      'You have signed out',
    );
    // Signed out for real: the browser was told to forget its cookies.
    expect((await context.cookies()).map((c) => c.name)).not.toContain('c360_session');
    await page.goto('/sign-in');
    expect(await page.locator('.nhsuk-notification-banner').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a page that says so for a page the role may not see (403), and refuses a forged POST', async () => {
    const { org, admin } = await t.factories.adminWorld();
    const leader = await t.factories.person(org.id, { name: 'Lee Leader', roles: ['leader'] });
    const { page, context, errors } = await newPage(browser, base);
    await context.addCookies([
      { name: 'c360_session', value: await t.factories.tokenFor(leader), url: base },
      { name: 'c360_csrf', value: 'a'.repeat(32), url: base },
    ]);
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    // A POST without the form's token: 403 page, nothing changed.
    const forged = await page.request.post('/sign-in/out', { form: { _csrf: 'b'.repeat(32) } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('The form has expired');
    void admin;
    expect(errors).toEqual([]);
    await context.close();
  });

  it('serves the design system from the service, cached for a year, and nothing from elsewhere', async () => {
    const { page, context } = await newPage(browser, base);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/sign-in');
    await page.waitForLoadState('networkidle');
    expect(requested.every((url) => url.startsWith(base))).toBe(true);
    const assets = requested.filter((url) => url.includes('/assets/'));
    expect(assets.some((u) => u.endsWith('nhsuk-frontend.min.css'))).toBe(true);
    expect(assets.some((u) => u.endsWith('init.js'))).toBe(true);
    for (const url of assets) {
      const res = await page.request.get(url);
      expect(res.status()).toBe(200);
      expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const css = await (await page.request.get(assets.find((u) => u.endsWith('.css'))!)).text();
    expect(css).not.toMatch(/https?:\/\//);
    // The design system's script ran (it marks the body), and the page works without it too.
    expect(
      await page.evaluate(() => document.body.classList.contains('nhsuk-frontend-supported')),
    ).toBe(true);
    await context.close();
  });

  it("lets a signed-in admin use Swagger's Try it out (the CSRF token goes in a header)", async () => {
    const { admin } = await t.factories.adminWorld();
    const { page, context } = await newPage(browser, base);
    await context.addCookies([
      { name: 'c360_session', value: await t.factories.tokenFor(admin), url: base },
      { name: 'c360_csrf', value: 'c'.repeat(32), url: base, httpOnly: true },
    ]);
    await page.goto('/docs');
    // The CSRF cookie is HttpOnly: no script of the page can read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('c360_csrf');
    await page.waitForFunction(() => 'ui' in window);
    const status = await page.evaluate(async () => {
      const ui = (
        window as unknown as {
          ui: {
            getConfigs(): {
              requestInterceptor(r: unknown): Promise<{
                url: string;
                headers: Record<string, string>;
                body: string;
              }>;
            };
          };
        }
      ).ui;
      const request = await ui.getConfigs().requestInterceptor({
        url: '/api/v1/units',
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Wards' }),
      });
      const res = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      return res.status;
    });
    expect(status).toBe(201);
    await context.close();
  });

  it("gives the rater's questionnaire a list of the behaviours with counts, without script", async () => {
    const org = await t.factories.organisation();
    const leader = await t.factories.person(org.id, { name: 'Priya Shah', roles: ['leader'] });
    const cycle = await t.factories.cycle(org.id, { state: 'open', openedAt: new Date() });
    const request = await t.factories.feedbackRequest(cycle, leader);
    const { token } = await t.factories.invitedNomination(request);
    // The page has no script at all, so what works here works with JavaScript off.
    const { page, context, errors } = await newPage(browser, base);
    await page.goto(`/r/${token}`);
    expect(await page.locator('script').count()).toBe(0);
    const contents = page.getByRole('navigation', { name: /behaviours/ });
    expect(await contents.getByRole('listitem').count()).toBe(6); // five behaviours and comments
    expect(await contents.getByRole('listitem').first().textContent()).toMatch(/0 of \d+ answered/);
    expect(await checkPage(page, 'questionnaire')).toEqual([]);

    // Answer two statements of the first behaviour, save: the list counts them.
    const first = page.locator('fieldset').first();
    await first.getByLabel('Often').check();
    await page.locator('fieldset').nth(1).getByLabel('Not observed').check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    expect(await contents.getByRole('listitem').first().textContent()).toMatch(/2 of \d+ answered/);
    await contents.getByRole('link').nth(2).click();
    expect(new URL(page.url()).hash).toMatch(/^#behaviour-/);

    await page.getByRole('button', { name: /Submit feedback/ }).click();
    expect(await page.title()).toMatch(/^Error: Feedback for Priya Shah/);
    expect(await checkPage(page, 'questionnaire-errors')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
