/**
 * The DynamoDB adapter of the asset store on dynalite: asset types (seeded idempotently), assets,
 * sensors, data sources and the asset audit log — look-ups by account, parent and asset, the
 * uniqueness rules, PATCH semantics and cascading deletes.
 */
import { describe, it, expect } from '@jest/globals';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { useDynaliteForFile } from '../../helpers/dynamo.js';
import { assetFields as defaultAssetFields } from '../../helpers/assets-world.js';
import { DynamoAssetStore } from '../../../functions/stores/dynamodb/assets.js';
import { DuplicateNameError, MissingAssetEntityError } from '../../../functions/core/ports/assets.js';
import { DEFAULT_ASSET_TYPES } from '../../../functions/core/assets/asset-types.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type AssetFields, type SensorFields } from '../../../functions/core/assets/model.js';

const db = useDynaliteForFile();
const store = new DynamoAssetStore(db.options('entities'));

/** A battery of account 1 named "asset", unless overridden. */
function assetFields(overrides: Partial<AssetFields> = {}): AssetFields {
  return defaultAssetFields({ name: 'asset', generic_asset_type_id: 5, account_id: 1, ...overrides });
}

function sensorFields(assetId: number, overrides: Partial<SensorFields> = {}): SensorFields {
  return {
    name: 'power',
    unit: 'MW',
    timezone: 'UTC',
    event_resolution: 15 * 60_000,
    knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
    generic_asset_id: assetId,
    account_id: 1,
    attributes: {},
    ...overrides,
  };
}

describe('asset types', () => {
  it('seeds the default types once, in order, with ids 1…n, also when asked concurrently', async () => {
    await Promise.all([store.ensureDefaultAssetTypes(), new DynamoAssetStore(db.options('entities')).ensureDefaultAssetTypes()]);
    await new DynamoAssetStore(db.options('entities')).ensureDefaultAssetTypes();
    const types = await store.listAssetTypes();
    expect(types.map((t) => t.name)).toEqual(DEFAULT_ASSET_TYPES.map((t) => t.name));
    expect(types.map((t) => t.id)).toEqual(DEFAULT_ASSET_TYPES.map((_, i) => i + 1));
    for (const name of ['battery', 'one-way_evse', 'two-way_evse', 'process', 'load', 'solar', 'building', 'weather station', 'market']) {
      expect(types.some((t) => t.name === name)).toBe(true);
    }
    expect(await store.getAssetType(5)).toEqual({ id: 5, name: 'battery', description: 'stationary battery' });
    expect((await store.getAssetTypeByName('market'))?.name).toBe('market');
    expect(await store.getAssetType(999)).toBeNull();
  });

  it('creates further types with unique names', async () => {
    const t = await store.createAssetType({ name: 'waste incinerator', description: null });
    expect(t.id).toBe(DEFAULT_ASSET_TYPES.length + 1);
    await expect(store.createAssetType({ name: 'waste incinerator', description: 'again' })).rejects.toBeInstanceOf(DuplicateNameError);
    expect((await store.getAssetTypeByName('waste incinerator'))?.id).toBe(t.id);
  });
});

describe('assets', () => {
  it('creates assets with integer ids and reads them back with every field', async () => {
    const a = await store.createAsset(
      assetFields({ name: 'Battery A', latitude: 52.1, longitude: 4.5, attributes: { b: 1, a: { nested: [1, 2] } } }),
    );
    expect(Number.isInteger(a.id)).toBe(true);
    const read = await store.getAsset(a.id);
    expect(read).toEqual(a);
    // Attribute key order survives the round trip (json.dumps output depends on it).
    expect(Object.keys(read!.attributes)).toEqual(['b', 'a']);
    expect(await store.getAsset(123456)).toBeNull();
  });

  it('lists assets by account, public assets, and children by parent, without scans', async () => {
    const parent = await store.createAsset(assetFields({ name: 'Site', account_id: 7 }));
    const c1 = await store.createAsset(assetFields({ name: 'Child 1', account_id: 7, parent_asset_id: parent.id }));
    const c2 = await store.createAsset(assetFields({ name: 'Child 2', account_id: 7, parent_asset_id: parent.id }));
    const pub = await store.createAsset(assetFields({ name: 'troposphere', account_id: null }));
    expect((await store.listAssetsByAccount(7)).map((a) => a.id)).toEqual([parent.id, c1.id, c2.id]);
    expect((await store.listAssetsByAccount(null)).map((a) => a.id)).toEqual([pub.id]);
    expect((await store.listChildAssets(parent.id)).map((a) => a.name)).toEqual(['Child 1', 'Child 2']);
    expect(await store.listChildAssets(c1.id)).toEqual([]);
    const many = await store.getAssets([parent.id, pub.id, 99999]);
    expect([...many.keys()].sort((x, y) => x - y)).toEqual([parent.id, pub.id]);
  });

  it('keeps asset names unique per parent, and per account at the top level', async () => {
    const top = await store.createAsset(assetFields({ name: 'Unique', account_id: 8 }));
    await expect(store.createAsset(assetFields({ name: 'Unique', account_id: 8 }))).rejects.toMatchObject({
      kind: 'asset',
      entityName: 'Unique',
      scope: null,
    });
    // Same name in another account, as a child, or public: allowed.
    await store.createAsset(assetFields({ name: 'Unique', account_id: 9 }));
    await store.createAsset(assetFields({ name: 'Unique', account_id: null }));
    await store.createAsset(assetFields({ name: 'Unique', account_id: 8, parent_asset_id: top.id }));
    const dup = store.createAsset(assetFields({ name: 'Unique', account_id: 9, parent_asset_id: top.id }));
    await expect(dup).rejects.toBeInstanceOf(DuplicateNameError);
    await expect(dup).rejects.toMatchObject({ scope: top.id });
    // Nothing was written by the rejected creates.
    expect((await store.listChildAssets(top.id)).length).toBe(1);
    expect((await store.listAssetsByAccount(8)).filter((a) => a.name === 'Unique').length).toBe(2);
  });

  it('updates only the given fields; renames and moves respect uniqueness and free the old name', async () => {
    const a = await store.createAsset(assetFields({ name: 'One', account_id: 10, latitude: 1, attributes: { x: 1 } }));
    const b = await store.createAsset(assetFields({ name: 'Two', account_id: 10 }));
    const updated = await store.updateAsset(a.id, { latitude: 2.5 });
    expect(updated).toEqual({ ...a, latitude: 2.5 });
    expect(await store.getAsset(a.id)).toEqual(updated);

    await expect(store.updateAsset(a.id, { name: 'Two' })).rejects.toBeInstanceOf(DuplicateNameError);
    expect((await store.getAsset(a.id))?.name).toBe('One');

    await store.updateAsset(a.id, { name: 'Uno', attributes: { y: 2 } });
    expect(await store.getAsset(a.id)).toMatchObject({ name: 'Uno', attributes: { y: 2 } });
    // The old name is free again.
    const again = await store.createAsset(assetFields({ name: 'One', account_id: 10 }));
    expect(again.name).toBe('One');

    // Moving under a parent: shows up as a child; moving back to the top level removes it.
    await store.updateAsset(a.id, { parent_asset_id: b.id });
    expect((await store.listChildAssets(b.id)).map((x) => x.id)).toEqual([a.id]);
    await store.updateAsset(a.id, { parent_asset_id: null });
    expect(await store.listChildAssets(b.id)).toEqual([]);

    await expect(store.updateAsset(424242, { name: 'x' })).rejects.toBeInstanceOf(MissingAssetEntityError);
  });

  it('takes over a name marker orphaned by an interrupted create, but not a fresh one', async () => {
    const table = db.tables.entities;
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const put = (claimedAt: number) =>
      db.client.send(
        new PutCommand({
          TableName: table,
          Item: { pk: 'ASSETNAME#ACCOUNT#11#Orphan', sk: 'ASSETNAME', assetId: 777777, claimedAt },
        }),
      );
    await put(Date.now());
    await expect(store.createAsset(assetFields({ name: 'Orphan', account_id: 11 }))).rejects.toBeInstanceOf(DuplicateNameError);
    await put(Date.now() - 3_600_000);
    const created = await store.createAsset(assetFields({ name: 'Orphan', account_id: 11 }));
    expect(created.name).toBe('Orphan');
  });
});

describe('sensors', () => {
  it('creates sensors, lists them by asset and by account, and reads several at once', async () => {
    const asset = await store.createAsset(assetFields({ name: 'Sensor host', account_id: 20 }));
    const other = await store.createAsset(assetFields({ name: 'Public host', account_id: null }));
    const s1 = await store.createSensor(sensorFields(asset.id, { account_id: 20, attributes: { capacity_in_mw: 2 } }));
    const s2 = await store.createSensor(sensorFields(asset.id, { name: 'soc', unit: 'MWh', account_id: 20, event_resolution: 0 }));
    const s3 = await store.createSensor(sensorFields(other.id, { name: 'price', unit: 'EUR/MWh', account_id: null }));
    expect(await store.getSensor(s1.id)).toEqual(s1);
    expect(s1.knowledge_horizon).toEqual({ fnc: 'ex_post', par: { ex_post_horizon: 'PT0H' } });
    expect((await store.listSensorsByAsset(asset.id)).map((s) => s.name)).toEqual(['power', 'soc']);
    expect((await store.listSensorsByAccount(20)).map((s) => s.id)).toEqual([s1.id, s2.id]);
    expect((await store.listSensorsByAccount(null)).map((s) => s.id)).toContain(s3.id);
    const many = await store.getSensors([s1.id, s3.id, 999999]);
    expect([...many.values()].map((s) => s.name).sort()).toEqual(['power', 'price']);
  });

  it('keeps sensor names unique per asset (also on rename) and updates only the given fields', async () => {
    const asset = await store.createAsset(assetFields({ name: 'Names', account_id: 21 }));
    const other = await store.createAsset(assetFields({ name: 'Names 2', account_id: 21 }));
    const s = await store.createSensor(sensorFields(asset.id, { account_id: 21 }));
    await expect(store.createSensor(sensorFields(asset.id, { account_id: 21 }))).rejects.toMatchObject({
      kind: 'sensor',
      scope: asset.id,
    });
    expect((await store.listSensorsByAsset(asset.id)).length).toBe(1);
    await store.createSensor(sensorFields(other.id, { account_id: 21 })); // same name, other asset: fine
    const t = await store.createSensor(sensorFields(asset.id, { name: 'temperature', unit: '°C', account_id: 21 }));
    await expect(store.updateSensor(t.id, { name: 'power' })).rejects.toBeInstanceOf(DuplicateNameError);
    const renamed = await store.updateSensor(s.id, { name: 'power 2', unit: 'kW' });
    expect(renamed).toEqual({ ...s, name: 'power 2', unit: 'kW' });
    expect(await store.getSensor(s.id)).toEqual(renamed);
    // The old name is free again.
    await store.createSensor(sensorFields(asset.id, { account_id: 21 }));
    await expect(store.updateSensor(987654, { unit: 'W' })).rejects.toBeInstanceOf(MissingAssetEntityError);
  });

  it('deleting a sensor frees its name and clears price and inflexible references to it', async () => {
    const market = await store.createAsset(assetFields({ name: 'Market', account_id: null }));
    const price = await store.createSensor(sensorFields(market.id, { name: 'prices', unit: 'EUR/MWh', account_id: null }));
    const site = await store.createAsset(assetFields({ name: 'Refs', account_id: 22 }));
    const load = await store.createSensor(sensorFields(site.id, { name: 'load', account_id: 22 }));
    const pv = await store.createSensor(sensorFields(site.id, { name: 'pv', account_id: 22 }));
    await store.updateAsset(site.id, {
      consumption_price_sensor_id: price.id,
      production_price_sensor_id: price.id,
      inflexible_device_sensor_ids: [load.id, pv.id],
    });
    await store.deleteSensor(price);
    await store.deleteSensor(load);
    expect(await store.getSensor(price.id)).toBeNull();
    expect(await store.getAsset(site.id)).toMatchObject({
      consumption_price_sensor_id: null,
      production_price_sensor_id: null,
      inflexible_device_sensor_ids: [pv.id],
    });
    const again = await store.createSensor(sensorFields(site.id, { name: 'load', account_id: 22 }));
    expect(again.id).not.toBe(load.id);
  });
});

describe('cascading asset deletion', () => {
  it('collects an asset with its descendants and sensors, and deletes them all', async () => {
    const root = await store.createAsset(assetFields({ name: 'Root', account_id: 30 }));
    const child = await store.createAsset(assetFields({ name: 'Child', account_id: 30, parent_asset_id: root.id }));
    const grandchild = await store.createAsset(assetFields({ name: 'Grandchild', account_id: 30, parent_asset_id: child.id }));
    const keep = await store.createAsset(assetFields({ name: 'Keep', account_id: 30 }));
    const s1 = await store.createSensor(sensorFields(root.id, { account_id: 30 }));
    const s2 = await store.createSensor(sensorFields(grandchild.id, { account_id: 30 }));
    const s3 = await store.createSensor(sensorFields(keep.id, { account_id: 30 }));
    await store.updateAsset(keep.id, { consumption_price_sensor_id: s2.id });
    await store.addAuditEntries([
      { event: `Created asset 'Root': ${root.id}`, event_datetime: 1000, active_user_id: 1, active_user_name: 'u', affected_asset_id: root.id },
    ]);

    const tree = await store.collectAssetTree(root.id);
    expect(tree!.assets.map((a) => a.name)).toEqual(['Grandchild', 'Child', 'Root']);
    expect(tree!.sensors.map((s) => s.id).sort((a, b) => a - b)).toEqual([s1.id, s2.id]);
    expect(await store.collectAssetTree(31337)).toBeNull();

    await store.deleteAssetTree(tree!);
    for (const a of [root, child, grandchild]) expect(await store.getAsset(a.id)).toBeNull();
    expect(await store.getSensor(s1.id)).toBeNull();
    expect(await store.getSensor(s2.id)).toBeNull();
    expect(await store.getSensor(s3.id)).not.toBeNull();
    expect((await store.getAsset(keep.id))?.consumption_price_sensor_id).toBeNull();
    expect((await store.listAssetsByAccount(30)).map((a) => a.name)).toEqual(['Keep']);
    // Names are free again; the audit trail stays, detached from the deleted asset.
    await store.createAsset(assetFields({ name: 'Root', account_id: 30 }));
    expect(await store.listAuditEntries(root.id)).toEqual([]);
    const former = await store.listAuditEntriesOfFormerAsset(root.id);
    expect(former.map((e) => [e.event, e.affected_asset_id])).toEqual([[`Created asset 'Root': ${root.id}`, null]]);
    // No item of the deleted assets or sensors is left behind.
    const leftovers = await db.client.send(
      new QueryCommand({
        TableName: db.tables.entities,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SENSORREF#${s2.id}` },
      }),
    );
    expect(leftovers.Items).toEqual([]);
  });
});

describe('data sources', () => {
  it("gets or creates a user's source once, also under concurrency", async () => {
    const user = { id: 42, username: 'Test Supplier User', account_id: 2 };
    const [a, b] = await Promise.all([store.getOrCreateUserSource(user), store.getOrCreateUserSource(user)]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ name: 'Test Supplier User', type: 'user', user_id: 42, account_id: 2, model: null, version: null });
    expect(await store.getOrCreateUserSource(user)).toEqual(a);
    expect(await store.getDataSource(a.id)).toEqual(a);
    expect((await store.listDataSources()).filter((s) => s.user_id === 42)).toHaveLength(1);
  });

  it('gets or creates other sources by their full identity', async () => {
    const spec = { name: 'Seita', type: 'scheduler', model: 'StorageScheduler', version: '3', account_id: null, user_id: null };
    const s1 = await store.getOrCreateSource(spec);
    expect(await store.getOrCreateSource(spec)).toEqual(s1);
    const s2 = await store.getOrCreateSource({ ...spec, model: 'ProcessScheduler', version: '1' });
    expect(s2.id).not.toBe(s1.id);
    const s3 = await store.getOrCreateSource({ name: 'Other source', type: 'demo script', model: null, version: null, account_id: null, user_id: null });
    const byId = await store.getDataSources([s1.id, s3.id, 5555]);
    expect([...byId.values()].map((s) => s.name).sort()).toEqual(['Other source', 'Seita']);
    expect(await store.getDataSource(5555)).toBeNull();
  });
});

describe('asset audit log', () => {
  it('keeps entries per asset, oldest first', async () => {
    const asset = await store.createAsset(assetFields({ name: 'Audited', account_id: 40 }));
    await store.addAuditEntries([
      { event: 'second', event_datetime: 2_000, active_user_id: 3, active_user_name: 'b', affected_asset_id: asset.id },
      { event: 'first', event_datetime: 1_000, active_user_id: 3, active_user_name: 'b', affected_asset_id: asset.id },
      { event: 'third', event_datetime: 2_000, active_user_id: null, active_user_name: null, affected_asset_id: asset.id },
    ]);
    const entries = await store.listAuditEntries(asset.id);
    expect(entries.map((e) => e.event)).toEqual(['first', 'second', 'third']);
    expect(entries[2]).toMatchObject({ active_user_id: null, active_user_name: null, affected_asset_id: asset.id, event_datetime: 2000 });
  });
});
