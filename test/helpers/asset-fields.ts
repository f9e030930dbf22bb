/** Fields of new entities for tests, with FlexMeasures' defaults for everything a test does not care about. */
import type { AssetFields } from '../../functions/core/assets/model.js';

/** Asset fields with FlexMeasures' defaults for everything not given (no owner, location, parent, attributes or links). */
export function assetFields(overrides: Partial<AssetFields> & Pick<AssetFields, 'name' | 'generic_asset_type_id'>): AssetFields {
  return {
    account_id: null,
    latitude: null,
    longitude: null,
    parent_asset_id: null,
    attributes: {},
    consumption_price_sensor_id: null,
    production_price_sensor_id: null,
    inflexible_device_sensor_ids: [],
    ...overrides,
  };
}
