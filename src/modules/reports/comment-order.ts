import { createHmac } from 'node:crypto';

/**
 * Orders comments by their keyed hash: stable for a report, yet unrelated to submission order,
 * so nobody can match a comment to who answered when. The key is secret, so the order cannot
 * be recomputed either.
 */
export function orderComments(comments: readonly string[], key: string): string[] {
  return comments
    .map((text) => ({ text, hash: createHmac('sha256', key).update(text).digest('hex') }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .map(({ text }) => text);
}
