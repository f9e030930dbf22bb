/**
 * PATCH /api/v3_0/sensors/<id> — change any of name, unit, timezone, event_resolution, attributes
 * (docs/contract/api.md §6.5); only the fields sent change; `attributes` replaces the whole dict. Order:
 * 401 → 422 (body) → 404 → update (account-admin of the owner, or admin; 403). One asset audit
 * entry lists the changed fields. Existing data is not converted.
 */
import { parseAttributes } from '../core/assets/attributes.js';
import { sensorChanges, sensorUpdateEvent, type SensorChanges } from '../core/assets/audit.js';
import { checkTimezone, checkUnit, duplicateSensorNameMessage, parseEventResolution } from '../core/assets/sensors.js';
import { canSensor } from '../core/permissions.js';
import { loadSensor, ownedBy, recordAssetAudit, sensorsJson, validateBody } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { assetStore } from '../stores/index.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import { patchSensorBody } from '../../schemas/generated/validators.js';

interface PatchSensor {
  name?: string;
  unit?: string;
  timezone?: string;
  event_resolution?: string;
  attributes?: unknown;
}

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const requested: SensorChanges = {};
  const body = await validateBody<PatchSensor>(req, patchSensorBody, async (b, errors, ok) => {
    if (ok('name')) requested.name = b.name!;
    if (ok('unit')) {
      const unit = checkUnit(b.unit!);
      if (unit.ok) requested.unit = unit.value;
      else errors.add(['unit'], unit.message);
    }
    if (ok('timezone')) {
      const tz = checkTimezone(b.timezone!);
      if (tz.ok) requested.timezone = tz.value;
      else errors.add(['timezone'], tz.message);
    }
    if (ok('event_resolution')) {
      const r = parseEventResolution(b.event_resolution);
      if (r.ok) requested.event_resolution = r.value;
      else errors.add(['event_resolution'], r.message);
    }
    if ('attributes' in b) {
      const a = parseAttributes(b.attributes);
      if (a.ok) requested.attributes = a.value;
      else errors.add(['attributes'], a.message);
    }
  });
  const sensor = await loadSensor(req.pathInt('id'));
  if (!canSensor(caller.actor, await ownedBy(sensor.account_id), 'update')) {
    throw new ForbiddenError(`user ${caller.user.id} may not update sensor ${sensor.id}`);
  }
  const changes = sensorChanges(sensor, requested);
  let updated = sensor;
  if (Object.keys(changes).length) {
    try {
      updated = await assetStore().updateSensor(sensor.id, changes);
    } catch (err) {
      if (err instanceof DuplicateNameError) {
        throw ValidationError.field('json', 'name', duplicateSensorNameMessage(body.name ?? '', sensor.generic_asset_id));
      }
      throw err;
    }
  }
  await recordAssetAudit(caller, sensor.generic_asset_id, [sensorUpdateEvent(sensor, changes)]);
  return reply(sensorsJson(req, [updated])[0]!);
});
