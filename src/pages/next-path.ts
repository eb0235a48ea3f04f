/** Longest `next` kept; anything longer lands on the home page. */
const MAX_NEXT = 1000;
const BASE = 'http://next.invalid';

/**
 * Where to go after sign-in: a path on this site only. Anything else (another host, `//host`,
 * `/\host`, a scheme, control characters, not a string) gives `/`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_NEXT) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = `${url.pathname}${url.search}`;
  // The sign-in pages themselves are no destination.
  if (path === '/sign-in' || path.startsWith('/sign-in?') || path.startsWith('/sign-in/'))
    return '/';
  return path;
}

/** `/sign-in?next=…` for a page, or plain `/sign-in` for the home page. */
export function signInPathFor(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}
