/** The pure chart logic: rows from sensors_to_show, record building blocks and the spec's shape. */
import { describe, it, expect } from '@jest/globals';
import {
  assetChartSpec,
  chartRows,
  chartSize,
  chartSourceJson,
  defaultRows,
  deterministicBeliefs,
  finestResolution,
  sharedSensorType,
  sharedUnit,
  upsampleBeliefs,
} from '../../../functions/core/charts/index.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Sensor } from '../../../functions/core/assets/model.js';

const sensor = (id: number, unit: string, resolutionMs: number, attributes: Record<string, unknown> = {}): Sensor => ({
  id, name: `s${id}`, unit, timezone: 'UTC', eventResolution: resolutionMs, knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
  genericAssetId: 1, accountId: 1, attributes,
});
const asset = (attributes: Record<string, unknown>): Asset => ({
  id: 1, name: 'a', genericAssetTypeId: 1, accountId: 1, latitude: null, longitude: null, parentAssetId: null, attributes,
  consumptionPriceSensorId: null, productionPriceSensorId: null, inflexibleDeviceSensorIds: [],
});
const Q = 15 * 60_000;

describe('rows', () => {
  const [a, b, c] = [sensor(1, 'MW', Q), sensor(2, 'MW', Q), sensor(3, 'EUR/MWh', 4 * Q)];
  const reachable = new Map([a, b, c].map((s) => [s.id, s]));

  it('default to the first two sensors, together when their units agree', () => {
    expect(defaultRows([b, a]).map((r) => r.sensors.map((s) => s.id))).toEqual([[1, 2]]);
    expect(defaultRows([a, c]).map((r) => r.sensors.map((s) => s.id))).toEqual([[1], [3]]);
    expect(defaultRows([])).toEqual([]);
  });

  it('follow every form of sensors_to_show, dropping unreachable ids and empty rows', () => {
    const rows = chartRows(asset({ sensors_to_show: [3, [1, 2], { title: 'x', sensor: 99 }, { title: 'both', sensors: [2, 99] }] }), [a, b], reachable);
    expect(rows.map((r) => [r.title, r.sensors.map((s) => s.id)])).toEqual([[null, [3]], [null, [1, 2]], ['both', [2]]]);
    expect(chartRows(asset({ sensors_to_show: '[[1, 3]]' }), [], reachable).map((r) => r.sensors.map((s) => s.id))).toEqual([[1, 3]]);
    expect(chartRows(asset({ sensors_to_show: [] }), [a, b], reachable)).toEqual([]);
  });

  it('fall back to the default for a stored value that is not a valid sensors_to_show', () => {
    expect(chartRows(asset({ sensors_to_show: { nope: 1 } }), [a, b], reachable).map((r) => r.sensors.map((s) => s.id))).toEqual([[1, 2]]);
  });

  it('step by the finest non-zero resolution', () => {
    expect(finestResolution([c, a])).toBe(Q);
    expect(finestResolution([sensor(4, '°C', 0)])).toBe(0);
  });
});

describe('records', () => {
  it('describe sources as forecaster, scheduler or other', () => {
    const base = { accountId: null, userId: null, attributes: {} };
    expect(chartSourceJson({ ...base, id: 1, name: 'Seita', type: 'scheduler', model: 'StorageScheduler', version: '3' })).toEqual({
      id: 1, name: 'Seita', model: 'StorageScheduler (v3)', type: 'scheduler', description: "Seita's StorageScheduler model v3",
    });
    expect(chartSourceJson({ ...base, id: 2, name: 'Ann', type: 'user', model: null, version: null })).toEqual({
      id: 2, name: 'Ann', model: '', type: 'other', description: 'Ann',
    });
  });

  it('collapse a probabilistic belief to its median', () => {
    const b = (cp: number, value: number) => ({ sensorId: 1, eventStart: 0, beliefTime: 0, sourceId: 1, cumulativeProbability: cp, value });
    expect(deterministicBeliefs([b(0.1, 1), b(0.5, 2), b(0.9, 3)]).map((x) => x.value)).toEqual([2]);
  });

  it('forward-fill coarser beliefs onto the finer grid, keeping their belief time', () => {
    const hourly = { sensorId: 1, eventStart: 4 * Q, beliefTime: 7, sourceId: 1, cumulativeProbability: 0.5, value: 5 };
    expect(upsampleBeliefs([hourly], 4 * Q, Q).map((x) => [x.eventStart, x.beliefTime, x.value])).toEqual(
      [4, 5, 6, 7].map((i) => [i * Q, 7, 5]),
    );
    expect(upsampleBeliefs([hourly], 4 * Q, 4 * Q)).toEqual([hourly]);
  });
});

describe('spec', () => {
  it('labels a row by its shared unit and type', () => {
    expect(sharedUnit([sensor(1, 'MW', Q), sensor(2, 'MW', Q)])).toBe('MW');
    expect(sharedUnit([sensor(1, 'MW', Q), sensor(2, 'kW', Q)])).toBe('a.u.');
    expect(sharedSensorType([sensor(1, 'MW', Q), sensor(2, 'MW', Q)])).toBe('power');
    expect(sharedSensorType([sensor(1, 'MW', Q, { sensor_type: 'load' }), sensor(2, 'MW', Q, { sensor_type: 'load' })])).toBe('load');
    expect(sharedSensorType([sensor(1, 'EUR/MWh', Q), sensor(2, 'EUR/MWh', Q)])).toBe('energy price');
  });

  it('reads width and height as pixels or container', () => {
    expect([chartSize('container'), chartSize('400'), chartSize('-1'), chartSize('wide'), chartSize(undefined)]).toEqual(['container', 400, undefined, undefined, undefined]);
  });

  it('draws instantaneous rows linearly, interval rows step-after, with a hover rectangle on single-sensor rows', () => {
    const spec = assetChartSpec({
      rows: [{ title: 'temperature', sensors: [sensor(1, '°C', 0)] }, { title: null, sensors: [sensor(2, '%', Q), sensor(3, '%', Q)] }],
      assetNames: new Map([[1, 'site']]),
      datasetName: 'd',
      resolutionMs: Q,
    }) as { vconcat: { title: string | null; layer: { mark: { type: string; interpolate?: string } ; encoding: { y?: { scale?: unknown } } }[] }[] };
    expect(spec.vconcat[0]!.title).toBe('Temperature');
    expect(spec.vconcat[0]!.layer.map((l) => l.mark.type)).toEqual(['line', 'rect', 'circle', 'rule']);
    expect(spec.vconcat[0]!.layer[0]!.mark.interpolate).toBe('linear');
    expect(spec.vconcat[1]!.layer.map((l) => l.mark.type)).toEqual(['line', 'circle', 'rule']);
    expect(spec.vconcat[1]!.layer[0]!.mark.interpolate).toBe('step-after');
    expect(spec.vconcat[1]!.layer[0]!.encoding.y!.scale).toEqual({ domain: { unionWith: [0, 105] }, nice: false });
  });
});
