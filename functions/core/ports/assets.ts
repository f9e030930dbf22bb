/**
 * Port of the asset side of the entity store: generic asset types, assets, sensors, data sources
 * and the asset audit log (docs/contract/api.md §9.1, §9.2, §9.5, §9.6). Independent of DynamoDB; the adapter
 * is `stores/dynamodb/assets.ts`.
 *
 * Uniqueness rules are enforced by the store and reported as `DuplicateNameError` (a 422 for the
 * API, never a 500 — decision 0016): sensor names per asset; asset names per parent asset, and per
 * account among top-level assets; asset type names.
 */
import type {
  Asset,
  AssetAuditEntry,
  AssetFields,
  AssetType,
  DataSource,
  DataSourceFields,
  Sensor,
  SensorFields,
} from '../assets/model.js';
import type { AssetChanges, SensorChanges } from '../assets/audit.js';

/** A name that is already taken where it must be unique. Nothing was written. */
export class DuplicateNameError extends Error {
  override readonly name = 'DuplicateNameError';
  constructor(
    readonly kind: 'asset' | 'sensor' | 'asset-type',
    readonly entityName: string,
    /** Asset: the parent id (null at the top level); sensor: the asset id. */
    readonly scope: number | null,
  ) {
    super(`duplicate ${kind} name ${JSON.stringify(entityName)}`);
  }
}

/** The entity to change does not exist (any more). Nothing was written. */
export class MissingAssetEntityError extends Error {
  override readonly name = 'MissingAssetEntityError';
  constructor(
    readonly kind: 'asset' | 'sensor' | 'asset-type' | 'data-source',
    readonly id: number,
  ) {
    super(`${kind} ${id} does not exist`);
  }
}

/** A new asset audit log entry (id and time are given by the store and the caller). */
export interface NewAuditEntry {
  event: string;
  /** Epoch ms. */
  eventDatetime: number;
  activeUserId: number | null;
  activeUserName: string | null;
  affectedAssetId: number;
}

/** Who a user's data source belongs to. */
export interface SourceUser {
  id: number;
  username: string;
  accountId: number | null;
}

/** The key and fields of a user's own data source (FlexMeasures names it after the user). */
export function userSource(user: SourceUser): { key: string; fields: DataSourceFields } {
  return {
    key: `USER#${user.id}`,
    fields: { name: user.username, type: 'user', model: null, version: null, accountId: user.accountId, userId: user.id, attributes: {} },
  };
}

/** An asset with everything below it, collected before a cascading delete. */
export interface AssetTree {
  /** The asset and all its descendants, children before parents (the order of deletion). */
  assets: Asset[];
  /** All sensors on those assets. */
  sensors: Sensor[];
}

export interface AssetStore {
  // ---------------------------------------------------------------- asset types
  /** Adds the default asset types that are missing (idempotent; safe to run concurrently). */
  ensureDefaultAssetTypes(): Promise<void>;
  listAssetTypes(): Promise<AssetType[]>;
  getAssetType(id: number): Promise<AssetType | null>;
  getAssetTypeByName(name: string): Promise<AssetType | null>;
  /** Throws DuplicateNameError when the name exists. */
  createAssetType(fields: { name: string; description: string | null }): Promise<AssetType>;

  // ---------------------------------------------------------------- assets
  getAsset(id: number): Promise<Asset | null>;
  /** The assets among `ids` that exist. */
  getAssets(ids: readonly number[]): Promise<Map<number, Asset>>;
  /** The assets owned by an account (null: the public assets), by id. */
  listAssetsByAccount(accountId: number | null): Promise<Asset[]>;
  /** Direct children of an asset, by id. */
  listChildAssets(parentId: number): Promise<Asset[]>;
  /** Throws DuplicateNameError on a name clash. */
  createAsset(fields: AssetFields): Promise<Asset>;
  /**
   * Applies the given changes (only those; decision 0009). Throws DuplicateNameError on a name clash,
   * MissingAssetEntityError if the asset is gone. Returns the updated asset.
   */
  updateAsset(id: number, changes: AssetChanges): Promise<Asset>;
  /** The asset and its descendants and their sensors (null when the asset does not exist). */
  collectAssetTree(id: number): Promise<AssetTree | null>;
  /**
   * Deletes the collected assets and sensors (children first), their name markers and their
   * references from other assets (price sensors and inflexible sensors are cleared); audit entries
   * of deleted assets stay, with `affectedAssetId` set to null.
   */
  deleteAssetTree(tree: AssetTree): Promise<void>;

  // ---------------------------------------------------------------- sensors
  getSensor(id: number): Promise<Sensor | null>;
  getSensors(ids: readonly number[]): Promise<Map<number, Sensor>>;
  listSensorsByAsset(assetId: number): Promise<Sensor[]>;
  /** Sensors on the assets of an account (null: on public assets), by id. */
  listSensorsByAccount(accountId: number | null): Promise<Sensor[]>;
  /** Throws DuplicateNameError when the asset has a sensor of that name. */
  createSensor(fields: SensorFields): Promise<Sensor>;
  /** Throws DuplicateNameError / MissingAssetEntityError. */
  updateSensor(id: number, changes: SensorChanges): Promise<Sensor>;
  /** Deletes the sensor and its name marker and clears references to it from assets. */
  deleteSensor(sensor: Sensor): Promise<void>;

  // ---------------------------------------------------------------- data sources
  getDataSource(id: number): Promise<DataSource | null>;
  getDataSources(ids: readonly number[]): Promise<Map<number, DataSource>>;
  listDataSources(): Promise<DataSource[]>;
  /** The data source of a user (type `user`, name = username), created on first use. */
  getOrCreateUserSource(user: SourceUser): Promise<DataSource>;
  /**
   * The source with exactly these name, type, model, version, user and account (e.g. the
   * scheduler's `Seita`/`scheduler`/`StorageScheduler`/`3`), created on first use.
   */
  getOrCreateSource(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: DataSourceFields['attributes'] }): Promise<DataSource>;

  // ---------------------------------------------------------------- audit log
  addAuditEntries(entries: readonly NewAuditEntry[]): Promise<AssetAuditEntry[]>;
  /** Entries of an asset, oldest first. */
  listAuditEntries(assetId: number): Promise<AssetAuditEntry[]>;
  /** Entries once written for an asset, including after its deletion (then with `affectedAssetId` null). */
  listAuditEntriesOfFormerAsset(assetId: number): Promise<AssetAuditEntry[]>;
}

/**
 * Deletes all beliefs (time series data) of a sensor. Implemented by the belief store; called for
 * every sensor before the sensor itself is deleted, so a failure leaves the sensor in place and
 * the delete can be retried.
 */
export interface SensorDataPurger {
  deleteSensorData(sensorId: number): Promise<void>;
}
