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
import { numberOrNull, stored, toItem, type Codecs, type Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { ATTRIBUTES, NamedEntityItems, owner, pad } from './shared.js';

export const assetKey = (id: number) => ({ pk: `ASSET#${id}`, sk: 'ASSET' });
const assetNameKey = (name: string, parentId: number | null, accountId: number | null) => ({
  pk: parentId !== null ? `ASSETNAME#PARENT#${parentId}#${name}` : `ASSETNAME#ACCOUNT#${owner(accountId)}#${name}`,
  sk: 'ASSETNAME',
});
const sensorRefKey = (sensorId: number, assetId: number) => ({ pk: `SENSORREF#${sensorId}`, sk: `ASSET#${pad(assetId)}` });

/** The attributes of an asset item (FlexMeasures' field names: the layout of deployed tables). */
const ASSET_FIELDS: Codecs<Asset> = {
  id: stored('id', Number),
  name: stored('name', String),
  genericAssetTypeId: stored('generic_asset_type_id', Number),
  accountId: stored('account_id', numberOrNull),
  latitude: stored('latitude', numberOrNull),
  longitude: stored('longitude', numberOrNull),
  parentAssetId: stored('parent_asset_id', numberOrNull),
  attributes: ATTRIBUTES,
  consumptionPriceSensorId: stored('consumption_price_sensor_id', numberOrNull),
  productionPriceSensorId: stored('production_price_sensor_id', numberOrNull),
  inflexibleDeviceSensorIds: stored('inflexible_device_sensor_ids', (v) => ((v as unknown[] | undefined) ?? []).map(Number)),
};

function assetItem(asset: Asset): Item {
  return {
    ...assetKey(asset.id),
    gsi1pk: `ASSETS#ACCOUNT#${owner(asset.accountId)}`,
    gsi1sk: `ASSET#${pad(asset.id)}`,
    ...(asset.parentAssetId !== null
      ? { gsi2pk: `ASSETS#PARENT#${asset.parentAssetId}`, gsi2sk: `ASSET#${pad(asset.id)}` }
      : {}),
    ...toItem(asset, ASSET_FIELDS),
  };
}

/** The sensors an asset refers to (price sensors and inflexible device sensors). */
function referencedSensors(asset: Pick<Asset, 'consumptionPriceSensorId' | 'productionPriceSensorId' | 'inflexibleDeviceSensorIds'>): Set<number> {
  const ids = new Set<number>(asset.inflexibleDeviceSensorIds);
  if (asset.consumptionPriceSensorId !== null) ids.add(asset.consumptionPriceSensorId);
  if (asset.productionPriceSensorId !== null) ids.add(asset.productionPriceSensorId);
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
    const asset = this.entity(id, { ...fields, inflexibleDeviceSensorIds: [...fields.inflexibleDeviceSensorIds] });
    const nameKey = assetNameKey(asset.name, asset.parentAssetId, asset.accountId);
    await this.names.create(
      nameKey,
      id,
      () => new DuplicateNameError('asset', asset.name, asset.parentAssetId),
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
    const oldName = assetNameKey(current.name, current.parentAssetId, current.accountId);
    const newName = assetNameKey(next.name, next.parentAssetId, next.accountId);
    const rename =
      oldName.pk === newName.pk ? null : { from: oldName, to: newName, taken: () => new DuplicateNameError('asset', next.name, next.parentAssetId) };
    const before = referencedSensors(current);
    const after = referencedSensors(next);
    const set = this.encode(changes);
    const remove: string[] = [];
    if ('parentAssetId' in changes) {
      if (next.parentAssetId !== null) {
        set.gsi2pk = `ASSETS#PARENT#${next.parentAssetId}`;
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
    await this.names.release(assetNameKey(asset.name, asset.parentAssetId, asset.accountId), asset.id);
  }

  /** Assets referring to a sensor that is being deleted lose the reference (FlexMeasures: FK set null / link rows removed). */
  async forgetSensor(sensorId: number): Promise<void> {
    for (const ref of await this.table.partition(`SENSORREF#${sensorId}`)) {
      const asset = await this.get(Number(ref.assetId));
      if (asset) {
        const changes: AssetChanges = {};
        if (asset.consumptionPriceSensorId === sensorId) changes.consumptionPriceSensorId = null;
        if (asset.productionPriceSensorId === sensorId) changes.productionPriceSensorId = null;
        if (asset.inflexibleDeviceSensorIds.includes(sensorId)) {
          changes.inflexibleDeviceSensorIds = asset.inflexibleDeviceSensorIds.filter((s) => s !== sensorId);
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
