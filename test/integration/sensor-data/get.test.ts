/**
 * GET /api/v3_0/sensors/data and GET /api/v3_0/sensors/<id>/stats through the local runtime, on the
 * docs/contract/api.md §12.0 world with its beliefs: the scenarios of docs/contract/api.md §12.1 and §12.3 item 14, the response
 * format, prior/horizon/source/type filters, check order, and bad input (always a 4xx).
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type World } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';
import { buildBeliefsWorld, FIXTURE_START, type BeliefsWorld } from '../../helpers/beliefs-world.js';

useRuntime();
let world: World;
let aw: AssetsWorld;
let bw: BeliefsWorld;
let supplier: string;

const ea = (id: number) => `ea1.2021-01.io.flexmeasures:fm1.${id}`;

beforeAll(async () => {
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
  bw = await buildBeliefsWorld(world, aw);
  supplier = await world.token('supplier4');
});

function get(query: Record<string, string | number>, token: string | undefined = supplier) {
  return api('GET', '/api/v3_0/sensors/data', { token, query });
}

const base = () => ({ sensor: ea(aw.sensors.gas.id), start: '2021-05-02T00:00:00+02:00', duration: 'PT1H20M', horizon: 'PT0H', unit: 'm³/h' });

describe('GET /sensors/data: the docs/contract/api.md §12.1 scenarios', () => {
  it('1. downsamples by mean with a source filter', async () => {
    const res = await get({ ...base(), source: bw.supplierSource.id, resolution: 'PT20M' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({
      duration: 'PT1H20M',
      message: 'Request has been processed.',
      resolution: 'PT20M',
      start: '2021-05-02T00:00:00+02:00',
      status: 'PROCESSED',
      unit: 'm³/h',
      values: [91.5, 92.1, null, null],
    });
  });

  it('2. takes the first value per bin of an instantaneous sensor', async () => {
    const res = await get({ ...base(), sensor: ea(aw.sensors.temperature.id), unit: '°C', source: bw.supplierSource.id, resolution: 'PT20M' });
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual([815, 818, null, null]);
    // Decision 0013: the resolution the values are laid on.
    expect(res.body.resolution).toBe('PT20M');
  });

  it('3. answers nulls on the requested grid where nothing is known (and reports that grid)', async () => {
    const res = await get({ ...base(), start: '1921-05-02T00:00:00+02:00', resolution: 'PT20M' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ values: [null, null, null, null], resolution: 'PT20M', start: '1921-05-02T00:00:00+02:00' });
  });
});

describe('GET /sensors/data: selection', () => {
  it('at the sensor resolution, one value per event; "Other source" wins by name where both sources know an event', async () => {
    const res = await get({ ...base(), duration: 'PT40M' });
    expect(res.body).toMatchObject({ resolution: 'PT10M', duration: 'PT40M' });
    // Both sources said 91.3 and 92.1; at 00:10 "Other source" (first by name) has NaN → null.
    expect(res.body.values).toEqual([91.3, null, 92.1, null]);
    const supplierOnly = await get({ ...base(), duration: 'PT40M', source: bw.supplierSource.id });
    expect(supplierOnly.body.values).toEqual([91.3, 91.7, 92.1, null]);
  });

  it('converts to the requested unit (m³/h → l/h) and echoes it', async () => {
    const res = await get({ ...base(), duration: 'PT30M', unit: 'l/h', source: bw.supplierSource.id });
    expect(res.body.unit).toBe('l/h');
    expect(res.body.values.map((v: number) => Math.round(v * 1e6) / 1e6)).toEqual([91300, 91700, 92100]);
  });

  it('hides beliefs formed after `prior` and those with a horizon below `horizon`', async () => {
    const q = { ...base(), duration: 'PT30M', source: bw.supplierSource.id };
    // Beliefs were formed at each event's end: 00:10, 00:20, 00:30 (+02:00).
    expect((await get({ ...q, prior: '2021-05-02T00:20:00+02:00' })).body.values).toEqual([91.3, 91.7, null]);
    expect((await get({ ...q, horizon: 'PT1M' })).body.values).toEqual([null, null, null]);
    expect((await get({ ...q, horizon: '-PT1M' })).body.values).toEqual([91.3, 91.7, 92.1]);
  });

  it('lets a later belief hide an earlier one, and `prior` bring the earlier one back', async () => {
    const s = aw.sensors.emptyTemperature;
    const at = Date.parse('2021-07-01T10:00:00Z');
    await stores().beliefs.put([
      { sensorId: s.id, eventStart: at, beliefTime: at - 3_600_000, sourceId: bw.supplierSource.id, cumulativeProbability: 0.5, value: 20 },
      { sensorId: s.id, eventStart: at, beliefTime: at - 60_000, sourceId: bw.supplierSource.id, cumulativeProbability: 0.5, value: 21 },
    ]);
    const q = { sensor: ea(s.id), start: '2021-07-01T10:00:00Z', duration: 'PT10M', unit: '°C', resolution: 'PT10M' };
    expect((await get(q)).body.values).toEqual([21]);
    expect((await get({ ...q, prior: '2021-07-01T09:30:00+00:00' })).body.values).toEqual([20]);
    expect((await get({ ...q, prior: '2021-07-01T08:59:59Z' })).body.values).toEqual([null]);
  });

  it('applies the GET types: meter data keeps horizons ≤ 0, prognoses horizons ≥ 0', async () => {
    const power = await api('POST', '/api/v3_0/sensors', {
      token: await world.token('admin'),
      body: { name: 'power meter', unit: 'MW', event_resolution: 'PT15M', generic_asset_id: aw.assets.incinerationLine.id },
    });
    expect(power.status).toBe(201);
    const at = Date.parse('2021-08-01T10:00:00Z');
    const end = at + 15 * 60_000;
    await stores().beliefs.put([
      { sensorId: power.body.id, eventStart: at, beliefTime: end - 3_600_000, sourceId: bw.supplierSource.id, cumulativeProbability: 0.5, value: 1 },
      { sensorId: power.body.id, eventStart: at, beliefTime: end + 60_000, sourceId: bw.supplierSource.id, cumulativeProbability: 0.5, value: 2 },
    ]);
    const q = { sensor: ea(power.body.id), start: '2021-08-01T10:00:00Z', duration: 'PT15M', unit: 'kW' };
    expect((await get(q)).body.values).toEqual([2000]);
    expect((await get({ ...q, type: 'GetMeterDataRequest' })).body.values).toEqual([2000]);
    expect((await get({ ...q, type: 'GetPrognosisRequest' })).body.values).toEqual([1000]);
    expect((await get({ ...q, type: 'GetPrognosisRequest', horizon: 'PT2H' })).body.values).toEqual([null]);
    expect((await get({ ...q, type: 'GetMeterDataRequest', prior: '2021-08-01T10:00:00Z' })).body.values).toEqual([null]);
    expect((await get({ ...q, unit: 'EUR/MWh', type: 'GetMeterDataRequest' })).body).toEqual({
      message: { query: { _schema: ['The unit requested for this message type should be convertible from MW, got incompatible unit: EUR/MWh'] } },
      result: 'Rejected',
      status: 'UNPROCESSABLE_ENTITY',
    });
  });

  it('takes `+` decoded to a space in the start as the offset sign, and nominal durations grounded on the start', async () => {
    const url = `/api/v3_0/sensors/data?sensor=${encodeURIComponent(ea(aw.sensors.gas.id))}&start=2021-05-02T00:00:00+02:00&duration=PT30M&unit=m%C2%B3%2Fh&source=${bw.supplierSource.id}`;
    const res = await api('GET', url, { token: supplier });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: '2021-05-02T00:00:00+02:00', values: [91.3, 91.7, 92.1] });
    const month = await get({ ...base(), start: '2021-02-01T00:00:00Z', duration: 'P1M', resolution: 'P1D' });
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({ duration: 'PT672H', resolution: 'PT24H' });
    expect(month.body.values).toHaveLength(28);
  });
});

describe('GET /sensors/data: checks and their order', () => {
  it('401 without a valid token, 403 for a user of another account, 200 for admins and admin-readers', async () => {
    expect((await api('GET', '/api/v3_0/sensors/data', { query: base() })).status).toBe(401);
    expect((await get(base(), 'not-a-token')).body).toEqual({
      message: 'You could not be properly authenticated for this content or functionality.',
      status: 'UNAUTHORIZED',
    });
    const other = await get(base(), await world.token('dummy3'));
    expect(other).toMatchObject({ status: 403, body: { result: 'Rejected', status: 'INVALID_SENDER' } });
    expect((await get(base(), await world.token('admin'))).status).toBe(200);
    expect((await get(base(), await world.token('adminReader'))).status).toBe(200);
  });

  it('reports validation errors (422) before the permission check (403)', async () => {
    const res = await get({ ...base(), unit: 'kW' }, await world.token('dummy3'));
    expect(res).toMatchObject({ status: 422, body: { message: { query: { _schema: ['Required unit for this sensor is m³/h, got incompatible unit: kW'] } } } });
  });

  it.each([
    [{ start: '2021-05-02T00:00:00' }, 'start', 'Not a valid aware datetime.'],
    [{ start: 'yesterday' }, 'start', 'Not a valid datetime.'],
    [{ duration: 'PT1H30S' }, 'duration', 'FlexMeasures only support multiples of 1 minute.'],
    [{ duration: 'forever' }, 'duration', "Cannot parse forever as ISO8601 duration: Unable to parse duration string 'forever'"],
    [{ sensor: 'ea1.2021-01.io.flexmeasures:fm1.666' }, 'sensor', "sensor with entity address ea1.2021-01.io.flexmeasures:fm1.666 doesn't exist."],
    [{ sensor: 'ea1.2021-01.io.flexmeasures.fm1.1' }, 'sensor', expect.stringMatching(/^A valid type 1 FlexMeasures entity address starts with 'ea1\.\d{4}-\d{2}\.localhost:fm1\.', please review ea1\.2021-01\.io\.flexmeasures\.fm1\.1$/)],
    [{ sensor: 'ea2.2021-01.io.flexmeasures:fm1.1' }, 'sensor', "A valid type 1 USEF entity address starts with 'ea1', please review ea2.2021-01.io.flexmeasures:fm1.1"],
    [{ source: 999 }, 'source', 'No data source found with id 999.'],
    [{ source: 'abc' }, 'source', 'Not a valid integer.'],
    [{ type: 'GetSomething' }, 'type', 'Must be one of: GetSensorDataRequest, GetMeterDataRequest, GetPrognosisRequest, GetPriceDataRequest.'],
    [{ unit: 'm' }, '_schema', 'Required unit for this sensor is m³/h, got incompatible unit: m'],
    [{ type: 'GetPriceDataRequest' }, '_schema', 'The unit requested for this message type should be convertible from an energy price unit, got incompatible unit: m³/h'],
    [{ resolution: 'PT0M' }, 'resolution', 'The resolution must be a positive duration.'],
    [{ duration: 'P100Y', resolution: 'PT1M' }, '_schema', expect.stringMatching(/^This request asks for 52\d{6} values; at most 200000 can be returned at once\./)],
  ])('422 for %j under %s', async (change, field, message) => {
    const res = await get({ ...base(), ...change } as Record<string, string | number>);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ message: { query: { [field]: [message] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' });
  });

  it('reports missing parameters together', async () => {
    const res = await api('GET', '/api/v3_0/sensors/data', { token: supplier, query: { sensor: ea(aw.sensors.gas.id) } });
    expect(res.status).toBe(422);
    expect(res.body.message.query).toEqual({
      start: ['Missing data for required field.'],
      duration: ['Missing data for required field.'],
      unit: ['Missing data for required field.'],
    });
  });

  it('gives a 422, not a 500, for a stock↔flow conversion of instantaneous data (decision 0016)', async () => {
    const flow = await api('POST', '/api/v3_0/sensors', {
      token: await world.token('admin'),
      body: { name: 'instantaneous flow', unit: 'm³/h', event_resolution: 'P0D', generic_asset_id: aw.assets.incinerationLine.id },
    });
    expect(flow.status).toBe(201);
    const res = await get({ sensor: ea(flow.body.id), start: '2021-05-02T00:00:00+02:00', duration: 'PT1H', unit: 'm³' });
    expect(res.status).toBe(422);
    expect(res.body.message.query._schema).toEqual([
      'Cannot convert values from m³/h to m³ for a sensor with instantaneous events: converting between a stock and a flow needs a non-zero event resolution.',
    ]);
  });

  it('accepts the GET with a JSON content type and no body, as the Python client sends it', async () => {
    const res = await api('GET', '/api/v3_0/sensors/data', { token: supplier, query: base(), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
  });
});

describe('GET /sensors/<id>/stats (docs/contract/api.md §12.3 item 14)', () => {
  it('reports per data source name over all stored beliefs', async () => {
    const res = await api('GET', `/api/v3_0/sensors/${aw.sensors.gas.id}/stats`, { token: supplier });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['Other source', 'Test Supplier User', 'status']);
    expect(res.body.status).toBe(200);
    for (const name of ['Other source', 'Test Supplier User']) {
      expect(res.body[name]).toMatchObject({
        min_event_start: 'Sat, 01 May 2021 22:00:00 GMT',
        max_event_start: 'Sat, 01 May 2021 22:20:00 GMT',
        min_value: 91.3,
        max_value: 92.1,
        count_values: 3,
      });
      expect(res.body[name].mean_value).toBeCloseTo(91.7, 10);
    }
    expect(res.body['Test Supplier User'].sum_values).toBeCloseTo(275.1, 10);
    expect(res.body['Other source'].sum_values).toBeCloseTo(183.4, 10);
  });

  it('answers just the status for a sensor without data; 401, 404, 403 in that order', async () => {
    expect(await api('GET', `/api/v3_0/sensors/${aw.sensors.emptyTemperature.id + 1000}/stats`, { token: 'bad' })).toMatchObject({ status: 401 });
    expect(await api('GET', '/api/v3_0/sensors/9999/stats', { token: supplier })).toMatchObject({ status: 404, body: { message: 'Sensor 9999 not found', status: 404 } });
    expect(await api('GET', '/api/v3_0/sensors/abc/stats', { token: supplier })).toMatchObject({ status: 422, body: { message: { path: { id: ['Not a valid integer.'] } } } });
    expect(await api('GET', `/api/v3_0/sensors/${aw.sensors.gas.id}/stats`, { token: await world.token('prosumer2') })).toMatchObject({ status: 403 });
    const sensor = await api('POST', '/api/v3_0/sensors', {
      token: await world.token('admin'),
      body: { name: 'fresh', unit: 'kW', event_resolution: 'PT15M', generic_asset_id: aw.assets.windTurbine.id },
    });
    expect(await api('GET', `/api/v3_0/sensors/${sensor.body.id}/stats`, { token: supplier })).toEqual(expect.objectContaining({ status: 200, body: { status: 200 } }));
  });

  it('is in the service listing with its FlexMeasures description', async () => {
    const res = await api('GET', '/api/v3_0');
    const names = res.body.services.map((s: { name: string; description: string }) => `${s.name}|${s.description}`);
    expect(names).toEqual(expect.arrayContaining(['GET /sensors/<id>/stats|Get sensor stats', 'GET /sensors/data|Download sensor data', 'POST /sensors/data|Upload sensor data']));
  });
});

describe('starting from FIXTURE_START', () => {
  it('has the fixture beliefs in the store (guards the scenarios above)', async () => {
    const stored = await stores().beliefs.query({ sensorId: aw.sensors.gas.id, from: FIXTURE_START, to: FIXTURE_START + 3_600_000 });
    expect(stored).toHaveLength(6);
  });
});
