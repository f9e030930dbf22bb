/**
 * Assets in the entity table: `ASSET#<id>` (gsi1: by account, `ASSETS#ACCOUNT#<account or
 * PUBLIC>`; gsi2: children by parent, `ASSETS#PARENT#<parent>`), a unique-name marker per parent
 * (or per account at the top level), and a reference item `SENSORREF#<sensor>` / `ASSET#<asset>`
 * per sensor an asset refers to (price and inflexible device sensors), so that deleting a sensor
 * finds the assets to clear without a scan.
 */
import { PATCHABLE_ASSET_FIELDS, type AssetChanges } from '../../../core/assets/audit.js';
import type { Asset, AssetFields } from '../../../core/assets/model.js';
import { DuplicateNameError, MissingAssetEntityError } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import { numberOrNull, type Decoders, type Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { NamedEntityItems, owner, pad, parseJsonObject, storedChanges } from './shared.js';

export const assetKey = (id: number) => ({ pk: `ASSET#${id}`, sk: 'ASSET' });
const assetNameKey = (name: string, parentId: number | null, accountId: number | null) => ({
  pk: parentId !== null ? `ASSETNAME#PARENT#${parentId}#${name}` : `ASSETNAME#ACCOUNT#${owner(accountId)}#${name}`,
  sk: 'ASSETNAME',
});
const sensorRefKey = (sensorId: number, assetId: number) => ({ pk: `SENSORREF#${sensorId}`, sk: `ASSET#${pad(assetId)}` });

const ASSET_FIELDS: Decoders<Asset> = {
  id: Number, name: String, generic_asset_type_id: Number, account_id: numberOrNull, latitude: numberOrNull, longitude: numberOrNull,
  // `attributes` is stored as JSON text, so that key order survives (DynamoDB maps do not keep it).
  parent_asset_id: numberOrNull, attributes: parseJsonObject,
  consumption_price_sensor_id: numberOrNull, production_price_sensor_id: numberOrNull,
  inflexible_device_sensor_ids: (v) => ((v as unknown[] | undefined) ?? []).map(Number),
};

function assetItem(asset: Asset): Item {
  return {
    ...assetKey(asset.id),
    gsi1pk: `ASSETS#ACCOUNT#${owner(asset.account_id)}`,
    gsi1sk: `ASSET#${pad(asset.id)}`,
    ...(asset.parent_asset_id !== null
      ? { gsi2pk: `ASSETS#PARENT#${asset.parent_asset_id}`, gsi2sk: `ASSET#${pad(asset.id)}` }
      : {}),
    ...asset,
    attributes: JSON.stringify(asset.attributes),
  };
}

/** The sensors an asset refers to (price sensors and inflexible device sensors). */
function referencedSensors(asset: Pick<Asset, 'consumption_price_sensor_id' | 'production_price_sensor_id' | 'inflexible_device_sensor_ids'>): Set<number> {
  const ids = new Set<number>(asset.inflexible_device_sensor_ids);
  if (asset.consumption_price_sensor_id !== null) ids.add(asset.consumption_price_sensor_id);
  if (asset.production_price_sensor_id !== null) ids.add(asset.production_price_sensor_id);
  return ids;
}

export class AssetItems extends NamedEntityItems<Asset> {
  constructor(table: DynamoTable) {
    super(table, 'asset', assetKey, ASSET_FIELDS);
  }

  listByAccount(accountId: number | null): Promise<Asset[]> {
    return this.listed('gsi1', `ASSETS#ACCOUNT#${owner(accountId)}`);
  }

  listChildren(parentId: number): Promise<Asset[]> {
    return this.listed('gsi2', `ASSETS#PARENT#${parentId}`);
  }

  async create(fields: AssetFields): Promise<Asset> {
    const id = await nextId(this.table, 'asset');
    const asset = this.entity(id, { ...fields, inflexible_device_sensor_ids: [...fields.inflexible_device_sensor_ids] });
    const nameKey = assetNameKey(asset.name, asset.parent_asset_id, asset.account_id);
    await this.names.create(
      nameKey,
      id,
      () => new DuplicateNameError('asset', asset.name, asset.parent_asset_id),
      async () => {
        await this.writeSensorRefs(id, new Set(), referencedSensors(asset));
        await this.table.put(assetItem(asset));
      },
      // A failed create leaves no references of an asset that does not exist.
      () => this.deleteSensorRefs(id, [...referencedSensors(asset)]),
    );
    return asset;
  }

  async update(id: number, requested: AssetChanges): Promise<Asset> {
    const { current, next, changes } = await this.patchOf(id, requested, PATCHABLE_ASSET_FIELDS);
    const oldName = assetNameKey(current.name, current.parent_asset_id, current.account_id);
    const newName = assetNameKey(next.name, next.parent_asset_id, next.account_id);
    const rename =
      oldName.pk === newName.pk ? null : { from: oldName, to: newName, taken: () => new DuplicateNameError('asset', next.name, next.parent_asset_id) };
    const before = referencedSensors(current);
    const after = referencedSensors(next);
    const set = storedChanges(changes);
    const remove: string[] = [];
    if ('parent_asset_id' in changes) {
      if (next.parent_asset_id !== null) {
        set.gsi2pk = `ASSETS#PARENT#${next.parent_asset_id}`;
        set.gsi2sk = `ASSET#${pad(id)}`;
      } else {
        remove.push('gsi2pk', 'gsi2sk');
      }
    }
    await this.names.patch(id, { set, remove }, rename, () => this.writeSensorRefs(id, before, after));
    // Stale references are harmless (clearing re-reads the asset); remove them after the update.
    await this.deleteSensorRefs(id, [...before].filter((s) => !after.has(s)));
    return next;
  }

  /** Deletes one asset: its sensor references, its item, then its name. */
  async delete(asset: Asset): Promise<void> {
    await this.deleteSensorRefs(asset.id, [...referencedSensors(asset)]);
    await this.table.delete(assetKey(asset.id));
    await this.names.release(assetNameKey(asset.name, asset.parent_asset_id, asset.account_id), asset.id);
  }

  /** Assets referring to a sensor that is being deleted lose the reference (FlexMeasures: FK set null / link rows removed). */
  async forgetSensor(sensorId: number): Promise<void> {
    for (const ref of await this.table.partition(`SENSORREF#${sensorId}`)) {
      const asset = await this.get(Number(ref.assetId));
      if (asset) {
        const changes: AssetChanges = {};
        if (asset.consumption_price_sensor_id === sensorId) changes.consumption_price_sensor_id = null;
        if (asset.production_price_sensor_id === sensorId) changes.production_price_sensor_id = null;
        if (asset.inflexible_device_sensor_ids.includes(sensorId)) {
          changes.inflexible_device_sensor_ids = asset.inflexible_device_sensor_ids.filter((s) => s !== sensorId);
        }
        if (Object.keys(changes).length) {
          try {
            await this.update(asset.id, changes);
          } catch (err) {
            if (!(err instanceof MissingAssetEntityError)) throw err;
          }
        }
      }
      await this.table.delete({ pk: String(ref.pk), sk: String(ref.sk) });
    }
  }

  private async writeSensorRefs(assetId: number, before: Set<number>, after: Set<number>): Promise<void> {
    await Promise.all(
      [...after].filter((s) => !before.has(s)).map((s) => this.table.put({ ...sensorRefKey(s, assetId), assetId })),
    );
  }

  private async deleteSensorRefs(assetId: number, sensorIds: number[]): Promise<void> {
    await Promise.all(sensorIds.map((s) => this.table.delete(sensorRefKey(s, assetId))));
  }
}
