/**
 * The item layout of the asset side in the entity table is a persisted format: tables written by
 * a deployed version must stay readable, so the attribute names of asset, sensor, data source and
 * audit items are pinned here (whatever the domain calls the fields), both ways — what the adapter
 * writes, and that an item in that layout reads back as the domain object.
 */
import { describe, it, expect } from '@jest/globals';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAssetStore } from '../../../functions/stores/dynamodb/assets.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type AssetAuditEntry, type DataSource, type Sensor } from '../../../functions/core/assets/model.js';
import { useDynaliteForFile } from '../../helpers/dynamo.js';

const db = useDynaliteForFile();
const store = (): DynamoAssetStore => new DynamoAssetStore(db.options('entities'));
const table = () => db.tables.entities;

async function item(pk: string, sk: string): Promise<Record<string, unknown>> {
  const out = await db.client.send(new GetCommand({ TableName: table(), Key: { pk, sk } }));
  return out.Item!;
}

describe('asset-side item layout', () => {
  it('stores assets, sensors, data sources and audit entries under their attribute names', async () => {
    const market = await store().createAsset({
      name: 'Layout market', genericAssetTypeId: 9, accountId: null, latitude: null, longitude: null, parentAssetId: null,
      attributes: {}, consumptionPriceSensorId: null, productionPriceSensorId: null, inflexibleDeviceSensorIds: [],
    });
    const price = await store().createSensor({
      name: 'prices', unit: 'EUR/MWh', timezone: 'Europe/Amsterdam', eventResolution: 3_600_000,
      knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON, genericAssetId: market.id, accountId: null, attributes: { b: 1, a: 2 },
    });
    const site = await store().createAsset({
      name: 'Layout site', genericAssetTypeId: 5, accountId: 7, latitude: 52.5, longitude: 4.25, parentAssetId: market.id,
      attributes: { z: 1, a: [1] }, consumptionPriceSensorId: price.id, productionPriceSensorId: null, inflexibleDeviceSensorIds: [price.id],
    });

    expect(await item(`ASSET#${site.id}`, 'ASSET')).toEqual({
      pk: `ASSET#${site.id}`, sk: 'ASSET',
      gsi1pk: 'ASSETS#ACCOUNT#7', gsi1sk: `ASSET#${String(site.id).padStart(12, '0')}`,
      gsi2pk: `ASSETS#PARENT#${market.id}`, gsi2sk: `ASSET#${String(site.id).padStart(12, '0')}`,
      id: site.id, name: 'Layout site', generic_asset_type_id: 5, account_id: 7, latitude: 52.5, longitude: 4.25,
      parent_asset_id: market.id, attributes: '{"z":1,"a":[1]}', consumption_price_sensor_id: price.id,
      production_price_sensor_id: null, inflexible_device_sensor_ids: [price.id],
    });
    expect(await item(`SENSOR#${price.id}`, 'SENSOR')).toEqual({
      pk: `SENSOR#${price.id}`, sk: 'SENSOR',
      gsi1pk: `SENSORS#ASSET#${market.id}`, gsi1sk: `SENSOR#${String(price.id).padStart(12, '0')}`,
      gsi2pk: 'SENSORS#ACCOUNT#PUBLIC', gsi2sk: `SENSOR#${String(price.id).padStart(12, '0')}`,
      id: price.id, name: 'prices', unit: 'EUR/MWh', timezone: 'Europe/Amsterdam', event_resolution: 3_600_000,
      knowledge_horizon: JSON.stringify(DEFAULT_KNOWLEDGE_HORIZON), generic_asset_id: market.id, account_id: null, attributes: '{"b":1,"a":2}',
    });

    // A PATCH writes the changed fields under the same names.
    await store().updateAsset(site.id, { parentAssetId: null, productionPriceSensorId: price.id, inflexibleDeviceSensorIds: [], attributes: { q: 1 } });
    const patched = await item(`ASSET#${site.id}`, 'ASSET');
    expect(patched).toMatchObject({ parent_asset_id: null, production_price_sensor_id: price.id, inflexible_device_sensor_ids: [], attributes: '{"q":1}' });
    expect(patched).not.toHaveProperty('gsi2pk');
    await store().updateSensor(price.id, { eventResolution: 900_000, unit: 'EUR/kWh' });
    expect(await item(`SENSOR#${price.id}`, 'SENSOR')).toMatchObject({ event_resolution: 900_000, unit: 'EUR/kWh' });

    const source = await store().getOrCreateUserSource({ id: 42, username: 'layout user', accountId: 7 });
    expect(await item(`SOURCE#${source.id}`, 'SOURCE')).toEqual({
      pk: `SOURCE#${source.id}`, sk: 'SOURCE', gsi1pk: 'SOURCES', gsi1sk: `SOURCE#${String(source.id).padStart(12, '0')}`,
      id: source.id, name: 'layout user', type: 'user', model: null, version: null, account_id: 7, user_id: 42, attributes: '{}',
    });

    const [entry] = await store().addAuditEntries([
      { event: 'Layout event', eventDatetime: 1_700_000_000_000, activeUserId: 42, activeUserName: 'layout user', affectedAssetId: site.id },
    ]);
    const audit = await db.client.send(
      new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ASSETAUDIT#${site.id}` } }),
    );
    expect(audit.Items).toEqual([
      {
        pk: `ASSETAUDIT#${site.id}`, sk: `001700000000000#${String(entry!.id).padStart(12, '0')}`,
        id: entry!.id, event: 'Layout event', event_datetime: 1_700_000_000_000, active_user_id: 42, active_user_name: 'layout user', affected_asset_id: site.id,
      },
    ]);
    // Deleting the asset detaches its trail in place.
    await store().deleteAssetTree((await store().collectAssetTree(site.id))!);
    const detached = await db.client.send(
      new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ASSETAUDIT#${site.id}` } }),
    );
    expect(detached.Items?.map((i) => i.affected_asset_id)).toEqual([null]);
  });

  it('reads items written in that layout back as domain objects', async () => {
    const put = (Item: Record<string, unknown>) => db.client.send(new PutCommand({ TableName: table(), Item }));
    await put({
      pk: 'ASSET#900001', sk: 'ASSET', gsi1pk: 'ASSETS#ACCOUNT#8', gsi1sk: 'ASSET#000000900001',
      id: 900001, name: 'Stored asset', generic_asset_type_id: 5, account_id: 8, latitude: 1.5, longitude: null, parent_asset_id: null,
      attributes: '{"k":"v"}', consumption_price_sensor_id: 900002, production_price_sensor_id: null, inflexible_device_sensor_ids: [900002],
    });
    await put({
      pk: 'SENSOR#900002', sk: 'SENSOR', gsi1pk: 'SENSORS#ASSET#900001', gsi1sk: 'SENSOR#000000900002',
      id: 900002, name: 'Stored sensor', unit: 'kW', timezone: 'UTC', event_resolution: 900_000,
      knowledge_horizon: '{"fnc":"ex_ante","par":{"ex_ante_horizon":"PT1H"}}', generic_asset_id: 900001, account_id: 8, attributes: '{}',
    });
    await put({ pk: 'SOURCE#900003', sk: 'SOURCE', id: 900003, name: 'Stored source', type: 'forecaster', model: 'm', version: '1', account_id: 8, user_id: null, attributes: '{"x":1}' });
    await put({
      pk: 'ASSETAUDIT#900001', sk: '001000000000000#000000900004',
      id: 900004, event: 'Stored event', event_datetime: 1_000_000_000_000, active_user_id: null, active_user_name: null, affected_asset_id: 900001,
    });

    const asset: Asset = {
      id: 900001, name: 'Stored asset', genericAssetTypeId: 5, accountId: 8, latitude: 1.5, longitude: null, parentAssetId: null,
      attributes: { k: 'v' }, consumptionPriceSensorId: 900002, productionPriceSensorId: null, inflexibleDeviceSensorIds: [900002],
    };
    const sensor: Sensor = {
      id: 900002, name: 'Stored sensor', unit: 'kW', timezone: 'UTC', eventResolution: 900_000,
      knowledgeHorizon: { fnc: 'ex_ante', par: { ex_ante_horizon: 'PT1H' } }, genericAssetId: 900001, accountId: 8, attributes: {},
    };
    const source: DataSource = { id: 900003, name: 'Stored source', type: 'forecaster', model: 'm', version: '1', accountId: 8, userId: null, attributes: { x: 1 } };
    const entry: AssetAuditEntry = { id: 900004, event: 'Stored event', eventDatetime: 1_000_000_000_000, activeUserId: null, activeUserName: null, affectedAssetId: 900001 };
    expect(await store().getAsset(900001)).toEqual(asset);
    expect(await store().getSensor(900002)).toEqual(sensor);
    expect(await store().getDataSource(900003)).toEqual(source);
    expect(await store().listAuditEntries(900001)).toEqual([entry]);
    expect(await store().listSensorsByAsset(900001)).toEqual([sensor]);
  });
});
