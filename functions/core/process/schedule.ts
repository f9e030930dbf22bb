/**
 * A process schedule from a validated process flex configuration and its prices: prices laid onto
 * the power sensor's grid (resampled, gaps filled as for storage schedules, with a note), the
 * placement, the values per step, and `scheduler_info` with the expected cost. Pure: no I/O.
 */
import { normalisedPriceUnit, quantityOnSteps } from '../flex/problem.js';
import type { SensorInfo } from '../flex/quantity.js';
import { padPrices, stepMeans, type Grid, type SensorValue } from '../flex/resample.js';
import { schedulerSource } from '../scheduler-source.js';
import { SchedulingError } from '../scheduling/errors.js';
import { convert, convertNullable, costUnit, isConvertible, UnitConversionError } from '../units/index.js';
import type { ProcessFlexConfig, ProcessPriceSource } from './flex-model.js';
import { placeProcess, restrictionMask } from './placement.js';

/** The scheduler's name (job records, data source model, GET messages). */
export const PROCESS_SCHEDULER = 'ProcessScheduler';

/** The data source a ProcessScheduler writes its schedules with. */
export const PROCESS_SCHEDULER_SOURCE = schedulerSource(PROCESS_SCHEDULER, '1');

/** Prices per step of the schedule grid (`null` where unknown), with their unit and where they came from. */
export interface StepPrices {
  values: (number | null)[];
  /** e.g. `EUR/MWh`; energy prices are normalised to `<currency>/MWh`. */
  unit?: string;
  /** `sensor 5` or the flex-context field, for messages. */
  label: string;
  /** Whether the prices come from a sensor (the "unknown prices" text then names it). */
  sensorId?: number;
}

/** Prices of a fixed quantity or a time series of the flex-context, per step. */
export function quantityPrices(source: Extract<ProcessPriceSource, { kind: 'quantity' }>, grid: Grid): StepPrices {
  const q = source.quantity;
  return { values: quantityOnSteps(q, grid), ...(q.unit ? { unit: q.unit } : {}), label: source.field };
}

/**
 * Prices of a price sensor per step: its values (one per event, in its unit) converted to
 * `<currency>/MWh` when they are energy prices, then averaged or repeated onto the grid.
 */
export function sensorPrices(sensorId: number, meta: SensorInfo, events: readonly SensorValue[], grid: Grid): StepPrices {
  const target = normalisedPriceUnit(meta.unit) ?? meta.unit;
  let converted: readonly SensorValue[] = events;
  if (target !== meta.unit) {
    try {
      const values = convertNullable(
        events.map((e) => (e.value === null || Number.isNaN(e.value) ? null : e.value)),
        meta.unit,
        target,
      );
      converted = events.map((e, i) => ({ eventStart: e.eventStart, value: values[i]! }));
    } catch (error) {
      if (error instanceof UnitConversionError) throw new SchedulingError('ValueError', `Sensor ${sensorId}: ${error.message}`);
      throw error;
    }
  }
  return { values: stepMeans(converted, meta.eventResolutionMs, grid), unit: target, label: `sensor ${sensorId}`, sensorId };
}

/** `scheduler_info` of a process schedule. */
export interface ProcessSchedulerInfo {
  [key: string]: unknown;
  scheduler: typeof PROCESS_SCHEDULER;
  /** Σ over the running steps of power × price × step length, in the price's currency (null without prices). */
  expected_cost: number | null;
  expected_cost_unit: string | null;
  /** Notes about the inputs, e.g. prices that had to be filled in. */
  warnings?: string[];
}

/** A computed process schedule. */
export interface ProcessSchedule {
  /** Power per step in the sensor's unit, consumption positive: `power` where the process runs, else 0. */
  values: number[];
  /** Which steps run. */
  on: boolean[];
  info: ProcessSchedulerInfo;
}

/** The "prices partially unknown" note, as storage schedules give it. */
function partialPricesNote(prices: StepPrices): string {
  return (
    `Prices partially unknown for planning window (${prices.label}); ` +
    'the first and last known prices are extended to the edges and gaps take the last known price.'
  );
}

/**
 * Computes the schedule. `prices` is undefined when the process has no price source (only allowed
 * for INFLEXIBLE). SHIFTABLE and BREAKABLE need at least one known price in the window
 * (`UnknownPricesException`); missing steps are filled (first and last known prices extended to the
 * edges, gaps take the last known price) and noted in `info.warnings`. INFLEXIBLE uses prices only
 * for the expected cost. Throws `SchedulingError`.
 */
export function scheduleProcess(config: ProcessFlexConfig, sensorUnit: string, prices: StepPrices | undefined): ProcessSchedule {
  const m = config.flexModel;
  const grid: Grid = { startMs: config.startMs, stepMs: config.stepMs, n: config.steps };
  if (grid.n <= 0) throw new SchedulingError('ValueError', 'The planning window contains no time steps');
  const warnings: string[] = [];
  const known = prices ? prices.values.filter((v) => v !== null).length : 0;
  let filled: number[] | undefined;
  if (prices && known > 0) {
    filled = padPrices(prices.values) as number[];
    if (known < grid.n) warnings.push(partialPricesNote(prices));
  }
  if (m.processType !== 'INFLEXIBLE' && !filled) {
    throw new SchedulingError(
      'UnknownPricesException',
      prices?.sensorId !== undefined ? `Prices unknown for planning window. (sensor ${prices.sensorId})` : 'Prices unknown for planning window',
    );
  }
  const on = placeProcess({
    type: m.processType,
    sense: m.sense,
    blockSteps: Math.ceil(m.durationMs / config.stepMs),
    restricted: restrictionMask(grid, m.timeRestrictions),
    ...(filled ? { prices: filled } : {}),
    durationText: m.durationText,
  });
  const values = on.map((x) => (x ? m.power : 0));
  const cost = filled ? expectedCost(values, filled, sensorUnit, config.stepMs) : null;
  const info: ProcessSchedulerInfo = {
    scheduler: PROCESS_SCHEDULER,
    expected_cost: cost,
    expected_cost_unit: cost === null ? null : costUnit(prices!.unit),
  };
  if (warnings.length) info.warnings = warnings;
  return { values, on, info };
}

/**
 * Σ power (MW) × price (per MWh) × step length (h), rounded to 6 decimals; null when the power
 * sensor's unit cannot be read as a power or energy.
 */
export function expectedCost(values: readonly number[], prices: readonly number[], sensorUnit: string, stepMs: number): number | null {
  if (!isConvertible(sensorUnit, 'MW')) return null;
  const mw = convert(values, sensorUnit, 'MW', stepMs);
  const hours = stepMs / 3_600_000;
  let sum = 0;
  mw.forEach((p, j) => {
    if (p !== 0) sum += p * prices[j]! * hours;
  });
  const rounded = Math.round(sum * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}

