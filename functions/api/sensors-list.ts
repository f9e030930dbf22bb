/**
 * GET /api/v3_0/sensors — the sensors on the assets of one account (docs/contract/api.md §6.2), default the
 * caller's; sensors of public assets are not included. Order: 401 → 404 (account) → read (403).
 * A bare JSON array.
 */
import { canAccount } from '../core/permissions.js';
import { sensorsJson } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { accountStore, assetStore } from '../stores/index.js';
import { listSensorsQuery } from '../../schemas/generated/validators.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const { account_id } = req.args<{ account_id?: number }>(listSensorsQuery);
  const accountId = account_id ?? actor.accountId;
  const account = await accountStore().get(accountId);
  if (!account) throw new NotFoundError('Account', accountId);
  if (!canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${accountId}`);
  return reply(sensorsJson(req, await assetStore().listSensorsByAccount(accountId)));
});
