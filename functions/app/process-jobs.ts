/**
 * Step 2 and 3 of a process scheduling job (see ./schedule-jobs.ts for the claim, retries and
 * failures): load the consumption prices as known at the belief time (the request's `prior`, else
 * when the job first ran), place the process, store the schedule as beliefs of the power sensor
 * under the data source Seita / ProcessScheduler / 1 (production positive for power sensors, as
 * storage schedules), and return the job's result with `scheduler_info`.
 */
import {
  PROCESS_SCHEDULER_SOURCE,
  processPriceSource,
  quantityPrices,
  scheduleProcess,
  sensorPrices,
  type ProcessFlexConfig,
  type StepPrices,
} from '../core/process/index.js';
import { SchedulingError } from '../core/scheduling/errors.js';
import type { Ports } from '../core/ports/index.js';
import type { Job, JobResult } from '../core/ports/jobs.js';
import { loadScheduledSensor, sensorValuesAsOf, storeSchedule, type ScheduledSensor } from './schedule-inputs.js';

/** Whether the job schedules a process (its flex configuration says so). */
export function isProcessJob(job: Job): job is Job & { request: { flexConfig: ProcessFlexConfig } } {
  const config = job.request.flexConfig;
  return 'kind' in config && config.kind === 'process';
}

/** The consumption prices on the schedule grid, or undefined when the process has no price source. */
async function loadPrices(
  deps: Pick<Ports, 'assets' | 'beliefs'>,
  config: ProcessFlexConfig,
  scheduled: ScheduledSensor,
  beliefTime: number,
): Promise<StepPrices | undefined> {
  const grid = { startMs: config.startMs, stepMs: config.stepMs, n: config.steps };
  const source = processPriceSource(config.flexContext, scheduled.context, scheduled.relations);
  if (!source) return undefined;
  if (source.kind === 'quantity') return quantityPrices(source, grid);
  const meta = await deps.assets.getSensor(source.sensorId);
  if (!meta) throw new SchedulingError('ValueError', `No sensor found with id ${source.sensorId}`);
  const window = { sensorId: meta.id, fromMs: config.startMs - meta.event_resolution, untilMs: config.startMs + config.steps * config.stepMs };
  const [events] = await sensorValuesAsOf(deps, [window], beliefTime);
  return sensorPrices(meta.id, { unit: meta.unit, eventResolutionMs: meta.event_resolution }, events!, grid);
}

/** Computes the process schedule of a claimed job and stores it; throws `SchedulingError` for a failed schedule. */
export async function computeAndStoreProcess(
  deps: Pick<Ports, 'assets' | 'beliefs' | 'clock' | 'log'>,
  job: Job & { request: { flexConfig: ProcessFlexConfig } },
): Promise<JobResult> {
  const config = job.request.flexConfig;
  const beliefTime = job.request.prior ?? job.firstStartedAt ?? job.startedAt ?? deps.clock();
  const scheduled = await loadScheduledSensor(deps, job.request.sensorId);
  const { sensor } = scheduled;
  const prices = await loadPrices(deps, config, scheduled, beliefTime);
  const schedule = scheduleProcess(config, sensor.unit, prices);
  for (const warning of schedule.info.warnings ?? []) deps.log.info('Scheduling note', { jobId: job.id, warning });

  const { sourceId } = await storeSchedule(deps, { ...PROCESS_SCHEDULER_SOURCE }, schedule.values, sensor, config, beliefTime);
  return {
    start: config.startMs,
    resolutionMs: config.stepMs,
    unit: sensor.unit,
    values: schedule.values,
    beliefTime,
    sourceId,
    info: schedule.info,
  };
}
