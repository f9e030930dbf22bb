/**
 * `add-schedule-for-process`: FlexMeasures' `add schedule for-process` on the same path as the
 * trigger endpoint — the process flex-model validation of core/process, a job item of the job
 * store (functions/app/schedules.ts), and the solver's job run (functions/app/schedule-jobs.ts), executed right here instead of through
 * the queue. The schedule is stored as beliefs of the power sensor (data source Seita /
 * ProcessScheduler / 1), and the job can be read with GET …/schedules/<job id> like any other.
 *
 * Differences from FlexMeasures' command: `--process-power` is converted to the sensor's unit (not
 * always to MW); there is no `--as-job` (the CLI reaches the stores, not the queue).
 */
import type { Command } from 'commander';
import { FlexValidationError } from '../../functions/core/flex/index.js';
import { sensorInfo } from '../../functions/core/jobs.js';
import { parseProcessFlexConfig, PROCESS_SCHEDULER, PROCESS_TYPES } from '../../functions/core/process/index.js';
import { formatDatetime, parseAwareDatetime, parseDuration, addDuration, TimeFormatError } from '../../functions/core/time/index.js';
import { isPowerUnit } from '../../functions/core/units/index.js';
import { submitScheduleJob } from '../../functions/app/schedules.js';
import { loadScheduledSensor } from '../../functions/app/schedule-inputs.js';
import { runScheduleJob } from '../../functions/app/schedule-jobs.js';
import type { Ports } from '../../functions/core/ports/index.js';
import { CliError, type CliIo } from './io.js';
import type { Run } from './program.js';

interface ProcessOptions {
  sensor: string;
  consumptionPriceSensor?: string;
  start: string;
  duration: string;
  processDuration: string;
  processType: string;
  processPower: string;
  forbid: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

function integerOption(value: string, option: string): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${option}: not a sensor id: ${value}`);
  return Number(value);
}

function timeOption<T>(read: () => T, option: string): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof TimeFormatError) throw new CliError(`${option}: ${err.message}`);
    throw err;
  }
}

export function registerScheduleCommands(program: Command, run: Run): void {
  program
    .command('add-schedule-for-process')
    .description('compute and store a process schedule (INFLEXIBLE, SHIFTABLE or BREAKABLE) for a power sensor')
    .requiredOption('--sensor <id>', 'the power sensor to schedule')
    .option('--consumption-price-sensor <id>', 'price sensor (default: the asset\'s consumption price sensor or market_id attribute)')
    .requiredOption('--start <datetime>', 'window start, ISO 8601 with a UTC offset')
    .requiredOption('--duration <duration>', 'window length, ISO 8601, e.g. PT24H')
    .requiredOption('--process-duration <duration>', 'how long the process runs, ISO 8601, e.g. PT4H')
    .option('--process-type <type>', `one of ${PROCESS_TYPES.join(', ')} (any case)`, 'SHIFTABLE')
    .requiredOption('--process-power <quantity>', 'power while running, e.g. 0.4MW or 15 kW (converted to the sensor unit)')
    .option('--forbid <json>', 'a time restriction {"start": …, "duration": …}; repeatable', collect, [])
    .action((options: ProcessOptions) =>
      run(async (io: CliIo, deps: Ports) => {
        const sensorId = integerOption(options.sensor, '--sensor');
        if (!(await deps.assets.getSensor(sensorId))) throw new CliError(`No sensor with id ${sensorId}.`);
        const scheduled = await loadScheduledSensor(deps, sensorId);
        const { sensor } = scheduled;
        if (!isPowerUnit(sensor.unit)) throw new CliError(`Sensor with ID ${sensorId} is not a power sensor.`);
        const start = timeOption(() => parseAwareDatetime(options.start), '--start');
        const end = timeOption(() => addDuration(start.ms, parseDuration(options.duration), sensor.timezone || 'UTC'), '--duration');
        if (end <= start.ms) throw new CliError('--duration: the window must not be empty.');
        const forbid = options.forbid.map((text) => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            throw new CliError(`--forbid: not JSON: ${text}`);
          }
        });
        const flexModel: Record<string, unknown> = {
          duration: options.processDuration,
          power: options.processPower,
          'process-type': options.processType.toUpperCase(),
          'time-restrictions': forbid,
        };
        const flexContext: Record<string, unknown> = {};
        const referenced: number[] = [];
        if (options.consumptionPriceSensor !== undefined) {
          const id = integerOption(options.consumptionPriceSensor, '--consumption-price-sensor');
          flexContext['consumption-price-sensor'] = id;
          referenced.push(id);
        }
        const found = referenced.length ? await deps.assets.getSensors(referenced) : new Map();
        let flexConfig;
        try {
          flexConfig = parseProcessFlexConfig({
            sensor: scheduled.context,
            startMs: start.ms,
            endMs: end,
            flexModel,
            flexContext,
            sensors: (id) => (found.has(id) ? sensorInfo(found.get(id)!) : undefined),
            relations: scheduled.relations,
          });
        } catch (err) {
          if (err instanceof FlexValidationError) {
            throw new CliError(typeof err.messages === 'string' ? err.messages : JSON.stringify(err.messages));
          }
          throw err;
        }

        const jobId = await submitScheduleJob(deps, {
          sensorId,
          scheduler: PROCESS_SCHEDULER,
          start: start.ms,
          end,
          resolutionMs: sensor.event_resolution,
          prior: null,
          flexModel,
          flexContext,
          flexConfig,
          forceNewJob: true,
          queue: false,
        });
        await runScheduleJob(deps, jobId, { lastAttempt: true });
        const job = await deps.jobs.get(jobId, deps.clock());
        if (job?.status !== 'done' || !job.result) {
          throw new CliError(`Scheduling job ${jobId} failed with ${job?.error?.type ?? 'Exception'}: ${job?.error?.message ?? 'unknown reason'}.`);
        }
        const result = job.result;
        const on = result.values.map((v, j) => (v !== 0 ? j : -1)).filter((j) => j >= 0);
        const info = result.info as { expected_cost?: number | null; expected_cost_unit?: string | null };
        io.out(`Scheduling job ${jobId}: ${PROCESS_SCHEDULER} for sensor ${sensorId} (${sensor.name}, ${sensor.unit}).`);
        io.out(
          `Runs ${on.length} of ${result.values.length} steps at ${flexConfig.flexModel.power} ${sensor.unit}` +
            (on.length ? `, first from ${formatDatetime(result.start + on[0]! * result.resolutionMs, 0)}` : '') +
            (info.expected_cost !== null && info.expected_cost !== undefined ? `; expected cost ${info.expected_cost} ${info.expected_cost_unit ?? ''}`.trimEnd() : '') +
            '.',
        );
        io.out(`Stored ${result.values.length} beliefs as data source ${result.sourceId} (Seita, ${PROCESS_SCHEDULER}, version 1).`);
      }),
    );
}
