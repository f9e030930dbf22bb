/**
 * Authentication for handlers and the authorizer: resolving a presented token to its user, issuing
 * tokens, and `authenticate(req)` — the principal loader every protected handler calls first.
 *
 * Revocation vs. the authorizer cache: API Gateway caches the authorizer's answer for 5 minutes
 * per `Authorization` value, so a token revoked by a password reset or a deactivation would still
 * pass the gateway for up to 5 minutes. `authenticate` therefore re-reads the user (one consistent
 * GetItem) and answers 401 unless the user is still active and still has the uniquifier the token
 * was bound to. It also returns the user's current roles, so role changes apply immediately too.
 */
import type { Actor } from '../core/permissions.js';
import { checkToken, hashToken, newToken, tokenFromHeader, tokenMaxAgeMs, type TokenRejection } from '../core/auth/tokens.js';
import { tokenStore, userStore } from '../stores/index.js';
import type { User } from '../stores/ports/accounts.js';
import { UnauthorizedError } from './errors.js';
import { logger } from './logger.js';
import type { Principal, Request } from './request.js';

/** The authenticated caller: the stored user and the permission actor derived from it. */
export interface Caller {
  user: User;
  actor: Actor;
}

/** The permission actor of a user (role names). */
export function actorOf(user: User): Actor {
  return { userId: user.id, accountId: user.accountId, roles: user.roles.map((r) => r.name) };
}

/** The authorizer context principal of a user. */
export function principalOf(user: User): Principal {
  return { ...actorOf(user), roles: user.roles.map((r) => r.name), uniquifier: user.uniquifier };
}

export type TokenResolution = { user: User; rejection: null } | { user: null; rejection: TokenRejection | 'malformed' };

/** Resolves an `Authorization` header value (raw token or `Bearer <token>`) at `now`. */
export async function resolveToken(header: string | undefined | null, now: number): Promise<TokenResolution> {
  const token = tokenFromHeader(header);
  if (!token) return { user: null, rejection: 'malformed' };
  const record = await tokenStore().get(hashToken(token));
  const user = record ? await userStore().get(record.userId) : null;
  const rejection = checkToken(record, user, now);
  return rejection ? { user: null, rejection } : { user: user!, rejection: null };
}

/** Issues a token for `user` at `now`; only its hash is stored. */
export async function issueToken(user: User, now: number): Promise<string> {
  const token = newToken();
  await tokenStore().put({
    hash: hashToken(token),
    userId: user.id,
    uniquifier: user.uniquifier,
    issuedAt: now,
    expiresAt: now + tokenMaxAgeMs(),
  });
  return token;
}

/**
 * The caller of a protected endpoint: 401 (FlexMeasures' body) unless the authorizer vouched for a
 * user who is still active and whose uniquifier still matches the token's. Call it first in every
 * protected handler (before any 404/422/403 decision, per docs/contract/api.md §3.6).
 */
export async function authenticate(req: Request): Promise<Caller> {
  const principal = req.principal();
  const user = await userStore().get(principal.userId);
  if (!user || !user.active || user.uniquifier !== principal.uniquifier) {
    logger.info('Rejected a cached authorization', { userId: principal.userId, reason: !user ? 'no-user' : !user.active ? 'inactive' : 'revoked' });
    throw new UnauthorizedError();
  }
  return { user, actor: actorOf(user) };
}
