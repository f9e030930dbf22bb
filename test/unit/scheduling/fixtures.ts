/**
 * Fixture data of docs/contract/storage-scheduling.md §3.0 (FlexMeasures' planning test fixtures), as plain arrays.
 * Times are Europe/Amsterdam (UTC+1 in January). Price sensors are hourly, in EUR/MWh.
 */
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';

export const QUARTER = 15 * MINUTE;
export const TZ = 'Europe/Amsterdam';

/** 2015-01-01T00:00+01:00, 2015-01-02T00:00+01:00, 2015-01-03T00:00+01:00 as UTC epoch ms. */
export const DAY1 = Date.parse('2015-01-01T00:00:00+01:00');
export const DAY2 = Date.parse('2015-01-02T00:00:00+01:00');
export const DAY3 = Date.parse('2015-01-03T00:00:00+01:00');

/** epex_da, day 1 (24 hourly values, 6 decimals). */
export const EPEX_DAY1 = [
  0.639427, 0.031484, 0.412544, 0.381045, 1.374274, 1.330341, 1.784359, 0.170915, 0.787317, 0.050867, 0.327957, 0.636151,
  0.026536, 0.147375, 0.324942, 0.15961, 0.029533, 0.020079, 0.0, 0.000221, 0.107959, 0.20448, 0.170125, 0.115238,
];
/** epex_da, day 2: 100 × 8 h, 90 × 8 h, 100 × 8 h. */
export const EPEX_DAY2 = [...Array(8).fill(100), ...Array(8).fill(90), ...Array(8).fill(100)] as number[];
/** epex_da, day 3: −10 × 8 h, then 100 × 16 h. */
export const EPEX_DAY3 = [...Array(8).fill(-10), ...Array(16).fill(100)] as number[];
/** epex_da_production, day 3: −50 × 8 h, then 60 × 16 h. */
export const EPEX_PRODUCTION_DAY3 = [...Array(8).fill(-50), ...Array(16).fill(60)] as number[];

/** Repeats every value `factor` times (upsampling an hourly series to a finer resolution). */
export function upsample(values: readonly number[], factor: number): number[] {
  return values.flatMap((x) => Array<number>(factor).fill(x));
}

/** The hourly epex_da prices of 2015-01-01..03 at 15-minute steps, indexed from DAY1. */
export const EPEX_QUARTERS = upsample([...EPEX_DAY1, ...EPEX_DAY2, ...EPEX_DAY3], 4);

/** Prices at 15-minute resolution for `steps` steps from `startMs` (which must lie within days 1–3). */
export function epexQuarters(startMs: number, steps: number): number[] {
  const offset = (startMs - DAY1) / QUARTER;
  return EPEX_QUARTERS.slice(offset, offset + steps);
}

/** Inflexible devices of the "building" (model convention, MW, consumption positive): demand +1, PV −1.8 from 08:00 to 16:00 local. */
export function buildingInflexible(startMs: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, j) => {
    const t = startMs + j * QUARTER;
    const localHour = ((t - DAY1) % (24 * HOUR)) / HOUR;
    const pv = localHour >= 8 && localHour < 16 ? -1.8 : 0;
    return 1 + pv;
  });
}

/** A constant series. */
export const constant = (value: number, steps: number): number[] => Array<number>(steps).fill(value);
