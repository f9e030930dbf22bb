/**
 * DELETE /api/v3_0/assets/<id> — delete an asset with its sensors (and their beliefs) and all its
 * descendant assets (docs/contract/api.md §7.11). Order: 401 → 404 → delete (account-admin of the owner, or
 * admin; 403). 204, empty body. The audit entry `Deleted asset '<name>': <id>` stays, detached
 * (`affected_asset_id` null), like the asset's earlier entries.
 */
import { deletedAssetEvent } from '../core/assets/audit.js';
import { canAsset } from '../core/permissions.js';
import { loadAsset, ownedBy, recordAssetAudit } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { deleteAssetTreeWithData } from '../stores/deletion.js';
import { assetStore, sensorDataPurger } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const asset = await loadAsset(req.pathInt('id'));
  if (!canAsset(caller.actor, await ownedBy(asset.account_id), 'delete')) {
    throw new ForbiddenError(`user ${caller.user.id} may not delete asset ${asset.id}`);
  }
  const tree = await assetStore().collectAssetTree(asset.id);
  if (!tree) throw new NotFoundError('GenericAsset', asset.id);
  await recordAssetAudit(caller, asset.id, [deletedAssetEvent(asset.name, asset.id)]);
  await deleteAssetTreeWithData(tree, assetStore(), sensorDataPurger());
  return reply(null, 204);
});
