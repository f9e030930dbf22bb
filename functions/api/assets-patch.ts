/**
 * PATCH /api/v3_0/assets/<id> — change any writable field except `account_id` (docs/contract/api.md §7.10);
 * only the fields sent change (decision 0009); `attributes` replaces the whole dict. Order:
 * 401 → 422 (body) → 404 → update (members of the owning account, or admin; 403) → the new parent
 * (no cycles: 422; create-children on it: 403). One audit entry per changed field and per changed
 * attribute key. A name taken under the same parent (or, at the top level, in the same account)
 * is a 422 (decision 0016).
 */
import { sensorsToShowIds } from '../core/assets/attributes.js';
import { assetChanges, assetUpdateEvents } from '../core/assets/audit.js';
import { duplicateAssetNameMessage, OWN_PARENT, PARENT_CYCLE } from '../core/assets/assets.js';
import { canAsset } from '../core/permissions.js';
import {
  checkAssetFields,
  loadAsset,
  oneAssetJson,
  ownedBy,
  recordAssetAudit,
  requireParentAccess,
  validateBody,
  type AssetInput,
} from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../http/errors.js';
import { endpoint, reply } from '../http/handler.js';
import type { Request } from '../http/request.js';
import { assetStore } from '../stores/index.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import { patchAssetBody } from '../../schemas/generated/validators.js';

/** Whether `candidate` is `assetId` or lies below it (walking up from the candidate). */
async function isSelfOrDescendant(assetId: number, candidate: number): Promise<boolean> {
  const seen = new Set<number>();
  for (let id: number | null = candidate; id !== null && !seen.has(id); ) {
    if (id === assetId) return true;
    seen.add(id);
    id = (await assetStore().getAsset(id))?.parent_asset_id ?? null;
  }
  return false;
}

/** The sensors the asset of the path shows already (none when the id is not a valid asset id). */
async function shownSensorIds(req: Request): Promise<number[]> {
  let id: number;
  try {
    id = req.pathInt('id');
  } catch {
    return [];
  }
  const asset = await assetStore().getAsset(id);
  const ids = asset ? sensorsToShowIds(asset.attributes ?? {}) : null;
  return ids?.ok ? ids.value : [];
}

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const { actor } = caller;
  let requested = {};
  await validateBody<AssetInput>(req, patchAssetBody, async (b, errors, ok) => {
    requested = await checkAssetFields(actor, b, errors, ok, await shownSensorIds(req));
  });
  const asset = await loadAsset(req.pathInt('id'));
  if (!canAsset(actor, await ownedBy(asset.account_id), 'update')) {
    throw new ForbiddenError(`user ${actor.userId} may not update asset ${asset.id}`);
  }
  const changes = assetChanges(asset, requested);
  if (changes.parent_asset_id !== undefined && changes.parent_asset_id !== null) {
    if (changes.parent_asset_id === asset.id) throw ValidationError.field('json', 'parent_asset_id', OWN_PARENT);
    if (await isSelfOrDescendant(asset.id, changes.parent_asset_id)) throw ValidationError.field('json', 'parent_asset_id', PARENT_CYCLE);
    await requireParentAccess(actor, changes.parent_asset_id);
  }
  let updated = asset;
  if (Object.keys(changes).length) {
    try {
      updated = await assetStore().updateAsset(asset.id, changes);
    } catch (err) {
      if (err instanceof DuplicateNameError) {
        throw ValidationError.field('json', 'name', duplicateAssetNameMessage(err.entityName, err.scope));
      }
      throw err;
    }
    await recordAssetAudit(caller, asset.id, assetUpdateEvents(asset, changes));
  }
  return reply(await oneAssetJson(updated));
});
