/**
 * DELETE /api/v3_0/sensors/<id> — delete a sensor and all its beliefs (docs/contract/api.md §6.6). Order:
 * 401 → 404 → delete (account-admin of the owner, or admin; 403). 204, empty body; asset audit
 * entry `Deleted sensor '<name>': <id>`.
 */
import { deleteSensor } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-delete.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, caller, deps) => {
    await deleteSensor(deps, caller, req.pathInt('id'));
    return reply(null, 204);
  },
});
