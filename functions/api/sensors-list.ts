/**
 * GET /api/v3_0/sensors — the sensors on the assets of one account (docs/contract/api.md §6.2), default the
 * caller's; sensors of public assets are not included. Order: 401 → 404 (account) → read (403).
 * A bare JSON array.
 */
import { listSensors } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-list.js';

export const handler = routeHandler<typeof contract, object, { account_id?: number }>(contract, {
  handle: async ({ req, query }, { actor }, deps) => reply(await listSensors(deps, actor, query.account_id ?? actor.accountId, req.host)),
});
