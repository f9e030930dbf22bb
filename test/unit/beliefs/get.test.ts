import { describe, it, expect } from '@jest/globals';
import {
  bySourceName,
  sensorDataForGet,
  type SensorDataQuery,
} from '../../../functions/core/beliefs/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import {
  EMPTY_TEMPERATURE,
  GAS,
  GAS_BELIEFS,
  OTHER_SOURCE,
  SOURCE_NAMES,
  SUPPLIER_SOURCE,
  TEMPERATURE,
  TEMPERATURE_BELIEFS,
  t,
  rejection,
} from './fixtures.js';

const START = t('2021-05-02T00:00:00+02:00');
const query = (overrides: Partial<SensorDataQuery> = {}): SensorDataQuery => ({
  start: START,
  end: START + 80 * MINUTE,
  unit: 'm³/h',
  horizonMs: 0,
  resolutionMs: 20 * MINUTE,
  ...overrides,
});

describe('docs/contract/api.md §12.1 sensor data — GET', () => {
  it('1. downsampled GET with source filter → [91.5, 92.1, null, null]', () => {
    const result = sensorDataForGet(GAS_BELIEFS, GAS, query({ sourceIds: [SUPPLIER_SOURCE] }));
    expect(result.values).toEqual([91.5, 92.1, null, null]);
    expect(result.resolutionMs).toBe(20 * MINUTE);
    expect(result.eventResolutionMs).toBe(20 * MINUTE);
  });

  it('2. instantaneous sensor → [815, 818, null, null] (first value per 20-min bin)', () => {
    const result = sensorDataForGet(TEMPERATURE_BELIEFS, TEMPERATURE, query({ unit: '°C', sourceIds: [SUPPLIER_SOURCE] }));
    expect(result.values).toEqual([815, 818, null, null]);
    expect(result.resolutionMs).toBe(20 * MINUTE);
    expect(result.eventResolutionMs).toBe(0);
    expect(sensorDataForGet(TEMPERATURE_BELIEFS, TEMPERATURE, query({ unit: '°C' })).values).toEqual([815, 818, null, null]);
  });

  it('3. no data → [null, null, null, null], resolution of the grid (decision 0013)', () => {
    const start = t('1921-05-02T00:00:00+02:00');
    const result = sensorDataForGet(GAS_BELIEFS, GAS, query({ start, end: start + 80 * MINUTE }));
    expect(result.values).toEqual([null, null, null, null]);
    expect(result.resolutionMs).toBe(20 * MINUTE);
  });
});

describe('GET details', () => {
  it('the sensor resolution by default', () => {
    const result = sensorDataForGet(GAS_BELIEFS, GAS, query({ resolutionMs: undefined, sourceIds: [SUPPLIER_SOURCE], end: START + 40 * MINUTE }));
    expect(result.values).toEqual([91.3, 91.7, 92.1, null]);
    expect(result.resolutionMs).toBe(10 * MINUTE);
  });

  it('several sources: the first source in the order wins; NaN is unknown', () => {
    const byId = sensorDataForGet(GAS_BELIEFS, GAS, query({ resolutionMs: undefined, end: START + 30 * MINUTE }));
    expect(byId.values).toEqual([91.3, 91.7, 92.1]);
    // timely-beliefs' order by name puts "Other source" first: its NaN becomes a gap
    const byName = sensorDataForGet(GAS_BELIEFS, GAS, query({ resolutionMs: undefined, end: START + 30 * MINUTE }), bySourceName(SOURCE_NAMES));
    expect(byName.values).toEqual([91.3, null, 92.1]);
    // downsampled, the NaN part of a bin is ignored
    expect(sensorDataForGet(GAS_BELIEFS, GAS, query({ sourceIds: [OTHER_SOURCE] })).values).toEqual([91.3, 92.1, null, null]);
  });

  it('horizon PT0H hides ex-post data recorded after the knowledge time', () => {
    const late = GAS_BELIEFS.map((b) => ({ ...b, beliefTime: b.beliefTime + MINUTE, value: b.value + 1 }));
    const all = [...GAS_BELIEFS, ...late];
    const strict = sensorDataForGet(all, GAS, query({ sourceIds: [SUPPLIER_SOURCE], resolutionMs: undefined, end: START + 30 * MINUTE }));
    expect(strict.values).toEqual([91.3, 91.7, 92.1]);
    const relaxed = sensorDataForGet(all, GAS, query({ sourceIds: [SUPPLIER_SOURCE], resolutionMs: undefined, end: START + 30 * MINUTE, horizonMs: -MINUTE }));
    expect(relaxed.values.map((v) => (v === null ? null : Math.round(v * 10) / 10))).toEqual([92.3, 92.7, 93.1]);
  });

  it('prior: what was known then', () => {
    const result = sensorDataForGet(GAS_BELIEFS, GAS, query({ sourceIds: [SUPPLIER_SOURCE], resolutionMs: undefined, end: START + 30 * MINUTE, prior: START + 20 * MINUTE }));
    expect(result.values).toEqual([91.3, 91.7, null]);
  });

  it('converts after resampling: l/h and the stock m³ per 20-minute event', () => {
    const litres = sensorDataForGet(GAS_BELIEFS, GAS, query({ sourceIds: [SUPPLIER_SOURCE], unit: 'l/h' })).values;
    expect(litres[0]).toBeCloseTo(91500, 8);
    expect(litres.slice(2)).toEqual([null, null]);
    const volume = sensorDataForGet(GAS_BELIEFS, GAS, query({ sourceIds: [SUPPLIER_SOURCE], unit: 'm³' })).values;
    expect(volume[0]).toBeCloseTo(30.5, 10);
    expect(volume[1]).toBeCloseTo(30.7, 10);
  });

  it('upsampling a stock sensor splits, a flow sensor repeats', () => {
    const energy = { id: 20, unit: 'kWh', timing: GAS.timing };
    const beliefs = GAS_BELIEFS.filter((b) => b.sourceId === SUPPLIER_SOURCE).map((b) => ({ ...b, sensorId: 20 }));
    const split = sensorDataForGet(beliefs, energy, query({ unit: 'kWh', resolutionMs: 5 * MINUTE, end: START + 10 * MINUTE }));
    expect(split.values).toEqual([45.65, 45.65]);
    const repeated = sensorDataForGet(GAS_BELIEFS, GAS, query({ resolutionMs: 5 * MINUTE, end: START + 10 * MINUTE, sourceIds: [SUPPLIER_SOURCE] }));
    expect(repeated.values).toEqual([91.3, 91.3]);
  });

  it('instantaneous sensors without resolution: 5 min for a short window', () => {
    const result = sensorDataForGet(TEMPERATURE_BELIEFS, TEMPERATURE, query({ unit: '°C', resolutionMs: undefined, end: START + 30 * MINUTE }));
    expect(result.resolutionMs).toBe(5 * MINUTE);
    expect(result.values).toEqual([815, null, 817, null, 818, null]);
    expect(sensorDataForGet([], EMPTY_TEMPERATURE, query({ unit: '°C', resolutionMs: undefined, end: START + 9 * HOUR })).resolutionMs).toBe(
      15 * MINUTE,
    );
  });

  it('converts temperatures of instantaneous sensors (scaling needs no resolution)', () => {
    const result = sensorDataForGet(TEMPERATURE_BELIEFS, TEMPERATURE, query({ unit: 'K' }));
    expect(result.values[0]).toBeCloseTo(1088.15, 10);
  });

  it('incompatible unit → the POST message', () => {
    expect(rejection(() => sensorDataForGet(GAS_BELIEFS, GAS, query({ unit: 'kW' })))).toMatchObject({
      field: '_schema',
      message: 'Required unit for this sensor is m³/h, got incompatible unit: kW',
    });
  });

  it('stock↔flow for an instantaneous sensor is a 422, not a 500 (decision 0016)', () => {
    const flowMeter = { id: 30, unit: 'm³/h', timing: TEMPERATURE.timing };
    const error = rejection(() => sensorDataForGet([], flowMeter, query({ unit: 'm³' })));
    expect(error.field).toBe('_schema');
    expect(error.message).toContain('instantaneous events');
  });

  it('non-positive requested resolution is rejected', () => {
    expect(rejection(() => sensorDataForGet(GAS_BELIEFS, GAS, query({ resolutionMs: 0 }))).field).toBe('resolution');
  });
});
