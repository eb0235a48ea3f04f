import path from 'node:path';

/** Where our templates live: one root, a folder per feature (see docs/pages.md). */
export const VIEWS_DIR = path.join(__dirname, '..', 'views');

/** nhsuk-frontend's `dist` folder: its macros are imported as "nhsuk/components/…". */
export const NHSUK_DIST_DIR = path.join(
  path.dirname(require.resolve('nhsuk-frontend/package.json')),
  'dist',
);

/** The version in the assets' URL, so that they can be cached for a year. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const NHSUK_VERSION = (require('nhsuk-frontend/package.json') as { version: string })
  .version;
export const NHSUK_ASSETS_PATH = `/assets/nhsuk-${NHSUK_VERSION}`;
