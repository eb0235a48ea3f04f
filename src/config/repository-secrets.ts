/**
 * Every secret value written in this repository: development defaults, and the fixed tokens of
 * tests. Anyone can read them, so with NODE_ENV=production the service refuses any of them as a
 * secret. `repository-secrets.spec.ts` scans every tracked file and fails when a secret-looking
 * value is written anywhere without being listed here, so a new default cannot slip past.
 */

/** Signs sessions in development and tests only. */
export const DEV_JWT_SECRET = 'development-only-secret-change-me-in-production';
/** 32 bytes, base64: seals answers in development and tests only. */
export const DEV_ANSWERS_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1hbnN3ZXJzLWtleS0zMmI=';

export const REPOSITORY_SECRETS: readonly string[] = [
  DEV_JWT_SECRET,
  DEV_ANSWERS_KEY,
  // Until this list existed, the compose file gave JWT_SECRET this default.
  'compose-only-secret-change-me-0123456789abcdef',
  // Fixed secrets of tests: scrape tokens of the metrics tests, a session test's other secret.
  'scrape-token-0123456789-abcdefghijklmnop',
  'worker-scrape-token-0123456789abcdefghij',
  'another-secret-entirely-0123456789',
];

/** The variables that hold secrets, checked against the list in production. */
export const SECRET_VARIABLES = [
  'JWT_SECRET',
  'ANSWERS_KEY',
  'ANSWERS_KEY_PREVIOUS',
  'METRICS_TOKEN',
] as const;

/** A value the repository contains: the same text, or the same key bytes written otherwise. */
export function isRepositorySecret(value: string): boolean {
  const given = value.trim();
  return REPOSITORY_SECRETS.some((known) => known === given || sameBase64Bytes(known, given));
}

function sameBase64Bytes(a: string, b: string): boolean {
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(a) || !base64.test(b)) return false;
  const x = Buffer.from(a, 'base64');
  return x.length >= 16 && x.equals(Buffer.from(b, 'base64'));
}
