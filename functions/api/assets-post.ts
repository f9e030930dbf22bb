/**
 * POST /api/v3_0/assets — create one asset (docs/contract/api.md §7.8). Order: 401 → create-children on the
 * caller's own account (account-admin or admin; 403, before the body is looked at) → 422 (body) →
 * create-children on the parent asset, if any (403). 201 with the asset, without a `status` key.
 *
 * `account_id`: admins may name any existing account, or null for a public asset; others only their
 * own account. When omitted, admins create a public asset (as FlexMeasures) and everybody else an
 * asset of their own account (FlexMeasures made it public whoever asked: docs/contract/api.md §10.1 quirk 7, not copied).
 */
import { createdAssetEvent } from '../core/assets/audit.js';
import { duplicateAssetNameMessage, NOT_ALLOWED_FOR_ACCOUNT, unknownAccountMessage } from '../core/assets/assets.js';
import type { AssetFields } from '../core/assets/model.js';
import { canAccount, hasAdminAccess } from '../core/permissions.js';
import { checkAssetFields, oneAssetJson, recordAssetAudit, requireParentAccess, validateBody, type AssetInput } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { accountStore, assetStore } from '../stores/index.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import { postAssetBody } from '../../schemas/generated/validators.js';

type PostAsset = AssetInput & { account_id?: number | null };

export const handler = endpoint(
  async (req) => {
    const caller = await authenticate(req);
    const { actor } = caller;
    const own = await accountStore().get(actor.accountId);
    if (!canAccount(actor, own ?? { id: actor.accountId, consultancyAccountId: null }, 'create-children')) {
      throw new ForbiddenError(`user ${actor.userId} may not create assets`);
    }
    await assetStore().ensureDefaultAssetTypes();
    const isAdmin = hasAdminAccess(actor, 'update');
    let accountId: number | null = isAdmin ? null : actor.accountId;
    let checked = {};
    const body = await validateBody<PostAsset>(req, postAssetBody, async (b, errors, ok) => {
      checked = await checkAssetFields(actor, b, errors, ok);
      if (!ok('account_id')) return;
      const requested = b.account_id!;
      if (requested === null && isAdmin) accountId = null;
      else if (requested === null || !(await accountStore().get(requested))) errors.add(['account_id'], unknownAccountMessage(requested ?? ('None' as unknown as number)));
      else if (!isAdmin && requested !== actor.accountId) errors.add(['account_id'], NOT_ALLOWED_FOR_ACCOUNT);
      else accountId = requested;
    });
    await requireParentAccess(actor, body.parent_asset_id);
    const fields: AssetFields = {
      name: body.name,
      generic_asset_type_id: body.generic_asset_type_id,
      account_id: accountId,
      latitude: null,
      longitude: null,
      parent_asset_id: null,
      attributes: {},
      consumption_price_sensor_id: null,
      production_price_sensor_id: null,
      inflexible_device_sensor_ids: [],
      ...checked,
    };
    let asset;
    try {
      asset = await assetStore().createAsset(fields);
    } catch (err) {
      if (err instanceof DuplicateNameError) {
        throw ValidationError.field('json', 'name', duplicateAssetNameMessage(fields.name, fields.parent_asset_id));
      }
      throw err;
    }
    await recordAssetAudit(caller, asset.id, [createdAssetEvent(asset.name, asset.id)]);
    return reply(await oneAssetJson(asset), 201);
  },
  { injectStatus: false },
);
