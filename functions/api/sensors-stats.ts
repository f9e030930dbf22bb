/**
 * GET /api/v3_0/sensors/<id>/stats — per data source (keyed by its name) the earliest and latest
 * event start (HTTP dates), min / max / mean / sum over the non-NaN values and the count of stored
 * values, NaN included (docs/contract/api.md §6.7). Order: 401 → 404 → read (403). A sensor without data
 * answers `{"status": 200}`; sources sharing a name are reported together.
 */
import type { Sensor } from '../core/assets/model.js';
import { sensorStats } from '../app/sensor-data.js';
import { loadSensor } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-stats.js';

export const handler = routeHandler<typeof contract, object, object, Sensor>(contract, {
  load: ({ req, deps }) => loadSensor(deps, req.pathInt('id')),
  handle: async ({ loaded: sensor }, { actor }, deps) => reply(await sensorStats(deps, actor, sensor)),
});
