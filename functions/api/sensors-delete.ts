/**
 * DELETE /api/v3_0/sensors/<id> — delete a sensor and all its beliefs (docs/contract/api.md §6.6). Order:
 * 401 → 404 → delete (account-admin of the owner, or admin; 403). 204, empty body; asset audit
 * entry `Deleted sensor '<name>': <id>`.
 */
import { deletedSensorEvent } from '../core/assets/audit.js';
import { canSensor } from '../core/permissions.js';
import { loadSensor, ownedBy, recordAssetAudit } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { deleteSensorWithData } from '../stores/deletion.js';
import { assetStore, sensorDataPurger } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const sensor = await loadSensor(req.pathInt('id'));
  if (!canSensor(caller.actor, await ownedBy(sensor.account_id), 'delete')) {
    throw new ForbiddenError(`user ${caller.user.id} may not delete sensor ${sensor.id}`);
  }
  await deleteSensorWithData(sensor, assetStore(), sensorDataPurger());
  await recordAssetAudit(caller, sensor.generic_asset_id, [deletedSensorEvent(sensor.name, sensor.id)]);
  return reply(null, 204);
});
