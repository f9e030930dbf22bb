/**
 * Sensors in the entity table: `SENSOR#<id>` (gsi1: by asset, `SENSORS#ASSET#<asset>`; gsi2: by
 * account, `SENSORS#ACCOUNT#<account or PUBLIC>`) and a unique-name marker per asset
 * (`SENSORNAME#<asset>#<name>`).
 */
import { PATCHABLE_SENSOR_FIELDS, type SensorChanges } from '../../../core/assets/audit.js';
import type { KnowledgeHorizon, Sensor, SensorFields } from '../../../core/assets/model.js';
import { DuplicateNameError } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import { numberOrNull, type Decoders, type Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { NamedEntityItems, owner, pad, parseJsonObject, storedChanges } from './shared.js';

const sensorKey = (id: number) => ({ pk: `SENSOR#${id}`, sk: 'SENSOR' });
const sensorNameKey = (assetId: number, name: string) => ({ pk: `SENSORNAME#${assetId}#${name}`, sk: 'SENSORNAME' });

const SENSOR_FIELDS: Decoders<Sensor> = {
  id: Number, name: String, unit: (v) => String(v ?? ''), timezone: (v) => String(v ?? 'UTC'), event_resolution: (v) => Number(v ?? 0),
  knowledge_horizon: (v) => (typeof v === 'string' ? JSON.parse(v) : v) as KnowledgeHorizon,
  generic_asset_id: Number, account_id: numberOrNull, attributes: parseJsonObject,
};

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

export class SensorItems extends NamedEntityItems<Sensor> {
  constructor(table: DynamoTable) {
    super(table, 'sensor', sensorKey, SENSOR_FIELDS);
  }

  listByAsset(assetId: number): Promise<Sensor[]> {
    return this.listed('gsi1', `SENSORS#ASSET#${assetId}`);
  }

  listByAccount(accountId: number | null): Promise<Sensor[]> {
    return this.listed('gsi2', `SENSORS#ACCOUNT#${owner(accountId)}`);
  }

  async create(fields: SensorFields): Promise<Sensor> {
    const id = await nextId(this.table, 'sensor');
    const sensor = this.entity(id, fields);
    const nameKey = sensorNameKey(sensor.generic_asset_id, sensor.name);
    const taken = () => new DuplicateNameError('sensor', sensor.name, sensor.generic_asset_id);
    await this.names.create(nameKey, id, taken, () => this.table.put(sensorItem(sensor)));
    return sensor;
  }

  async update(id: number, requested: SensorChanges): Promise<Sensor> {
    const { current, next, changes } = await this.patchOf(id, requested, PATCHABLE_SENSOR_FIELDS);
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
