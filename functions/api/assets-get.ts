/** GET /api/v3_0/assets/<id> — one asset (docs/contract/api.md §7.9). Order: 401 → 404 → read (403). */
import { canAsset } from '../core/permissions.js';
import { loadAsset, oneAssetJson, ownedBy } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const asset = await loadAsset(req.pathInt('id'));
  if (!canAsset(actor, await ownedBy(asset.account_id), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read asset ${asset.id}`);
  }
  return reply(await oneAssetJson(asset));
});
