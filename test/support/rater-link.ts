import { createHash } from 'node:crypto';
import type { CapturedMail } from './smtp-capture';

/** The rater link in an email: PUBLIC_URL/r/<43-character token>. */
const RATER_LINK = /http:\/\/c360\.test\/r\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;

/** The link token of a rater's invitation or reminder. */
export function raterToken(mail: CapturedMail): string {
  const match = RATER_LINK.exec(mail.text);
  if (!match?.[1]) throw new Error(`no rater link in: ${mail.text}`);
  return match[1];
}

/** What the nominations table keeps of a token (hex, as `encode(token_hash, 'hex')` reads it). */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
