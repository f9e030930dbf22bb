/**
 * GET /api/v3_0/accounts — the accounts the caller can read (docs/contract/api.md §7.13): all for admins and
 * admin-readers; otherwise the own account plus, for consultants, their client accounts. An array.
 */
import { accountJson } from '../core/accounts/serialize.js';
import { readableAccounts } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { endpoint, reply } from '../http/handler.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const accounts = await readableAccounts(actor);
  return reply(accounts.map(accountJson));
});
