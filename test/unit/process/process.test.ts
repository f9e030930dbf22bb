/**
 * Process scheduling in core: FlexMeasures' ProcessScheduler cases (a 24-hour day with hourly
 * prices of 100 / 90 / 100 in blocks of eight hours, power 4), its flex-model validation texts,
 * and where this server deliberately differs (prices from any source, filled gaps, real values in
 * messages, power as a quantity, expected cost).
 */
import { describe, it, expect } from '@jest/globals';
import { FlexValidationError, type PowerSensorContext, type SensorLookup } from '../../../functions/core/flex/index.js';
import {
  blockCost,
  blockCosts,
  parseProcessFlexConfig,
  placeProcess,
  processPriceSource,
  quantityPrices,
  restrictionMask,
  scheduleProcess,
  sensorPrices,
  type ProcessFlexConfig,
  type StepPrices,
} from '../../../functions/core/process/index.js';
import { SchedulingError } from '../../../functions/core/scheduling/errors.js';
import { HOUR } from '../../../functions/core/time/index.js';
import { DAY2, DAY3, EPEX_DAY2, TZ } from '../scheduling/fixtures.js';
import { thrownBy } from '../../helpers/errors.js';

const PRICE_SENSOR = 2;
const PROCESS: PowerSensorContext = { id: 1, unit: 'kWh', eventResolutionMs: HOUR, timeZone: TZ, attributes: {}, assetAttributes: {} };
const lookup: SensorLookup = (id) => (id === PRICE_SENSOR ? { unit: 'EUR/MWh', eventResolutionMs: HOUR } : undefined);
const GRID = { startMs: DAY2, stepMs: HOUR, n: 24 };

function config(flexModel: unknown, flexContext: unknown = { 'consumption-price-sensor': PRICE_SENSOR }, sensor = PROCESS): ProcessFlexConfig {
  return parseProcessFlexConfig({ sensor, startMs: DAY2, endMs: DAY3, flexModel, flexContext, sensors: lookup });
}

function epexPrices(values: readonly (number | null)[] = EPEX_DAY2, grid = GRID): StepPrices {
  return sensorPrices(PRICE_SENSOR, lookup(PRICE_SENSOR)!, values.map((value, i) => ({ eventStart: DAY2 + i * HOUR, value })), grid);
}

function schedule(flexModel: Record<string, unknown>, prices: StepPrices | undefined = epexPrices()): number[] {
  return scheduleProcess(config({ power: 4, duration: 'PT4H', ...flexModel }), PROCESS.unit, prices).values;
}

/** 24 values: 4 in the given steps, 0 elsewhere. */
const running = (...steps: number[]) => Array.from({ length: 24 }, (_, j) => (steps.includes(j) ? 4 : 0));

const rejection = (fn: () => unknown): unknown => thrownBy(FlexValidationError, fn).messages;

const failure = (fn: () => unknown) => thrownBy(SchedulingError, fn);

describe('placement (FlexMeasures test_process.py)', () => {
  it('INFLEXIBLE starts at the window start; SHIFTABLE takes the earliest of the cheapest blocks', () => {
    expect(schedule({ 'process-type': 'INFLEXIBLE' })).toEqual(running(0, 1, 2, 3));
    // Starts 8–12 all cost 360: the earliest wins.
    expect(schedule({ 'process-type': 'SHIFTABLE' })).toEqual(running(8, 9, 10, 11));
  });

  it('a process longer than the window runs in every step, whatever its type', () => {
    expect(schedule({ 'process-type': 'INFLEXIBLE', duration: 'PT48H' })).toEqual(Array(24).fill(4));
    expect(schedule({ 'process-type': 'SHIFTABLE', duration: 'PT48H' })).toEqual(Array(24).fill(4));
    expect(schedule({ 'process-type': 'BREAKABLE', duration: 'PT24H' })).toEqual(Array(24).fill(4));
  });

  it('SHIFTABLE moves past a time restriction (steps 8 and 9) to the earliest cheapest valid start', () => {
    const restrictions = [{ start: '2015-01-02T08:00:00+01:00', duration: 'PT2H' }];
    const c = config({ power: 4, duration: 'PT4H', 'process-type': 'SHIFTABLE', 'time-restrictions': restrictions });
    expect(restrictionMask(GRID, c.flexModel.timeRestrictions)).toEqual(Array.from({ length: 24 }, (_, j) => j === 8 || j === 9));
    const values = scheduleProcess(c, PROCESS.unit, epexPrices()).values;
    expect(values).toEqual(running(10, 11, 12, 13));
    expect(values[8]).toBe(0);
    expect(values[9]).toBe(0);
  });

  it('BREAKABLE takes the cheapest free steps around four one-hour restrictions', () => {
    const restrictions = ['09', '11', '13', '15'].map((h) => ({ start: `2015-01-02T${h}:00:00+01:00`, duration: 'PT1H' }));
    expect(schedule({ 'process-type': 'BREAKABLE', 'time-restrictions': restrictions })).toEqual([
      ...Array(8).fill(0),
      ...[4, 0, 4, 0, 4, 0, 4, 0],
      ...Array(8).fill(0),
    ]);
  });

  it.each([
    ['BREAKABLE', [{ start: '2015-01-02T00:00:00+01:00', duration: 'PT24H' }]],
    ['INFLEXIBLE', [{ start: '2015-01-02T03:00:00+01:00', duration: 'PT21H' }]],
    ['SHIFTABLE', [{ start: '2015-01-02T03:00:00+01:00', duration: 'PT21H' }]],
  ])('an impossible %s schedule fails with a ValueError naming the real duration', (type, restrictions) => {
    const error = failure(() => schedule({ 'process-type': type, 'time-restrictions': restrictions }));
    expect(error.excType).toBe('ValueError');
    // One final period is added by the GET message; the text itself has no literal braces.
    expect(error.failureMessage).toBe('Scheduling job failed with ValueError: Cannot allocate a block of time PT4H given the time restrictions provided.');
  });

  it('a whole-window process with a restriction fails; a zero duration runs nowhere', () => {
    const restrictions = [{ start: '2015-01-02T05:00:00+01:00', duration: 'PT1H' }];
    expect(failure(() => schedule({ duration: 'PT24H', 'time-restrictions': restrictions })).text).toBe(
      'Cannot handle time restrictions if the duration of the process exceeds that of the schedule window',
    );
    expect(schedule({ duration: 'PT0H', 'process-type': 'SHIFTABLE' })).toEqual(Array(24).fill(0));
  });

  it('a duration off the step is rounded up (PT90M → two hours); MAX picks the dearest block and steps', () => {
    expect(schedule({ duration: 'PT90M', 'process-type': 'SHIFTABLE' })).toEqual(running(8, 9));
    expect(schedule({ 'process-type': 'SHIFTABLE', 'optimization-sense': 'MAX' })).toEqual(running(0, 1, 2, 3));
    expect(schedule({ 'process-type': 'BREAKABLE', 'optimization-sense': 'MAX', duration: 'PT10H' })).toEqual(running(0, 1, 2, 3, 4, 5, 6, 7, 16, 17));
  });

  it('a step is restricted by its start only: 08:30 + PT1H restricts 09:00, 07:30 + PT30M nothing, 08:00 + PT1M the 08:00 step', () => {
    const mask = (start: string, duration: string) =>
      restrictionMask(GRID, config({ power: 4, duration: 'PT1H', 'time-restrictions': [{ start, duration }] }).flexModel.timeRestrictions)
        .map((r, j) => (r ? j : -1))
        .filter((j) => j >= 0);
    expect(mask('2015-01-02T08:30:00+01:00', 'PT1H')).toEqual([9]);
    expect(mask('2015-01-02T07:30:00+01:00', 'PT30M')).toEqual([]);
    expect(mask('2015-01-02T08:00:00+01:00', 'PT1M')).toEqual([8]);
  });

  it('the sign of the power is kept and ignored for the placement', () => {
    expect(schedule({ power: -4, 'process-type': 'SHIFTABLE' })).toEqual(running(8, 9, 10, 11).map((x) => (x === 0 ? 0 : -x)));
  });
});

describe('flex-model validation', () => {
  it('process-type defaults to INFLEXIBLE, else the sensor attribute, else the asset attribute', () => {
    const model = { duration: 'PT4H', power: 30.0, 'time-restrictions': [{ start: '2023-01-01T00:00:00+00:00', duration: 'PT3H' }] };
    expect(config(model).flexModel.processType).toBe('INFLEXIBLE');
    expect(config(model, undefined, { ...PROCESS, attributes: { 'process-type': 'SHIFTABLE' } }).flexModel.processType).toBe('SHIFTABLE');
    expect(config(model, undefined, { ...PROCESS, assetAttributes: { 'process-type': 'BREAKABLE' } }).flexModel.processType).toBe('BREAKABLE');
    expect(config({ ...model, 'process-type': null }, undefined, { ...PROCESS, attributes: { 'process-type': 'SHIFTABLE' } }).flexModel.processType).toBe('SHIFTABLE');
    // The attribute is validated like input.
    expect(rejection(() => config(model, undefined, { ...PROCESS, attributes: { 'process-type': 'shiftable' } }))).toEqual({
      'process-type': ['Must be one of: INFLEXIBLE, BREAKABLE, SHIFTABLE.'],
    });
  });

  it.each([
    [{ power: 4 }, { duration: ['Missing data for required field.'] }],
    [{ duration: 'PT4H' }, { power: ['Missing data for required field.'] }],
    [{ duration: 'PT4H', power: 4, 'process-type': 'shiftable' }, { 'process-type': ['Must be one of: INFLEXIBLE, BREAKABLE, SHIFTABLE.'] }],
    [{ duration: 'PT4H', power: 4, 'optimization-sense': 'max' }, { 'optimization-sense': ['Must be one of: MAX, MIN.'] }],
    [{ duration: '4h', power: 4 }, { duration: ["Cannot parse 4h as ISO8601 duration: Unable to parse duration string '4h'"] }],
    [{ duration: 'PT30S', power: 4 }, { duration: ['FlexMeasures only support multiples of 1 minute.'] }],
    [{ duration: 'PT4H', power: 4, 'time-restrictions': [{ start: '2015-01-02T08:00:00', duration: 'PT1H' }] }, { 'time-restrictions': { '0': { start: ['Not a valid aware datetime.'] } } }],
    [{ duration: 'PT4H', power: 4, 'time-restrictions': [{ start: '2015-01-02T08:00:00+01:00' }] }, { 'time-restrictions': { '0': { duration: ['Missing data for required field.'] } } }],
    [{ duration: 'PT4H', power: 4, 'time-restrictions': [{ start: '2015-01-02T08:00:00+01:00', duration: 'PT1H', end: 'x' }] }, { 'time-restrictions': { '0': { end: ['Unknown field.'] } } }],
    [{ duration: 'PT4H', power: 4, 'time-restrictions': 'PT1H' }, { 'time-restrictions': ['Not a valid list.'] }],
    [{ duration: 'PT4H', power: 4, process_type: 'SHIFTABLE' }, { process_type: ['Unknown field.'] }],
    [{ duration: 'PT4H', power: true }, { power: ['Not a valid number.'] }],
  ])('%j → %j', (model, expected) => {
    expect(rejection(() => config(model))).toEqual(expected);
  });

  it('the flex-context is checked after the flex-model, with the storage schema', () => {
    expect(rejection(() => config({ duration: 'PT4H', power: 4 }, { 'consumption-price-sensor': 99 }))).toEqual({
      'consumption-price-sensor': ['No sensor found with id 99.'],
    });
    expect(rejection(() => config({ power: 4 }, { 'consumption-price-sensor': 99 }))).toEqual({ duration: ['Missing data for required field.'] });
    expect(rejection(() => config({ duration: 'PT4H', power: 4 }, { 'site-power': '1 MW' }))).toEqual({ 'site-power': ['Unknown field.'] });
  });
});

describe('where this server does better than v0.23', () => {
  it('power may be a quantity, converted to the sensor unit; a plain number is in the sensor unit', () => {
    const kw: PowerSensorContext = { ...PROCESS, unit: 'kW', eventResolutionMs: 15 * 60_000 };
    expect(config({ duration: 'PT4H', power: '15 kW' }, {}, kw).flexModel.power).toBe(15);
    expect(config({ duration: 'PT4H', power: '0.4 MW' }, {}, kw).flexModel.power).toBeCloseTo(400, 9);
    expect(config({ duration: 'PT4H', power: '4.5' }, {}, kw).flexModel.power).toBe(4.5);
    // An hourly kWh sensor: 4 kW for an hour is 4 kWh per step.
    expect(config({ duration: 'PT4H', power: '4 kW' }).flexModel.power).toBeCloseTo(4, 9);
    expect(rejection(() => config({ duration: 'PT4H', power: '4 kg' }, {}, kw))).toEqual({ power: ["Cannot convert value `4 kg` to 'kW'"] });
  });

  it('a non-string duration is a 422; optimization-direction is an alias of optimization-sense', () => {
    expect(rejection(() => config({ duration: 4, power: 4 }))).toEqual({ duration: ['Not a valid period of time.'] });
    expect(config({ duration: 'PT4H', power: 4, 'optimization-direction': 'MAX' }).flexModel.sense).toBe('MAX');
    expect(rejection(() => config({ duration: 'PT4H', power: 4, 'optimization-direction': 'MAX', 'optimization-sense': 'MIN' }))).toEqual({
      _schema: ['Must pass either optimization-sense or optimization-direction.'],
    });
  });

  it('SHIFTABLE and BREAKABLE without any price source are rejected at trigger time; INFLEXIBLE needs none', () => {
    for (const type of ['SHIFTABLE', 'BREAKABLE']) {
      expect(rejection(() => config({ duration: 'PT4H', power: 4, 'process-type': type }, {}))).toEqual(
        `A ${type} process is placed by price, but no prices are known for sensor 1: set consumption-price (or consumption-price-sensor) in the flex-context, a consumption price sensor on its asset, or the market_id attribute.`,
      );
    }
    expect(config({ duration: 'PT4H', power: 4 }, {}).flexModel.processType).toBe('INFLEXIBLE');
    const inflexible = scheduleProcess(config({ duration: 'PT4H', power: 4 }, {}), 'kWh', undefined);
    expect(inflexible.values).toEqual(running(0, 1, 2, 3));
    expect(inflexible.info).toEqual({ scheduler: 'ProcessScheduler', expected_cost: null, expected_cost_unit: null });
  });

  it('prices come from consumption-price (sensor or fixed quantity), the deprecated field, the asset, or market_id', () => {
    const c = (ctx: unknown, sensor = PROCESS, relations = {}) =>
      processPriceSource(
        parseProcessFlexConfig({ sensor, startMs: DAY2, endMs: DAY3, flexModel: { duration: 'PT1H', power: 1 }, flexContext: ctx, sensors: lookup, relations }).flexContext,
        sensor,
        relations,
      );
    expect(c({ 'consumption-price': { sensor: PRICE_SENSOR } })).toEqual({ kind: 'sensor', sensorId: PRICE_SENSOR, field: 'consumption-price' });
    expect(c({ 'consumption-price': '50 EUR/MWh' })).toMatchObject({ kind: 'quantity', quantity: { kind: 'fixed', value: 50, unit: 'EUR/MWh' } });
    expect(c({ 'consumption-price-sensor': PRICE_SENSOR })).toMatchObject({ kind: 'sensor', sensorId: PRICE_SENSOR });
    expect(c({}, PROCESS, { consumptionPriceSensor: 7 })).toMatchObject({ kind: 'sensor', sensorId: 7 });
    expect(c({}, { ...PROCESS, assetAttributes: { market_id: 8 } })).toMatchObject({ kind: 'sensor', sensorId: 8 });
    expect(c({})).toBeUndefined();
  });

  it('a fixed price schedules SHIFTABLE at the earliest block and reports the expected cost in the currency', () => {
    const c = config({ duration: 'PT4H', power: '15 kW', 'process-type': 'SHIFTABLE' }, { 'consumption-price': '50 EUR/MWh' }, { ...PROCESS, unit: 'kW' });
    const source = processPriceSource(c.flexContext, PROCESS);
    expect(source?.kind).toBe('quantity');
    const result = scheduleProcess(c, 'kW', quantityPrices(source as Extract<typeof source, { kind: 'quantity' }>, GRID));
    expect(result.values).toEqual(Array.from({ length: 24 }, (_, j) => (j < 4 ? 15 : 0)));
    // 0.015 MW × 50 EUR/MWh × 4 h
    expect(result.info).toEqual({ scheduler: 'ProcessScheduler', expected_cost: 3, expected_cost_unit: 'EUR' });
  });

  it('expected cost: the kWh-per-step sensor of the FlexMeasures tests (4 kWh per hour at 90 EUR/MWh)', () => {
    const result = scheduleProcess(config({ duration: 'PT4H', power: 4, 'process-type': 'SHIFTABLE' }), 'kWh', epexPrices());
    expect(result.info).toEqual({ scheduler: 'ProcessScheduler', expected_cost: 1.44, expected_cost_unit: 'EUR' });
  });

  it('gaps in the prices are filled as for storage, with a note — never a block costed across a gap', () => {
    // The 10:00 and 11:00 prices are missing; v0.23 would cost the 08:00 block as 08+09+12+13 (360) yet place it on 08–11.
    const prices = EPEX_DAY2.map((p, j) => (j === 10 || j === 11 ? null : p));
    prices[12] = 80;
    prices[13] = 80;
    const result = scheduleProcess(config({ duration: 'PT4H', power: 4, 'process-type': 'SHIFTABLE' }), 'kWh', epexPrices(prices));
    // Filled: 10 and 11 take 90 (the last known price); the cheapest block is then 10–13 (90+90+80+80).
    expect(result.values).toEqual(running(10, 11, 12, 13));
    expect(result.info.warnings).toEqual([
      `Prices partially unknown for planning window (sensor ${PRICE_SENSOR}); the first and last known prices are extended to the edges and gaps take the last known price.`,
    ]);
  });

  it('a window longer than the published prices extends the last price; a BREAKABLE process always gets all its steps', () => {
    const grid = { startMs: DAY2, stepMs: HOUR, n: 48 };
    const c = parseProcessFlexConfig({
      sensor: PROCESS,
      startMs: DAY2,
      endMs: DAY2 + 48 * HOUR,
      flexModel: { duration: 'PT30H', power: 4, 'process-type': 'BREAKABLE' },
      flexContext: { 'consumption-price-sensor': PRICE_SENSOR },
      sensors: lookup,
    });
    const result = scheduleProcess(c, 'kWh', epexPrices(EPEX_DAY2, grid));
    expect(result.values.filter((v) => v === 4)).toHaveLength(30);
    expect(result.info.warnings).toHaveLength(1);
  });

  it('no known price at all fails SHIFTABLE and BREAKABLE with UnknownPricesException', () => {
    for (const type of ['SHIFTABLE', 'BREAKABLE']) {
      const error = failure(() => schedule({ 'process-type': type }, epexPrices(Array(24).fill(null))));
      expect(error.failureMessage).toBe(`Scheduling job failed with UnknownPricesException: Prices unknown for planning window. (sensor ${PRICE_SENSOR}).`);
    }
    // INFLEXIBLE runs without prices and reports no cost.
    expect(scheduleProcess(config({ duration: 'PT4H', power: 4 }), 'kWh', epexPrices(Array(24).fill(null))).info.expected_cost).toBeNull();
  });

  it('prices at a coarser resolution are repeated onto a finer sensor grid, and a start off the price grid still works', () => {
    const quarter = 15 * 60_000;
    const start = DAY2 + 30 * 60_000; // 00:30, off the hourly price grid
    const sensor: PowerSensorContext = { ...PROCESS, unit: 'kW', eventResolutionMs: quarter };
    const c = parseProcessFlexConfig({
      sensor,
      startMs: start,
      endMs: start + 24 * HOUR,
      flexModel: { duration: 'PT1H', power: 10, 'process-type': 'SHIFTABLE' },
      flexContext: { 'consumption-price-sensor': PRICE_SENSOR },
      sensors: lookup,
    });
    const grid = { startMs: start, stepMs: quarter, n: 96 };
    const events = [...EPEX_DAY2, 100].map((value, i) => ({ eventStart: DAY2 + i * HOUR, value }));
    const result = scheduleProcess(c, 'kW', sensorPrices(PRICE_SENSOR, lookup(PRICE_SENSOR)!, events, grid));
    // The first 90-priced quarter is 08:00 = step 30 from 00:30.
    expect(result.on.map((x, j) => (x ? j : -1)).filter((j) => j >= 0)).toEqual([30, 31, 32, 33]);
    expect(result.info.expected_cost).toBeCloseTo(0.01 * 90, 9);
  });

  it('placeProcess without prices for a price-based type is an UnknownPricesException, not a silent schedule', () => {
    expect(failure(() => placeProcess({ type: 'SHIFTABLE', sense: 'MIN', blockSteps: 2, restricted: Array(4).fill(false), durationText: 'PT2H' })).excType).toBe(
      'UnknownPricesException',
    );
  });
});

describe('long windows', () => {
  it('the sliding block sums equal the plain sums at every start, across the points where they are summed afresh', () => {
    const prices = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 61) - 30);
    for (const n of [1, 50, 300]) {
      const costs = blockCosts(prices, n);
      expect(costs).toHaveLength(1000 - n + 1);
      costs.forEach((c, s) => expect(c).toBe(blockCost(prices, s, n)));
    }
  });

  it('a year of minutes: the cheapest long block is found (the one cheap day)', () => {
    const L = 365 * 24 * 60;
    const prices = Array.from({ length: L }, (_, i) => (Math.floor(i / 1440) === 200 ? 1 : 50));
    const on = placeProcess({ type: 'SHIFTABLE', sense: 'MIN', blockSteps: 1440, restricted: new Array<boolean>(L).fill(false), prices, durationText: 'P1D' });
    expect(on.indexOf(true)).toBe(200 * 1440);
    expect(on.lastIndexOf(true)).toBe(201 * 1440 - 1);
  });
});
