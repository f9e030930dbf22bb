/**
 * POST /api/v3_0/assets — create one asset (docs/contract/api.md §7.8). Order: 401 → create-children on the
 * caller's own account (account-admin or admin; 403, before the body is looked at) → 422 (body) →
 * create-children on the parent asset, if any (403). 201 with the asset, without a `status` key.
 *
 * `account_id`: admins may name any existing account, or null for a public asset; others only their
 * own account. When omitted, admins create a public asset (as FlexMeasures) and everybody else an
 * asset of their own account (FlexMeasures made it public whoever asked: docs/contract/api.md §10.1 quirk 7, not copied).
 */
import type { AssetFields } from '../core/assets/model.js';
import { authorizeAssetCreation, checkNewAsset, createAssetFor, type NewAssetInput } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/assets-post.js';

export const handler = routeHandler<typeof contract, AssetFields, object, void, NewAssetInput>(contract, {
  order: ['load', 'body'],
  load: ({ caller, deps }) => authorizeAssetCreation(deps, caller.actor),
  checkBodyFields: (b, errors, ok, { caller, deps }) => checkNewAsset(deps, caller.actor, b, errors, ok),
  injectStatus: false,
  handle: async ({ body }, caller, deps) => reply(await createAssetFor(deps, caller, body), 201),
});
