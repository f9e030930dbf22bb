/**
 * GET /api/v3_0/sensors/data — one value per event on a regular grid (docs/contract/api.md §7.2,
 * docs/contract/beliefs-model.md §6, §9). Order: 401 → 422 (query fields incl. the sensor's and the source's existence,
 * then the whole-request checks: type vs. unit, size, unit vs. sensor, resolution, conversion) →
 * read on the sensor (403), in functions/app/sensor-data.ts. The answer echoes `start` (with its offset), `duration` and `unit`, and
 * reports the resolution the values are laid on (decision 0013); no numeric status injection.
 */
import type { Sensor } from '../core/assets/model.js';
import type { GetSensorDataArgs } from '../core/sensor-data.js';
import { getSensorData, sensorByAddress, unknownSourceError } from '../app/sensor-data.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-data-get.js';

/** The query as the schema lets it through: the sensor's entity address and the GET's fields. */
type GetSensorData = GetSensorDataArgs & { sensor: string };

export const handler = routeHandler<typeof contract, object, { args: GetSensorDataArgs; sensor: Sensor }, undefined, object, GetSensorData>(contract, {
  injectStatus: false,
  // The sensor's and the source's existence are field checks, reported with the schema's errors.
  checkQueryFields: async (query, errors, ok, { req, deps }) => {
    const found = ok('sensor') ? await sensorByAddress(deps, req.host, query.sensor!) : undefined;
    if (found && 'error' in found) errors.add(['sensor'], found.error);
    const sourceError = ok('source') ? await unknownSourceError(deps, query.source!) : null;
    if (sourceError) errors.add(['source'], sourceError);
    if (found && 'sensor' in found) return { args: query as GetSensorData, sensor: found.sensor };
  },
  handle: async ({ query }, { actor }, deps) => reply(await getSensorData(deps, actor, query.sensor, query.args)),
});
