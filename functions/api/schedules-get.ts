/**
 * GET /api/v3_0/sensors/<id>/schedules/<uuid> — a schedule by job id (docs/contract/api.md §7.4).
 * Order: 401 → 404 (sensor) → `duration` (422 under `args_and_json`; zero → 400 INVALID_PERIOD) →
 * read on the sensor (403) → job look-up. Unknown, expired and other sensors' jobs →
 * UNRECOGNIZED_UDI_EVENT; queued, running and failed jobs → UNKNOWN_SCHEDULE with FlexMeasures'
 * texts (the Python client polls on "Scheduling job waiting"/"in progress"); a finished job → the
 * window [start, start + min(duration, planning horizon)) of its schedule, consumption positive,
 * with `scheduler_info` (decision 0028). The values come from the job itself, the very schedule the
 * solver stored as beliefs.
 */
import { DEFAULT_SCHEDULE_WINDOW_MS, isJobId, missingSchedule, pendingJob, queueExpired, scheduleWindow, unknownJob } from '../core/jobs.js';
import { canSensor } from '../core/permissions.js';
import { durationFrom, formatDatetime, formatDurationHours } from '../core/time/index.js';
import { ownedBy } from '../app/assets.js';
import { loadSensor } from '../app/sensors.js';
import { authenticate } from '../http/auth.js';
import { now } from '../lambda/clock.js';
import { ForbiddenError, ResponseError, usef, type Json } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import type { Request } from '../http/request.js';
import { planningHorizonMs, rejectWith } from '../http/schedules.js';
import { jobStore, ports } from '../stores/index.js';
import { getScheduleQuery } from '../../schemas/generated/validators.js';

const INVALID_PERIOD = "A time period in your request doesn't seem right. Cannot parse 'duration' value.";

/** The requested window length: default PT6H; a zero (or negative) duration is a 400 INVALID_PERIOD. */
function requestedDuration(req: Request, at: number): number {
  const { duration } = req.args<{ duration?: string }>(getScheduleQuery);
  if (duration === undefined) return DEFAULT_SCHEDULE_WINDOW_MS;
  // A nominal duration (P1M) is far beyond the planning horizon anyway; ground it on now in UTC.
  const ms = durationFrom(at, duration);
  if (ms <= 0) throw new ResponseError(400, usef('INVALID_PERIOD', INVALID_PERIOD));
  return ms;
}

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const sensor = await loadSensor(ports(), req.pathInt('id'));
  const at = now();
  const requestedMs = requestedDuration(req, at);
  if (!canSensor(actor, await ownedBy(ports(), sensor.accountId), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read sensor ${sensor.id}`);
  }

  const id = req.pathString('uuid');
  const job = isJobId(id) ? await jobStore().get(id, at) : null;
  if (!job || job.request.sensorId !== sensor.id || queueExpired(job, at)) rejectWith(unknownJob(id));
  const pending = pendingJob(job);
  if (pending) rejectWith(pending);
  const window = job.result ? scheduleWindow(job.result, requestedMs, planningHorizonMs()) : null;
  if (!window) rejectWith(missingSchedule(job));

  return reply({
    duration: formatDurationHours(window.durationMs),
    message: `Request has been processed. ${job.scheduler} was used.`,
    scheduler_info: { scheduler: job.scheduler, ...job.result!.info } as Json,
    start: formatDatetime(window.start, 0),
    status: 'PROCESSED',
    unit: job.result!.unit,
    values: window.values,
  });
});
