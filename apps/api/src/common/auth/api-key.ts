import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i];
    if (b < Math.floor(256 / alphabet.length) * alphabet.length)
      out += alphabet[b % alphabet.length];
  }
  return out.length === length ? out : randomString(alphabet, length);
}

/** An API key: `ol_<prefix>_<secret>`. The prefix finds the row; only a hash of the key is stored. */
export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

export const API_KEY_PATTERN = /^ol_([a-z0-9]{12})_([A-Za-z0-9]{32})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): GeneratedKey {
  const prefix = randomString(LOWER, 12);
  const key = `ol_${prefix}_${randomString(ALPHANUM, 32)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** Splits a presented key; null when it is not shaped like one of ours. */
export function parseApiKey(key: string): { prefix: string } | null {
  const m = API_KEY_PATTERN.exec(key);
  return m ? { prefix: m[1] } : null;
}

/** Constant-time comparison of the presented key with the stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
