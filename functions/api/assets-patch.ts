/**
 * PATCH /api/v3_0/assets/<id> — change any writable field except `account_id` (docs/contract/api.md §7.10);
 * only the fields sent change (decision 0009); `attributes` replaces the whole dict. Order:
 * 401 → 422 (body) → 404 → update (members of the owning account, or admin; 403) → the new parent
 * (no cycles: 422; create-children on it: 403). One audit entry per changed field and per changed
 * attribute key. A name taken under the same parent (or, at the top level, in the same account)
 * is a 422 (decision 0016).
 */
import type { AssetChanges } from '../core/assets/audit.js';
import type { Asset } from '../core/assets/model.js';
import { assetIfAny, checkAssetFields, patchAsset, shownSensorIds, type AssetInput } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import type { Request } from '../http/request.js';
import { contract } from '../../schemas/generated/routes/assets-patch.js';

/** The asset id of the path, if it is a valid one (the body is checked before the path). */
function pathId(req: Request): number | undefined {
  try {
    return req.pathInt('id');
  } catch {
    return undefined;
  }
}

/** The checked changes, and the asset as read for the check (read once per request). */
interface Checked {
  changes: AssetChanges;
  current: Asset | null;
}

export const handler = routeHandler<typeof contract, Checked, object, undefined, AssetInput>(contract, {
  order: ['body'],
  checkBodyFields: async (b, errors, ok, { req, caller, deps }) => {
    const current = await assetIfAny(deps, pathId(req));
    return { changes: await checkAssetFields(deps, caller.actor, b, errors, ok, shownSensorIds(current)), current };
  },
  handle: async ({ req, body }, caller, deps) => reply(await patchAsset(deps, caller, req.pathInt('id'), body.changes, body.current)),
});
