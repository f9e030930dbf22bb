/**
 * Authentication, done once per request inside the route's function (there is no gateway-level
 * authorizer, see docs/decisions/0141-authentication-in-the-function.md): resolving a presented
 * token to its user, issuing tokens, and `authenticate(req)` — what every protected handler calls
 * first.
 *
 * `authenticate` reads the token record and then the user (two consistent GetItems) and answers
 * FlexMeasures' 401 unless the token is known and unexpired and its user is still active and still
 * has the uniquifier the token was bound to. A password reset or a deactivation therefore revokes
 * a token at once, and the caller's current roles apply to the very next request.
 */
import type { Actor } from '../core/permissions.js';
import { checkToken, hashToken, newToken, tokenFromHeader, tokenMaxAgeMs, type TokenRejection } from '../core/auth/tokens.js';
import type { Ports } from '../core/ports/index.js';
import { ports as realPorts } from '../stores/index.js';
import type { User } from '../core/ports/accounts.js';
import { UnauthorizedError } from '../core/errors.js';
import type { Request } from './request.js';

/**
 * How often a user's `last_seen_at` is written at most. Checked against the user just read, so a
 * user seen within the interval costs no write at all; the store's conditional update keeps
 * concurrent requests from writing it twice.
 */
export const SEEN_INTERVAL_MS = 60_000;

/** The authenticated caller: the stored user and the permission actor derived from it. */
export interface Caller {
  user: User;
  actor: Actor;
}

/** The permission actor of a user (role names). */
export function actorOf(user: User): Actor {
  return { userId: user.id, accountId: user.accountId, roles: user.roles.map((r) => r.name) };
}

export type TokenResolution = { user: User; rejection: null } | { user: null; rejection: TokenRejection | 'malformed' };

/** Resolves an `Authorization` header value (raw token or `Bearer <token>`) at `now`. */
export function resolveToken(header: string | undefined | null, now: number, deps: Pick<Ports, 'tokens' | 'users'> = realPorts()): Promise<TokenResolution> {
  return resolveTokenWith(header, now, deps);
}

async function resolveTokenWith(header: string | undefined | null, now: number, deps: Pick<Ports, 'tokens' | 'users'>): Promise<TokenResolution> {
  const token = tokenFromHeader(header);
  if (!token) return { user: null, rejection: 'malformed' };
  const record = await deps.tokens.get(hashToken(token));
  const user = record ? await deps.users.get(record.userId) : null;
  const rejection = checkToken(record, user, now);
  return rejection ? { user: null, rejection } : { user: user!, rejection: null };
}

/** Issues a token for `user` at `now`; only its hash is stored. */
export async function issueToken(user: User, now: number, deps: Pick<Ports, 'tokens'> = realPorts()): Promise<string> {
  const token = newToken();
  await deps.tokens.put({
    hash: hashToken(token),
    userId: user.id,
    uniquifier: user.uniquifier,
    issuedAt: now,
    expiresAt: now + tokenMaxAgeMs(),
  });
  return token;
}

/**
 * The caller of a protected endpoint, from the request's `Authorization` header (raw token or
 * `Bearer <token>`): FlexMeasures' 401 body when the header is missing or the token is not
 * accepted. The request pipeline (functions/http/handler.ts) calls it first on every protected route
 * (before any 404/422/403 decision, per docs/contract/api.md §3.6). Refreshes the user's `last_seen_at` at most once a minute.
 */
export function authenticate(req: Request, deps: Ports = realPorts()): Promise<Caller> {
  return authenticateWith(req, deps);
}

/**
 * `authenticate` with the ports given, as the request pipeline calls it: unlike `authenticate`,
 * it does not reach the full set of real ports, so a route's bundle holds only its own adapters.
 */
export async function authenticateWith(req: Request, deps: Ports): Promise<Caller> {
  const at = deps.clock();
  const resolved = await resolveTokenWith(req.headers.authorization, at, deps);
  if (!resolved.user) {
    deps.log.info('Token not accepted', { reason: resolved.rejection });
    throw new UnauthorizedError();
  }
  await recordSeen(resolved.user, at, deps);
  return { user: resolved.user, actor: actorOf(resolved.user) };
}

/** Writes `last_seen_at` unless the user was seen at most SEEN_INTERVAL_MS ago; never fails the request. */
async function recordSeen(user: User, at: number, deps: Ports): Promise<void> {
  if (user.lastSeenAt !== null && at - user.lastSeenAt <= SEEN_INTERVAL_MS) return;
  try {
    await deps.users.recordSeen(user.id, at, SEEN_INTERVAL_MS);
  } catch (err) {
    deps.log.warn('Could not record last_seen_at', err as Error);
  }
}
