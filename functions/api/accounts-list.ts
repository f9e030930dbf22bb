/**
 * GET /api/v3_0/accounts — the accounts the caller can read (docs/contract/api.md §7.13): all for admins and
 * admin-readers; otherwise the own account plus, for consultants, their client accounts. An array.
 */
import { readableAccounts } from '../app/accounts.js';
import { accountJson } from '../core/accounts/serialize.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/accounts-list.js';

export const handler = routeHandler(contract, {
  handle: async (_input, { actor }, deps) => reply((await readableAccounts(deps, actor)).map(accountJson)),
});
