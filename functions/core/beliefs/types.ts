/**
 * The belief data model (docs/contract/beliefs-model.md §1–§3): one stored value = one belief of a source, at a belief
 * time, about an event of a sensor. Times are UTC epoch milliseconds, durations milliseconds.
 */

/** The cumulative probability of a deterministic belief (docs/contract/beliefs-model.md §5). */
export const DEFAULT_CUMULATIVE_PROBABILITY = 0.5;

/**
 * One belief (one row of `timed_belief`). The stored key is (sensorId, eventStart, sourceId,
 * beliefTime, cumulativeProbability); for a fixed sensor timing, belief time and belief horizon
 * determine each other (docs/contract/beliefs-model.md §1).
 */
export interface Belief {
  sensorId: number;
  /** Start of the event, epoch ms. */
  eventStart: number;
  /** When the belief was formed, epoch ms. */
  beliefTime: number;
  sourceId: number;
  /** Point on the belief's CDF; 0.5 for deterministic beliefs (everything posted through the API). */
  cumulativeProbability: number;
  /** In the sensor's unit; NaN may be stored (FlexMeasures fixtures have it), null never is. */
  value: number;
}

/** Milliseconds, or an ISO 8601 duration (`PT0H`, `-PT10M`) as found in `knowledge_horizon_par` JSON. */
export type DurationLike = number | string;
/** Epoch milliseconds, or an aware ISO 8601 datetime as found in `knowledge_horizon_par` JSON. */
export type InstantLike = number | string;

/**
 * A sensor's knowledge-horizon function and parameters (timely-beliefs `knowledge_horizons.py`,
 * docs/contract/beliefs-model.md §3). The parameter names are timely-beliefs' own.
 */
export type KnowledgeHorizon =
  /** Knowable `ex_post_horizon` after the event end (default, with 0: knowable at the event end). */
  | { fnc: 'ex_post'; par: { ex_post_horizon?: DurationLike } }
  /** Knowable `ex_ante_horizon` before the event start. */
  | { fnc: 'ex_ante'; par: { ex_ante_horizon: DurationLike } }
  /** Knowable at `y` o'clock (fractional hours allowed) in time zone `z`, `x` days before the event's local day. */
  | { fnc: 'x_days_ago_at_y_oclock'; par: { x: number; y: number; z: string } }
  /** Everything knowable from one fixed moment (e.g. a tariff contract date). */
  | { fnc: 'at_date'; par: { knowledge_time: InstantLike } }
  /** Knowable from local midnight on `day`/`month`, `x` (default 1) years before the event's year (time zone `z`, default the sensor's). */
  | { fnc: 'x_years_ago_at_date'; par: { x?: number; day: number; month: number; z?: string } };

/** The timing facts of a sensor that belief semantics need. */
export interface SensorTiming {
  /** 0 for instantaneous sensors. */
  eventResolutionMs: number;
  knowledgeHorizon: KnowledgeHorizon;
  /** IANA time zone of the sensor (default `UTC`). */
  timezone: string;
}

/** FlexMeasures v0.23's default knowledge horizon: `ex_post` with `ex_post_horizon` 0 (knowable at the event end). */
export const DEFAULT_KNOWLEDGE_HORIZON: KnowledgeHorizon = Object.freeze({
  fnc: 'ex_post',
  par: Object.freeze({ ex_post_horizon: 0 }),
}) as KnowledgeHorizon;

/** A sensor timing with the default knowledge horizon. */
export function defaultTiming(eventResolutionMs: number, timezone = 'UTC'): SensorTiming {
  return { eventResolutionMs, knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON, timezone };
}

/**
 * A validation failure of belief input. `field` is the marshmallow field the HTTP layer files the
 * message under: `_schema` for whole-request checks, or a field name (`values`, `resolution`, …).
 */
export class BeliefValidationError extends Error {
  override readonly name = 'BeliefValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A value about one event, after selecting one belief per event (or after resampling). NaN = unknown. */
export interface EventValue {
  eventStart: number;
  value: number;
}
