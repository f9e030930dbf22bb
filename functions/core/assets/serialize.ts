/**
 * FlexMeasures' JSON for sensors (SensorSchema, docs/contract/api.md §6.1) and assets (GenericAssetSchema,
 * docs/contract/api.md §7.5). `attributes` always go out as a JSON string (decision 0003); `inflexible_device_sensor_ids`
 * is never output.
 */
import { formatDurationSchema } from '../time/index.js';
import { formatAttributes } from './attributes.js';
import type { Asset, AssetType, Sensor } from './model.js';

export interface SensorJson {
  [key: string]: string | number;
  id: number;
  name: string;
  unit: string;
  timezone: string;
  event_resolution: string;
  entity_address: string;
  attributes: string;
  generic_asset_id: number;
}

/** A sensor object; `entityAddress` is built by the caller from the request's host (docs/contract/api.md §8.1). */
export function sensorJson(sensor: Sensor, entityAddress: string): SensorJson {
  return {
    attributes: formatAttributes(sensor.attributes),
    entity_address: entityAddress,
    event_resolution: formatDurationSchema(sensor.eventResolution),
    generic_asset_id: sensor.genericAssetId,
    id: sensor.id,
    name: sensor.name,
    timezone: sensor.timezone,
    unit: sensor.unit,
  };
}

export interface Named {
  id: number;
  name: string;
}

/** What an asset object shows besides the asset's own fields. */
export interface AssetRelations {
  type: AssetType;
  /** The owning account (null for public assets). */
  owner: Named | null;
  children: { asset: Asset; type: AssetType }[];
  sensors: Named[];
}

type J = null | boolean | number | string | J[] | { [key: string]: J };

/** An asset object. */
export function assetJson(asset: Asset, rel: AssetRelations): { [key: string]: J } {
  return {
    account_id: asset.accountId,
    attributes: formatAttributes(asset.attributes),
    child_assets: rel.children.map(({ asset: child, type }) => ({
      account_id: child.accountId,
      generic_asset_type: { id: type.id, name: type.name },
      id: child.id,
      name: child.name,
    })),
    consumption_price_sensor_id: asset.consumptionPriceSensorId,
    generic_asset_type: { id: rel.type.id, name: rel.type.name },
    generic_asset_type_id: asset.genericAssetTypeId,
    id: asset.id,
    latitude: asset.latitude,
    longitude: asset.longitude,
    name: asset.name,
    owner: rel.owner ? { id: rel.owner.id, name: rel.owner.name } : null,
    parent_asset_id: asset.parentAssetId,
    production_price_sensor_id: asset.productionPriceSensorId,
    sensors: rel.sensors.map((s) => ({ id: s.id, name: s.name })),
  };
}
