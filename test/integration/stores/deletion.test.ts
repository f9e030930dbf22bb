/**
 * Deletes across the two stores: a sensor's beliefs are purged (through the belief-store seam)
 * before the sensor goes, for a single sensor and for every sensor of a deleted asset tree; a
 * failing purge leaves everything in place so that the DELETE can be retried.
 */
import { describe, it, expect } from '@jest/globals';
import { useDynaliteForFile } from '../../helpers/dynamo.js';
import { DynamoAssetStore } from '../../../functions/stores/dynamodb/assets.js';
import { deleteAssetTreeWithData, deleteSensorWithData } from '../../../functions/app/deletion.js';
import type { SensorDataPurger } from '../../../functions/core/ports/assets.js';
import { DEFAULT_KNOWLEDGE_HORIZON, withAssetDefaults, type Asset } from '../../../functions/core/assets/model.js';

const db = useDynaliteForFile();
const store = new DynamoAssetStore(db.options('entities'));

/** A purger that records calls and checks the sensor still exists when its beliefs are purged. */
function recordingPurger(failOn?: number): SensorDataPurger & { purged: number[] } {
  const purged: number[] = [];
  return {
    purged,
    async deleteSensorData(sensorId) {
      expect(await store.getSensor(sensorId)).not.toBeNull();
      if (sensorId === failOn) throw new Error('belief store unavailable');
      purged.push(sensorId);
    },
  };
}

const asset = (name: string, parent: number | null = null) =>
  store.createAsset(withAssetDefaults({ name, generic_asset_type_id: 1, account_id: 1, parent_asset_id: parent }));
const sensor = (a: Asset, name: string) =>
  store.createSensor({
    name,
    unit: 'MW',
    timezone: 'UTC',
    event_resolution: 900_000,
    knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
    generic_asset_id: a.id,
    account_id: a.account_id,
    attributes: {},
  });

describe('deleting with data', () => {
  it('purges a sensor’s beliefs first, then deletes the sensor; a failed purge keeps the sensor', async () => {
    const a = await asset('one');
    const s = await sensor(a, 'power');
    await expect(deleteSensorWithData({ assets: store, beliefs: recordingPurger(s.id) }, s)).rejects.toThrow('belief store unavailable');
    expect(await store.getSensor(s.id)).not.toBeNull();
    const purger = recordingPurger();
    await deleteSensorWithData({ assets: store, beliefs: purger }, s);
    expect(purger.purged).toEqual([s.id]);
    expect(await store.getSensor(s.id)).toBeNull();
  });

  it('purges every sensor of an asset tree before deleting the tree', async () => {
    const root = await asset('root');
    const child = await asset('child', root.id);
    const s1 = await sensor(root, 'a');
    const s2 = await sensor(child, 'b');
    const tree = (await store.collectAssetTree(root.id))!;
    await expect(deleteAssetTreeWithData({ assets: store, beliefs: recordingPurger(s2.id) }, tree)).rejects.toThrow();
    expect(await store.getAsset(child.id)).not.toBeNull();
    expect(await store.getSensor(s1.id)).not.toBeNull();
    const purger = recordingPurger();
    await deleteAssetTreeWithData({ assets: store, beliefs: purger }, tree);
    expect(purger.purged.sort((x, y) => x - y)).toEqual([s1.id, s2.id]);
    expect(await store.getAsset(root.id)).toBeNull();
    expect(await store.getAsset(child.id)).toBeNull();
    expect(await store.getSensor(s2.id)).toBeNull();
  });
});
