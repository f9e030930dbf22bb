/** GET /api/v3_0/accounts/<id> — one account (docs/contract/api.md §7.13). Order: 401 → 404 → read (403). */
import { getAccount } from '../app/accounts.js';
import { accountJson } from '../core/accounts/serialize.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/accounts-get.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply(accountJson(await getAccount(deps, actor, req.pathInt('id')))),
});
