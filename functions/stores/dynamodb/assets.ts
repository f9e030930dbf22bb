/**
 * DynamoDB adapter of the AssetStore port (entity table, single-table design): one class that
 * composes the five aggregates, each in its own file under `assets/` — asset types, assets (and
 * the trees they form), sensors, data sources and the asset audit log.
 *
 * Items (every key value is prefixed with its kind):
 * | item | pk | sk | gsi1 (pk / sk) | gsi2 (pk / sk) |
 * |---|---|---|---|---|
 * | asset type | `ASSETTYPE#<id>` | `ASSETTYPE` | `ASSETTYPES` / `ASSETTYPE#<id>` | |
 * | asset type name marker | `ASSETTYPENAME#<name>` | `ASSETTYPENAME` | | |
 * | asset | `ASSET#<id>` | `ASSET` | `ASSETS#ACCOUNT#<account or PUBLIC>` / `ASSET#<id>` | `ASSETS#PARENT#<parent>` / `ASSET#<id>` (children only) |
 * | asset name marker | `ASSETNAME#PARENT#<parent>#<name>` or, top level, `ASSETNAME#ACCOUNT#<account or PUBLIC>#<name>` | `ASSETNAME` | | |
 * | sensor | `SENSOR#<id>` | `SENSOR` | `SENSORS#ASSET#<asset>` / `SENSOR#<id>` | `SENSORS#ACCOUNT#<account or PUBLIC>` / `SENSOR#<id>` |
 * | sensor name marker | `SENSORNAME#<asset>#<name>` | `SENSORNAME` | | |
 * | sensor reference (asset → sensor, for clearing on delete) | `SENSORREF#<sensor>` | `ASSET#<asset>` | | |
 * | data source | `SOURCE#<id>` | `SOURCE` | `SOURCES` / `SOURCE#<id>` | |
 * | data source identity marker | `SOURCEKEY#USER#<user>` or `SOURCEKEY#<sha256 of identity>` | `SOURCEKEY` | | |
 * | asset audit entry | `ASSETAUDIT#<asset>` | `<epoch ms>#<id>` | | |
 * | seed marker of the default asset types | `ASSETTYPE#SEED` | `<names hash>` | | |
 *
 * Ids in sort keys are zero-padded so that they sort numerically. Uniqueness uses conditional
 * puts of marker items (no transactions: dynalite has none); every multi-item write is ordered so
 * that an interruption leaves nothing visible that is wrong (at worst an unused marker or id).
 */
import type { AssetChanges, SensorChanges } from '../../core/assets/audit.js';
import type {
  Asset,
  AssetAuditEntry,
  AssetFields,
  AssetType,
  Attributes,
  DataSource,
  DataSourceFields,
  Sensor,
  SensorFields,
} from '../../core/assets/model.js';
import type { AssetStore, AssetTree, NewAuditEntry, SourceUser } from '../../core/ports/assets.js';
import { AssetAuditItems } from './assets/audit.js';
import { AssetItems } from './assets/assets.js';
import { SensorItems } from './assets/sensors.js';
import { SourceItems } from './assets/sources.js';
import { AssetTypeItems } from './assets/types.js';
import { ENTITY_TABLE } from './tables.js';
import { DynamoTable, type TableOptions } from './toolkit.js';

export class DynamoAssetStore implements AssetStore {
  private readonly types: AssetTypeItems;
  private readonly assets: AssetItems;
  private readonly sensors: SensorItems;
  private readonly sources: SourceItems;
  private readonly audit: AssetAuditItems;

  constructor(options: TableOptions = {}) {
    const table = new DynamoTable(ENTITY_TABLE, options);
    this.types = new AssetTypeItems(table);
    this.assets = new AssetItems(table);
    this.sensors = new SensorItems(table);
    this.sources = new SourceItems(table);
    this.audit = new AssetAuditItems(table);
  }

  // ---------------------------------------------------------------- asset types

  ensureDefaultAssetTypes(): Promise<void> {
    return this.types.ensureDefaults();
  }

  listAssetTypes(): Promise<AssetType[]> {
    return this.types.list();
  }

  getAssetType(id: number): Promise<AssetType | null> {
    return this.types.get(id);
  }

  getAssetTypeByName(name: string): Promise<AssetType | null> {
    return this.types.getByName(name);
  }

  createAssetType(fields: { name: string; description: string | null }): Promise<AssetType> {
    return this.types.create(fields);
  }

  // ---------------------------------------------------------------- assets

  getAsset(id: number): Promise<Asset | null> {
    return this.assets.get(id);
  }

  getAssets(ids: readonly number[]): Promise<Map<number, Asset>> {
    return this.assets.getMany(ids);
  }

  listAssetsByAccount(accountId: number | null): Promise<Asset[]> {
    return this.assets.listByAccount(accountId);
  }

  listChildAssets(parentId: number): Promise<Asset[]> {
    return this.assets.listChildren(parentId);
  }

  createAsset(fields: AssetFields): Promise<Asset> {
    return this.assets.create(fields);
  }

  updateAsset(id: number, changes: AssetChanges): Promise<Asset> {
    return this.assets.update(id, changes);
  }

  async collectAssetTree(id: number): Promise<AssetTree | null> {
    const root = await this.assets.get(id);
    if (!root) return null;
    const assets: Asset[] = [];
    const visit = async (asset: Asset, seen: Set<number>) => {
      seen.add(asset.id);
      for (const child of await this.assets.listChildren(asset.id)) {
        if (!seen.has(child.id)) await visit(child, seen);
      }
      assets.push(asset); // children before parents
    };
    await visit(root, new Set());
    const sensors = (await Promise.all(assets.map((a) => this.sensors.listByAsset(a.id)))).flat();
    return { assets, sensors };
  }

  async deleteAssetTree(tree: AssetTree): Promise<void> {
    for (const sensor of tree.sensors) await this.deleteSensor(sensor);
    for (const asset of tree.assets) {
      await this.assets.delete(asset);
      // The asset's audit trail stays, detached (FlexMeasures: affected_asset_id set null).
      await this.audit.detach(asset.id);
    }
  }

  // ---------------------------------------------------------------- sensors

  getSensor(id: number): Promise<Sensor | null> {
    return this.sensors.get(id);
  }

  getSensors(ids: readonly number[]): Promise<Map<number, Sensor>> {
    return this.sensors.getMany(ids);
  }

  listSensorsByAsset(assetId: number): Promise<Sensor[]> {
    return this.sensors.listByAsset(assetId);
  }

  listSensorsByAccount(accountId: number | null): Promise<Sensor[]> {
    return this.sensors.listByAccount(accountId);
  }

  createSensor(fields: SensorFields): Promise<Sensor> {
    return this.sensors.create(fields);
  }

  updateSensor(id: number, changes: SensorChanges): Promise<Sensor> {
    return this.sensors.update(id, changes);
  }

  async deleteSensor(sensor: Sensor): Promise<void> {
    // Assets referring to the sensor lose the reference first (FlexMeasures: FK set null / link rows removed).
    await this.assets.forgetSensor(sensor.id);
    await this.sensors.delete(sensor);
  }

  // ---------------------------------------------------------------- data sources

  getDataSource(id: number): Promise<DataSource | null> {
    return this.sources.get(id);
  }

  getDataSources(ids: readonly number[]): Promise<Map<number, DataSource>> {
    return this.sources.getMany(ids);
  }

  listDataSources(): Promise<DataSource[]> {
    return this.sources.list();
  }

  getOrCreateUserSource(user: SourceUser): Promise<DataSource> {
    return this.sources.getOrCreateForUser(user);
  }

  getOrCreateSource(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: Attributes }): Promise<DataSource> {
    return this.sources.getOrCreate(fields);
  }

  // ---------------------------------------------------------------- audit log

  addAuditEntries(entries: readonly NewAuditEntry[]): Promise<AssetAuditEntry[]> {
    return this.audit.add(entries);
  }

  listAuditEntries(assetId: number): Promise<AssetAuditEntry[]> {
    return this.audit.list(assetId);
  }

  listAuditEntriesOfFormerAsset(assetId: number): Promise<AssetAuditEntry[]> {
    return this.audit.listOfFormerAsset(assetId);
  }
}
