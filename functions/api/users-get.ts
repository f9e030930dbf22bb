/**
 * GET /api/v3_0/users/<id> — one user (docs/contract/api.md §7.14). Order: 401 → 404 → read (members of the
 * user's account, admins, admin-readers; consultants are refused, as in FlexMeasures) → 403.
 */
import { userJson } from '../core/accounts/serialize.js';
import { canUser } from '../core/permissions.js';
import { loadAccount, loadUser } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const user = await loadUser(req.pathInt('id'));
  const account = await loadAccount(user.accountId);
  if (!canUser(actor, { id: user.id, account }, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read user ${user.id}`);
  return reply(userJson(user));
});
