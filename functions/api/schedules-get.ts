/**
 * GET /api/v3_0/sensors/<id>/schedules/<uuid> — a schedule by job id (docs/contract/api.md §7.4).
 * Order: 401 → 404 (sensor) → `duration` (422 under `args_and_json`; zero → 400 INVALID_PERIOD) →
 * read on the sensor (403) → job look-up (functions/app/schedules.ts `getSchedule`).
 */
import type { Sensor } from '../core/assets/model.js';
import { getSchedule } from '../app/schedules.js';
import { loadSensor } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/schedules-get.js';

export const handler = routeHandler<typeof contract, Record<string, never>, { duration?: string }, Sensor>(contract, {
  order: ['load', 'query'],
  load: ({ req, deps }) => loadSensor(deps, req.pathInt('id')),
  handle: async ({ req, query, loaded: sensor }, { actor }, deps) =>
    reply(await getSchedule(deps, actor, sensor, req.pathString('uuid'), query.duration)),
});
