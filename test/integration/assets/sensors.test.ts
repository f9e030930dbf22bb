/**
 * Sensor endpoints through the local runtime: FlexMeasures' sensor CRUD scenarios (docs/contract/api.md §12.3,
 * items 10–13) plus listing, validation (units, time zones, resolutions, attributes — each a 422
 * naming the field), PATCH semantics and name uniqueness.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type UserKey, type World, FM_403 } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';
import { setClock } from '../../../functions/lambda/clock.js';

useRuntime();

const T0 = Date.UTC(2024, 8, 18, 10, 12, 13); // entity addresses on localhost: 2024-10
const EA = (id: number) => `ea1.2024-10.localhost:fm1.${id}`;
let world: World;
let aw: AssetsWorld;

beforeAll(async () => {
  setClock(() => T0);
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
});

const as: World['as'] = (...args) => world.as(...args);

async function auditEvents(assetId: number): Promise<string[]> {
  const res = await as('admin', 'GET', `/api/v3_0/assets/${assetId}/auditlog`);
  expect(res.status).toBe(200);
  return res.body.map((e: { event: string }) => e.event);
}

const gasPath = () => `/api/v3_0/sensors/${aw.sensors.gas.id}`;

describe('10. fetch one sensor', () => {
  it('returns the sensor to a member of the owning account', async () => {
    const res = await as('supplier4', 'GET', gasPath());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      attributes: '{}',
      entity_address: EA(aw.sensors.gas.id),
      event_resolution: 'PT10M',
      generic_asset_id: aw.assets.incinerationLine.id,
      id: aw.sensors.gas.id,
      name: 'some gas sensor',
      status: 200,
      timezone: 'UTC',
      unit: 'm³/h',
    });
    expect(aw.sensors.gas.id).toBe(1);
  });

  it('answers 401 without or with a bad token, and 403 to another account', async () => {
    expect((await as(null, 'GET', gasPath())).status).toBe(401);
    const bad = await api('GET', gasPath(), { token: 'not-a-token' });
    expect(bad).toMatchObject({
      status: 401,
      body: { message: 'You could not be properly authenticated for this content or functionality.', status: 'UNAUTHORIZED' },
    });
    const other = await as('prosumer2', 'GET', gasPath());
    expect(other.status).toBe(403);
    expect(other.body).toEqual(FM_403);
  });

  it('answers 404 for unknown ids and 422 for non-numeric ones (decision 0008)', async () => {
    expect(await as('admin', 'GET', '/api/v3_0/sensors/999')).toMatchObject({ status: 404, body: { message: 'Sensor 999 not found', status: 404 } });
    expect(await as('admin', 'GET', '/api/v3_0/sensors/abc')).toMatchObject({
      status: 422,
      body: { message: { path: { id: ['Not a valid integer.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
    });
  });
});

describe('GET /sensors', () => {
  it("lists the sensors of the caller's account, or of a readable account_id, as a bare array", async () => {
    const own = await as('supplier4', 'GET', '/api/v3_0/sensors');
    expect(own.status).toBe(200);
    expect(own.body.map((s: { name: string }) => s.name)).toEqual(['some gas sensor', 'some temperature sensor', 'empty temperature sensor']);
    expect(own.body[1]).toMatchObject({ event_resolution: 'P0D', unit: '°C', entity_address: EA(aw.sensors.temperature.id) });
    expect((await as('prosumer', 'GET', '/api/v3_0/sensors')).body).toEqual([]);
    const byAdmin = await as('admin', 'GET', '/api/v3_0/sensors', { query: { account_id: world.accounts.supplier.id } });
    expect(byAdmin.body).toHaveLength(3);
  });

  it('checks the account: 404 unknown, 422 non-numeric, 403 unreadable', async () => {
    expect(await as('admin', 'GET', '/api/v3_0/sensors', { query: { account_id: 999 } })).toMatchObject({
      status: 404,
      body: { message: 'Account 999 not found', status: 404 },
    });
    expect(await as('admin', 'GET', '/api/v3_0/sensors', { query: { account_id: 'x' } })).toMatchObject({
      status: 422,
      body: { message: { query: { account_id: ['Not a valid integer.'] } } },
    });
    expect((await as('prosumer', 'GET', '/api/v3_0/sensors', { query: { account_id: world.accounts.supplier.id } })).status).toBe(403);
  });
});

describe('11. create a sensor', () => {
  const body = () => ({
    name: 'power',
    event_resolution: 'PT1H',
    unit: 'kWh',
    generic_asset_id: aw.assets.prosumerBattery.id,
    attributes: '{"capacity_in_mw": 0.0074, "max_soc_in_mwh": 0.04, "min_soc_in_mwh": 0.008}',
  });

  it('admin creates it: 201, no status key, stored as sent, audited on the asset', async () => {
    const res = await as('admin', 'POST', '/api/v3_0/sensors', { body: body() });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      attributes: '{"capacity_in_mw": 0.0074, "max_soc_in_mwh": 0.04, "min_soc_in_mwh": 0.008}',
      entity_address: EA(res.body.id),
      event_resolution: 'PT1H',
      generic_asset_id: aw.assets.prosumerBattery.id,
      id: res.body.id,
      name: 'power',
      timezone: 'UTC',
      unit: 'kWh',
    });
    const stored = await stores().assets.getSensor(res.body.id);
    expect(stored).toMatchObject({ unit: 'kWh', attributes: { capacity_in_mw: 0.0074 }, accountId: world.accounts.prosumer.id });
    expect(await auditEvents(aw.assets.prosumerBattery.id)).toContain(`Created sensor 'power': ${res.body.id}`);
  });

  it('refuses a member of another account (403) and a duplicate name on the asset (422)', async () => {
    const res = await as('supplier4', 'POST', '/api/v3_0/sensors', { body: body() });
    expect(res.status).toBe(403);
    expect(res.body.status).toBe('INVALID_SENDER');
    const dup = await as('admin', 'POST', '/api/v3_0/sensors', { body: body() });
    expect(dup).toMatchObject({
      status: 422,
      body: {
        message: { json: { name: [`A sensor with the name 'power' already exists on generic asset with id=${aw.assets.prosumerBattery.id}.`] } },
        result: 'Rejected',
        status: 'UNPROCESSABLE_ENTITY',
      },
    });
    expect((await stores().assets.listSensorsByAsset(aw.assets.prosumerBattery.id)).filter((s) => s.name === 'power')).toHaveLength(1);
  });

  it('accepts attributes as an object (decision 0003) and defaults the time zone to UTC', async () => {
    const res = await as('prosumer', 'POST', '/api/v3_0/sensors', {
      body: { name: 'soc', event_resolution: 'P0DT0H15M0S', unit: 'MWh', generic_asset_id: aw.assets.prosumerBattery.id, attributes: { b: 1, a: 'x' } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ attributes: '{"b": 1, "a": "x"}', timezone: 'UTC', event_resolution: 'PT15M' });
  });

  it('rejects bad input with a 422 naming each field, and writes nothing', async () => {
    const before = (await stores().assets.listSensorsByAccount(world.accounts.prosumer.id)).length;
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ unit: 'not-a-unit' }, { unit: ["Unit 'not-a-unit' cannot be handled."] }],
      [{ timezone: 'Mars/Olympus' }, { timezone: ["Timezone Mars/Olympus doesn't exist."] }],
      [{ event_resolution: 'PT30S' }, { event_resolution: ['FlexMeasures only support multiples of 1 minute.'] }],
      [{ event_resolution: 'fifteen' }, { event_resolution: ["Cannot parse fifteen as ISO8601 duration: Unable to parse duration string 'fifteen'"] }],
      [{ attributes: '{' }, { attributes: ['Not a valid JSON string.'] }],
      [{ attributes: null }, { attributes: ['Field may not be null.'] }],
      [{ generic_asset_id: 999 }, { generic_asset_id: ["Generic asset with id 999 doesn't exist."] }],
      [{ id: 5 }, { id: ['Unknown field.'] }],
      [{ entity_address: 'ea1.2021-01.io.flexmeasures:fm1.1' }, { entity_address: ['Unknown field.'] }],
      [{ name: undefined, unit: 'nonsense' }, { name: ['Missing data for required field.'], unit: ["Unit 'nonsense' cannot be handled."] }],
    ];
    for (const [change, errors] of cases) {
      const body = { name: 'new sensor', event_resolution: 'PT15M', unit: 'kW', generic_asset_id: aw.assets.prosumerBattery.id, ...change };
      const res = await as('prosumer2', 'POST', '/api/v3_0/sensors', { body });
      expect({ change, status: res.status, body: res.body }).toEqual({
        change,
        status: 422,
        body: { message: { json: errors }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
      });
    }
    expect(await as('prosumer2', 'POST', '/api/v3_0/sensors', { body: [{}] })).toMatchObject({
      status: 422,
      body: { message: { json: { _schema: ['Invalid input type.'] } } },
    });
    expect((await stores().assets.listSensorsByAccount(world.accounts.prosumer.id)).length).toBe(before);
  });
});

describe('12. update a sensor', () => {
  it('admin changes only the sent fields; one audit event lists them', async () => {
    const res = await as('admin', 'PATCH', gasPath(), {
      body: { name: 'Changed name', attributes: '{"test_attribute": "test_attribute_value"}' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Changed name',
      attributes: '{"test_attribute": "test_attribute_value"}',
      unit: 'm³/h',
      event_resolution: 'PT10M',
      status: 200,
    });
    expect((await stores().assets.getSensor(aw.sensors.gas.id))?.attributes).toEqual({ test_attribute: 'test_attribute_value' });
    expect(await auditEvents(aw.assets.incinerationLine.id)).toContain(
      `Updated sensor 'some gas sensor': ${aw.sensors.gas.id}. Updated fields: Field name: name, Old value: some gas sensor, New value: Changed name; ` +
        "Field name: attributes, Old value: {}, New value: {'test_attribute': 'test_attribute_value'}",
    );
  });

  it('rejects read-only and unknown fields with "Unknown field."', async () => {
    for (const body of [{ generic_asset_id: 8 }, { entity_address: 'ea1.2025-01.io.flexmeasures:fm1.1' }, { id: 7 }]) {
      const res = await as('admin', 'PATCH', gasPath(), { body });
      const field = Object.keys(body)[0]!;
      expect(res.status).toBe(422);
      expect(res.body.status).toBe('UNPROCESSABLE_ENTITY');
      expect(res.body.message.json[field]).toEqual(['Unknown field.']);
    }
  });

  it('refuses a plain member of the owning account (403); checks 422 before 404', async () => {
    const res = await as('supplier4', 'PATCH', gasPath(), { body: { name: 'by supplier' } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(FM_403);
    expect((await as('admin', 'PATCH', '/api/v3_0/sensors/999', { body: { nope: 1 } })).status).toBe(422);
    expect((await as('admin', 'PATCH', '/api/v3_0/sensors/999', { body: { unit: 'kW' } })).status).toBe(404);
  });

  it('validates units, time zones, resolutions and names; a clash with a sibling is a 422', async () => {
    const path = `/api/v3_0/sensors/${aw.sensors.emptyTemperature.id}`;
    expect((await as('admin', 'PATCH', path, { body: { unit: 'bogus' } })).body.message.json).toEqual({ unit: ["Unit 'bogus' cannot be handled."] });
    expect((await as('admin', 'PATCH', path, { body: { timezone: 'Nowhere' } })).body.message.json).toEqual({ timezone: ["Timezone Nowhere doesn't exist."] });
    expect((await as('admin', 'PATCH', path, { body: { event_resolution: 'P1M' } })).status).toBe(422);
    expect((await as('admin', 'PATCH', path, { body: { attributes: '[1]' } })).body.message.json).toEqual({ attributes: ['Not a valid mapping type.'] });
    const clash = await as('admin', 'PATCH', path, { body: { name: 'some temperature sensor' } });
    expect(clash.status).toBe(422);
    expect(clash.body.message.json.name[0]).toContain('already exists');
    const ok = await as('admin', 'PATCH', path, { body: { timezone: 'Europe/Amsterdam', event_resolution: 'PT5M' } });
    expect(ok.body).toMatchObject({ name: 'empty temperature sensor', unit: '°C', timezone: 'Europe/Amsterdam', event_resolution: 'PT5M' });
    // Emptying attributes with an object, as the Python client does.
    expect((await as('admin', 'PATCH', path, { body: { attributes: {} } })).body.attributes).toBe('{}');
  });
});

describe('13. delete a sensor', () => {
  it('admin deletes it and all its beliefs: 204, gone, audited; the account-admin rule applies to others', async () => {
    const id = aw.sensors.temperature.id;
    // docs/contract/api.md §12.0: 815, 817, 818 °C at 2021-05-02T00:00, 00:10, 00:20 (+02:00) from "Test Supplier User".
    const source = await stores().assets.getOrCreateUserSource({ id: world.users.supplier4.id, username: 'Test Supplier User', accountId: world.accounts.supplier.id });
    const start = Date.parse('2021-05-01T22:00:00Z');
    await stores().beliefs.put(
      [815, 817, 818].map((value, i) => ({
        sensorId: id, eventStart: start + i * 600_000, beliefTime: start + i * 600_000, sourceId: source.id, cumulativeProbability: 0.5, value,
      })),
    );
    const window = { sensorId: id, from: start - 86_400_000, to: start + 86_400_000 };
    expect(await stores().beliefs.query(window)).toHaveLength(3);
    expect((await as('supplier4', 'DELETE', `/api/v3_0/sensors/${id}`)).status).toBe(403);
    expect(await stores().beliefs.query(window)).toHaveLength(3);
    const res = await as('admin', 'DELETE', `/api/v3_0/sensors/${id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await as('admin', 'GET', `/api/v3_0/sensors/${id}`)).status).toBe(404);
    expect(await stores().assets.getSensor(id)).toBeNull();
    expect(await stores().beliefs.query(window)).toEqual([]);
    expect(await auditEvents(aw.assets.incinerationLine.id)).toContain(`Deleted sensor 'some temperature sensor': ${id}`);
    expect((await as('admin', 'DELETE', `/api/v3_0/sensors/${id}`)).status).toBe(404);
  });
});
