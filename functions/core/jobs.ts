/**
 * Scheduling jobs in FlexMeasures' terms (docs/contract/api.md §7.3, §7.4, §8.9; decisions 0005, 0006, 0007, 0011, 0015):
 * the de-duplication key of a trigger request, scheduler selection, the sensors a flex config refers
 * to, the asset-tree fallbacks the solver uses, how a schedule is stored and reported
 * (`scheduler_info`), and the answer of GET /sensors/<id>/schedules/<uuid> for each job state and
 * window. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { PROCESS_ASSET_TYPES, STORAGE_ASSET_TYPES } from './assets/asset-types.js';
import type { Asset, Sensor } from './assets/model.js';
import type { AssetRelations, PowerSensorContext, SensorInfo } from './flex/index.js';
import { parseSensorId } from './flex/quantity.js';
import { PROCESS_SCHEDULER } from './process/schedule.js';
import { schedulerSource } from './scheduler-source.js';
import { roundTo } from './scheduling/stock.js';
import type { StorageSchedule } from './scheduling/types.js';
import { addDuration, formatDatetime, formatDurationHours, parseAwareDatetime, parseDuration, type AwareDatetime } from './time/index.js';
import { costUnit, isPowerUnit } from './units/index.js';

export const JOB_CACHE_TTL_MS = 3600_000;
export const PLANNING_TTL_MS = 7 * 24 * 3600_000;
export const JOB_TTL_MS = 24 * 3600_000;

/** Canonical JSON (sorted keys) so that equal requests hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Identity of a trigger request: same sensor, start, end, resolution, prior, flex-model and flex-context. */
export function triggerRequestHash(request: {
  sensorId: number;
  start: number;
  end: number;
  resolutionMs: number;
  prior: number | null;
  flexModel: unknown;
  flexContext: unknown;
}): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  scheduler: string;
  error?: { type: string; message: string };
}

export type PendingAnswer = { http: 400; status: 'UNRECOGNIZED_UDI_EVENT' | 'UNKNOWN_SCHEDULE'; message: string };

const NO_SCHEDULE = 'No known schedule for this time period.';

/** The 400 answer for a job id that is unknown or expired. */
export function unknownJob(id: string): PendingAnswer {
  return { http: 400, status: 'UNRECOGNIZED_UDI_EVENT', message: `The requested UDI event (id = ${id}, type = job) is not known.` };
}

/** The 400 answer for a job that has no schedule to serve (queued, running, failed); null when done. */
export function pendingJob(job: JobView): PendingAnswer | null {
  const used = `${job.scheduler} was used.`;
  switch (job.status) {
    case 'queued':
      return { http: 400, status: 'UNKNOWN_SCHEDULE', message: `${NO_SCHEDULE} Scheduling job waiting to be processed. ${used}` };
    case 'running':
      return { http: 400, status: 'UNKNOWN_SCHEDULE', message: `${NO_SCHEDULE} Scheduling job in progress. ${used}` };
    case 'failed': {
      const type = job.error?.type ?? 'Exception';
      const text =
        job.error?.message ??
        'The job does not state why it failed. The worker may be missing an exception handler, or its exception handler is not storing the exception as job meta data.';
      return { http: 400, status: 'UNKNOWN_SCHEDULE', message: `${NO_SCHEDULE} Scheduling job failed with ${type}: ${text}. ${used}` };
    }
    case 'done':
      return null;
  }
}

/** The 400 answer for a finished job whose schedule is not in the store. */
export function missingSchedule(job: JobView): PendingAnswer {
  return {
    http: 400,
    status: 'UNKNOWN_SCHEDULE',
    message: `${NO_SCHEDULE} A scheduling job has been processed with your job ID, but the schedule was not found in the database. ${job.scheduler} was used.`,
  };
}

// ---------------------------------------------------------------- trigger (docs/contract/api.md §7.3)

/** The scheduler of the storage asset types. */
export const STORAGE_SCHEDULER = 'StorageScheduler';

/** The data source a StorageScheduler writes its schedules with (docs/contract/api.md §8.4). */
export const STORAGE_SCHEDULER_SOURCE = schedulerSource(STORAGE_SCHEDULER, '3');

/**
 * Scheduler selection by the sensor's asset type (docs/contract/api.md §7.3): the StorageScheduler
 * for batteries and EV chargers, the ProcessScheduler for `process` and `load` assets, otherwise
 * FlexMeasures' 422 text. A `custom-scheduler` attribute names a plugin, which this server cannot
 * load: a 422 with a plain string as well.
 */
export function selectScheduler(
  sensorAttributes: Readonly<Record<string, unknown>>,
  assetType: { id: number; name: string },
): { scheduler: typeof STORAGE_SCHEDULER | typeof PROCESS_SCHEDULER } | { error: string } {
  if (sensorAttributes['custom-scheduler'] !== undefined) {
    return { error: 'Custom schedulers (the sensor attribute custom-scheduler) are not supported by this server.' };
  }
  if ((STORAGE_ASSET_TYPES as readonly string[]).includes(assetType.name)) return { scheduler: STORAGE_SCHEDULER };
  if ((PROCESS_ASSET_TYPES as readonly string[]).includes(assetType.name)) return { scheduler: PROCESS_SCHEDULER };
  return { error: `Scheduling is not (yet) supported for asset type <GenericAssetType ${assetType.id}: '${assetType.name}'>.` };
}

/** Python's `str(datetime)` of an aware datetime, as FlexMeasures' messages show it: `2015-01-01 00:00:00+01:00`. */
const pythonDatetime = (ms: number, offsetMinutes: number) => formatDatetime(ms, offsetMinutes).replace('T', ' ');

/**
 * The planning window of a trigger (docs/contract/api.md §7.3): from `start` to `start + duration` (a nominal duration
 * grounded in the sensor's time zone) or, without a duration, to `start + planningHorizonMs`.
 * FlexMeasures' 422 text when the start is after the end.
 */
export function triggerWindow(
  args: { start: string; duration?: string },
  timeZone: string,
  planningHorizonMs: number,
): { start: AwareDatetime; endMs: number } | { error: string } {
  const start = parseAwareDatetime(args.start);
  const endMs = args.duration === undefined ? start.ms + planningHorizonMs : addDuration(start.ms, parseDuration(args.duration), timeZone);
  if (start.ms > endMs) {
    return { error: `Start ${pythonDatetime(start.ms, start.offsetMinutes)} cannot be after end ${pythonDatetime(endMs, start.offsetMinutes)}.` };
  }
  return { start, endMs };
}

/** The 422 text for a planning window without a single step. */
export function emptyWindowMessage(start: AwareDatetime): string {
  return `The planning window from ${pythonDatetime(start.ms, start.offsetMinutes)} is empty: the duration must be positive.`;
}

/**
 * Every sensor id a trigger's flex-model and flex-context refer to, as sent (before validation):
 * `{"sensor": id}` anywhere, the deprecated `*-price-sensor` fields and `inflexible-device-sensors`.
 * Malformed ids are left to the validation.
 */
export function referencedSensorIds(flexModel: unknown, flexContext: unknown): number[] {
  const ids = new Set<number>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        const id = key === 'sensor' ? parseSensorId(inner) : undefined;
        if (id !== undefined) ids.add(id);
        else walk(inner);
      }
    }
  };
  walk(flexModel);
  walk(flexContext);
  if (flexContext && typeof flexContext === 'object' && !Array.isArray(flexContext)) {
    const ctx = flexContext as Record<string, unknown>;
    for (const key of ['consumption-price-sensor', 'production-price-sensor']) {
      const id = parseSensorId(ctx[key]);
      if (id !== undefined) ids.add(id);
    }
    const inflexible = ctx['inflexible-device-sensors'];
    if (Array.isArray(inflexible)) {
      for (const raw of inflexible) {
        const id = parseSensorId(raw);
        if (id !== undefined) ids.add(id);
      }
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** The scheduled power sensor as the flex module sees it: its own attributes and its asset's. */
export function powerSensorContext(sensor: Sensor, asset: Pick<Asset, 'attributes'> | null): PowerSensorContext {
  return {
    id: sensor.id,
    unit: sensor.unit,
    eventResolutionMs: sensor.event_resolution,
    timeZone: sensor.timezone || 'UTC',
    attributes: sensor.attributes,
    assetAttributes: asset?.attributes ?? {},
  };
}

/** Sensor metadata for the flex module's look-ups. */
export function sensorInfo(sensor: Sensor): SensorInfo {
  return { unit: sensor.unit, eventResolutionMs: sensor.event_resolution, attributes: sensor.attributes };
}

// ---------------------------------------------------------------- solver

/**
 * The price and inflexible-device fallbacks of the flex-context (docs/contract/api.md §8.8), from the scheduled sensor's
 * asset and its ancestors (`chain[0]` is the asset itself, then its parent, …): the first asset with
 * a consumption (production) price sensor, and the first level with inflexible device sensors.
 */
export function assetRelations(chain: readonly Asset[]): AssetRelations {
  const relations: AssetRelations = {};
  for (const asset of chain) {
    relations.consumptionPriceSensor ??= asset.consumption_price_sensor_id ?? undefined;
    relations.productionPriceSensor ??= asset.production_price_sensor_id ?? undefined;
    if (relations.inflexibleDeviceSensors === undefined && asset.inflexible_device_sensor_ids.length) {
      relations.inflexibleDeviceSensors = [...asset.inflexible_device_sensor_ids];
    }
  }
  return relations;
}

/**
 * The values a schedule is stored with as beliefs of the power sensor (docs/contract/storage-scheduling.md §2.9):
 * FlexMeasures stores power sensors production-positive, so a power schedule is negated unless the
 * sensor says `consumption_is_positive: true` (v0.31's reading of the attribute; the defaults are the
 * same as v0.23's). Schedules of non-power sensors (e.g. MWh per step) are stored as they are.
 */
export function storedScheduleValues(values: readonly number[], sensor: Pick<Sensor, 'unit' | 'attributes'>): number[] {
  const negate = isPowerUnit(sensor.unit) && sensor.attributes['consumption_is_positive'] !== true;
  return values.map((v) => (negate && v !== 0 ? -v : v));
}

/** What the solver found, as `scheduler_info` reports it (decision 0028) — JSON, stored with the job. */
export interface SchedulerInfo {
  [key: string]: unknown;
  scheduler: string;
  /** Expected cost of the whole schedule in real currency (prices × step length × net site power). */
  expected_cost: number;
  /** The unit of `expected_cost`: the price unit's currency (e.g. `EUR`), or the price unit × MWh. */
  expected_cost_unit: string | null;
  /** SoC at the schedule start and at the end of every step. */
  state_of_charge: { start: string; resolution: string; unit: 'MWh' | 'kWh'; values: number[] };
  /**
   * How the schedule was found (`lp` or `dp+lp`), its status, the proven relative gap (`gap`; `mip_gap`
   * is the same number under its older name) and the time spent.
   */
  solver: { name: string; method: string; status: string; gap: number; problem_class: string; mip_gap: number; binaries: number; seconds: number };
}

/** `scheduler_info` for a solved storage schedule. */
export function storageSchedulerInfo(
  schedule: StorageSchedule,
  options: { priceUnit?: string; stepMs: number; socUnit?: 'MWh' | 'kWh' },
): SchedulerInfo {
  const socUnit = options.socUnit ?? 'MWh';
  const factor = socUnit === 'kWh' ? 1000 : 1;
  return {
    scheduler: STORAGE_SCHEDULER,
    expected_cost: schedule.expectedCost,
    expected_cost_unit: costUnit(options.priceUnit),
    state_of_charge: {
      start: formatDatetime(schedule.socInstantsMs[0]!, 0),
      resolution: formatDurationHours(options.stepMs),
      unit: socUnit,
      values: schedule.soc.map((x) => roundTo(x * factor, 6)),
    },
    solver: {
      name: schedule.solver,
      method: schedule.method,
      status: schedule.status,
      gap: schedule.mipGap,
      problem_class: schedule.problemClass,
      mip_gap: schedule.mipGap,
      binaries: schedule.binaries,
      seconds: roundTo(schedule.solverSeconds, 3),
    },
  };
}


// ---------------------------------------------------------------- schedule GET (docs/contract/api.md §7.4)

/** Default `duration` of the schedule GET (decision 0007). */
export const DEFAULT_SCHEDULE_WINDOW_MS = 6 * 3600_000;
/** Default FLEXMEASURES_PLANNING_HORIZON: the cap of the GET window and the default trigger duration. */
export const DEFAULT_PLANNING_HORIZON_MS = 48 * 3600_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment can be a job id at all (anything else is an unknown job without a look-up). */
export function isJobId(id: string): boolean {
  return UUID.test(id);
}

/**
 * Whether a queued job has waited longer than FLEXMEASURES_JOB_TTL (1 day): the queue has dropped
 * its message, so the job is gone for the API (UNRECOGNIZED_UDI_EVENT) and the solver skips it.
 */
export function queueExpired(job: { status: string; createdAt: number }, now: number): boolean {
  return job.status === 'queued' && job.createdAt + JOB_TTL_MS <= now;
}

/** The part of a finished schedule a GET returns. */
export interface ScheduleWindow {
  start: number;
  durationMs: number;
  values: number[];
}

/**
 * The window of a finished schedule the GET returns (docs/contract/api.md §7.4 steps 1 and 4): events from the schedule
 * start that end within min(requested duration, planning horizon); `duration` is the shorter of the
 * requested duration and the span of the returned events. Null when no event fits (a window shorter
 * than one step): "the schedule was not found".
 */
export function scheduleWindow(
  result: { start: number; resolutionMs: number; values: readonly number[] },
  requestedMs: number,
  planningHorizonMs: number,
): ScheduleWindow | null {
  const horizon = Math.min(requestedMs, planningHorizonMs);
  const count = Math.min(result.values.length, Math.floor(horizon / result.resolutionMs));
  if (count <= 0) return null;
  return {
    start: result.start,
    durationMs: Math.min(requestedMs, count * result.resolutionMs),
    values: result.values.slice(0, count),
  };
}

/** The job id of a scheduling queue message (`{"jobId": "<uuid>"}`), or null when the body is not such a message. */
export function jobIdOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { jobId?: unknown };
    return typeof parsed?.jobId === 'string' && parsed.jobId ? parsed.jobId : null;
  } catch {
    return null;
  }
}
