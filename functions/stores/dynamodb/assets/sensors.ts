/**
 * Sensors in the entity table: `SENSOR#<id>` (gsi1: by asset, `SENSORS#ASSET#<asset>`; gsi2: by
 * account, `SENSORS#ACCOUNT#<account or PUBLIC>`) and a unique-name marker per asset
 * (`SENSORNAME#<asset>#<name>`).
 */
import { PATCHABLE_SENSOR_FIELDS, type SensorChanges } from '../../../core/assets/audit.js';
import type { KnowledgeHorizon, Sensor, SensorFields } from '../../../core/assets/model.js';
import { DuplicateNameError } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import { numberOrNull, stored, toItem, type Codecs, type Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { ATTRIBUTES, NamedEntityItems, owner, pad } from './shared.js';

const sensorKey = (id: number) => ({ pk: `SENSOR#${id}`, sk: 'SENSOR' });
const sensorNameKey = (assetId: number, name: string) => ({ pk: `SENSORNAME#${assetId}#${name}`, sk: 'SENSORNAME' });

/** The attributes of a sensor item (FlexMeasures' field names: the layout of deployed tables). */
const SENSOR_FIELDS: Codecs<Sensor> = {
  id: stored('id', Number),
  name: stored('name', String),
  unit: stored('unit', (v) => String(v ?? '')),
  timezone: stored('timezone', (v) => String(v ?? 'UTC')),
  eventResolution: stored('event_resolution', (v) => Number(v ?? 0)),
  // Written as JSON text; a map is read as well.
  knowledgeHorizon: stored('knowledge_horizon', (v) => (typeof v === 'string' ? JSON.parse(v) : v) as KnowledgeHorizon, (h) => JSON.stringify(h)),
  genericAssetId: stored('generic_asset_id', Number),
  accountId: stored('account_id', numberOrNull),
  attributes: ATTRIBUTES,
};

function sensorItem(sensor: Sensor): Item {
  return {
    ...sensorKey(sensor.id),
    gsi1pk: `SENSORS#ASSET#${sensor.genericAssetId}`,
    gsi1sk: `SENSOR#${pad(sensor.id)}`,
    gsi2pk: `SENSORS#ACCOUNT#${owner(sensor.accountId)}`,
    gsi2sk: `SENSOR#${pad(sensor.id)}`,
    ...toItem(sensor, SENSOR_FIELDS),
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
    const nameKey = sensorNameKey(sensor.genericAssetId, sensor.name);
    const taken = () => new DuplicateNameError('sensor', sensor.name, sensor.genericAssetId);
    await this.names.create(nameKey, id, taken, () => this.table.put(sensorItem(sensor)));
    return sensor;
  }

  async update(id: number, requested: SensorChanges): Promise<Sensor> {
    const { current, next, changes } = await this.patchOf(id, requested, PATCHABLE_SENSOR_FIELDS);
    const rename =
      next.name === current.name
        ? null
        : {
            from: sensorNameKey(current.genericAssetId, current.name),
            to: sensorNameKey(next.genericAssetId, next.name),
            taken: () => new DuplicateNameError('sensor', next.name, next.genericAssetId),
          };
    await this.names.patch(id, { set: this.encode(changes) }, rename);
    return next;
  }

  /** Deletes the sensor's item, then its name (references to it are the assets' business). */
  async delete(sensor: Sensor): Promise<void> {
    await this.table.delete(sensorKey(sensor.id));
    await this.names.release(sensorNameKey(sensor.genericAssetId, sensor.name), sensor.id);
  }
}
