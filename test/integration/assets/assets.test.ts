/**
 * Asset endpoints through the local runtime: FlexMeasures' asset scenarios (docs/contract/api.md §12.5, items
 * 21–27), the v3.0-20 pagination cases (first/last/empty page, filter, per_page bounds), PATCH
 * semantics (decision 0009), name uniqueness (decision 0016) and cascading deletes.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, type UserKey, type World, FM_403 } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';
import { setClock } from '../../../functions/lambda/clock.js';

useRuntime();

const T0 = Date.UTC(2024, 8, 18, 10, 12, 13);
let world: World;
let aw: AssetsWorld;

beforeAll(async () => {
  setClock(() => T0);
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
});

const as: World['as'] = (...args) => world.as(...args);

const names = (body: { name: string }[]) => body.map((a) => a.name);

async function auditEvents(assetId: number): Promise<string[]> {
  const res = await as('admin', 'GET', `/api/v3_0/assets/${assetId}/auditlog`);
  expect(res.status).toBe(200);
  return res.body.map((e: { event: string }) => e.event);
}

describe('21. listing', () => {
  it('lists the assets of an account for admins and consultants, as an array', async () => {
    const prosumer = await as('admin', 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.prosumer.id } });
    expect(prosumer.status).toBe(200);
    expect(prosumer.body).toHaveLength(1);
    const supplier = await as('admin', 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.supplier.id } });
    expect(supplier.body).toHaveLength(2);
    const turbine = supplier.body.find((a: { name: string }) => a.name === 'Test wind turbine');
    expect(turbine.account_id).toBe(world.accounts.supplier.id);
    const client = await as('consultant', 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.consultancyClient.id } });
    expect(client.status).toBe(200);
    expect(names(client.body)).toEqual(['Test ConsultancyClient Asset']);
  });

  it('paginates with page: {data, num-records, filtered-records} plus status', async () => {
    const res = await as('admin', 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.prosumer.id, page: 1 } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'filtered-records', 'num-records', 'status']);
    expect(res.body).toMatchObject({ 'num-records': 1, 'filtered-records': 1, status: 200 });
    expect(res.body.data).toHaveLength(1);
  });

  it('refuses those who may not read the account', async () => {
    const noRole = await as('consultancyNoRole', 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.consultancyClient.id } });
    expect(noRole.status).toBe(403);
    expect(noRole.body).toEqual(FM_403);
    expect((await as(null, 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.prosumer.id } })).status).toBe(401);
    expect((await as('dummy3', 'GET', '/api/v3_0/assets', { query: { account_id: world.accounts.prosumer.id } })).status).toBe(403);
  });

  it("gives the admin their own (empty) account's assets without parameters", async () => {
    const res = await as('admin', 'GET', '/api/v3_0/assets');
    expect(res).toMatchObject({ status: 200, body: [] });
  });

  it('checks account_id first (404), then the other parameters (422)', async () => {
    expect(await as('admin', 'GET', '/api/v3_0/assets', { query: { account_id: 999, page: 0 } })).toMatchObject({
      status: 404,
      body: { message: 'Account 999 not found' },
    });
    const bad = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: 'maybe', page: 0, per_page: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.message.query).toEqual({
      all_accessible: ['Not a valid boolean.'],
      page: ['Must be greater than or equal to 1.'],
      per_page: ['Not a valid integer.'],
    });
  });

  it('all_accessible: every readable account plus the public assets', async () => {
    const consultant = await as('consultant', 'GET', '/api/v3_0/assets', { query: { all_accessible: 'true' } });
    expect(names(consultant.body).sort()).toEqual(['Test ConsultancyClient Asset', 'troposphere']);
    const prosumer = await as('prosumer', 'GET', '/api/v3_0/assets', { query: { all_accessible: 1, account_id: world.accounts.supplier.id } });
    expect(names(prosumer.body).sort()).toEqual(['Test grid connected battery storage', 'troposphere']);
    const admin = await as('adminReader', 'GET', '/api/v3_0/assets', { query: { all_accessible: 'yes', page: 1, per_page: 100 } });
    const all = await stores().assets.listAssetsByAccount(null);
    expect(admin.body['num-records']).toBeGreaterThanOrEqual(8);
    expect(admin.body.data.map((a: { id: number }) => a.id)).toEqual([...admin.body.data.map((a: { id: number }) => a.id)].sort((x: number, y: number) => x - y));
    expect(admin.body.data.some((a: { id: number }) => a.id === all[0]!.id)).toBe(true);
  });
});

describe('pagination and filter (v3.0-20)', () => {
  it('pages through the results: first, last, beyond the last, and an empty first page', async () => {
    const q = { all_accessible: true, per_page: 3 };
    const first = await as('admin', 'GET', '/api/v3_0/assets', { query: { ...q, page: 1 } });
    const total = first.body['num-records'];
    expect(first.body.data).toHaveLength(3);
    const lastPage = Math.ceil(total / 3);
    const last = await as('admin', 'GET', '/api/v3_0/assets', { query: { ...q, page: lastPage } });
    expect(last.body.data).toHaveLength(total - 3 * (lastPage - 1));
    const beyond = await as('admin', 'GET', '/api/v3_0/assets', { query: { ...q, page: lastPage + 1 } });
    expect(beyond.status).toBe(404);
    expect(beyond.body.status).toBe(404);
    const empty = await as('admin', 'GET', '/api/v3_0/assets', { query: { page: 1 } });
    expect(empty.body).toEqual({ data: [], 'filtered-records': 0, 'num-records': 0, status: 200 });
    const defaultSize = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, page: 1 } });
    expect(defaultSize.body.data).toHaveLength(Math.min(10, total));
  });

  it('filters by asset or account name, terms split shell-style; counts before and after filtering', async () => {
    const turbine = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, page: 1, filter: 'TURBINE' } });
    expect(names(turbine.body.data)).toEqual(['Test wind turbine']);
    expect(turbine.body['filtered-records']).toBe(1);
    expect(turbine.body['num-records']).toBeGreaterThan(1);
    const byAccount = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, filter: '"Supplier Account"' } });
    expect(names(byAccount.body)).toEqual(['incineration line', 'Test wind turbine']);
    // A space may arrive as %20 or as + (Python's requests): both are spaces, as in Flask.
    const encoded = await api('GET', '/api/v3_0/assets?all_accessible=true&filter=%22Supplier%20Account%22', { token: await world.token('admin') });
    expect(names(encoded.body)).toEqual(['incineration line', 'Test wind turbine']);
    const both = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, filter: 'supplier line' } });
    expect(names(both.body)).toEqual(['incineration line']);
    const none = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, filter: 'zzz', page: 1 } });
    expect(none.body).toMatchObject({ data: [], 'filtered-records': 0 });
    const unbalanced = await as('admin', 'GET', '/api/v3_0/assets', { query: { filter: '"open' } });
    expect(unbalanced).toMatchObject({ status: 422, body: { message: { query: { filter: ['No closing quotation'] } } } });
  });

  it('bounds per_page below (422) and not above', async () => {
    const zero = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, page: 1, per_page: 0 } });
    expect(zero).toMatchObject({ status: 422, body: { message: { query: { per_page: ['Must be greater than or equal to 1.'] } } } });
    const big = await as('admin', 'GET', '/api/v3_0/assets', { query: { all_accessible: true, page: 1, per_page: 1000 } });
    expect(big.body.data).toHaveLength(big.body['num-records']);
  });
});

describe('22. one asset', () => {
  it('reads own assets, refuses others, 404s unknown ids, lists children', async () => {
    const own = await as('supplier4', 'GET', `/api/v3_0/assets/${aw.assets.windTurbine.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toEqual({
      account_id: world.accounts.supplier.id,
      attributes: '{}',
      child_assets: [],
      consumption_price_sensor_id: null,
      generic_asset_type: { id: aw.types['wind turbine']!.id, name: 'wind turbine' },
      generic_asset_type_id: aw.types['wind turbine']!.id,
      id: aw.assets.windTurbine.id,
      latitude: 10,
      longitude: 100,
      name: 'Test wind turbine',
      owner: { id: world.accounts.supplier.id, name: 'Test Supplier Account' },
      parent_asset_id: null,
      production_price_sensor_id: null,
      sensors: [],
      status: 200,
    });
    expect((await as('supplier4', 'GET', `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`)).status).toBe(403);
    const missing = await as('supplier4', 'GET', '/api/v3_0/assets/8171766575');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('not found');
    const parent = await as('admin', 'GET', `/api/v3_0/assets/${aw.assets.parentWithChildren.id}`);
    expect(parent.body.child_assets).toHaveLength(2);
    expect(parent.body.child_assets[0]).toEqual({
      account_id: world.accounts.multiRole.id,
      generic_asset_type: { id: aw.types.battery!.id, name: 'battery' },
      id: aw.assets.children[0].id,
      name: 'child 1',
    });
    const consultant = await as('consultant', 'GET', `/api/v3_0/assets/${aw.assets.consultancyClientAsset.id}`);
    expect(consultant).toMatchObject({ status: 200, body: { name: 'Test ConsultancyClient Asset' } });
  });

  it('shows sensors and attributes as FlexMeasures does', async () => {
    const res = await as('supplier4', 'GET', `/api/v3_0/assets/${aw.assets.incinerationLine.id}`);
    expect(res.body.sensors).toEqual([
      { id: aw.sensors.gas.id, name: 'some gas sensor' },
      { id: aw.sensors.temperature.id, name: 'some temperature sensor' },
      { id: aw.sensors.emptyTemperature.id, name: 'empty temperature sensor' },
    ]);
    const battery = await as('prosumer', 'GET', `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`);
    expect(battery.body.attributes).toBe('{"some-attribute": "some-value", "sensors_to_show": [1, 2]}');
  });
});

describe('23. public assets', () => {
  it('needs authentication and lists the public assets', async () => {
    expect((await as(null, 'GET', '/api/v3_0/assets/public')).status).toBe(401);
    const res = await as('admin', 'GET', '/api/v3_0/assets/public');
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['troposphere']);
    expect(res.body[0]).toMatchObject({ account_id: null, owner: null });
    expect((await as('dummy3', 'GET', '/api/v3_0/assets/public')).status).toBe(200);
  });
});

describe('24. rights of a plain member', () => {
  it('may not create or delete, but may edit; each changed field is audited', async () => {
    expect(await as('prosumer', 'POST', '/api/v3_0/assets', { body: {} })).toMatchObject({ status: 403, body: FM_403 });
    expect((await as('prosumer', 'DELETE', `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`)).status).toBe(403);
    const id = aw.assets.prosumerBattery.id;
    const res = await as('prosumer', 'PATCH', `/api/v3_0/assets/${id}`, { body: { latitude: 11.1, name: 'other' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ latitude: 11.1, name: 'other', longitude: 100, status: 200 });
    const events = await auditEvents(id);
    expect(events).toContain(`Updated asset 'Test grid connected battery storage': ${id}; fields: Field: name, From: Test grid connected battery storage, To: other`);
    expect(events).toContain(`Updated asset 'Test grid connected battery storage': ${id}; fields: Field: latitude, From: 10.0, To: 11.1`);
    // Reset, as FlexMeasures' test does; fields not sent stay as they are (decision 0009).
    const reset = await as('prosumer', 'PATCH', `/api/v3_0/assets/${id}`, { body: { latitude: 10, name: 'Test grid connected battery storage' } });
    expect(reset.body).toMatchObject({ latitude: 10, name: 'Test grid connected battery storage', attributes: '{"some-attribute": "some-value", "sensors_to_show": [1, 2]}' });
    expect(await as('consultant', 'PATCH', `/api/v3_0/assets/${aw.assets.consultancyClientAsset.id}`, { body: { latitude: 0 } })).toMatchObject({
      status: 403,
      body: FM_403,
    });
  });
});

describe('25. bad attributes on PATCH', () => {
  it('rejects each with a 422 under attributes, and accepts the current attributes again', async () => {
    const path = `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`;
    const cases: [unknown, string][] = [
      [null, 'may not be null'],
      ['{', 'Not a valid JSON'],
      ['{"hallo": world}', 'Not a valid JSON'],
      ['{"sensors_to_show": [0, 1]}', 'No sensor found'],
      ['{"sensors_to_show": [1, [0, 2]]}', 'No sensor found'],
      ['{"sensors_to_show": [1, [2, [3, 4]]]}', "All elements in a list within 'sensors_to_show' must be integers."],
      ['{"sensors_to_show": [1, "2"]}', "Invalid item type in 'sensors_to_show'. Expected int, list, or dict."],
    ];
    for (const [attributes, text] of cases) {
      const res = await as('prosumer', 'PATCH', path, { body: { attributes } });
      expect({ attributes, status: res.status }).toEqual({ attributes, status: 422 });
      expect(res.body.message.json.attributes[0]).toContain(text);
    }
    const current = (await as('prosumer', 'GET', path)).body.attributes;
    const again = await as('prosumer', 'PATCH', path, { body: { attributes: current } });
    expect(again.status).toBe(200);
    expect(again.body.attributes).toBe(current);
  });
});

describe('26. creating assets', () => {
  const body = (accountId: number) => ({
    name: 'Test battery 2',
    latitude: 30.1,
    longitude: 100.42,
    generic_asset_type_id: aw.types.battery!.id,
    account_id: accountId,
  });

  it('admin and account-admins create; 201 without status key; audited', async () => {
    const res = await as('admin', 'POST', '/api/v3_0/assets', { body: body(world.accounts.supplier.id) });
    expect(res.status).toBe(201);
    expect(res.body.latitude).toBe(30.1);
    expect(res.body).not.toHaveProperty('status');
    expect(res.body).toMatchObject({ account_id: world.accounts.supplier.id, owner: { name: 'Test Supplier Account' }, generic_asset_type: { name: 'battery' } });
    expect(await auditEvents(res.body.id)).toEqual([`Created asset 'Test battery 2': ${res.body.id}`]);
    const own = await as('prosumer2', 'POST', '/api/v3_0/assets', { body: body(world.accounts.prosumer.id) });
    expect(own.status).toBe(201);
    const other = await as('prosumer2', 'POST', '/api/v3_0/assets', { body: { ...body(world.accounts.supplier.id), name: 'elsewhere' } });
    expect(other.status).toBe(422);
    expect(other.body.message.json.account_id[0]).toContain('not allowed to create assets for this account');
  });

  it('rejects unknown fields, lists, and bad values (all reported together), creating nothing', async () => {
    const before = (await stores().assets.listAssetsByAccount(world.accounts.dummy.id)).length;
    const unknown = await as('admin', 'POST', '/api/v3_0/assets', { body: { ...body(world.accounts.dummy.id), nnname: 'x' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message.json.nnname[0]).toBe('Unknown field.');
    const list = await as('admin', 'POST', '/api/v3_0/assets', { body: [body(world.accounts.dummy.id), body(world.accounts.dummy.id)] });
    expect(list.status).toBe(422);
    expect(list.body.message.json._schema[0]).toBe('Invalid input type.');
    const { generic_asset_type_id: _dropped, ...noType } = body(world.accounts.dummy.id);
    const bad = await as('admin', 'POST', '/api/v3_0/assets', { body: { ...noType, longitude: 300.9 } });
    expect(bad.status).toBe(422);
    expect(bad.body.message.json.longitude[0]).toContain('exceeds the maximum longitude');
    expect(bad.body.message.json.generic_asset_type_id[0]).toContain('required field');
    const refs = await as('admin', 'POST', '/api/v3_0/assets', {
      body: { ...body(world.accounts.dummy.id), generic_asset_type_id: 999, parent_asset_id: 999, account_id: 999, consumption_price_sensor_id: 999 },
    });
    expect(refs.body.message.json).toEqual({
      account_id: ["Account with Id 999 doesn't exist."],
      consumption_price_sensor_id: ['No sensor found with id 999.'],
      generic_asset_type_id: ["GenericAssetType with id 999 doesn't exist."],
      parent_asset_id: ["Parent GenericAsset with id 999 doesn't exist."],
    });
    expect((await stores().assets.listAssetsByAccount(world.accounts.dummy.id)).length).toBe(before);
  });

  it('allows a top-level asset named like a child, but not twice (422, decision 0016)', async () => {
    const accountId = world.accounts.dummy.id;
    const child = await as('admin', 'POST', '/api/v3_0/assets', {
      body: { name: 'named twice', generic_asset_type_id: aw.types.solar!.id, account_id: accountId, parent_asset_id: aw.assets.windTurbine.id },
    });
    expect(child.status).toBe(201);
    const top = { name: 'named twice', generic_asset_type_id: aw.types.solar!.id, account_id: accountId, parent_asset_id: null, latitude: null };
    const first = await as('admin', 'POST', '/api/v3_0/assets', { body: top });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject(top);
    const second = await as('admin', 'POST', '/api/v3_0/assets', { body: top });
    expect(second.status).toBe(422);
    expect(second.body.message.json.name[0]).toBe("An asset with the name 'named twice' already exists under parent asset with id=None.");
    const sibling = await as('admin', 'POST', '/api/v3_0/assets', { body: { ...top, parent_asset_id: aw.assets.windTurbine.id } });
    expect(sibling.body.message.json.name[0]).toBe(`An asset with the name 'named twice' already exists under parent asset with id=${aw.assets.windTurbine.id}.`);
    // Renaming into a clash is refused as well.
    const rename = await as('admin', 'PATCH', `/api/v3_0/assets/${aw.assets.windTurbine.id}`, { body: { name: 'incineration line' } });
    expect(rename.status).toBe(422);
    expect(rename.body.message.json.name[0]).toContain('already exists under parent asset with id=None');
  });

  it("puts a non-admin's asset in their own account when account_id is omitted; admins get a public asset", async () => {
    const mine = await as('prosumer2', 'POST', '/api/v3_0/assets', { body: { name: 'no account given', generic_asset_type_id: aw.types.solar!.id } });
    expect(mine).toMatchObject({ status: 201, body: { account_id: world.accounts.prosumer.id } });
    const pub = await as('admin', 'POST', '/api/v3_0/assets', { body: { name: 'public by admin', generic_asset_type_id: aw.types.market!.id } });
    expect(pub).toMatchObject({ status: 201, body: { account_id: null, owner: null } });
    const nullByOther = await as('prosumer2', 'POST', '/api/v3_0/assets', { body: { name: 'x', generic_asset_type_id: aw.types.solar!.id, account_id: null } });
    expect(nullByOther.body.message.json.account_id).toEqual(["Account with Id None doesn't exist."]);
  });
});

describe('PATCH details', () => {
  it('sets and clears price and inflexible sensors, only sensors the caller can read, and never outputs the inflexible ones', async () => {
    const create = await as('prosumer2', 'POST', '/api/v3_0/sensors', {
      body: { name: 'load', unit: 'kW', event_resolution: 'PT15M', generic_asset_id: aw.assets.prosumerBattery.id },
    });
    const path = `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`;
    const set = await as('prosumer', 'PATCH', path, { body: { inflexible_device_sensor_ids: [create.body.id] } });
    expect(set.status).toBe(200);
    expect(set.body).not.toHaveProperty('inflexible_device_sensor_ids');
    expect((await stores().assets.getAsset(aw.assets.prosumerBattery.id))?.inflexibleDeviceSensorIds).toEqual([create.body.id]);
    // Not sending the field keeps it (decision 0009); [-1] clears it.
    await as('prosumer', 'PATCH', path, { body: { longitude: 100.5 } });
    expect((await stores().assets.getAsset(aw.assets.prosumerBattery.id))?.inflexibleDeviceSensorIds).toEqual([create.body.id]);
    await as('prosumer', 'PATCH', path, { body: { inflexible_device_sensor_ids: [-1] } });
    expect((await stores().assets.getAsset(aw.assets.prosumerBattery.id))?.inflexibleDeviceSensorIds).toEqual([]);
    // Another account's sensor is reported as not existing.
    const foreign = await as('prosumer', 'PATCH', path, { body: { consumption_price_sensor_id: aw.sensors.gas.id, inflexible_device_sensor_ids: [aw.sensors.gas.id] } });
    expect(foreign.body.message.json).toEqual({
      consumption_price_sensor_id: [`No sensor found with id ${aw.sensors.gas.id}.`],
      inflexible_device_sensor_ids: [`No sensor found with id ${aw.sensors.gas.id}.`],
    });
    const account = await as('prosumer', 'PATCH', path, { body: { account_id: 2 } });
    expect(account.body.message.json).toEqual({ account_id: ['Unknown field.'] });
  });

  it('moves assets under readable parents the caller may add to, never into a cycle', async () => {
    const { parentWithChildren: parent, children } = aw.assets;
    const cycle = await as('admin', 'PATCH', `/api/v3_0/assets/${parent.id}`, { body: { parent_asset_id: children[0].id } });
    expect(cycle.body.message.json).toEqual({ parent_asset_id: ['An asset cannot be placed under one of its own descendants.'] });
    const self = await as('admin', 'PATCH', `/api/v3_0/assets/${parent.id}`, { body: { parent_asset_id: parent.id } });
    expect(self.body.message.json).toEqual({ parent_asset_id: ['An asset cannot be its own parent.'] });
    const foreign = await as('prosumer', 'PATCH', `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`, { body: { parent_asset_id: aw.assets.windTurbine.id } });
    expect(foreign.body.message.json).toEqual({ parent_asset_id: [`Parent GenericAsset with id ${aw.assets.windTurbine.id} doesn't exist.`] });
    const underPublic = await as('prosumer', 'PATCH', `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`, { body: { parent_asset_id: aw.assets.troposphere.id } });
    expect(underPublic).toMatchObject({ status: 403, body: FM_403 });
    const move = await as('admin', 'PATCH', `/api/v3_0/assets/${children[1].id}`, { body: { parent_asset_id: null } });
    expect(move.body.parent_asset_id).toBeNull();
    expect((await as('admin', 'GET', `/api/v3_0/assets/${parent.id}`)).body.child_assets).toHaveLength(1);
    await as('admin', 'PATCH', `/api/v3_0/assets/${children[1].id}`, { body: { parent_asset_id: parent.id } });
  });

  it('checks the body (422) before the id (404)', async () => {
    expect((await as('admin', 'PATCH', '/api/v3_0/assets/999999', { body: { latitude: 100 } })).status).toBe(422);
    expect((await as('admin', 'PATCH', '/api/v3_0/assets/999999', { body: { latitude: 1 } })).status).toBe(404);
  });
});

describe('27. deleting', () => {
  it('admin deletes an asset; its audit entries stay, detached', async () => {
    const created = await as('admin', 'POST', '/api/v3_0/assets', {
      body: { name: 'to be deleted', generic_asset_type_id: aw.types.battery!.id, account_id: world.accounts.empty.id },
    });
    const id = created.body.id;
    const res = await as('admin', 'DELETE', `/api/v3_0/assets/${id}`);
    expect(res.status).toBe(204);
    expect((await as('admin', 'GET', `/api/v3_0/assets/${id}`)).status).toBe(404);
    const entries = await stores().assets.listAuditEntriesOfFormerAsset(id);
    expect(entries.map((e) => [e.event, e.affectedAssetId])).toEqual([
      [`Created asset 'to be deleted': ${id}`, null],
      [`Deleted asset 'to be deleted': ${id}`, null],
    ]);
    expect(entries[1]!.activeUserName).toBe('Test Admin User');
  });

  it('deleting an asset deletes its sensors, their beliefs and all descendant assets', async () => {
    const { parentWithChildren: parent, children } = aw.assets;
    const sensor = await as('admin', 'POST', '/api/v3_0/sensors', {
      body: { name: 'child power', unit: 'MW', event_resolution: 'PT15M', generic_asset_id: children[0].id },
    });
    const grandchild = await as('admin', 'POST', '/api/v3_0/assets', {
      body: { name: 'grandchild', generic_asset_type_id: aw.types.battery!.id, account_id: world.accounts.multiRole.id, parent_asset_id: children[1].id },
    });
    const admin = await stores().assets.getOrCreateUserSource({ id: world.users.admin.id, username: 'Test Admin User', accountId: world.accounts.dummy.id });
    const t = Date.parse('2025-01-01T00:00:00Z');
    await stores().beliefs.put([{ sensorId: sensor.body.id, eventStart: t, beliefTime: t, sourceId: admin.id, cumulativeProbability: 0.5, value: 1.5 }]);
    const window = { sensorId: sensor.body.id, from: t - 1, to: t + 1 };
    expect(await stores().beliefs.query(window)).toHaveLength(1);
    expect((await as('admin', 'DELETE', `/api/v3_0/assets/${parent.id}`)).status).toBe(204);
    expect(await stores().beliefs.query(window)).toEqual([]);
    for (const id of [parent.id, children[0].id, children[1].id, grandchild.body.id]) {
      expect((await as('admin', 'GET', `/api/v3_0/assets/${id}`)).status).toBe(404);
    }
    expect((await as('admin', 'GET', `/api/v3_0/sensors/${sensor.body.id}`)).status).toBe(404);
    expect(await stores().assets.listAssetsByAccount(world.accounts.multiRole.id)).toEqual([]);
  });
});
