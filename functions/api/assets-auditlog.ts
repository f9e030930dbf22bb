/**
 * GET /api/v3_0/assets/<id>/auditlog — the asset's audit log, oldest first (docs/contract/api.md §7.12):
 * `{event, event_datetime (HTTP-date), active_user_name, active_user_id}`. Order: 401 → 404 → read (403).
 */
import { httpDate } from '../core/time/index.js';
import { canAsset } from '../core/permissions.js';
import { loadAsset, ownedBy } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { assetStore } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const asset = await loadAsset(req.pathInt('id'));
  if (!canAsset(actor, await ownedBy(asset.account_id), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read the audit log of asset ${asset.id}`);
  }
  const entries = await assetStore().listAuditEntries(asset.id);
  return reply(
    entries.map((e) => ({
      active_user_id: e.active_user_id,
      active_user_name: e.active_user_name,
      event: e.event,
      event_datetime: httpDate(e.event_datetime),
    })),
  );
});
