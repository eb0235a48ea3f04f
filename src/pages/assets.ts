import express, { Router } from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NHSUK_ASSETS_PATH, NHSUK_DIST_DIR, VIEWS_DIR } from './asset-paths';

const YEAR_S = 365 * 24 * 3600;
const IMMUTABLE = `public, max-age=${YEAR_S}, immutable`;

/**
 * nhsuk-frontend's stylesheet as we serve it: its icons under our versioned path, and without
 * its @font-face rules, which load the NHS's licensed Frutiger from assets.nhs.uk (a CDN, and a
 * font for NHS England's services): the design system's own fallback, Arial, is used instead.
 */
export function nhsukCss(): string {
  const css = readFileSync(path.join(NHSUK_DIST_DIR, 'nhsuk', 'nhsuk-frontend.min.css'), 'utf8');
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '')
    .replace(/url\(\/assets\/images\//g, `url(${NHSUK_ASSETS_PATH}/images/`);
}

/** Our own additions to the design system, and the script that starts its components. */
function ownAssets(): { css: string; js: string; version: string } {
  const css = readFileSync(path.join(VIEWS_DIR, 'app.css'), 'utf8');
  // Enhancement only: every page works without it (the header's "More" menu, focusing the error
  // summary, character counts).
  const js = `import { initAll } from '${NHSUK_ASSETS_PATH}/nhsuk-frontend.min.js';
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
`;
  const version = createHash('sha256').update(css).update(js).digest('hex').slice(0, 12);
  return { css, js, version };
}

const own = ownAssets();

/** Both stylesheets as one, for a page saved as a file (the demo's sample report). */
export function standaloneCss(): string {
  return `${nhsukCss()}\n${own.css}`;
}

/** Where the layout links our stylesheet and script from (the URL changes with their content). */
export const APP_ASSETS_PATH = `/assets/c360-${own.version}`;

/**
 * Serves the design system's CSS, JS and images and our own, from this service (never a CDN),
 * each under a URL that changes with its content, so browsers may keep them for a year.
 */
export function assetsRouter(): Router {
  const router = Router();
  const css = nhsukCss();
  const send = (type: string, body: string) => (_req: express.Request, res: express.Response) => {
    res.setHeader('Cache-Control', IMMUTABLE);
    res.type(type).send(body);
  };
  router.get(`${NHSUK_ASSETS_PATH}/nhsuk-frontend.min.css`, send('css', css));
  router.get(
    `${NHSUK_ASSETS_PATH}/nhsuk-frontend.min.js`,
    send(
      'js',
      readFileSync(path.join(NHSUK_DIST_DIR, 'nhsuk', 'nhsuk-frontend.min.js'), 'utf8').replace(
        /\/\/# sourceMappingURL=\S+/g,
        '',
      ),
    ),
  );
  router.use(
    `${NHSUK_ASSETS_PATH}/images`,
    express.static(path.join(NHSUK_DIST_DIR, 'nhsuk', 'assets', 'images'), {
      maxAge: YEAR_S * 1000,
      immutable: true,
      index: false,
      redirect: false,
    }),
  );
  router.get(`${APP_ASSETS_PATH}/app.css`, send('css', own.css));
  router.get(`${APP_ASSETS_PATH}/init.js`, send('js', own.js));
  return router;
}
