/**
 * Authentication tokens: 32 random bytes (base64url, 43 characters) handed to the client once;
 * only their SHA-256 is stored. A token is valid until it expires (TOKEN_MAX_AGE_SECONDS, default
 * 21600 s = FlexMeasures' SECURITY_TOKEN_MAX_AGE) and only while its user is active and still has
 * the uniquifier the token was bound to at issue time.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokenRecord, User } from '../ports/accounts.js';

export const DEFAULT_TOKEN_MAX_AGE_SECONDS = 21_600;

/** Token lifetime in ms from `TOKEN_MAX_AGE_SECONDS` of an environment (functions/lambda/config.ts reads it once). */
export function tokenMaxAgeMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.TOKEN_MAX_AGE_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_TOKEN_MAX_AGE_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`TOKEN_MAX_AGE_SECONDS must be a positive integer, got ${raw}`);
  return seconds * 1000;
}

/** A new random token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The token in an `Authorization` header value: the raw token (FlexMeasures clients) or
 * `Bearer <token>`. Null for an empty or implausible value (tokens are base64url, ≤ 512 characters).
 */
export function tokenFromHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  let value = header.trim();
  if (/^bearer$/i.test(value)) return null;
  const bearer = /^bearer\s+/i.exec(value);
  if (bearer) value = value.slice(bearer[0].length).trim();
  if (!value || value.length > 512 || !/^[A-Za-z0-9._~+/=-]+$/.test(value)) return null;
  return value;
}

/** Why a presented token does not authenticate anyone (for logs only; the client always gets the same 401). */
export type TokenRejection = 'unknown' | 'expired' | 'no-user' | 'inactive' | 'revoked';

/** Decides whether a stored token authenticates its user at `now`. */
export function checkToken(record: TokenRecord | null, user: User | null, now: number): TokenRejection | null {
  if (!record) return 'unknown';
  if (now >= record.expiresAt) return 'expired';
  if (!user) return 'no-user';
  if (!user.active) return 'inactive';
  if (user.uniquifier !== record.uniquifier) return 'revoked';
  return null;
}
