/**
 * Sensors in the entity table: `SENSOR#<id>` (gsi1: by asset, `SENSORS#ASSET#<asset>`; gsi2: by
 * account, `SENSORS#ACCOUNT#<account or PUBLIC>`) and a unique-name marker per asset
 * (`SENSORNAME#<asset>#<name>`).
 */
import { PATCHABLE_SENSOR_FIELDS, type SensorChanges } from '../../../core/assets/audit.js';
import type { KnowledgeHorizon, Sensor, SensorFields } from '../../../core/assets/model.js';
import { DuplicateNameError, MissingAssetEntityError } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import type { Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { NameMarkers, num, owner, pad, parseJsonObject, pick, storedChanges } from './shared.js';

const sensorKey = (id: number) => ({ pk: `SENSOR#${id}`, sk: 'SENSOR' });
const sensorNameKey = (assetId: number, name: string) => ({ pk: `SENSORNAME#${assetId}#${name}`, sk: 'SENSORNAME' });

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
    ...sensorKey(sensor.id),
    gsi1pk: `SENSORS#ASSET#${sensor.generic_asset_id}`,
    gsi1sk: `SENSOR#${pad(sensor.id)}`,
    gsi2pk: `SENSORS#ACCOUNT#${owner(sensor.account_id)}`,
    gsi2sk: `SENSOR#${pad(sensor.id)}`,
    ...sensor,
    knowledge_horizon: JSON.stringify(sensor.knowledge_horizon),
    attributes: JSON.stringify(sensor.attributes),
  };
}

export class SensorItems {
  private readonly names: NameMarkers;

  constructor(private readonly table: DynamoTable) {
    this.names = new NameMarkers(table, 'sensor', 'sensorId', sensorKey);
  }

  async get(id: number): Promise<Sensor | null> {
    const item = await this.table.get(sensorKey(id));
    return item ? toSensor(item) : null;
  }

  async getMany(ids: readonly number[]): Promise<Map<number, Sensor>> {
    const items = await this.table.batchGet(ids.map(sensorKey));
    return new Map(items.map(toSensor).map((s) => [s.id, s]));
  }

  async listByAsset(assetId: number): Promise<Sensor[]> {
    return (await this.table.partition(`SENSORS#ASSET#${assetId}`, { index: 'gsi1' })).map(toSensor);
  }

  async listByAccount(accountId: number | null): Promise<Sensor[]> {
    return (await this.table.partition(`SENSORS#ACCOUNT#${owner(accountId)}`, { index: 'gsi2' })).map(toSensor);
  }

  async create(fields: SensorFields): Promise<Sensor> {
    const id = await nextId(this.table, 'sensor');
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
    const nameKey = sensorNameKey(sensor.generic_asset_id, sensor.name);
    if (!(await this.names.claim(nameKey, id))) throw new DuplicateNameError('sensor', sensor.name, sensor.generic_asset_id);
    try {
      await this.table.put(sensorItem(sensor));
    } catch (err) {
      await this.names.undoCreate(nameKey, id);
      throw err;
    }
    return sensor;
  }

  async update(id: number, requested: SensorChanges): Promise<Sensor> {
    const changes = pick(requested, PATCHABLE_SENSOR_FIELDS);
    const current = await this.get(id);
    if (!current) throw new MissingAssetEntityError('sensor', id);
    const next: Sensor = { ...current, ...changes };
    const rename =
      next.name === current.name
        ? null
        : {
            from: sensorNameKey(current.generic_asset_id, current.name),
            to: sensorNameKey(next.generic_asset_id, next.name),
            taken: () => new DuplicateNameError('sensor', next.name, next.generic_asset_id),
          };
    await this.names.patch(id, { set: storedChanges(changes) }, rename);
    return next;
  }

  /** Deletes the sensor's item, then its name (references to it are the assets' business). */
  async delete(sensor: Sensor): Promise<void> {
    await this.table.delete(sensorKey(sensor.id));
    await this.names.release(sensorNameKey(sensor.generic_asset_id, sensor.name), sensor.id);
  }
}
