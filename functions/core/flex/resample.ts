/**
 * Laying sensor data and time series onto the schedule's grid: flows and prices per step, SoC
 * constraints per SoC instant (docs/contract/storage-scheduling.md §2.1–§2.2, decision 0026).
 */
import type { TimedValue } from './quantity.js';

/** One value per event of a sensor, as pre-loaded by the caller (`null` or NaN = unknown). */
export interface SensorValue {
  /** Event start, UTC epoch ms. */
  eventStart: number;
  value: number | null;
}

/** The schedule grid: `n` steps of `stepMs` from `startMs`. */
export interface Grid {
  startMs: number;
  stepMs: number;
  n: number;
}

const known = (v: number | null): v is number => v !== null && !Number.isNaN(v);

/**
 * Time-weighted mean of the events overlapping each step `[t, t+Δ)` (events are `[s, s+R)`):
 * coarser data is repeated (an hourly value on every quarter hour), finer data averaged, misaligned
 * data weighted by overlap. Instantaneous data (R = 0) counts in the step containing its instant.
 * `null` where no known value overlaps.
 */
export function stepMeans(events: readonly SensorValue[], resolutionMs: number, grid: Grid): (number | null)[] {
  const sum = new Array<number>(grid.n).fill(0);
  const weight = new Array<number>(grid.n).fill(0);
  const end = grid.startMs + grid.n * grid.stepMs;
  for (const e of events) {
    if (!known(e.value)) continue;
    if (resolutionMs <= 0) {
      if (e.eventStart < grid.startMs || e.eventStart >= end) continue;
      const j = Math.floor((e.eventStart - grid.startMs) / grid.stepMs);
      sum[j]! += e.value;
      weight[j]! += 1;
      continue;
    }
    const eEnd = e.eventStart + resolutionMs;
    if (eEnd <= grid.startMs || e.eventStart >= end) continue;
    const first = Math.max(0, Math.floor((e.eventStart - grid.startMs) / grid.stepMs));
    for (let j = first; j < grid.n; j++) {
      const t = grid.startMs + j * grid.stepMs;
      if (t >= eEnd) break;
      const overlap = Math.min(eEnd, t + grid.stepMs) - Math.max(e.eventStart, t);
      if (overlap <= 0) continue;
      sum[j]! += e.value * overlap;
      weight[j]! += overlap;
    }
  }
  return sum.map((s, j) => (weight[j]! > 0 ? s / weight[j]! : null));
}

/**
 * A time series of a power, price or efficiency field on the steps: a step takes the value of the
 * event with `start ≤ t < end` (later events win on overlap); `null` elsewhere. An instant-only
 * event covers no step.
 */
export function seriesOnSteps(events: readonly TimedValue[], grid: Grid): (number | null)[] {
  const out = new Array<number | null>(grid.n).fill(null);
  for (const e of events) {
    const first = Math.max(0, Math.ceil((e.startMs - grid.startMs) / grid.stepMs));
    for (let j = first; j < grid.n; j++) {
      const t = grid.startMs + j * grid.stepMs;
      if (t >= e.endMs) break;
      out[j] = e.value;
    }
  }
  return out;
}

/**
 * SoC constraint events on the SoC instants `t_k = start + k·Δ` (k = 1..n), returned per step index
 * k − 1 (the SoC at the end of step k − 1). Every instant on the grid with `start ≤ t ≤ end` gets the
 * value (later events win); instants off the grid, at the schedule start, or beyond the end are ignored.
 */
export function eventsOnSocInstants(events: readonly TimedValue[], grid: Grid): (number | null)[] {
  const out = new Array<number | null>(grid.n).fill(null);
  for (const e of events) {
    const first = Math.max(1, Math.ceil((e.startMs - grid.startMs) / grid.stepMs));
    for (let k = first; k <= grid.n; k++) {
      const t = grid.startMs + k * grid.stepMs;
      if (t > e.endMs) break;
      out[k - 1] = e.value;
    }
  }
  return out;
}

/** How several sensor values that hit the same SoC instant combine (timely-beliefs' boundary policy). */
export type BoundaryPolicy = 'first' | 'max' | 'min';

/**
 * SoC constraint values from a sensor on the SoC instants, applied at their own instant (decision 0026):
 * an instantaneous value at T constrains the SoC at T; an event `[s, s+R)` with R > 0 constrains the
 * SoC at the instants in `(s, s+R]` (the SoC recorded over an interval holds at its end). Several
 * values on one instant combine by the policy: `first` (earliest event; targets), `max` (minima),
 * `min` (maxima).
 */
export function sensorOnSocInstants(
  events: readonly SensorValue[],
  resolutionMs: number,
  grid: Grid,
  policy: BoundaryPolicy,
): (number | null)[] {
  const out = new Array<number | null>(grid.n).fill(null);
  const from = new Array<number>(grid.n).fill(Infinity);
  const sorted = [...events].sort((a, b) => a.eventStart - b.eventStart);
  const put = (k: number, value: number, start: number) => {
    const i = k - 1;
    const current = out[i];
    if (current === null || current === undefined) {
      out[i] = value;
      from[i] = start;
    } else if (policy === 'max') out[i] = Math.max(current, value);
    else if (policy === 'min') out[i] = Math.min(current, value);
    else if (start < from[i]!) {
      out[i] = value;
      from[i] = start;
    }
  };
  for (const e of sorted) {
    if (!known(e.value)) continue;
    if (resolutionMs <= 0) {
      const k = (e.eventStart - grid.startMs) / grid.stepMs;
      if (Number.isInteger(k) && k >= 1 && k <= grid.n) put(k, e.value, e.eventStart);
      continue;
    }
    const first = Math.max(1, Math.floor((e.eventStart - grid.startMs) / grid.stepMs) + 1);
    for (let k = first; k <= grid.n; k++) {
      const t = grid.startMs + k * grid.stepMs;
      if (t <= e.eventStart) continue;
      if (t > e.eventStart + resolutionMs) break;
      put(k, e.value, e.eventStart);
    }
  }
  return out;
}

/**
 * Price padding: the first known value is extended back to the start, the last known one forward
 * to the end, and interior gaps take the last known value before them. All-unknown stays all-null.
 */
export function padPrices(values: readonly (number | null)[]): (number | null)[] {
  const firstKnown = values.findIndex((v) => v !== null);
  if (firstKnown < 0) return values.slice();
  let last = values[firstKnown]!;
  return values.map((v) => {
    if (v !== null) last = v;
    return last;
  });
}
