/**
 * Flex-model / flex-context validation: FlexMeasures' 422 messages (docs/contract/api.md §3.2, §8.6–§8.9),
 * defaults and the planning window.
 */
import { describe, it, expect } from '@jest/globals';
import {
  FlexValidationError,
  parseStorageFlexConfig,
  type FlexConfigOptions,
  type PowerSensorContext,
  type StorageFlexConfig,
} from '../../../functions/core/flex/index.js';
import { HOUR } from '../../../functions/core/time/index.js';
import { DAY1, DAY2, ID, QUARTER, TEST_BATTERY, TEST_BATTERY_KW, lookup } from './fixtures.js';
import { thrownBy } from '../../helpers/errors.js';

function parse(
  flexModel: unknown,
  flexContext: unknown = {},
  sensor: PowerSensorContext = TEST_BATTERY,
  options: FlexConfigOptions = {},
  window: [number, number] = [DAY1, DAY1 + 24 * HOUR],
): StorageFlexConfig {
  return parseStorageFlexConfig(
    { sensor, startMs: window[0], endMs: window[1], flexModel, flexContext, sensors: lookup },
    options,
  );
}

const rejection = (fn: () => unknown) => thrownBy(FlexValidationError, fn).messages;

describe('the base trigger message (docs/contract/api.md §12.0)', () => {
  it('reads SoC numbers in soc-unit kWh and converts everything to MWh, fractions and MW', () => {
    const config = parse({
      'soc-at-start': 12.1,
      'soc-min': 0,
      'soc-max': 40,
      'soc-unit': 'kWh',
      'roundtrip-efficiency': '98%',
      'storage-efficiency': '99.99%',
      'power-capacity': '2 MW',
    });
    const m = config.flexModel;
    expect(m.socAtStart).toBeCloseTo(0.0121, 12);
    expect(m.socMin).toBe(0);
    expect(m.socMax).toBeCloseTo(0.04, 12);
    expect(m.roundtripEfficiency).toBeCloseTo(0.98, 12);
    expect(m.storageEfficiency).toEqual({ kind: 'fixed', value: expect.closeTo(0.9999, 12) });
    expect(m.powerCapacity).toEqual({ kind: 'fixed', value: 2 });
    expect(m.preferChargingSooner).toBe(true);
    expect(m.socUnit).toBe('kWh');
    expect(config.steps).toBe(96);
    expect(config.stepMs).toBe(QUARTER);
    expect(config.endMs).toBe(DAY1 + 24 * HOUR);
  });

  it('derives soc-unit from the sensor unit (kW → kWh, MW → MWh) and converts strings with units', () => {
    expect(parse({ 'soc-at-start': 500 }, {}, TEST_BATTERY_KW).flexModel.socAtStart).toBeCloseTo(0.5, 12);
    expect(parse({ 'soc-at-start': 0.5 }).flexModel.socAtStart).toBe(0.5);
    expect(parse({ 'soc-at-start': '12.1 kWh' }).flexModel.socAtStart).toBeCloseTo(0.0121, 12);
  });
});

describe('defaults from attributes (docs/contract/storage-scheduling.md §2.2)', () => {
  it('soc-min and soc-max come from min_soc_in_mwh / max_soc_in_mwh, soc-at-start defaults to 0', () => {
    const m = parse({}).flexModel;
    expect(m.socMin).toBe(0);
    expect(m.socMax).toBe(5);
    expect(m.socAtStart).toBe(0);
  });

  it('soc-at-start falls back to soc_in_mwh when soc_datetime is the schedule start', () => {
    const sensor = { ...TEST_BATTERY, assetAttributes: { ...TEST_BATTERY.assetAttributes, soc_datetime: '2015-01-01T00:00:00+01:00' } };
    expect(parse({}, {}, sensor).flexModel.socAtStart).toBe(2.5);
    const later = { ...TEST_BATTERY, assetAttributes: { ...TEST_BATTERY.assetAttributes, soc_datetime: '2014-12-31T00:00:00+01:00' } };
    expect(parse({}, {}, later).flexModel.socAtStart).toBe(0);
  });

  it('without max_soc_in_mwh, soc-max is the highest soc-target', () => {
    const sensor: PowerSensorContext = { ...TEST_BATTERY, assetAttributes: { capacity_in_mw: 2 } };
    const config = parse(
      {
        'soc-targets': [
          { value: 3, datetime: '2015-01-01T10:00:00+01:00' },
          { value: '4500 kWh', datetime: '2015-01-01T12:00:00+01:00' },
        ],
      },
      {},
      sensor,
    );
    expect(config.flexModel.socMax).toBe(4.5);
  });

  it('without soc-max, attribute or targets the trigger is rejected with a plain string', () => {
    const sensor: PowerSensorContext = { ...TEST_BATTERY, assetAttributes: { capacity_in_mw: 2 } };
    expect(rejection(() => parse({ 'soc-at-start': 1 }, {}, sensor))).toBe(
      'Need maximal permitted state of charge, please specify soc-max or some soc-targets.',
    );
  });

  it('prefer-charging-sooner accepts marshmallow booleans', () => {
    expect(parse({ 'prefer-charging-sooner': false }).flexModel.preferChargingSooner).toBe(false);
    expect(parse({ 'prefer-charging-sooner': 'True' }).flexModel.preferChargingSooner).toBe(true);
    expect(rejection(() => parse({ 'prefer-charging-sooner': 'maybe' }))).toEqual({ 'prefer-charging-sooner': ['Not a valid boolean.'] });
  });
});

describe('flex-model field errors (422, keyed by field)', () => {
  it('unknown fields, including the sunset top-level ones', () => {
    expect(rejection(() => parse({ 'soc-max': 5, 'state-of-charge': 3 }))).toEqual({ 'state-of-charge': ['Unknown field.'] });
  });

  it('soc-unit must be kWh or MWh', () => {
    expect(rejection(() => parse({ 'soc-unit': 'MWH' }))).toEqual({ 'soc-unit': ['Must be one of: kWh, MWh.'] });
  });

  it('unparsable and incompatible quantities', () => {
    const m = rejection(() => parse({ 'soc-at-start': 'not-a-float' })) as Record<string, string[]>;
    expect(m['soc-at-start']![0]).toMatch(/^Cannot convert value 'not-a-float' to a valid quantity\. /);
    expect(rejection(() => parse({ 'soc-max': '5 kW' }))).toEqual({ 'soc-max': ["Cannot convert value `5 kW` to 'MWh'"] });
    expect(rejection(() => parse({ 'power-capacity': '5 kWh' }))).toEqual({ 'power-capacity': ["Cannot convert value `5 kWh` to 'MW'"] });
  });

  it('plain numbers are only accepted for SoC fields, storage- and roundtrip-efficiency', () => {
    expect(rejection(() => parse({ 'power-capacity': 5 }))).toEqual({
      'power-capacity': ["Unsupported value type. `<class 'int'>` was provided but only dict, list and str are supported."],
    });
    expect(rejection(() => parse({ 'charging-efficiency': 0.9 }))).toEqual({
      'charging-efficiency': ["Unsupported value type. `<class 'float'>` was provided but only dict, list and str are supported."],
    });
    expect(parse({ 'storage-efficiency': 0.9999 }).flexModel.storageEfficiency).toEqual({ kind: 'fixed', value: 0.9999 });
    expect(parse({ 'roundtrip-efficiency': 0.9 }).flexModel.roundtripEfficiency).toBe(0.9);
    expect(parse({ 'roundtrip-efficiency': '0.9' }).flexModel.roundtripEfficiency).toBe(0.9);
  });

  it('numbers inside time series are dimensionless: fine for efficiencies, rejected for power', () => {
    const window = { start: '2015-01-01T00:00:00+01:00', end: '2015-01-01T12:00:00+01:00' };
    expect(parse({ 'charging-efficiency': [{ value: 0.9, ...window }] }).flexModel.chargingEfficiency).toEqual({
      kind: 'series',
      events: [{ startMs: DAY1, endMs: DAY1 + 12 * HOUR, value: 0.9 }],
    });
    expect(rejection(() => parse({ 'power-capacity': [{ value: 5, ...window }] }))).toEqual({
      'power-capacity': ["Cannot convert value `5 dimensionless` to 'MW'"],
    });
  });

  it('range checks', () => {
    expect(rejection(() => parse({ 'soc-min': -1 }))).toEqual({ 'soc-min': ['Must be greater than or equal to 0.'] });
    expect(rejection(() => parse({ 'roundtrip-efficiency': '0%' }))).toEqual({
      'roundtrip-efficiency': ['Must be greater than 0 and less than or equal to 1.'],
    });
    expect(rejection(() => parse({ 'roundtrip-efficiency': 90 }))).toEqual({
      'roundtrip-efficiency': ['Must be greater than 0 and less than or equal to 1.'],
    });
    expect(
      rejection(() => parse({ 'soc-minima': [{ value: -1, datetime: '2015-01-01T10:00:00+01:00' }] })),
    ).toEqual({ 'soc-minima': { '0': { value: ['Must be greater than or equal to 0.'] } } });
  });

  it('roundtrip-efficiency excludes charging- and discharging-efficiency (_schema, internal names)', () => {
    expect(rejection(() => parse({ 'roundtrip-efficiency': '90%', 'charging-efficiency': '95%' }))).toEqual({
      _schema: ['Fields `charging_efficiency` and `roundtrip_efficiency` are mutually exclusive.'],
    });
    expect(rejection(() => parse({ 'roundtrip-efficiency': '90%', 'discharging-efficiency': '95%' }))).toEqual({
      _schema: ['Fields `discharging_efficiency` and `roundtrip_efficiency` are mutually exclusive.'],
    });
  });

  it('sensor references: missing key, unknown sensor, unit mismatch, storage-efficiency resolution', () => {
    expect(rejection(() => parse({ 'soc-targets': { id: 5 } }))).toEqual({
      'soc-targets': ['Dictionary provided but `sensor` key not found.'],
    });
    expect(rejection(() => parse({ 'soc-targets': { sensor: 999 } }))).toEqual({ 'soc-targets': ['No sensor found with id 999.'] });
    expect(rejection(() => parse({ 'soc-targets': { sensor: ID.temperature } }))).toEqual({
      'soc-targets': ['Cannot convert °C to MWh'],
    });
    expect(rejection(() => parse({ 'power-capacity': { sensor: ID.epexDa } }))).toEqual({
      'power-capacity': ['Cannot convert EUR/MWh to MW'],
    });
    expect(rejection(() => parse({ 'storage-efficiency': { sensor: ID.storageEfficiencyHourly } }))).toEqual({
      'storage-efficiency': [
        "Event resolution of the storage efficiency and the power sensor don't match. Resampling the storage efficiency is not supported.",
      ],
    });
    expect(parse({ 'soc-targets': { sensor: ID.socTargets } }).flexModel.socTargets).toEqual({ kind: 'sensor', sensorId: ID.socTargets });
  });

  it('time-series timing errors are reported under _schema of the item', () => {
    const at = '2015-01-01T10:00:00+01:00';
    expect(
      rejection(() =>
        parse({
          'soc-targets': [
            { value: 1, datetime: at, start: at },
            { value: 1, duration: 'PT1H' },
            { value: 1, start: at },
            { value: 1, datetime: '2015-01-01T10:00:00' },
            { datetime: at },
            'not an event',
            { value: 1, datetime: at, foo: 1 },
          ],
        }),
      ),
    ).toEqual({
      'soc-targets': {
        '0': { _schema: ["If using the 'datetime' field, no 'start', 'end' or 'duration' is expected."] },
        '1': { _schema: ["If using the 'duration' field, either 'start' or 'end' is expected."] },
        '2': {
          _schema: [
            "Missing field(s) to describe timing: use the 'datetime' field, or a combination of 2 fields of 'start', 'end' and 'duration'.",
          ],
        },
        '3': { datetime: ['Not a valid aware datetime.'] },
        '4': { value: ['Missing data for required field.'] },
        '5': { _schema: ['Invalid input type.'] },
        '6': { foo: ['Unknown field.'] },
      },
    });
  });

  it('time-series windows: start+end, start+duration, end+duration (nominal durations in the sensor time zone)', () => {
    const m = parse({
      'soc-minima': [
        { value: 1, start: '2015-01-01T10:00:00+01:00', end: '2015-01-01T11:00:00+01:00' },
        { value: 2, start: '2015-01-01T12:00:00+01:00', duration: 'PT30M' },
        { value: 3, end: '2015-01-01T14:00:00+01:00', duration: 'PT45M' },
      ],
      'soc-maxima': [{ value: 4, start: '2015-01-01T00:00:00+01:00', duration: 'P1M' }],
    }).flexModel;
    const t = (s: string) => Date.parse(s);
    expect(m.socMinima).toEqual({
      kind: 'series',
      events: [
        { startMs: t('2015-01-01T10:00:00+01:00'), endMs: t('2015-01-01T11:00:00+01:00'), value: 1 },
        { startMs: t('2015-01-01T12:00:00+01:00'), endMs: t('2015-01-01T12:30:00+01:00'), value: 2 },
        { startMs: t('2015-01-01T13:15:00+01:00'), endMs: t('2015-01-01T14:00:00+01:00'), value: 3 },
      ],
    });
    expect(m.socMaxima).toEqual({ kind: 'series', events: [{ startMs: DAY1, endMs: t('2015-02-01T00:00:00+01:00'), value: 4 }] });
  });

  it('soc-gain / soc-usage are non-empty lists of power quantities, errors keyed by index', () => {
    expect(rejection(() => parse({ 'soc-gain': [] }))).toEqual({ 'soc-gain': ['Shorter than minimum length 1.'] });
    expect(rejection(() => parse({ 'soc-usage': '1 MW' }))).toEqual({ 'soc-usage': ['Not a valid list.'] });
    expect(rejection(() => parse({ 'soc-usage': ['1 MW', '1 MWh'] }))).toEqual({
      'soc-usage': { '1': ["Cannot convert value `1 MWh` to 'MW'"] },
    });
    const m = parse({ 'soc-gain': ['0.5 MW', { sensor: ID.delta }], 'soc-usage': ['100 kW'] }).flexModel;
    expect(m.socGain).toEqual([
      { kind: 'fixed', value: 0.5 },
      { kind: 'sensor', sensorId: ID.delta },
    ]);
    expect(m.socUsage).toEqual([{ kind: 'fixed', value: 0.1 }]);
  });

  it('soc-at-start, soc-min and soc-max take a quantity or a number only', () => {
    expect(rejection(() => parse({ 'soc-max': { sensor: ID.socTargets } }))).toEqual({
      'soc-max': ["Unsupported value type. `<class 'dict'>` was provided but only float, int and str are supported."],
    });
  });

  it('a non-object flex-model is an invalid input type', () => {
    expect(rejection(() => parse([1, 2]))).toEqual({ _schema: ['Invalid input type.'] });
  });
});

describe('flex-context', () => {
  it('prices as quantities are normalised to <currency>/MWh', () => {
    const ctx = parse({}, { 'consumption-price': '0.29 EUR/kWh', 'production-price': '300 EUR/MWh' }).flexContext;
    expect(ctx.consumptionPrice).toEqual({ kind: 'fixed', value: expect.closeTo(290, 9), unit: 'EUR/MWh' });
    expect(ctx.productionPrice).toEqual({ kind: 'fixed', value: 300, unit: 'EUR/MWh' });
  });

  it('prices as time series (0.24 behaviour) and as sensors (any unit)', () => {
    const ctx = parse(
      {},
      {
        'consumption-price': [{ value: '10 EUR/MWh', start: '2015-01-01T00:00:00+01:00', duration: 'PT12H' }],
        'production-price': { sensor: ID.priceKwh },
      },
    ).flexContext;
    expect(ctx.consumptionPrice).toEqual({
      kind: 'series',
      events: [{ startMs: DAY1, endMs: DAY1 + 12 * HOUR, value: 10 }],
      unit: 'EUR/MWh',
    });
    expect(ctx.productionPrice).toEqual({ kind: 'sensor', sensorId: ID.priceKwh });
  });

  it('rejects non-price quantities, numbers and mixed currencies in price fields', () => {
    expect(rejection(() => parse({}, { 'consumption-price': '5 kW' }))).toEqual({ 'consumption-price': ["Cannot convert value `5 kW` to '/MWh'"] });
    expect(rejection(() => parse({}, { 'consumption-price': 5 }))).toEqual({
      'consumption-price': ["Unsupported value type. `<class 'int'>` was provided but only dict, list and str are supported."],
    });
    const at = (h: number) => `2015-01-01T${String(h).padStart(2, '0')}:00:00+01:00`;
    expect(
      rejection(() =>
        parse({}, { 'consumption-price': [{ value: '1 EUR/MWh', start: at(0), end: at(1) }, { value: '1 KRW/MWh', start: at(1), end: at(2) }] }),
      ),
    ).toEqual({ 'consumption-price': ["Cannot convert value `1 KRW/MWh` to 'EUR/MWh'"] });
  });

  it('a price and its deprecated -sensor variant exclude each other', () => {
    expect(rejection(() => parse({}, { 'consumption-price': '1 EUR/MWh', 'consumption-price-sensor': ID.epexDa }))).toEqual({
      _schema: ['Must pass either consumption-price or consumption-price-sensor.'],
    });
    expect(rejection(() => parse({}, { 'production-price': '1 EUR/MWh', 'production-price-sensor': ID.epexDa }))).toEqual({
      _schema: ['Must pass either production-price or production-price-sensor.'],
    });
    expect(parse({}, { 'consumption-price-sensor': ID.epexDa }).flexContext.consumptionPriceSensor).toBe(ID.epexDa);
  });

  it('sensor ids must exist', () => {
    expect(rejection(() => parse({}, { 'consumption-price-sensor': 999 }))).toEqual({
      'consumption-price-sensor': ['No sensor found with id 999.'],
    });
    expect(rejection(() => parse({}, { 'inflexible-device-sensors': [ID.pv, 999, 'x'] }))).toEqual({
      'inflexible-device-sensors': { '1': ['No sensor found with id 999.'], '2': ['Not a valid integer.'] },
    });
    expect(rejection(() => parse({}, { 'inflexible-device-sensors': ID.pv }))).toEqual({ 'inflexible-device-sensors': ['Not a valid list.'] });
  });

  it('site capacities: ≥ 0, sensor references, and time series (decision 0014)', () => {
    expect(rejection(() => parse({}, { 'site-power-capacity': '-1 kW' }))).toEqual({
      'site-power-capacity': ['Must be greater than or equal to 0.'],
    });
    const ctx = parse(
      {},
      {
        'site-power-capacity': '1100 kVA',
        'site-consumption-capacity': { sensor: ID.sitePowerCapacity },
        'site-production-capacity': [{ value: '30 kW', start: '2015-01-01T00:00:00+01:00', end: '2015-01-01T06:00:00+01:00' }],
      },
    ).flexContext;
    expect(ctx.sitePowerCapacity).toEqual({ kind: 'fixed', value: expect.closeTo(1.1, 12) });
    expect(ctx.siteConsumptionCapacity).toEqual({ kind: 'sensor', sensorId: ID.sitePowerCapacity });
    expect(ctx.siteProductionCapacity).toEqual({ kind: 'series', events: [{ startMs: DAY1, endMs: DAY1 + 6 * HOUR, value: expect.closeTo(0.03, 12) }] });
    expect(
      rejection(() =>
        parse({}, { 'site-production-capacity': [{ value: '-30 kW', start: '2015-01-01T00:00:00+01:00', end: '2015-01-01T06:00:00+01:00' }] }),
      ),
    ).toEqual({ 'site-production-capacity': { '0': { value: ['Must be greater than or equal to 0.'] } } });
  });

  it('nominal durations in flex-context time series need a time zone, which the flex-context has not', () => {
    expect(
      rejection(() => parse({}, { 'site-power-capacity': [{ value: '1 MW', start: '2015-01-01T00:00:00+01:00', duration: 'P1M' }] })),
    ).toEqual({
      'site-power-capacity': { '0': { _schema: ["Cannot interpret nominal duration used in the 'duration' field without a known timezone."] } },
    });
  });

  it('unknown fields', () => {
    expect(rejection(() => parse({}, { 'site-peak-production': '1 MW' }))).toEqual({ 'site-peak-production': ['Unknown field.'] });
  });

  it('flex-model errors are reported before flex-context errors', () => {
    expect(rejection(() => parse({ 'soc-unit': 'x' }, { foo: 1 }))).toEqual({ 'soc-unit': ['Must be one of: kWh, MWh.'] });
  });
});

describe('planning window (docs/contract/storage-scheduling.md §2.1)', () => {
  const target = (datetime: string, value = 1) => ({ value, datetime });

  it('list-form targets beyond the end extend it', () => {
    const config = parse({ 'soc-targets': [target('2015-01-02T12:00:00+01:00')] });
    expect(config.endMs).toBe(Date.parse('2015-01-02T12:00:00+01:00'));
    expect(config.steps).toBe(36 * 4);
    expect(config.warnings).toEqual([]);
  });

  it('… up to the max planning horizon (2520 steps by default), later targets are disregarded with a warning', () => {
    const config = parse({ 'soc-targets': [target('2015-03-01T00:00:00+01:00')] });
    expect(config.steps).toBe(2520);
    expect(config.endMs).toBe(DAY1 + 2520 * QUARTER);
    expect(config.warnings.some((w) => w.startsWith('Disregarding target datetime 2015-02-28T23:00:00+00:00, because it exceeds'))).toBe(true);
    expect(parse({ 'soc-targets': [target('2015-01-03T00:00:00+01:00')] }, {}, TEST_BATTERY, { maxPlanningHorizon: 48 }).steps).toBe(48);
    expect(
      parse({ 'soc-targets': [target('2015-01-03T00:00:00+01:00')] }, {}, TEST_BATTERY, { maxPlanningHorizon: { ms: 30 * HOUR } }).steps,
    ).toBe(120);
    expect(parse({ 'soc-targets': [target('2015-03-01T00:00:00+01:00')] }, {}, TEST_BATTERY, { maxPlanningHorizon: null }).endMs).toBe(
      Date.parse('2015-03-01T00:00:00+01:00'),
    );
  });

  it('sensor targets and minima/maxima do not extend the window; those beyond it are disregarded with a warning', () => {
    expect(parse({ 'soc-targets': { sensor: ID.socTargets } }).steps).toBe(96);
    const config = parse({ 'soc-maxima': [{ value: 1, start: '2015-01-01T23:00:00+01:00', end: '2015-01-02T02:00:00+01:00' }] });
    expect(config.steps).toBe(96);
    expect(config.warnings).toEqual([
      'Disregarding soc-maxima datetimes that exceed 2015-01-01T23:00:00+00:00 ' +
        '(within the window 2015-01-01T22:00:00+00:00 until 2015-01-02T01:00:00+00:00 spanning 8 instants)',
    ]);
  });

  it('the schedule resolution is the power sensor\'s; a day 2 window has 96 quarter hours', () => {
    const config = parse({}, {}, TEST_BATTERY, {}, [DAY2, DAY2 + 24 * HOUR]);
    expect(config).toMatchObject({ sensorId: TEST_BATTERY.id, startMs: DAY2, stepMs: QUARTER, steps: 96 });
  });
});
