/**
 * Turning a posted time series (POST /api/v3_0/sensors/data, docs/contract/api.md §7.1, docs/contract/beliefs-model.md §4, §7–§9)
 * into beliefs: resolution checks, upsampling (stock values split, others repeated: decision 0012),
 * unit conversion to the sensor unit, nulls dropped, and belief times from `prior`, `horizon` or now.
 */
import { formatPythonTimedelta } from '../time/index.js';
import {
  UnitConversionError,
  convertNullable,
  incompatibleUnitMessage,
  isConvertible,
  isStockUnit,
} from '../units/index.js';
import { beliefTimeFromHorizon, knowledgeTime } from './timing.js';
import { BeliefValidationError, DEFAULT_CUMULATIVE_PROBABILITY, type Belief, type SensorTiming } from './types.js';

/** The exact v0.23 message for several values with a zero duration (typo "definining" included). */
export const OVERLAPPING_INSTANTANEOUS_VALUES_MESSAGE =
  'Cannot save multiple instantaneous values that overlap. That is, two values spanning the same moment (a zero duration). ' +
  'Try sending a single value or definining a non-zero duration.';

/** `Resolution of <inferred> is incompatible with the sensor's required resolution of <required>.` (Python timedeltas). */
export function incompatibleResolutionMessage(inferredMs: number, requiredMs: number): string {
  return (
    `Resolution of ${formatPythonTimedelta(inferredMs)} is incompatible with the sensor's required resolution of ` +
    `${formatPythonTimedelta(requiredMs)}.`
  );
}

/** The `type` values of POST /sensors/data that add belief-horizon checks (rule 9). */
export const METER_DATA_HORIZON_MESSAGE = 'Meter data must lie in the past.';
export const PROGNOSIS_HORIZON_MESSAGE = 'Prognoses must lie in the future.';

/** The sensor facts a post needs. */
export interface PostTargetSensor {
  id: number;
  unit: string;
  timing: SensorTiming;
}

/** A parsed POST /sensors/data body (after datetime/duration parsing). */
export interface PostedSeries {
  /** Start of the first event, epoch ms. */
  start: number;
  /** Total span of all values, ms. */
  durationMs: number;
  /** Values; a single number (or null) counts as a one-item list. `undefined` = the field was omitted. */
  values: number | null | readonly (number | null)[] | undefined;
  /** The unit the values are given in. */
  unit: string;
  /** Belief time for every value (wins over `horizonMs`). */
  prior?: number;
  /** Belief horizon for every value, relative to each value's own knowledge time. */
  horizonMs?: number;
  /** The server's clock at the time of the request (injected). */
  now: number;
  /** The authenticated user's data source. */
  sourceId: number;
  /** The optional `type` field; PostMeterDataRequest / PostPrognosisRequest add horizon checks. */
  type?: string;
}

/** The outcome of `beliefsFromPostedSeries`. */
export interface PreparedSeries {
  /** Beliefs to store: values in the sensor unit, nulls dropped, ordered by event start. */
  beliefs: Belief[];
  /** `duration / len(values)` as posted. */
  inferredResolutionMs: number;
  /** How many sensor-resolution events each posted value became (1 when nothing was upsampled). */
  upsamplingFactor: number;
  /** Number of events after upsampling, nulls included. */
  eventCount: number;
}

const MICROS_PER_MS = 1000;

function normalizeValues(values: PostedSeries['values']): (number | null)[] {
  if (values === undefined) throw new BeliefValidationError('values', 'Missing data for required field.');
  const list = Array.isArray(values) ? (values as readonly (number | null)[]) : [values as number | null];
  if (list.length === 0) throw new BeliefValidationError('values', 'Shorter than minimum length 1.');
  for (const v of list) {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new BeliefValidationError('values', 'Not a valid number.');
    }
  }
  return list.slice();
}

/**
 * Validates a posted series against its sensor and turns it into beliefs (docs/contract/api.md §7.1 rules 1–9):
 *
 * 1. the unit must equal the sensor unit or be convertible to it;
 * 2. for a non-instantaneous sensor, `duration / len(values)` must be a (non-negative) whole multiple n
 *    of the sensor resolution;
 * 3. several values with a zero duration are rejected;
 * 4. upsampling by n: values in a stock unit are split (value / n), others repeated (decision 0012);
 * 5. conversion to the sensor unit, with the sensor resolution for stock↔flow conversions
 *    (instantaneous sensors have none: a 4xx here, decision 0016);
 * 6. value k starts at `start + k × step` (step = sensor resolution, or the posted frequency for
 *    instantaneous sensors, rounded to whole ms);
 * 7. belief time = `prior`, else knowledge time − `horizon`, else `now`;
 * 8. nulls are dropped;
 * 9. `PostMeterDataRequest` needs all horizons ≤ 0, `PostPrognosisRequest` all ≥ 0.
 *
 * @throws BeliefValidationError with the exact FlexMeasures messages (field `_schema` or `values`).
 */
export function beliefsFromPostedSeries(series: PostedSeries, sensor: PostTargetSensor): PreparedSeries {
  const values = normalizeValues(series.values);
  const { timing } = sensor;
  const sensorResolution = timing.eventResolutionMs;

  // 1. unit
  if (series.unit !== sensor.unit && !isConvertible(series.unit, sensor.unit)) {
    throw new BeliefValidationError('_schema', incompatibleUnitMessage(sensor.unit, series.unit));
  }

  // 2. resolution, in whole microseconds as Python's timedelta arithmetic does
  const inferredUs = Math.round((series.durationMs * MICROS_PER_MS) / values.length);
  const inferredMs = inferredUs / MICROS_PER_MS;
  let factor = 1;
  if (sensorResolution > 0) {
    const requiredUs = Math.round(sensorResolution * MICROS_PER_MS);
    if (inferredUs < 0 || inferredUs % requiredUs !== 0) {
      throw new BeliefValidationError('_schema', incompatibleResolutionMessage(inferredMs, sensorResolution));
    }
    factor = Math.max(1, inferredUs / requiredUs);
  } else if (inferredUs < 0) {
    throw new BeliefValidationError('_schema', incompatibleResolutionMessage(inferredMs, sensorResolution));
  }

  // 3. overlapping instantaneous values
  if (values.length > 1 && inferredUs === 0) {
    throw new BeliefValidationError('_schema', OVERLAPPING_INSTANTANEOUS_VALUES_MESSAGE);
  }

  // 4. upsampling
  let upsampled: (number | null)[] = values;
  if (factor > 1) {
    const split = isStockUnit(series.unit);
    upsampled = [];
    for (const v of values) {
      const each = v === null ? null : split ? v / factor : v;
      for (let i = 0; i < factor; i++) upsampled.push(each);
    }
  }

  // 5. unit conversion (after upsampling, with the sensor resolution)
  let converted: (number | null)[];
  try {
    converted = convertNullable(upsampled, series.unit, sensor.unit, sensorResolution);
  } catch (error) {
    if (error instanceof UnitConversionError) {
      const detail =
        error.reason === 'needs-resolution'
          ? `Cannot convert values from ${series.unit} to ${sensor.unit} for a sensor with instantaneous events: ` +
            'converting between a stock and a flow needs a non-zero event resolution.'
          : incompatibleUnitMessage(sensor.unit, series.unit);
      throw new BeliefValidationError('_schema', detail);
    }
    throw error;
  }

  // 6.–7. events and belief times
  const step = sensorResolution > 0 ? sensorResolution : inferredMs;
  const eventStarts = converted.map((_, k) => Math.round(series.start + k * step));
  const beliefTimeOf = (eventStart: number): number => {
    if (series.prior !== undefined) return series.prior;
    if (series.horizonMs !== undefined) return beliefTimeFromHorizon(eventStart, series.horizonMs, timing);
    return series.now;
  };

  // 9. type-specific horizon checks (over all events, as v0.23 checks its frame before nulls are dropped)
  if (series.type === 'PostMeterDataRequest' || series.type === 'PostPrognosisRequest') {
    const meter = series.type === 'PostMeterDataRequest';
    for (const eventStart of eventStarts) {
      const horizon = knowledgeTime(eventStart, timing) - beliefTimeOf(eventStart);
      if (meter && horizon > 0) throw new BeliefValidationError('_schema', METER_DATA_HORIZON_MESSAGE);
      if (!meter && horizon < 0) throw new BeliefValidationError('_schema', PROGNOSIS_HORIZON_MESSAGE);
    }
  }

  // 8. drop nulls
  const beliefs: Belief[] = [];
  converted.forEach((value, k) => {
    if (value === null) return;
    const eventStart = eventStarts[k]!;
    beliefs.push({
      sensorId: sensor.id,
      eventStart,
      beliefTime: beliefTimeOf(eventStart),
      sourceId: series.sourceId,
      cumulativeProbability: DEFAULT_CUMULATIVE_PROBABILITY,
      value,
    });
  });

  return { beliefs, inferredResolutionMs: inferredMs, upsamplingFactor: factor, eventCount: converted.length };
}
