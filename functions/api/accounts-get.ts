/** GET /api/v3_0/accounts/<id> — one account (docs/contract/api.md §7.13). Order: 401 → 404 → read (403). */
import { accountJson } from '../core/accounts/serialize.js';
import { canAccount } from '../core/permissions.js';
import { loadAccount } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const account = await loadAccount(req.pathInt('id'));
  if (!canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${account.id}`);
  return reply(accountJson(account));
});
