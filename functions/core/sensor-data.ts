/**
 * Request rules of the sensor data endpoints that are not belief semantics (those live in
 * `core/beliefs`): the optional `type` of POST and GET /sensors/data with its unit checks
 * (docs/contract/api.md §7.1 rule 1, §7.2), the belief-horizon bounds the GET types add, how a GET's query
 * becomes a grid query and a belief read, and this project's size limits, which turn requests too
 * large for one Lambda invocation into a clear 422 (decision 0016) instead of a timeout or an
 * oversized response. Pure.
 */
import {
  beliefHorizon,
  chooseResolution,
  type Belief,
  type PostedSeries,
  type SensorDataQuery,
  type SensorDataResult,
  type KnowledgeHorizon,
  type SensorTiming,
} from './beliefs/index.js';
import type { Sensor } from './assets/model.js';
import { durationFrom, formatDatetime, formatDurationHours, parseAwareDatetime, parseAwareDatetimeFromQuery, type AwareDatetime } from './time/index.js';
import { isConvertible, isEnergyPriceUnit } from './units/index.js';

/** The belief timing of a stored sensor (resolution, knowledge-horizon function, time zone). */
export function timingOf(sensor: Sensor): SensorTiming {
  return {
    eventResolutionMs: sensor.event_resolution,
    knowledgeHorizon: sensor.knowledge_horizon as KnowledgeHorizon,
    timezone: sensor.timezone || 'UTC',
  };
}

/** `type` values of POST /api/v3_0/sensors/data. */
export const POST_SENSOR_DATA_TYPES = [
  'PostSensorDataRequest',
  'PostMeterDataRequest',
  'PostPrognosisRequest',
  'PostPriceDataRequest',
  'PostWeatherDataRequest',
] as const;

/** `type` values of GET /api/v3_0/sensors/data. */
export const GET_SENSOR_DATA_TYPES = ['GetSensorDataRequest', 'GetMeterDataRequest', 'GetPrognosisRequest', 'GetPriceDataRequest'] as const;

/**
 * The schema-level unit check of a POST `type` (v0.23 `check_schema_unit_against_type`): meter data
 * and prognoses need a unit convertible to MW, price data an energy price unit. Null when fine.
 */
export function postTypeUnitError(type: string | undefined, unit: string): string | null {
  return typeUnitError(type, unit, { power: ['PostMeterDataRequest', 'PostPrognosisRequest'], price: 'PostPriceDataRequest' }, 'required for this message type should be convertible to');
}

/** The GET counterpart of `postTypeUnitError` (the requested unit must be convertible *from* MW / an energy price unit). */
export function getTypeUnitError(type: string | undefined, unit: string): string | null {
  return typeUnitError(type, unit, { power: ['GetMeterDataRequest', 'GetPrognosisRequest'], price: 'GetPriceDataRequest' }, 'requested for this message type should be convertible from');
}

/** The unit check of both: the `power` types need a unit related to MW, the `price` type an energy price unit; `rule` words it. */
function typeUnitError(type: string | undefined, unit: string, types: { power: readonly string[]; price: string }, rule: string): string | null {
  if (type === undefined) return null;
  if (types.power.includes(type) && !isConvertible(unit, 'MW')) return `The unit ${rule} MW, got incompatible unit: ${unit}`;
  if (type === types.price && !isEnergyPriceUnit(unit)) return `The unit ${rule} an energy price unit, got incompatible unit: ${unit}`;
  return null;
}

/**
 * The belief-horizon bounds of a GET (v0.23 `load_data_and_make_response`): `horizon` is a lower
 * bound; meter data adds an upper bound of 0 (recorded at or after the knowledge time); prognoses
 * raise the lower bound to at least 0.
 */
export function getHorizonBounds(type: string | undefined, horizonMs: number | undefined): { atLeastMs?: number; atMostMs?: number } {
  if (type === 'GetMeterDataRequest') return { atLeastMs: horizonMs, atMostMs: 0 };
  if (type === 'GetPrognosisRequest') return { atLeastMs: Math.max(horizonMs ?? 0, 0) };
  return { atLeastMs: horizonMs };
}

/**
 * Most events one POST may store (after upsampling to the sensor resolution): a week at 1-minute
 * resolution is 10,080; a year of 15-minute data is 35,040.
 */
export const MAX_POSTED_EVENTS = 50_000;

/** Most values one GET may answer with (API Gateway and Lambda cap a response at 6 MB). */
export const MAX_GRID_VALUES = 200_000;

/**
 * The number of events a POST becomes at the sensor resolution: `duration / resolution` for a
 * non-instantaneous sensor (each posted value is upsampled to it), the number of values otherwise.
 */
export function postedEventCount(durationMs: number, valueCount: number, sensorResolutionMs: number): number {
  if (sensorResolutionMs > 0 && durationMs > 0) return Math.max(valueCount, Math.ceil(durationMs / sensorResolutionMs));
  return valueCount;
}

/** `_schema` message when a POST is too large, else null. */
export function postSizeError(eventCount: number): string | null {
  if (eventCount <= MAX_POSTED_EVENTS) return null;
  return (
    `This request holds ${eventCount} events at the sensor's resolution; at most ${MAX_POSTED_EVENTS} can be posted at once. ` +
    'Please split the data into several requests.'
  );
}

/** The body of POST /sensors/data once its fields passed the schema (schemas/sensor-data.ts `postSensorDataBody`). */
export interface PostSensorDataArgs {
  values: number | (number | null)[];
  start: string;
  duration: string;
  unit: string;
  horizon?: string;
  prior?: string;
  type?: string;
}

/**
 * The series a POST body describes, its durations grounded on `start` in the sensor's time zone.
 * The source is 0 until the caller's data source is known (only once the caller may post).
 */
export function postedSeries(args: PostSensorDataArgs, timing: SensorTiming, nowMs: number): PostedSeries {
  const start = parseAwareDatetime(args.start).ms;
  return {
    start,
    durationMs: durationFrom(start, args.duration, timing.timezone),
    values: args.values,
    unit: args.unit,
    prior: args.prior === undefined ? undefined : parseAwareDatetime(args.prior).ms,
    horizonMs: args.horizon === undefined ? undefined : durationFrom(start, args.horizon, timing.timezone),
    now: nowMs,
    sourceId: 0,
    type: args.type,
  };
}

/**
 * The whole-request (`_schema`) problem of a POST before its beliefs are built, null when there is
 * none: a unit that does not suit `type`, then more events than MAX_POSTED_EVENTS.
 */
export function sensorDataPostError(series: PostedSeries, timing: SensorTiming): string | null {
  const typeError = postTypeUnitError(series.type, series.unit);
  if (typeError) return typeError;
  const valueCount = Array.isArray(series.values) ? series.values.length : 1;
  return postSizeError(postedEventCount(series.durationMs, valueCount, timing.eventResolutionMs));
}

/** `_schema` message when a GET would answer with too many values, else null. */
export function gridSizeError(windowMs: number, resolutionMs: number): string | null {
  if (!(resolutionMs > 0)) return null;
  const count = Math.ceil(windowMs / resolutionMs);
  if (count <= MAX_GRID_VALUES) return null;
  return (
    `This request asks for ${count} values; at most ${MAX_GRID_VALUES} can be returned at once. ` +
    'Please ask for a shorter duration or a coarser resolution.'
  );
}

/** The query of GET /sensors/data once its fields passed the schema (schemas/sensor-data.ts `getSensorDataQuery`). */
export interface GetSensorDataArgs {
  start: string;
  duration: string;
  unit: string;
  resolution?: string;
  horizon?: string;
  prior?: string;
  source?: number;
  type?: string;
}

/** Which stored beliefs a GET reads: events starting in [from, to), with the filters the store applies. */
export interface BeliefRead {
  from: number;
  to: number;
  beliefTimeAtMost?: number;
  sourceIds?: readonly number[];
  /** Only each event's most recent belief per source (no horizon bound asks for older ones). */
  latestOnly: boolean;
}

/** A GET /sensors/data grounded on its sensor: the grid query, the belief read and the horizon upper bound. */
export interface SensorDataGetPlan {
  /** `start` as sent (its offset is echoed). */
  readonly start: AwareDatetime;
  readonly query: SensorDataQuery;
  readonly read: BeliefRead;
  /** Keep only beliefs whose horizon is at most this (meter data: recorded at or after the knowledge time). */
  readonly horizonAtMostMs?: number;
}

/**
 * Grounds a GET on the sensor: nominal durations (`P1M` in `duration`, `resolution` or `horizon`)
 * are measured from `start` in the sensor's time zone; `type` adds horizon bounds
 * (`getHorizonBounds`). Instantaneous events at the very end of the window still end "at or before"
 * it (docs/contract/beliefs-model.md §6), so their read includes the end.
 */
export function planSensorDataGet(args: GetSensorDataArgs, timing: SensorTiming): SensorDataGetPlan {
  const start = parseAwareDatetimeFromQuery(args.start);
  const grounded = (text: string) => durationFrom(start.ms, text, timing.timezone);
  const end = start.ms + grounded(args.duration);
  const bounds = getHorizonBounds(args.type, args.horizon === undefined ? undefined : grounded(args.horizon));
  const prior = args.prior === undefined ? undefined : parseAwareDatetimeFromQuery(args.prior).ms;
  const sourceIds = args.source === undefined ? undefined : [args.source];
  return {
    start,
    query: {
      start: start.ms,
      end,
      unit: args.unit,
      resolutionMs: args.resolution === undefined ? undefined : grounded(args.resolution),
      prior,
      horizonMs: bounds.atLeastMs,
      sourceIds,
    },
    read: {
      from: start.ms,
      to: timing.eventResolutionMs === 0 ? end + 1 : end,
      beliefTimeAtMost: prior,
      sourceIds,
      latestOnly: bounds.atLeastMs === undefined && bounds.atMostMs === undefined,
    },
    horizonAtMostMs: bounds.atMostMs,
  };
}

/** A window must lie within the years 0000–9999: the instants every belief store can key. */
export const EARLIEST_MS = Date.parse('0000-01-01T00:00:00Z');
export const END_OF_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z') + 1;
export const OUT_OF_RANGE_MESSAGE = 'The requested period must lie between the years 0000 and 9999.';

/** `_schema` message when a window [start, end) reaches outside the years 0000–9999, else null. */
export function windowRangeError(start: number, end: number): string | null {
  return start >= EARLIEST_MS && end <= END_OF_TIME_MS ? null : OUT_OF_RANGE_MESSAGE;
}

/**
 * The whole-request (`_schema`) problem of a GET before any data is read, null when there is none:
 * a unit that does not suit `type`, a window outside the years 0000–9999, then a grid of more than
 * MAX_GRID_VALUES values.
 */
export function sensorDataGetError(type: string | undefined, plan: SensorDataGetPlan, timing: SensorTiming): string | null {
  const typeError = getTypeUnitError(type, plan.query.unit);
  if (typeError) return typeError;
  const rangeError = windowRangeError(plan.query.start, plan.query.end);
  if (rangeError) return rangeError;
  const { start, end, resolutionMs } = plan.query;
  // A non-positive resolution is reported by the resampling rules, not here.
  if (resolutionMs !== undefined && resolutionMs <= 0) return null;
  const step = chooseResolution({ requestedMs: resolutionMs, sensorResolutionMs: timing.eventResolutionMs, windowMs: end - start });
  return gridSizeError(end - start, step);
}

/** The beliefs read for a plan that also satisfy its horizon upper bound (the store filters the rest). */
export function withinHorizonBound(beliefs: Belief[], plan: SensorDataGetPlan, timing: SensorTiming): Belief[] {
  const atMost = plan.horizonAtMostMs;
  if (atMost === undefined) return beliefs;
  return beliefs.filter((b) => beliefHorizon(b.eventStart, b.beliefTime, timing) <= atMost);
}

/**
 * The answer of GET /sensors/data: `start` with the offset it was sent with, `duration` and the
 * `resolution` the values are laid on (decision 0013) in hours, the requested unit, and the values
 * with null for gaps (and for non-finite stored values, which JSON cannot carry).
 */
export function sensorDataGetResponse(plan: SensorDataGetPlan, result: SensorDataResult) {
  const { start, query } = plan;
  return {
    duration: formatDurationHours(query.end - query.start),
    message: 'Request has been processed.',
    resolution: formatDurationHours(result.resolutionMs),
    start: formatDatetime(start.ms, start.offsetMinutes),
    status: 'PROCESSED',
    unit: query.unit,
    values: result.values.map((v) => (v === null || !Number.isFinite(v) ? null : v)),
  };
}
