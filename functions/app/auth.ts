/**
 * Authentication use cases: resolving a presented token to its user, issuing tokens, authenticating
 * a request's caller, and exchanging e-mail and password for a token (POST /api/requestAuthToken).
 *
 * A token authenticates only while it is known and unexpired and its user is still active and still
 * has the uniquifier the token was bound to: a password reset or a deactivation revokes it at once,
 * and the caller's current roles apply to the very next request. Resolving costs two consistent
 * reads (the token record, then the user).
 */
import type { Actor } from '../core/permissions.js';
import { verifyPassword } from '../core/auth/passwords.js';
import { checkToken, hashToken, newToken, tokenFromHeader, type TokenRejection } from '../core/auth/tokens.js';
import { MALFORMED_JSON_MESSAGE, MalformedJsonError, ResponseError, UnauthorizedError, ValidationError } from '../core/errors.js';
import { jsonTooDeepMessage } from '../core/limits.js';
import type { Ports } from '../core/ports/index.js';
import type { User } from '../core/ports/accounts.js';

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
export async function resolveToken(deps: Pick<Ports, 'tokens' | 'users'>, header: string | undefined | null, now: number): Promise<TokenResolution> {
  const token = tokenFromHeader(header);
  if (!token) return { user: null, rejection: 'malformed' };
  const record = await deps.tokens.get(hashToken(token));
  const user = record ? await deps.users.get(record.userId) : null;
  const rejection = checkToken(record, user, now);
  return rejection ? { user: null, rejection } : { user: user!, rejection: null };
}

/** Issues a token for `user` at `now`, valid for the deployment's token lifetime; only its hash is stored. */
export async function issueToken(deps: Pick<Ports, 'tokens' | 'settings'>, user: User, now: number): Promise<string> {
  const token = newToken();
  await deps.tokens.put({
    hash: hashToken(token),
    userId: user.id,
    uniquifier: user.uniquifier,
    issuedAt: now,
    expiresAt: now + deps.settings.tokenMaxAgeMs,
  });
  return token;
}

/**
 * The caller presenting `header` (the request's `Authorization` value), now: FlexMeasures' 401
 * unless the token is accepted (the reason is logged, never returned). Refreshes the user's
 * `last_seen_at` at most once a minute.
 */
export async function authenticate(deps: Pick<Ports, 'tokens' | 'users' | 'clock' | 'log'>, header: string | undefined | null): Promise<Caller> {
  const at = deps.clock();
  const resolved = await resolveToken(deps, header, at);
  if (!resolved.user) {
    deps.log.info('Token not accepted', { reason: resolved.rejection });
    throw new UnauthorizedError();
  }
  await recordSeen(deps, resolved.user, at);
  return { user: resolved.user, actor: actorOf(resolved.user) };
}

/** Writes `last_seen_at` unless the user was seen at most SEEN_INTERVAL_MS ago; never fails the request. */
async function recordSeen(deps: Pick<Ports, 'users' | 'log'>, user: User, at: number): Promise<void> {
  if (user.lastSeenAt !== null && at - user.lastSeenAt <= SEEN_INTERVAL_MS) return;
  try {
    await deps.users.recordSeen(user.id, at, SEEN_INTERVAL_MS);
  } catch (err) {
    deps.log.warn('Could not record last_seen_at', err as Error);
  }
}

/**
 * A refused token request, in that endpoint's own shape `{"errors": [<message>], "status": <code>}`
 * (the official client reads `errors`).
 */
export class TokenRequestError extends ResponseError {
  constructor(status: number, message: string) {
    super(status, { errors: [message], status });
  }
}

/** What a token request presents: whether it is labelled JSON, its body (parsed on demand), its `Authorization`. */
export interface TokenRequest {
  isJson: boolean;
  /** The parsed JSON body; throws MalformedJsonError or a depth ValidationError as the request's parser does. */
  body: () => unknown;
  authorization: string | undefined;
}

/** Python's `str()` of the e-mail value, as FlexMeasures formats it into the 404 message. */
function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

/** The body's fields (400 in the endpoint's shape when it is not JSON at all). */
function credentialFields(request: TokenRequest): Record<string, unknown> {
  if (!request.isJson) throw new TokenRequestError(400, 'Content-type of request must be application/json');
  let body: unknown;
  try {
    body = request.body();
  } catch (err) {
    if (err instanceof MalformedJsonError) throw new TokenRequestError(400, MALFORMED_JSON_MESSAGE);
    if (err instanceof ValidationError) throw new TokenRequestError(400, jsonTooDeepMessage());
    throw err;
  }
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * Exchanges e-mail and password for a new token. Checks in FlexMeasures' order: JSON content type
 * (400) → `email` present (400) → user exists (404) → `password` present (400) → password matches
 * (401); each refusal is a TokenRequestError. A valid token of the same user in `Authorization`
 * stands in for the password (FlexMeasures' "already logged in" rule); a stale or invalid one is
 * ignored. Unlike FlexMeasures, an inactive user gets no token (401 "Account is disabled.", checked
 * after the password so it tells nothing to someone without it). Records the log-in.
 */
export async function requestAuthToken(deps: Ports, request: TokenRequest): Promise<{ token: string; userId: number }> {
  const fields = credentialFields(request);
  if (!('email' in fields)) throw new TokenRequestError(400, "Please provide the 'email' parameter.");
  const email = fields.email;
  const at = deps.clock();

  let user: User | null;
  const presented = request.authorization ? await resolveToken(deps, request.authorization, at) : null;
  if (presented?.user && typeof email === 'string' && presented.user.email === email) {
    user = presented.user;
  } else {
    user = typeof email === 'string' ? await deps.users.getByEmail(email) : null;
    if (!user) throw new TokenRequestError(404, `User with email '${pyStr(email)}' does not exist`);
    if (!('password' in fields)) throw new TokenRequestError(400, "Please provide the 'password' parameter.");
    const password = fields.password;
    if (typeof password !== 'string' || !(await verifyPassword(password, user.passwordHash))) {
      throw new TokenRequestError(401, 'User password does not match.');
    }
  }
  if (!user.active) throw new TokenRequestError(401, 'Account is disabled.');

  const token = await issueToken(deps, user, at);
  await deps.users.recordLogin(user.id, at);
  return { token, userId: user.id };
}
