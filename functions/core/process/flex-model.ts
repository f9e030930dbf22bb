/**
 * The process flex-model of API v3.0-20 (assets of type `process` and `load`): validation with
 * FlexMeasures' 422 messages, the `process-type` default from the sensor/asset attribute, and the
 * consumption price source. The flex-context uses the storage flex-context's schema; of it only the
 * consumption price matters here.
 *
 * Where this server differs from FlexMeasures v0.23 on purpose (decision records 0170–0172):
 * `power` may be a quantity string (`"15 kW"`, converted to the sensor's unit); a non-string
 * `duration` is a 422; `optimization-direction` is accepted as an alias of `optimization-sense`;
 * SHIFTABLE and BREAKABLE processes without any price source are rejected at trigger time.
 */
import { ErrorCollector, FlexValidationError } from '../flex/errors.js';
import { priceSource, type AssetRelations, type PriceSource } from '../flex/problem.js';
import { parseFlexContext, sensorAttribute, type FlexConfigRequest, type FlexContext, type PowerSensorContext } from '../flex/schema.js';
import { durationFrom, formatDurationHours, parseAwareDatetime, parseDuration, TimeFormatError } from '../time/index.js';
import { convertQuantity, UnitConversionError } from '../units/index.js';
import { OPTIMIZATION_SENSES, PROCESS_TYPES, type OptimizationSense, type ProcessType } from './placement.js';

/** A validated process flex-model. */
export interface ProcessFlexModel {
  /** How long the process runs (ms). */
  durationMs: number;
  /** The duration as messages show it, e.g. `PT4H`. */
  durationText: string;
  /** Power while running, in the power sensor's unit, consumption positive. */
  power: number;
  processType: ProcessType;
  sense: OptimizationSense;
  /** Intervals `[startMs, endMs)` in which no step may start running. */
  timeRestrictions: { startMs: number; endMs: number }[];
}

/** A validated process flex configuration for one scheduling job (JSON-serialisable). */
export interface ProcessFlexConfig {
  kind: 'process';
  sensorId: number;
  startMs: number;
  endMs: number;
  /** The power sensor's event resolution. */
  stepMs: number;
  /** ⌈(end − start) / resolution⌉. */
  steps: number;
  flexModel: ProcessFlexModel;
  flexContext: FlexContext;
}

/** Where the consumption prices of a process come from. */
export type ProcessPriceSource = PriceSource;

/** The request parts `parseProcessFlexConfig` needs: a storage trigger's, plus the price relations. */
export interface ProcessFlexRequest extends FlexConfigRequest {
  /** Price relations of the sensor's asset tree (for the price-source check). */
  relations?: AssetRelations;
}

const FIELDS = new Set(['duration', 'power', 'process-type', 'time-restrictions', 'optimization-sense', 'optimization-direction']);
const PLAIN_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Validates a process trigger's flex-model and flex-context. Throws `FlexValidationError`: field
 * errors of the flex-model first (the flex-context is only checked when the flex-model is valid),
 * then a plain string when a price-based process type has no price source.
 */
export function parseProcessFlexConfig(request: ProcessFlexRequest): ProcessFlexConfig {
  const { sensor } = request;
  const flexModel = parseProcessFlexModel(request.flexModel, sensor, request.startMs);
  const flexContext = parseFlexContext(request.flexContext, request.sensors);
  const stepMs = sensor.eventResolutionMs;
  if (!(stepMs > 0)) throw new FlexValidationError(`Cannot schedule sensor ${sensor.id}: it has no (non-zero) event resolution.`);
  if (flexModel.processType !== 'INFLEXIBLE' && !processPriceSource(flexContext, sensor, request.relations)) {
    throw new FlexValidationError(
      `A ${flexModel.processType} process is placed by price, but no prices are known for sensor ${sensor.id}: ` +
        'set consumption-price (or consumption-price-sensor) in the flex-context, a consumption price sensor on its asset, or the market_id attribute.',
    );
  }
  const steps = Math.max(0, Math.ceil((request.endMs - request.startMs) / stepMs));
  return { kind: 'process', sensorId: sensor.id, startMs: request.startMs, endMs: request.endMs, stepMs, steps, flexModel, flexContext };
}

/** A duration field: ISO 8601, whole minutes, not negative; nominal durations counted from `startMs`. */
function durationField(raw: unknown, startMs: number, timeZone: string): number {
  const d = parseDuration(raw);
  const ms = d.ms ?? durationFrom(startMs, d, timeZone);
  if (ms < 0) throw new TimeFormatError('Must not be negative.');
  return ms;
}

/** Validates the process flex-model (see the module comment) and fills in the defaults. */
export function parseProcessFlexModel(raw: unknown, sensor: PowerSensorContext, startMs: number): ProcessFlexModel {
  if (raw === undefined || raw === null) raw = {};
  if (!isPlainObject(raw)) throw new FlexValidationError({ _schema: ['Invalid input type.'] });
  const errors = new ErrorCollector();
  const timeZone = sensor.timeZone ?? 'UTC';
  for (const key of Object.keys(raw)) if (!FIELDS.has(key)) errors.add([key], 'Unknown field.');

  let durationMs: number | undefined;
  if (raw['duration'] === undefined) errors.add(['duration'], 'Missing data for required field.');
  else if (raw['duration'] === null) errors.add(['duration'], 'Field may not be null.');
  else {
    try {
      durationMs = durationField(raw['duration'], startMs, timeZone);
    } catch (error) {
      if (!(error instanceof TimeFormatError)) throw error;
      errors.add(['duration'], error.message);
    }
  }

  const power = parsePower(raw['power'], sensor, errors);

  let processType: ProcessType = 'INFLEXIBLE';
  const rawType = raw['process-type'] ?? sensorAttribute(sensor, 'process-type');
  if (rawType !== undefined && rawType !== null) {
    if (typeof rawType === 'string' && (PROCESS_TYPES as readonly string[]).includes(rawType)) processType = rawType as ProcessType;
    else errors.add(['process-type'], `Must be one of: ${PROCESS_TYPES.join(', ')}.`);
  }

  let sense: OptimizationSense = 'MIN';
  const senseKeys = ['optimization-sense', 'optimization-direction'].filter((k) => raw[k] !== undefined);
  if (senseKeys.length === 2) errors.add(['_schema'], 'Must pass either optimization-sense or optimization-direction.');
  else if (senseKeys.length === 1) {
    const value = raw[senseKeys[0]!];
    if (typeof value === 'string' && (OPTIMIZATION_SENSES as readonly string[]).includes(value)) sense = value as OptimizationSense;
    else errors.add([senseKeys[0]!], `Must be one of: ${OPTIMIZATION_SENSES.join(', ')}.`);
  }

  const timeRestrictions: ProcessFlexModel['timeRestrictions'] = [];
  const restrictions = raw['time-restrictions'];
  if (restrictions !== undefined) {
    if (!Array.isArray(restrictions)) errors.add(['time-restrictions'], 'Not a valid list.');
    else {
      restrictions.forEach((item, index) => {
        const path = ['time-restrictions', String(index)];
        if (!isPlainObject(item)) {
          errors.add([...path, '_schema'], 'Invalid input type.');
          return;
        }
        for (const key of Object.keys(item)) if (key !== 'start' && key !== 'duration') errors.add([...path, key], 'Unknown field.');
        let start: number | undefined;
        let length: number | undefined;
        if (item['start'] === undefined) errors.add([...path, 'start'], 'Missing data for required field.');
        else {
          try {
            start = parseAwareDatetime(item['start']).ms;
          } catch (error) {
            if (!(error instanceof TimeFormatError)) throw error;
            errors.add([...path, 'start'], error.message);
          }
        }
        if (item['duration'] === undefined) errors.add([...path, 'duration'], 'Missing data for required field.');
        else {
          try {
            length = durationField(item['duration'], start ?? startMs, timeZone);
          } catch (error) {
            if (!(error instanceof TimeFormatError)) throw error;
            errors.add([...path, 'duration'], error.message);
          }
        }
        if (start !== undefined && length !== undefined) timeRestrictions.push({ startMs: start, endMs: start + length });
      });
    }
  }
  errors.throwIfAny();
  return {
    durationMs: durationMs!,
    durationText: formatDurationHours(durationMs!),
    power: power!,
    processType,
    sense,
    timeRestrictions,
  };
}

/** `power`: a number (the sensor's unit) or a quantity string converted to the sensor's unit. */
function parsePower(raw: unknown, sensor: PowerSensorContext, errors: ErrorCollector): number | undefined {
  const report = (message: string) => {
    errors.add(['power'], message);
    return undefined;
  };
  if (raw === undefined) return report('Missing data for required field.');
  if (raw === null) return report('Field may not be null.');
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : report('Not a valid number.');
  if (typeof raw !== 'string') return report('Not a valid number.');
  if (PLAIN_NUMBER.test(raw)) return Number(raw);
  if (/^\s*[+-]?(nan|inf|infinity)\s*$/i.test(raw)) return report('Special numeric values (nan or infinity) are not permitted.');
  try {
    return convertQuantity(raw, sensor.unit, sensor.eventResolutionMs || undefined);
  } catch (error) {
    if (error instanceof UnitConversionError) return report(error.message);
    throw error;
  }
}

/**
 * The consumption price source of a process, in this order: the flex-context's `consumption-price`
 * (a sensor, a fixed price or a time series), its deprecated `consumption-price-sensor`, the
 * consumption price sensor of the asset (or an ancestor), the `market_id` attribute. Undefined
 * when there is none.
 */
export function processPriceSource(
  context: FlexContext,
  sensor: PowerSensorContext,
  relations: AssetRelations = {},
): ProcessPriceSource | undefined {
  return priceSource('consumption', context, sensor, relations);
}
