import { safeNextPath, signInPathFor } from './next-path';

describe('safeNextPath', () => {
  it.each([
    ['/requests/abc/report', '/requests/abc/report'],
    ['/requests/abc/raters?x=1&y=2', '/requests/abc/raters?x=1&y=2'],
    ['/a/../b', '/b'],
  ])('keeps a path on this site: %s', (next, kept) => {
    expect(safeNextPath(next)).toBe(kept);
  });

  it.each([
    'https://evil.example/',
    'http:/evil.example',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'requests/abc',
    '/x\u0000y',
    '/x\ny',
    '/sign-in',
    '/sign-in?token=abc',
    '',
    `/${'a'.repeat(1001)}`,
  ])('sends anything else to the home page: %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('takes only strings', () => {
    expect(safeNextPath(['/a'])).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
    expect(safeNextPath({ toString: () => '/a' })).toBe('/');
  });
});

describe('signInPathFor', () => {
  it('carries the page as next, and nothing for the home page', () => {
    expect(signInPathFor('/requests/a b/report?q=1')).toBe(
      '/sign-in?next=%2Frequests%2Fa%2520b%2Freport%3Fq%3D1',
    );
    expect(signInPathFor('/')).toBe('/sign-in');
  });
});
