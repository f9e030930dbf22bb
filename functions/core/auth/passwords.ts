/**
 * Password hashing with scrypt (memory-hard, node:crypto): a random 16-byte salt per hash, the cost
 * parameters stored in the hash so they can be raised later without invalidating old hashes, and a
 * constant-time comparison.
 *
 * Stored form: `scrypt$<log2 N>$<r>$<p>$<salt, base64>$<key, base64>`.
 *
 * Cost: `SCRYPT_LOG_N` (default 15, i.e. N = 32768, r = 8, p = 1: 32 MiB and ≈ 50–100 ms per hash,
 * OWASP's recommended minimum is N = 2^17 with r = 8 for high-value systems; raise it where Lambda
 * memory allows). Tests set `SCRYPT_LOG_N` low (e.g. 4) so fixture worlds are built in milliseconds;
 * hashes made with a low cost still verify with their own parameters, so never seed production
 * users from a test process.
 */
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** The cost new hashes get: `SCRYPT_LOG_N` (1–20), r = 8, p = 1. */
export function defaultScryptCost(env: Readonly<Record<string, string | undefined>>): ScryptCost {
  const raw = env.SCRYPT_LOG_N;
  const logN = raw === undefined || raw === '' ? 15 : Number(raw);
  if (!Number.isInteger(logN) || logN < 1 || logN > 20) throw new Error(`SCRYPT_LOG_N must be an integer from 1 to 20, got ${raw}`);
  return { logN, r: 8, p: 1 };
}

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes a password for storage. */
export async function hashPassword(password: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches a stored hash (false for anything that is not a well-formed hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_LENGTH || salt.length === 0) return false;
  const actual = await scrypt(password, salt, { logN, r, p });
  return timingSafeEqual(actual, expected);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A random password of letters (FlexMeasures' password reset sets 24 random letters). */
export function randomLetters(length = 24): string {
  let out = '';
  for (let i = 0; i < length; i++) out += LETTERS[randomInt(LETTERS.length)];
  return out;
}

/** A random password for humans to copy: 20 characters from an unambiguous alphabet (≈ 110 bits). */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
