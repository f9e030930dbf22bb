/**
 * Day-ahead prices of a parsed ENTSO-E document as beliefs on one price sensor. Pure.
 *
 * - event starts on the sensor's resolution over the given windows (a delivery day, or what a
 *   document covers); every slot must get a price, or nothing is returned (a day with holes is
 *   never stored: a scheduler would read the holes as missing prices);
 * - resampling to the sensor's resolution (see `pricesForDeliveryDay`): a finer document is
 *   averaged (time-weighted mean: a PT1H sensor fed from a PT15M document gets the mean of the four
 *   quarter hours, as EPEX's hourly index is the mean of the quarters); a coarser document is
 *   repeated over the finer slots (a PT15M sensor fed from a PT60M document gets the hour's price
 *   four times);
 * - values converted from the document's unit (EUR/MWh) to the sensor's unit (e.g. EUR/kWh);
 * - belief time = the document's `createdDateTime`, source = the caller's "ENTSO-E" data source,
 *   cumulative probability 0.5 (deterministic).
 */
import { DEFAULT_CUMULATIVE_PROBABILITY, type Belief } from '../beliefs/index.js';
import { MINUTE, formatDurationSchema } from '../time/index.js';
import { UnitConversionError, convert, isEnergyPriceUnit } from '../units/index.js';
import { pricesForDeliveryDay } from './delivery-day.js';
import type { EntsoePrices, Interval } from './entsoe.js';

/** What the prices are stored on: the sensor's id, unit and event resolution (ms). */
export interface PriceSensor {
  id: number;
  unit: string;
  eventResolution: number;
}

/** Why a document's prices cannot be stored on a sensor. Nothing is stored. */
export type PriceBeliefErrorKind =
  /** The sensor's unit is not an energy price unit in the document's currency. */
  | 'unit'
  /** The sensor is instantaneous, or its resolution does not divide the window (e.g. P1D on a 23-hour day). */
  | 'resolution'
  /** Some slots of the window have no price in the document. */
  | 'incomplete';

/** The prices cannot be stored on this sensor; `message` says why, for logs and the CLI. */
export class PriceBeliefError extends Error {
  override readonly name = 'PriceBeliefError';
  constructor(
    readonly kind: PriceBeliefErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** How the document's prices were brought to the sensor's resolution. */
export type PriceResampling = 'none' | 'mean' | 'repeat' | 'mixed';

/** The beliefs to store, and what was done to get them (for the log line and the CLI). */
export interface PriceBeliefs {
  beliefs: Belief[];
  /** The sensor's resolution (ms): the beliefs' event resolution. */
  resolutionMs: number;
  /** Resolutions (ms) of the document's series that priced the windows, ascending. */
  documentResolutionsMs: number[];
  resampling: PriceResampling;
  /** The document's `createdDateTime`. */
  beliefTime: number;
  /** The windows covered, as given. */
  windows: Interval[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The intervals a document's selected prices cover, merged where they touch (e.g. two Periods for
 * two consecutive days give one interval). Used when a whole document is ingested (CLI `--file`).
 */
export function documentWindows(doc: EntsoePrices): Interval[] {
  const intervals = doc.series.flatMap((s) => s.intervals).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const { start, end } of intervals) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/**
 * The beliefs of `doc`'s prices over `windows` on `sensor`, by data source `sourceId`.
 *
 * @throws PriceBeliefError (`unit`) when the sensor's unit is not an energy price unit convertible
 *   from the document's (`EUR/MWh` → `EUR/kWh` is fine, `kW` or `USD/MWh` is not); (`resolution`)
 *   for an instantaneous sensor or one whose resolution does not divide a window; (`incomplete`)
 *   when a slot of a window has no price.
 */
export function priceBeliefs(
  doc: EntsoePrices,
  windows: readonly Interval[],
  sensor: PriceSensor,
  sourceId: number,
): PriceBeliefs {
  const step = sensor.eventResolution;
  if (!(step > 0)) {
    throw new PriceBeliefError(
      'resolution',
      `Sensor ${sensor.id} is instantaneous (event resolution 0); prices need a sensor with a resolution such as PT15M or PT1H.`,
    );
  }
  if (!isEnergyPriceUnit(sensor.unit)) {
    throw new PriceBeliefError(
      'unit',
      `Sensor ${sensor.id} has unit '${sensor.unit}', which is not an energy price unit such as ${doc.unit}.`,
    );
  }

  const events: { eventStart: number; value: number }[] = [];
  const documentResolutions = new Set<number>();
  for (const window of windows) {
    let day;
    try {
      day = pricesForDeliveryDay(doc, window, step);
    } catch (e) {
      if (e instanceof RangeError) {
        throw new PriceBeliefError(
          'resolution',
          `Sensor ${sensor.id} has resolution ${formatDurationSchema(step)}, which does not divide ` +
            `${iso(window.start)}…${iso(window.end)} (${(window.end - window.start) / MINUTE} min).`,
        );
      }
      throw e;
    }
    if (!day.complete) {
      throw new PriceBeliefError(
        'incomplete',
        `The document prices ${day.points.length} of the ${day.expectedCount} ${formatDurationSchema(step)} slots ` +
          `from ${iso(window.start)} to ${iso(window.end)}; the first without a price starts at ${iso(day.missing[0]!)}.`,
      );
    }
    events.push(...day.points);
    for (const s of doc.series) {
      if (s.points.some((p) => p.eventStart < window.end && p.eventStart + s.resolutionMs > window.start)) {
        documentResolutions.add(s.resolutionMs);
      }
    }
  }

  let values: number[];
  try {
    values = convert(events.map((e) => e.value), doc.unit, sensor.unit, step);
  } catch (e) {
    if (e instanceof UnitConversionError) {
      throw new PriceBeliefError('unit', `Sensor ${sensor.id}: the prices in ${doc.unit} cannot be stored in '${sensor.unit}' (${e.message}).`);
    }
    throw e;
  }

  const documentResolutionsMs = [...documentResolutions].sort((a, b) => a - b);
  const kinds = new Set(documentResolutionsMs.map((r) => (r === step ? 'none' : r < step ? 'mean' : 'repeat')));
  const resampling: PriceResampling = kinds.size === 1 ? [...kinds][0]! : kinds.size === 0 ? 'none' : 'mixed';
  return {
    beliefs: events.map((e, i) => ({
      sensorId: sensor.id,
      eventStart: e.eventStart,
      beliefTime: doc.createdDateTimeMs,
      sourceId,
      cumulativeProbability: DEFAULT_CUMULATIVE_PROBABILITY,
      value: values[i]!,
    })),
    resolutionMs: step,
    documentResolutionsMs,
    resampling,
    beliefTime: doc.createdDateTimeMs,
    windows: windows.map((w) => ({ start: w.start, end: w.end })),
  };
}
