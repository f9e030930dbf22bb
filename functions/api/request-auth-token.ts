/**
 * POST /api/requestAuthToken — exchange e-mail and password for a token (docs/contract/api.md §5.2; errors
 * as `{"errors": [...]}` with the numeric status, which the official client relies on).
 *
 * Checks in FlexMeasures' order: JSON content type (400) → `email` present (400) → user exists
 * (404) → `password` present (400) → password matches (401). The route is public: a stale or
 * invalid `Authorization` header is ignored; a valid token of the same user stands in for the
 * password (FlexMeasures' "already logged in" rule). Deviations (docs/contract/api.md §10.2): no token for inactive users
 * (decision 0010: 401 "Account is disabled.", after the password check so it reveals nothing to
 * someone without the password), and malformed JSON is a 400, not a 500 (decision 0016).
 */
import { verifyPassword } from '../core/auth/passwords.js';
import { issueToken, resolveToken } from '../http/auth.js';
import { now } from '../lambda/clock.js';
import { INTERNAL_ERROR_MESSAGE, MALFORMED_JSON_MESSAGE, MalformedJsonError, ValidationError } from '../core/errors.js';
import { jsonTooDeepMessage } from '../core/limits.js';
import { endpoint, isTransientServiceError, reply, type Reply } from '../http/handler.js';
import { logger } from '../lambda/logger.js';
import type { Request } from '../http/request.js';
import { userStore } from '../stores/index.js';
import type { User } from '../core/ports/accounts.js';

const errors = (status: number, message: string): Reply => reply({ errors: [message] }, status);

/** Python's `str()` of the e-mail value, as FlexMeasures formats it into the 404 message. */
function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

async function requestAuthToken(req: Request): Promise<Reply> {
  if (!req.isJson) return errors(400, 'Content-type of request must be application/json');
  let body: unknown;
  try {
    body = req.json();
  } catch (err) {
    if (err instanceof MalformedJsonError) return errors(400, MALFORMED_JSON_MESSAGE);
    if (err instanceof ValidationError) return errors(400, jsonTooDeepMessage());
    throw err;
  }
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (!('email' in fields)) return errors(400, "Please provide the 'email' parameter.");
  const email = fields.email;
  const at = now();

  let user: User | null = null;
  const presented = req.headers.authorization ? await resolveToken(req.headers.authorization, at) : null;
  if (presented?.user && typeof email === 'string' && presented.user.email === email) {
    user = presented.user;
  } else {
    user = typeof email === 'string' ? await userStore().getByEmail(email) : null;
    if (!user) return errors(404, `User with email '${pyStr(email)}' does not exist`);
    if (!('password' in fields)) return errors(400, "Please provide the 'password' parameter.");
    const password = fields.password;
    if (typeof password !== 'string' || !(await verifyPassword(password, user.passwordHash))) {
      return errors(401, 'User password does not match.');
    }
  }
  if (!user.active) return errors(401, 'Account is disabled.');

  const token = await issueToken(user, at);
  await userStore().recordLogin(user.id, at);
  return reply({ auth_token: token, user_id: user.id });
}

export const handler = endpoint(async (req) => {
  try {
    return await requestAuthToken(req);
  } catch (err) {
    // A store that is over capacity: the usual 503 with Retry-After.
    if (isTransientServiceError(err)) throw err;
    // FlexMeasures answers any other failure in the same `errors` shape; the detail is only logged.
    logger.error('requestAuthToken failed', err as Error);
    return errors(500, INTERNAL_ERROR_MESSAGE);
  }
});
