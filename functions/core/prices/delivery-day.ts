/**
 * Delivery days: the local calendar day a day-ahead auction prices, as a UTC window
 * (DST-correct through @date-fns/tz: 23 hours on the spring-forward day, 25 on the fall-back day),
 * and the prices of a parsed ENTSO-E document on one resolution over such a window. Pure.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { isKnownTimeZone } from '../time/index.js';
import { EntsoeDocumentError, type EntsoePrices, type Interval, type PricePoint } from './entsoe.js';

/** The time zone of the delivery days of the SDAC zones this project serves first (NL). */
export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

/** A delivery day `day` (`yyyy-MM-dd`) in `timeZone`: `[start, end)` in UTC epoch ms. */
export interface DeliveryDayWindow extends Interval {
  day: string;
  timeZone: string;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function assertTimeZone(timeZone: string): void {
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`Unknown time zone '${timeZone}'.`);
}

/**
 * The UTC window of a local calendar day: from local midnight to the next local midnight.
 * `deliveryDayWindow('2025-03-30')` lasts 23 hours, `deliveryDayWindow('2025-10-26')` 25 hours.
 *
 * @throws RangeError for a malformed or non-existent date, or an unknown time zone.
 */
export function deliveryDayWindow(day: string, timeZone: string = DEFAULT_TIME_ZONE): DeliveryDayWindow {
  assertTimeZone(timeZone);
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Delivery day '${day}' is not a yyyy-MM-dd date.`);
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new TZDate(year, month, date, timeZone);
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== date) {
    throw new RangeError(`Delivery day '${day}' does not exist.`);
  }
  const end = addDays(start, 1);
  return { day, timeZone, start: start.getTime(), end: end.getTime() };
}

/** The local calendar day (`yyyy-MM-dd`) in `timeZone` that contains the instant `ms`. */
export function deliveryDayOf(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  assertTimeZone(timeZone);
  return format(new TZDate(ms, timeZone), 'yyyy-MM-dd');
}

/** The local calendar day after the one containing `nowMs`: the day a day-ahead auction on that day prices. */
export function nextDeliveryDay(nowMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  assertTimeZone(timeZone);
  return format(addDays(new TZDate(nowMs, timeZone), 1), 'yyyy-MM-dd');
}

/** Prices over a window on one resolution. */
export interface DeliveryDayPrices {
  /** The window asked for. */
  window: Interval;
  resolutionMs: number;
  /** Sorted by `eventStart`, on the grid `window.start + k × resolutionMs`; slots without a price are absent. */
  points: PricePoint[];
  /** Number of slots in the window (92, 96 or 100 quarter hours for a 23-, 24- or 25-hour day). */
  expectedCount: number;
  /** Starts of the slots without a (complete) price. */
  missing: number[];
  /** Whether every slot has a price. */
  complete: boolean;
}

/**
 * The prices of a parsed document over `window` on a single resolution.
 *
 * Each slot `[t, t + resolutionMs)` gets the time-weighted mean of the prices covering it (a price
 * per MWh is an intensive quantity): a coarser price is repeated over finer slots, finer prices are
 * averaged into a coarser slot (as EPEX's hourly index is the mean of the quarter hours). A slot is
 * only given a price when it is fully covered; otherwise it is listed in `missing`.
 *
 * @param resolutionMs target resolution; default the finest resolution among the series with
 *   prices in the window.
 * @throws RangeError when the window is not a whole number of `resolutionMs`.
 * @throws EntsoeDocumentError (`unexpected`) when no resolution is given and the document has no
 *   price in the window; (`ambiguous`) when series overlap (never after {@link parseEntsoeDocument}).
 */
export function pricesForDeliveryDay(doc: EntsoePrices, window: Interval, resolutionMs?: number): DeliveryDayPrices {
  const { start, end } = window;
  if (!(start < end)) throw new RangeError('The window must have start before end.');
  const inWindow = doc.series.filter((s) =>
    s.points.some((p) => p.eventStart < end && p.eventStart + s.resolutionMs > start),
  );
  const step = resolutionMs ?? Math.min(...inWindow.map((s) => s.resolutionMs));
  if (!Number.isFinite(step)) {
    throw new EntsoeDocumentError(
      'unexpected',
      `no price between ${new Date(start).toISOString()} and ${new Date(end).toISOString()}`,
    );
  }
  if (!(step > 0) || (end - start) % step !== 0) {
    throw new RangeError(`The window of ${(end - start) / 60_000} min is not a whole number of ${step / 60_000} min.`);
  }

  const count = (end - start) / step;
  const weightedSum = new Array<number>(count).fill(0);
  const covered = new Array<number>(count).fill(0);
  // The value shared by every contribution to a slot, or NaN once they differ: equal prices then
  // come out exactly as given instead of through a floating-point mean.
  const shared = new Array<number | undefined>(count).fill(undefined);
  for (const series of inWindow) {
    for (const { eventStart, value } of series.points) {
      const from = Math.max(eventStart, start);
      const to = Math.min(eventStart + series.resolutionMs, end);
      for (let k = Math.floor((from - start) / step); k < count && start + k * step < to; k++) {
        const slotStart = start + k * step;
        const overlap = Math.min(to, slotStart + step) - Math.max(from, slotStart);
        if (overlap <= 0) continue;
        weightedSum[k] += value * (overlap / step);
        covered[k] += overlap;
        shared[k] = shared[k] === undefined || shared[k] === value ? value : NaN;
      }
    }
  }

  const points: PricePoint[] = [];
  const missing: number[] = [];
  for (let k = 0; k < count; k++) {
    const eventStart = start + k * step;
    if (covered[k] > step) {
      throw new EntsoeDocumentError('ambiguous', `several prices for ${new Date(eventStart).toISOString()}`);
    }
    const value = Number.isNaN(shared[k]) ? weightedSum[k] : shared[k];
    if (covered[k] === step && value !== undefined) points.push({ eventStart, value });
    else missing.push(eventStart);
  }
  return { window: { start, end }, resolutionMs: step, points, expectedCount: count, missing, complete: missing.length === 0 };
}
