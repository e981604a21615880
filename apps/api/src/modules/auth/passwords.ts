import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no native add-on): a random 16-byte salt per
 * password and the cost parameters stored with the hash, `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`
 * (base64url), so the cost can be raised later and old hashes still verify (and are re-hashed at
 * the next sign-in, see {@link needsRehash}). N = 2^15, r = 8, p = 1: 32 MiB and tens of
 * milliseconds per hash, OWASP's minimum for scrypt.
 */
export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { log2N: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const FORMAT =
  /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParams,
  length: number,
): Promise<Buffer> {
  const N = 2 ** params.log2N;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 × N × r × p bytes; node's default ceiling (32 MiB) is just too small.
    maxmem: 256 * N * params.r * params.p,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(
  password: string,
  params: ScryptParams = CURRENT_PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params, KEY_LENGTH);
  return [
    'scrypt',
    params.log2N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.log2N < 10 || params.log2N > 20 || params.r < 1 || params.p < 1) return null;
  return { params, salt: Buffer.from(m[4], 'base64url'), key: Buffer.from(m[5], 'base64url') };
}

/** Whether `password` is the one hashed in `stored` (constant-time comparison). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** A hash made with weaker parameters than today's: re-hash it when the password is next known. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return (
    !parsed ||
    parsed.params.log2N < CURRENT_PARAMS.log2N ||
    parsed.params.r < CURRENT_PARAMS.r ||
    parsed.params.p < CURRENT_PARAMS.p
  );
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * The password policy: at least 12 characters (NIST SP 800-63B's advice is length, not
 * composition rules), at most 200, and not the user's email or the part before its @.
 * Returns why a password is refused, or null.
 */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lowered = password.trim().toLowerCase();
  const address = email.toLowerCase();
  if (lowered === address || lowered === address.split('@')[0])
    return 'must not be your email address';
  return null;
}
