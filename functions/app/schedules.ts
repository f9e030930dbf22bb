/**
 * Scheduling use cases: trigger a schedule (scheduler selection, flex-config validation, the job
 * item and its queue message) and read one by job id. The handlers of POST …/schedules/trigger and
 * GET …/schedules/<uuid> and the CLI's `add-schedule-for-process` call them.
 */
import { randomUUID } from 'node:crypto';
import type { Sensor } from '../core/assets/model.js';
import { FlexValidationError, parseStorageFlexConfig, type SensorLookup, type StorageFlexConfig } from '../core/flex/index.js';
import {
  DEFAULT_SCHEDULE_WINDOW_MS,
  JOB_CACHE_TTL_MS,
  PLANNING_TTL_MS,
  emptyWindowMessage,
  isJobId,
  missingSchedule,
  pendingJob,
  powerSensorContext,
  queueExpired,
  referencedSensorIds,
  scheduleWindow,
  selectScheduler,
  sensorInfo,
  triggerRequestHash,
  triggerWindow,
  unknownJob,
  type PendingAnswer,
} from '../core/jobs.js';
import { canSensor, type Actor } from '../core/permissions.js';
import { parseProcessFlexConfig, PROCESS_SCHEDULER, type ProcessFlexConfig } from '../core/process/index.js';
import { durationFrom, formatDatetime, formatDurationHours, parseAwareDatetime } from '../core/time/index.js';
import { FlexConfigError, ForbiddenError, ResponseError, ServiceUnavailableError, usef, type FieldErrors, type Json } from '../core/errors.js';
import type { Ports } from '../core/ports/index.js';
import type { Job, JobRequest } from '../core/ports/jobs.js';
import { ownedBy, readableSensorMap } from './assets.js';
import { loadScheduledSensor } from './schedule-inputs.js';

/**
 * The sensors a flex config may refer to, for the flex validation: those that exist and that the
 * caller may read. Others count as missing ("No sensor found with id …"), so a schedule never reads
 * data of a sensor its requester could not read, and a caller learns nothing about other accounts.
 */
export async function readableSensors(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, ids: readonly number[]): Promise<SensorLookup> {
  const sensors = await readableSensorMap(deps, actor, ids);
  return (id) => (sensors.has(id) ? sensorInfo(sensors.get(id)!) : undefined);
}

/** A trigger request's body, as the route's schema has validated it. */
export interface TriggerBody {
  start: string;
  duration?: string;
  prior?: string;
  'flex-model'?: Record<string, unknown>;
  'flex-context'?: Record<string, unknown>;
  force_new_job_creation?: boolean;
}

/**
 * POST …/sensors/<id>/schedules/trigger after the sensor was found and the body validated: create-children
 * on the sensor (403) → scheduler selection by asset type (422, plain string; storage or process) →
 * timing and the flex-model / flex-context validation of that scheduler (422 in FlexMeasures'
 * field-error shape) → the job. Resolves to the job id.
 */
export async function triggerSchedule(deps: Ports, actor: Actor, sensor: Sensor, body: TriggerBody): Promise<string> {
  if (!canSensor(actor, await ownedBy(deps, sensor.accountId), 'create-children')) {
    throw new ForbiddenError(`user ${actor.userId} may not schedule sensor ${sensor.id}`);
  }
  const asset = await deps.assets.getAsset(sensor.genericAssetId);
  const typeId = asset?.genericAssetTypeId ?? 0;
  const type = (await deps.assets.getAssetType(typeId)) ?? { id: typeId, name: '' };
  const selected = selectScheduler(sensor.attributes, type);
  if ('error' in selected) throw new FlexConfigError(selected.error);

  const window = triggerWindow(body, sensor.timezone || 'UTC', deps.settings.planningHorizonMs);
  if ('error' in window) throw new FlexConfigError(window.error);
  const { start, endMs: end } = window;
  const flexModel = body['flex-model'] ?? {};
  const flexContext = body['flex-context'] ?? {};
  const lookup = await readableSensors(deps, actor, referencedSensorIds(flexModel, flexContext));
  let flexConfig: StorageFlexConfig | ProcessFlexConfig;
  try {
    const request = { sensor: powerSensorContext(sensor, asset), startMs: start.ms, endMs: end, flexModel, flexContext, sensors: lookup };
    flexConfig =
      selected.scheduler === PROCESS_SCHEDULER
        ? parseProcessFlexConfig({ ...request, relations: (await loadScheduledSensor(deps, sensor.id)).relations })
        : parseStorageFlexConfig(request, { maxPlanningHorizon: deps.settings.maxPlanningHorizon });
  } catch (err) {
    if (err instanceof FlexValidationError) throw new FlexConfigError(err.messages as FieldErrors | string);
    throw err;
  }
  if (flexConfig.steps === 0) throw new FlexConfigError(emptyWindowMessage(start));

  return submitScheduleJob(deps, {
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
  });
}

/** A validated trigger request: the job's request, its scheduler, and how to submit it. */
export interface ScheduleSubmission extends JobRequest {
  scheduler: string;
  forceNewJob: boolean;
  /** False: write the job item only (the admin CLI then runs the job itself); default true. */
  queue?: boolean;
}

/**
 * Submits a scheduling job and returns its id: an identical request of the last hour gets that
 * request's job id, whatever its state (decision 0006), unless a new job is forced. Otherwise the job
 * item is written (queued, kept 7 days) and the request claimed for it with a conditional write,
 * so that of identical requests racing each other exactly one job survives (the others discard
 * theirs and answer with the winner's id); then its message is sent. If the message cannot be
 * sent, the job is marked failed (never left queued), the request is let go (a retry makes a new
 * job) and the client gets a 503 with `Retry-After`.
 */
export async function submitScheduleJob(deps: Pick<Ports, 'jobs' | 'queue' | 'clock' | 'log'>, s: ScheduleSubmission): Promise<string> {
  const now = deps.clock();
  const { scheduler, forceNewJob, queue, ...request } = s;
  const { flexConfig: _config, ...identity } = request;
  const hash = triggerRequestHash(identity);
  const { jobs } = deps;
  if (!forceNewJob) {
    const existing = await jobs.findDuplicate(hash, now);
    if (existing) return existing;
  }
  const job: Job = {
    id: randomUUID(),
    status: 'queued',
    scheduler,
    request,
    requestHash: hash,
    createdAt: now,
    expiresAt: now + PLANNING_TTL_MS,
  };
  await jobs.create(job);
  const bestEffort = async (step: () => Promise<unknown>): Promise<void> => {
    // Clean-up after a failure: its own failure is logged, the original error is what the client sees.
    try {
      await step();
    } catch (err) {
      deps.log.warn('A clean-up step failed', err as Error);
    }
  };
  let holder: string;
  try {
    holder = await jobs.claimRequest(hash, job.id, now, now + JOB_CACHE_TTL_MS, forceNewJob);
  } catch (err) {
    await bestEffort(() => jobs.discard(job.id));
    throw err;
  }
  if (holder !== job.id) {
    await bestEffort(() => jobs.discard(job.id));
    return holder;
  }
  if (queue === false) return job.id;
  try {
    await deps.queue.send({ jobId: job.id });
  } catch (err) {
    deps.log.error('Could not queue a scheduling job', { jobId: job.id, error: err as Error });
    await bestEffort(() => jobs.fail(job.id, { type: 'Exception', message: 'The job could not be queued.' }, now, PLANNING_TTL_MS));
    await bestEffort(() => jobs.releaseRequest(hash, job.id));
    throw new ServiceUnavailableError();
  }
  return job.id;
}

/** Throws a core job answer (UNKNOWN_SCHEDULE, UNRECOGNIZED_UDI_EVENT) as FlexMeasures' USEF body. */
function rejectWith(answer: PendingAnswer): never {
  throw new ResponseError(answer.http, usef(answer.status, answer.message));
}

const INVALID_PERIOD = "A time period in your request doesn't seem right. Cannot parse 'duration' value.";

/** The requested window length: default PT6H; a zero (or negative) duration is a 400 INVALID_PERIOD. */
function requestedDuration(duration: string | undefined, at: number): number {
  if (duration === undefined) return DEFAULT_SCHEDULE_WINDOW_MS;
  // A nominal duration (P1M) is far beyond the planning horizon anyway; ground it on now in UTC.
  const ms = durationFrom(at, duration);
  if (ms <= 0) throw new ResponseError(400, usef('INVALID_PERIOD', INVALID_PERIOD));
  return ms;
}

/**
 * GET …/sensors/<id>/schedules/<uuid> after the sensor was found and the query validated: a zero
 * duration (400 INVALID_PERIOD) → read on the sensor (403) → the job. Unknown, expired and other
 * sensors' jobs → UNRECOGNIZED_UDI_EVENT; queued, running and failed jobs → UNKNOWN_SCHEDULE with
 * FlexMeasures' texts (the Python client polls on "Scheduling job waiting"/"in progress"); a
 * finished job → the window [start, start + min(duration, planning horizon)) of its schedule,
 * consumption positive, with `scheduler_info` (decision 0028). The values come from the job itself,
 * the very schedule the solver stored as beliefs.
 */
export async function getSchedule(
  deps: Pick<Ports, 'accounts' | 'jobs' | 'settings' | 'clock'>,
  actor: Actor,
  sensor: Sensor,
  jobId: string,
  duration: string | undefined,
): Promise<Json> {
  const at = deps.clock();
  const requestedMs = requestedDuration(duration, at);
  if (!canSensor(actor, await ownedBy(deps, sensor.accountId), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read sensor ${sensor.id}`);
  }
  const job = isJobId(jobId) ? await deps.jobs.get(jobId, at) : null;
  if (!job || job.request.sensorId !== sensor.id || queueExpired(job, at)) rejectWith(unknownJob(jobId));
  const pending = pendingJob(job);
  if (pending) rejectWith(pending);
  const window = job.result ? scheduleWindow(job.result, requestedMs, deps.settings.planningHorizonMs) : null;
  if (!window) rejectWith(missingSchedule(job));

  return {
    duration: formatDurationHours(window.durationMs),
    message: `Request has been processed. ${job.scheduler} was used.`,
    scheduler_info: { scheduler: job.scheduler, ...job.result!.info } as Json,
    start: formatDatetime(window.start, 0),
    status: 'PROCESSED',
    unit: job.result!.unit,
    values: window.values,
  };
}
