/**
 * Running one scheduling job — storage here, process jobs in ./process-jobs.ts (docs/contract/storage-scheduling.md, docs/contract/api.md §7.3/§7.4, docs/contract/aws-services.md §2.3/§4):
 *
 * 1. claim the job (queued → running, conditional): a duplicate delivery, or a job another run holds
 *    or has finished, is acknowledged without doing anything — never a second schedule;
 * 2. load the sensor, its asset tree and the sensor data as known at the belief time (the request's
 *    `prior`, else when the job first ran), build the problem, solve it with GLPK;
 * 3. store the schedule as beliefs of the power sensor (scheduler data source, production positive
 *    for power sensors), update the asset's `soc_in_mwh`/`soc_datetime` if it has them, and finish
 *    the job with the schedule and `scheduler_info`;
 * 4. on a scheduling failure (infeasible, unknown prices, bad data): fail the job with the exception
 *    type and text FlexMeasures would show. On any other error: give the job back (running → queued)
 *    and rethrow so the message is retried — unless this is the message's last delivery, which fails
 *    the job with the error instead, so no job is ever left waiting or running for good.
 */
import { randomUUID } from 'node:crypto';
import { buildStorageProblem, scheduleInSensorUnit, type StorageFlexConfig } from '../core/flex/index.js';
import { jobIdOf, PLANNING_TTL_MS, queueExpired, STORAGE_SCHEDULER_SOURCE, storageSchedulerInfo } from '../core/jobs.js';
import { SchedulingError, scheduleStorage } from '../core/scheduling/index.js';
import { formatDatetime, zoneOffsetMinutes } from '../core/time/index.js';
import { UnitConversionError } from '../core/units/index.js';
import type { Ports } from '../core/ports/index.js';
import { UnstorableBeliefError } from '../core/ports/beliefs.js';
import type { Job, JobFailure, JobResult } from '../core/ports/jobs.js';
import { loadScheduledSensor, loadSensorData, storeSchedule, type ScheduledSensor } from './schedule-inputs.js';
import { computeAndStoreProcess, isProcessJob } from './process-jobs.js';

/** The ports a job run uses (the lease and the GLPK settings come from `settings`). */
export type JobRunPorts = Pick<Ports, 'assets' | 'beliefs' | 'jobs' | 'settings' | 'clock' | 'log'>;

export interface RunOptions {
  /** This is the message's last delivery: a failure of any kind fails the job. */
  lastAttempt: boolean;
  /**
   * Called once the job is claimed, before its schedule is computed. Nothing passes it in the
   * cloud; the local runtime's solver worker passes it only when a test asks to hold a solve on
   * purpose (local/solver-worker.ts).
   */
  onClaimed?: (jobId: string) => void;
}

/** What became of a delivery. */
export type RunOutcome =
  /** The schedule was computed and stored. */
  | 'done'
  /** The job failed (scheduling failure, or any failure on the last delivery). */
  | 'failed'
  /** Nothing to do: unknown or expired job, already finished or failed, or another run holds it. */
  | 'skipped';

/** Errors that a retry cannot fix: the job fails at once with FlexMeasures' exception type and text. */
function permanentFailure(err: unknown): JobFailure | null {
  if (err instanceof SchedulingError) return { type: err.excType, message: err.text };
  if (err instanceof UnitConversionError || err instanceof UnstorableBeliefError) return { type: 'ValueError', message: err.message };
  return null;
}

/** Runs the job of one queue message; throws only when the message should be delivered again. */
export async function runScheduleJob(deps: JobRunPorts, jobId: string, options: RunOptions): Promise<RunOutcome> {
  const { jobs, clock: now, log: logger } = deps;
  const existing = await jobs.get(jobId, now());
  if (!existing || queueExpired(existing, now())) {
    logger.warn('Scheduling job unknown, expired or too long in the queue; message dropped', { jobId });
    return 'skipped';
  }
  const runId = randomUUID();
  const job = await jobs.claim(jobId, now(), { runId, leaseMs: deps.settings.jobLeaseMs });
  if (!job) {
    logger.info('Scheduling job not claimed (duplicate delivery, or already handled)', { jobId, status: existing.status });
    return 'skipped';
  }
  logger.info('Scheduling job started', { jobId, sensorId: job.request.sensorId, attempt: job.attempts });
  try {
    options.onClaimed?.(jobId);
    const result = isProcessJob(job) ? await computeAndStoreProcess(deps, job) : await computeAndStore(deps, job);
    const finished = await jobs.finish(jobId, result, now(), PLANNING_TTL_MS, runId);
    if (!finished) logger.warn('Scheduling job was taken over or ended by another run; its result stands', { jobId });
    else logger.info('Scheduling job done', { jobId, solver: result.info.solver });
    return finished ? 'done' : 'skipped';
  } catch (err) {
    const permanent = permanentFailure(err);
    if (permanent || options.lastAttempt) {
      const failure = permanent ?? { type: (err as Error)?.name || 'Exception', message: (err as Error)?.message || String(err) };
      logger.warn('Scheduling job failed', { jobId, failure, lastAttempt: options.lastAttempt });
      await jobs.fail(jobId, failure, now(), PLANNING_TTL_MS);
      return 'failed';
    }
    logger.error('Scheduling job hit an error; the message will be retried', { jobId, error: err as Error });
    await jobs.release(jobId, runId);
    throw err;
  }
}

/** Steps 2 and 3 of the module comment: the schedule, stored as beliefs, as the job's result. */
async function computeAndStore(deps: JobRunPorts, job: Job): Promise<JobResult> {
  const config = job.request.flexConfig as StorageFlexConfig;
  const beliefTime = job.request.prior ?? job.firstStartedAt ?? job.startedAt ?? deps.clock();
  const scheduled = await loadScheduledSensor(deps, job.request.sensorId);
  const { sensor } = scheduled;
  const data = await loadSensorData(deps, config, scheduled, beliefTime);
  const built = buildStorageProblem(config, { sensor: scheduled.context, sensors: data.lookup, values: data.values, relations: scheduled.relations });
  for (const warning of built.warnings) deps.log.info('Scheduling note', { jobId: job.id, warning });
  const schedule = await scheduleStorage(built.problem, deps.settings.solve);
  const values = scheduleInSensorUnit(schedule.power, sensor.unit, config.stepMs);

  const { sourceId } = await storeSchedule(deps, { ...STORAGE_SCHEDULER_SOURCE }, values, sensor, config, beliefTime);
  await persistSoc(deps, scheduled, config.flexModel.socAtStart, config.startMs);

  return {
    start: config.startMs,
    resolutionMs: config.stepMs,
    unit: sensor.unit,
    values,
    beliefTime,
    sourceId,
    info: storageSchedulerInfo(schedule, {
      stepMs: config.stepMs,
      ...(built.priceUnit ? { priceUnit: built.priceUnit } : {}),
      ...(config.flexModel.socUnit ? { socUnit: config.flexModel.socUnit } : {}),
    }),
  };
}

/**
 * FlexMeasures writes the SoC at the start and the start itself to the asset attributes
 * `soc_in_mwh` and `soc_datetime` after a successful run, but only those the asset already has.
 */
async function persistSoc(deps: Pick<Ports, 'assets'>, scheduled: ScheduledSensor, socAtStart: number, startMs: number): Promise<void> {
  const { asset, sensor } = scheduled;
  if (!asset) return;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(asset.attributes, key);
  if (!has('soc_in_mwh') && !has('soc_datetime')) return;
  const attributes = { ...asset.attributes };
  if (has('soc_in_mwh')) attributes.soc_in_mwh = socAtStart;
  if (has('soc_datetime')) attributes.soc_datetime = formatDatetime(startMs, zoneOffsetMinutes(startMs, sensor.timezone || 'UTC'));
  await deps.assets.updateAsset(asset.id, { attributes });
}

/**
 * The solver's handling of one queue message (SQS event source mapping, batch size 1): a body
 * without a job id is dropped (logged); otherwise the job is run, the delivery being its last when
 * `receiveCount` reached the queue's maxReceiveCount (`settings.jobMaxReceiveCount`), so a job never
 * stays "running" for good. Throws only when the message should be delivered again.
 */
export async function runScheduleMessage(
  deps: JobRunPorts,
  message: { messageId: string; body: string; receiveCount: number },
  options: Omit<RunOptions, 'lastAttempt'> = {},
): Promise<RunOutcome | 'dropped'> {
  const jobId = jobIdOf(message.body);
  if (!jobId) {
    deps.log.error('Scheduling message without a job id; dropped', { messageId: message.messageId, body: message.body.slice(0, 200) });
    return 'dropped';
  }
  return runScheduleJob(deps, jobId, { ...options, lastAttempt: message.receiveCount >= deps.settings.jobMaxReceiveCount });
}

/** The failure recorded for a dead-lettered job (after `attempts` deliveries: the queue's maxReceiveCount). */
export function deadLetterFailure(attempts: number): JobFailure {
  return {
    type: 'JobTimeoutException',
    message: `The job did not finish in ${attempts} attempts: each run timed out or crashed before it could report`,
  };
}

/**
 * A message of the dead-letter queue: it got there after maxReceiveCount deliveries that all ended
 * without an answer (the solver timed out or crashed each time, so its last-delivery catch could
 * not run). Its job is marked failed, so clients polling GET …/schedules/<uuid> get the reason
 * instead of waiting forever; jobs already finished or failed are left as they are. Resolves to
 * whether the job was marked failed.
 */
export async function failDeadLetteredJob(
  deps: Pick<Ports, 'jobs' | 'settings' | 'clock' | 'log'>,
  message: { messageId: string; body: string },
): Promise<boolean> {
  const jobId = jobIdOf(message.body);
  if (!jobId) {
    deps.log.error('Dead-lettered message without a job id', { messageId: message.messageId });
    return false;
  }
  const failed = await deps.jobs.fail(jobId, deadLetterFailure(deps.settings.jobMaxReceiveCount), deps.clock(), PLANNING_TTL_MS);
  deps.log.warn('Dead-lettered scheduling job', { jobId, markedFailed: failed });
  return failed;
}
