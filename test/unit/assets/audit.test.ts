import { describe, it, expect } from '@jest/globals';
import { assetChanges, assetUpdateEvents, sensorChanges, sensorUpdateEvent } from '../../../functions/core/assets/audit.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Sensor } from '../../../functions/core/assets/model.js';

const asset: Asset = {
  id: 3,
  name: 'Test grid connected battery storage',
  genericAssetTypeId: 5,
  accountId: 1,
  latitude: 10,
  longitude: 100,
  parentAssetId: null,
  attributes: { 'some-attribute': 'some-value', sensors_to_show: [1, 2] },
  consumptionPriceSensorId: null,
  productionPriceSensorId: null,
  inflexibleDeviceSensorIds: [],
};

const sensor: Sensor = {
  id: 1,
  name: 'some gas sensor',
  unit: 'm³/h',
  timezone: 'UTC',
  eventResolution: 600_000,
  knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
  genericAssetId: 5,
  accountId: 2,
  attributes: {},
};

describe('asset PATCH audit events (docs/contract/api.md §7.10, §12.5 item 24)', () => {
  it('keeps only the fields that change (decision 0009)', () => {
    expect(assetChanges(asset, { latitude: 10, name: 'other', attributes: { sensors_to_show: [1, 2], 'some-attribute': 'some-value' } })).toEqual({
      name: 'other',
    });
  });

  it('writes one event per changed field and one per changed attribute key, with the old name', () => {
    const changes = assetChanges(asset, { latitude: 11.1, name: 'other' });
    expect(assetUpdateEvents(asset, changes)).toEqual([
      "Updated asset 'Test grid connected battery storage': 3; fields: Field: name, From: Test grid connected battery storage, To: other",
      "Updated asset 'Test grid connected battery storage': 3; fields: Field: latitude, From: 10.0, To: 11.1",
    ]);
    const attrs = assetChanges(asset, { attributes: { 'some-attribute': 'new', extra: [1] } });
    expect(assetUpdateEvents(asset, attrs)).toEqual([
      "Updated asset 'Test grid connected battery storage': 3; fields: Attr: some-attribute, From: some-value, To: new",
      "Updated asset 'Test grid connected battery storage': 3; fields: Attr: extra, From: None, To: [1]",
      "Updated asset 'Test grid connected battery storage': 3; fields: Attr: sensors_to_show, From: [1, 2], To: None",
    ]);
    expect(assetUpdateEvents(asset, { parentAssetId: 7 })).toEqual([
      "Updated asset 'Test grid connected battery storage': 3; fields: Field: parent_asset_id, From: None, To: 7",
    ]);
  });
});

describe('sensor PATCH audit event (docs/contract/api.md §6.5, §12.3 item 12)', () => {
  it('lists the changed fields in one event, Python-style', () => {
    const changes = sensorChanges(sensor, { name: 'Changed name', attributes: { test_attribute: 'test_attribute_value' }, unit: 'm³/h' });
    expect(changes).toEqual({ name: 'Changed name', attributes: { test_attribute: 'test_attribute_value' } });
    expect(sensorUpdateEvent(sensor, changes)).toBe(
      "Updated sensor 'some gas sensor': 1. Updated fields: Field name: name, Old value: some gas sensor, New value: Changed name; " +
        "Field name: attributes, Old value: {}, New value: {'test_attribute': 'test_attribute_value'}",
    );
    expect(sensorUpdateEvent(sensor, { eventResolution: 3_600_000 })).toBe(
      "Updated sensor 'some gas sensor': 1. Updated fields: Field name: event_resolution, Old value: 0:10:00, New value: 1:00:00",
    );
  });
});
