import nunjucks from 'nunjucks';
import { formatLondonDateTime } from '../common/london-time';
import { APP_ASSETS_PATH } from './assets';
import { NHSUK_ASSETS_PATH, NHSUK_DIST_DIR, VIEWS_DIR } from './asset-paths';

let environment: nunjucks.Environment | null = null;

/**
 * The one nunjucks environment: autoescape on (every `{{ value }}` is HTML-escaped unless marked
 * `| safe`), templates cached after the first render, an undefined variable is an error in
 * tests rather than an empty string on a page.
 */
export function viewEnvironment(): nunjucks.Environment {
  if (environment) return environment;
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS_DIR, NHSUK_DIST_DIR], { noCache: false }),
    { autoescape: true, trimBlocks: true, lstripBlocks: true, throwOnUndefined: false },
  );
  env.addGlobal('assetPath', NHSUK_ASSETS_PATH);
  env.addGlobal('appAssetPath', APP_ASSETS_PATH);
  env.addFilter('londonDateTime', (value: Date | string) =>
    formatLondonDateTime(value instanceof Date ? value : new Date(value)),
  );
  env.addFilter('plural', (n: number, one: string, many: string) => (n === 1 ? one : many));
  environment = env;
  return env;
}

/** Renders a view to a string: pure, for controllers through PageRenderer and for unit tests. */
export function renderView(view: string, context: Record<string, unknown>): string {
  return viewEnvironment().render(view, context);
}

/** Trusted markup (our own SVG charts, built by the escaping `html` helper) for `{{ x }}`. */
export function trusted(markup: string | { toString(): string }): unknown {
  return new nunjucks.runtime.SafeString(String(markup));
}
