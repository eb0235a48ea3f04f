import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';

// Envelope encryption of answers, in plain functions over node:crypto (AES-256-GCM). A random
// data key per cycle seals the answers; the key-encryption key from the environment wraps the data
// key. Rotating the key-encryption key re-wraps data keys and leaves every ciphertext as it is.

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Ciphertexts start with their format's version, so that a later format can be told apart. */
const VERSION = 'v1:';

/** A ciphertext that does not open: wrong key, wrong context (AAD), or altered (GCM tag). */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

/** A key as given, or made once into a KeyObject: a cipher is made faster from a KeyObject. */
export type CipherKey = Buffer | KeyObject;

export function keyObject(key: Buffer): KeyObject {
  return createSecretKey(key);
}

/**
 * Random IVs drawn from a pool filled by the CSPRNG a thousand at a time: one call per IV costs
 * more than the rest of a seal (the submit seals twice per request). Each IV is used once.
 */
const ivPool = Buffer.alloc(IV_BYTES * 1024);
let ivOffset = ivPool.length;
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

/** `v1:` + base64(iv ‖ tag ‖ ciphertext), authenticated with `aad` (what the text belongs to). */
export function seal(key: CipherKey, plaintext: string, aad: string): string {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The plaintext, or EnvelopeError when the key, the AAD or a single bit differs. */
export function open(key: CipherKey, sealed: string, aad: string): string {
  if (!isSealed(sealed)) throw new EnvelopeError('Not a sealed value');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new EnvelopeError('Sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new EnvelopeError('Sealed value does not open with this key (wrong key or altered)');
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(VERSION);
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Names a key-encryption key without revealing it: which one wrapped a data key. */
export function keyId(kek: Buffer): string {
  return createHmac('sha256', kek).update('collective-360 key id').digest('hex').slice(0, 16);
}

/** A data key wrapped by a key-encryption key, as stored beside its cycle. */
export interface WrappedKey {
  keyId: string;
  wrapped: string;
}

/** The wrapped key is bound to its cycle: moved to another cycle's row it does not open. */
export function wrapDataKey(kek: Buffer, dataKey: Buffer, cycleId: string): WrappedKey {
  return { keyId: keyId(kek), wrapped: seal(kek, dataKey.toString('base64'), `key:${cycleId}`) };
}

/** Unwraps with whichever of `keks` wrapped it (the current key, or the previous during rotation). */
export function unwrapDataKey(keks: readonly Buffer[], key: WrappedKey, cycleId: string): Buffer {
  const kek = keks.find((k) => safeEqual(keyId(k), key.keyId));
  if (!kek) throw new EnvelopeError(`No key-encryption key given matches key id ${key.keyId}`);
  const dataKey = Buffer.from(open(kek, key.wrapped, `key:${cycleId}`), 'base64');
  if (dataKey.length !== KEY_BYTES) throw new EnvelopeError('Unwrapped data key has a bad length');
  return dataKey;
}

/**
 * The same data key wrapped by `to`; null when `to` wrapped it already. The data key, and so every
 * ciphertext sealed with it, stays the same.
 */
export function rewrapDataKey(
  keks: readonly Buffer[],
  to: Buffer,
  key: WrappedKey,
  cycleId: string,
): WrappedKey | null {
  if (key.keyId === keyId(to)) return null;
  return wrapDataKey(to, unwrapDataKey(keks, key, cycleId), cycleId);
}

/**
 * A draft's key, derived from the rater's link token by HKDF-SHA256. The database keeps only
 * SHA-256(token), a different derivation, so it cannot derive this key.
 */
export function draftKey(token: string): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(token, 'utf8'),
      Buffer.from('collective-360 draft', 'utf8'),
      Buffer.from('v1', 'utf8'),
      KEY_BYTES,
    ),
  );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
