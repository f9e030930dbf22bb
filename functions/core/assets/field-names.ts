/**
 * The domain names asset and sensor fields in camelCase; FlexMeasures names them in snake_case, and
 * so does everything written for the outside: the API's JSON, the asset audit log texts
 * (`Updated Field: parent_asset_id`) and the CLI's JSON listings. This is the one table between the two.
 */
import type { Asset, Sensor } from './model.js';

/** FlexMeasures' name of each asset and sensor field. */
export const FLEXMEASURES_FIELD_NAMES = {
  id: 'id',
  name: 'name',
  attributes: 'attributes',
  accountId: 'account_id',
  genericAssetTypeId: 'generic_asset_type_id',
  latitude: 'latitude',
  longitude: 'longitude',
  parentAssetId: 'parent_asset_id',
  consumptionPriceSensorId: 'consumption_price_sensor_id',
  productionPriceSensorId: 'production_price_sensor_id',
  inflexibleDeviceSensorIds: 'inflexible_device_sensor_ids',
  unit: 'unit',
  timezone: 'timezone',
  eventResolution: 'event_resolution',
  knowledgeHorizon: 'knowledge_horizon',
  genericAssetId: 'generic_asset_id',
} as const satisfies { [K in keyof Asset | keyof Sensor]: string };

/** An asset or a sensor as a JSON object with FlexMeasures' field names (values as they are). */
export function withFlexMeasuresNames(entity: Asset | Sensor): { [key: string]: unknown } {
  return Object.fromEntries(
    Object.entries(entity).map(([field, value]) => [FLEXMEASURES_FIELD_NAMES[field as keyof typeof FLEXMEASURES_FIELD_NAMES] ?? field, value]),
  );
}
