import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newPage } from '../support/browser';
import { TestApp } from '../support/test-app';
import { SESSION_COOKIE } from '../../src/common/access/authenticated-request';

/**
 * Coach access on the units page: an admin grants a coach a unit's collective profile, sees it
 * listed under the unit, and removes it; a refusal of the rules (not a coach, granted already) is
 * an entry in the error summary, never an error page; removing twice changes nothing twice.
 */
describe('coach access on the units page', () => {
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

  const summaryItems = (page: Page) =>
    page.locator('.nhsuk-error-summary').getByRole('listitem').allInnerTexts();
  const banner = (page: Page) => page.locator('.nhsuk-notification-banner');
  const grantsOf = async (unitId: string) =>
    (
      await t.dataSource.query<{ person_id: string }[]>(
        `SELECT person_id FROM coach_grants WHERE unit_id = $1`,
        [unitId],
      )
    ).map((r) => r.person_id);

  it('grants a coach a unit, lists it under the unit, and removes it', async () => {
    const f = t.factories;
    const { org, admin } = await f.adminWorld();
    const medicine = await f.unit(org.id, { name: 'Medicine' });
    const ward = await f.unit(org.id, { name: 'Ward A', parentId: medicine.id });
    const coach = await f.person(org.id, { name: 'Cora Coach', roles: ['coach'] });
    const { page, context, errors } = await newPage(browser, base);
    await context.addCookies([{ name: SESSION_COOKIE, value: await f.tokenFor(admin), url: base }]);

    await page.goto('/admin/units');
    expect(await checkPage(page, 'admin-units-grant')).toEqual([]);
    // Nothing chosen: each select says what it needs.
    await page.getByRole('button', { name: 'Grant access' }).click();
    expect(await summaryItems(page)).toEqual([
      'Select the unit whose collective profile the coach may read',
      'Select the coach to grant access to',
    ]);
    expect(await checkPage(page, 'admin-units-grant-errors')).toEqual([]);

    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '– Ward A' });
    await page.getByLabel('Coach', { exact: true }).selectOption(coach.id);
    await page.getByRole('button', { name: 'Grant access' }).click();
    expect(await banner(page).innerText()).toContain(
      "Cora Coach can read Ward A's collective profile",
    );
    const wardItem = page.locator('.app-unit-tree li', { hasText: 'Ward A' }).first();
    expect(await wardItem.innerText()).toContain('Cora Coach');
    expect(await grantsOf(ward.id)).toEqual([coach.id]);
    expect(await checkPage(page, 'admin-units-granted')).toEqual([]);

    // The same grant again: the summary says so, nothing is added.
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: '– Ward A' });
    await page.getByLabel('Coach', { exact: true }).selectOption(coach.id);
    await page.getByRole('button', { name: 'Grant access' }).click();
    expect(await summaryItems(page)).toEqual([
      "Cora Coach can already read Ward A's collective profile",
    ]);
    expect(await page.getByLabel('Coach', { exact: true }).inputValue()).toBe(coach.id);
    expect(await grantsOf(ward.id)).toEqual([coach.id]);

    // Remove it; the same form sent again (Back, resubmit) changes nothing and says so.
    await page.goto('/admin/units');
    const remove = page.getByRole('button', { name: 'Remove access of Cora Coach to Ward A' });
    const removeForm = await remove.evaluate((b) => (b as HTMLButtonElement).form!.outerHTML);
    await remove.click();
    expect(await banner(page).innerText()).toContain(
      "Cora Coach can no longer read Ward A's collective profile",
    );
    expect(await grantsOf(ward.id)).toEqual([]);
    expect(await page.getByRole('button', { name: /Remove access/ }).count()).toBe(0);
    const answered = page.waitForResponse((r) => r.request().method() === 'GET');
    await page.evaluate((markup) => {
      document.body.insertAdjacentHTML('beforeend', markup);
      (document.body.lastElementChild as HTMLFormElement).submit();
    }, removeForm);
    await answered;
    await page.waitForLoadState();
    expect(await banner(page).innerText()).toContain('Cora Coach had no access to Ward A');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a person who lost the Coach role as an error in the summary, not an error page', async () => {
    const f = t.factories;
    const { org, admin } = await f.adminWorld();
    await f.unit(org.id, { name: 'Surgery' });
    const coach = await f.person(org.id, { name: 'Lee Former', roles: ['coach'] });
    const { page, context } = await newPage(browser, base);
    await context.addCookies([{ name: SESSION_COOKIE, value: await f.tokenFor(admin), url: base }]);
    await page.goto('/admin/units');
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: 'Surgery' });
    await page.getByLabel('Coach', { exact: true }).selectOption(coach.id);
    // Meanwhile someone takes the role away.
    await t.dataSource.query(`UPDATE people SET roles = '{leader}' WHERE id = $1`, [coach.id]);
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Grant access' }).click();
    expect((await response).status()).toBe(400);
    expect(await summaryItems(page)).toEqual([
      'Only a person with the coach role can be granted a collective profile: give them the coach role first',
    ]);
    await context.close();
  });
});
