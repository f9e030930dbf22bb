/**
 * An in-memory AssetStore for use-case tests: the port's rules without DynamoDB — ids counted from
 * 1 (the default asset types take 1…n, in their seed order), listings in id order, unique names
 * (sensors per asset; assets per parent, or per account at the top level; asset types), deletes
 * that clear references to deleted sensors and detach the audit trail of deleted assets, and data
 * sources found again by their identity. Values are copied in and out, as a real store would.
 */
import { DEFAULT_ASSET_TYPES } from '../../functions/core/assets/asset-types.js';
import type { AssetChanges, SensorChanges } from '../../functions/core/assets/audit.js';
import { PATCHABLE_ASSET_FIELDS, PATCHABLE_SENSOR_FIELDS } from '../../functions/core/assets/audit.js';
import type { Asset, AssetAuditEntry, AssetFields, AssetType, DataSource, DataSourceFields, Sensor, SensorFields } from '../../functions/core/assets/model.js';
import {
  DuplicateNameError,
  MissingAssetEntityError,
  type AssetStore,
  type AssetTree,
  type NewAuditEntry,
  type SourceUser,
  userSource,
} from '../../functions/core/ports/assets.js';

const copy = <T>(value: T): T => structuredClone(value);
const byId = <T extends { id: number }>(items: Iterable<T>): T[] => [...items].sort((a, b) => a.id - b.id).map(copy);

function pick<T extends object>(changes: T, fields: readonly string[]): T {
  return Object.fromEntries(Object.entries(changes).filter(([k, v]) => fields.includes(k) && v !== undefined)) as T;
}

/** JSON with sorted keys, so that equal attributes give one identity. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export class InMemoryAssetStore implements AssetStore {
  readonly types = new Map<number, AssetType>();
  readonly assets = new Map<number, Asset>();
  readonly sensors = new Map<number, Sensor>();
  readonly sources = new Map<number, DataSource>();
  /** Audit entries with the asset they were written for (kept when the asset is deleted). */
  readonly audit: { writtenFor: number; entry: AssetAuditEntry }[] = [];
  private readonly counters = new Map<string, number>();
  private readonly sourceKeys = new Map<string, number>();

  private nextId(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }

  // ---------------------------------------------------------------- asset types

  async ensureDefaultAssetTypes(): Promise<void> {
    // The defaults keep ids 1…n; a type created before the seeding moves past them, as in DynamoDB.
    this.counters.set('asset-type', Math.max(this.counters.get('asset-type') ?? 0, DEFAULT_ASSET_TYPES.length));
    for (const [index, seed] of DEFAULT_ASSET_TYPES.entries()) {
      if ([...this.types.values()].some((t) => t.name === seed.name)) continue;
      const taken = this.types.get(index + 1);
      if (taken) {
        this.types.delete(taken.id);
        const moved = { ...taken, id: this.nextId('asset-type') };
        this.types.set(moved.id, moved);
      }
      this.types.set(index + 1, { id: index + 1, name: seed.name, description: seed.description });
    }
  }

  async listAssetTypes(): Promise<AssetType[]> {
    return byId(this.types.values());
  }

  async getAssetType(id: number): Promise<AssetType | null> {
    return copy(this.types.get(id) ?? null);
  }

  async getAssetTypeByName(name: string): Promise<AssetType | null> {
    return copy([...this.types.values()].find((t) => t.name === name) ?? null);
  }

  async createAssetType(fields: { name: string; description: string | null }): Promise<AssetType> {
    if (await this.getAssetTypeByName(fields.name)) throw new DuplicateNameError('asset-type', fields.name, null);
    let id = this.nextId('asset-type');
    while (this.types.has(id)) id = this.nextId('asset-type');
    const type = { id, name: fields.name, description: fields.description };
    this.types.set(id, type);
    return copy(type);
  }

  // ---------------------------------------------------------------- assets

  async getAsset(id: number): Promise<Asset | null> {
    return copy(this.assets.get(id) ?? null);
  }

  async getAssets(ids: readonly number[]): Promise<Map<number, Asset>> {
    return new Map(ids.filter((id) => this.assets.has(id)).map((id) => [id, copy(this.assets.get(id)!)]));
  }

  async listAssetsByAccount(accountId: number | null): Promise<Asset[]> {
    return byId([...this.assets.values()].filter((a) => a.accountId === accountId));
  }

  async listChildAssets(parentId: number): Promise<Asset[]> {
    return byId([...this.assets.values()].filter((a) => a.parentAssetId === parentId));
  }

  /** Whether another asset has this name in the same scope (the parent, or the account at the top level). */
  private assetNameTaken(asset: Pick<Asset, 'name' | 'parentAssetId' | 'accountId'>, except?: number): boolean {
    return [...this.assets.values()].some(
      (a) =>
        a.id !== except &&
        a.name === asset.name &&
        a.parentAssetId === asset.parentAssetId &&
        (asset.parentAssetId !== null || a.accountId === asset.accountId),
    );
  }

  async createAsset(fields: AssetFields): Promise<Asset> {
    if (this.assetNameTaken(fields)) throw new DuplicateNameError('asset', fields.name, fields.parentAssetId);
    const asset: Asset = { ...copy(fields), id: this.nextId('asset') };
    this.assets.set(asset.id, asset);
    return copy(asset);
  }

  async updateAsset(id: number, requested: AssetChanges): Promise<Asset> {
    const current = this.assets.get(id);
    if (!current) throw new MissingAssetEntityError('asset', id);
    const next: Asset = { ...current, ...copy(pick(requested, PATCHABLE_ASSET_FIELDS)) };
    if ((next.name !== current.name || next.parentAssetId !== current.parentAssetId) && this.assetNameTaken(next, id)) {
      throw new DuplicateNameError('asset', next.name, next.parentAssetId);
    }
    this.assets.set(id, next);
    return copy(next);
  }

  async collectAssetTree(id: number): Promise<AssetTree | null> {
    const root = this.assets.get(id);
    if (!root) return null;
    const assets: Asset[] = [];
    const visit = (asset: Asset, seen: Set<number>) => {
      seen.add(asset.id);
      for (const child of byId([...this.assets.values()].filter((a) => a.parentAssetId === asset.id))) {
        if (!seen.has(child.id)) visit(child, seen);
      }
      assets.push(copy(asset)); // children before parents
    };
    visit(root, new Set());
    const sensors = assets.flatMap((a) => byId([...this.sensors.values()].filter((s) => s.genericAssetId === a.id)));
    return { assets, sensors };
  }

  async deleteAssetTree(tree: AssetTree): Promise<void> {
    for (const sensor of tree.sensors) await this.deleteSensor(sensor);
    for (const asset of tree.assets) {
      this.assets.delete(asset.id);
      for (const { entry } of this.audit) if (entry.affectedAssetId === asset.id) entry.affectedAssetId = null;
    }
  }

  // ---------------------------------------------------------------- sensors

  async getSensor(id: number): Promise<Sensor | null> {
    return copy(this.sensors.get(id) ?? null);
  }

  async getSensors(ids: readonly number[]): Promise<Map<number, Sensor>> {
    return new Map(ids.filter((id) => this.sensors.has(id)).map((id) => [id, copy(this.sensors.get(id)!)]));
  }

  async listSensorsByAsset(assetId: number): Promise<Sensor[]> {
    return byId([...this.sensors.values()].filter((s) => s.genericAssetId === assetId));
  }

  async listSensorsByAccount(accountId: number | null): Promise<Sensor[]> {
    return byId([...this.sensors.values()].filter((s) => s.accountId === accountId));
  }

  private sensorNameTaken(assetId: number, name: string, except?: number): boolean {
    return [...this.sensors.values()].some((s) => s.id !== except && s.genericAssetId === assetId && s.name === name);
  }

  async createSensor(fields: SensorFields): Promise<Sensor> {
    if (this.sensorNameTaken(fields.genericAssetId, fields.name)) throw new DuplicateNameError('sensor', fields.name, fields.genericAssetId);
    const sensor: Sensor = { ...copy(fields), id: this.nextId('sensor') };
    this.sensors.set(sensor.id, sensor);
    return copy(sensor);
  }

  async updateSensor(id: number, requested: SensorChanges): Promise<Sensor> {
    const current = this.sensors.get(id);
    if (!current) throw new MissingAssetEntityError('sensor', id);
    const next: Sensor = { ...current, ...copy(pick(requested, PATCHABLE_SENSOR_FIELDS)) };
    if (next.name !== current.name && this.sensorNameTaken(next.genericAssetId, next.name, id)) {
      throw new DuplicateNameError('sensor', next.name, next.genericAssetId);
    }
    this.sensors.set(id, next);
    return copy(next);
  }

  async deleteSensor(sensor: Sensor): Promise<void> {
    // Assets referring to the sensor lose the reference.
    for (const asset of this.assets.values()) {
      if (asset.consumptionPriceSensorId === sensor.id) asset.consumptionPriceSensorId = null;
      if (asset.productionPriceSensorId === sensor.id) asset.productionPriceSensorId = null;
      asset.inflexibleDeviceSensorIds = asset.inflexibleDeviceSensorIds.filter((s) => s !== sensor.id);
    }
    this.sensors.delete(sensor.id);
  }

  // ---------------------------------------------------------------- data sources

  async getDataSource(id: number): Promise<DataSource | null> {
    return copy(this.sources.get(id) ?? null);
  }

  async getDataSources(ids: readonly number[]): Promise<Map<number, DataSource>> {
    return new Map(ids.filter((id) => this.sources.has(id)).map((id) => [id, copy(this.sources.get(id)!)]));
  }

  async listDataSources(): Promise<DataSource[]> {
    return byId(this.sources.values());
  }

  private getOrCreateByKey(key: string, fields: DataSourceFields): DataSource {
    const known = this.sourceKeys.get(key);
    if (known !== undefined) return copy(this.sources.get(known)!);
    const source: DataSource = { ...copy(fields), id: this.nextId('data-source') };
    this.sources.set(source.id, source);
    this.sourceKeys.set(key, source.id);
    return copy(source);
  }

  async getOrCreateUserSource(user: SourceUser): Promise<DataSource> {
    const { key, fields } = userSource(user);
    return this.getOrCreateByKey(key, fields);
  }

  async getOrCreateSource(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: DataSourceFields['attributes'] }): Promise<DataSource> {
    const full: DataSourceFields = { ...fields, attributes: fields.attributes ?? {} };
    const key = canonical([full.name, full.type, full.model ?? null, full.version ?? null, full.userId ?? null, full.accountId ?? null, full.attributes]);
    return this.getOrCreateByKey(key, full);
  }

  // ---------------------------------------------------------------- audit log

  async addAuditEntries(entries: readonly NewAuditEntry[]): Promise<AssetAuditEntry[]> {
    const added = entries.map((entry) => ({ writtenFor: entry.affectedAssetId, entry: { ...copy(entry), id: this.nextId('audit') } as AssetAuditEntry }));
    this.audit.push(...added);
    return added.map((a) => copy(a.entry));
  }

  async listAuditEntries(assetId: number): Promise<AssetAuditEntry[]> {
    return (await this.listAuditEntriesOfFormerAsset(assetId)).filter((e) => e.affectedAssetId === assetId);
  }

  async listAuditEntriesOfFormerAsset(assetId: number): Promise<AssetAuditEntry[]> {
    return this.audit
      .filter((a) => a.writtenFor === assetId)
      .map((a) => copy(a.entry))
      .sort((a, b) => a.eventDatetime - b.eventDatetime || a.id - b.id);
  }
}
