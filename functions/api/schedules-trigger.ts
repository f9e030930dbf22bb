/**
 * POST /api/v3_0/sensors/<id>/schedules/trigger — start a scheduling job (docs/contract/api.md §7.3).
 * Order: 401 → 404 (sensor) → 422 (body) → create-children on the sensor (403) → scheduler
 * selection by asset type (422, plain string; storage or process) → timing and the flex-model /
 * flex-context validation of that scheduler (422 in the docs/contract/api.md §3.2 shape) → job. An
 * identical request within the hour gets the same job id (decision 0006) unless
 * `force_new_job_creation`. No numeric status injection (the view had no @as_json).
 */
import { FlexValidationError, parseStorageFlexConfig, type StorageFlexConfig } from '../core/flex/index.js';
import { emptyWindowMessage, powerSensorContext, referencedSensorIds, triggerWindow, selectScheduler } from '../core/jobs.js';
import type { Sensor } from '../core/assets/model.js';
import { canSensor } from '../core/permissions.js';
import { parseProcessFlexConfig, PROCESS_SCHEDULER, type ProcessFlexConfig } from '../core/process/index.js';
import { parseAwareDatetime } from '../core/time/index.js';
import { ownedBy } from '../app/assets.js';
import { loadSensor } from '../app/sensors.js';
import { now } from '../lambda/clock.js';
import { FlexConfigError, ForbiddenError, type FieldErrors } from '../core/errors.js';
import { reply, routeHandler } from '../http/handler.js';
import { maxPlanningHorizon, planningHorizonMs, readableSensors, submitScheduleJob } from '../http/schedules.js';
import { loadScheduledSensor } from '../jobs/inputs.js';
import { assetStore } from '../stores/index.js';
import { contract } from '../../schemas/generated/routes/schedules-trigger.js';

interface TriggerBody {
  start: string;
  duration?: string;
  prior?: string;
  'flex-model'?: Record<string, unknown>;
  'flex-context'?: Record<string, unknown>;
  force_new_job_creation?: boolean;
}

export const handler = routeHandler<typeof contract, TriggerBody, object, Sensor>(contract, {
  order: ['load', 'body'],
  load: ({ req, deps }) => loadSensor(deps, req.pathInt('id')),
  injectStatus: false,
  handle: async ({ body, loaded: sensor }, { actor }, deps) => {
    if (!canSensor(actor, await ownedBy(deps, sensor.accountId), 'create-children')) {
      throw new ForbiddenError(`user ${actor.userId} may not schedule sensor ${sensor.id}`);
    }

    const store = assetStore();
    const asset = await store.getAsset(sensor.genericAssetId);
    const typeId = asset?.genericAssetTypeId ?? 0;
    const type = (await store.getAssetType(typeId)) ?? { id: typeId, name: '' };
    const selected = selectScheduler(sensor.attributes, type);
    if ('error' in selected) throw new FlexConfigError(selected.error);

    const window = triggerWindow(body, sensor.timezone || 'UTC', planningHorizonMs());
    if ('error' in window) throw new FlexConfigError(window.error);
    const { start, endMs: end } = window;
    const flexModel = body['flex-model'] ?? {};
    const flexContext = body['flex-context'] ?? {};
    const { lookup } = await readableSensors(actor, referencedSensorIds(flexModel, flexContext));
    let flexConfig: StorageFlexConfig | ProcessFlexConfig;
    try {
      const request = { sensor: powerSensorContext(sensor, asset), startMs: start.ms, endMs: end, flexModel, flexContext, sensors: lookup };
      flexConfig =
        selected.scheduler === PROCESS_SCHEDULER
          ? parseProcessFlexConfig({ ...request, relations: (await loadScheduledSensor(sensor.id)).relations })
          : parseStorageFlexConfig(request, { maxPlanningHorizon: maxPlanningHorizon() });
    } catch (err) {
      if (err instanceof FlexValidationError) throw new FlexConfigError(err.messages as FieldErrors | string);
      throw err;
    }
    if (flexConfig.steps === 0) {
      throw new FlexConfigError(emptyWindowMessage(start));
    }

    const id = await submitScheduleJob({
      sensorId: sensor.id,
      scheduler: selected.scheduler,
      start: start.ms,
      end,
      resolutionMs: sensor.eventResolution,
      prior: body.prior === undefined ? null : parseAwareDatetime(body.prior).ms,
      flexModel,
      flexContext,
      flexConfig,
      forceNewJob: body.force_new_job_creation === true,
      now: now(),
    });
    return reply({ message: 'Request has been processed.', schedule: id, status: 'PROCESSED' });
  },
});
