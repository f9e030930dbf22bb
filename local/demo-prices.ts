/**
 * Demo day-ahead prices for a fresh local installation (local/seed-prices.ts stores them): hourly
 * prices in EUR/MWh over the local calendar days from 7 days before today up to and including
 * tomorrow (9 days), shaped like a north-west European day-ahead market — low at night, a morning
 * and a higher evening peak, a midday dip from solar that turns negative on sunny days (always at
 * weekends, when demand is low) — so that a first schedule has something to arbitrage.
 *
 * Pure and deterministic: no clock (`now` is a parameter), no Math.random. Each day's prices come
 * from a pseudo-random generator seeded with that day's date only, so two windows that share a day
 * agree on it, whatever day they were generated on.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format, getDay } from 'date-fns';
import { knowledgeTime, DEFAULT_CUMULATIVE_PROBABILITY, type Belief, type SensorTiming } from '../functions/core/beliefs/index.js';
import { formatDatetime, HOUR, zoneOffsetMinutes } from '../functions/core/time/index.js';

/** The time zone whose calendar days the demo prices cover (that of the seeded price sensor). */
export const DEMO_PRICE_TIME_ZONE = 'Europe/Amsterdam';
/** Days before today that get prices. */
export const DEMO_PRICE_PAST_DAYS = 7;
/** Days from the start of today that get prices: today and tomorrow. */
export const DEMO_PRICE_DAYS_AHEAD = 2;

/** One hourly price: the hour starting at `eventStart` (epoch ms), in EUR/MWh. */
export interface DemoPrice {
  eventStart: number;
  value: number;
}

/** The days `[start, end)` the demo prices cover, as UTC epoch ms, and their local dates (`yyyy-MM-dd`). */
export interface DemoPriceWindow {
  start: number;
  end: number;
  days: string[];
}

export interface DemoPriceWindowOptions {
  /** IANA time zone of the calendar days (default Europe/Amsterdam). */
  timeZone?: string;
  /** Default 7. */
  pastDays?: number;
  /** Default 2 (today and tomorrow). */
  daysAhead?: number;
}

/**
 * The local days around `now`: from midnight `pastDays` days before today to midnight `daysAhead`
 * days after the start of today. Days of 23 or 25 hours (DST changes) are whole local days.
 */
export function demoPriceWindow(now: number, options: DemoPriceWindowOptions = {}): DemoPriceWindow {
  const timeZone = options.timeZone ?? DEMO_PRICE_TIME_ZONE;
  const past = options.pastDays ?? DEMO_PRICE_PAST_DAYS;
  const ahead = options.daysAhead ?? DEMO_PRICE_DAYS_AHEAD;
  if (!Number.isInteger(past) || !Number.isInteger(ahead) || past < 0 || ahead < 0 || past + ahead === 0) {
    throw new RangeError('pastDays and daysAhead must be non-negative integers, not both zero.');
  }
  const local = new TZDate(now, timeZone);
  const today = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone);
  const first = addDays(today, -past);
  const days = Array.from({ length: past + ahead }, (_, i) => format(addDays(first, i), 'yyyy-MM-dd'));
  return { start: first.getTime(), end: addDays(today, ahead).getTime(), days };
}

/** FNV-1a, 32 bits: a stable seed from a text. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const bump = (hour: number, centre: number, width: number) => Math.exp(-((hour - centre) ** 2) / (2 * width * width));

/** Most an hour's price strays from the day's shape, EUR/MWh. */
export const DEMO_PRICE_NOISE = 6;

/**
 * The price of one hour, EUR/MWh, from the local hour of day (0–23), the day's demand level
 * (≈ 1; lower at weekends) and its sunniness (0–1), plus `noise` (within ±DEMO_PRICE_NOISE).
 * The hours from 13:00 to 15:00 of a weekend day (demand level ≤ 0.935, sunniness ≥ 0.8) are
 * below zero whatever the noise, so every week has negative hours.
 */
export function demoHourPrice(hour: number, level: number, sunniness: number, noise: number): number {
  const demand = 85 - 15 * bump(hour, 3.5, 2) + 35 * bump(hour, 8, 1.5) + 65 * bump(hour, 19, 1.8);
  const solar = 120 * sunniness * bump(hour, 13.5, 2.2);
  return Math.round((level * demand - solar + noise) * 100) / 100;
}

/**
 * The hourly prices of one local day (`yyyy-MM-dd` in `timeZone`): 24 values, or 23 / 25 on the
 * days the clocks change. Depends on the date only.
 */
export function demoDayPrices(day: string, timeZone: string = DEMO_PRICE_TIME_ZONE): DemoPrice[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`Not a yyyy-MM-dd date: '${day}'.`);
  const start = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), timeZone);
  if (format(start, 'yyyy-MM-dd') !== day) throw new RangeError(`No such date: '${day}'.`);
  const end = addDays(start, 1).getTime();
  const random = seededRandom(hashSeed(`demo day-ahead prices ${day}`));
  const weekend = [0, 6].includes(getDay(start));
  const level = (weekend ? 0.85 : 1) * (0.9 + 0.2 * random());
  const sunniness = weekend ? 0.8 + 0.2 * random() : 0.2 + 0.8 * random();
  const prices: DemoPrice[] = [];
  for (let t = start.getTime(); t < end; t += HOUR) {
    const hour = new TZDate(t, timeZone).getHours();
    const noise = DEMO_PRICE_NOISE * (random() + random() - 1);
    prices.push({ eventStart: t, value: demoHourPrice(hour, level, sunniness, noise) });
  }
  return prices;
}

/** The demo prices of every day of the window around `now` (see {@link demoPriceWindow}), in time order. */
export function demoPrices(now: number, options: DemoPriceWindowOptions = {}): DemoPrice[] {
  const timeZone = options.timeZone ?? DEMO_PRICE_TIME_ZONE;
  return demoPriceWindow(now, options).days.flatMap((day) => demoDayPrices(day, timeZone));
}

/** Where the demo prices go. */
export interface DemoPriceTarget {
  sensorId: number;
  sourceId: number;
  /** The price sensor's timing: hourly, with its knowledge-horizon function (day-ahead publication). */
  timing: SensorTiming;
}

/**
 * The demo prices as beliefs of the price sensor. Each price is believed when it is published,
 * i.e. at the event's knowledge time (for the seeded sensor: 12:00 Paris time the day before,
 * the day-ahead auction's gate closure) — except prices not published yet at `now`, which are
 * believed at `now` (a forecast, with a positive belief horizon), so no belief lies in the future.
 */
export function demoPriceBeliefs(now: number, target: DemoPriceTarget, options: DemoPriceWindowOptions = {}): Belief[] {
  if (target.timing.eventResolutionMs !== HOUR) {
    throw new RangeError(`Demo prices are hourly; the sensor's resolution is ${target.timing.eventResolutionMs} ms.`);
  }
  return demoPrices(now, options).map(({ eventStart, value }) => ({
    sensorId: target.sensorId,
    eventStart,
    beliefTime: Math.min(knowledgeTime(eventStart, target.timing), now),
    sourceId: target.sourceId,
    cumulativeProbability: DEFAULT_CUMULATIVE_PROBABILITY,
    value,
  }));
}

/**
 * The path and query of GET /api/v3_0/sensors/data for one local day's prices of a sensor, in
 * `unit` (e.g. `EUR/kWh`): what `npm start` prints for tomorrow's demo prices.
 */
export function dayPricesRequestPath(sensorId: number, day: string, unit: string, timeZone: string = DEMO_PRICE_TIME_ZONE): string {
  const [first] = demoDayPrices(day, timeZone);
  const start = first!.eventStart;
  const query = new URLSearchParams({
    sensor: `ea1.2021-01.io.flexmeasures:fm1.${sensorId}`,
    start: formatDatetime(start, zoneOffsetMinutes(start, timeZone)),
    duration: 'P1D',
    unit,
  });
  return `/api/v3_0/sensors/data?${query.toString()}`;
}
