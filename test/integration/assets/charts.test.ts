/**
 * GET /api/v3_0/assets/<id>/chart_data and /chart through the local runtime: record fields and
 * types, most recent beliefs only or the belief history, resampling to the finest resolution among
 * the shown sensors, the four time filters, the spec's data/dataset/size parameters, and the check
 * order 401 → 404 → 422 → 403.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, FM_401, FM_403, type World } from '../../helpers/world.js';
import { assetFields, buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type DataSource, type Sensor } from '../../../functions/core/assets/model.js';

useRuntime();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T = Date.UTC(2025, 0, 6, 0, 0);
let world: World;
let aw: AssetsWorld;
let site: Asset;
let power: Sensor;
let price: Sensor;
let foreign: Sensor;
let meter: DataSource;
let scheduler: DataSource;

beforeAll(async () => {
  setClock(() => T + 2 * 24 * HOUR);
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
  const store = stores().assets;
  const sensor = (asset: Asset, name: string, unit: string, resolution: number) =>
    store.createSensor({
      name, unit, timezone: 'Europe/Amsterdam', eventResolution: resolution, knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
      genericAssetId: asset.id, accountId: asset.accountId, attributes: {},
    });
  const market = await store.createAsset(assetFields({ name: 'day-ahead market', genericAssetTypeId: aw.types.market!.id, accountId: null }));
  price = await sensor(market, 'day-ahead price', 'EUR/MWh', HOUR);
  foreign = await sensor(aw.assets.windTurbine, 'turbine power', 'MW', 15 * MINUTE);
  site = await store.createAsset(
    assetFields({ name: 'chart site', genericAssetTypeId: aw.types.battery!.id, accountId: world.accounts.prosumer.id }),
  );
  power = await sensor(site, 'power', 'MW', 15 * MINUTE);
  await store.updateAsset(site.id, { attributes: { sensors_to_show: [{ title: 'Prices', sensor: price.id }, [power.id, foreign.id]] } });
  meter = await store.getOrCreateSource({ name: 'meter', type: 'demo script', model: null, version: null, accountId: null, userId: null });
  scheduler = await store.getOrCreateSource({ name: 'Seita', type: 'scheduler', model: 'StorageScheduler', version: '3', accountId: null, userId: null });
  const b = (sensorId: number, eventStart: number, beliefTime: number, sourceId: number, value: number) => ({
    sensorId, eventStart, beliefTime, sourceId, cumulativeProbability: 0.5, value,
  });
  await stores().beliefs.put([
    // Two hourly prices, the first one revised later.
    b(price.id, T, T - 24 * HOUR, meter.id, 50),
    b(price.id, T, T - 12 * HOUR, meter.id, 55),
    b(price.id, T + HOUR, T - 24 * HOUR, meter.id, 60),
    // Power: measured (after the fact) and scheduled (ahead) for the same quarter hours.
    b(power.id, T, T + 15 * MINUTE, meter.id, 1.5),
    b(power.id, T + 15 * MINUTE, T + 30 * MINUTE, meter.id, NaN),
    b(power.id, T, T - HOUR, scheduler.id, 2),
    // Another account's sensor: never shown on this asset.
    b(foreign.id, T, T, meter.id, 9),
  ]);
});

const chartData = (query: Record<string, string | number | boolean> = {}, who: string | null = 'prosumer', id = site.id) =>
  world.as(who, 'GET', `/api/v3_0/assets/${id}/chart_data`, { query });
const chart = (query: Record<string, string | number | boolean> = {}, who: string | null = 'prosumer', id = site.id) =>
  world.as(who, 'GET', `/api/v3_0/assets/${id}/chart`, { query });

type Rec = { event_start: number; belief_time?: number; source: { id: number }; sensor: { id: number }; event_value: number | null; belief_horizon: number };

describe('GET /assets/<id>/chart_data', () => {
  it('answers records with the documented fields and types, sensor after sensor, without a status key', async () => {
    const res = await chartData();
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    const [first] = res.body as Rec[];
    expect(Object.keys(first!).sort()).toEqual(['belief_horizon', 'event_start', 'event_value', 'sensor', 'source']);
    expect(first).toEqual({
      event_start: T,
      source: { id: meter.id, name: 'meter', model: '', type: 'other', description: 'meter' },
      sensor: { id: price.id, name: 'day-ahead price', description: 'day-ahead price (day-ahead market)' },
      event_value: 55,
      belief_horizon: 12 * HOUR + 15 * MINUTE,
    });
    const schedule = (res.body as Rec[]).find((r) => r.source.id === scheduler.id)!;
    expect(schedule.source).toEqual({
      id: scheduler.id, name: 'Seita', model: 'StorageScheduler (v3)', type: 'scheduler', description: "Seita's StorageScheduler model v3",
    });
    for (const r of res.body as Rec[]) {
      expect(Number.isInteger(r.event_start)).toBe(true);
      expect(Number.isInteger(r.belief_horizon)).toBe(true);
      expect(r.event_value === null || typeof r.event_value === 'number').toBe(true);
    }
    // Sensors in display order; the other account's sensor is left out.
    expect([...new Set((res.body as Rec[]).map((r) => r.sensor.id))]).toEqual([price.id, power.id]);
  });

  it('upsamples coarser sensors to the finest resolution among the shown ones and keeps NaN as null', async () => {
    const res = await chartData();
    const prices = (res.body as Rec[]).filter((r) => r.sensor.id === price.id);
    expect(prices.map((r) => [r.event_start, r.event_value])).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((q) => [T + q * 15 * MINUTE, q < 4 ? 55 : 60]),
    );
    const measured = (res.body as Rec[]).filter((r) => r.sensor.id === power.id && r.source.id === meter.id);
    expect(measured.map((r) => r.event_value)).toEqual([1.5, null]);
    // Sources are not merged: the schedule sits next to the measurement.
    expect((res.body as Rec[]).filter((r) => r.sensor.id === power.id && r.event_start === T).map((r) => r.source.id).sort()).toEqual(
      [meter.id, scheduler.id].sort(),
    );
  });

  it('with most_recent_beliefs_only=false returns the belief history with belief_time', async () => {
    const res = await chartData({ most_recent_beliefs_only: 'false' });
    expect(res.status).toBe(200);
    const first = (res.body as Rec[]).filter((r) => r.sensor.id === price.id && r.event_start === T);
    expect(first.map((r) => [r.belief_time, r.event_value])).toEqual([
      [T - 24 * HOUR, 50],
      [T - 12 * HOUR, 55],
    ]);
    expect(Object.keys(first[0]!).sort()).toEqual(['belief_horizon', 'belief_time', 'event_start', 'event_value', 'sensor', 'source']);
    const latest = await chartData({ most_recent_beliefs_only: 'true' });
    expect((latest.body as Rec[]).every((r) => r.belief_time === undefined)).toBe(true);
  });

  it('applies the four time filters', async () => {
    const at = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
    const events = async (query: Record<string, string>) =>
      ((await chartData(query)).body as Rec[]).filter((r) => r.sensor.id === price.id).map((r) => [r.event_start, r.event_value]);
    // Events overlapping the window edges count (the filters apply before upsampling).
    expect(await events({ event_starts_after: at(T + 90 * MINUTE) })).toEqual([4, 5, 6, 7].map((q) => [T + q * 15 * MINUTE, 60]));
    expect(await events({ event_starts_after: at(T + 30 * MINUTE) })).toHaveLength(8);
    expect(await events({ event_ends_before: at(T + 30 * MINUTE) })).toEqual([0, 1, 2, 3].map((q) => [T + q * 15 * MINUTE, 55]));
    expect(await events({ beliefs_before: at(T - 20 * HOUR) })).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((q) => [T + q * 15 * MINUTE, q < 4 ? 50 : 60]));
    expect(await events({ beliefs_after: at(T - 20 * HOUR) })).toEqual([0, 1, 2, 3].map((q) => [T + q * 15 * MINUTE, 55]));
  });

  it('answers [] for an asset whose sensors_to_show is empty', async () => {
    const empty = await stores().assets.createAsset(
      assetFields({ name: 'empty chart', genericAssetTypeId: aw.types.battery!.id, accountId: world.accounts.prosumer.id, attributes: { sensors_to_show: [] } }),
    );
    const res = await chartData({}, 'prosumer', empty.id);
    expect(res).toMatchObject({ status: 200, body: [] });
  });
});

describe('GET /assets/<id>/chart', () => {
  it('answers a Vega-Lite spec: one row per sensors_to_show entry over a shared time axis, naming its dataset', async () => {
    const res = await chart();
    expect(res.status).toBe(200);
    expect(res.body.status).toBeUndefined();
    expect(res.body.data).toEqual({ name: `asset_${site.id}` });
    expect(res.body.datasets).toBeUndefined();
    expect(res.body.resolve).toEqual({ scale: { x: 'shared' } });
    expect(res.body.vconcat.map((r: { title: string | null }) => r.title)).toEqual(['Prices', null]);
    expect(res.body.vconcat.map((r: { transform: { filter: { oneOf: number[] } }[] }) => r.transform[0]!.filter.oneOf)).toEqual([[price.id], [power.id]]);
    const line = res.body.vconcat[1].layer[0];
    expect(line.mark).toMatchObject({ type: 'line', interpolate: 'step-after' });
    expect(line.encoding.x.timeUnit).toEqual({ unit: 'yearmonthdatehoursminutesseconds', step: 900 });
    expect(line.encoding.y.title).toBe('Power (MW)');
    expect(line.encoding.strokeDash.scale.domain).toEqual(['forecaster', 'scheduler', 'other']);
    expect(res.body.vconcat[0].layer[0].encoding.y.title).toBe('Day-ahead price (EUR/MWh)');
    expect(res.body.width).toBe('container');
    expect(res.body.height).toBe(300);
  });

  it('embeds the data with include_data, under dataset_name, and takes width and height', async () => {
    const res = await chart({ include_data: 'true', dataset_name: 'mine', width: '640', height: '200' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ name: 'mine' });
    expect(res.body.width).toBe(640);
    expect(res.body.height).toBe(200);
    expect(res.body.datasets.mine).toEqual((await chartData()).body);
  });

  it('fixes the time domain when both window ends are given', async () => {
    const res = await chart({ event_starts_after: '2025-01-06T00:00:00+00:00', event_ends_before: '2025-01-07T00:00:00+00:00' });
    expect(res.body.vconcat[0].layer[0].encoding.x.scale).toEqual({ domain: [T, T + 24 * HOUR] });
  });
});

describe.each([
  ['chart_data', chartData],
  ['chart', chart],
])('%s: checks', (_name, call) => {
  it('answers 401 without a token', async () => {
    const res = await call({}, null);
    expect(res).toMatchObject({ status: 401, body: FM_401 });
  });

  it('answers 404 for an unknown asset, before looking at the query', async () => {
    const res = await call({ event_starts_after: '2025-01-06T00:00:00' }, 'prosumer', 999_999);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('GenericAsset 999999 not found');
  });

  it("answers 403 for another tenant's asset", async () => {
    const res = await call({}, 'supplier4');
    expect(res).toMatchObject({ status: 403, body: FM_403 });
  });

  it('answers 422 for a naive datetime, before the permission check', async () => {
    const res = await call({ event_starts_after: '2025-01-06T00:00:00' }, 'supplier4');
    expect(res.status).toBe(422);
    expect(res.body.message).toEqual({ query: { event_starts_after: ['Not a valid aware datetime.'] } });
  });
});

describe('service listing', () => {
  it('lists both endpoints with their FlexMeasures descriptions', async () => {
    const res = await world.as(null, 'GET', '/api/v3_0');
    const services = res.body.services.map((s: { name: string; description: string }) => [s.name, s.description]);
    expect(services).toEqual(
      expect.arrayContaining([
        ['GET /assets/<id>/chart', 'Download a chart with time series'],
        ['GET /assets/<id>/chart_data', 'Download time series for use in charts'],
      ]),
    );
  });
});
