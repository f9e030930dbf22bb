/**
 * PATCH /api/v3_0/sensors/<id> — change any of name, unit, timezone, event_resolution, attributes
 * (docs/contract/api.md §6.5); only the fields sent change; `attributes` replaces the whole dict. Order:
 * 401 → 422 (body) → 404 → update (account-admin of the owner, or admin; 403). One asset audit
 * entry lists the changed fields. Existing data is not converted.
 */
import type { SensorChanges } from '../core/assets/audit.js';
import { checkSensorChanges, patchSensor, type SensorChangeInput } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-patch.js';

export const handler = routeHandler<typeof contract, SensorChanges, object, undefined, SensorChangeInput>(contract, {
  checkBodyFields: async (b, errors, ok) => checkSensorChanges(b, errors, ok),
  handle: async ({ req, body }, caller, deps) => reply(await patchSensor(deps, caller, req.pathInt('id'), body, req.host)),
});
