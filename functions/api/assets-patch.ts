/**
 * PATCH /api/v3_0/assets/<id> — change any writable field except `account_id` (docs/contract/api.md §7.10);
 * only the fields sent change (decision 0009); `attributes` replaces the whole dict. Order:
 * 401 → 422 (body) → 404 → update (members of the owning account, or admin; 403) → the new parent
 * (no cycles: 422; create-children on it: 403). One audit entry per changed field and per changed
 * attribute key. A name taken under the same parent (or, at the top level, in the same account)
 * is a 422 (decision 0016).
 */
import { sensorsToShowIds } from '../core/assets/attributes.js';
import { assetChanges, assetUpdateEvents, type AssetChanges } from '../core/assets/audit.js';
import { duplicateAssetNameMessage, OWN_PARENT, PARENT_CYCLE } from '../core/assets/assets.js';
import { canAsset } from '../core/permissions.js';
import type { Ports } from '../core/ports/index.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import { checkAssetFields, loadAsset, oneAssetJson, ownedBy, recordAssetAudit, requireParentAccess, type AssetInput } from '../http/assets.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { reply, routeHandler } from '../http/handler.js';
import type { Request } from '../http/request.js';
import { contract } from '../../schemas/generated/routes/assets-patch.js';

/** Whether `candidate` is `assetId` or lies below it (walking up from the candidate). */
async function isSelfOrDescendant(deps: Ports, assetId: number, candidate: number): Promise<boolean> {
  const seen = new Set<number>();
  for (let id: number | null = candidate; id !== null && !seen.has(id); ) {
    if (id === assetId) return true;
    seen.add(id);
    id = (await deps.assets.getAsset(id))?.parent_asset_id ?? null;
  }
  return false;
}

/** The sensors the asset of the path shows already (none when the id is not a valid asset id). */
async function shownSensorIds(req: Request, deps: Ports): Promise<number[]> {
  let id: number;
  try {
    id = req.pathInt('id');
  } catch {
    return [];
  }
  const asset = await deps.assets.getAsset(id);
  const ids = asset ? sensorsToShowIds(asset.attributes ?? {}) : null;
  return ids?.ok ? ids.value : [];
}

export const handler = routeHandler(contract, {
  order: ['body'],
  checkBodyFields: async (b: Partial<AssetInput>, errors, ok, { req, caller, deps }): Promise<AssetChanges> =>
    checkAssetFields(caller.actor, b, errors, ok, await shownSensorIds(req, deps)),
  handle: async ({ req, body: requested }, caller, deps) => {
    const asset = await loadAsset(req.pathInt('id'));
    if (!canAsset(caller.actor, await ownedBy(asset.account_id), 'update')) {
      throw new ForbiddenError(`user ${caller.actor.userId} may not update asset ${asset.id}`);
    }
    const changes = assetChanges(asset, requested);
    if (changes.parent_asset_id !== undefined && changes.parent_asset_id !== null) {
      if (changes.parent_asset_id === asset.id) throw ValidationError.field('json', 'parent_asset_id', OWN_PARENT);
      if (await isSelfOrDescendant(deps, asset.id, changes.parent_asset_id)) throw ValidationError.field('json', 'parent_asset_id', PARENT_CYCLE);
      await requireParentAccess(caller.actor, changes.parent_asset_id);
    }
    if (!Object.keys(changes).length) return reply(await oneAssetJson(asset));
    let updated;
    try {
      updated = await deps.assets.updateAsset(asset.id, changes);
    } catch (err) {
      if (!(err instanceof DuplicateNameError)) throw err;
      throw ValidationError.field('json', 'name', duplicateAssetNameMessage(err.entityName, err.scope));
    }
    await recordAssetAudit(caller, asset.id, assetUpdateEvents(asset, changes));
    return reply(await oneAssetJson(updated));
  },
});
