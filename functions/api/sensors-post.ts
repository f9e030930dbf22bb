/**
 * POST /api/v3_0/sensors — create a sensor on an asset (docs/contract/api.md §6.4). Order: 401 → 422 (body,
 * incl. the asset's existence) → create-children on the asset (403). 201 with the sensor, without
 * a `status` key (no @as_json). A duplicate name on the asset is a 422 (decision 0016).
 */
import { parseAttributes } from '../core/assets/attributes.js';
import { createdSensorEvent } from '../core/assets/audit.js';
import { unknownGenericAssetMessage } from '../core/assets/assets.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Attributes } from '../core/assets/model.js';
import {
  checkTimezone,
  checkUnit,
  DEFAULT_SENSOR_TIMEZONE,
  duplicateSensorNameMessage,
  parseEventResolution,
} from '../core/assets/sensors.js';
import { canAsset } from '../core/permissions.js';
import { ownedBy, recordAssetAudit, sensorsJson, validateBody } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { assetStore } from '../stores/index.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import { postSensorBody } from '../../schemas/generated/validators.js';

interface PostSensor {
  name: string;
  unit: string;
  timezone?: string;
  event_resolution: string;
  generic_asset_id: number;
  attributes?: unknown;
}

export const handler = endpoint(
  async (req) => {
    const caller = await authenticate(req);
    const found: { asset?: Asset; resolution: number; attributes: Attributes } = { resolution: 0, attributes: {} };
    const body = await validateBody<PostSensor>(req, postSensorBody, async (b, errors, ok) => {
      if (ok('unit')) {
        const unit = checkUnit(b.unit!);
        if (!unit.ok) errors.add(['unit'], unit.message);
      }
      if (ok('timezone')) {
        const tz = checkTimezone(b.timezone!);
        if (!tz.ok) errors.add(['timezone'], tz.message);
      }
      if (ok('event_resolution')) {
        const r = parseEventResolution(b.event_resolution);
        if (r.ok) found.resolution = r.value;
        else errors.add(['event_resolution'], r.message);
      }
      if ('attributes' in b) {
        const a = parseAttributes(b.attributes);
        if (a.ok) found.attributes = a.value;
        else errors.add(['attributes'], a.message);
      }
      if (ok('generic_asset_id')) {
        found.asset = (await assetStore().getAsset(b.generic_asset_id!)) ?? undefined;
        if (!found.asset) errors.add(['generic_asset_id'], unknownGenericAssetMessage(b.generic_asset_id!));
      }
    });
    const host = found.asset!; // validated above
    if (!canAsset(caller.actor, await ownedBy(host.account_id), 'create-children')) {
      throw new ForbiddenError(`user ${caller.user.id} may not add sensors to asset ${host.id}`);
    }
    let sensor;
    try {
      sensor = await assetStore().createSensor({
        name: body.name,
        unit: body.unit,
        timezone: body.timezone ?? DEFAULT_SENSOR_TIMEZONE,
        event_resolution: found.resolution,
        knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
        generic_asset_id: host.id,
        account_id: host.account_id,
        attributes: found.attributes,
      });
    } catch (err) {
      if (err instanceof DuplicateNameError) throw ValidationError.field('json', 'name', duplicateSensorNameMessage(body.name, host.id));
      throw err;
    }
    await recordAssetAudit(caller, host.id, [createdSensorEvent(sensor.name, sensor.id)]);
    return reply(sensorsJson(req, [sensor])[0]!, 201);
  },
  { injectStatus: false },
);
