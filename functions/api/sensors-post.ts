/**
 * POST /api/v3_0/sensors — create a sensor on an asset (docs/contract/api.md §6.4). Order: 401 → 422 (body,
 * incl. the asset's existence) → create-children on the asset (403). 201 with the sensor, without
 * a `status` key (no @as_json). A duplicate name on the asset is a 422 (decision 0016).
 */
import { checkNewSensor, createSensorFor, type CheckedSensor, type SensorInput } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-post.js';

export const handler = routeHandler<typeof contract, CheckedSensor, object, undefined, SensorInput>(contract, {
  checkBodyFields: (b, errors, ok, { deps }) => checkNewSensor(deps, b, errors, ok),
  injectStatus: false,
  handle: async ({ req, body }, caller, deps) => reply(await createSensorFor(deps, caller, body, req.host), 201),
});
