/**
 * DELETE /api/v3_0/assets/<id> — delete an asset with its sensors (and their beliefs) and all its
 * descendant assets (docs/contract/api.md §7.11). Order: 401 → 404 → delete (account-admin of the owner, or
 * admin; 403). 204, empty body. The audit entry `Deleted asset '<name>': <id>` stays, detached
 * (`affected_asset_id` null), like the asset's earlier entries.
 */
import { deleteAsset } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/assets-delete.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, caller, deps) => {
    await deleteAsset(deps, caller, req.pathInt('id'));
    return reply(null, 204);
  },
});
