import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token (base64url) and the SHA-256 that is all we store of it. */
export function newSecureToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Cheap shape check before touching the database: 32 bytes in base64url is 43 characters. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
