/**
 * GET /api/v3_0/assets/<id>/auditlog — the asset's audit log, oldest first (docs/contract/api.md §7.12):
 * `{event, event_datetime (HTTP-date), active_user_name, active_user_id}`. Order: 401 → 404 → read (403).
 */
import { assetAuditLog } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/assets-auditlog.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply(await assetAuditLog(deps, actor, req.pathInt('id'))),
});
