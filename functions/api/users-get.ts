/**
 * GET /api/v3_0/users/<id> — one user (docs/contract/api.md §7.14). Order: 401 → 404 → read (members of the
 * user's account, admins, admin-readers; consultants are refused, as in FlexMeasures) → 403.
 */
import { getUser } from '../app/users.js';
import { userJson } from '../core/accounts/serialize.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/users-get.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply(userJson(await getUser(deps, actor, req.pathInt('id')))),
});
