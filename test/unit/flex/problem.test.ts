/**
 * From flex config + pre-loaded sensor data to the numeric scheduling problem, with the constraint
 * mappings FlexMeasures' planning tests assert (docs/contract/storage-scheduling.md §3.1: S11–S15, S17), and
 * end-to-end schedules through core/scheduling.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import {
  buildStorageProblem,
  parseStorageFlexConfig,
  planSensorData,
  scheduleInSensorUnit,
  type AssetRelations,
  type FlexConfigOptions,
  type PowerSensorContext,
  type StorageFlexConfig,
} from '../../../functions/core/flex/index.js';
import {
  SchedulingError,
  getGlpk,
  scheduleStorageWith,
  type Glpk,
  type StorageProblem,
} from '../../../functions/core/scheduling/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import {
  ASYMMETRIC,
  CHARGING_STATION,
  DAY1,
  DAY2,
  DAY3,
  DYNAMIC_BATTERY,
  ID,
  QUARTER,
  SENSORS,
  SYMMETRIC,
  TEST_BATTERY,
  TEST_BATTERY_KW,
  lookup,
  values,
} from './fixtures.js';
import { thrownBy } from '../../helpers/errors.js';

let glpk: Glpk;
beforeAll(async () => {
  glpk = await getGlpk();
});

interface Case {
  sensor?: PowerSensorContext;
  flexModel?: Record<string, unknown>;
  flexContext?: Record<string, unknown>;
  start?: number;
  hours?: number;
  relations?: AssetRelations;
  options?: FlexConfigOptions;
}

function configOf(c: Case): StorageFlexConfig {
  const start = c.start ?? DAY1;
  return parseStorageFlexConfig(
    {
      sensor: c.sensor ?? TEST_BATTERY,
      startMs: start,
      endMs: start + (c.hours ?? 24) * HOUR,
      flexModel: c.flexModel ?? {},
      flexContext: c.flexContext ?? {},
      sensors: lookup,
    },
    c.options ?? {},
  );
}

function build(c: Case): StorageProblem {
  const config = configOf(c);
  return buildStorageProblem(config, { sensor: c.sensor ?? TEST_BATTERY, sensors: lookup, values, ...(c.relations ? { relations: c.relations } : {}) })
    .problem;
}

const repeat = (value: number, n: number): number[] => Array<number>(n).fill(value);
const close = (actual: readonly (number | null)[] | undefined, expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual!.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 9));
};

const failure = (fn: () => unknown): SchedulingError => thrownBy(SchedulingError, fn);

describe('S11 – site and device capacity mapping (test_capacity, 5-minute steps, day 3)', () => {
  const rows: [PowerSensorContext, string, Record<string, string>, number, number, number][] = [
    [SYMMETRIC, '100kW', { 'site-power-capacity': '300kW' }, 0.1, 0.3, -0.3],
    [SYMMETRIC, '0.2 MW', { 'site-power-capacity': '42 kW' }, 0.2, 0.042, -0.042],
    [SYMMETRIC, '0.2 MW', { 'site-power-capacity': '42 kW', 'site-consumption-capacity': '10kW', 'site-production-capacity': '100kW' }, 0.2, 0.01, -0.042],
    [SYMMETRIC, '0.2 MW', { 'site-consumption-capacity': '10kW', 'site-production-capacity': '100kW' }, 0.2, 0.01, -0.1],
    [SYMMETRIC, '0.2 MW', {}, 0.2, 2, -2],
    [ASYMMETRIC, '0.2 MW', {}, 0.2, 0.9, -0.75],
    [ASYMMETRIC, '0.2 MW', { 'site-power-capacity': '42 kW' }, 0.2, 0.042, -0.042],
    [ASYMMETRIC, '0.2 MW', { 'site-power-capacity': '42 kW', 'site-consumption-capacity': '30kW' }, 0.2, 0.03, -0.042],
    [ASYMMETRIC, '0.2 MW', { 'site-power-capacity': '42 kW', 'site-production-capacity': '30kW' }, 0.2, 0.042, -0.03],
  ];
  for (const [sensor, power, ctx, device, emsMax, emsMin] of rows) {
    it(`${sensor === SYMMETRIC ? 'symmetric' : 'asymmetric'}, power-capacity ${power}, ${JSON.stringify(ctx)} → ±${device}, EMS ${emsMax}/${emsMin}`, () => {
      const p = build({ sensor, start: DAY3, flexModel: { 'soc-at-start': 0.01, 'power-capacity': power }, flexContext: ctx });
      expect(p.stepMs).toBe(5 * MINUTE);
      expect(p.consumptionPrice).toHaveLength(288);
      close(p.consumptionCapacity, repeat(device, 288));
      close(p.productionCapacity, repeat(device, 288));
      close(p.siteConsumptionCapacity, repeat(emsMax, 288));
      close(p.siteProductionCapacity, repeat(-emsMin, 288));
    });
  }

  it('no site limit anywhere → unbounded', () => {
    const sensor = { ...TEST_BATTERY, assetAttributes: { max_soc_in_mwh: 5, market_id: ID.epexDa } };
    const p = build({ sensor, flexModel: { 'power-capacity': '1 MW' } });
    expect(p.siteConsumptionCapacity).toBeUndefined();
    expect(p.siteProductionCapacity).toBeUndefined();
  });
});

describe('S12 – capacities from sensors and attributes (test_battery_power_capacity_as_sensor, day 2)', () => {
  const site = { 'site-power-capacity': '1100 kVA' };
  const day2 = (c: Case) => build({ start: DAY2, ...c, flexContext: { ...site, ...c.flexContext } });

  it('a: attributes production_capacity "8 MW" and consumption_capacity "0.5 MW"; EMS ±1.1', () => {
    const p = day2({ sensor: DYNAMIC_BATTERY });
    close(p.productionCapacity, repeat(8, 96));
    close(p.consumptionCapacity, repeat(0.5, 96));
    close(p.siteConsumptionCapacity, repeat(1.1, 96));
    close(p.siteProductionCapacity, repeat(1.1, 96));
  });

  it('b: production-capacity sensor, missing values → power capacity 10', () => {
    const p = day2({ sensor: DYNAMIC_BATTERY, flexModel: { 'production-capacity': { sensor: ID.productionCapacity } } });
    close(p.productionCapacity, [...repeat(0.2, 16), ...repeat(0.3, 16), ...repeat(10, 64)]);
  });

  it('c: consumption-capacity sensor; site-consumption-capacity from the site sensor, clipped by site-power-capacity', () => {
    const p = day2({
      sensor: DYNAMIC_BATTERY,
      flexModel: { 'consumption-capacity': { sensor: ID.consumptionCapacity } },
      flexContext: { 'site-consumption-capacity': { sensor: ID.sitePowerCapacity } },
    });
    close(p.consumptionCapacity, [...repeat(0.25, 16), ...repeat(0.15, 16), ...repeat(10, 64)]);
    close(p.siteConsumptionCapacity, [...repeat(1.1, 16), ...repeat(1.05, 16), ...repeat(1.1, 64)]);
  });

  it('d, e: quantities', () => {
    let p = day2({ sensor: DYNAMIC_BATTERY, flexModel: { 'production-capacity': '100 kW', 'consumption-capacity': '200 kW' } });
    close(p.productionCapacity, repeat(0.1, 96));
    close(p.consumptionCapacity, repeat(0.2, 96));
    p = day2({ sensor: DYNAMIC_BATTERY, flexModel: { 'production-capacity': '1 MW', 'consumption-capacity': '2 MW' } });
    close(p.productionCapacity, repeat(1, 96));
    close(p.consumptionCapacity, repeat(2, 96));
  });

  it('f, g: Test battery without flex fields ±2; production-capacity "10 kW" → 0.01 / 2', () => {
    let p = day2({});
    close(p.productionCapacity, repeat(2, 96));
    close(p.consumptionCapacity, repeat(2, 96));
    p = day2({ flexModel: { 'production-capacity': '10 kW' } });
    close(p.productionCapacity, repeat(0.01, 96));
    close(p.consumptionCapacity, repeat(2, 96));
  });

  it('h: "10 kW" / "100 kW" with both site sensors → EMS ∓[1.1×16, 1.05×16, 1.1×64]', () => {
    const p = day2({
      flexModel: { 'production-capacity': '10 kW', 'consumption-capacity': '100 kW' },
      flexContext: {
        'site-consumption-capacity': { sensor: ID.sitePowerCapacity },
        'site-production-capacity': { sensor: ID.sitePowerCapacity },
      },
    });
    close(p.productionCapacity, repeat(0.01, 96));
    close(p.consumptionCapacity, repeat(0.1, 96));
    const ems = [...repeat(1.1, 16), ...repeat(1.05, 16), ...repeat(1.1, 64)];
    close(p.siteProductionCapacity, ems);
    close(p.siteConsumptionCapacity, ems);
  });

  it('power capacity from a sensor clips consumption/production step by step (bothways test)', () => {
    const p = day2({
      sensor: DYNAMIC_BATTERY,
      flexModel: { 'power-capacity': { sensor: ID.powerCapacity }, 'production-capacity': '0.2 MW', 'consumption-capacity': '0.21 MW' },
    });
    // Power capacity 0.225 then 0.199 MW, then (sensor data missing) the attribute capacity_in_mw 10.
    close(p.productionCapacity, [...repeat(0.2, 16), ...repeat(0.199, 16), ...repeat(0.2, 64)]);
    close(p.consumptionCapacity, [...repeat(0.21, 16), ...repeat(0.199, 16), ...repeat(0.21, 64)]);
  });

  it('without power-capacity and capacity_in_mw the job fails with FlexMeasures\' message', () => {
    const sensor = { ...TEST_BATTERY, assetAttributes: { max_soc_in_mwh: 5, market_id: ID.epexDa } };
    const error = failure(() => build({ sensor }));
    expect(error.excType).toBe('ValueError');
    expect(error.failureMessage).toBe(
      'Scheduling job failed with ValueError: Power capacity is not defined in the sensor attributes or the flex-model..',
    );
  });

  it('is_strictly_non_positive (one-way charging station) → no production', () => {
    const p = build({ sensor: CHARGING_STATION, start: DAY2 });
    close(p.productionCapacity, repeat(0, 96));
    close(p.consumptionCapacity, repeat(2, 96));
  });
});

describe('S13 – efficiencies as inputs (day 1)', () => {
  it('charging-efficiency 90 % sensor (last hour missing → 1) and discharging-efficiency "200%"', () => {
    const p = build({ flexModel: { 'soc-max': 2, 'charging-efficiency': { sensor: ID.efficiency }, 'discharging-efficiency': '200%' } });
    close(p.chargingEfficiency, [...repeat(0.9, 92), ...repeat(1, 4)]);
    close(p.dischargingEfficiency, repeat(2, 96));
  });

  it('roundtrip-efficiency applies √rte both ways', () => {
    const p = build({ flexModel: { 'roundtrip-efficiency': '81%' } });
    close(p.chargingEfficiency, repeat(0.9, 96));
    close(p.dischargingEfficiency, repeat(0.9, 96));
  });

  const storage: [unknown, number | undefined][] = [
    ['100%', 1],
    ['110%', 1],
    ['90%', 0.9],
    [0.9, 0.9],
    [undefined, undefined],
    [{ sensor: ID.storageEfficiency90 }, 0.9],
    [{ sensor: ID.storageEfficiency110 }, 1],
    [{ sensor: ID.storageEfficiencyNegative }, 0],
  ];
  for (const [input, expected] of storage) {
    it(`storage-efficiency ${JSON.stringify(input)} → ${expected ?? 'absent (1)'}`, () => {
      const p = build({ flexModel: input === undefined ? {} : { 'storage-efficiency': input } });
      if (expected === undefined) expect(p.storageEfficiency).toBeUndefined();
      else close(p.storageEfficiency, repeat(expected, 96));
    });
  }
});

describe('S14 – soc-gain / soc-usage', () => {
  const quantityCases: [unknown, unknown, number | undefined][] = [
    [['1 MW'], ['1MW'], 0],
    [['0.5 MW', '0.5 MW'], undefined, 1],
    [['100 kW'], undefined, 0.1],
    [undefined, ['100 kW'], -0.1],
    [undefined, undefined, undefined],
  ];
  for (const [gain, usage, delta] of quantityCases) {
    it(`soc-gain ${JSON.stringify(gain)}, soc-usage ${JSON.stringify(usage)} → stock delta ${delta ?? 'absent'}`, () => {
      const flexModel: Record<string, unknown> = {};
      if (gain) flexModel['soc-gain'] = gain;
      if (usage) flexModel['soc-usage'] = usage;
      const p = build({ flexModel });
      if (delta === undefined) expect(p.stockDelta).toBeUndefined();
      else close(p.stockDelta, repeat(delta, 96));
    });
  }

  for (const id of [ID.delta, ID.deltaHourly, ID.delta5min]) {
    it(`soc-usage sensor ${id} (2 MW) with production-capacity "0kW": the battery charges 2 MW in every step`, () => {
      const p = build({
        flexModel: { 'soc-at-start': 0, 'soc-min': 0, 'soc-max': 2, 'roundtrip-efficiency': 1, 'storage-efficiency': 1, 'production-capacity': '0kW', 'soc-usage': [{ sensor: id }] },
      });
      close(p.stockDelta, repeat(-2, 96));
      expect(scheduleStorageWith(glpk, p).power).toEqual(repeat(2, 96));
    });
  }

  it('the 2.4 MW soc-usage sensor makes the job fail, naming soc-min and the time', () => {
    const p = build({
      flexModel: { 'soc-at-start': 0, 'soc-min': 0, 'soc-max': 2, 'roundtrip-efficiency': 1, 'production-capacity': '0kW', 'soc-usage': [{ sensor: ID.deltaFails }] },
    });
    const error = failure(() => scheduleStorageWith(glpk, p));
    expect(error.excType).toBe('InfeasibleProblemException');
    expect(error.text).toContain('t=2015-01-01T00:15:00+01:00 until 2015-01-02T00:00:00+01:00 | soc-min 0 MWh cannot be met');
  });
});

describe('S15 – SoC target from a sensor lands on its own instant (decision 0026)', () => {
  const index = (iso: string) => (Date.parse(iso) - DAY1) / QUARTER - 1;
  const targetsOf = (id: number) => build({ flexModel: { 'soc-at-start': 0, 'soc-targets': { sensor: id } } }).socTargets!;
  const constrained = (targets: readonly (number | null)[]) => targets.flatMap((v, i) => (v === null ? [] : [[i, v]]));

  it('instantaneous sensor: only the SoC at 14:00', () => {
    expect(constrained(targetsOf(ID.targetInstant))).toEqual([[index('2015-01-01T14:00:00+01:00'), 0.5]]);
  });

  it('15-minute sensor (event 14:00–14:15): the SoC at 14:15', () => {
    expect(constrained(targetsOf(ID.targetQuarter))).toEqual([[index('2015-01-01T14:15:00+01:00'), 0.5]]);
  });

  it('1-hour sensor (event 14:00–15:00): the SoC at 14:15 through 15:00', () => {
    expect(constrained(targetsOf(ID.targetHourly))).toEqual(
      ['14:15', '14:30', '14:45', '15:00'].map((t) => [index(`2015-01-01T${t}:00+01:00`), 0.5]),
    );
  });

  it('list-form events: an instant, and an inclusive window of due instants', () => {
    const p = build({
      flexModel: {
        'soc-targets': [{ value: 0.5, datetime: '2015-01-01T14:00:00+01:00' }],
        'soc-minima': [{ value: '1000 kWh', start: '2015-01-01T16:00:00+01:00', end: '2015-01-01T16:30:00+01:00' }],
        'soc-maxima': [{ value: 4, datetime: '2015-01-01T14:07:00+01:00' }],
      },
    });
    expect(constrained(p.socTargets!)).toEqual([[index('2015-01-01T14:00:00+01:00'), 0.5]]);
    expect(constrained(p.socMinima!)).toEqual(['16:00', '16:15', '16:30'].map((t) => [index(`2015-01-01T${t}:00+01:00`), 1]));
    // Off-grid instants match nothing.
    expect(constrained(p.socMaxima!)).toEqual([]);
  });

  it('SoC sensors in kWh are converted; minima take the max and maxima the min at shared instants', () => {
    const p = build({ flexModel: { 'soc-minima': { sensor: ID.socMinima }, 'soc-maxima': { sensor: ID.socMaxima } } });
    const first = index('2015-01-01T02:00:00+01:00');
    expect(p.socMinima![first]).toBe(0);
    expect(p.socMaxima![first + 88]).toBeCloseTo(5, 9);
    expect(p.socMaxima![first + 44]).toBeCloseTo(2.5, 9);
    expect(p.socMinima!.slice(0, first).every((v) => v === null)).toBe(true);
  });
});

describe('prices (docs/contract/storage-scheduling.md §2.7)', () => {
  it('market_id fallback: hourly epex_da prices repeated on every quarter hour; production = consumption', () => {
    const p = build({});
    expect(p.consumptionPrice.slice(0, 8)).toEqual([0.639427, 0.639427, 0.639427, 0.639427, 0.031484, 0.031484, 0.031484, 0.031484]);
    expect(p.productionPrice).toEqual(p.consumptionPrice);
  });

  it('flex-context quantities and the asset relation take precedence over market_id', () => {
    let p = build({ flexContext: { 'consumption-price': '0.29 EUR/kWh', 'production-price': '0.3 EUR/MWh' } });
    close(p.consumptionPrice, repeat(290, 96));
    close(p.productionPrice, repeat(0.3, 96));
    p = build({ relations: { consumptionPriceSensor: ID.epexDaProduction }, start: DAY3 });
    close(p.consumptionPrice, [...repeat(-50, 32), ...repeat(60, 64)]);
    // Production: no production-specific source → the asset has none, so market_id (epex_da).
    close(p.productionPrice, [...repeat(-10, 32), ...repeat(100, 64)]);
  });

  it('no price data in the window → UnknownPricesException naming the sensor', () => {
    const error = failure(() => build({ start: Date.parse('2040-01-01T00:00:00+01:00') }));
    expect(error.excType).toBe('UnknownPricesException');
    expect(error.failureMessage).toBe(
      `Scheduling job failed with UnknownPricesException: Prices unknown for planning window. (sensor ${ID.epexDa}).`,
    );
  });

  it('partially missing prices are padded at the edges and gaps take the last known price; EUR/kWh sensors become EUR/MWh', () => {
    // priceKwh: 0.1, (missing), 0.3, 0.4 EUR/kWh at 00:00–04:00 on day 1; window 23:00 (day 0) – 05:00.
    const config = configOf({ start: DAY1 - HOUR, hours: 6, flexContext: { 'consumption-price': { sensor: ID.priceKwh } } });
    const built = buildStorageProblem(config, { sensor: TEST_BATTERY, sensors: lookup, values });
    expect(built.priceUnit).toBe('EUR/MWh');
    close(built.problem.consumptionPrice, [...repeat(100, 4), ...repeat(100, 4), ...repeat(100, 4), ...repeat(300, 4), ...repeat(400, 4), ...repeat(400, 4)]);
    expect(built.warnings.some((w) => w.startsWith('Prices partially unknown for planning window (sensor 90)'))).toBe(true);
  });

  it('no price source at all → UnknownMarketException', () => {
    const sensor = { ...TEST_BATTERY, assetAttributes: { capacity_in_mw: 2, max_soc_in_mwh: 5 } };
    expect(failure(() => build({ sensor })).excType).toBe('UnknownMarketException');
  });

  it('consumption and production prices in different currencies are rejected', () => {
    const error = failure(() => build({ flexContext: { 'consumption-price': '1 EUR/MWh', 'production-price': '1 KRW/MWh' } }));
    expect(error.text).toBe('The consumption and production prices are in different units (EUR/MWh and KRW/MWh).');
  });
});

describe('inflexible devices (docs/contract/storage-scheduling.md §2.7)', () => {
  it('PV (production positive, MW) and residual demand (consumption negative, kW) become +1 MW and −1.8 MW 08–16', () => {
    const p = build({ flexContext: { 'inflexible-device-sensors': [ID.pv, ID.residualDemand] } });
    close(p.inflexiblePower, [...repeat(1, 32), ...repeat(-0.8, 32), ...repeat(1, 32)]);
  });

  it('the asset\'s inflexible sensors are the default; consumption_is_positive keeps the sign; missing values count as 0', () => {
    const original = SENSORS.get(ID.pv)!;
    SENSORS.set(999, { ...original, attributes: { consumption_is_positive: true }, values: original.values.slice(0, 40) });
    try {
      const config = configOf({});
      const built = buildStorageProblem(config, { sensor: TEST_BATTERY, sensors: lookup, values, relations: { inflexibleDeviceSensors: [999] } });
      close(built.problem.inflexiblePower, [...repeat(0, 32), ...repeat(1.8, 8), ...repeat(0, 56)]);
      expect(built.warnings).toContain('Assuming zero power values for (partially) unknown power values for planning window.');
    } finally {
      SENSORS.delete(999);
    }
  });
});

describe('planSensorData', () => {
  it('lists every sensor to load with its window (SoC sensors up to the end instant inclusive)', () => {
    const config = configOf({
      flexModel: { 'soc-targets': { sensor: ID.socTargets }, 'soc-usage': [{ sensor: ID.deltaHourly }], 'charging-efficiency': { sensor: ID.efficiency } },
      flexContext: { 'inflexible-device-sensors': [ID.pv], 'site-power-capacity': { sensor: ID.sitePowerCapacity } },
    });
    const plan = planSensorData(config, TEST_BATTERY, lookup);
    const end = DAY1 + 24 * HOUR;
    expect(plan).toEqual(
      expect.arrayContaining([
        { sensorId: ID.socTargets, fromMs: DAY1, untilMs: end + 1, purposes: ['soc-targets'] },
        { sensorId: ID.deltaHourly, fromMs: DAY1 - HOUR, untilMs: end, purposes: ['soc-usage'] },
        { sensorId: ID.efficiency, fromMs: DAY1 - QUARTER, untilMs: end, purposes: ['charging-efficiency'] },
        { sensorId: ID.pv, fromMs: DAY1 - QUARTER, untilMs: end, purposes: ['inflexible-device-sensors'] },
        { sensorId: ID.sitePowerCapacity, fromMs: DAY1 - QUARTER, untilMs: end, purposes: ['site-power-capacity'] },
        { sensorId: ID.epexDa, fromMs: DAY1 - HOUR, untilMs: end, purposes: ['market_id'] },
      ]),
    );
    expect(plan).toHaveLength(6);
  });
});

describe('end to end: flex config → problem → GLPK → sensor unit', () => {
  // S17: 12 combinations of power sensor unit, soc-unit and value notation.
  const combos: [PowerSensorContext, string, Record<string, unknown>][] = [];
  for (const sensor of [TEST_BATTERY, TEST_BATTERY_KW]) {
    for (const socUnit of ['kWh', 'MWh']) {
      const k = socUnit === 'kWh' ? 1000 : 1;
      combos.push([sensor, socUnit, { 'soc-unit': socUnit, 'soc-min': 0.1 * k, 'soc-at-start': 0.1 * k, 'soc-max': 1 * k }]);
      combos.push([sensor, socUnit, { 'soc-unit': socUnit, 'soc-min': '100 kWh', 'soc-at-start': '100 kWh', 'soc-max': '1 MWh' }]);
      combos.push([sensor, socUnit, { 'soc-unit': socUnit, 'soc-min': '0.1 MWh', 'soc-at-start': '0.1 MWh', 'soc-max': '1000 kWh' }]);
    }
  }
  combos.forEach(([sensor, socUnit, soc], i) => {
    it(`S17 #${i + 1}: ${sensor.unit} sensor, soc-unit ${socUnit}, ${typeof soc['soc-min']} values → [1, 1, 1, 0.6, −0.6, −1, −1, −1] MW`, () => {
      const start = Date.parse('2015-01-02T14:00:00+01:00');
      const config = parseStorageFlexConfig({
        sensor,
        startMs: start,
        endMs: start + 2 * HOUR,
        flexModel: { ...soc, 'power-capacity': '1 MW', 'roundtrip-efficiency': 1, 'storage-efficiency': 1 },
        flexContext: { 'site-power-capacity': '1 MW' },
        sensors: lookup,
      });
      const { problem } = buildStorageProblem(config, { sensor, sensors: lookup, values });
      const schedule = scheduleStorageWith(glpk, problem);
      const out = scheduleInSensorUnit(schedule.power, sensor.unit, sensor.eventResolutionMs);
      const k = sensor.unit === 'kW' ? 1000 : 1;
      expect(out).toEqual([1, 1, 1, 0.6, -0.6, -1, -1, -1].map((x) => x * k));
      expect((out.slice(0, 4).reduce((a, b) => a + b, 0) / k) * 0.25).toBeCloseTo(0.9, 9);
      expect((out.slice(4).reduce((a, b) => a + b, 0) / k) * 0.25).toBeCloseTo(-0.9, 9);
    });
  });

  it('S9 through the flex layer: the infeasible target is named with its local time and soc-unit', () => {
    const sensor: PowerSensorContext = { ...TEST_BATTERY_KW, eventResolutionMs: HOUR };
    const config = parseStorageFlexConfig({
      sensor,
      startMs: DAY2,
      endMs: DAY2 + 24 * HOUR,
      flexModel: { 'soc-min': 500, 'soc-max': 4500, 'soc-targets': [{ value: 8000, datetime: '2015-01-02T16:00:00+01:00' }] },
      flexContext: {},
      sensors: lookup,
    });
    const { problem } = buildStorageProblem(config, { sensor, sensors: lookup, values });
    const error = failure(() => scheduleStorageWith(glpk, problem));
    expect(error.excType).toBe('ValueError');
    expect(error.text).toContain('t=2015-01-02T16:00:00+01:00 | soc-targets 8000 kWh exceeds soc-max 4500 kWh');
  });

  it('S5 through the flex layer: the one-way charging station reaches its 02:00 target without discharging', () => {
    const config = configOf({
      sensor: CHARGING_STATION,
      start: DAY2,
      flexModel: { 'soc-at-start': 1, 'soc-targets': [{ value: 5, datetime: '2015-01-02T02:00:00+01:00' }] },
    });
    const { problem } = buildStorageProblem(config, { sensor: CHARGING_STATION, sensors: lookup, values });
    const schedule = scheduleStorageWith(glpk, problem);
    expect(schedule.soc[8]).toBeCloseTo(5, 5);
    expect(schedule.power.every((x) => x >= 0)).toBe(true);
  });
});
