/**
 * Response schemas, documented responses and examples of the sensor endpoints (docs/contract/api.md §6). The
 * examples are sent by users of the docs/contract/api.md §12.0 fixture world ("some gas sensor" is sensor 1 on the
 * Supplier account's "incineration line"; the Prosumer battery is asset 3) and run through the local
 * runtime by the example test.
 */
import type { RouteDocs } from '../functions/openapi/types.js';
import { forbidden, rejectedFieldExample } from './examples.js';
import { requiredFields, withStatus } from './objects.js';

/** A sensor as the API returns it (SensorSchema, docs/contract/api.md §6.1). */
export const sensorResponse = requiredFields('Sensor', {
  attributes: { type: 'string', description: 'The attributes as a JSON-encoded object, e.g. `"{\\"capacity_in_mw\\": 2}"`; `"{}"` when there are none.' },
  entity_address: { type: 'string', description: '`ea1.<YYYY-MM>.<reversed host>:fm1.<id>`.' },
  event_resolution: { type: 'string', description: 'ISO 8601 duration (`PT15M`, `PT1H`, `P1D`; `P0D` for instantaneous sensors).' },
  generic_asset_id: { type: 'integer' },
  id: { type: 'integer' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  unit: { type: 'string' },
});

const gasSensor = {
  attributes: '{}',
  entity_address: 'ea1.2021-01.io.flexmeasures:fm1.1',
  event_resolution: 'PT10M',
  generic_asset_id: 1,
  id: 1,
  name: 'some gas sensor',
  timezone: 'UTC',
  unit: 'm³/h',
};

/** GET /api/v3_0/sensors. */
export const listSensorsDocs: RouteDocs = {
  responses: { 200: { description: 'The sensors on the assets of the account (public assets excluded).', schema: { type: 'array', items: sensorResponse } } },
  examples: [
    {
      summary: 'Sensors of the own account',
      as: 'test_supplier_user_4@seita.nl',
      response: {
        status: 200,
        body: [
          gasSensor,
          { ...gasSensor, entity_address: 'ea1.2021-01.io.flexmeasures:fm1.2', event_resolution: 'P0D', id: 2, name: 'some temperature sensor', unit: '°C' },
          { ...gasSensor, entity_address: 'ea1.2021-01.io.flexmeasures:fm1.3', event_resolution: 'P0D', id: 3, name: 'empty temperature sensor', unit: '°C' },
        ],
      },
    },
  ],
};

/** POST /api/v3_0/sensors. */
export const postSensorDocs: RouteDocs = {
  responses: { 201: { description: 'The new sensor (without a `status` key).', schema: sensorResponse } },
  examples: [
    {
      summary: 'Create a sensor',
      as: 'test_admin_user@seita.nl',
      body: { name: 'power', event_resolution: 'PT1H', unit: 'kWh', generic_asset_id: 3, attributes: '{"capacity_in_mw": 0.0074, "max_soc_in_mwh": 0.04, "min_soc_in_mwh": 0.008}' },
      response: {
        status: 201,
        body: {
          attributes: '{"capacity_in_mw": 0.0074, "max_soc_in_mwh": 0.04, "min_soc_in_mwh": 0.008}',
          entity_address: 'ea1.2021-01.io.flexmeasures:fm1.7',
          event_resolution: 'PT1H',
          generic_asset_id: 3,
          id: 7,
          name: 'power',
          timezone: 'UTC',
          unit: 'kWh',
        },
      },
    },
    {
      summary: 'On an asset of another account',
      as: 'test_supplier_user_4@seita.nl',
      body: { name: 'power', event_resolution: 'PT1H', unit: 'kWh', generic_asset_id: 3 },
      response: { status: 403, body: forbidden },
    },
  ],
};

/** GET /api/v3_0/sensors/<id>. */
export const getSensorDocs: RouteDocs = {
  responses: { 200: { description: 'The sensor.', schema: withStatus(sensorResponse, 200) } },
  examples: [
    { summary: 'A sensor', as: 'test_supplier_user_4@seita.nl', params: { id: 1 }, response: { status: 200, body: { ...gasSensor, status: 200 } } },
    { summary: 'A sensor of another account', as: 'test_prosumer_user_2@seita.nl', params: { id: 1 }, response: { status: 403, body: forbidden } },
    { summary: 'An unknown sensor', as: 'test_supplier_user_4@seita.nl', params: { id: 999 }, response: { status: 404, body: { message: 'Sensor 999 not found', status: 404 } } },
  ],
};

/** PATCH /api/v3_0/sensors/<id>. */
export const patchSensorDocs: RouteDocs = {
  responses: { 200: { description: 'The updated sensor.', schema: withStatus(sensorResponse, 200) } },
  examples: [
    {
      summary: 'Replace the attributes',
      as: 'test_admin_user@seita.nl',
      params: { id: 3 },
      body: { attributes: '{"test_attribute": "test_attribute_value"}' },
      response: {
        status: 200,
        body: {
          ...gasSensor,
          attributes: '{"test_attribute": "test_attribute_value"}',
          entity_address: 'ea1.2021-01.io.flexmeasures:fm1.3',
          event_resolution: 'P0D',
          id: 3,
          name: 'empty temperature sensor',
          unit: '°C',
          status: 200,
        },
      },
    },
    rejectedFieldExample({ summary: 'A read-only field', as: 'test_admin_user@seita.nl', id: 3, field: 'generic_asset_id', value: 8 }),
  ],
};

/** DELETE /api/v3_0/sensors/<id>. */
export const deleteSensorDocs: RouteDocs = {
  responses: { 204: { description: 'The sensor and all its data are gone.' } },
  examples: [
    { summary: 'An unknown sensor', as: 'test_admin_user@seita.nl', params: { id: 999 }, response: { status: 404, body: { message: 'Sensor 999 not found', status: 404 } } },
  ],
};
