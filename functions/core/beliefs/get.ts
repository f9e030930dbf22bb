/**
 * GET /api/v3_0/sensors/data as one pure function over the stored beliefs (docs/contract/api.md §7.2):
 * unit check, resolution choice, selection, resampling, re-indexing and unit conversion.
 */
import { UnitConversionError, convertNullable, incompatibleUnitMessage, isConvertible, isStockUnit } from '../units/index.js';
import { chooseResolution, valuesOnGrid } from './resampling.js';
import { bySourceId, selectBeliefs, type SourceOrder } from './selection.js';
import { BeliefValidationError, type Belief, type SensorTiming } from './types.js';

/** A parsed GET /sensors/data query. */
export interface SensorDataQuery {
  /** Window start, epoch ms. */
  start: number;
  /** Window end (start + duration), epoch ms. */
  end: number;
  /** Output unit. */
  unit: string;
  /** Requested output resolution, ms. */
  resolutionMs?: number;
  /** Keep beliefs with belief time ≤ prior. */
  prior?: number;
  /** Keep beliefs with belief horizon ≥ horizon. */
  horizonMs?: number;
  /** Keep only these sources. */
  sourceIds?: readonly number[];
}

/** The sensor facts GET needs. */
export interface SensorForRead {
  unit: string;
  timing: SensorTiming;
}

/** The values of a GET /sensors/data response. */
export interface SensorDataResult {
  /** One value per grid slot of `[start, end)`, `null` where nothing is known. */
  values: (number | null)[];
  /** The grid step the values are laid on (reported as `resolution`, decision 0013). */
  resolutionMs: number;
  /** The event resolution of the returned data: 0 for instantaneous sensors, else the grid step. */
  eventResolutionMs: number;
}

/**
 * Computes the values of GET /sensors/data from (a superset of) the sensor's stored beliefs.
 * `order` decides which source wins an event known to several sources (default: lowest id; pass
 * `bySourceName(names)` for timely-beliefs' order).
 * @throws BeliefValidationError (`_schema`) for an incompatible unit or a stock↔flow conversion of
 *   instantaneous data; (`resolution`) for a non-positive requested resolution.
 */
export function sensorDataForGet(
  beliefs: readonly Belief[],
  sensor: SensorForRead,
  query: SensorDataQuery,
  order: SourceOrder = bySourceId,
): SensorDataResult {
  if (query.unit !== sensor.unit && !isConvertible(sensor.unit, query.unit)) {
    throw new BeliefValidationError('_schema', incompatibleUnitMessage(sensor.unit, query.unit));
  }
  if (query.resolutionMs !== undefined && !(query.resolutionMs > 0)) {
    throw new BeliefValidationError('resolution', 'The resolution must be a positive duration.');
  }
  const sensorResolutionMs = sensor.timing.eventResolutionMs;
  const resolutionMs = chooseResolution({
    requestedMs: query.resolutionMs,
    sensorResolutionMs,
    windowMs: query.end - query.start,
  });
  const selected = selectBeliefs(
    beliefs,
    { start: query.start, end: query.end, prior: query.prior, horizonMs: query.horizonMs, sourceIds: query.sourceIds },
    sensor.timing,
    order,
  );
  const { values, eventResolutionMs } = valuesOnGrid({
    events: selected,
    sensorResolutionMs,
    start: query.start,
    end: query.end,
    resolutionMs,
    stock: isStockUnit(sensor.unit),
  });
  try {
    return { values: convertNullable(values, sensor.unit, query.unit, eventResolutionMs), resolutionMs, eventResolutionMs };
  } catch (error) {
    if (error instanceof UnitConversionError && error.reason === 'needs-resolution') {
      throw new BeliefValidationError(
        '_schema',
        `Cannot convert values from ${sensor.unit} to ${query.unit} for a sensor with instantaneous events: ` +
          'converting between a stock and a flow needs a non-zero event resolution.',
      );
    }
    if (error instanceof UnitConversionError) {
      throw new BeliefValidationError('_schema', incompatibleUnitMessage(sensor.unit, query.unit));
    }
    throw error;
  }
}
