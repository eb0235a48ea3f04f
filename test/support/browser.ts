import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Response,
} from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it with apt); CHROMIUM_PATH for another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 320, height: 800 };

/** One headless Chromium per spec file (start it in beforeAll, close it in afterAll). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A fresh context (its own cookies) on the app, and a page in it that fails the test on any
 * console error or uncaught page error (a CSP violation shows up as one).
 */
export async function newPage(
  browser: Browser,
  baseURL: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport: WIDE,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  // Fail in seconds, not at jest's timeout, when something is not on the page.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // A page answering 4xx on purpose logs "Failed to load resource"; anything else counts.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    const isDocument =
      response.request().isNavigationRequest() && response.frame() === page.mainFrame();
    if (isDocument && (response.status() < 300 || response.status() >= 400))
      documents.set(page, response);
  });
  return { context, page, errors };
}

/** The last HTML document each page received from the server, as sent (before any script). */
const documents = new WeakMap<Page, Response>();

/**
 * html-validate's recommended rules, with one setting: checkboxes share a name (`roles`), as
 * HTML forms do for a list of choices; the server reads them as a list.
 */
const htmlValidator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
});

/**
 * The design system's responsive table restates each part's role (`role="table"`, `"row"`,
 * `"cell"`…) on purpose: on a phone its CSS turns the cells into blocks, and some screen
 * readers then drop the table's meaning unless the roles are written. Elsewhere a restated role
 * is a finding.
 */
function isResponsiveTableRole(m: { ruleId: string; message: string }): boolean {
  return m.ruleId === 'no-redundant-role' && /on <(table|thead|tbody|tr|th|td)>$/.test(m.message);
}

/**
 * html-validate's findings on the HTML the server sent for the page now shown (WHATWG HTML,
 * its recommended rules), one line each. With HTML_VALIDATE_REPORT=<file>, findings are
 * appended there as JSON lines and not returned, to survey every page without stopping at one.
 */
export async function htmlProblems(page: Page): Promise<string[]> {
  const response = documents.get(page);
  if (!response) return [];
  const source = await response.text();
  const report = await htmlValidator.validateString(source);
  const lines = source.split('\n');
  const found = report.results.flatMap((result) =>
    result.messages
      .filter((m) => !isResponsiveTableRole(m))
      .map((m) => {
        const near = [lines[m.line - 2], lines[m.line - 1]]
          .map((l) => (l ?? '').trim())
          .join(' ⏎ ');
        return `html ${m.ruleId} at ${m.line}:${m.column}: ${m.message} (${m.selector ?? ''}) near «${near.slice(0, 160)}»`;
      }),
  );
  const file = process.env.HTML_VALIDATE_REPORT;
  if (!file) return found;
  const url = new URL(response.url());
  for (const line of found)
    appendFileSync(file, `${JSON.stringify({ page: url.pathname, message: line })}\n`);
  return [];
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's WCAG 2.2 AA violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe);
  if (loaded === 'undefined') await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<unknown> };
        }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return (result as AxeResult).violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Waits two frames after a resize: the header's script moves the links that no longer fit into
 * its "More" menu on the resize event, which can come after setViewportSize resolves (axe saw a
 * link overflow the header for a moment, white on the page's grey).
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/**
 * How far the page scrolls sideways (0 when it fits the viewport), once the page has settled
 * after the last resize (the header's menu moves on the resize event, see `settled`).
 */
export async function horizontalOverflow(page: Page): Promise<number> {
  await settled(page);
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * The page passes axe (WCAG 2.2 AA) and does not scroll sideways at 1280 and at 320 px wide,
 * and the HTML the server sent passes html-validate.
 * Returns what failed, so a test can `expect(await checkPage(page)).toEqual([])` and see it all.
 * With SCREENSHOTS=<dir>, also saves the page at 1280 and 375 px for a person to look at.
 */
export async function checkPage(page: Page, name?: string): Promise<string[]> {
  const problems: string[] = [];
  const original = page.viewportSize() ?? WIDE;
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    await settled(page);
    for (const v of await axeViolations(page)) problems.push(`${size.width}px: ${v}`);
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) problems.push(`${size.width}px: scrolls sideways by ${overflow}px`);
  }
  problems.push(...(await htmlProblems(page)));
  if (name && process.env.SCREENSHOTS) await screenshots(page, name);
  await page.setViewportSize(original);
  return problems;
}

async function screenshots(page: Page, name: string): Promise<void> {
  const dir = path.resolve(process.env.SCREENSHOTS!);
  mkdirSync(dir, { recursive: true });
  for (const size of [WIDE, { width: 375, height: 800 }]) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: path.join(dir, `${name}-${size.width}.png`),
      fullPage: true,
      timeout: 60_000,
    });
    // A long page shrinks to nothing when viewed whole: its first screens as well.
    await page.screenshot({
      path: path.join(dir, `${name}-${size.width}-top.png`),
      clip: { x: 0, y: 0, width: size.width, height: 1600 },
      timeout: 60_000,
    });
  }
}

/** The path and query of a link in an email, to open on the test server. */
export function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
