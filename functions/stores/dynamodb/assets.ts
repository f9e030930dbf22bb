/**
 * DynamoDB adapter of the AssetStore port (entity table, single-table design).
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
import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DEFAULT_ASSET_TYPES } from '../../core/assets/asset-types.js';
import { PATCHABLE_ASSET_FIELDS, PATCHABLE_SENSOR_FIELDS, type AssetChanges, type SensorChanges } from '../../core/assets/audit.js';
import type {
  Asset,
  AssetAuditEntry,
  AssetFields,
  AssetType,
  Attributes,
  DataSource,
  DataSourceFields,
  KnowledgeHorizon,
  Sensor,
  SensorFields,
} from '../../core/assets/model.js';
import {
  DuplicateNameError,
  MissingAssetEntityError,
  type AssetStore,
  type AssetTree,
  type NewAuditEntry,
  type SourceUser,
} from '../../core/ports/assets.js';
import { documentClient } from './client.js';
import { isConditionFailed, updateExpression, type Item, type Key } from './items.js';
import { nextId } from './counters.js';
import { ENTITY_TABLE, tableName } from './tables.js';

const pad = (n: number, width = 12) => String(n).padStart(width, '0');

/** The entities with unique-name markers, and the marker attribute naming their holder. */
type NamedKind = 'asset' | 'sensor';
const MARKER_ID = { asset: 'assetId', sensor: 'sensorId' } as const satisfies Record<NamedKind, string>;
const owner = (accountId: number | null) => (accountId === null ? 'PUBLIC' : String(accountId));

const keys = {
  assetType: (id: number) => ({ pk: `ASSETTYPE#${id}`, sk: 'ASSETTYPE' }),
  assetTypeName: (name: string) => ({ pk: `ASSETTYPENAME#${name}`, sk: 'ASSETTYPENAME' }),
  asset: (id: number) => ({ pk: `ASSET#${id}`, sk: 'ASSET' }),
  assetName: (name: string, parentId: number | null, accountId: number | null) => ({
    pk: parentId !== null ? `ASSETNAME#PARENT#${parentId}#${name}` : `ASSETNAME#ACCOUNT#${owner(accountId)}#${name}`,
    sk: 'ASSETNAME',
  }),
  sensor: (id: number) => ({ pk: `SENSOR#${id}`, sk: 'SENSOR' }),
  sensorName: (assetId: number, name: string) => ({ pk: `SENSORNAME#${assetId}#${name}`, sk: 'SENSORNAME' }),
  sensorRef: (sensorId: number, assetId: number) => ({ pk: `SENSORREF#${sensorId}`, sk: `ASSET#${pad(assetId)}` }),
  source: (id: number) => ({ pk: `SOURCE#${id}`, sk: 'SOURCE' }),
  sourceKey: (key: string) => ({ pk: `SOURCEKEY#${key}`, sk: 'SOURCEKEY' }),
};


/** PATCHed fields as stored: `attributes` as JSON text, the rest as they are. */
function storedChanges(changes: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([field, value]) => [field, field === 'attributes' ? JSON.stringify(value) : value]));
}

function parseJsonObject(text: unknown): Attributes {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Attributes) : {};
  } catch {
    return {};
  }
}

/** Only the named fields that are present (so that nothing else is ever written). */
function pick<T extends object>(changes: T, fields: readonly (keyof T & string)[]): T {
  const out = {} as T;
  for (const f of fields) if (f in changes) out[f] = changes[f];
  return out;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toAssetType(item: Item): AssetType {
  return { id: Number(item.id), name: String(item.name), description: (item.description as string | null) ?? null };
}

function toAsset(item: Item): Asset {
  return {
    id: Number(item.id),
    name: String(item.name),
    generic_asset_type_id: Number(item.generic_asset_type_id),
    account_id: num(item.account_id),
    latitude: num(item.latitude),
    longitude: num(item.longitude),
    parent_asset_id: num(item.parent_asset_id),
    // Stored as the JSON text, so that key order survives (DynamoDB maps do not keep it).
    attributes: parseJsonObject(item.attributes),
    consumption_price_sensor_id: num(item.consumption_price_sensor_id),
    production_price_sensor_id: num(item.production_price_sensor_id),
    inflexible_device_sensor_ids: ((item.inflexible_device_sensor_ids as unknown[] | undefined) ?? []).map(Number),
  };
}

function assetItem(asset: Asset): Item {
  return {
    ...keys.asset(asset.id),
    gsi1pk: `ASSETS#ACCOUNT#${owner(asset.account_id)}`,
    gsi1sk: `ASSET#${pad(asset.id)}`,
    ...(asset.parent_asset_id !== null
      ? { gsi2pk: `ASSETS#PARENT#${asset.parent_asset_id}`, gsi2sk: `ASSET#${pad(asset.id)}` }
      : {}),
    ...asset,
    attributes: JSON.stringify(asset.attributes),
  };
}

function toSensor(item: Item): Sensor {
  return {
    id: Number(item.id),
    name: String(item.name),
    unit: String(item.unit ?? ''),
    timezone: String(item.timezone ?? 'UTC'),
    event_resolution: Number(item.event_resolution ?? 0),
    knowledge_horizon: (typeof item.knowledge_horizon === 'string'
      ? JSON.parse(item.knowledge_horizon)
      : item.knowledge_horizon) as KnowledgeHorizon,
    generic_asset_id: Number(item.generic_asset_id),
    account_id: num(item.account_id),
    attributes: parseJsonObject(item.attributes),
  };
}

function sensorItem(sensor: Sensor): Item {
  return {
    ...keys.sensor(sensor.id),
    gsi1pk: `SENSORS#ASSET#${sensor.generic_asset_id}`,
    gsi1sk: `SENSOR#${pad(sensor.id)}`,
    gsi2pk: `SENSORS#ACCOUNT#${owner(sensor.account_id)}`,
    gsi2sk: `SENSOR#${pad(sensor.id)}`,
    ...sensor,
    knowledge_horizon: JSON.stringify(sensor.knowledge_horizon),
    attributes: JSON.stringify(sensor.attributes),
  };
}

function toSource(item: Item): DataSource {
  return {
    id: Number(item.id),
    name: String(item.name),
    type: String(item.type),
    model: (item.model as string | null) ?? null,
    version: (item.version as string | null) ?? null,
    account_id: num(item.account_id),
    user_id: num(item.user_id),
    attributes: parseJsonObject(item.attributes),
  };
}

function toAuditEntry(item: Item): AssetAuditEntry {
  return {
    id: Number(item.id),
    event: String(item.event),
    event_datetime: Number(item.event_datetime),
    active_user_id: num(item.active_user_id),
    active_user_name: (item.active_user_name as string | null) ?? null,
    affected_asset_id: num(item.affected_asset_id),
  };
}

/** The sensors an asset refers to (price sensors and inflexible device sensors). */
function referencedSensors(asset: Pick<Asset, 'consumption_price_sensor_id' | 'production_price_sensor_id' | 'inflexible_device_sensor_ids'>): Set<number> {
  const ids = new Set<number>(asset.inflexible_device_sensor_ids);
  if (asset.consumption_price_sensor_id !== null) ids.add(asset.consumption_price_sensor_id);
  if (asset.production_price_sensor_id !== null) ids.add(asset.production_price_sensor_id);
  return ids;
}

/** Identity of a non-user data source, as FlexMeasures' unique constraint has it. */
function sourceIdentity(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: Attributes }): string {
  const canonical = JSON.stringify([
    fields.name,
    fields.type,
    fields.model ?? null,
    fields.version ?? null,
    fields.user_id ?? null,
    fields.account_id ?? null,
    sortedJson(fields.attributes ?? {}),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedJson((value as Attributes)[k])]),
    );
  }
  return value;
}

/** A uniqueness marker whose owner item is still missing after this long was left by an interrupted write. */
const ORPHAN_MARKER_AGE_MS = 5 * 60_000;

const SEED_VERSION = createHash('sha256')
  .update(DEFAULT_ASSET_TYPES.map((t) => t.name).join('\n'))
  .digest('hex')
  .slice(0, 16);

export class DynamoAssetStore implements AssetStore {
  private seeded: Promise<void> | undefined;

  constructor(private readonly table: string = tableName(ENTITY_TABLE)) {}

  private get db() {
    return documentClient();
  }

  // ---------------------------------------------------------------- primitives

  private async get(key: { pk: string; sk: string }): Promise<Item | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return (out.Item as Item | undefined) ?? null;
  }

  /** Puts an item only if its key is free; false when taken. */
  private async putNew(item: Item): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  /**
   * Claims a uniqueness marker (`idAttr` = the owner's id). A marker left behind by an interrupted
   * create (its owner item never written) is taken over; false when the name is really taken.
   */
  private async claimMarker(
    key: { pk: string; sk: string },
    idAttr: 'assetId' | 'sensorId',
    id: number,
    ownerKey: (id: number) => { pk: string; sk: string },
  ): Promise<boolean> {
    const claim = { ...key, [idAttr]: id, claimedAt: Date.now() };
    if (await this.putNew(claim)) return true;
    const marker = await this.get(key);
    if (!marker) return this.putNew(claim);
    const holder = Number(marker[idAttr]);
    if (holder === id) return true;
    // A create in progress writes its item right after the marker: only old orphans are taken over.
    const age = Date.now() - Number(marker.claimedAt ?? 0);
    if (age < ORPHAN_MARKER_AGE_MS || (await this.get(ownerKey(holder)))) return false;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: claim,
          ConditionExpression: '#id = :stale',
          ExpressionAttributeNames: { '#id': idAttr },
          ExpressionAttributeValues: { ':stale': holder },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  /**
   * Undoes the first steps of a create whose item could not be written: releases its name marker
   * (and runs `more`). Best effort: when the store fails here too, the marker is an orphan that
   * `claimMarker` takes over once it is old, so the name is never lost for good.
   */
  private async undoCreate(nameKey: Key, kind: NamedKind, id: number, more?: () => Promise<void>): Promise<void> {
    try {
      await more?.();
      await this.releaseMarker(nameKey, kind, id);
    } catch {
      // The create's own error is what the caller reports; this one adds nothing to it.
    }
  }

  /** Drops the unique-name marker `key` of an asset or sensor, unless another entity holds it by now. */
  private async releaseMarker(key: Key, kind: NamedKind, id: number): Promise<void> {
    await this.delete(key, { expression: `${MARKER_ID[kind]} = :id`, values: { ':id': id } });
  }

  /**
   * Stores PATCHed attributes of an asset or sensor (`set`/`remove`; nothing to store is fine), on
   * condition that its item exists. With `rename`, its unique-name marker moves: the new marker is
   * claimed first (`taken()` is thrown when another entity holds it), given back when the write
   * fails, and the old one is released after the write; `beforeWrite` runs once the name is secured.
   */
  private async patchNamed(
    kind: NamedKind,
    id: number,
    change: { set: Record<string, unknown>; remove?: string[] },
    rename: { from: Key; to: Key; taken: () => Error } | null,
    beforeWrite?: () => Promise<void>,
  ): Promise<void> {
    const ownerKey = kind === 'asset' ? keys.asset : keys.sensor;
    if (rename && !(await this.claimMarker(rename.to, MARKER_ID[kind], id, ownerKey))) throw rename.taken();
    await beforeWrite?.();
    if (Object.keys(change.set).length || change.remove?.length) {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: ownerKey(id),
            ...updateExpression(change.set, change.remove),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
      } catch (err) {
        if (rename) await this.delete(rename.to);
        if (isConditionFailed(err)) throw new MissingAssetEntityError(kind, id);
        throw err;
      }
    }
    if (rename) await this.releaseMarker(rename.from, kind, id);
  }

  private async delete(key: { pk: string; sk: string }, condition?: { expression: string; values: Item }): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: key,
          ConditionExpression: condition?.expression,
          ExpressionAttributeValues: condition?.values,
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...((out.Items as Item[] | undefined) ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private queryIndex(index: 'gsi1' | 'gsi2', pk: string): Promise<Item[]> {
    return this.queryAll({
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': pk },
    });
  }

  private async batchGet(keyList: { pk: string; sk: string }[]): Promise<Item[]> {
    const unique = [...new Map(keyList.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    const items: Item[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new Error('BatchGetItem kept leaving keys unprocessed');
        const out = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
        );
        items.push(...(((out.Responses?.[this.table] as Item[] | undefined) ?? [])));
        pending = out.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return items;
  }

  // ---------------------------------------------------------------- asset types

  ensureDefaultAssetTypes(): Promise<void> {
    this.seeded ??= this.seedAssetTypes().catch((err) => {
      this.seeded = undefined;
      throw err;
    });
    return this.seeded;
  }

  private async seedAssetTypes(): Promise<void> {
    const marker = { pk: 'ASSETTYPE#SEED', sk: SEED_VERSION };
    if (await this.get(marker)) return;
    // The default types get ids 1…n in order (the same everywhere); later types count on from there.
    await this.raiseCounter('asset-type', DEFAULT_ASSET_TYPES.length);
    for (const [index, seed] of DEFAULT_ASSET_TYPES.entries()) {
      if (await this.getAssetTypeByName(seed.name)) continue;
      try {
        await this.insertAssetType(seed, index + 1);
      } catch (err) {
        if (!(err instanceof DuplicateNameError)) throw err; // seeded concurrently
      }
    }
    await this.putNew({ ...marker, seededAt: Date.now() });
  }

  /** Makes the id counter of a kind at least `min` (ids up to `min` are then reserved). */
  private async raiseCounter(kind: string, min: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: 'COUNTER', sk: kind },
          UpdateExpression: 'SET #n = :min',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :min',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':min': min },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }

  async listAssetTypes(): Promise<AssetType[]> {
    return (await this.queryIndex('gsi1', 'ASSETTYPES')).map(toAssetType);
  }

  async getAssetType(id: number): Promise<AssetType | null> {
    const item = await this.get(keys.assetType(id));
    return item ? toAssetType(item) : null;
  }

  async getAssetTypeByName(name: string): Promise<AssetType | null> {
    const marker = await this.get(keys.assetTypeName(name));
    if (!marker) return null;
    const id = Number(marker.id);
    const existing = await this.getAssetType(id);
    if (existing) return existing;
    // The marker was written but the type item not (interrupted create): complete it.
    const type: AssetType = { id, name, description: (marker.description as string | null) ?? null };
    await this.putNew(this.assetTypeItem(type));
    return type;
  }

  private assetTypeItem(type: AssetType): Item {
    return { ...keys.assetType(type.id), gsi1pk: 'ASSETTYPES', gsi1sk: `ASSETTYPE#${pad(type.id)}`, ...type };
  }

  createAssetType(fields: { name: string; description: string | null }): Promise<AssetType> {
    return this.insertAssetType(fields);
  }

  /** Claims the name, then writes the type under `preferredId` if free, else under a fresh id. */
  private async insertAssetType(fields: { name: string; description: string | null }, preferredId?: number): Promise<AssetType> {
    let id = preferredId ?? (await nextId('asset-type'));
    const nameKey = keys.assetTypeName(fields.name);
    if (!(await this.putNew({ ...nameKey, id, description: fields.description }))) {
      throw new DuplicateNameError('asset-type', fields.name, null);
    }
    while (!(await this.putNew(this.assetTypeItem({ id, name: fields.name, description: fields.description })))) {
      // The id belongs to a type created before the defaults were seeded: move to a fresh id (we own the name marker).
      id = await nextId('asset-type');
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...nameKey, id, description: fields.description } }));
    }
    return { id, name: fields.name, description: fields.description };
  }

  // ---------------------------------------------------------------- assets

  async getAsset(id: number): Promise<Asset | null> {
    const item = await this.get(keys.asset(id));
    return item ? toAsset(item) : null;
  }

  async getAssets(ids: readonly number[]): Promise<Map<number, Asset>> {
    const items = await this.batchGet(ids.map(keys.asset));
    return new Map(items.map((i) => toAsset(i)).map((a) => [a.id, a]));
  }

  async listAssetsByAccount(accountId: number | null): Promise<Asset[]> {
    return (await this.queryIndex('gsi1', `ASSETS#ACCOUNT#${owner(accountId)}`)).map(toAsset);
  }

  async listChildAssets(parentId: number): Promise<Asset[]> {
    return (await this.queryIndex('gsi2', `ASSETS#PARENT#${parentId}`)).map(toAsset);
  }

  async createAsset(fields: AssetFields): Promise<Asset> {
    const id = await nextId('asset');
    const asset: Asset = {
      id,
      name: fields.name,
      generic_asset_type_id: fields.generic_asset_type_id,
      account_id: fields.account_id,
      latitude: fields.latitude,
      longitude: fields.longitude,
      parent_asset_id: fields.parent_asset_id,
      attributes: fields.attributes,
      consumption_price_sensor_id: fields.consumption_price_sensor_id,
      production_price_sensor_id: fields.production_price_sensor_id,
      inflexible_device_sensor_ids: [...fields.inflexible_device_sensor_ids],
    };
    const nameKey = keys.assetName(asset.name, asset.parent_asset_id, asset.account_id);
    if (!(await this.claimMarker(nameKey, 'assetId', id, keys.asset))) {
      throw new DuplicateNameError('asset', asset.name, asset.parent_asset_id);
    }
    try {
      await this.writeSensorRefs(id, new Set(), referencedSensors(asset));
      await this.db.send(new PutCommand({ TableName: this.table, Item: assetItem(asset) }));
    } catch (err) {
      // A failed create leaves nothing behind: no reserved name, no references of an asset that does not exist.
      await this.undoCreate(nameKey, 'asset', id, () => this.deleteSensorRefs(id, [...referencedSensors(asset)]));
      throw err;
    }
    return asset;
  }

  async updateAsset(id: number, requested: AssetChanges): Promise<Asset> {
    const changes = pick(requested, PATCHABLE_ASSET_FIELDS);
    const current = await this.getAsset(id);
    if (!current) throw new MissingAssetEntityError('asset', id);
    const next: Asset = { ...current, ...changes };
    const oldName = keys.assetName(current.name, current.parent_asset_id, current.account_id);
    const newName = keys.assetName(next.name, next.parent_asset_id, next.account_id);
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
    await this.patchNamed('asset', id, { set, remove }, rename, () => this.writeSensorRefs(id, before, after));
    // Stale references are harmless (clearing re-reads the asset); remove them after the update.
    await this.deleteSensorRefs(id, [...before].filter((s) => !after.has(s)));
    return next;
  }

  private async writeSensorRefs(assetId: number, before: Set<number>, after: Set<number>): Promise<void> {
    await Promise.all(
      [...after]
        .filter((s) => !before.has(s))
        .map((s) => this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.sensorRef(s, assetId), assetId } }))),
    );
  }

  private async deleteSensorRefs(assetId: number, sensorIds: number[]): Promise<void> {
    await Promise.all(sensorIds.map((s) => this.delete(keys.sensorRef(s, assetId))));
  }

  async collectAssetTree(id: number): Promise<AssetTree | null> {
    const root = await this.getAsset(id);
    if (!root) return null;
    const assets: Asset[] = [];
    const visit = async (asset: Asset, seen: Set<number>) => {
      seen.add(asset.id);
      for (const child of await this.listChildAssets(asset.id)) {
        if (!seen.has(child.id)) await visit(child, seen);
      }
      assets.push(asset); // children before parents
    };
    await visit(root, new Set());
    const sensors = (await Promise.all(assets.map((a) => this.listSensorsByAsset(a.id)))).flat();
    return { assets, sensors };
  }

  async deleteAssetTree(tree: AssetTree): Promise<void> {
    for (const sensor of tree.sensors) await this.deleteSensor(sensor);
    for (const asset of tree.assets) {
      await this.deleteSensorRefs(asset.id, [...referencedSensors(asset)]);
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.asset(asset.id) }));
      await this.releaseMarker(keys.assetName(asset.name, asset.parent_asset_id, asset.account_id), 'asset', asset.id);
      // The asset's audit trail stays, detached (FlexMeasures: affected_asset_id set null).
      const entries = await this.queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ASSETAUDIT#${asset.id}` },
      });
      await Promise.all(
        entries.map((e) =>
          this.db.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk: e.pk, sk: e.sk },
              UpdateExpression: 'SET affected_asset_id = :null',
              ExpressionAttributeValues: { ':null': null },
            }),
          ),
        ),
      );
    }
  }

  // ---------------------------------------------------------------- sensors

  async getSensor(id: number): Promise<Sensor | null> {
    const item = await this.get(keys.sensor(id));
    return item ? toSensor(item) : null;
  }

  async getSensors(ids: readonly number[]): Promise<Map<number, Sensor>> {
    const items = await this.batchGet(ids.map(keys.sensor));
    return new Map(items.map(toSensor).map((s) => [s.id, s]));
  }

  async listSensorsByAsset(assetId: number): Promise<Sensor[]> {
    return (await this.queryIndex('gsi1', `SENSORS#ASSET#${assetId}`)).map(toSensor);
  }

  async listSensorsByAccount(accountId: number | null): Promise<Sensor[]> {
    return (await this.queryIndex('gsi2', `SENSORS#ACCOUNT#${owner(accountId)}`)).map(toSensor);
  }

  async createSensor(fields: SensorFields): Promise<Sensor> {
    const id = await nextId('sensor');
    const sensor: Sensor = {
      id,
      name: fields.name,
      unit: fields.unit,
      timezone: fields.timezone,
      event_resolution: fields.event_resolution,
      knowledge_horizon: fields.knowledge_horizon,
      generic_asset_id: fields.generic_asset_id,
      account_id: fields.account_id,
      attributes: fields.attributes,
    };
    const nameKey = keys.sensorName(sensor.generic_asset_id, sensor.name);
    if (!(await this.claimMarker(nameKey, 'sensorId', id, keys.sensor))) {
      throw new DuplicateNameError('sensor', sensor.name, sensor.generic_asset_id);
    }
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: sensorItem(sensor) }));
    } catch (err) {
      await this.undoCreate(nameKey, 'sensor', id);
      throw err;
    }
    return sensor;
  }

  async updateSensor(id: number, requested: SensorChanges): Promise<Sensor> {
    const changes = pick(requested, PATCHABLE_SENSOR_FIELDS);
    const current = await this.getSensor(id);
    if (!current) throw new MissingAssetEntityError('sensor', id);
    const next: Sensor = { ...current, ...changes };
    const rename =
      next.name === current.name
        ? null
        : {
            from: keys.sensorName(current.generic_asset_id, current.name),
            to: keys.sensorName(next.generic_asset_id, next.name),
            taken: () => new DuplicateNameError('sensor', next.name, next.generic_asset_id),
          };
    await this.patchNamed('sensor', id, { set: storedChanges(changes) }, rename);
    return next;
  }

  async deleteSensor(sensor: Sensor): Promise<void> {
    // Assets referring to the sensor lose the reference (FlexMeasures: FK set null / link rows removed).
    const refs = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SENSORREF#${sensor.id}` },
    });
    for (const ref of refs) {
      const asset = await this.getAsset(Number(ref.assetId));
      if (asset) {
        const changes: AssetChanges = {};
        if (asset.consumption_price_sensor_id === sensor.id) changes.consumption_price_sensor_id = null;
        if (asset.production_price_sensor_id === sensor.id) changes.production_price_sensor_id = null;
        if (asset.inflexible_device_sensor_ids.includes(sensor.id)) {
          changes.inflexible_device_sensor_ids = asset.inflexible_device_sensor_ids.filter((s) => s !== sensor.id);
        }
        if (Object.keys(changes).length) {
          try {
            await this.updateAsset(asset.id, changes);
          } catch (err) {
            if (!(err instanceof MissingAssetEntityError)) throw err;
          }
        }
      }
      await this.delete({ pk: String(ref.pk), sk: String(ref.sk) });
    }
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.sensor(sensor.id) }));
    await this.releaseMarker(keys.sensorName(sensor.generic_asset_id, sensor.name), 'sensor', sensor.id);
  }

  // ---------------------------------------------------------------- data sources

  async getDataSource(id: number): Promise<DataSource | null> {
    const item = await this.get(keys.source(id));
    return item ? toSource(item) : null;
  }

  async getDataSources(ids: readonly number[]): Promise<Map<number, DataSource>> {
    const items = await this.batchGet(ids.map(keys.source));
    return new Map(items.map(toSource).map((s) => [s.id, s]));
  }

  async listDataSources(): Promise<DataSource[]> {
    return (await this.queryIndex('gsi1', 'SOURCES')).map(toSource);
  }

  getOrCreateUserSource(user: SourceUser): Promise<DataSource> {
    return this.getOrCreateByKey(`USER#${user.id}`, {
      name: user.username,
      type: 'user',
      model: null,
      version: null,
      account_id: user.account_id,
      user_id: user.id,
      attributes: {},
    });
  }

  getOrCreateSource(
    fields: Omit<DataSourceFields, 'attributes'> & { attributes?: Attributes },
  ): Promise<DataSource> {
    const full: DataSourceFields = { ...fields, attributes: fields.attributes ?? {} };
    return this.getOrCreateByKey(sourceIdentity(full), full);
  }

  private async getOrCreateByKey(key: string, fields: DataSourceFields): Promise<DataSource> {
    const marker = await this.get(keys.sourceKey(key));
    if (marker) {
      const existing = await this.getDataSource(Number(marker.sourceId));
      if (existing) return existing;
    }
    // The source item first, then the marker: a marker never points at nothing.
    const id = marker ? Number(marker.sourceId) : await nextId('data-source');
    const source: DataSource = {
      id,
      name: fields.name,
      type: fields.type,
      model: fields.model,
      version: fields.version,
      account_id: fields.account_id,
      user_id: fields.user_id,
      attributes: fields.attributes,
    };
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.source(id), gsi1pk: 'SOURCES', gsi1sk: `SOURCE#${pad(id)}`, ...source, attributes: JSON.stringify(source.attributes) },
      }),
    );
    if (marker || (await this.putNew({ ...keys.sourceKey(key), sourceId: id }))) return source;
    // Created concurrently by another request: use theirs, drop ours.
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.source(id) }));
    const winner = await this.get(keys.sourceKey(key));
    const existing = winner ? await this.getDataSource(Number(winner.sourceId)) : null;
    if (!existing) throw new Error(`data source ${key} vanished while being created`);
    return existing;
  }

  // ---------------------------------------------------------------- audit log

  async addAuditEntries(entries: readonly NewAuditEntry[]): Promise<AssetAuditEntry[]> {
    const out: AssetAuditEntry[] = [];
    for (const entry of entries) {
      const id = await nextId('audit');
      const record: AssetAuditEntry = {
        id,
        event: entry.event,
        event_datetime: entry.event_datetime,
        active_user_id: entry.active_user_id,
        active_user_name: entry.active_user_name,
        affected_asset_id: entry.affected_asset_id,
      };
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `ASSETAUDIT#${entry.affected_asset_id}`,
            sk: `${pad(entry.event_datetime, 15)}#${pad(id)}`,
            ...record,
          },
        }),
      );
      out.push(record);
    }
    return out;
  }

  async listAuditEntries(assetId: number): Promise<AssetAuditEntry[]> {
    return (await this.listAuditEntriesOfFormerAsset(assetId)).filter((e) => e.affected_asset_id === assetId);
  }

  async listAuditEntriesOfFormerAsset(assetId: number): Promise<AssetAuditEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ASSETAUDIT#${assetId}` },
    });
    return items.map(toAuditEntry);
  }
}
