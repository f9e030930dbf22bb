/**
 * FlexMeasures' planning fixtures (docs/contract/storage-scheduling.md §3.0) as sensor metadata and pre-loaded
 * values for the flex module. Times are Europe/Amsterdam (UTC+1 in January).
 */
import type { PowerSensorContext, SensorInfo, SensorValue } from '../../../functions/core/flex/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { EPEX_DAY1, EPEX_DAY2, EPEX_DAY3, EPEX_PRODUCTION_DAY3 } from '../scheduling/fixtures.js';

export const QUARTER = 15 * MINUTE;
export const TZ = 'Europe/Amsterdam';
export const DAY1 = Date.parse('2015-01-01T00:00:00+01:00');
export const DAY2 = Date.parse('2015-01-02T00:00:00+01:00');
export const DAY3 = Date.parse('2015-01-03T00:00:00+01:00');

/** Events of `resolutionMs` from `startMs` with the given values. */
export function events(startMs: number, resolutionMs: number, values: readonly (number | null)[]): SensorValue[] {
  return values.map((value, i) => ({ eventStart: startMs + i * resolutionMs, value }));
}

const repeat = (value: number, n: number): number[] => Array<number>(n).fill(value);

/** Sensor ids of the fixture world. */
export const ID = {
  epexDa: 1,
  epexDaProduction: 2,
  pv: 10,
  residualDemand: 11,
  productionCapacity: 20,
  consumptionCapacity: 21,
  powerCapacity: 22,
  sitePowerCapacity: 23,
  socMinima: 30,
  socMaxima: 31,
  socTargets: 32,
  efficiency: 40,
  delta: 50,
  deltaFails: 51,
  deltaHourly: 52,
  delta5min: 53,
  storageEfficiency90: 60,
  storageEfficiency110: 61,
  storageEfficiencyNegative: 62,
  storageEfficiencyHourly: 63,
  targetHourly: 70,
  targetQuarter: 71,
  targetInstant: 72,
  temperature: 80,
  priceKwh: 90,
} as const;

const socSeries = (factor: number) =>
  events(Date.parse('2015-01-01T02:00:00+01:00'), QUARTER, Array.from({ length: 89 }, (_, i) => ((5 * i) / 88) * factor));

/** Metadata and values of every fixture sensor. */
export const SENSORS = new Map<number, SensorInfo & { values: SensorValue[] }>([
  [ID.epexDa, { unit: 'EUR/MWh', eventResolutionMs: HOUR, values: events(DAY1, HOUR, [...EPEX_DAY1, ...EPEX_DAY2, ...EPEX_DAY3]) }],
  [
    ID.epexDaProduction,
    { unit: 'EUR/MWh', eventResolutionMs: HOUR, values: [...events(DAY1, HOUR, []), ...events(DAY3, HOUR, EPEX_PRODUCTION_DAY3)] },
  ],
  // PV: 1.8 MW from 08:00 to 16:00 every day, stored production positive.
  [
    ID.pv,
    {
      unit: 'MW',
      eventResolutionMs: QUARTER,
      values: events(DAY1, QUARTER, Array.from({ length: 3 * 96 }, (_, i) => ((i % 96) >= 32 && (i % 96) < 64 ? 1.8 : 0))),
    },
  ],
  // Residual demand: −1000 kW, stored consumption negative.
  [ID.residualDemand, { unit: 'kW', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(-1000, 3 * 96)) }],
  [ID.productionCapacity, { unit: 'kW', eventResolutionMs: QUARTER, values: events(DAY2, QUARTER, [...repeat(200, 16), ...repeat(300, 16)]) }],
  [ID.consumptionCapacity, { unit: 'kW', eventResolutionMs: QUARTER, values: events(DAY2, QUARTER, [...repeat(250, 16), ...repeat(150, 16)]) }],
  [ID.powerCapacity, { unit: 'kW', eventResolutionMs: QUARTER, values: events(DAY2, QUARTER, [...repeat(225, 16), ...repeat(199, 16)]) }],
  [ID.sitePowerCapacity, { unit: 'kW', eventResolutionMs: QUARTER, values: events(DAY2, QUARTER, [...repeat(1300, 16), ...repeat(1050, 16)]) }],
  [ID.socMinima, { unit: 'MWh', eventResolutionMs: 0, values: socSeries(1) }],
  [ID.socMaxima, { unit: 'kWh', eventResolutionMs: 0, values: socSeries(1000) }],
  [ID.socTargets, { unit: 'MWh', eventResolutionMs: 0, values: socSeries(1) }],
  // Efficiency: 90 % at 15 min for 2015-01-01, except the last hour (missing).
  [ID.efficiency, { unit: '%', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(90, 92)) }],
  [ID.delta, { unit: 'MW', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(2, 96)) }],
  [ID.deltaFails, { unit: 'MW', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(2.4, 96)) }],
  [ID.deltaHourly, { unit: 'MW', eventResolutionMs: HOUR, values: events(DAY1, HOUR, repeat(2, 24)) }],
  [ID.delta5min, { unit: 'MW', eventResolutionMs: 5 * MINUTE, values: events(DAY1, 5 * MINUTE, repeat(2, 288)) }],
  [ID.storageEfficiency90, { unit: '%', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(90, 96)) }],
  [ID.storageEfficiency110, { unit: '%', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(110, 96)) }],
  [ID.storageEfficiencyNegative, { unit: '%', eventResolutionMs: QUARTER, values: events(DAY1, QUARTER, repeat(-90, 96)) }],
  [ID.storageEfficiencyHourly, { unit: '%', eventResolutionMs: HOUR, values: events(DAY1, HOUR, repeat(90, 24)) }],
  // SoC target of 0.5 MWh at 2015-01-01 14:00, at several resolutions.
  [ID.targetHourly, { unit: 'MWh', eventResolutionMs: HOUR, values: events(Date.parse('2015-01-01T14:00:00+01:00'), HOUR, [0.5]) }],
  [ID.targetQuarter, { unit: 'MWh', eventResolutionMs: QUARTER, values: events(Date.parse('2015-01-01T14:00:00+01:00'), QUARTER, [0.5]) }],
  [ID.targetInstant, { unit: 'MWh', eventResolutionMs: 0, values: events(Date.parse('2015-01-01T14:00:00+01:00'), 0, [0.5]) }],
  [ID.temperature, { unit: '°C', eventResolutionMs: 0, values: [] }],
  [ID.priceKwh, { unit: 'EUR/kWh', eventResolutionMs: HOUR, values: events(DAY1, HOUR, [0.1, null, 0.3, 0.4]) }],
]);

export const lookup = (id: number): SensorInfo | undefined => SENSORS.get(id);
export const values = (id: number): SensorValue[] | undefined => SENSORS.get(id)?.values;

/** "Test battery": capacity 2 MW, SoC 0–5 MWh, market epex_da; 15-minute MW power sensor. */
export const TEST_BATTERY: PowerSensorContext = {
  id: 100,
  unit: 'MW',
  eventResolutionMs: QUARTER,
  timeZone: TZ,
  assetAttributes: {
    capacity_in_mw: 2,
    max_soc_in_mwh: 5,
    min_soc_in_mwh: 0,
    soc_in_mwh: 2.5,
    market_id: ID.epexDa,
    is_consumer: true,
    is_producer: true,
  },
};

/** The "power (kW)" sensor of the Test battery. */
export const TEST_BATTERY_KW: PowerSensorContext = { ...TEST_BATTERY, id: 101, unit: 'kW' };

/** "Test battery with dynamic power capacity". */
export const DYNAMIC_BATTERY: PowerSensorContext = {
  id: 102,
  unit: 'MW',
  eventResolutionMs: QUARTER,
  timeZone: TZ,
  attributes: { capacity_in_mw: 10, production_capacity: '8 MW', consumption_capacity: '0.5 MW', market_id: ID.epexDa },
  assetAttributes: { capacity_in_mw: 10, max_soc_in_mwh: 20, soc_in_mwh: 2.0, market_id: ID.epexDa },
};

/** "Battery (with symmetric site limits)" and "(asymmetric …)" at 5-minute resolution (S11). */
export const SYMMETRIC: PowerSensorContext = {
  id: 103,
  unit: 'MW',
  eventResolutionMs: 5 * MINUTE,
  timeZone: TZ,
  assetAttributes: { capacity_in_mw: 2, max_soc_in_mwh: 5, min_soc_in_mwh: 0, market_id: ID.epexDa },
};
export const ASYMMETRIC: PowerSensorContext = {
  ...SYMMETRIC,
  id: 104,
  assetAttributes: {
    capacity_in_mw: 2,
    consumption_capacity_in_mw: 0.9,
    production_capacity_in_mw: 0.75,
    max_soc_in_mwh: 5,
    min_soc_in_mwh: 0,
    market_id: ID.epexDa,
  },
};

/** "Test charging station" (one-way): cannot discharge. */
export const CHARGING_STATION: PowerSensorContext = {
  id: 105,
  unit: 'MW',
  eventResolutionMs: QUARTER,
  timeZone: TZ,
  attributes: { is_strictly_non_positive: true },
  assetAttributes: { capacity_in_mw: 2, max_soc_in_mwh: 5, min_soc_in_mwh: 0, market_id: ID.epexDa, is_consumer: true, is_producer: false },
};
