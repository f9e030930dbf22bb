/**
 * What the scheduling endpoints share: the planning-horizon settings, the sensors a caller may refer
 * to in a flex config, submitting a job (de-duplication, job item, queue message), and turning the
 * core's job answers into FlexMeasures' USEF bodies.
 */
import { randomUUID } from 'node:crypto';
import type { Sensor } from '../core/assets/model.js';
import type { FlexConfigOptions, SensorLookup, StorageFlexConfig } from '../core/flex/index.js';
import type { ProcessFlexConfig } from '../core/process/index.js';
import {
  DEFAULT_PLANNING_HORIZON_MS,
  JOB_CACHE_TTL_MS,
  PLANNING_TTL_MS,
  sensorInfo,
  triggerRequestHash,
  type PendingAnswer,
} from '../core/jobs.js';
import { canSensor, type Actor } from '../core/permissions.js';
import { parseFixedDuration } from '../core/time/index.js';
import { assetStore, jobQueue, jobStore, ports } from '../stores/index.js';
import type { Job } from '../core/ports/jobs.js';
import { ownersOf } from '../app/assets.js';
import { ResponseError, ServiceUnavailableError, usef } from '../core/errors.js';
import { logger } from '../lambda/logger.js';

/** FLEXMEASURES_PLANNING_HORIZON (ISO 8601 duration, default P2D): default trigger duration and cap of the GET window. */
export function planningHorizonMs(): number {
  const raw = process.env.FLEXMEASURES_PLANNING_HORIZON;
  if (!raw) return DEFAULT_PLANNING_HORIZON_MS;
  const ms = parseFixedDuration(raw);
  if (!(ms > 0)) throw new Error(`FLEXMEASURES_PLANNING_HORIZON must be a positive duration, got ${raw}`);
  return ms;
}

/**
 * FLEXMEASURES_MAX_PLANNING_HORIZON: a number of steps (default 2520), an ISO 8601 duration, or
 * `null` for no cap. It caps how far list-form SoC targets extend a schedule.
 */
export function maxPlanningHorizon(): FlexConfigOptions['maxPlanningHorizon'] {
  const raw = process.env.FLEXMEASURES_MAX_PLANNING_HORIZON?.trim();
  if (!raw) return undefined;
  if (raw === 'null' || raw === 'none') return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  return { ms: parseFixedDuration(raw) };
}

/**
 * The sensors a flex config may refer to, for the flex validation: those that exist and that the
 * caller may read. Others count as missing ("No sensor found with id …"), so a schedule never reads
 * data of a sensor its requester could not read, and a caller learns nothing about other accounts.
 */
export async function readableSensors(actor: Actor, ids: readonly number[]): Promise<{ lookup: SensorLookup; sensors: Map<number, Sensor> }> {
  const found = ids.length ? await assetStore().getSensors(ids) : new Map<number, Sensor>();
  const owners = await ownersOf(ports(), [...found.values()].map((s) => s.accountId));
  const sensors = new Map([...found].filter(([, s]) => canSensor(actor, owners.get(s.accountId)!, 'read')));
  return { lookup: (id) => (sensors.has(id) ? sensorInfo(sensors.get(id)!) : undefined), sensors };
}

/** A validated trigger request. */
export interface ScheduleSubmission {
  sensorId: number;
  scheduler: string;
  start: number;
  /** `start + duration` as requested. */
  end: number;
  resolutionMs: number;
  prior: number | null;
  flexModel: Record<string, unknown>;
  flexContext: Record<string, unknown>;
  flexConfig: StorageFlexConfig | ProcessFlexConfig;
  forceNewJob: boolean;
  now: number;
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
export async function submitScheduleJob(s: ScheduleSubmission): Promise<string> {
  const hash = triggerRequestHash({
    sensorId: s.sensorId,
    start: s.start,
    end: s.end,
    resolutionMs: s.resolutionMs,
    prior: s.prior,
    flexModel: s.flexModel,
    flexContext: s.flexContext,
  });
  const jobs = jobStore();
  if (!s.forceNewJob) {
    const existing = await jobs.findDuplicate(hash, s.now);
    if (existing) return existing;
  }
  const job: Job = {
    id: randomUUID(),
    status: 'queued',
    scheduler: s.scheduler,
    request: {
      sensorId: s.sensorId,
      start: s.start,
      end: s.end,
      resolutionMs: s.resolutionMs,
      prior: s.prior,
      flexModel: s.flexModel,
      flexContext: s.flexContext,
      flexConfig: s.flexConfig,
    },
    requestHash: hash,
    createdAt: s.now,
    expiresAt: s.now + PLANNING_TTL_MS,
  };
  await jobs.create(job);
  let holder: string;
  try {
    holder = await jobs.claimRequest(hash, job.id, s.now, s.now + JOB_CACHE_TTL_MS, s.forceNewJob);
  } catch (err) {
    await bestEffort(() => jobs.discard(job.id));
    throw err;
  }
  if (holder !== job.id) {
    await bestEffort(() => jobs.discard(job.id));
    return holder;
  }
  if (s.queue === false) return job.id;
  try {
    await jobQueue().send({ jobId: job.id });
  } catch (err) {
    logger.error('Could not queue a scheduling job', { jobId: job.id, error: err as Error });
    await bestEffort(() => jobs.fail(job.id, { type: 'Exception', message: 'The job could not be queued.' }, s.now, PLANNING_TTL_MS));
    await bestEffort(() => jobs.releaseRequest(hash, job.id));
    throw new ServiceUnavailableError();
  }
  return job.id;
}

/** Clean-up after a failure: its own failure is logged, the original error is what the client sees. */
async function bestEffort(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    logger.warn('A clean-up step failed', err as Error);
  }
}

/** Throws a core job answer (UNKNOWN_SCHEDULE, UNRECOGNIZED_UDI_EVENT) as FlexMeasures' USEF body. */
export function rejectWith(answer: PendingAnswer): never {
  throw new ResponseError(answer.http, usef(answer.status, answer.message));
}
