import { createHash, randomBytes } from 'node:crypto';
import {
  draftKey,
  EnvelopeError,
  keyId,
  newDataKey,
  open,
  rewrapDataKey,
  seal,
  unwrapDataKey,
  wrapDataKey,
} from './envelope';

const CYCLE = '7d0c8a4e-3a7b-4f43-9a55-0c4b1a7f2e10';
const OTHER_CYCLE = '1f3e5d7c-9b2a-4c6e-8f10-2a3b4c5d6e7f';

describe('envelope encryption', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const key = newDataKey();
    const text = JSON.stringify({ keeps_promises: 4, comment: 'Always listens — ✓' });
    const a = seal(key, text, CYCLE);
    const b = seal(key, text, CYCLE);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toEqual(b);
    expect(a).not.toContain('listens');
    expect(open(key, a, CYCLE)).toBe(text);
    expect(open(key, b, CYCLE)).toBe(text);
  });

  it('refuses a wrong key', () => {
    const sealed = seal(newDataKey(), 'secret', CYCLE);
    expect(() => open(newDataKey(), sealed, CYCLE)).toThrow(EnvelopeError);
  });

  it('refuses a ciphertext moved to another cycle (the cycle id is the AAD)', () => {
    const key = newDataKey();
    expect(() => open(key, seal(key, 'secret', CYCLE), OTHER_CYCLE)).toThrow(EnvelopeError);
  });

  it('refuses a ciphertext with any one bit flipped (the GCM tag)', () => {
    const key = newDataKey();
    const sealed = seal(key, 'a comment long enough to flip bits in', CYCLE);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (let byte = 0; byte < raw.length; byte += 5) {
      const tampered = Buffer.from(raw);
      tampered[byte] = tampered[byte]! ^ 0x01;
      expect(() => open(key, `v1:${tampered.toString('base64')}`, CYCLE)).toThrow(EnvelopeError);
    }
  });

  it('refuses text that is not a sealed value, and a truncated one', () => {
    const key = newDataKey();
    expect(() => open(key, '{"a":1}', CYCLE)).toThrow(EnvelopeError);
    expect(() => open(key, 'v1:AAAA', CYCLE)).toThrow(EnvelopeError);
  });

  it('wraps a data key under the key-encryption key, bound to its cycle', () => {
    const kek = randomBytes(32);
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(kek, dataKey, CYCLE);
    expect(wrapped.keyId).toBe(keyId(kek));
    expect(wrapped.wrapped).not.toContain(dataKey.toString('base64'));
    expect(unwrapDataKey([kek], wrapped, CYCLE).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey([kek], wrapped, OTHER_CYCLE)).toThrow(EnvelopeError);
    expect(() => unwrapDataKey([randomBytes(32)], wrapped, CYCLE)).toThrow(EnvelopeError);
  });

  it('rotates by re-wrapping the data key: every ciphertext stays byte for byte and still opens', () => {
    const oldKek = randomBytes(32);
    const newKek = randomBytes(32);
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(oldKek, dataKey, CYCLE);
    const ciphertexts = ['one', 'two', 'three'].map((t) => seal(dataKey, t, CYCLE));
    const stored = [...ciphertexts];

    const rewrapped = rewrapDataKey([newKek, oldKek], newKek, wrapped, CYCLE)!;
    expect(rewrapped.keyId).toBe(keyId(newKek));
    expect(rewrapped.wrapped).not.toBe(wrapped.wrapped);
    // Only the new key is needed from now on; the ciphertexts were never touched.
    const unwrapped = unwrapDataKey([newKek], rewrapped, CYCLE);
    expect(ciphertexts).toEqual(stored);
    expect(ciphertexts.map((c) => open(unwrapped, c, CYCLE))).toEqual(['one', 'two', 'three']);
    // Already under the new key: nothing to do; the old key alone no longer opens it.
    expect(rewrapDataKey([newKek], newKek, rewrapped, CYCLE)).toBeNull();
    expect(() => unwrapDataKey([oldKek], rewrapped, CYCLE)).toThrow(EnvelopeError);
  });

  it('derives a draft key from the link token, unlike the SHA-256 the database keeps', () => {
    const token = randomBytes(32).toString('base64url');
    expect(draftKey(token).equals(draftKey(token))).toBe(true);
    expect(draftKey(token).equals(draftKey(randomBytes(32).toString('base64url')))).toBe(false);
    expect(draftKey(token).equals(createHash('sha256').update(token).digest())).toBe(false);
  });
});
