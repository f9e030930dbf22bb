/**
 * Resampling event values (docs/contract/beliefs-model.md §9, docs/contract/api.md §7.2 steps 1, 3 and 4):
 *
 * * downsampling non-instantaneous data: mean per bin of the clock grid (`sum` on request), empty and
 *   NaN parts ignored;
 * * upsampling: forward fill for flows and intensive quantities, equal split for stock units;
 * * instantaneous data (resolution 0): the target resolution is a frequency; the first known value
 *   in each bin is taken;
 * * re-indexing onto the requested grid `[start, end)` with `null` where nothing is known.
 *
 * Bins are aligned to the clock grid: multiples of the resolution from `origin` (default the Unix
 * epoch, which for resolutions dividing a day is the local-midnight grid of whole-hour time zones).
 */
import { DAY, HOUR, MINUTE, floorToGrid, grid } from '../time/index.js';
import type { EventValue } from './types.js';

/** How a bin or a split value is aggregated. */
export type AggregationMethod = 'mean' | 'sum';

/** Options of `resampleEvents`. */
export interface ResampleOptions {
  /** Values are amounts per event (stock units): upsampling splits them. Default false (forward fill). */
  stock?: boolean;
  /** Downsampling aggregation. Default `mean` (what GET /sensors/data does, even for stock units). */
  method?: AggregationMethod;
  /** Grid origin, epoch ms. Default 0 (clock grid aligned to the Unix epoch). */
  origin?: number;
}

/**
 * GET /sensors/data's resolution for instantaneous sensors without `resolution`, by window length:
 * > 16 weeks → 168 h; > 14 days → 24 h; > 48 h → 1 h; > 8 h → 15 min; otherwise 5 min.
 */
export function defaultInstantaneousResolution(windowMs: number): number {
  if (windowMs > 16 * 7 * DAY) return 168 * HOUR;
  if (windowMs > 14 * DAY) return 24 * HOUR;
  if (windowMs > 48 * HOUR) return HOUR;
  if (windowMs > 8 * HOUR) return 15 * MINUTE;
  return 5 * MINUTE;
}

/**
 * The resolution GET /sensors/data lays its values on (docs/contract/api.md §7.2 step 1): the requested one,
 * else the sensor's, else (instantaneous sensors) one chosen by window length. Not checked to be a
 * multiple of the sensor resolution (v0.23 does not either).
 */
export function chooseResolution(params: { requestedMs?: number; sensorResolutionMs: number; windowMs: number }): number {
  if (params.requestedMs !== undefined) return params.requestedMs;
  if (params.sensorResolutionMs > 0) return params.sensorResolutionMs;
  return defaultInstantaneousResolution(params.windowMs);
}

function assertPositive(resolutionMs: number, what: string): void {
  if (!Number.isFinite(resolutionMs) || resolutionMs <= 0) throw new RangeError(`${what} must be a positive duration`);
}

function sortedByStart(events: readonly EventValue[]): EventValue[] {
  return events.slice().sort((a, b) => a.eventStart - b.eventStart);
}

/** Aggregates events into bins of `resolutionMs` on the grid; NaN values and empty bins are ignored. */
function aggregate(events: readonly EventValue[], resolutionMs: number, origin: number, method: AggregationMethod): EventValue[] {
  const bins = new Map<number, { sum: number; count: number }>();
  for (const { eventStart, value } of events) {
    if (Number.isNaN(value)) continue;
    const bin = floorToGrid(eventStart - origin, resolutionMs) + origin;
    const acc = bins.get(bin);
    if (acc) {
      acc.sum += value;
      acc.count += 1;
    } else bins.set(bin, { sum: value, count: 1 });
  }
  return [...bins.entries()]
    .sort(([a], [b]) => a - b)
    .map(([eventStart, { sum, count }]) => ({ eventStart, value: method === 'sum' ? sum : sum / count }));
}

/** First known value per bin (instantaneous data). */
function firstPerBin(events: readonly EventValue[], resolutionMs: number, origin: number): EventValue[] {
  const bins = new Map<number, number>();
  for (const { eventStart, value } of sortedByStart(events)) {
    if (Number.isNaN(value)) continue;
    const bin = floorToGrid(eventStart - origin, resolutionMs) + origin;
    if (!bins.has(bin)) bins.set(bin, value);
  }
  return [...bins.entries()].sort(([a], [b]) => a - b).map(([eventStart, value]) => ({ eventStart, value }));
}

/** Each event [s, s+R) onto the finer grid slots inside it: repeated (forward fill) or split (× r/R). */
function upsample(events: readonly EventValue[], fromMs: number, toMs: number, origin: number, stock: boolean): EventValue[] {
  const slots = new Map<number, number>();
  for (const { eventStart, value } of sortedByStart(events)) {
    const first = Math.ceil((eventStart - origin) / toMs) * toMs + origin;
    const part = stock ? value * (toMs / fromMs) : value;
    for (let t = first; t < eventStart + fromMs; t += toMs) slots.set(t, part);
  }
  return [...slots.entries()].sort(([a], [b]) => a - b).map(([eventStart, value]) => ({ eventStart, value }));
}

/**
 * Resamples event values of resolution `fromResolutionMs` (0 = instantaneous) to `toResolutionMs`:
 * equal resolutions pass through (sorted); coarser targets aggregate (mean by default) per clock-grid
 * bin; finer targets forward-fill (or split for `stock`); instantaneous data take the first known
 * value per bin. NaN means unknown and never wins a bin.
 */
export function resampleEvents(
  events: readonly EventValue[],
  fromResolutionMs: number,
  toResolutionMs: number,
  options: ResampleOptions = {},
): EventValue[] {
  assertPositive(toResolutionMs, 'The target resolution');
  const origin = options.origin ?? 0;
  if (fromResolutionMs === 0) return firstPerBin(events, toResolutionMs, origin);
  assertPositive(fromResolutionMs, 'The event resolution');
  if (fromResolutionMs === toResolutionMs) return sortedByStart(events);
  if (toResolutionMs > fromResolutionMs) return aggregate(events, toResolutionMs, origin, options.method ?? 'mean');
  return upsample(events, fromResolutionMs, toResolutionMs, origin, options.stock ?? false);
}

/**
 * Lays event values onto the grid `start, start+step, …` (< end): the value of the event starting
 * exactly at each grid instant, `null` where there is none or it is NaN.
 */
export function reindex(events: readonly EventValue[], start: number, end: number, stepMs: number): (number | null)[] {
  assertPositive(stepMs, 'The grid step');
  const byStart = new Map<number, number>();
  for (const e of events) byStart.set(e.eventStart, e.value);
  return grid(start, end, stepMs).map((t) => {
    const v = byStart.get(t);
    return v === undefined || Number.isNaN(v) ? null : v;
  });
}

/** Input of `valuesOnGrid`. */
export interface GridRequest {
  /** One value per event (e.g. from `selectBeliefs`), in the sensor unit. */
  events: readonly EventValue[];
  /** The sensor's event resolution (0 = instantaneous). */
  sensorResolutionMs: number;
  start: number;
  end: number;
  /** The chosen resolution (see `chooseResolution`). */
  resolutionMs: number;
  /** Whether the sensor unit is a stock unit (then upsampling splits). */
  stock?: boolean;
}

/**
 * GET /sensors/data steps 3–4: resample when the chosen resolution differs from the data's, then
 * re-index onto `[start, end)`. Also returns the event resolution of the values (0 for
 * instantaneous data, whose resolution stays zero; the chosen resolution otherwise), which is what
 * stock↔flow unit conversions of the result must use.
 */
export function valuesOnGrid(request: GridRequest): { values: (number | null)[]; eventResolutionMs: number } {
  const { events, sensorResolutionMs, start, end, resolutionMs } = request;
  const resampled = resampleEvents(events, sensorResolutionMs, resolutionMs, { stock: request.stock ?? false });
  return {
    values: reindex(resampled, start, end, resolutionMs),
    eventResolutionMs: sensorResolutionMs === 0 ? 0 : resolutionMs,
  };
}
