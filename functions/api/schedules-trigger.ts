/**
 * POST /api/v3_0/sensors/<id>/schedules/trigger — start a scheduling job (docs/contract/api.md §7.3).
 * Order: 401 → 404 (sensor) → 422 (body) → create-children on the sensor (403) → scheduler
 * selection by asset type (422, plain string; storage or process) → timing and the flex-model /
 * flex-context validation of that scheduler (422 in the docs/contract/api.md §3.2 shape) → job. An
 * identical request within the hour gets the same job id (decision 0006) unless
 * `force_new_job_creation`. No numeric status injection (the view had no @as_json).
 */
import type { Sensor } from '../core/assets/model.js';
import { triggerSchedule, type TriggerBody } from '../app/schedules.js';
import { loadSensor } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/schedules-trigger.js';

export const handler = routeHandler<typeof contract, TriggerBody, object, Sensor>(contract, {
  order: ['load', 'body'],
  load: ({ req, deps }) => loadSensor(deps, req.pathInt('id')),
  injectStatus: false,
  handle: async ({ body, loaded: sensor }, { actor }, deps) => {
    const id = await triggerSchedule(deps, actor, sensor, body);
    return reply({ message: 'Request has been processed.', schedule: id, status: 'PROCESSED' });
  },
});
