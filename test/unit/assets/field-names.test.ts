/**
 * The one table between the domain's camelCase fields and FlexMeasures' snake_case names: it must
 * name fields exactly as the API's JSON does, and the CLI's listings use it for every field.
 */
import { describe, it, expect } from '@jest/globals';
import { FLEXMEASURES_FIELD_NAMES, withFlexMeasuresNames } from '../../../functions/core/assets/field-names.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Sensor } from '../../../functions/core/assets/model.js';
import { assetJson, sensorJson } from '../../../functions/core/assets/serialize.js';

const asset: Asset = {
  id: 4, name: 'battery', genericAssetTypeId: 5, accountId: 1, latitude: 52, longitude: 4.5, parentAssetId: 2, attributes: { a: 1 },
  consumptionPriceSensorId: 7, productionPriceSensorId: null, inflexibleDeviceSensorIds: [8, 9],
};
const sensor: Sensor = {
  id: 7, name: 'prices', unit: 'EUR/MWh', timezone: 'Europe/Amsterdam', eventResolution: 3_600_000,
  knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON, genericAssetId: 4, accountId: null, attributes: {},
};

describe('FlexMeasures field names', () => {
  it("are the keys the API's asset and sensor objects use for those fields", () => {
    const assetKeys = Object.keys(assetJson(asset, { type: { id: 5, name: 'battery', description: null }, owner: null, children: [], sensors: [] }));
    const sensorKeys = Object.keys(sensorJson(sensor, 'ea1.2018-06.localhost:fm1.7'));
    // The API never shows an asset's inflexible sensors, nor a sensor's knowledge horizon or account.
    const shown = (fields: string[], hidden: string[]) => fields.filter((f) => !hidden.includes(f));
    for (const field of shown(Object.keys(asset), ['inflexibleDeviceSensorIds'])) expect(assetKeys).toContain(FLEXMEASURES_FIELD_NAMES[field as keyof Asset]);
    for (const field of shown(Object.keys(sensor), ['knowledgeHorizon', 'accountId'])) expect(sensorKeys).toContain(FLEXMEASURES_FIELD_NAMES[field as keyof Sensor]);
    expect(Object.values(FLEXMEASURES_FIELD_NAMES).every((name) => /^[a-z]+(_[a-z]+)*$/.test(name))).toBe(true);
  });

  it('rename every field of an asset or a sensor and keep the values as they are', () => {
    expect(withFlexMeasuresNames(asset)).toEqual({
      id: 4, name: 'battery', generic_asset_type_id: 5, account_id: 1, latitude: 52, longitude: 4.5, parent_asset_id: 2, attributes: { a: 1 },
      consumption_price_sensor_id: 7, production_price_sensor_id: null, inflexible_device_sensor_ids: [8, 9],
    });
    expect(withFlexMeasuresNames(sensor)).toEqual({
      id: 7, name: 'prices', unit: 'EUR/MWh', timezone: 'Europe/Amsterdam', event_resolution: 3_600_000,
      knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON, generic_asset_id: 4, account_id: null, attributes: {},
    });
  });
});
